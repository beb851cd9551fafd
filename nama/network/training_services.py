"""Every change to trainings: atomic, keyword-only, by an allowed user, audited.

Audit data holds ids, counts and field names, never a participant's name or
feedback, nor a certificate's code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nama.core.audit import log_action
from nama.core.models import Governorate
from nama.core.roles import Role, has_role
from nama.network import certificate_codes
from nama.network.models import (
    Attendance,
    Certificate,
    Course,
    Member,
    Participant,
    SessionDay,
    SessionStatus,
    TrainingSession,
)
from nama.network.training_access import (
    can_edit_session,
    can_manage_courses,
    can_revoke_certificates,
)
from nama.network.training_selectors import attendance_state

__all__ = [
    "IssueResult",
    "attendance_record",
    "attendance_set",
    "certificate_revoke",
    "certificates_issue",
    "course_create",
    "course_update",
    "participant_add",
    "participant_feedback",
    "participant_scores",
    "session_create",
    "session_set_status",
    "session_update",
]

COURSE_FIELDS = (
    "title_ar",
    "title_en",
    "title_ckb",
    "description",
    "curriculum",
    "min_attendance_percent",
    "active",
)
SESSION_FIELDS = ("starts_on", "ends_on", "mode", "place", "governorate", "capacity", "status")
MAX_SESSION_DAYS = 60


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("not allowed for trainings")


def _check_trainers(trainers: list[Any]) -> None:
    if any(not has_role(user, Role.TRAINER) for user in trainers):
        raise ValidationError({"trainers": _("Only accounts with the trainer role train.")})


# ---------------------------------------------------------------------------
# Courses


@transaction.atomic
def course_create(*, by: Any, data: dict[str, Any], resources: Iterable[Any] = ()) -> Course:
    """Add a course (training coordinator)."""
    _require(can_manage_courses(by))
    course = Course(created_by=by, **{k: v for k, v in data.items() if k in COURSE_FIELDS})
    course.full_clean(exclude=["created_by"])
    course.save()
    course.resources.set(list(resources))
    log_action(by, "network.course.created", course, {"resources": course.resources.count()})
    return course


@transaction.atomic
def course_update(
    *, course: Course, by: Any, data: dict[str, Any], resources: Iterable[Any] | None = None
) -> Course:
    _require(can_manage_courses(by))
    changed = []
    for name, value in data.items():
        if name in COURSE_FIELDS and getattr(course, name) != value:
            setattr(course, name, value)
            changed.append(name)
    course.full_clean(exclude=["created_by"])
    course.save()
    if resources is not None:
        course.resources.set(list(resources))
        changed.append("resources")
    log_action(by, "network.course.updated", course, {"fields": changed})
    return course


# ---------------------------------------------------------------------------
# Sessions


def _dates(starts_on: date, ends_on: date) -> list[date]:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day must not be before the first day.")})
    count = (ends_on - starts_on).days + 1
    if count > MAX_SESSION_DAYS:
        raise ValidationError(
            {"ends_on": _("A session lasts at most %(n)d days.") % {"n": MAX_SESSION_DAYS}}
        )
    return [starts_on + timedelta(days=offset) for offset in range(count)]


def _sync_days(session: TrainingSession, days: Iterable[date] | None) -> None:
    """The session meets on ``days`` (every day from first to last when None)."""
    wanted = set(days) if days is not None else set(_dates(session.starts_on, session.ends_on))
    outside = [d for d in wanted if d < session.starts_on or d > session.ends_on]
    if outside or not wanted:
        raise ValidationError({"days": _("The days must lie between the first and last day.")})
    session.days.exclude(date__in=wanted).delete()
    have = set(session.days.values_list("date", flat=True))
    SessionDay.objects.bulk_create(
        [SessionDay(session=session, date=d) for d in sorted(wanted - have)]
    )


@transaction.atomic
def session_create(
    *,
    by: Any,
    course: Course,
    data: dict[str, Any],
    trainers: Iterable[Any] = (),
    days: Iterable[date] | None = None,
) -> TrainingSession:
    """Plan a session of ``course`` (training coordinator). It meets every day from
    the first to the last unless ``days`` says which."""
    _require(can_manage_courses(by))
    session = TrainingSession(
        course=course, created_by=by, **{k: v for k, v in data.items() if k in SESSION_FIELDS}
    )
    trainers = list(trainers)
    _check_trainers(trainers)
    _dates(session.starts_on, session.ends_on)
    session.full_clean(exclude=["created_by", "course"])
    session.save()
    session.trainers.set(trainers)
    _sync_days(session, days)
    log_action(
        by,
        "network.session.created",
        session,
        {"course": course.pk, "trainers": sorted(t.pk for t in trainers)},
    )
    return session


@transaction.atomic
def session_update(
    *,
    session: TrainingSession,
    by: Any,
    data: dict[str, Any],
    trainers: Iterable[Any] | None = None,
    days: Iterable[date] | None = None,
) -> TrainingSession:
    """Change a session. Trainers of the session may change its place, dates and
    status; only the coordinator changes who trains it. Days dropped from the
    session lose their attendance."""
    _require(can_edit_session(by, session))
    if trainers is not None:
        _require(can_manage_courses(by))
        trainers = list(trainers)
        _check_trainers(trainers)
    changed = []
    for name, value in data.items():
        if name in SESSION_FIELDS and getattr(session, name) != value:
            setattr(session, name, value)
            changed.append(name)
    _dates(session.starts_on, session.ends_on)
    session.full_clean(exclude=["created_by", "course"])
    session.save()
    if trainers is not None:
        session.trainers.set(trainers)
        changed.append("trainers")
    if days is not None or {"starts_on", "ends_on"} & set(changed):
        _sync_days(session, days)
    log_action(by, "network.session.updated", session, {"fields": changed})
    return session


@transaction.atomic
def session_set_status(*, session: TrainingSession, by: Any, status: str) -> TrainingSession:
    _require(can_edit_session(by, session))
    if status not in SessionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    previous = session.status
    session.status = status
    session.save(update_fields=["status", "updated_at"])
    log_action(by, "network.session.status", session, {"from": previous, "to": status})
    return session


# ---------------------------------------------------------------------------
# Participants


@transaction.atomic
def participant_add(
    *,
    session: TrainingSession,
    by: Any,
    member: Member | None = None,
    name: str = "",
    name_latin: str = "",
    sex: str = "",
    governorate: Governorate | None = None,
    organisation: str = "",
) -> Participant:
    """Add a participant, from a network member (their details are copied, the
    typed ones win) or by name alone."""
    _require(can_edit_session(by, session))
    if member is not None:
        name = name.strip() or member.name
        sex = sex or member.sex
        governorate = governorate or member.governorate
        organisation = organisation or member.organisation
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the name as it should be printed.")})
    if session.capacity and session.participants.count() >= session.capacity:
        raise ValidationError(_("The session is full."))
    participant = Participant(
        session=session,
        member=member,
        name=name,
        name_latin=name_latin.strip(),
        sex=sex,
        governorate=governorate or session.governorate,
        organisation=organisation.strip(),
    )
    participant.full_clean(exclude=["session", "member", "governorate"])
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError:
        raise ValidationError(_("This member already takes part in the session.")) from None
    log_action(
        by,
        "network.participant.added",
        participant,
        {"session": session.pk, "member": member.pk if member else None},
    )
    return participant


@transaction.atomic
def participant_scores(
    *, participant: Participant, by: Any, pre_score: int | None, post_score: int | None
) -> Participant:
    _require(can_edit_session(by, participant.session))
    for score in (pre_score, post_score):
        if score is not None and not 0 <= score <= 100:
            raise ValidationError(_("A score is between 0 and 100."))
    participant.pre_score = pre_score
    participant.post_score = post_score
    participant.save(update_fields=["pre_score", "post_score"])
    log_action(by, "network.participant.scores", participant, {"session": participant.session_id})
    return participant


@transaction.atomic
def participant_feedback(
    *, participant: Participant, by: Any, rating: int | None, comment: str
) -> Participant:
    _require(can_edit_session(by, participant.session))
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationError(_("A rating is between 1 and 5."))
    participant.rating = rating
    participant.feedback = comment.strip()
    participant.save(update_fields=["rating", "feedback"])
    log_action(by, "network.participant.feedback", participant, {"session": participant.session_id})
    return participant


# ---------------------------------------------------------------------------
# Attendance


def _check_day(session: TrainingSession, day: SessionDay) -> None:
    if day.session_id != session.pk:
        raise ValidationError(_("This day is not a day of the session."))


@transaction.atomic
def attendance_record(
    *, session: TrainingSession, day: SessionDay, by: Any, present: Iterable[int]
) -> int:
    """The whole sheet of one day: the participants in ``present`` (ids) were there,
    the others were not. Returns how many were present."""
    _require(can_edit_session(by, session))
    _check_day(session, day)
    present_ids = {int(pk) for pk in present}
    participants = list(session.participants.values_list("pk", flat=True))
    for pk in participants:
        Attendance.objects.update_or_create(
            participant_id=pk,
            day=day,
            defaults={"present": pk in present_ids, "recorded_by": by},
        )
    count = len(present_ids & set(participants))
    log_action(
        by,
        "network.attendance.recorded",
        session,
        {"day": day.date.isoformat(), "present": count, "participants": len(participants)},
    )
    return count


@transaction.atomic
def attendance_set(
    *, participant: Participant, day: SessionDay, by: Any, present: bool
) -> Attendance:
    """One tick of the sheet (saved at once by htmx)."""
    _require(can_edit_session(by, participant.session))
    _check_day(participant.session, day)
    attendance, _created = Attendance.objects.update_or_create(
        participant=participant, day=day, defaults={"present": present, "recorded_by": by}
    )
    log_action(
        by,
        "network.attendance.set",
        participant,
        {"day": day.date.isoformat(), "present": present},
    )
    return attendance


# ---------------------------------------------------------------------------
# Certificates


@dataclass
class IssueResult:
    issued: list[Certificate] = field(default_factory=list)
    already: list[Certificate] = field(default_factory=list)
    # (participant, why not) for those who get no certificate.
    refused: list[tuple[Participant, str]] = field(default_factory=list)


def _new_code() -> str:
    for _attempt in range(10):
        code = certificate_codes.generate()
        if not Certificate.objects.filter(code=code).exists():
            return code
    raise RuntimeError("no free certificate code")  # 2**75 codes: never in practice


@transaction.atomic
def certificates_issue(*, session: TrainingSession, by: Any) -> IssueResult:
    """Issue a certificate to every participant who met the course's attendance
    rule in a held session. Idempotent: those who have one keep it; the others
    are listed with the reason."""
    _require(can_edit_session(by, session))
    result = IssueResult()
    if session.status != SessionStatus.DONE:
        raise ValidationError(_("Certificates are issued once the session has been held."))
    course = session.course
    now = timezone.now()
    for state in attendance_state(session):
        participant = state.participant
        existing = Certificate.objects.filter(participant=participant).first()
        if existing is not None:
            if existing.is_revoked:
                result.refused.append((participant, _("The certificate was revoked.")))
            else:
                result.already.append(existing)
            continue
        if not state.met:
            reason = _(
                "Present %(present)d of %(total)d days (%(percent)d%%); "
                "the course asks for %(required)d%%."
            ) % {
                "present": state.present_days,
                "total": state.total_days,
                "percent": state.percent,
                "required": state.required_percent,
            }
            result.refused.append((participant, reason))
            continue
        certificate = Certificate.objects.create(
            participant=participant,
            code=_new_code(),
            printed_name=participant.name,
            printed_name_latin=participant.name_latin,
            course_title_ar=course.title_ar,
            course_title_en=course.title_en,
            course_title_ckb=course.title_ckb,
            issued_at=now,
            issued_by=by,
        )
        result.issued.append(certificate)
    log_action(
        by,
        "network.certificates.issued",
        session,
        {
            "issued": [c.pk for c in result.issued],
            "already": len(result.already),
            "refused": len(result.refused),
        },
    )
    return result


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by: Any, reason: str) -> Certificate:
    """Revoke a certificate (training coordinator, with a reason). The public check
    then says it was revoked."""
    _require(can_revoke_certificates(by))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    if certificate.is_revoked:
        return certificate
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revoke_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    log_action(
        by,
        "network.certificate.revoked",
        certificate,
        {"session": certificate.participant.session_id},
        reason=reason,
    )
    return certificate
