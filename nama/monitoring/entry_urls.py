"""URLs of the event entry page (joined in nama/monitoring/urls.py)."""

from django.urls import path

from nama.monitoring import entry_views

urlpatterns = [
    path("events/new/", entry_views.event_new, name="event_new"),
    path("events/new/row/<str:kind>/", entry_views.entry_row, name="entry_row"),
]
