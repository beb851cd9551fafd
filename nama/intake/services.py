"""Every write of the intake app (docs/intake.md).

Keyword-only, typed, atomic, audited with ``log_action``. Audit data holds ids,
statuses and field names: never a narrative, a name, a phone number, an
e-mail address or a tracking code (not even its lookup part).

Anonymous requests: nothing here stores an IP address or a user agent (none
is ever passed in), and what the public does on an anonymous request is not
written to the audit log, whose entries carry the exact time (DESIGN.md §4);
the rows themselves carry only the day.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from nama.core import ratelimit, tracking
from nama.core.audit import log_action
from nama.core.evidence.models import EvidenceFile
from nama.core.evidence.services import evidence_store
from nama.core.evidence.storage import delete_blobs
from nama.core.fields import blind_index_q
from nama.core.models import Governorate, Term
from nama.core.roles import Role, can_see_identities, has_role
from nama.core.scoping import scope_by_governorate
from nama.intake.models import (
    CallLog,
    Complainant,
    ContactMethod,
    DatePrecision,
    InternalNote,
    Message,
    MessageDirection,
    NarrativeLanguage,
    Request,
    RequestStatus,
    RouteTarget,
    TrackingCode,
    Urgency,
)

__all__ = [
    "CHANNEL_HOTLINE",
    "CHANNEL_WEB_FORM",
    "ROUTE_HANDLERS",
    "IntakeError",
    "LookupOutcome",
    "LookupResult",
    "SubmissionThrottled",
    "call_log_add",
    "complainant_reveal",
    "guess_language",
    "may_be_assigned",
    "may_log_calls",
    "may_reveal_identity",
    "message_post_by_complainant",
    "message_post_by_staff",
    "note_add",
    "register_route_handler",
    "request_assign",
    "request_close",
    "request_create_by_operator",
    "request_find_by_contact",
    "request_merge",
    "request_page_path",
    "request_route",
    "request_submit_public",
    "request_triage",
    "track_limits",
    "tracking_check",
    "tracking_code_issue",
    "tracking_code_revoke",
    "tracking_code_revoke_and_reissue",
    "tracking_lookup",
]

logger = logging.getLogger(__name__)

# Codes of the intake_channel vocabulary (nama/core/seed/vocabularies.yaml).
CHANNEL_HOTLINE = "01"
CHANNEL_WEB_FORM = "02"


# docs/tracking-codes.md: 20 tries an hour per client, 10 per lookup part.
TRACK_SCOPE = "intake.track"
SUBMIT_SCOPE = "intake.submit"
IDENTITY_FIELDS = ("name", "phone", "email", "address")

# Route handlers: ``ROUTE_HANDLERS["legal"]`` lists callables that the legal
# app registers (``register_route_handler``) to create its record from a
# routed request. Until one exists the decision is recorded and the request
# waits with ``route_handled=False``; nothing is lost.
RouteHandler = Callable[[Request, Any], None]
ROUTE_HANDLERS: dict[str, list[RouteHandler]] = {target: [] for target in RouteTarget.values}


class IntakeError(ValidationError):
    """A service refused the action; the message is translated and safe to show."""


class SubmissionThrottled(Exception):
    """Too many submissions from one client in the current window."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("too many submissions")
        self.retry_after = retry_after


def register_route_handler(target: str, handler: RouteHandler) -> None:
    """Let a later app (legal, monitoring) create its record when a request is routed.

    ``handler(request, by)`` runs inside ``request_route``'s transaction; if it
    raises, the routing is rolled back.
    """
    if target not in ROUTE_HANDLERS:
        raise ValueError(f"unknown route target {target!r}")
    if handler not in ROUTE_HANDLERS[target]:
        ROUTE_HANDLERS[target].append(handler)


# ---------------------------------------------------------------------------
# Helpers


def _today() -> date:
    return timezone.localdate()


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _is_staff(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def _audit_public(request: Request) -> bool:
    """Whether an action of the public on ``request`` may go to the audit log.

    Not for anonymous requests: an audit entry carries the exact time.
    """
    return not request.anonymous


def guess_language(text: str) -> str:
    """A best guess of the narrative's language from its letters (ar, ckb, en or other)."""
    sorani = set("ڕڵێۆەڤگچپژ")
    arabic = latin = 0
    for char in text:
        if char in sorani:
            return NarrativeLanguage.SORANI
        if "\u0600" <= char <= "\u06ff":
            arabic += 1
        elif char.isascii() and char.isalpha():
            latin += 1
    if arabic == 0 and latin == 0:
        return NarrativeLanguage.OTHER
    return NarrativeLanguage.ARABIC if arabic >= latin else NarrativeLanguage.ENGLISH


def _new_reference(request: Request) -> str:
    year = request.received_on.year
    return f"R-{year}-{request.pk:06d}"


def _save_new_request(request: Request) -> Request:
    # The reference is built from the primary key, known only after the insert.
    request.reference = f"tmp-{secrets.token_hex(8)}"
    request.save(force_insert=True)
    request.reference = _new_reference(request)
    request.save(update_fields=["reference"])
    return request


def _store_files(request: Request, files: Iterable[File], *, by: Any) -> list[EvidenceFile]:
    """Store every file as evidence of ``request``; on any failure remove the blobs already
    written and re-raise, so the caller's rollback leaves no row and no blob behind."""
    stored: list[EvidenceFile] = []
    try:
        for file in files:
            stored.append(evidence_store(file=file, owner=request, by=by))
    except BaseException:
        names = [name for e in stored for name in (e.original_blob, e.working_blob) if name]
        try:
            delete_blobs(names)
        except Exception:
            logger.exception("intake: could not remove the blobs of a failed submission")
        raise
    return stored


def _incident(incident_date: date | None, precision: str | None) -> tuple[date | None, str]:
    if incident_date is None:
        return None, DatePrecision.UNKNOWN
    if not precision or precision == DatePrecision.UNKNOWN:
        return incident_date, DatePrecision.EXACT
    return incident_date, precision


def _identity(data: dict[str, Any]) -> dict[str, str]:
    return {key: str(data.get(key) or "").strip() for key in IDENTITY_FIELDS}


def _build_request(
    *,
    data: dict[str, Any],
    channel: Term,
    by: Any,
) -> tuple[Request, dict[str, str]]:
    identity = _identity(data)
    has_identity = any(identity.values())
    anonymous = data.get("anonymous")
    if anonymous is None:
        anonymous = not has_identity
    anonymous = bool(anonymous)
    if anonymous:
        # Defence in depth: an anonymous request keeps no identity at all.
        identity = dict.fromkeys(IDENTITY_FIELDS, "")
    narrative = str(data.get("narrative") or "")
    incident_date, precision = _incident(
        data.get("incident_date"), data.get("incident_date_precision")
    )
    consent_contact = bool(data.get("consent_contact", False)) and not anonymous
    contact_method = data.get("contact_method") or ContactMethod.NONE
    if not consent_contact:
        contact_method = ContactMethod.NONE
    today = _today()
    request = Request(
        channel=channel,
        request_type=data["request_type"],
        governorate=data.get("governorate"),
        narrative=narrative,
        narrative_language=data.get("narrative_language") or guess_language(narrative),
        incident_date=incident_date,
        incident_date_precision=precision,
        urgency=data.get("urgency") or Urgency.NORMAL,
        consent_contact=consent_contact,
        contact_method=contact_method,
        consent_document=bool(data.get("consent_document", False)),
        consent_refer=bool(data.get("consent_refer", False)),
        anonymous=anonymous,
        received_on=today,
        created_at=None if anonymous else timezone.now(),
        created_by=by if _is_staff(by) else None,
    )
    return request, identity


def _save_complainant(request: Request, identity: dict[str, str]) -> Complainant | None:
    if request.anonymous or not any(identity.values()):
        return None
    return Complainant.objects.create(request=request, **identity)


def _term(vocabulary: str, code: str) -> Term:
    return Term.objects.of(vocabulary).get(code=code)


# ---------------------------------------------------------------------------
# Tracking codes


def tracking_code_issue(*, request: Request, by: Any = None) -> tracking.TrackingCode:
    """Issue a new live code for ``request`` and return the **plain** code, once.

    Only its lookup part and the Argon2id hash of its secret are stored. The
    caller shows ``code.display()`` to its owner and forgets it. Lookup-part
    collisions with live codes are retried (the database's partial unique
    constraint decides). Audited with the request's id only.
    """
    live = TrackingCode.objects.filter(revoked_at__isnull=True)
    for _attempt in range(10):
        code = tracking.generate(is_taken=lambda lookup: live.filter(lookup=lookup).exists())
        try:
            with transaction.atomic():
                TrackingCode.objects.create(
                    request=request,
                    lookup=code.lookup,
                    secret_hash=tracking.hash_secret(code.secret),
                    created_on=_today(),
                )
                if _is_staff(by) or _audit_public(request):
                    log_action(
                        by if _is_staff(by) else None,
                        "intake.tracking_code.issued",
                        request,
                        {"request": request.pk},
                    )
        except IntegrityError:
            continue
        return code
    raise tracking.LookupSpaceExhausted("no free lookup part for a tracking code")


@transaction.atomic
def tracking_code_revoke(*, request: Request, by: Any, reason: str) -> int:
    """Revoke every live code of ``request``; returns how many. ``reason`` is audited
    (keep names out of it); the codes themselves never are."""
    if not reason.strip():
        raise IntakeError(_("Give a reason."), code="reason_required")
    count = TrackingCode.objects.filter(request=request, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )
    log_action(
        by,
        "intake.tracking_code.revoked",
        request,
        {"request": request.pk, "count": count},
        reason=reason,
    )
    return count


@transaction.atomic
def tracking_code_revoke_and_reissue(
    *, request: Request, by: Any, reason: str
) -> tracking.TrackingCode:
    """Revoke the live codes of ``request`` (a phone was seized, a code was shared) and
    issue a new one, returned in plain **once** for the staff member to pass on."""
    tracking_code_revoke(request=request, by=by, reason=reason)
    return tracking_code_issue(request=request, by=by)


class LookupOutcome(Enum):
    FOUND = "found"
    INVALID = "invalid"  # not a well-formed code: a typo, answered at once
    THROTTLED = "throttled"
    NOT_FOUND = "not_found"  # unknown lookup part *or* wrong secret: one answer


@dataclass(frozen=True)
class LookupResult:
    outcome: LookupOutcome
    request: Request | None = None
    retry_after: int = 0


def track_limits() -> tuple[int, int, int]:
    client_limit = int(getattr(settings, "NAMA_INTAKE_TRACK_CLIENT_LIMIT", 20))
    lookup_limit = int(getattr(settings, "NAMA_INTAKE_TRACK_LOOKUP_LIMIT", 10))
    window = int(getattr(settings, "NAMA_INTAKE_TRACK_WINDOW_SECONDS", 3600))
    return client_limit, lookup_limit, window


def tracking_check(*, typed: str, client_key: str) -> LookupResult:
    """Check a typed tracking code, exactly as docs/tracking-codes.md describes.

    ``client_key`` is ``ratelimit.client_key(request, scope="intake.track",
    window_seconds=...)``: a short-lived keyed hash, never the address.

    1. parse (a typo answers INVALID without counting);
    2. throttle per client, then per lookup part;
    3. find the live code by its lookup part;
    4. verify its secret, or verify against nothing (same time);
    5. FOUND with the request, or NOT_FOUND for an unknown lookup part and a
       wrong secret alike.

    Nothing is logged or audited: the time of a complainant's visit is not kept.
    """
    parsed = tracking.parse(typed)
    if parsed is None:
        return LookupResult(LookupOutcome.INVALID)
    client_limit, lookup_limit, window = track_limits()
    for result in (
        ratelimit.hit(client_key, scope=TRACK_SCOPE, limit=client_limit, window_seconds=window),
        ratelimit.throttle_lookup(
            parsed.lookup, scope=TRACK_SCOPE, limit=lookup_limit, window_seconds=window
        ),
    ):
        if not result.allowed:
            return LookupResult(LookupOutcome.THROTTLED, retry_after=result.retry_after)
    row = (
        TrackingCode.objects.filter(lookup=parsed.lookup, revoked_at__isnull=True)
        .select_related("request")
        .first()
    )
    if row is None:
        ok = tracking.verify_against_nothing(parsed.secret)
    else:
        ok = tracking.verify_secret(parsed.secret, row.secret_hash)
    if not ok or row is None:
        return LookupResult(LookupOutcome.NOT_FOUND)
    if tracking.needs_rehash(row.secret_hash):
        TrackingCode.objects.filter(pk=row.pk).update(
            secret_hash=tracking.hash_secret(parsed.secret)
        )
    request = row.request
    # A merged request hands its thread to the request it was merged into.
    seen = set()
    while request.merged_into_id is not None and request.pk not in seen:
        seen.add(request.pk)
        request = Request.objects.get(pk=request.merged_into_id)
    return LookupResult(LookupOutcome.FOUND, request=request)


def tracking_lookup(*, typed: str, client_key: str) -> Request | None:
    """The request a typed code opens, or ``None`` on any failure (malformed,
    throttled, unknown, wrong): see :func:`tracking_check` for the outcome."""
    return tracking_check(typed=typed, client_key=client_key).request


# ---------------------------------------------------------------------------
# Creating requests


def request_submit_public(
    *,
    data: dict[str, Any],
    files: Sequence[File] = (),
    client_key_for_ratelimit: str | None = None,
) -> tuple[Request, tracking.TrackingCode]:
    """A request from the public web form or API; returns it and its **plain** code.

    ``data`` holds validated values: ``request_type`` (Term), ``governorate``
    (Governorate or None), ``narrative``, optional ``narrative_language``,
    ``incident_date``, ``incident_date_precision``, ``urgency``,
    ``anonymous``, ``name``, ``phone``, ``email``, ``address``, the consents
    and ``contact_method``. An anonymous request stores no identity at all
    (identity fields are dropped), no exact time, and no audit entry. Files
    are stored as evidence of the request with ``by=None``; a failure in any
    file rolls back the whole submission and removes blobs already written.
    ``client_key_for_ratelimit`` (a ``ratelimit.client_key``) counts the
    submission; past the limit, :class:`SubmissionThrottled`.
    """
    if client_key_for_ratelimit is not None:
        limit = int(getattr(settings, "NAMA_INTAKE_SUBMIT_LIMIT", 10))
        window = int(getattr(settings, "NAMA_INTAKE_SUBMIT_WINDOW_SECONDS", 3600))
        result = ratelimit.hit(
            client_key_for_ratelimit, scope=SUBMIT_SCOPE, limit=limit, window_seconds=window
        )
        if not result.allowed:
            raise SubmissionThrottled(result.retry_after)
    with transaction.atomic():
        request, identity = _build_request(
            data=data, channel=_term("intake_channel", CHANNEL_WEB_FORM), by=None
        )
        _save_new_request(request)
        _save_complainant(request, identity)
        _store_files(request, files, by=None)
        code = tracking_code_issue(request=request, by=None)
        if _audit_public(request):
            log_action(
                None,
                "intake.request.submitted",
                request,
                {"request": request.pk, "files": len(files), "anonymous": False},
            )
    return request, code


def request_create_by_operator(
    *,
    by: Any,
    data: dict[str, Any],
    channel: Term | None = None,
    files: Sequence[File] = (),
    issue_code: bool = True,
) -> tuple[Request, tracking.TrackingCode | None]:
    """A request logged by staff (a hotline call, a visit); returns it and, with
    ``issue_code``, the **plain** tracking code for the operator to read out once.

    ``data`` as for :func:`request_submit_public`. ``channel`` defaults to the
    hotline. Audited with field names only.
    """
    with transaction.atomic():
        request, identity = _build_request(
            data=data, channel=channel or _term("intake_channel", CHANNEL_HOTLINE), by=by
        )
        _save_new_request(request)
        complainant = _save_complainant(request, identity)
        _store_files(request, files, by=by)
        log_action(
            by,
            "intake.request.created",
            request,
            {
                "request": request.pk,
                "anonymous": request.anonymous,
                "identity_fields": sorted(k for k, v in identity.items() if v)
                if complainant
                else [],
                "files": len(files),
            },
        )
        code = tracking_code_issue(request=request, by=by) if issue_code else None
    return request, code


@transaction.atomic
def call_log_add(
    *,
    by: Any,
    request: Request,
    started_at: datetime | None = None,
    duration_seconds: int = 0,
    summary: str = "",
) -> CallLog:
    """Record a hotline call about ``request`` (answered by ``by``)."""
    if duration_seconds < 0:
        raise IntakeError(_("The duration cannot be negative."), code="duration")
    call = CallLog.objects.create(
        request=request,
        operator=by,
        started_at=started_at or timezone.now(),
        duration_seconds=duration_seconds,
        summary=summary,
    )
    log_action(by, "intake.call.logged", request, {"request": request.pk, "call": call.pk})
    return call


# ---------------------------------------------------------------------------
# The thread and notes


def message_post_by_complainant(
    *, request: Request, body: str, files: Sequence[File] = ()
) -> Message:
    """A message from the complainant (who proved the tracking code). On an anonymous
    request it carries only the day and is not audited. Files become evidence of the
    request; any failure leaves nothing behind."""
    body = body.strip()
    if not body and not files:
        raise IntakeError(_("Write a message or attach a file."), code="empty")
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.create(
            request=request,
            direction=MessageDirection.FROM_COMPLAINANT,
            body=body,
            created_at=_day_start(timezone.localdate(now)) if request.anonymous else now,
        )
        _store_files(request, files, by=None)
        if _audit_public(request):
            log_action(
                None,
                "intake.message.received",
                request,
                {"request": request.pk, "message": message.pk, "files": len(files)},
            )
    return message


@transaction.atomic
def message_post_by_staff(*, by: Any, request: Request, body: str) -> Message:
    """A reply to the complainant, shown on the tracking page. Never put a tracking code in it."""
    body = body.strip()
    if not body:
        raise IntakeError(_("Write a message."), code="empty")
    message = Message.objects.create(
        request=request,
        direction=MessageDirection.TO_COMPLAINANT,
        body=body,
        author=by,
        created_at=timezone.now(),
    )
    log_action(by, "intake.message.sent", request, {"request": request.pk, "message": message.pk})
    return message


@transaction.atomic
def note_add(*, by: Any, request: Request, body: str) -> InternalNote:
    """An internal note: staff only, never shown to the complainant."""
    body = body.strip()
    if not body:
        raise IntakeError(_("Write a note."), code="empty")
    note = InternalNote.objects.create(
        request=request, author=by, body=body, created_at=timezone.now()
    )
    log_action(by, "intake.note.added", request, {"request": request.pk, "note": note.pk})
    return note


# ---------------------------------------------------------------------------
# Triage


def _check_open(request: Request) -> None:
    if request.is_closed:
        raise IntakeError(_("This request is closed."), code="closed")


def may_be_assigned(user: Any, request: Request) -> bool:
    """Whether ``user`` may be assigned ``request``: the director, or an operator whose
    governorates cover it (requests without a governorate go to every operator)."""
    if not _is_staff(user) or not user.is_active:
        return False
    if has_role(user, Role.DIRECTOR):
        return True
    if not has_role(user, Role.HOTLINE_OPERATOR):
        return False
    if request.governorate_id is None:
        return True
    return scope_by_governorate(Request.objects.filter(pk=request.pk), user).exists()


def request_page_path(request: Request) -> str:
    """The staff page of ``request`` in the site's default language: e-mails carry this
    path, never the request's content."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("intake:request", kwargs={"pk": request.pk})


def request_assign(*, by: Any, request: Request, assignee: Any) -> Request:
    """Assign ``request`` to ``assignee`` (or unassign with ``None``) and e-mail them.

    The e-mail carries the reference number and the path of the request's
    page only: no narrative, no identity, no tracking code.
    """
    if assignee is not None and not may_be_assigned(assignee, request):
        raise IntakeError(
            _("This person cannot handle requests of this governorate."), code="assignee"
        )
    with transaction.atomic():
        request.assignee = assignee
        request.save(update_fields=["assignee"])
        log_action(
            by,
            "intake.request.assigned",
            request,
            {"request": request.pk, "assignee": assignee.pk if assignee else None},
        )
    if assignee is not None and assignee.email and assignee != by:
        path = request_page_path(request)
        send_mail(
            subject=str(_("Nama: a request was assigned to you")),
            message=str(
                _(
                    "Request %(reference)s was assigned to you.\n\n"
                    "Open it in Nama, after signing in: %(path)s\n"
                )
                % {"reference": request.reference, "path": path}
            ),
            from_email=None,
            recipient_list=[assignee.email],
            fail_silently=True,
        )
    return request


@transaction.atomic
def request_triage(
    *,
    by: Any,
    request: Request,
    urgency: str | None = None,
    request_type: Term | None = None,
    governorate: Governorate | None = None,
) -> Request:
    """Mark ``request`` as triaged, optionally correcting its urgency, type and governorate."""
    _check_open(request)
    changed = ["status"]
    if urgency is not None and urgency != request.urgency:
        request.urgency = urgency
        changed.append("urgency")
    if request_type is not None and request_type.pk != request.request_type_id:
        request.request_type = request_type
        changed.append("request_type")
    if governorate is not None and governorate.pk != request.governorate_id:
        request.governorate = governorate
        changed.append("governorate")
    previous = request.status
    request.status = RequestStatus.TRIAGED
    request.save(update_fields=changed)
    log_action(
        by,
        "intake.request.triaged",
        request,
        {"request": request.pk, "fields": changed, "from": previous},
    )
    return request


@transaction.atomic
def request_route(*, by: Any, request: Request, target: str, note: str = "") -> Request:
    """Route ``request`` to the legal unit or the monitoring team.

    Records the decision (target, note, who, when) and calls the handlers
    that the legal or monitoring app registered for ``target``
    (``ROUTE_HANDLERS``); without one, the request waits as routed, with
    ``route_handled=False``, for that app to pick it up.
    """
    _check_open(request)
    if target not in RouteTarget.values:
        raise IntakeError(_("Choose the legal unit or the monitoring team."), code="target")
    request.route_target = target
    request.route_note = note
    request.routed_at = timezone.now()
    request.routed_by = by
    request.status = (
        RequestStatus.ROUTED_LEGAL
        if target == RouteTarget.LEGAL
        else RequestStatus.ROUTED_MONITORING
    )
    handlers = ROUTE_HANDLERS.get(target, [])
    request.route_handled = False
    request.save(
        update_fields=[
            "route_target",
            "route_note",
            "routed_at",
            "routed_by",
            "status",
            "route_handled",
        ]
    )
    for handler in handlers:
        handler(request, by)
    if handlers:
        request.route_handled = True
        request.save(update_fields=["route_handled"])
    log_action(
        by,
        "intake.request.routed",
        request,
        {"request": request.pk, "target": target, "handled": bool(handlers)},
    )
    return request


@transaction.atomic
def request_close(*, by: Any, request: Request, reason: str) -> Request:
    """Close ``request`` with a reason (shown to staff only; keep names out of it)."""
    _check_open(request)
    reason = reason.strip()
    if not reason:
        raise IntakeError(_("Give a reason."), code="reason_required")
    request.status = RequestStatus.CLOSED
    request.close_reason = reason[:500]
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "close_reason", "closed_at"])
    log_action(by, "intake.request.closed", request, {"request": request.pk})
    return request


@transaction.atomic
def request_merge(*, by: Any, source: Request, target: Request) -> Request:
    """Merge the duplicate ``source`` into ``target``.

    Messages, internal notes, calls, evidence files and tracking codes move to
    ``target`` (the complainant's code keeps working and now opens the
    target); ``source`` is closed as merged. The source's complainant stays
    with the source. Both must have been fetched through a scoped selector.
    """
    if source.pk == target.pk:
        raise IntakeError(_("A request cannot be merged into itself."), code="same")
    _check_open(source)
    _check_open(target)
    moved = {
        "messages": Message.objects.filter(request=source).update(request=target),
        "notes": InternalNote.objects.filter(request=source).update(request=target),
        "calls": CallLog.objects.filter(request=source).update(request=target),
        "tracking_codes": TrackingCode.objects.filter(request=source).update(request=target),
        "files": EvidenceFile.objects.of(source).update(owner_id=str(target.pk)),
    }
    source.status = RequestStatus.CLOSED
    source.close_reason = f"merged into {target.reference}"
    source.closed_at = timezone.now()
    source.merged_into = target
    source.save(update_fields=["status", "close_reason", "closed_at", "merged_into"])
    log_action(
        by,
        "intake.request.merged",
        source,
        {"request": source.pk, "into": target.pk, "moved": moved},
    )
    return target


def request_find_by_contact(
    *, by: Any, phone: str | None = None, email: str | None = None
) -> QuerySet[Request]:
    """Requests whose complainant has this phone number or e-mail, within ``by``'s scope.

    Searches the blind indexes (every way of typing an Iraqi number matches).
    The search is audited with the fields searched and the count, never the
    values. Roles without full access to intake requests find nothing.
    """
    from nama.intake.selectors import request_full_access_list_for_user

    query = None
    for field, value in (("phone_index", phone), ("email_index", email)):
        if not value:
            continue
        q = blind_index_q(Complainant, field, value)
        if q is not None:
            query = q if query is None else query | q
    if query is None:
        return Request.objects.none()
    complainants = Complainant.objects.filter(query).values("request_id")
    found = request_full_access_list_for_user(user=by).filter(pk__in=complainants)
    log_action(
        by,
        "intake.complainant.searched",
        None,
        {
            "fields": [f for f, v in (("phone", phone), ("email", email)) if v],
            "count": found.count(),
        },
    )
    return found


def may_log_calls(user: Any) -> bool:
    """Who answers the hotline and creates requests: operators and the director."""
    return has_role(user, Role.HOTLINE_OPERATOR, Role.DIRECTOR)


def may_reveal_identity(*, user: Any, request: Request) -> bool:
    """Who may read a complainant's identity: the director (``can_see_identities``),
    and the hotline operator the request is assigned to, who may have to call back."""
    if can_see_identities(user):
        return True
    return (
        has_role(user, Role.HOTLINE_OPERATOR)
        and request.assignee_id is not None
        and request.assignee_id == getattr(user, "pk", None)
    )


@transaction.atomic
def complainant_reveal(*, by: Any, request: Request, reason: str) -> Complainant | None:
    """The complainant of ``request`` (fetched through a scoped selector), for a stated
    reason; audited with the field names that hold a value, never the values.

    Raises ``PermissionDenied`` for anyone :func:`may_reveal_identity` refuses.
    ``None`` for an anonymous request.
    """
    from django.core.exceptions import PermissionDenied

    if not may_reveal_identity(user=by, request=request):
        raise PermissionDenied
    if not reason.strip():
        raise IntakeError(_("Give a reason."), code="reason_required")
    complainant = Complainant.objects.filter(request=request).first()
    log_action(
        by,
        "intake.complainant.revealed",
        request,
        {
            "request": request.pk,
            "fields": [f for f in IDENTITY_FIELDS if complainant and getattr(complainant, f)],
        },
        reason=reason,
    )
    return complainant
