"""Event routes under /api/v1/events/ (public, read only) and the registrations (staff)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from nama.outreach import event_api

router = SimpleRouter()
router.register("events", event_api.EventViewSet, basename="api-events")

urlpatterns = [
    path(
        "events/<int:pk>/registrations/",
        event_api.EventRegistrationsView.as_view(),
        name="api-event-registrations",
    ),
    path("", include(router.urls)),
]
