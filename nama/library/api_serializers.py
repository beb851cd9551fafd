"""Serializers of the library API (``nama.library.api``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from nama.core.models import Term
from nama.library.models import (
    Audience,
    Collection,
    Resource,
    ResourceLanguage,
    Visibility,
)


class ResourceSerializer(serializers.ModelSerializer[Resource]):
    """A resource as readers see it; ``body`` only on a single resource."""

    topics = serializers.SerializerMethodField()
    collection = serializers.SerializerMethodField()
    type = serializers.CharField(source="resource_type", read_only=True)
    url = serializers.SerializerMethodField()
    file = serializers.SerializerMethodField()

    class Meta:
        model = Resource
        fields = [
            "id",
            "title",
            "summary",
            "language",
            "topics",
            "audience",
            "visibility",
            "collection",
            "position",
            "authors",
            "published_on",
            "type",
            "video_url",
            "file",
            "extraction_status",
            "url",
            "created_at",
            "updated_at",
        ]

    def get_topics(self, resource: Resource) -> list[str]:
        return [term.code for term in resource.topics.all()]

    def get_collection(self, resource: Resource) -> str | None:
        return resource.collection.slug if resource.collection else None

    def get_url(self, resource: Resource) -> str:
        return reverse("portal:library_resource", args=[resource.pk])

    def get_file(self, resource: Resource) -> dict[str, Any] | None:
        if not resource.file:
            return None
        return {
            "name": resource.file_name,
            "size": resource.file_size,
            "content_type": resource.file_content_type,
            "sha256": resource.file_sha256,
            "url": reverse("portal:library_download", args=[resource.pk]),
        }


class ResourceDetailSerializer(ResourceSerializer):
    class Meta(ResourceSerializer.Meta):
        fields = [*ResourceSerializer.Meta.fields, "body"]


def _topic_codes() -> Any:
    return Term.objects.of("library_topic").active()


class ResourceWriteSerializer(serializers.Serializer[Any]):
    """What a library manager sends to add or change a resource (files: use the pages)."""

    title = serializers.CharField(max_length=300)
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    body = serializers.CharField(max_length=500_000, required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=ResourceLanguage.choices, default="ar")
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    audience = serializers.ChoiceField(choices=Audience.choices, default=Audience.GENERAL)
    topics = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=_topic_codes()
    )
    collection = serializers.SlugRelatedField(
        slug_field="slug",
        required=False,
        allow_null=True,
        queryset=Collection.objects.all(),
    )
    position = serializers.IntegerField(min_value=0, required=False, default=0)
    authors = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    published_on = serializers.DateField(required=False, allow_null=True, default=None)
    video_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")

    def validate_video_url(self, value: str) -> str:
        if value and not value.lower().startswith("https://"):
            raise serializers.ValidationError(_("Give a link that starts with https://."))
        return value
