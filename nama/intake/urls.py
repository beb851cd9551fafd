"""Staff pages of the intake, under /<language>/intake/."""

from django.urls import path

from nama.intake import call_views, views

app_name = "intake"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("call/", call_views.call, name="call"),
    path("call/find/", call_views.call_lookup, name="call_lookup"),
    path("call/done/", call_views.call_done, name="call_done"),
    path("call/requests/<int:pk>/", call_views.call_add, name="call_add"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/files/<uuid:uuid>/", views.evidence_download, name="evidence"),
    path("requests/<int:pk>/<slug:action>/", views.request_action, name="action"),
]
