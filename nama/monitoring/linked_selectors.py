"""Scoped reads of the records linked to events and persons (used by the API).

Acts, involvements, information (sources) and interventions have no scope of
their own: a user reads them through the events and persons they may read
(``nama.monitoring.selectors``). Free text written about people (an event's
description, notes, what a source said, responses, verification comments) is
shown only at identity level, like the identifying fields of persons:
``Visibility`` answers that question for many rows with one query.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import Q, QuerySet

from nama.core.models import Governorate
from nama.core.roles import Role, has_role
from nama.core.scoping import get_object_for_user_or_404
from nama.monitoring.models import (
    Act,
    Event,
    Information,
    Intervention,
    Involvement,
    Person,
    VerificationComment,
)
from nama.monitoring.selectors import (
    can_see_identities_of,
    event_list_for_user,
    person_list_for_user,
)

__all__ = [
    "Visibility",
    "act_get_for_user",
    "act_list_for_user",
    "comment_list_for_event",
    "governorates_for_documenting",
    "information_get_for_user",
    "information_list_for_event",
    "information_list_for_user",
    "intervention_get_for_user",
    "intervention_list_for_event",
    "intervention_list_for_user",
    "involvement_get_for_user",
    "involvement_list_for_user",
]


def governorates_for_documenting(user: Any) -> QuerySet[Governorate]:
    """Where the user may document (create events and persons, move them): every
    governorate for the director, a monitor's own ones (never widened by a
    nationwide role such as analyst), none for anyone else."""
    if has_role(user, Role.DIRECTOR):
        return Governorate.objects.all()
    if has_role(user, Role.MONITOR):
        return Governorate.objects.filter(staff=user)
    return Governorate.objects.none()


def _events(user: Any, include_merged: bool) -> QuerySet[Event]:
    return event_list_for_user(user=user, include_merged=include_merged).order_by().values("pk")  # type: ignore[return-value]


def _persons(user: Any, include_merged: bool) -> QuerySet[Person]:
    return person_list_for_user(user=user, include_merged=include_merged).order_by().values("pk")  # type: ignore[return-value]


def act_list_for_user(*, user: Any, include_merged: bool = False) -> QuerySet[Act]:
    """Acts of the events the user may read."""
    return (
        Act.objects.filter(event__in=_events(user, include_merged))
        .select_related("event", "victim", "act_type", "method", "location_type", "victim_status")
        .prefetch_related("involvements__perpetrator", "involvements__perpetrator_type")
        .order_by("-event_id", "id")
    )


def act_get_for_user(*, user: Any, pk: Any) -> Act:
    return get_object_for_user_or_404(act_list_for_user(user=user, include_merged=True), pk=pk)


def involvement_list_for_user(*, user: Any, include_merged: bool = False) -> QuerySet[Involvement]:
    """Involvements in the acts of the events the user may read."""
    return (
        Involvement.objects.filter(act__event__in=_events(user, include_merged))
        .select_related("act", "perpetrator", "perpetrator_type")
        .order_by("-act__event_id", "act_id", "id")
    )


def involvement_get_for_user(*, user: Any, pk: Any) -> Involvement:
    return get_object_for_user_or_404(
        involvement_list_for_user(user=user, include_merged=True), pk=pk
    )


def information_list_for_user(*, user: Any, include_merged: bool = False) -> QuerySet[Information]:
    """What sources said about the events or the persons the user may read."""
    return (
        Information.objects.filter(
            Q(event__in=_events(user, include_merged))
            | Q(person__in=_persons(user, include_merged))
        )
        .select_related("source", "event", "person", "connection", "reliability")
        .order_by("-id")
    )


def information_get_for_user(*, user: Any, pk: Any) -> Information:
    return get_object_for_user_or_404(
        information_list_for_user(user=user, include_merged=True), pk=pk
    )


def intervention_list_for_user(
    *, user: Any, include_merged: bool = False
) -> QuerySet[Intervention]:
    """Interventions for the events or the victims the user may read."""
    return (
        Intervention.objects.filter(
            Q(event__in=_events(user, include_merged))
            | Q(victim__in=_persons(user, include_merged))
        )
        .select_related("event", "victim", "by_party", "by_user", "intervention_type")
        .order_by("-date", "-id")
    )


def intervention_get_for_user(*, user: Any, pk: Any) -> Intervention:
    return get_object_for_user_or_404(
        intervention_list_for_user(user=user, include_merged=True), pk=pk
    )


def information_list_for_event(*, event: Event) -> QuerySet[Information]:
    """The sources of an event fetched through a selector."""
    return Information.objects.filter(event=event).select_related(
        "source", "event", "person", "connection", "reliability"
    )


def intervention_list_for_event(*, event: Event) -> QuerySet[Intervention]:
    """The interventions for an event fetched through a selector."""
    return Intervention.objects.filter(event=event).select_related(
        "event", "victim", "by_party", "by_user", "intervention_type"
    )


def comment_list_for_event(*, event: Event) -> QuerySet[VerificationComment]:
    """The verification conversation of an event fetched through a selector."""
    return VerificationComment.objects.filter(event=event).select_related("event", "author")


class Visibility:
    """What one user may read beyond pseudonyms, asked row by row without a query per row.

    * ``event_details(event)``: the free text of an event and of what hangs on
      it (description, notes, summaries, comments): the director, and monitors
      for events of their governorates or that they documented. Never analysts.
    * ``person_details(person)``: ``selectors.can_see_identities_of``, the rule
      for identifying fields.
    """

    def __init__(self, user: Any) -> None:
        self.user = user
        self._persons: dict[tuple[bool, int], bool] = {}

    @cached_property
    def _director(self) -> bool:
        return has_role(self.user, Role.DIRECTOR)

    @cached_property
    def _monitor(self) -> bool:
        return has_role(self.user, Role.MONITOR)

    @cached_property
    def _governorates(self) -> frozenset[int]:
        # The monitor's own governorates, not ``scoped_governorates``: a monitor
        # who is also an analyst reads every event, but in detail only their own.
        if not self._monitor:
            return frozenset()
        return frozenset(Governorate.objects.filter(staff=self.user).values_list("pk", flat=True))

    def event_details(self, event: Event) -> bool:
        if self._director:
            return True
        if not self._monitor:
            return False
        return (
            event.created_by_id == getattr(self.user, "pk", None)
            or event.governorate_id in self._governorates
        )

    def person_details(self, person: Person) -> bool:
        # can_see_identities_of depends on the author and the governorate only.
        key = (person.created_by_id == getattr(self.user, "pk", None), person.governorate_id)
        if key not in self._persons:
            self._persons[key] = can_see_identities_of(self.user, person)
        return self._persons[key]
