"""Public events: list, month calendar, iCal, one event with registration, cancelling."""

from django.urls import URLPattern, path

from nama.portal import event_ical, event_views

urlpatterns: list[URLPattern] = [
    path("events/", event_views.event_list, name="events"),
    path("events/calendar/", event_views.events_calendar, name="events_calendar"),
    path("events/calendar.ics", event_ical.events_ical, name="events_ical"),
    path("events/cancel/", event_views.cancel_registration, name="event_cancel_start"),
    path("events/cancel/<str:code>/", event_views.cancel_link, name="event_cancel"),
    path("events/<int:pk>/", event_views.event_detail, name="event"),
    path("events/<int:pk>/registered/", event_views.event_registered, name="event_registered"),
    path("events/<int:pk>/event.ics", event_ical.event_ics, name="event_ics"),
    path("events/<int:pk>/image/", event_views.event_image, name="event_image"),
]
