"""Reads of trainings, scoped by who asks (``nama.network.training_access``).

Anything out of scope is 404, the same as something that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from nama.network import certificate_codes
from nama.network.models import (
    Attendance,
    Certificate,
    Course,
    Participant,
    SessionStatus,
    TrainingSession,
)
from nama.network.training_access import (
    can_edit_session,
    can_manage_courses,
    can_read_trainings,
    sessions_for_user,
)

__all__ = [
    "AttendanceState",
    "attendance_state",
    "certificate_get_for_user",
    "certificate_lookup",
    "course_get_for_manager",
    "course_get_for_user",
    "course_list_for_user",
    "participant_get_for_editor",
    "session_get_for_editor",
    "session_get_for_user",
    "session_list_for_user",
]


def _pk(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def course_list_for_user(*, user: Any) -> QuerySet[Course]:
    """Every course for training staff (with the number of sessions they may see)."""
    if not can_read_trainings(user):
        return Course.objects.none()
    visible = Q(sessions__in=sessions_for_user(user))
    return Course.objects.annotate(session_count=Count("sessions", filter=visible))


def course_get_for_user(*, user: Any, pk: Any) -> Course:
    try:
        return course_list_for_user(user=user).get(pk=_pk(pk))
    except Course.DoesNotExist:
        raise Http404 from None


def course_get_for_manager(*, user: Any, pk: Any) -> Course:
    if not can_manage_courses(user):
        raise Http404
    return course_get_for_user(user=user, pk=pk)


def session_list_for_user(*, user: Any, course: Course | None = None) -> QuerySet[TrainingSession]:
    sessions = (
        sessions_for_user(user)
        .select_related("course", "governorate")
        .prefetch_related("trainers")
        .annotate(participant_count=Count("participants", distinct=True))
    )
    if course is not None:
        sessions = sessions.filter(course=course)
    return sessions


def session_get_for_user(*, user: Any, pk: Any) -> TrainingSession:
    try:
        return (
            sessions_for_user(user)
            .select_related("course", "governorate")
            .prefetch_related("trainers", "days")
            .get(pk=_pk(pk))
        )
    except TrainingSession.DoesNotExist:
        raise Http404 from None


def session_get_for_editor(*, user: Any, pk: Any) -> TrainingSession:
    """A session the user may change (trainer of it, or the coordinator), else 404."""
    session = session_get_for_user(user=user, pk=pk)
    if not can_edit_session(user, session):
        raise Http404
    return session


def participant_get_for_editor(*, user: Any, session: TrainingSession, pk: Any) -> Participant:
    try:
        return session.participants.get(pk=_pk(pk))
    except Participant.DoesNotExist:
        raise Http404 from None


def certificate_get_for_user(*, user: Any, pk: Any) -> Certificate:
    """A certificate of a session the user may read, else 404."""
    try:
        return Certificate.objects.select_related(
            "participant__session__course", "participant__session__governorate"
        ).get(pk=_pk(pk), participant__session__in=sessions_for_user(user))
    except Certificate.DoesNotExist:
        raise Http404 from None


def certificate_lookup(typed: str) -> Certificate | None:
    """The certificate with this code (as typed or scanned), for the public check."""
    code = certificate_codes.parse(typed)
    if code is None:
        return None
    return Certificate.objects.filter(code=code).first()


@dataclass
class AttendanceState:
    """How one participant stands against the course's attendance rule."""

    participant: Participant
    present_days: int
    total_days: int
    required_percent: int

    @property
    def percent(self) -> int:
        if not self.total_days:
            return 0
        return (100 * self.present_days) // self.total_days

    @property
    def met(self) -> bool:
        if not self.total_days:
            return False
        return 100 * self.present_days >= self.required_percent * self.total_days


def attendance_state(session: TrainingSession) -> list[AttendanceState]:
    """Each participant of the session with their days present against the rule."""
    total = session.days.count()
    participants = (
        session.participants.select_related("member")
        .annotate(present_days=Count("attendance", filter=Q(attendance__present=True)))
        .prefetch_related(Prefetch("certificate", queryset=Certificate.objects.all()))
    )
    return [
        AttendanceState(
            participant=participant,
            present_days=participant.present_days,
            total_days=total,
            required_percent=session.course.min_attendance_percent,
        )
        for participant in participants.order_by("pk")
    ]


def attendance_grid(session: TrainingSession) -> dict[tuple[int, int], bool]:
    """(participant id, day id) -> present, for the attendance sheet."""
    rows = Attendance.objects.filter(day__session=session).values_list(
        "participant_id", "day_id", "present"
    )
    return {(participant, day): present for participant, day, present in rows}


def session_is_held(session: TrainingSession) -> bool:
    return session.status == SessionStatus.DONE
