"""The library API under /api/v1/library/resources/.

Reads go through ``nama.library.selectors``: anyone (no login needed) lists
and reads public resources; staff of the library section also internal ones;
anything else is 404. Writes (POST, PATCH, DELETE) go through
``nama.library.services`` and need a library manager (editor or training
coordinator); other callers get 403 (401 without credentials).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response

from nama.core.models import Term
from nama.library import selectors, services
from nama.library.access import can_manage_library
from nama.library.api_serializers import (
    ResourceDetailSerializer,
    ResourceSerializer,
    ResourceWriteSerializer,
)
from nama.library.models import Collection, Resource, ResourceType


class ReadOrManage(BasePermission):
    """Reading: anyone (the selector scopes it); writing: authenticated managers."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if not IsAuthenticated().has_permission(request, view):
            return False
        if not can_manage_library(request.user):
            raise PermissionDenied
        return True


FILTERS = [
    OpenApiParameter(
        "topic", OpenApiTypes.STR, description="topic code (vocabulary library_topic)"
    ),
    OpenApiParameter("collection", OpenApiTypes.STR, description="collection slug"),
    OpenApiParameter("type", OpenApiTypes.STR, enum=ResourceType.values),
    OpenApiParameter("language", OpenApiTypes.STR, enum=["ar", "en", "ckb"]),
]


@extend_schema_view(
    list=extend_schema(parameters=FILTERS),
    create=extend_schema(request=ResourceWriteSerializer, responses=ResourceDetailSerializer),
    partial_update=extend_schema(
        request=ResourceWriteSerializer, responses=ResourceDetailSerializer
    ),
)
class ResourceViewSet(viewsets.ModelViewSet[Resource]):
    permission_classes = [ReadOrManage]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_permissions(self) -> list[BasePermission]:
        if self.request.method in SAFE_METHODS:
            return [AllowAny()]
        return [ReadOrManage()]

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return ResourceSerializer
        return ResourceDetailSerializer

    def get_queryset(self) -> QuerySet[Resource]:
        resources = selectors.resource_list_for_user(user=self.request.user).prefetch_related(
            "topics"
        )
        if self.action != "list":
            return resources
        params = self.request.query_params
        topic = Term.objects.of("library_topic").filter(code=params.get("topic", "")).first()
        collection = Collection.objects.filter(slug=params.get("collection", "")).first()
        if (params.get("topic") and topic is None) or (
            params.get("collection") and collection is None
        ):
            return resources.none()
        return selectors.resource_filter(
            resources,
            topic=topic,
            collection=collection,
            resource_type=params.get("type", "")
            if params.get("type") in ResourceType.values
            else "",
            language=params.get("language", "")[:8],
        )

    def _write(self, request: ApiRequest, resource: Resource | None) -> Response:
        partial = resource is not None
        serializer = ResourceWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        topics = data.pop("topics", None)
        code: int
        try:
            if resource is None:
                resource = services.resource_create(by=request.user, data=data, topics=topics or [])
                code = status.HTTP_201_CREATED
            else:
                resource = services.resource_update(
                    resource=resource, by=request.user, data=data, topics=topics
                )
                code = status.HTTP_200_OK
        except DjangoPermissionDenied as error:
            raise PermissionDenied from error
        resource = selectors.resource_get_for_user(user=request.user, pk=resource.pk)
        return Response(ResourceDetailSerializer(resource).data, status=code)

    def create(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        return self._write(request, None)

    def partial_update(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        return self._write(request, self.get_object())

    def update(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        resource = self.get_object()
        try:
            services.resource_delete(resource=resource, by=request.user)
        except DjangoPermissionDenied as error:
            raise PermissionDenied from error
        return Response(status=status.HTTP_204_NO_CONTENT)
