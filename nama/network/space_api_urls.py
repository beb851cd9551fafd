"""The members' space API under /api/v1/network/posts/ (included from nama.network.api_urls)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from nama.network import space_api

router = SimpleRouter()
router.register("network/posts", space_api.PostViewSet, basename="api-network-post")

urlpatterns = [path("", include(router.urls))]
