"""The members API under /api/v1/network/: members and their de-identified counts.

Scoped exactly like the pages (``nama.network.member_selectors``): the
training coordinator and the director list every member, trainers the
accepted members of their governorates, anyone else an empty list, and one
member out of scope answers 404. Keys follow ``nama.network.access``:
``email``, ``phone`` and ``motivation`` only for those who may see contacts,
``risk_level`` and ``protection_notes`` only for those who may see
protection data; for everyone else the keys are absent (not null). Every
response carrying contacts or protection data is audited. Names are never a
query parameter. Nothing is cached.

``member-counts/`` gives accepted members by governorate and by area of work
with small counts hidden (``nama.reports.disclosure``), for network staff and
report staff (analysts); anyone else gets 403.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from nama.core.audit import log_action
from nama.core.models import Governorate
from nama.network import access
from nama.network.member_selectors import (
    MemberFilters,
    area_terms,
    member_counts,
    member_filter,
    member_list_for_user,
)
from nama.network.models import Member, MemberKind, MemberLanguage, MemberStatus
from nama.reports.disclosure import default_threshold

CONTACT_FIELDS = ("email", "phone", "motivation")
PROTECTION_FIELDS = ("risk_level", "protection_notes")


class MemberSerializer(serializers.ModelSerializer[Member]):
    """A member as staff see them; contact and protection keys are removed for
    readers who may not see them (``context["contacts"]``, ``["protection"]``)."""

    reference = serializers.CharField(read_only=True)
    governorate: serializers.SlugRelatedField[Governorate] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    areas_of_work = serializers.SerializerMethodField()
    has_account = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "id",
            "reference",
            "kind",
            "status",
            "name",
            "sex",
            "birth_year",
            "governorate",
            "organisation",
            "areas_of_work",
            "languages",
            "skills",
            "has_account",
            "created_at",
            *CONTACT_FIELDS,
            *PROTECTION_FIELDS,
        ]

    def get_areas_of_work(self, member: Member) -> list[str]:
        return [term.code for term in member.areas_of_work.all()]

    def get_has_account(self, member: Member) -> bool:
        return member.user_id is not None

    def to_representation(self, instance: Member) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        if not self.context.get("contacts"):
            for name in CONTACT_FIELDS:
                data.pop(name, None)
        if not self.context.get("protection"):
            for name in PROTECTION_FIELDS:
                data.pop(name, None)
        return data


FILTERS = [
    OpenApiParameter("kind", OpenApiTypes.STR, enum=MemberKind.values),
    OpenApiParameter("governorate", OpenApiTypes.STR, description="governorate slug"),
    OpenApiParameter("area", OpenApiTypes.STR, description="code (vocabulary right_affected)"),
    OpenApiParameter("language", OpenApiTypes.STR, enum=MemberLanguage.values),
    OpenApiParameter("skill", OpenApiTypes.STR, description="part of the skills text"),
    OpenApiParameter("status", OpenApiTypes.STR, enum=MemberStatus.values),
]


@extend_schema_view(list=extend_schema(parameters=FILTERS))
class MemberViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Member]
):
    serializer_class = MemberSerializer

    def get_queryset(self) -> QuerySet[Member]:
        members = member_list_for_user(user=self.request.user).prefetch_related("areas_of_work")
        if self.action != "list":
            return members
        params = self.request.query_params
        governorate = (
            Governorate.objects.filter(slug=params["governorate"]).first()
            if params.get("governorate")
            else None
        )
        area = area_terms().filter(code=params["area"]).first() if params.get("area") else None
        if (params.get("governorate") and governorate is None) or (
            params.get("area") and area is None
        ):
            return members.none()
        filters = MemberFilters(
            kind=params.get("kind", "") if params.get("kind") in MemberKind.values else "",
            governorate=governorate,
            area=area,
            language=params.get("language", "")[:8],
            skill=params.get("skill", "")[:100],
            status=params.get("status", "") if params.get("status") in MemberStatus.values else "",
        )
        return member_filter(members, filters).order_by("-created_at", "-pk")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["contacts"] = access.can_see_contacts(self.request.user)
        context["protection"] = access.can_see_protection(self.request.user)
        return context

    def _audit(self, ids: list[int]) -> None:
        contacts = access.can_see_contacts(self.request.user)
        protection = access.can_see_protection(self.request.user)
        if ids and (contacts or protection):
            log_action(
                self.request.user,
                "network.member.api_read",
                None,
                {"members": ids, "contacts": contacts, "protection": protection},
            )

    def list(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        self._audit([row["id"] for row in response.data.get("results", [])])
        return response

    def retrieve(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        self._audit([response.data["id"]])
        return response

    def finalize_response(
        self, request: ApiRequest, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"
        return response


class MemberCountsView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("by", OpenApiTypes.STR, enum=["governorate", "area"]),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: ApiRequest) -> Response:
        if not access.can_see_reports_counts(request.user):
            raise PermissionDenied
        wanted = request.query_params.get("by", "")
        dimensions = [wanted] if wanted in ("governorate", "area") else ["governorate", "area"]
        body = {
            "threshold": default_threshold(),
            "tables": {name: member_counts(by=name) for name in dimensions},
        }
        response = Response(body)
        response["Cache-Control"] = "no-store, private"
        return response
