"""The members' space API under /api/v1/network/posts/.

Members list their feed (approved posts and their own pending ones), read a
post and write one (JSON; photos are added on the web page). Moderators read
the moderation queue at ``queue/``. Nobody else learns anything: 401/403
without credentials, 404 for staff without a member record and for members
asking for the queue. The author of a pseudonymous post is only ever the
pseudonym; moderators get the member reference, never the name.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response

from nama.network import space_selectors as selectors
from nama.network import space_services as services
from nama.network.models import Post, PostKind, PostLanguage
from nama.network.space_access import can_moderate, member_of


class PhotoSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    url = serializers.SerializerMethodField()
    alt = serializers.CharField(source="alt_text")

    def get_url(self, photo: Any) -> str:
        return reverse("space:photo", args=[photo.pk])


class PostSerializer(serializers.ModelSerializer[Post]):
    """A post as members see it: ``author`` is the pseudonym when there is one."""

    author = serializers.CharField(source="shown_author", read_only=True)
    is_mine = serializers.SerializerMethodField()
    comment_count = serializers.IntegerField(read_only=True, default=0)
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Post
        fields = [
            "id",
            "kind",
            "language",
            "title",
            "body",
            "author",
            "is_mine",
            "status",
            "links",
            "photos",
            "comment_count",
            "created_at",
            "published_at",
        ]
        read_only_fields = fields

    def get_is_mine(self, post: Post) -> bool:
        member = self.context.get("member")
        return bool(member and post.author_id == member.pk)


class QueuePostSerializer(serializers.ModelSerializer[Post]):
    """A post as moderators see it: the member reference, not the name."""

    reference = serializers.CharField(read_only=True)
    author = serializers.CharField(source="moderator_author", read_only=True)
    open_reports = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Post
        fields = [
            "id",
            "reference",
            "kind",
            "language",
            "title",
            "body",
            "author",
            "status",
            "links",
            "open_reports",
            "created_at",
        ]
        read_only_fields = fields


class PostWriteSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=PostKind.choices)
    language = serializers.ChoiceField(choices=PostLanguage.choices)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=20000)
    pseudonym = serializers.CharField(max_length=60, required=False, allow_blank=True)
    links = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, max_length=5
    )


FILTERS = [
    OpenApiParameter("kind", OpenApiTypes.STR, enum=PostKind.values),
    OpenApiParameter("language", OpenApiTypes.STR, enum=PostLanguage.values),
]


@extend_schema_view(
    list=extend_schema(parameters=FILTERS),
    create=extend_schema(request=PostWriteSerializer, responses=PostSerializer),
    queue=extend_schema(responses=QueuePostSerializer(many=True)),
)
class PostViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Post],
):
    serializer_class = PostSerializer

    def _member(self) -> Any:
        member = member_of(self.request.user)
        if member is None:
            raise NotFound
        return member

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["member"] = member_of(self.request.user)
        return context

    def get_queryset(self) -> QuerySet[Post]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Post.objects.none()
        self._member()
        params = self.request.query_params
        kind = params.get("kind", "")
        language = params.get("language", "")
        return selectors.post_feed_for_member(
            user=self.request.user,
            kind=kind if kind in PostKind.values else "",
            language=language if language in PostLanguage.values else "",
        )

    def get_object(self) -> Post:
        return selectors.post_get_for_member(user=self.request.user, pk=self.kwargs["pk"])

    def create(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        self._member()
        serializer = PostWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            post = services.post_create(by=request.user, **serializer.validated_data)
        except DjangoPermissionDenied as error:
            raise NotFound from error
        except DjangoValidationError as error:
            if getattr(error, "code", None) == "rate_limited":
                raise Throttled(detail=str(services.TOO_MANY)) from error
            detail = error.message_dict if hasattr(error, "error_dict") else error.messages
            raise ApiValidationError(detail) from error
        post = selectors.post_get_for_member(user=request.user, pk=post.pk)
        return Response(self.get_serializer(post).data, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["get"], serializer_class=QueuePostSerializer)
    def queue(self, request: ApiRequest) -> Response:
        """Moderators: pending posts and posts with open reports, oldest first."""
        if not can_moderate(request.user):
            raise NotFound
        items = selectors.moderation_queue(user=request.user)
        page = self.paginate_queryset([item.post for item in items])  # type: ignore[arg-type]
        data = QueuePostSerializer(page if page is not None else [], many=True).data
        return self.get_paginated_response(data)
