"""Every write of the legal app (docs/legal.md).

Keyword-only, atomic, audited with ids and states: never a client's name, a
note, a court case number or an opposing party. Callers fetch records through
``nama.legal.selectors`` first.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal
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
from nama.core.models import Governorate, Term
from nama.core.roles import Role, has_role
from nama.legal.models import (
    CalendarFeedToken,
    CalendarItem,
    CaseAssignment,
    CaseNote,
    CaseOutcome,
    CaseStatus,
    Client,
    Consultation,
    ItemKind,
    LawyerProfile,
    LegalCase,
    TimeEntry,
)
from nama.legal.selectors import can_coordinate, can_read_notes

__all__ = [
    "LegalError",
    "calendar_item_add",
    "calendar_item_done",
    "calendar_token_issue",
    "calendar_token_revoke",
    "calendar_token_user",
    "case_assign",
    "case_create",
    "case_create_from_request",
    "case_set_status",
    "client_create",
    "consultation_convert",
    "consultation_log",
    "lawyer_profile_save",
    "note_add",
    "reminders_send_due",
    "time_add",
]

logger = logging.getLogger(__name__)
SERVICE_CONSULTATION = "02"
SERVICE_REPRESENTATION = "03"
CLIENT_FIELDS = ("name", "phone", "email", "address", "id_number")
CASE_FIELDS = ("service", "subject", "court", "court_case_number", "opposing_party", "summary")


class LegalError(ValidationError):
    """A service refused the action; the message is translated and safe to show."""


def reminder_days() -> int:
    """How many days before a hearing or deadline its reminder goes out."""
    return int(getattr(settings, "NAMA_LEGAL_REMINDER_DAYS", 2))


# ---------------------------------------------------------------------------
# Lawyers and clients


@transaction.atomic
def lawyer_profile_save(
    *,
    by: Any,
    user: Any,
    governorates: list[Governorate],
    bar_registration: str = "",
    languages: str = "",
    capacity: int = 15,
    active: bool = True,
) -> LawyerProfile:
    """Create or update the lawyer profile of a staff user who holds the lawyer role."""
    if not has_role(user, Role.LAWYER):
        raise LegalError(_("Give this account the lawyer role first."), code="role")
    profile, created = LawyerProfile.objects.update_or_create(
        user=user,
        defaults={
            "bar_registration": bar_registration,
            "languages": languages,
            "capacity": capacity,
            "active": active,
        },
    )
    profile.governorates.set(governorates)
    log_action(
        by,
        "legal.lawyer.saved",
        profile,
        {"lawyer": user.pk, "created": created, "governorates": [g.pk for g in governorates]},
    )
    return profile


@transaction.atomic
def client_create(*, by: Any, governorate: Governorate, data: dict[str, Any]) -> Client:
    """A client; ``data`` holds any of name, phone, email, address, id_number (encrypted)."""
    client = Client.objects.create(
        governorate=governorate,
        created_by=by,
        **{key: str(data.get(key) or "").strip() for key in CLIENT_FIELDS},
    )
    log_action(
        by,
        "legal.client.created",
        client,
        {"client": client.pk, "fields": sorted(k for k in CLIENT_FIELDS if data.get(k))},
    )
    return client


# ---------------------------------------------------------------------------
# Cases


def _new_reference(case: LegalCase) -> str:
    return f"L-{case.opened_on.year}-{case.pk:06d}"


@transaction.atomic
def case_create(
    *,
    by: Any,
    client: Client,
    data: dict[str, Any],
    intake_request: Any = None,
    opened_on: date | None = None,
) -> LegalCase:
    """Open a case for ``client``; ``data`` holds ``service`` (a legal_service term),
    ``subject`` and optionally court, court_case_number, opposing_party, summary."""
    if data.get("service") is None:
        raise LegalError(_("Choose the service."), code="service")
    if not str(data.get("subject") or "").strip():
        raise LegalError(_("Say what the case is about."), code="subject")
    case = LegalCase(
        client=client,
        governorate=client.governorate,
        opened_on=opened_on or timezone.localdate(),
        created_by=by,
        reference=f"tmp-{secrets.token_hex(6)}",
        **{key: data[key] for key in CASE_FIELDS if key in data},
    )
    case.save(force_insert=True)
    case.reference = _new_reference(case)
    case.save(update_fields=["reference"])
    if intake_request is not None:
        case.intake_requests.add(intake_request)
    log_action(
        by,
        "legal.case.created",
        case,
        {
            "case": case.pk,
            "service": case.service.code,
            "request": intake_request.pk if intake_request is not None else None,
        },
    )
    return case


def case_create_from_request(request: Any, by: Any) -> None:
    """The route handler for requests routed to legal (registered in apps.py).

    Opens a case linked both ways (``case.intake_requests`` /
    ``request.legal_cases``) with the complainant as client (an anonymous
    request gets a client without a name: the unit reaches them through the
    tracking code's thread) and the narrative as summary. Refused, so the
    routing waits, while the request has no governorate.
    """
    from nama.intake.models import Complainant
    from nama.intake.services import IntakeError

    if request.governorate_id is None:
        raise IntakeError(
            _("Set the governorate (triage) before routing to the legal unit."),
            code="governorate",
        )
    if LegalCase.objects.filter(intake_requests=request).exists():
        return
    complainant = Complainant.objects.filter(request=request).first()
    identity = {key: getattr(complainant, key, "") for key in ("name", "phone", "email", "address")}
    client = client_create(by=by, governorate=request.governorate, data=identity)
    service = Term.objects.of("legal_service").get(code=SERVICE_CONSULTATION)
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(_("Request %(reference)s") % {"reference": request.reference})
    case_create(
        by=by,
        client=client,
        data={"service": service, "subject": subject, "summary": request.narrative},
        intake_request=request,
    )


def _lawyer_may_take(lawyer: Any) -> bool:
    return bool(lawyer.is_active) and has_role(lawyer, Role.LAWYER)


def case_assign(*, by: Any, case: LegalCase, lawyer: Any, reason: str = "") -> LegalCase:
    """Assign (or transfer) a case to a lawyer; the coordinator only. The previous
    assignment ends, the transfer is audited, and the lawyer gets an e-mail with the
    case's reference and address (nothing else)."""
    if not can_coordinate(by):
        raise PermissionDenied
    if not _lawyer_may_take(lawyer):
        raise LegalError(_("Choose an active lawyer."), code="lawyer")
    with transaction.atomic():
        previous = case.lawyer_id
        now = timezone.now()
        CaseAssignment.objects.filter(case=case, ended_at__isnull=True).update(ended_at=now)
        CaseAssignment.objects.create(case=case, lawyer=lawyer, assigned_by=by, reason=reason)
        case.lawyer = lawyer
        fields = ["lawyer"]
        if case.status == CaseStatus.OPEN:
            case.status = CaseStatus.IN_PROGRESS
            fields.append("status")
        case.save(update_fields=fields)
        log_action(
            by,
            "legal.case.assigned",
            case,
            {"case": case.pk, "from": previous, "to": lawyer.pk},
            reason=reason,
        )
    if lawyer.email and lawyer != by:
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("legal:case", kwargs={"pk": case.pk}) if _has_pages() else ""
            send_mail(
                subject=str(_("Nama: a legal case was assigned to you")),
                message=str(
                    _("Case %(reference)s was assigned to you.\n\n%(path)s\n")
                    % {"reference": case.reference, "path": path}
                ),
                from_email=None,
                recipient_list=[lawyer.email],
                fail_silently=True,
            )
    return case


def _has_pages() -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse("legal:case", kwargs={"pk": 1})
    except NoReverseMatch:
        return False
    return True


def _check_worker(by: Any, case: LegalCase) -> None:
    """Writes on a case: its lawyer or the coordinator."""
    if not (can_coordinate(by) or case.lawyer_id == getattr(by, "pk", None)):
        raise PermissionDenied


@transaction.atomic
def case_set_status(
    *, by: Any, case: LegalCase, status: str, outcome: str = "", closed_on: date | None = None
) -> LegalCase:
    """Change a case's status; closing needs an outcome and sets the closing day."""
    _check_worker(by, case)
    if status not in CaseStatus.values:
        raise LegalError(_("Unknown status."), code="status")
    if outcome and outcome not in CaseOutcome.values:
        raise LegalError(_("Unknown outcome."), code="outcome")
    if status == CaseStatus.CLOSED and not outcome:
        raise LegalError(_("Say how the case ended."), code="outcome")
    previous = case.status
    case.status = status
    case.outcome = outcome if status == CaseStatus.CLOSED else ""
    case.closed_on = (closed_on or timezone.localdate()) if status == CaseStatus.CLOSED else None
    case.save(update_fields=["status", "outcome", "closed_on"])
    log_action(
        by,
        "legal.case.status",
        case,
        {"case": case.pk, "from": previous, "to": status, "outcome": case.outcome},
    )
    return case


@transaction.atomic
def note_add(*, by: Any, case: LegalCase, body: str) -> CaseNote:
    """A privileged note: by the assigned lawyer or the coordinator."""
    if not can_read_notes(by, case):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise LegalError(_("Write a note."), code="empty")
    note = CaseNote.objects.create(case=case, author=by, body=body)
    log_action(by, "legal.note.added", case, {"case": case.pk, "note": note.pk})
    return note


@transaction.atomic
def calendar_item_add(
    *,
    by: Any,
    case: LegalCase,
    kind: str,
    title: str,
    starts_at: datetime | None = None,
    due_on: date | None = None,
    place: str = "",
) -> CalendarItem:
    """A hearing (``starts_at``) or a deadline (``due_on``) on a case."""
    _check_worker(by, case)
    if kind == ItemKind.HEARING and starts_at is None:
        raise LegalError(_("Give the date and time of the hearing."), code="starts_at")
    if kind == ItemKind.DEADLINE and due_on is None:
        raise LegalError(_("Give the day of the deadline."), code="due_on")
    if kind not in ItemKind.values:
        raise LegalError(_("Unknown kind."), code="kind")
    item = CalendarItem.objects.create(
        case=case,
        kind=kind,
        title=title.strip() or str(ItemKind(kind).label),
        starts_at=starts_at if kind == ItemKind.HEARING else None,
        due_on=due_on if kind == ItemKind.DEADLINE else None,
        place=place,
        created_by=by,
    )
    log_action(by, "legal.calendar.added", case, {"case": case.pk, "item": item.pk, "kind": kind})
    return item


@transaction.atomic
def calendar_item_done(*, by: Any, item: CalendarItem) -> CalendarItem:
    _check_worker(by, item.case)
    item.done_at = timezone.now()
    item.save(update_fields=["done_at"])
    log_action(by, "legal.calendar.done", item.case, {"case": item.case_id, "item": item.pk})
    return item


@transaction.atomic
def time_add(
    *, by: Any, case: LegalCase, worked_on: date, hours: Decimal, description: str = ""
) -> TimeEntry:
    """Hours worked on a case, by its lawyer (or the coordinator)."""
    _check_worker(by, case)
    if not Decimal("0") < hours <= Decimal("24"):
        raise LegalError(_("Give between 0 and 24 hours."), code="hours")
    entry = TimeEntry.objects.create(
        case=case, lawyer=by, worked_on=worked_on, hours=hours, description=description
    )
    log_action(by, "legal.time.added", case, {"case": case.pk, "entry": entry.pk})
    return entry


# ---------------------------------------------------------------------------
# Consultations


@transaction.atomic
def consultation_log(*, by: Any, data: dict[str, Any]) -> Consultation:
    """Quick advice given, logged in a minute. ``data``: governorate, subject, advice,
    optional service, asked_by, contact, question, follow_up_needed, given_on,
    intake_request."""
    if not str(data.get("advice") or "").strip():
        raise LegalError(_("Write the advice given."), code="advice")
    consultation = Consultation.objects.create(
        governorate=data["governorate"],
        service=data.get("service"),
        asked_by=data.get("asked_by", ""),
        contact=data.get("contact", ""),
        subject=data["subject"],
        question=data.get("question", ""),
        advice=data["advice"],
        follow_up_needed=bool(data.get("follow_up_needed")),
        given_by=by,
        given_on=data.get("given_on") or timezone.localdate(),
        intake_request=data.get("intake_request"),
    )
    log_action(by, "legal.consultation.logged", consultation, {"consultation": consultation.pk})
    return consultation


@transaction.atomic
def consultation_convert(*, by: Any, consultation: Consultation, service: Term) -> LegalCase:
    """Turn a consultation into a case (the person asking becomes the client)."""
    if consultation.converted_to_id is not None:
        raise LegalError(_("This consultation already became a case."), code="converted")
    client = client_create(
        by=by,
        governorate=consultation.governorate,
        data={"name": consultation.asked_by, "phone": consultation.contact},
    )
    case = case_create(
        by=by,
        client=client,
        data={
            "service": service,
            "subject": consultation.subject,
            "summary": consultation.question,
        },
        intake_request=consultation.intake_request,
    )
    consultation.converted_to = case
    consultation.save(update_fields=["converted_to"])
    log_action(
        by,
        "legal.consultation.converted",
        consultation,
        {"consultation": consultation.pk, "case": case.pk},
    )
    return case


# ---------------------------------------------------------------------------
# Reminders (sent by a background task, once)


def _due_items(now: datetime) -> Any:
    horizon = now + timedelta(days=reminder_days())
    return CalendarItem.objects.filter(
        reminder_sent_at__isnull=True,
        done_at__isnull=True,
        case__lawyer__isnull=False,
        case__status__in=(CaseStatus.OPEN, CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED),
    ).filter(
        Q(kind=ItemKind.HEARING, starts_at__gte=now, starts_at__lte=horizon)
        | Q(
            kind=ItemKind.DEADLINE,
            due_on__gte=timezone.localdate(now),
            due_on__lte=timezone.localdate(horizon),
        )
    )


def _send_reminder(item: CalendarItem) -> None:
    lawyer = item.case.lawyer
    if lawyer is None or not lawyer.email:
        return
    when = (
        timezone.localtime(item.starts_at).strftime("%Y-%m-%d %H:%M")
        if item.starts_at
        else item.due_on.isoformat()  # type: ignore[union-attr]
    )
    with translation.override(settings.LANGUAGE_CODE):
        kind = ItemKind(item.kind).label
        send_mail(
            subject=str(_("Nama: %(kind)s on %(when)s") % {"kind": kind, "when": when}),
            message=str(
                _("Case %(reference)s: %(kind)s on %(when)s.\n")
                % {"reference": item.case.reference, "kind": kind, "when": when}
            ),
            from_email=None,
            recipient_list=[lawyer.email],
            fail_silently=False,
        )


def reminders_send_due(*, now: datetime | None = None) -> int:
    """E-mail the lawyer of each hearing or deadline within ``NAMA_LEGAL_REMINDER_DAYS``
    whose reminder was not sent yet; returns how many were sent.

    Each item is claimed by a conditional UPDATE in the same transaction as
    the e-mail goes out: a worker that restarts, or two workers at once, never
    send one reminder twice (an e-mail that fails rolls the claim back and is
    tried again next time). The e-mail holds the case reference, the kind
    and the date: never the client or the notes.
    """
    now = now or timezone.now()
    sent = 0
    for pk in list(_due_items(now).values_list("pk", flat=True)):
        with transaction.atomic():
            # The claim: one UPDATE that only one worker can win (the row stays
            # locked until this transaction ends; a failed e-mail rolls it back).
            if not CalendarItem.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                continue
            item = CalendarItem.objects.select_related("case", "case__lawyer").get(pk=pk)
            _send_reminder(item)
            log_action(
                None, "legal.reminder.sent", item.case, {"case": item.case_id, "item": item.pk}
            )
            sent += 1
    return sent


# ---------------------------------------------------------------------------
# iCal feed tokens


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "ignore")).hexdigest()


@transaction.atomic
def calendar_token_issue(*, by: Any, user: Any) -> str:
    """A new secret for ``user``'s iCal feed (older ones are revoked); returned once."""
    if by != user and not can_coordinate(by):
        raise PermissionDenied
    CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    CalendarFeedToken.objects.create(user=user, token_hash=_token_hash(token))
    log_action(by, "legal.calendar_token.issued", None, {"user": user.pk})
    return token


@transaction.atomic
def calendar_token_revoke(*, by: Any, user: Any) -> int:
    if by != user and not can_coordinate(by):
        raise PermissionDenied
    count = CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    log_action(by, "legal.calendar_token.revoked", None, {"user": user.pk, "count": count})
    return count


def calendar_token_user(*, token: str) -> Any:
    """The active user whose live feed token this is, or None."""
    row = (
        CalendarFeedToken.objects.filter(token_hash=_token_hash(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    return row.user
