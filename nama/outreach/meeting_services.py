"""Every write on meetings with officials: institutions, meetings, commitments,
follow-ups and their reminders. Atomic, keyword-only, audited.

The audit entries hold ids, statuses and field names, never the text of a
meeting, a commitment or an action (they name officials and defenders).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from nama.core.audit import log_action
from nama.monitoring.models import Event
from nama.monitoring.selectors import event_list_for_user
from nama.network.models import Member
from nama.outreach.meeting_access import (
    can_name_defenders,
    can_read_meeting,
    can_write_meetings,
    reads_restricted_meetings,
)
from nama.outreach.models.meetings import (
    Commitment,
    CommitmentStatus,
    FollowUp,
    FollowUpStatus,
    Institution,
    Meeting,
)

__all__ = [
    "INSTITUTION_FIELDS",
    "MEETING_FIELDS",
    "commitment_add",
    "commitment_update",
    "followup_add",
    "followup_cancel",
    "followup_complete",
    "followups_remind_due",
    "institution_save",
    "meeting_create",
    "meeting_update",
]

INSTITUTION_FIELDS = ("name_ar", "name_en", "name_ckb", "kind", "governorate", "body", "notes")
MEETING_FIELDS = (
    "held_on",
    "institution",
    "title",
    "officials",
    "other_defenders",
    "topics_text",
    "summary",
    "confidentiality",
)
# Statuses that close a commitment against the centre's hopes: a reason is required.
NEEDS_REASON = (CommitmentStatus.BROKEN, CommitmentStatus.WITHDRAWN)

REASON_REQUIRED = _("Say why the commitment is marked broken or withdrawn.")
OWNER_CANNOT_SEE = _("This person cannot open this meeting: choose someone who can.")
NOT_OF_MEETING = _("This commitment belongs to another meeting.")
ALREADY_CLOSED = _("This action is already closed.")
MUST_BE_PRESENT = _(
    "A restricted meeting is seen only by the director and the staff present: "
    "add yourself to the staff present."
)


def _check_writer(by: Any, meeting: Meeting | None = None) -> None:
    if not can_write_meetings(by):
        raise PermissionDenied
    if meeting is not None and not can_read_meeting(by, meeting):
        raise PermissionDenied


# ---------------------------------------------------------------------------
# Institutions


@transaction.atomic
def institution_save(
    *, by: Any, data: dict[str, Any], institution: Institution | None = None
) -> Institution:
    """Add an institution, or change ``institution``."""
    _check_writer(by)
    creating = institution is None
    institution = institution or Institution()
    changed = []
    for name in INSTITUTION_FIELDS:
        if name not in data:
            continue
        if getattr(institution, name, None) != data[name]:
            changed.append(name)
        setattr(institution, name, data[name])
    institution.full_clean()
    institution.save()
    verb = "created" if creating else "updated"
    log_action(by, f"outreach.institution.{verb}", institution, {"fields": changed})
    return institution


# ---------------------------------------------------------------------------
# Meetings


def _set_links(
    *,
    by: Any,
    meeting: Meeting,
    staff_present: Iterable[Any] | None,
    defenders: Iterable[Member] | None,
    topics: Iterable[Any] | None,
    reports: Iterable[Any] | None,
    events: Iterable[Event] | None,
) -> list[str]:
    """Set the many-to-many links; links the user may not see are kept as they were."""
    changed = []
    if staff_present is not None:
        meeting.staff_present.set(list(staff_present))
        changed.append("staff_present")
    if topics is not None:
        meeting.topics.set(list(topics))
        changed.append("topics")
    if reports is not None:
        meeting.reports.set(list(reports))
        changed.append("reports")
    if events is not None:
        chosen = list(events)
        visible = event_list_for_user(user=by, include_merged=True).values("pk")
        chosen_ids = {event.pk for event in chosen}
        if len(chosen_ids) != visible.filter(pk__in=chosen_ids).count():
            raise PermissionDenied
        hidden = list(meeting.events.exclude(pk__in=visible)) if meeting.pk else []
        meeting.events.set(chosen + hidden)
        changed.append("events")
    if defenders is not None and can_name_defenders(by):
        meeting.defenders.set(list(defenders))
        changed.append("defenders")
    return changed


def _check_restricted(by: Any, meeting: Meeting, staff_present: Iterable[Any] | None) -> None:
    """The writer of a restricted meeting must keep seeing it."""
    if not meeting.is_restricted or reads_restricted_meetings(by):
        return
    present = (
        [user.pk for user in staff_present]
        if staff_present is not None
        else list(meeting.staff_present.values_list("pk", flat=True))
    )
    if by.pk not in present:
        raise ValidationError({"staff_present": MUST_BE_PRESENT})


@transaction.atomic
def meeting_create(
    *,
    by: Any,
    data: dict[str, Any],
    staff_present: Iterable[Any] = (),
    defenders: Iterable[Member] = (),
    topics: Iterable[Any] = (),
    reports: Iterable[Any] = (),
    events: Iterable[Event] = (),
) -> Meeting:
    """Record a meeting. ``events`` must be events ``by`` may open (else PermissionDenied);
    ``defenders`` are linked only by those who may see members' names."""
    _check_writer(by)
    meeting = Meeting(created_by=by, **{k: v for k, v in data.items() if k in MEETING_FIELDS})
    staff_present = list(staff_present)
    _check_restricted(by, meeting, staff_present)
    meeting.full_clean()
    meeting.save()
    links = _set_links(
        by=by,
        meeting=meeting,
        staff_present=staff_present,
        defenders=defenders,
        topics=topics,
        reports=reports,
        events=events,
    )
    log_action(
        by,
        "outreach.meeting.created",
        meeting,
        {
            "institution": meeting.institution_id,
            "confidentiality": meeting.confidentiality,
            "links": links,
        },
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    by: Any,
    meeting: Meeting,
    data: dict[str, Any],
    staff_present: Iterable[Any] | None = None,
    defenders: Iterable[Member] | None = None,
    topics: Iterable[Any] | None = None,
    reports: Iterable[Any] | None = None,
    events: Iterable[Event] | None = None,
) -> Meeting:
    """Change a meeting ``by`` may read; ``None`` leaves a set of links as it is."""
    _check_writer(by, meeting)
    changed = []
    for name in MEETING_FIELDS:
        if name in data and getattr(meeting, name) != data[name]:
            setattr(meeting, name, data[name])
            changed.append(name)
    staff_present = list(staff_present) if staff_present is not None else None
    _check_restricted(by, meeting, staff_present)
    meeting.full_clean()
    meeting.save()
    links = _set_links(
        by=by,
        meeting=meeting,
        staff_present=staff_present,
        defenders=defenders,
        topics=topics,
        reports=reports,
        events=events,
    )
    log_action(by, "outreach.meeting.updated", meeting, {"fields": changed, "links": links})
    return meeting


# ---------------------------------------------------------------------------
# Commitments


@transaction.atomic
def commitment_add(
    *,
    by: Any,
    meeting: Meeting,
    text: str,
    made_by: str = "",
    due_on: date | None = None,
    institution: Institution | None = None,
) -> Commitment:
    """A commitment made in ``meeting`` (by its institution unless another is given)."""
    _check_writer(by, meeting)
    commitment = Commitment(
        meeting=meeting,
        institution=institution or meeting.institution,
        text=text.strip(),
        made_by=made_by.strip(),
        due_on=due_on,
        created_by=by,
        status_changed_at=timezone.now(),
    )
    commitment.full_clean()
    commitment.save()
    log_action(
        by,
        "outreach.commitment.added",
        commitment,
        {"meeting": meeting.pk, "institution": commitment.institution_id},
    )
    return commitment


@transaction.atomic
def commitment_update(
    *,
    by: Any,
    commitment: Commitment,
    status: str,
    notes: str | None = None,
    due_on: date | None = None,
    reason: str = "",
) -> Commitment:
    """Change a commitment's status (and its notes or due date). Marking it broken
    or withdrawn needs a ``reason``, kept in the audit log."""
    _check_writer(by, commitment.meeting)
    status = CommitmentStatus(status)
    reason = reason.strip()
    if status in NEEDS_REASON and status != commitment.status and not reason:
        raise ValidationError({"reason": REASON_REQUIRED})
    before = commitment.status
    if status != before:
        commitment.status = status
        commitment.status_changed_at = timezone.now()
    if notes is not None:
        commitment.notes = notes.strip()
    commitment.due_on = due_on
    commitment.full_clean()
    commitment.save()
    log_action(
        by,
        "outreach.commitment.updated",
        commitment,
        {"meeting": commitment.meeting_id, "from": before, "to": status},
        reason=reason,
    )
    return commitment


# ---------------------------------------------------------------------------
# Follow-up actions


@transaction.atomic
def followup_add(
    *,
    by: Any,
    meeting: Meeting,
    text: str,
    owner: Any,
    due_on: date,
    commitment: Commitment | None = None,
) -> FollowUp:
    """An action after ``meeting``, owned by someone who can open the meeting."""
    _check_writer(by, meeting)
    if commitment is not None and commitment.meeting_id != meeting.pk:
        raise ValidationError({"commitment": NOT_OF_MEETING})
    if not (can_write_meetings(owner) and can_read_meeting(owner, meeting)):
        raise ValidationError({"owner": OWNER_CANNOT_SEE})
    followup = FollowUp(
        meeting=meeting,
        commitment=commitment,
        text=text.strip(),
        owner=owner,
        due_on=due_on,
        created_by=by,
    )
    followup.full_clean()
    followup.save()
    log_action(
        by,
        "outreach.followup.added",
        followup,
        {"meeting": meeting.pk, "commitment": followup.commitment_id, "owner": owner.pk},
    )
    return followup


def _close(*, by: Any, followup: FollowUp, status: FollowUpStatus, reason: str = "") -> FollowUp:
    _check_writer(by, followup.meeting)
    if followup.status != FollowUpStatus.OPEN:
        raise ValidationError(ALREADY_CLOSED)
    followup.status = status
    if status == FollowUpStatus.DONE:
        followup.done_at = timezone.now()
    followup.save(update_fields=["status", "done_at"])
    verb = "completed" if status == FollowUpStatus.DONE else "cancelled"
    log_action(
        by,
        f"outreach.followup.{verb}",
        followup,
        {"meeting": followup.meeting_id},
        reason=reason.strip(),
    )
    return followup


@transaction.atomic
def followup_complete(*, by: Any, followup: FollowUp) -> FollowUp:
    """Mark an action done (now)."""
    return _close(by=by, followup=followup, status=FollowUpStatus.DONE)


@transaction.atomic
def followup_cancel(*, by: Any, followup: FollowUp, reason: str = "") -> FollowUp:
    """Drop an action that will not be taken."""
    return _close(by=by, followup=followup, status=FollowUpStatus.CANCELLED, reason=reason)


# ---------------------------------------------------------------------------
# Reminders (periodic job, see meeting_setup)


def _start_of_day(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _due_followups(now: datetime) -> Any:
    today = timezone.localdate(now)
    return FollowUp.objects.filter(
        status=FollowUpStatus.OPEN,
        due_on__lte=today + timedelta(days=1),
        owner__is_active=True,
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=_start_of_day(now)))


def _send_reminder(followup: FollowUp, now: datetime) -> None:
    owner = followup.owner
    if not owner.email:
        return
    today = timezone.localdate(now)
    with translation.override(settings.LANGUAGE_CODE):
        link = reverse("outreach:meeting", args=[followup.meeting_id])
        facts = {
            "institution": followup.meeting.institution.name,
            "due": followup.due_on.isoformat(),
            "link": link,
        }
        if followup.due_on < today:
            subject = _("Nama: a follow-up action is overdue (due %(due)s)") % facts
            body = (
                _(
                    "A follow-up action you own after a meeting with %(institution)s was due on "
                    "%(due)s and is not done yet.\n\nOpen the meeting: %(link)s\n"
                )
                % facts
            )
        else:
            subject = _("Nama: a follow-up action is due on %(due)s") % facts
            body = (
                _(
                    "A follow-up action you own after a meeting with %(institution)s is due on "
                    "%(due)s.\n\nOpen the meeting: %(link)s\n"
                )
                % facts
            )
        send_mail(
            subject=str(subject),
            message=str(body),
            from_email=None,
            recipient_list=[owner.email],
            fail_silently=False,
        )


def followups_remind_due(*, now: datetime | None = None) -> int:
    """E-mail the owner of each open follow-up due within a day or overdue, at most
    once a (local) day; returns how many were sent.

    Each action is claimed by a conditional UPDATE of ``reminded_at`` in the
    same transaction as the e-mail goes out (two workers never send one
    reminder twice; a failed e-mail rolls the claim back). The e-mail names
    the institution, the due date and the page, never the action's text.
    """
    now = now or timezone.now()
    sent = 0
    for pk in list(_due_followups(now).values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = _due_followups(now).filter(pk=pk).update(reminded_at=now)
            if not claimed:
                continue
            followup = FollowUp.objects.select_related("owner", "meeting__institution").get(pk=pk)
            _send_reminder(followup, now)
            log_action(
                None,
                "outreach.followup.reminded",
                followup,
                {"meeting": followup.meeting_id, "owner": followup.owner_id},
            )
            sent += 1
    return sent
