"""Staff pages of public events (namespace ``outreach``)."""

from django.urls import URLPattern, path

from nama.outreach import event_views

urlpatterns: list[URLPattern] = [
    path("events/", event_views.event_list, name="events"),
    path("events/add/", event_views.event_create, name="event_create"),
    path("events/<int:pk>/", event_views.event_detail, name="event"),
    path("events/<int:pk>/edit/", event_views.event_edit, name="event_edit"),
    path("events/<int:pk>/publish/", event_views.event_publish, name="event_publish"),
    path("events/<int:pk>/cancel/", event_views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/image/", event_views.event_image, name="event_image"),
    path(
        "events/<int:pk>/registrations/",
        event_views.event_registrations,
        name="event_registrations",
    ),
    path(
        "events/<int:pk>/registrations.csv",
        event_views.event_registrations_csv,
        name="event_registrations_csv",
    ),
    path("events/<int:pk>/attendance/", event_views.event_attendance, name="event_attendance"),
]
