"""API endpoints for reference data (public, read-only) and the current user."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nama.core import api_schema  # noqa: F401 - registers the OpenAPI auth extension
from nama.core.models import Governorate, Term, Vocabulary


class GovernorateSerializer(serializers.ModelSerializer[Governorate]):
    class Meta:
        model = Governorate
        fields = ["slug", "iso_code", "name_ar", "name_en", "name_ckb", "kurdistan_region"]


class TermSerializer(serializers.ModelSerializer[Term]):
    parent: serializers.SlugRelatedField[Term] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code", read_only=True
    )

    class Meta:
        model = Term
        fields = ["code", "parent", "name_ar", "name_en", "name_ckb", "retired_at"]


class VocabularySerializer(serializers.ModelSerializer[Vocabulary]):
    terms = TermSerializer(many=True, read_only=True)

    class Meta:
        model = Vocabulary
        fields = ["key", "huridocs", "name_ar", "name_en", "name_ckb", "terms"]


class GovernorateViewSet(viewsets.ReadOnlyModelViewSet[Governorate]):
    """Iraq's 19 governorates (public reference data)."""

    permission_classes = [AllowAny]
    serializer_class = GovernorateSerializer
    queryset = Governorate.objects.all()
    lookup_field = "slug"
    pagination_class = None


class VocabularyViewSet(viewsets.ReadOnlyModelViewSet[Vocabulary]):
    """Controlled vocabularies with their terms, retired ones included and marked."""

    permission_classes = [AllowAny]
    serializer_class = VocabularySerializer
    lookup_field = "key"
    pagination_class = None

    def get_queryset(self) -> QuerySet[Vocabulary]:
        terms = Term.objects.select_related("parent").order_by("sort_order", "code")
        return Vocabulary.objects.prefetch_related(Prefetch("terms", queryset=terms))


class MeSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    governorates = serializers.ListField(child=serializers.CharField())


class MeView(APIView):
    """Who the API thinks you are: username, roles and governorate scope."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        from nama.core.roles import roles_of

        user = request.user
        data = {
            "username": user.get_username(),
            "roles": sorted(roles_of(user)),
            "governorates": sorted(user.governorates.values_list("slug", flat=True)),  # type: ignore[union-attr]
        }
        return Response(MeSerializer(data).data)
