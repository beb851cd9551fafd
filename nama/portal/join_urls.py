"""Public "join the network" form."""

from django.urls import URLPattern, path

from nama.portal import join_views

urlpatterns: list[URLPattern] = [
    path("join/", join_views.join, name="join"),
    path("join/done/", join_views.join_done, name="join_done"),
]
