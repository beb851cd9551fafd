"""Serializers of the legal API (``nama.legal.api``).

``CaseDetailSerializer`` carries the client's identity, the court case number,
the opposing party and the notes only for ``selectors.can_read_notes`` (the
coordinator and the assigned lawyer); ``ConsultationSerializer`` leaves out who
asked for readers who are neither the coordinator, a lawyer nor the one who
logged it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from nama.core.models import Governorate, Term
from nama.core.roles import Role, has_role
from nama.legal import selectors as sel
from nama.legal.models import (
    CalendarItem,
    CaseOutcome,
    CaseStatus,
    Consultation,
    ItemKind,
    LegalCase,
    TimeEntry,
)


def _service_field(**kwargs: Any) -> Any:
    return serializers.SlugRelatedField(
        slug_field="code", queryset=Term.objects.of("legal_service").active(), **kwargs
    )


class CaseSerializer(serializers.ModelSerializer[LegalCase]):
    """A case as every reader in scope sees it (no client, no notes)."""

    governorate: Any = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    service: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    lawyer: Any = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = LegalCase
        fields = [
            "id",
            "reference",
            "status",
            "outcome",
            "governorate",
            "service",
            "subject",
            "court",
            "lawyer",
            "opened_on",
            "closed_on",
        ]
        read_only_fields = fields


class LegalClientSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()
    id_number = serializers.CharField()


class CaseNoteSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    body = serializers.CharField(max_length=20000)
    author: Any = serializers.CharField(source="author.username", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class CalendarItemSerializer(serializers.ModelSerializer[CalendarItem]):
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    lawyer: Any = serializers.CharField(
        source="case.lawyer.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = CalendarItem
        fields = [
            "id",
            "kind",
            "title",
            "starts_at",
            "due_on",
            "place",
            "done_at",
            "case",
            "case_reference",
            "lawyer",
        ]
        read_only_fields = fields


class CaseDetailSerializer(CaseSerializer):
    """Identity, court case number, opposing party and notes only for
    ``selectors.can_read_notes`` (null or absent otherwise)."""

    summary = serializers.CharField(read_only=True)
    court_case_number = serializers.SerializerMethodField()
    opposing_party = serializers.SerializerMethodField()
    client = serializers.SerializerMethodField()
    may_read_notes = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()
    calendar = serializers.SerializerMethodField()
    hours = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "summary",
            "court_case_number",
            "opposing_party",
            "client",
            "may_read_notes",
            "notes",
            "calendar",
            "hours",
        ]
        read_only_fields = fields

    def _privileged(self, case: LegalCase) -> bool:
        return sel.can_read_notes(self.context["request"].user, case)

    @extend_schema_field(OpenApiTypes.STR)
    def get_court_case_number(self, case: LegalCase) -> str | None:
        return case.court_case_number if self._privileged(case) else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_opposing_party(self, case: LegalCase) -> str | None:
        return case.opposing_party if self._privileged(case) else None

    @extend_schema_field(LegalClientSerializer(allow_null=True))
    def get_client(self, case: LegalCase) -> Any:
        return LegalClientSerializer(case.client).data if self._privileged(case) else None

    def get_may_read_notes(self, case: LegalCase) -> bool:
        return self._privileged(case)

    @extend_schema_field(CaseNoteSerializer(many=True, allow_null=True))
    def get_notes(self, case: LegalCase) -> Any:
        if not self._privileged(case):
            return None
        user = self.context["request"].user
        return CaseNoteSerializer(sel.note_list_for_case(user=user, case=case), many=True).data

    @extend_schema_field(CalendarItemSerializer(many=True))
    def get_calendar(self, case: LegalCase) -> Any:
        items = CalendarItem.objects.filter(case=case).select_related("case", "case__lawyer")
        return CalendarItemSerializer(items, many=True).data

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_hours(self, case: LegalCase) -> str:
        total = TimeEntry.objects.filter(case=case).aggregate(total=Sum("hours"))["total"]
        return f"{Decimal(total or 0):.2f}"


class CaseFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=["open", *CaseStatus.values], required=False)
    mine = serializers.BooleanField(required=False, default=False)


class CaseAssignSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class CaseStatusInputSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    outcome = serializers.ChoiceField(
        choices=CaseOutcome.choices, required=False, allow_blank=True, default=""
    )
    closed_on = serializers.DateField(required=False, allow_null=True, default=None)


class CalendarInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class TimeEntrySerializer(serializers.ModelSerializer[TimeEntry]):
    lawyer: Any = serializers.SlugRelatedField(slug_field="username", read_only=True)
    worked_on = serializers.DateField(required=False, default=timezone.localdate)

    class Meta:
        model = TimeEntry
        fields = ["id", "case", "lawyer", "worked_on", "hours", "description"]
        read_only_fields = ["id", "case", "lawyer"]


class ConsultationSerializer(serializers.ModelSerializer[Consultation]):
    """``asked_by`` and ``contact`` are null for readers who may not see who asked."""

    governorate: Any = serializers.SlugRelatedField(
        slug_field="slug", queryset=Governorate.objects.all()
    )
    service: Any = _service_field(required=False, allow_null=True, default=None)
    given_by: Any = serializers.SlugRelatedField(slug_field="username", read_only=True)
    given_on = serializers.DateField(required=False, default=timezone.localdate)
    converted_to: Any = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    asked_by = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    contact = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    question = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    advice = serializers.CharField(max_length=20000)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "governorate",
            "service",
            "subject",
            "asked_by",
            "contact",
            "question",
            "advice",
            "follow_up_needed",
            "given_by",
            "given_on",
            "intake_request",
            "converted_to",
        ]
        read_only_fields = ["id", "given_by", "intake_request", "converted_to"]

    def to_representation(self, instance: Consultation) -> Any:
        data = super().to_representation(instance)
        if not may_see_who_asked(self.context["request"].user, instance):
            data["asked_by"] = data["contact"] = None
        return data


class ConsultationConvertSerializer(serializers.Serializer[Any]):
    service: Any = _service_field(help_text="legal_service term code, e.g. 03")


CONVERTED = inline_serializer(
    "ConvertedConsultation",
    {"case": serializers.IntegerField(), "reference": serializers.CharField()},
)
FEED = inline_serializer("CalendarFeedAddress", {"url": serializers.URLField()})


def may_see_who_asked(user: Any, consultation: Consultation) -> bool:
    return (
        sel.can_coordinate(user)
        or has_role(user, Role.LAWYER)
        or consultation.given_by_id == getattr(user, "pk", None)
    )


HearingFilterSerializer = type(
    "HearingFilterSerializer",
    (serializers.Serializer,),
    {
        "lawyer": serializers.CharField(max_length=150, required=False),
        "governorate": serializers.SlugField(required=False),
        "from": serializers.DateField(required=False),
        "to": serializers.DateField(required=False),
    },
)
