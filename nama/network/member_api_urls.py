"""Member routes under /api/v1/network/ (included from nama.network.api_urls)."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import SimpleRouter

from nama.network import member_api

router = SimpleRouter()
router.register("network/members", member_api.MemberViewSet, basename="api-network-member")

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include(router.urls)),
    path(
        "network/member-counts/",
        member_api.MemberCountsView.as_view(),
        name="api-network-member-counts",
    ),
]
