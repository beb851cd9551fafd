"""Every write of the monitoring app (docs/monitoring.md).

Keyword-only, atomic, audited with ``log_action``: audit data holds ids,
pseudonyms, field names and states, never a name, a description or any other
identifying value. Callers fetch records through ``nama.monitoring.selectors``
first and check ``selectors.can_document`` for writes.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nama.core.audit import log_action
from nama.core.dates import DatePrecision, normalise_to_precision
from nama.core.evidence.models import EvidenceFile
from nama.core.evidence.services import evidence_store
from nama.core.models import Governorate, Term
from nama.monitoring import matching
from nama.monitoring.models import (
    Act,
    Consent,
    ConsentKind,
    Event,
    Information,
    Intervention,
    Involvement,
    InvolvementDegree,
    Person,
    VerificationComment,
    VerificationState,
)

__all__ = [
    "ActInput",
    "MonitoringError",
    "PerpetratorInput",
    "PersonInput",
    "SourceInput",
    "act_add",
    "act_remove",
    "comment_add",
    "consent_current",
    "consent_record",
    "event_attach_files",
    "event_create_from_request",
    "event_document",
    "event_return",
    "event_submit",
    "event_update",
    "event_verify",
    "evidence_attach",
    "information_add",
    "intervention_add",
    "involvement_add",
    "person_create",
    "person_update",
]

IDENTITY_FIELDS = ("name", "name_latin", "aliases", "phone", "email", "id_number", "address")
PERSON_FIELDS = (
    "is_group",
    "group_size",
    "sex",
    "birth_year",
    "occupation",
    "notes",
    *IDENTITY_FIELDS,
)
EVENT_FIELDS = (
    "title",
    "description",
    "governorate",
    "district",
    "place",
    "latitude",
    "longitude",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "confidentiality",
    "index_terms",
)


class MonitoringError(ValidationError):
    """A service refused the action; the message is translated and safe to show."""


# ---------------------------------------------------------------------------
# Persons


def _check_person_duplicates(by: Any, person: Person) -> None:
    """Keep the person's matching keys current and suggest likely duplicates
    (``nama.monitoring.duplicates``; a reviewer decides)."""
    from nama.monitoring.duplicates import person_check_duplicates

    person_check_duplicates(by=by, person=person)


def _check_event_duplicates(by: Any, event: Event) -> None:
    from nama.monitoring.duplicates import event_check_duplicates

    event_check_duplicates(by=by, event=event)


def _new_pseudonym(person: Person) -> str:
    return f"P-{timezone.localdate().year}-{person.pk:05d}"


def _set_fields(obj: Any, data: dict[str, Any], names: Iterable[str]) -> list[str]:
    changed = []
    for name in names:
        # getattr with a default: an unset foreign key raises (an AttributeError).
        if name in data and getattr(obj, name, None) != data[name]:
            setattr(obj, name, data[name])
            changed.append(name)
    return changed


def _check_person(person: Person) -> None:
    if not person.is_group:
        person.group_size = None


@transaction.atomic
def person_create(
    *, by: Any, governorate: Governorate, data: dict[str, Any], characteristics: Sequence[Term] = ()
) -> Person:
    """A person (victim, perpetrator, source, party), with a new pseudonym.

    ``data`` may hold any of ``PERSON_FIELDS`` (identifying ones are
    encrypted by their fields). Audited with the names of the fields given.
    """
    person = Person(governorate=governorate, created_by=by, pseudonym=f"tmp-{secrets.token_hex(6)}")
    _set_fields(person, data, PERSON_FIELDS)
    _check_person(person)
    person.match_keys = matching.person_keys(person)
    person.save(force_insert=True)
    person.pseudonym = _new_pseudonym(person)
    person.save(update_fields=["pseudonym"])
    if characteristics:
        person.characteristics.set(characteristics)
    _check_person_duplicates(by, person)
    log_action(
        by,
        "monitoring.person.created",
        person,
        {
            "person": person.pk,
            "pseudonym": person.pseudonym,
            "fields": sorted(k for k in PERSON_FIELDS if data.get(k) not in (None, "", False)),
        },
    )
    return person


@transaction.atomic
def person_update(
    *,
    by: Any,
    person: Person,
    data: dict[str, Any],
    characteristics: Sequence[Term] | None = None,
) -> Person:
    """Change a person's fields; audited with the names of the fields that changed."""
    changed = _set_fields(person, data, (*PERSON_FIELDS, "governorate"))
    _check_person(person)
    person.match_keys = matching.person_keys(person)
    person.save()
    if characteristics is not None:
        person.characteristics.set(characteristics)
        changed.append("characteristics")
    _check_person_duplicates(by, person)
    log_action(
        by, "monitoring.person.updated", person, {"person": person.pk, "fields": sorted(changed)}
    )
    return person


@transaction.atomic
def consent_record(
    *,
    by: Any,
    person: Person,
    kind: str,
    given: bool,
    recorded_on: date | None = None,
    note: str = "",
) -> Consent:
    """Record a consent decision (the latest per kind counts); who and when are kept."""
    if kind not in ConsentKind.values:
        raise MonitoringError(_("Unknown kind of consent."), code="kind")
    consent = Consent.objects.create(
        person=person,
        kind=kind,
        given=given,
        recorded_on=recorded_on or timezone.localdate(),
        recorded_by=by,
        note=note,
    )
    log_action(
        by,
        "monitoring.consent.recorded",
        person,
        {"person": person.pk, "kind": kind, "given": given},
    )
    return consent


def consent_current(*, person: Person) -> dict[str, bool]:
    """Each kind of consent → the latest decision; missing kinds count as not given."""
    current = dict.fromkeys(ConsentKind.values, False)
    seen: set[str] = set()
    for consent in Consent.objects.filter(person=person).order_by("-recorded_on", "-id"):
        if consent.kind not in seen:
            seen.add(consent.kind)
            current[consent.kind] = consent.given
    return current


# ---------------------------------------------------------------------------
# Documenting an event in one go (the entry page)


@dataclass
class PersonInput:
    """An existing person (fetched through a selector) or the fields of a new one."""

    person: Person | None = None
    data: dict[str, Any] = field(default_factory=dict)
    characteristics: Sequence[Term] = ()


@dataclass
class ActInput:
    """``victim`` is the index of the victim in ``event_document``'s ``victims``."""

    victim: int
    act_type: Term
    method: Term | None = None
    location_type: Term | None = None
    victim_status: Term | None = None
    victim_age: int | None = None
    date: date | None = None
    date_precision: str = DatePrecision.UNKNOWN


@dataclass
class PerpetratorInput:
    """A perpetrator: a person, a type, or both; ``acts`` are indexes into ``acts``
    (empty: every act of the event)."""

    who: PersonInput | None = None
    perpetrator_type: Term | None = None
    degree: str = InvolvementDegree.DIRECT
    acts: Sequence[int] = ()


@dataclass
class SourceInput:
    who: PersonInput
    connection: Term | None = None
    reliability: Term | None = None
    date: date | None = None
    summary: str = ""


def _person_from(by: Any, governorate: Governorate, given: PersonInput) -> Person:
    if given.person is not None:
        return given.person
    return person_create(
        by=by, governorate=governorate, data=given.data, characteristics=given.characteristics
    )


def _event_dates(data: dict[str, Any]) -> None:
    for prefix in ("start", "end"):
        day = data.get(f"{prefix}_date")
        precision = data.get(f"{prefix}_precision") or (
            DatePrecision.EXACT if day else DatePrecision.UNKNOWN
        )
        if day is None:
            precision = DatePrecision.UNKNOWN
        elif precision == DatePrecision.UNKNOWN:
            precision = DatePrecision.EXACT
        data[f"{prefix}_date"] = normalise_to_precision(day, precision)
        data[f"{prefix}_precision"] = precision
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        raise MonitoringError(_("The end date is before the start date."), code="dates")


def _new_reference(event: Event) -> str:
    return f"E-{timezone.localdate().year}-{event.pk:06d}"


@transaction.atomic
def event_document(
    *,
    by: Any,
    data: dict[str, Any],
    victims: Sequence[PersonInput] = (),
    acts: Sequence[ActInput] = (),
    perpetrators: Sequence[PerpetratorInput] = (),
    sources: Sequence[SourceInput] = (),
    rights_affected: Sequence[Term] = (),
    intake_request: Any = None,
) -> Event:
    """Create a draft event with its victims, acts, perpetrators and sources, all or nothing.

    ``data`` holds ``EVENT_FIELDS`` (``governorate`` required). New persons
    are created in the event's governorate. Every act needs a victim from
    ``victims``; an act can be listed once per (victim, act type).
    """
    data = dict(data)
    if data.get("governorate") is None:
        raise MonitoringError(_("Choose the governorate."), code="governorate")
    _event_dates(data)
    event = Event(created_by=by, reference=f"tmp-{secrets.token_hex(6)}")
    _set_fields(event, data, EVENT_FIELDS)
    event.intake_request = intake_request
    event.save(force_insert=True)
    event.reference = _new_reference(event)
    event.save(update_fields=["reference"])
    if rights_affected:
        event.rights_affected.set(rights_affected)

    people = [_person_from(by, event.governorate, victim) for victim in victims]
    # ``listed[i]`` is the act made for ``acts[i]`` (a repeated victim and act type
    # gives the same act), so perpetrators can point at acts as they were listed.
    listed: list[Act] = []
    by_key: dict[tuple[int, int], Act] = {}
    for given in acts:
        if not 0 <= given.victim < len(people):
            raise MonitoringError(_("Each act needs one of the victims listed."), code="victim")
        victim = people[given.victim]
        key = (victim.pk, given.act_type.pk)
        if key not in by_key:
            by_key[key] = _act_create(event=event, victim=victim, given=given)
        listed.append(by_key[key])
    made = list(by_key.values())
    for perpetrator in perpetrators:
        person = _person_from(by, event.governorate, perpetrator.who) if perpetrator.who else None
        if person is None and perpetrator.perpetrator_type is None:
            raise MonitoringError(
                _("Name the perpetrator or choose the type of perpetrator."), code="perpetrator"
            )
        if any(not 0 <= i < len(listed) for i in perpetrator.acts):
            raise MonitoringError(
                _("A perpetrator is linked to an act that is not listed."), code="act"
            )
        targets = list(dict.fromkeys(listed[i] for i in perpetrator.acts)) or made
        for act in targets:
            Involvement.objects.create(
                act=act,
                perpetrator=person,
                perpetrator_type=perpetrator.perpetrator_type,
                degree=perpetrator.degree,
            )
    for source in sources:
        Information.objects.create(
            source=_person_from(by, event.governorate, source.who),
            event=event,
            connection=source.connection,
            reliability=source.reliability,
            date=source.date,
            summary=source.summary,
        )
    log_action(
        by,
        "monitoring.event.documented",
        event,
        {
            "event": event.pk,
            "acts": len(made),
            "victims": len(people),
            "perpetrators": len(perpetrators),
            "sources": len(sources),
            "request": intake_request.pk if intake_request is not None else None,
        },
    )
    _check_event_duplicates(by, event)
    return event


def _act_create(*, event: Event, victim: Person, given: ActInput) -> Act:
    precision = given.date_precision if given.date else DatePrecision.UNKNOWN
    if given.date and precision == DatePrecision.UNKNOWN:
        precision = DatePrecision.EXACT
    return Act.objects.create(
        event=event,
        victim=victim,
        act_type=given.act_type,
        method=given.method,
        location_type=given.location_type,
        victim_status=given.victim_status,
        victim_age=given.victim_age,
        date=normalise_to_precision(given.date, precision),
        date_precision=precision,
    )


def _check_editable(event: Event) -> None:
    if event.verification != VerificationState.DRAFT:
        raise MonitoringError(
            _("Only a draft can be changed. Ask the verifier to return it to you."),
            code="not_draft",
        )


@transaction.atomic
def event_update(
    *, by: Any, event: Event, data: dict[str, Any], rights_affected: Sequence[Term] | None = None
) -> Event:
    """Change a draft event's fields; audited with the names of the fields that changed."""
    _check_editable(event)
    if "governorate" in data and data["governorate"] is None:
        raise MonitoringError(_("Choose the governorate."), code="governorate")
    merged = {name: getattr(event, name) for name in EVENT_FIELDS}
    merged.update(data)
    _event_dates(merged)
    changed = _set_fields(event, merged, EVENT_FIELDS)
    event.save()
    if rights_affected is not None:
        event.rights_affected.set(rights_affected)
        changed.append("rights_affected")
    log_action(
        by, "monitoring.event.updated", event, {"event": event.pk, "fields": sorted(changed)}
    )
    _check_event_duplicates(by, event)
    return event


@transaction.atomic
def act_add(*, by: Any, event: Event, victim: Person, given: ActInput) -> Act:
    """Add one act (a victim and a type of act) to a draft event."""
    _check_editable(event)
    if Act.objects.filter(event=event, victim=victim, act_type=given.act_type).exists():
        raise MonitoringError(
            _("This victim already has this act in this event."), code="duplicate_act"
        )
    act = _act_create(event=event, victim=victim, given=given)
    log_action(by, "monitoring.act.added", event, {"event": event.pk, "act": act.pk})
    return act


@transaction.atomic
def act_remove(*, by: Any, act: Act) -> None:
    """Remove an act from a draft event (its involvements go with it)."""
    _check_editable(act.event)
    event, pk = act.event, act.pk
    act.delete()
    log_action(by, "monitoring.act.removed", event, {"event": event.pk, "act": pk})


@transaction.atomic
def involvement_add(
    *,
    by: Any,
    act: Act,
    perpetrator: Person | None = None,
    perpetrator_type: Term | None = None,
    degree: str = InvolvementDegree.DIRECT,
) -> Involvement:
    _check_editable(act.event)
    if perpetrator is None and perpetrator_type is None:
        raise MonitoringError(
            _("Name the perpetrator or choose the type of perpetrator."), code="perpetrator"
        )
    involvement = Involvement.objects.create(
        act=act, perpetrator=perpetrator, perpetrator_type=perpetrator_type, degree=degree
    )
    log_action(
        by,
        "monitoring.involvement.added",
        act.event,
        {"event": act.event_id, "act": act.pk, "involvement": involvement.pk},
    )
    return involvement


@transaction.atomic
def information_add(
    *,
    by: Any,
    source: Person,
    event: Event | None = None,
    person: Person | None = None,
    connection: Term | None = None,
    reliability: Term | None = None,
    on: date | None = None,
    summary: str = "",
) -> Information:
    if event is None and person is None:
        raise MonitoringError(_("Say what the information is about."), code="about")
    info = Information.objects.create(
        source=source,
        event=event,
        person=person,
        connection=connection,
        reliability=reliability,
        date=on,
        summary=summary,
    )
    log_action(
        by,
        "monitoring.information.added",
        event or person,
        {
            "information": info.pk,
            "event": getattr(event, "pk", None),
            "person": getattr(person, "pk", None),
        },
    )
    return info


@transaction.atomic
def intervention_add(
    *,
    by: Any,
    intervention_type: Term,
    event: Event | None = None,
    victim: Person | None = None,
    on: date | None = None,
    status: str = "planned",
    by_party: Person | None = None,
    response: str = "",
    notes: str = "",
) -> Intervention:
    if event is None and victim is None:
        raise MonitoringError(_("Say whom or what the intervention is for."), code="about")
    intervention = Intervention.objects.create(
        event=event,
        victim=victim,
        intervention_type=intervention_type,
        date=on,
        status=status,
        by_party=by_party,
        by_user=by if by_party is None else None,
        response=response,
        notes=notes,
    )
    log_action(
        by,
        "monitoring.intervention.added",
        event or victim,
        {"intervention": intervention.pk, "status": status},
    )
    return intervention


@transaction.atomic
def evidence_attach(
    *, by: Any, owner: Event | Act | Person, files: Sequence[File]
) -> list[EvidenceFile]:
    """Store files as evidence of an event, an act or a person (fetched through a
    selector); custody starts with their receipt. Audited with ids and the count."""
    stored = [evidence_store(file=file, owner=owner, by=by) for file in files]
    log_action(
        by,
        "monitoring.evidence.attached",
        owner,
        {"owner": owner._meta.model_name, "id": owner.pk, "files": len(stored)},
    )
    return stored


def event_attach_files(*, by: Any, event: Event, files: Sequence[File]) -> list[EvidenceFile]:
    """Store files as evidence of ``event`` (see :func:`evidence_attach`)."""
    return evidence_attach(by=by, owner=event, files=files)


# ---------------------------------------------------------------------------
# Verification


@transaction.atomic
def comment_add(*, by: Any, event: Event, body: str) -> VerificationComment:
    body = body.strip()
    if not body:
        raise MonitoringError(_("Write a comment."), code="empty")
    comment = VerificationComment.objects.create(event=event, author=by, body=body)
    log_action(by, "monitoring.comment.added", event, {"event": event.pk, "comment": comment.pk})
    return comment


@transaction.atomic
def event_submit(*, by: Any, event: Event, comment: str = "") -> Event:
    """Send a draft for verification by someone else."""
    _check_editable(event)
    if not event.acts.exists():
        raise MonitoringError(
            _("Add at least one act (a victim and what they suffered) before submitting."),
            code="no_acts",
        )
    event.verification = VerificationState.SUBMITTED
    event.submitted_at = timezone.now()
    event.save(update_fields=["verification", "submitted_at"])
    VerificationComment.objects.create(
        event=event, author=by, kind=VerificationComment.Kind.SUBMITTED, body=comment.strip()
    )
    log_action(by, "monitoring.event.submitted", event, {"event": event.pk})
    return event


def _check_reviewer(by: Any, event: Event) -> None:
    """The verifier is neither the author nor whoever submitted the event (for an event
    made from a routed request, the author is the operator who routed it, and the
    monitor who documented it is the one who submits)."""
    pk = getattr(by, "pk", None)
    submitter = (
        VerificationComment.objects.filter(event=event, kind=VerificationComment.Kind.SUBMITTED)
        .order_by("-created_at", "-id")
        .values_list("author_id", flat=True)
        .first()
    )
    if pk in (event.created_by_id, submitter):
        raise MonitoringError(
            _("Someone other than the author must verify this event."), code="author"
        )


@transaction.atomic
def event_return(*, by: Any, event: Event, comment: str) -> Event:
    """Send a submitted or verified event back to draft, saying why."""
    if event.verification == VerificationState.DRAFT:
        raise MonitoringError(_("This event is already a draft."), code="draft")
    if not comment.strip():
        raise MonitoringError(_("Say what needs to change."), code="empty")
    previous = event.verification
    event.verification = VerificationState.DRAFT
    event.verified_by = None
    event.verified_at = None
    event.save(update_fields=["verification", "verified_by", "verified_at"])
    VerificationComment.objects.create(
        event=event, author=by, kind=VerificationComment.Kind.RETURNED, body=comment.strip()
    )
    log_action(by, "monitoring.event.returned", event, {"event": event.pk, "from": previous})
    return event


@transaction.atomic
def event_verify(*, by: Any, event: Event, violation_status: Term, comment: str = "") -> Event:
    """Verify a submitted event and set its violation status; never by its author."""
    if event.verification != VerificationState.SUBMITTED:
        raise MonitoringError(_("Only a submitted event can be verified."), code="not_submitted")
    _check_reviewer(by, event)
    if violation_status.vocabulary.key != "violation_status":
        raise MonitoringError(_("Choose a violation status."), code="status")
    event.verification = VerificationState.VERIFIED
    event.violation_status = violation_status
    event.verified_by = by
    event.verified_at = timezone.now()
    event.save(update_fields=["verification", "violation_status", "verified_by", "verified_at"])
    VerificationComment.objects.create(
        event=event, author=by, kind=VerificationComment.Kind.VERIFIED, body=comment.strip()
    )
    log_action(
        by,
        "monitoring.event.verified",
        event,
        {"event": event.pk, "violation_status": violation_status.code},
    )
    return event


# ---------------------------------------------------------------------------
# From the intake


def event_create_from_request(request: Any, by: Any) -> None:
    """The route handler for requests routed to monitoring (registered in apps.py).

    Creates a draft event prefilled from the request (governorate, the
    narrative as description, the incident date) and linked both ways
    (``event.intake_request`` / ``request.monitoring_events``). No person is
    created: the complainant's identity stays in the intake, and a monitor
    decides who the victims are. Refuses (and so the routing is rolled back)
    when the request has no governorate yet.
    """
    from nama.intake.services import IntakeError

    if request.governorate_id is None:
        raise IntakeError(
            _("Set the governorate (triage) before routing to the monitoring team."),
            code="governorate",
        )
    if Event.objects.filter(intake_request=request).exists():
        return
    title = str(_("Documentation of request %(reference)s") % {"reference": request.reference})
    event_document(
        by=by,
        data={
            "title": title,
            "description": request.narrative,
            "governorate": request.governorate,
            "start_date": request.incident_date,
            "start_precision": request.incident_date_precision,
        },
        intake_request=request,
    )
