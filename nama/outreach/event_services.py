"""Every change to public events and their registrations: atomic, audited.

Staff side (editors and the director, ``event_access.can_manage_events``):
``event_create``, ``event_update``, ``event_publish``, ``event_cancel``,
``registration_mark_attended``. Descriptions are sanitised here, so templates
may mark them safe; images are re-encoded without metadata.

Public side: ``registration_submit`` (from the portal form; rate limited by a
keyed hash of the connection, nothing about the device stored) and
``registration_cancel`` (with the cancel code). Places are counted under a
row lock on the event: past ``capacity``, people go on the waiting list, and
the first of them gets the place of anyone who cancels. Audit entries carry
ids and statuses only, never a name or a contact.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nama.core import ratelimit
from nama.core.audit import log_action
from nama.core.fields import blind_index_q
from nama.core.images import CleanImage, clean_image_upload
from nama.core.richtext import sanitise_html
from nama.core.text import normalize
from nama.outreach.event_access import can_manage_events
from nama.outreach.event_mail import (
    send_cancelled,
    send_changed,
    send_confirmation,
    send_promoted,
)
from nama.outreach.event_search import event_index, event_unindex
from nama.outreach.models import (
    EVENT_LANGUAGES,
    EventKind,
    EventRegistration,
    EventStatus,
    PublicEvent,
    RegistrationStatus,
)

__all__ = [
    "DUPLICATE",
    "EVENT_FIELDS",
    "REGISTER_SCOPE",
    "CancelCode",
    "RegistrationClosed",
    "RegistrationThrottled",
    "event_cancel",
    "event_create",
    "event_publish",
    "event_update",
    "normalise_code",
    "registration_by_code",
    "registration_cancel",
    "registration_mark_attended",
    "registration_submit",
    "registrations_purge",
]

logger = logging.getLogger(__name__)

REGISTER_SCOPE = "outreach.event_register"
EVENT_FIELDS = (
    "kind",
    *(f"title_{code}" for code in EVENT_LANGUAGES),
    *(f"description_{code}" for code in EVENT_LANGUAGES),
    "starts_at",
    "ends_at",
    "online",
    "online_link",
    "governorate",
    "venue",
    "capacity",
    "registration_open",
    "registration_deadline",
    "image_alt",
)

# A change to these is e-mailed to the people registered.
NOTIFIED_FIELDS = ("starts_at", "ends_at", "online", "online_link", "governorate", "venue")

NEEDS_TITLE = _("Please give the event an Arabic title.")
ENDS_BEFORE = _("The event cannot end before it starts.")
NEEDS_LINK = _("Please give the link to join an online event.")
NEEDS_GOVERNORATE = _("Please choose the governorate where the event takes place.")
DEADLINE_AFTER = _("Registration must close before the event starts.")
DUPLICATE = _(
    "This e-mail address or phone number cannot be registered again for this event. "
    "If you registered before, the confirmation e-mail has a link to cancel or check it."
)
NEEDS_CONTACT = _("Please give an e-mail address or a phone number.")
CLOSED = _("Registration for this event is closed.")

# The cancel code: 16 characters without look-alikes (0/O, 1/I/L, U/V), about 78 bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 16


class RegistrationThrottled(Exception):
    """Too many registrations from one connection in the current window."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("too many registrations")
        self.retry_after = retry_after


class RegistrationClosed(ValidationError):
    """The event does not take registrations (any more)."""

    def __init__(self) -> None:
        super().__init__(CLOSED, code="closed")


@dataclass(frozen=True)
class CancelCode:
    """A cancel code, in the form shown to people (groups of four)."""

    value: str

    def display(self) -> str:
        return "-".join(self.value[i : i + 4] for i in range(0, len(self.value), 4))


def _require(by: Any) -> None:
    if not can_manage_events(by):
        raise PermissionDenied("editors and the director only")


# --- Events -----------------------------------------------------------------


def clean_event_data(data: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``data`` an event has, stripped and sanitised; ``ValidationError``
    keyed by field for what is missing or inconsistent."""
    values = {name: data[name] for name in EVENT_FIELDS if name in data}
    for name in ("title_ar", "title_en", "title_ckb", "venue", "online_link", "image_alt"):
        if name in values:
            values[name] = str(values[name] or "").strip()[:300]
    for code in EVENT_LANGUAGES:
        name = f"description_{code}"
        if name in values:
            values[name] = sanitise_html(str(values[name] or "").strip())
    errors: dict[str, list[Any]] = {}

    def refuse(field: str, message: Any, code: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if not values.get("title_ar"):
        refuse("title_ar", NEEDS_TITLE, "required")
    if values.get("kind") not in EventKind.values:
        refuse("kind", _("Choose the kind of event."), "kind")
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts is None:
        refuse("starts_at", _("Please give the start."), "required")
    if ends is None:
        refuse("ends_at", _("Please give the end."), "required")
    if starts is not None and ends is not None and ends < starts:
        refuse("ends_at", ENDS_BEFORE, "order")
    online = bool(values.get("online"))
    values["online"] = online
    if online and not values.get("online_link"):
        refuse("online_link", NEEDS_LINK, "required")
    if not online and values.get("governorate") is None:
        refuse("governorate", NEEDS_GOVERNORATE, "required")
    if not online:
        values["online_link"] = ""
    deadline = values.get("registration_deadline")
    if deadline is not None and starts is not None and deadline > starts:
        refuse("registration_deadline", DEADLINE_AFTER, "deadline")
    if errors:
        raise ValidationError(errors)
    return values


def _attach_image(event: PublicEvent, image: Any) -> None:
    clean = image if isinstance(image, CleanImage) else clean_image_upload(image)
    if event.image:
        _delete_file_on_commit(event.image.name)
    content = clean.as_file("event")
    event.image.save(content.name or "event", content, save=False)


def _delete_file_on_commit(name: str) -> None:
    from django.core.files.storage import default_storage

    transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def event_create(*, by: Any, data: dict[str, Any], image: Any = None) -> PublicEvent:
    """A new draft event (``data``: the names in :data:`EVENT_FIELDS`)."""
    _require(by)
    values = clean_event_data(data)
    event = PublicEvent(status=EventStatus.DRAFT, created_by=by, **values)
    if image is not None:
        _attach_image(event, image)
    event.save()
    log_action(
        by,
        "outreach.event.created",
        event,
        {"kind": event.kind, "online": event.online, "languages": event.languages()},
    )
    return event


@transaction.atomic
def event_update(
    *,
    event: PublicEvent,
    by: Any,
    data: dict[str, Any],
    image: Any = None,
    remove_image: bool = False,
) -> PublicEvent:
    """Change an event (draft or published; a cancelled event stays as it was)."""
    _require(by)
    event = PublicEvent.objects.select_for_update().get(pk=event.pk)
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("A cancelled event cannot be changed."), code="status")
    current = {name: getattr(event, name) for name in EVENT_FIELDS}
    values = clean_event_data({**current, **data})
    changed = [name for name, value in values.items() if current.get(name) != value]
    for name in changed:
        setattr(event, name, values[name])
    if image is not None:
        _attach_image(event, image)
        changed.append("image")
    elif remove_image and event.image:
        _delete_file_on_commit(event.image.name)
        event.image = ""
        changed.append("image")
    event.save()
    promoted = _fill_free_places(event)
    told = 0
    if event.status == EventStatus.PUBLISHED:
        event_index(event)
        if set(changed) & set(NOTIFIED_FIELDS) and not event.is_past():
            told = _tell(event, send_changed)
    log_action(
        by,
        "outreach.event.changed",
        event,
        {"fields": changed, "promoted": promoted, "told": told},
    )
    return event


def _tell(event: PublicEvent, send: Any) -> int:
    """E-mail everyone registered or waiting who gave an address (after the commit)."""
    told = 0
    waiting = event.registrations.filter(
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]
    )
    for registration in waiting:
        if registration.email:
            transaction.on_commit(partial(send, registration, event))
            told += 1
    return told


@transaction.atomic
def event_publish(*, event: PublicEvent, by: Any) -> PublicEvent:
    """Draft -> published: on the portal, the calendar, the iCal feed, the API, search."""
    _require(by)
    event = PublicEvent.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."), code="status")
    event.status = EventStatus.PUBLISHED
    event.published_at = event.published_at or timezone.now()
    event.save(update_fields=["status", "published_at", "updated_at"])
    event_index(event)
    log_action(by, "outreach.event.published", event, {"kind": event.kind})
    return event


@transaction.atomic
def event_cancel(*, event: PublicEvent, by: Any, reason: str) -> PublicEvent:
    """Cancel a draft or published event, with a reason (audited). It leaves the
    portal; people registered or waiting with an e-mail address are told."""
    _require(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please say why the event is cancelled."), code="reason")
    event = PublicEvent.objects.select_for_update().get(pk=event.pk)
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("This event is already cancelled."), code="status")
    was_published = event.status == EventStatus.PUBLISHED
    event.status = EventStatus.CANCELLED
    event.cancelled_at = timezone.now()
    event.save(update_fields=["status", "cancelled_at", "updated_at"])
    event_unindex(event)
    told = _tell(event, send_cancelled) if was_published else 0
    log_action(by, "outreach.event.cancelled", event, {"told": told}, reason=reason[:500])
    return event


# --- Registrations ---------------------------------------------------------------


def _new_code() -> CancelCode:
    return CancelCode("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))


def normalise_code(typed: str) -> str:
    """A typed code as stored: Latin capitals, without spaces or dashes (Arabic-Indic
    digits are read as digits)."""
    folded = normalize(str(typed or "")[:200]).upper()
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum())[:64]


def _hash(code: str) -> str:
    return hashlib.sha256(f"nama.event.cancel\x00{normalise_code(code)}".encode()).hexdigest()


def _places_taken(event: PublicEvent) -> int:
    return event.registrations.filter(status=RegistrationStatus.REGISTERED).count()


def _has_place(event: PublicEvent) -> bool:
    return event.capacity is None or _places_taken(event) < event.capacity


def _is_duplicate(event: PublicEvent, email: str, phone: str) -> bool:
    active = EventRegistration.objects.filter(event=event).exclude(
        status=RegistrationStatus.CANCELLED
    )
    for field, value in (("email_index", email), ("phone_index", phone)):
        query = blind_index_q(EventRegistration, field, value) if value else None
        if query is not None and active.filter(query).exists():
            return True
    return False


def registration_submit(
    *,
    event: PublicEvent,
    data: dict[str, Any],
    language: str = "ar",
    base_url: str = "",
    client_key_for_ratelimit: str | None = None,
) -> tuple[EventRegistration, CancelCode]:
    """Register someone from the public form: registered while places are left,
    else on the waiting list. ``data``: name, email, phone, organisation,
    governorate (or None). Returns the registration and its cancel code (shown
    once; only its hash is kept). No trace of the device is stored.

    Raises :class:`RegistrationThrottled` past ``NAMA_EVENT_REGISTER_LIMIT``
    per ``NAMA_EVENT_REGISTER_WINDOW_SECONDS``, :class:`RegistrationClosed`
    when the event takes no registrations, ``ValidationError`` (code
    ``duplicate``) when the e-mail or the phone is already registered.
    """
    name = str(data.get("name") or "").strip()[:200]
    email = str(data.get("email") or "").strip()[:254]
    phone = str(data.get("phone") or "").strip()[:50]
    if not name:
        raise ValidationError({"name": [ValidationError(_("Please give your name."))]})
    if not (email or phone):
        raise ValidationError(NEEDS_CONTACT, code="no_contact")
    if client_key_for_ratelimit is not None:
        limit = int(getattr(settings, "NAMA_EVENT_REGISTER_LIMIT", 10))
        window = int(getattr(settings, "NAMA_EVENT_REGISTER_WINDOW_SECONDS", 3600))
        result = ratelimit.hit(
            client_key_for_ratelimit, scope=REGISTER_SCOPE, limit=limit, window_seconds=window
        )
        if not result.allowed:
            raise RegistrationThrottled(result.retry_after)
    code = _new_code()
    with transaction.atomic():
        event = PublicEvent.objects.select_for_update().get(pk=event.pk)
        if not event.registration_is_open():
            raise RegistrationClosed
        if _is_duplicate(event, email, phone):
            raise ValidationError(DUPLICATE, code="duplicate")
        status = (
            RegistrationStatus.REGISTERED if _has_place(event) else RegistrationStatus.WAITLISTED
        )
        registration = EventRegistration.objects.create(
            event=event,
            name=name,
            email=email,
            phone=phone,
            organisation=str(data.get("organisation") or "").strip()[:200],
            governorate=data.get("governorate"),
            language=language if language in EVENT_LANGUAGES else "ar",
            status=status,
            consent_at=timezone.now(),
            cancel_hash=_hash(code.value),
        )
        log_action(
            None,
            "outreach.registration.submitted",
            registration,
            {"event": event.pk, "status": status},
        )
        if email:
            transaction.on_commit(
                lambda: send_confirmation(registration, event, code.display(), base_url)
            )
    return registration, code


def registration_by_code(*, code: str) -> EventRegistration | None:
    """The live registration behind a cancel code, or None (unknown, used, or cancelled)."""
    if len(normalise_code(code)) != CODE_LENGTH:
        return None
    return (
        EventRegistration.objects.select_related("event")
        .filter(cancel_hash=_hash(code))
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )


def _fill_free_places(event: PublicEvent) -> int:
    """Move people from the waiting list to free places, first come first served."""
    if event.status != EventStatus.PUBLISHED:
        return 0
    promoted = 0
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by("pk")
    for registration in waiting:
        if not _has_place(event):
            break
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status"])
        promoted += 1
        log_action(
            None,
            "outreach.registration.promoted",
            registration,
            {"event": event.pk, "status": RegistrationStatus.REGISTERED},
        )
        if registration.email:
            transaction.on_commit(partial(send_promoted, registration, event))
    return promoted


@transaction.atomic
def registration_cancel(*, code: str) -> EventRegistration | None:
    """Cancel the registration behind ``code``; the code stops working. None when the
    code is unknown or already used (the caller says the same thing for both)."""
    found = registration_by_code(code=code)
    if found is None:
        return None
    event = PublicEvent.objects.select_for_update().get(pk=found.event_id)
    registration = EventRegistration.objects.select_for_update().get(pk=found.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    before = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.cancel_hash = ""
    registration.save(update_fields=["status", "cancelled_at", "cancel_hash"])
    log_action(
        None,
        "outreach.registration.cancelled",
        registration,
        {"event": event.pk, "from": before},
    )
    if before == RegistrationStatus.REGISTERED:
        _fill_free_places(event)
    return registration


@transaction.atomic
def registration_mark_attended(
    *, registration: EventRegistration, by: Any, attended: bool
) -> EventRegistration:
    """Record whether a registered person came."""
    _require(by)
    registration.attended = bool(attended)
    registration.save(update_fields=["attended"])
    log_action(
        by,
        "outreach.registration.attendance",
        registration,
        {"event": registration.event_id, "attended": registration.attended},
    )
    return registration


def registrations_purge(*, now: Any = None) -> int:
    """Delete the registrations (names, contacts) of events over for longer than
    ``NAMA_EVENT_REGISTRATION_RETENTION_DAYS`` (90 by default); returns how many.

    The event keeps nothing about who came; the audit log keeps ids only.
    """
    from datetime import timedelta

    days = int(getattr(settings, "NAMA_EVENT_REGISTRATION_RETENTION_DAYS", 90))
    limit = (now or timezone.now()) - timedelta(days=days)
    deleted = 0
    events = PublicEvent.objects.filter(ends_at__lt=limit, registrations__isnull=False).distinct()
    for event in events:
        with transaction.atomic():
            count, _detail = EventRegistration.objects.filter(event=event).delete()
            log_action(
                None, "outreach.registration.purged", event, {"event": event.pk, "rows": count}
            )
            deleted += count
    return deleted
