"""Intake routes under /api/v1/ (included from nama.core.api_urls)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from nama.intake import api, api_public

router = SimpleRouter()
router.register("intake/requests", api.RequestViewSet, basename="intake-request")

urlpatterns = [
    path("public/complaints/", api_public.ComplaintView.as_view(), name="api-public-complaints"),
    path("public/track/", api_public.TrackView.as_view(), name="api-public-track"),
    path(
        "public/track/messages/",
        api_public.TrackMessageView.as_view(),
        name="api-public-track-messages",
    ),
    path("", include(router.urls)),
]
