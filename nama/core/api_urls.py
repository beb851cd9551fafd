"""The REST API: version 1 under /api/v1/, the OpenAPI schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from nama.core import api
from nama.searchindex.api import SearchView

router = DefaultRouter()
router.APIRootView.permission_classes = [AllowAny]
router.register("governorates", api.GovernorateViewSet, basename="governorate")
router.register("vocabularies", api.VocabularyViewSet, basename="vocabulary")

urlpatterns = [
    path("v1/me/", api.MeView.as_view(), name="api-me"),
    path("v1/", include("nama.intake.api_urls")),
    path("v1/", include("nama.monitoring.api_urls")),
    path("v1/", include("nama.legal.api_urls")),
    path("v1/", include("nama.library.api_urls")),
    path("v1/", include("nama.reports.api_urls")),
    path("v1/", include("nama.network.api_urls")),
    path("v1/", include("nama.outreach.api_urls")),
    path("v1/search/", SearchView.as_view(), name="api-search"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[AllowAny]),
        name="api-docs",
    ),
]
