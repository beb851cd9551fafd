"""Public "follow my request" pages, behind the tracking code."""

from django.urls import URLPattern, path

from nama.portal import tracking_views

urlpatterns: list[URLPattern] = [
    path("track/", tracking_views.track, name="track"),
    path("track/request/", tracking_views.track_request, name="track_request"),
    path("track/leave/", tracking_views.track_leave, name="track_leave"),
]
