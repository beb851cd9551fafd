"""Monitoring routes under /api/v1/monitoring/ (included from nama.core.api_urls)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from nama.monitoring import api

router = SimpleRouter()
router.register("monitoring/events", api.EventViewSet, basename="monitoring-event")
router.register("monitoring/persons", api.PersonViewSet, basename="monitoring-person")
router.register("monitoring/acts", api.ActViewSet, basename="monitoring-act")
router.register(
    "monitoring/involvements", api.InvolvementViewSet, basename="monitoring-involvement"
)
router.register("monitoring/information", api.InformationViewSet, basename="monitoring-information")
router.register(
    "monitoring/interventions", api.InterventionViewSet, basename="monitoring-intervention"
)

urlpatterns = [
    path("", include(router.urls)),
]
