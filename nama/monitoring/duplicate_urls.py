"""The review of possible duplicates (joined under ``monitoring:`` in nama/monitoring/urls.py)."""

from django.urls import path

from nama.monitoring import duplicate_views

urlpatterns = [
    path("duplicates/", duplicate_views.duplicate_list, name="duplicates"),
    path("duplicates/<int:pk>/", duplicate_views.duplicate_detail, name="duplicate"),
    path(
        "duplicates/<int:pk>/<slug:action>/",
        duplicate_views.duplicate_action,
        name="duplicate_action",
    ),
]
