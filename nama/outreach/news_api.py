"""The public news API: ``GET /api/v1/news/`` and ``GET /api/v1/news/<id>/``.

Anyone (no login needed) reads published news and statements, each with all
its language versions (Arabic first); anything not published is 404, for
everyone, staff included (staff use the outreach pages). Read only: writing
goes through the staff pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.throttling import AnonRateThrottle

from nama.outreach.models import NewsItem, NewsKind, NewsTranslation
from nama.outreach.news_selectors import news_published
from nama.outreach.news_services import LANGUAGES

__all__ = ["NewsViewSet"]


class NewsVersionSerializer(serializers.ModelSerializer[NewsTranslation]):
    language = serializers.CharField(read_only=True, help_text="ar, en or ckb")
    body = serializers.CharField(read_only=True, help_text="sanitised HTML")

    class Meta:
        model = NewsTranslation
        fields = ["language", "title", "summary", "body", "image_alt"]


class NewsVersionSummarySerializer(NewsVersionSerializer):
    class Meta(NewsVersionSerializer.Meta):
        fields = ["language", "title", "summary", "image_alt"]


class NewsSerializer(serializers.ModelSerializer[NewsItem]):
    kind = serializers.CharField(read_only=True, help_text="news or statement")
    governorate = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()

    class Meta:
        model = NewsItem
        fields = [
            "id",
            "kind",
            "published_at",
            "updated_at",
            "governorate",
            "url",
            "image",
            "versions",
        ]

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_governorate(self, item: NewsItem) -> str | None:
        return item.governorate.slug if item.governorate else None

    def get_url(self, item: NewsItem) -> str:
        return self._absolute(reverse("portal:news_item", args=[item.pk]))

    def get_image(self, item: NewsItem) -> str | None:
        return self._absolute(reverse("portal:news_image", args=[item.pk])) if item.image else None

    @extend_schema_field(NewsVersionSummarySerializer(many=True))
    def get_versions(self, item: NewsItem) -> list[dict[str, Any]]:
        return _versions(item, NewsVersionSummarySerializer)


class NewsDetailSerializer(NewsSerializer):
    @extend_schema_field(NewsVersionSerializer(many=True))
    def get_versions(self, item: NewsItem) -> list[dict[str, Any]]:
        return _versions(item, NewsVersionSerializer)


def _versions(item: NewsItem, serializer: type[NewsVersionSerializer]) -> list[dict[str, Any]]:
    order = {language: i for i, language in enumerate(LANGUAGES)}
    versions = sorted(item.translations.all(), key=lambda v: order.get(v.language, 99))
    return list(serializer(versions, many=True).data)


class NewsThrottle(AnonRateThrottle):
    scope = "news_api"
    rate = "120/minute"


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("kind", OpenApiTypes.STR, enum=NewsKind.values)],
        description="Published news and statements, newest first, with every language version.",
    ),
    retrieve=extend_schema(description="One published item with the text of every version."),
)
class NewsViewSet(viewsets.ReadOnlyModelViewSet[NewsItem]):
    permission_classes = [AllowAny]
    throttle_classes = [NewsThrottle]

    def get_serializer_class(self) -> Any:
        return NewsDetailSerializer if self.action == "retrieve" else NewsSerializer

    def get_queryset(self) -> QuerySet[NewsItem]:
        kind = self.request.query_params.get("kind", "")
        return news_published(kind=kind if kind in NewsKind.values else "")
