"""The meetings API under /api/v1/: ``meetings/`` (list, detail) and ``commitments/``
(open commitments by institution, with what was kept and broken).

Read-only, for the staff who may use the meeting pages (editors and the
director, ``nama.outreach.meeting_access``); everyone else who is logged in
gets 404 on every endpoint, lists included, and an anonymous caller 401/403
like every other staff endpoint. Scoped exactly like the pages: a restricted
meeting is 404 to staff who were not present, linked events appear only to
those who may open them and defenders' names never (only how many). Nothing
is cached.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from nama.outreach.meeting_access import can_use_meetings
from nama.outreach.meeting_selectors import (
    MeetingFilters,
    event_links_for_user,
    linkable_reports,
    meeting_get_for_user,
    meeting_list_for_user,
    open_commitments_by_institution,
)
from nama.outreach.models.meetings import Commitment, FollowUp, Institution, Meeting

# ---------------------------------------------------------------------------
# Serializers


class InstitutionSerializer(serializers.ModelSerializer[Institution]):
    governorate: Any = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Institution
        fields = ["id", "name_ar", "name_en", "name_ckb", "kind", "governorate"]


class CommitmentSerializer(serializers.ModelSerializer[Commitment]):
    class Meta:
        model = Commitment
        fields = ["id", "meeting", "institution", "text", "made_by", "status", "due_on", "notes"]


class FollowUpSerializer(serializers.ModelSerializer[FollowUp]):
    owner: Any = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = FollowUp
        fields = ["id", "commitment", "text", "owner", "due_on", "status", "done_at"]


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    institution = InstitutionSerializer(read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "held_on", "institution", "title", "confidentiality"]


class MeetingDetailSerializer(MeetingSerializer):
    staff_present: Any = serializers.SlugRelatedField(
        slug_field="username", many=True, read_only=True
    )
    topics: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    linked_defenders = serializers.SerializerMethodField()
    reports = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    commitments = CommitmentSerializer(many=True, read_only=True)
    followups = FollowUpSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "officials",
            "staff_present",
            "linked_defenders",
            "other_defenders",
            "topics",
            "topics_text",
            "summary",
            "reports",
            "events",
            "commitments",
            "followups",
        ]

    def get_linked_defenders(self, meeting: Meeting) -> int:
        """How many members of the network attended (names stay in the network)."""
        return meeting.defenders.count()

    def get_reports(self, meeting: Meeting) -> list[str]:
        user = self.context["request"].user
        readable = linkable_reports(user=user).values("pk")
        return list(meeting.reports.filter(pk__in=readable).values_list("reference", flat=True))

    def get_events(self, meeting: Meeting) -> list[str]:
        user = self.context["request"].user
        return [event.reference for event in event_links_for_user(user=user, meeting=meeting)]


class OpenCommitmentSerializer(serializers.ModelSerializer[Commitment]):
    meeting_held_on = serializers.DateField(source="meeting.held_on", read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)

    class Meta:
        model = Commitment
        fields = ["id", "meeting", "meeting_held_on", "meeting_title", "text", "status", "due_on"]


class InstitutionCommitmentsSerializer(InstitutionSerializer):
    open = serializers.IntegerField(source="open_count")
    overdue = serializers.IntegerField(source="overdue_count")
    fulfilled = serializers.IntegerField(source="fulfilled_count")
    broken = serializers.IntegerField(source="broken_count")
    withdrawn = serializers.IntegerField(source="withdrawn_count")
    open_commitments = OpenCommitmentSerializer(many=True)

    class Meta(InstitutionSerializer.Meta):
        fields = [
            *InstitutionSerializer.Meta.fields,
            "open",
            "overdue",
            "fulfilled",
            "broken",
            "withdrawn",
            "open_commitments",
        ]


# ---------------------------------------------------------------------------
# Views


class _MeetingStaffOnly:
    """Logged-in callers without a meeting role learn nothing: 404."""

    def initial(self, request: ApiRequest, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if not can_use_meetings(request.user):
            raise NotFound

    def finalize_response(
        self, request: ApiRequest, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response["Cache-Control"] = "no-store, private"
        return response


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("institution", OpenApiTypes.INT),
            OpenApiParameter("governorate", OpenApiTypes.STR, description="governorate slug"),
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
            OpenApiParameter("topic", OpenApiTypes.STR, description="right_affected code"),
        ]
    )
)
class MeetingViewSet(
    _MeetingStaffOnly,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Meeting],
):
    def get_serializer_class(self) -> Any:
        return MeetingSerializer if self.action == "list" else MeetingDetailSerializer

    def get_queryset(self) -> QuerySet[Meeting]:
        params = self.request.query_params
        date_field = serializers.DateField()

        def day(name: str) -> Any:
            try:
                return date_field.to_internal_value(params[name]) if params.get(name) else None
            except serializers.ValidationError:
                return None

        institution = params.get("institution", "")
        filters = MeetingFilters(
            institution=int(institution) if institution.isdigit() else None,
            governorate=params.get("governorate", "")[:50],
            period_start=day("from"),
            period_end=day("to"),
            topic=params.get("topic", "")[:16],
        )
        return meeting_list_for_user(user=self.request.user, filters=filters)

    def get_object(self) -> Meeting:
        return meeting_get_for_user(user=self.request.user, pk=self.kwargs["pk"])


class CommitmentsByInstitutionView(_MeetingStaffOnly, APIView):
    """Open commitments by institution, with counts of those kept and broken."""

    @extend_schema(responses=InstitutionCommitmentsSerializer(many=True))
    def get(self, request: ApiRequest) -> Response:
        rows = open_commitments_by_institution(user=request.user)
        return Response({"results": InstitutionCommitmentsSerializer(rows, many=True).data})
