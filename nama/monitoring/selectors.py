"""Every read of monitoring records, scoped to the user (docs/monitoring.md, "Who sees what").

* **Director**: every event and person, with identities.
* **Monitor**: events and persons of their governorates, and those they
  documented themselves, with identities (they wrote them down).
* **Analyst**: every event and person, **de-identified**: the pseudonym
  stands for the person, and no identifying field is ever read for them.
* Everyone else: nothing (404).

Merged persons and events are hidden from lists; fetching one by id still
works so that old links lead to the record it was merged into.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from nama.core.dates import DatePrecision
from nama.core.models import Governorate
from nama.core.roles import Role, has_role, scoped_governorates
from nama.core.scoping import get_object_for_user_or_404
from nama.monitoring.models import Act, Event, Person, VerificationState

__all__ = [
    "act_list_counted",
    "act_list_for_event",
    "can_document",
    "can_see_identities_of",
    "event_get_for_user",
    "event_list_for_user",
    "person_get_for_user",
    "person_list_for_user",
]


def can_document(user: Any) -> bool:
    """Who creates and edits events: monitors and the director."""
    return has_role(user, Role.MONITOR, Role.DIRECTOR)


def _reads_everything(user: Any) -> bool:
    return has_role(user, Role.DIRECTOR, Role.ANALYST)


def _scope_q(user: Any) -> Q | None:
    """Rows of events or persons the user may read, or None for none."""
    if _reads_everything(user):
        return Q()
    if has_role(user, Role.MONITOR):
        return Q(governorate__in=scoped_governorates(user).values("pk")) | Q(created_by=user)
    return None


def can_see_identities_of(user: Any, person: Person) -> bool:
    """Whether ``user`` may read the identifying fields of ``person`` (fetched through a
    selector): the director, and monitors for persons in their scope. Never analysts."""
    if has_role(user, Role.DIRECTOR):
        return True
    if not has_role(user, Role.MONITOR):
        return False
    # The account's own governorates, not ``scoped_governorates``: a monitor who is
    # also an analyst (a nationwide role) must not see identities everywhere.
    return (
        person.created_by_id == getattr(user, "pk", None)
        or Governorate.objects.filter(staff=user, pk=person.governorate_id).exists()
    )


@dataclass(frozen=True)
class EventFilters:
    governorate: str = ""  # slug
    period_start: date | None = None
    period_end: date | None = None
    act_type: str = ""  # term code; includes narrower terms
    perpetrator_type: str = ""  # term code; includes narrower terms
    victim_characteristic: str = ""  # term code
    violation_status: str = ""  # term code
    verification: str = ""  # VerificationState value
    created_by_me: bool = False


def _reaches(day: date, field: str, precision_field: str) -> Q:
    """Rows whose date ``field`` (with its precision) may fall on or after ``day``."""
    return (
        Q(**{precision_field: DatePrecision.EXACT, f"{field}__gte": day})
        | Q(**{precision_field: DatePrecision.MONTH, f"{field}__gte": day.replace(day=1)})
        | Q(**{precision_field: DatePrecision.YEAR, f"{field}__gte": date(day.year, 1, 1)})
    )


def event_list_for_user(
    *, user: Any, filters: EventFilters | None = None, include_merged: bool = False
) -> QuerySet[Event]:
    """Events the user may read, newest first, filtered."""
    scope = _scope_q(user)
    if scope is None:
        return Event.objects.none()
    events = Event.objects.filter(scope).select_related(
        "governorate", "district", "violation_status", "created_by"
    )
    if not include_merged:
        events = events.filter(merged_into__isnull=True)
    f = filters or EventFilters()
    if f.governorate:
        events = events.filter(governorate__slug=f.governorate)
    if f.period_start:
        # A date known to the month or year is stored on its first day but may be
        # any day of it: it overlaps the period if its month or year reaches it.
        events = events.filter(
            _reaches(f.period_start, "end_date", "end_precision")
            | (Q(end_date__isnull=True) & _reaches(f.period_start, "start_date", "start_precision"))
        )
    if f.period_end:
        events = events.filter(start_date__lte=f.period_end)
    if f.act_type:
        events = events.filter(acts__act_type__code__startswith=f.act_type)
    if f.perpetrator_type:
        events = events.filter(
            acts__involvements__perpetrator_type__code__startswith=f.perpetrator_type
        )
    if f.victim_characteristic:
        events = events.filter(acts__victim__characteristics__code=f.victim_characteristic)
    if f.violation_status:
        events = events.filter(violation_status__code=f.violation_status)
    if f.verification:
        events = events.filter(verification=f.verification)
    if f.created_by_me:
        events = events.filter(created_by=user)
    if f.act_type or f.perpetrator_type or f.victim_characteristic:
        events = events.distinct()
    return events.order_by("-start_date", "-id")


def event_get_for_user(*, user: Any, pk: Any) -> Event:
    """One event the user may read; 404 when missing, out of scope or malformed."""
    return get_object_for_user_or_404(event_list_for_user(user=user, include_merged=True), pk=pk)


def person_list_for_user(*, user: Any, include_merged: bool = False) -> QuerySet[Person]:
    """Persons the user may read (at identity level or, for analysts, de-identified)."""
    scope = _scope_q(user)
    if scope is None:
        return Person.objects.none()
    persons = Person.objects.filter(scope).select_related("governorate", "sex")
    if not include_merged:
        persons = persons.filter(merged_into__isnull=True)
    return persons


def person_get_for_user(*, user: Any, pk: Any) -> Person:
    """One person the user may read; 404 otherwise. Identities: ``can_see_identities_of``."""
    return get_object_for_user_or_404(person_list_for_user(user=user, include_merged=True), pk=pk)


def act_list_for_event(*, event: Event) -> QuerySet[Act]:
    """The acts of an event fetched through a selector, with what a list shows."""
    return (
        Act.objects.filter(event=event)
        .select_related("victim", "act_type", "method", "location_type", "victim_status")
        .prefetch_related("involvements__perpetrator", "involvements__perpetrator_type")
    )


def act_list_counted(*, minimum_status: str = "02") -> QuerySet[Act]:
    """The acts statistics count: of verified, unmerged events whose violation status is
    at or above ``minimum_status`` (codes of ``violation_status``: 01 confirmed, 02
    likely, 03 possible, 04 unlikely; "at or above likely" is 01 or 02).

    Not scoped: statistics are aggregates, de-identified, for every role that
    sees them (the reports app applies disclosure control before publishing).
    """
    return Act.objects.filter(
        event__verification=VerificationState.VERIFIED,
        event__merged_into__isnull=True,
        event__violation_status__code__lte=minimum_status,
    )
