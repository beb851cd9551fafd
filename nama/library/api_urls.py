"""Library routes under /api/v1/library/ (included from nama.core.api_urls)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from nama.library import api

router = SimpleRouter()
router.register("library/resources", api.ResourceViewSet, basename="library-resource")

urlpatterns = [path("", include(router.urls))]
