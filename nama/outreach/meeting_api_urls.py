"""Meetings API routes under /api/v1/ (included from nama.outreach.api_urls)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from nama.outreach import meeting_api as api

router = SimpleRouter()
router.register("meetings", api.MeetingViewSet, basename="api-meeting")

urlpatterns = [
    path("commitments/", api.CommitmentsByInstitutionView.as_view(), name="api-commitments"),
    path("", include(router.urls)),
]
