"""News routes under /api/v1/news/ (public, read only)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from nama.outreach import news_api

router = SimpleRouter()
router.register("news", news_api.NewsViewSet, basename="api-news")

urlpatterns = [path("", include(router.urls))]
