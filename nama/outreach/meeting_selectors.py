"""Every read of meetings, commitments, follow-ups and institutions, scoped to the user.

Who sees what: ``nama.outreach.meeting_access``. A meeting out of scope
answers 404 exactly like one that does not exist; its commitments and
follow-ups follow it everywhere (lists, counts, the API).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from nama.core.roles import Role
from nama.core.scoping import get_object_for_user_or_404
from nama.monitoring.models import Event
from nama.monitoring.selectors import event_list_for_user
from nama.network.models import Member
from nama.outreach.meeting_access import (
    can_name_defenders,
    can_use_meetings,
    reads_restricted_meetings,
)
from nama.outreach.models.meetings import (
    OPEN_COMMITMENT_STATUSES,
    Commitment,
    CommitmentStatus,
    FollowUp,
    FollowUpStatus,
    Institution,
    Meeting,
    MeetingConfidentiality,
)
from nama.reports.models import Report
from nama.reports.selectors import report_list_for_user

__all__ = [
    "MeetingFilters",
    "commitment_get_for_user",
    "commitment_list_for_user",
    "event_links_for_user",
    "events_by_reference",
    "followup_get_for_user",
    "followup_list_for_user",
    "followups_of_user",
    "institution_get_for_user",
    "institution_list_for_user",
    "linkable_reports",
    "meeting_defenders_for_user",
    "meeting_get_for_user",
    "meeting_list_for_user",
    "open_commitments_by_institution",
    "outreach_staff",
]


@dataclass(frozen=True)
class MeetingFilters:
    institution: int | None = None
    governorate: str = ""  # slug
    period_start: date | None = None
    period_end: date | None = None
    topic: str = ""  # term code of ``right_affected``; includes narrower terms
    q: str = ""  # words of the title


def _visible_meetings_q(user: Any) -> Q | None:
    """Rows of meetings the user may read, or None for none."""
    if not can_use_meetings(user):
        return None
    if reads_restricted_meetings(user):
        return Q()
    present = Meeting.staff_present.through.objects.filter(user_id=user.pk).values("meeting_id")
    return Q(confidentiality=MeetingConfidentiality.INTERNAL) | Q(pk__in=present)


def meeting_list_for_user(*, user: Any, filters: MeetingFilters | None = None) -> QuerySet[Meeting]:
    """Meetings the user may read, newest first, filtered."""
    scope = _visible_meetings_q(user)
    if scope is None:
        return Meeting.objects.none()
    meetings = Meeting.objects.filter(scope).select_related(
        "institution", "institution__governorate"
    )
    f = filters or MeetingFilters()
    if f.institution:
        meetings = meetings.filter(institution_id=f.institution)
    if f.governorate:
        meetings = meetings.filter(institution__governorate__slug=f.governorate)
    if f.period_start:
        meetings = meetings.filter(held_on__gte=f.period_start)
    if f.period_end:
        meetings = meetings.filter(held_on__lte=f.period_end)
    if f.topic:
        with_topic = Meeting.topics.through.objects.filter(term__code__startswith=f.topic).values(
            "meeting_id"
        )
        meetings = meetings.filter(pk__in=with_topic)
    if f.q:
        for word in f.q.split()[:8]:
            meetings = meetings.filter(title__icontains=word)
    return meetings.order_by("-held_on", "-pk")


def meeting_get_for_user(*, user: Any, pk: Any) -> Meeting:
    """One meeting the user may read, with its commitments and follow-ups; 404 otherwise."""
    meetings = meeting_list_for_user(user=user).prefetch_related(
        "topics",
        "staff_present",
        "reports",
        Prefetch(
            "commitments",
            queryset=Commitment.objects.select_related("institution").order_by("pk"),
        ),
        Prefetch(
            "followups",
            queryset=FollowUp.objects.select_related("owner", "commitment").order_by(
                "status", "due_on", "pk"
            ),
        ),
    )
    return get_object_for_user_or_404(meetings, pk=pk)


def event_links_for_user(*, user: Any, meeting: Meeting) -> QuerySet[Event]:
    """The documented events linked to ``meeting`` that the user may open."""
    return meeting.events.filter(pk__in=event_list_for_user(user=user).values("pk")).order_by(
        "reference"
    )


def events_by_reference(*, user: Any, references: list[str]) -> dict[str, Event]:
    """Documented events the user may open, by reference (others are simply absent)."""
    if not references:
        return {}
    events = event_list_for_user(user=user, include_merged=True).filter(reference__in=references)
    return {event.reference: event for event in events}


def meeting_defenders_for_user(*, user: Any, meeting: Meeting) -> QuerySet[Member]:
    """Linked defenders, for those who may see members' names; none for the others."""
    if not can_name_defenders(user):
        return Member.objects.none()
    return meeting.defenders.all()


def linkable_reports(*, user: Any) -> QuerySet[Report]:
    """Reports the user may link or see linked: all for report staff, else the
    published ones."""
    published = Q(builds__approved_at__isnull=False, builds__withdrawn_at__isnull=True)
    readable = Q(pk__in=report_list_for_user(user=user).values("pk"))
    ids = Report.objects.filter(published | readable).values("pk")
    return Report.objects.filter(pk__in=ids).order_by("-period_end", "-pk")


# ---------------------------------------------------------------------------
# Commitments and follow-ups


def commitment_list_for_user(*, user: Any) -> QuerySet[Commitment]:
    """Commitments of the meetings the user may read."""
    scope = _visible_meetings_q(user)
    if scope is None:
        return Commitment.objects.none()
    return Commitment.objects.filter(
        meeting__in=Meeting.objects.filter(scope).values("pk")
    ).select_related("meeting", "institution")


def commitment_get_for_user(*, user: Any, pk: Any) -> Commitment:
    return get_object_for_user_or_404(commitment_list_for_user(user=user), pk=pk)


def followup_list_for_user(*, user: Any) -> QuerySet[FollowUp]:
    """Follow-ups of the meetings the user may read."""
    scope = _visible_meetings_q(user)
    if scope is None:
        return FollowUp.objects.none()
    return FollowUp.objects.filter(
        meeting__in=Meeting.objects.filter(scope).values("pk")
    ).select_related("meeting", "meeting__institution", "commitment", "owner")


def followup_get_for_user(*, user: Any, pk: Any) -> FollowUp:
    return get_object_for_user_or_404(followup_list_for_user(user=user), pk=pk)


def followups_of_user(*, user: Any, include_closed: bool = False) -> QuerySet[FollowUp]:
    """ "My follow-ups": the actions the user owns, soonest due first."""
    followups = followup_list_for_user(user=user).filter(owner_id=user.pk)
    if not include_closed:
        followups = followups.filter(status=FollowUpStatus.OPEN)
    return followups.order_by("due_on", "pk")


# ---------------------------------------------------------------------------
# Institutions and advocacy outcomes


def institution_list_for_user(*, user: Any) -> QuerySet[Institution]:
    """Every institution for meeting staff (with how many meetings they may read)."""
    scope = _visible_meetings_q(user)
    if scope is None:
        return Institution.objects.none()
    visible = Meeting.objects.filter(scope).values("pk")
    return (
        Institution.objects.select_related("governorate")
        .annotate(meeting_count=Count("meetings", filter=Q(meetings__in=visible), distinct=True))
        .order_by("name_ar", "pk")
    )


def institution_get_for_user(*, user: Any, pk: Any) -> Institution:
    return get_object_for_user_or_404(institution_list_for_user(user=user), pk=pk)


def open_commitments_by_institution(
    *, user: Any, today: date | None = None, institution: int | None = None
) -> list[Any]:
    """Institutions with commitments the user may read, each with its counts
    (``open_count``, ``overdue_count``, ``fulfilled_count``, ``broken_count``,
    ``withdrawn_count``) and its open commitments (``open_commitments``, soonest
    due first, with their meeting). Two queries whatever the number of rows."""
    scope = _visible_meetings_q(user)
    if scope is None:
        return []
    today = today or timezone.localdate()
    visible = Meeting.objects.filter(scope).values("pk")
    mine = Q(commitments__meeting__in=visible)
    is_open = Q(commitments__status__in=OPEN_COMMITMENT_STATUSES)

    def count(condition: Q) -> Count:
        return Count("commitments", filter=mine & condition)

    institutions = Institution.objects.select_related("governorate").annotate(
        total_count=count(Q()),
        open_count=count(is_open),
        overdue_count=count(is_open & Q(commitments__due_on__lt=today)),
        fulfilled_count=count(Q(commitments__status=CommitmentStatus.FULFILLED)),
        broken_count=count(Q(commitments__status=CommitmentStatus.BROKEN)),
        withdrawn_count=count(Q(commitments__status=CommitmentStatus.WITHDRAWN)),
    )
    if institution:
        institutions = institutions.filter(pk=institution)
    rows = list(
        institutions.filter(total_count__gt=0).order_by("-open_count", "-overdue_count", "name_ar")
    )
    open_commitments = (
        commitment_list_for_user(user=user)
        .filter(status__in=OPEN_COMMITMENT_STATUSES, institution__in=[row.pk for row in rows])
        .order_by("institution_id", "due_on", "pk")
    )
    by_institution: dict[int, list[Commitment]] = {}
    for commitment in open_commitments:
        commitment.overdue = bool(commitment.due_on and commitment.due_on < today)  # type: ignore[attr-defined]
        by_institution.setdefault(commitment.institution_id, []).append(commitment)
    for row in rows:
        row.open_commitments = by_institution.get(row.pk, [])  # type: ignore[attr-defined]
    return rows


def outreach_staff() -> QuerySet[Any]:
    """Active accounts that may hold meetings: editors and the director."""
    user_model = get_user_model()
    holders = user_model.objects.filter(
        groups__name__in=[Role.EDITOR.value, Role.DIRECTOR.value]
    ).values("pk")
    return user_model.objects.filter(is_active=True, pk__in=holders).order_by("username")
