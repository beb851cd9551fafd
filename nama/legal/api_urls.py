"""Legal routes under /api/v1/legal/ (included from nama.core.api_urls)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from nama.legal import api

router = SimpleRouter()
router.register("legal/cases", api.CaseViewSet, basename="legal-case")
router.register("legal/consultations", api.ConsultationViewSet, basename="legal-consultation")
router.register("legal/hearings", api.HearingViewSet, basename="legal-hearing")

urlpatterns = [
    path(
        "legal/me/calendar-token/",
        api.CalendarTokenView.as_view(),
        name="api-legal-calendar-token",
    ),
    path("", include(router.urls)),
]
