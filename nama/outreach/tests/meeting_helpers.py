"""Builders shared by the meeting tests (``test_meeting*.py``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from nama.outreach import meeting_services as services
from nama.outreach.models.meetings import (
    Commitment,
    FollowUp,
    Institution,
    InstitutionKind,
    Meeting,
    MeetingConfidentiality,
)


def today() -> date:
    return timezone.localdate()


def make_institution(
    by: Any, name: str = "وزارة العدل", kind: str = InstitutionKind.MINISTRY, **data: Any
) -> Institution:
    return services.institution_save(
        by=by,
        data={
            "name_ar": name,
            "name_en": data.pop("name_en", "Ministry of Justice"),
            "kind": kind,
            **data,
        },
    )


def make_meeting(
    by: Any,
    institution: Institution,
    *,
    title: str = "لقاء حول أوضاع السجون",
    restricted: bool = False,
    staff: list[Any] | None = None,
    days_ago: int = 10,
    **links: Any,
) -> Meeting:
    return services.meeting_create(
        by=by,
        data={
            "held_on": today() - timedelta(days=days_ago),
            "institution": institution,
            "title": title,
            "officials": "مدير عام دائرة الإصلاح",
            "confidentiality": (
                MeetingConfidentiality.RESTRICTED if restricted else MeetingConfidentiality.INTERNAL
            ),
        },
        staff_present=staff if staff is not None else [by],
        **links,
    )


def make_commitment(
    by: Any, meeting: Meeting, *, due_in: int | None = 30, text: str = "زيارة السجون شهرياً"
) -> Commitment:
    return services.commitment_add(
        by=by,
        meeting=meeting,
        text=text,
        made_by="المدير العام",
        due_on=today() + timedelta(days=due_in) if due_in is not None else None,
    )


def make_followup(
    by: Any, meeting: Meeting, *, owner: Any = None, due_in: int = 7, text: str = "إرسال رسالة"
) -> FollowUp:
    return services.followup_add(
        by=by,
        meeting=meeting,
        text=text,
        owner=owner or by,
        due_on=today() + timedelta(days=due_in),
    )
