"""The database keeps the monitoring records consistent even when the services are
bypassed; nothing prints a name; and the basics of duplicate matching."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from nama.core.models import Governorate, Term
from nama.monitoring import matching, services
from nama.monitoring.models import (
    Act,
    Consent,
    Event,
    EventRelation,
    Information,
    Intervention,
    Involvement,
    Person,
)
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

TermGetter = Callable[[str, str], Term]
MakeEvent = Callable[..., Event]


def refused(action: Callable[[], Any]) -> None:
    """``action`` is refused by the database (and the test transaction survives)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


@pytest.fixture
def event(make_event: MakeEvent) -> Event:
    return make_event(victims=1, act_types=("0401",), start_date=date(2025, 5, 3))


def update(obj: Any, **values: Any) -> Callable[[], Any]:
    return lambda: type(obj).objects.filter(pk=obj.pk).update(**values)


# ---------------------------------------------------------------------------
# Events


@pytest.mark.parametrize(
    "values",
    [
        {"verification": "approved"},
        {"confidentiality": "public"},
        {"start_precision": "unknown"},  # a date without a precision
        {"start_date": None, "start_precision": "exact"},  # a precision without a date
        {"end_date": date(2025, 5, 4), "end_precision": "unknown"},
        {"end_precision": "month"},
        {"end_date": date(2025, 5, 2), "end_precision": "exact"},  # before the start
    ],
)
def test_the_database_refuses_an_inconsistent_event(event: Event, values: dict[str, Any]) -> None:
    refused(update(event, **values))


def test_the_database_accepts_a_consistent_event(event: Event) -> None:
    Event.objects.filter(pk=event.pk).update(end_date=date(2025, 5, 3), end_precision="exact")
    Event.objects.filter(pk=event.pk).update(
        start_date=None, start_precision="unknown", end_date=None, end_precision="unknown"
    )


def test_an_event_is_not_merged_into_itself(event: Event) -> None:
    refused(update(event, merged_into=event))


def test_event_references_are_unique(make_event: MakeEvent, event: Event) -> None:
    other = make_event()
    refused(update(other, reference=event.reference))


def test_an_event_prints_its_reference_only(event: Event) -> None:
    assert str(event) == event.reference
    assert event.reference.startswith("E-")


def test_deleting_an_event_takes_its_acts_not_its_persons(event: Event, term: TermGetter) -> None:
    act = event.acts.get()
    services.involvement_add(
        by=event.created_by, act=act, perpetrator_type=term("perpetrator_type", "01")
    )
    event.delete()
    assert not Act.objects.exists()
    assert not Involvement.objects.exists()
    assert Person.objects.count() == 1


# ---------------------------------------------------------------------------
# Acts and what hangs on them


def test_an_act_is_unique_per_victim_and_type(event: Event) -> None:
    act = event.acts.get()
    refused(lambda: Act.objects.create(event=event, victim=act.victim, act_type=act.act_type))


def test_an_act_date_agrees_with_its_precision(event: Event) -> None:
    act = event.acts.get()
    refused(update(act, date=date(2025, 5, 3)))  # precision still "unknown"
    refused(update(act, date_precision="exact"))  # no date
    Act.objects.filter(pk=act.pk).update(date=date(2025, 5, 3), date_precision="exact")


def test_a_victim_with_acts_cannot_be_deleted(event: Event) -> None:
    victim = event.acts.get().victim
    with pytest.raises(ProtectedError), transaction.atomic():
        victim.delete()


def test_an_involvement_names_someone(event: Event) -> None:
    act = event.acts.get()
    refused(lambda: Involvement.objects.create(act=act))


def test_information_is_about_something(event: Event) -> None:
    source = event.acts.get().victim
    refused(lambda: Information.objects.create(source=source))


def test_an_intervention_is_for_something_with_a_known_status(
    event: Event, term: TermGetter
) -> None:
    kind = term("intervention_type", "01")
    refused(lambda: Intervention.objects.create(intervention_type=kind))
    refused(lambda: Intervention.objects.create(intervention_type=kind, event=event, status="lost"))


def test_an_event_relation_links_two_events_once(make_event: MakeEvent, event: Event) -> None:
    later = make_event()
    EventRelation.objects.create(from_event=event, to_event=later, relation="causes")
    refused(
        lambda: EventRelation.objects.create(from_event=event, to_event=later, relation="causes")
    )
    refused(
        lambda: EventRelation.objects.create(from_event=event, to_event=event, relation="related")
    )
    EventRelation.objects.create(from_event=event, to_event=later, relation="precedes")


@pytest.mark.parametrize("name", ["act", "involvement", "information", "intervention"])
def test_nothing_prints_a_name(event: Event, term: TermGetter, name: str) -> None:
    act = event.acts.get()
    victim = act.victim
    objects = {
        "act": act,
        "involvement": services.involvement_add(
            by=event.created_by, act=act, perpetrator_type=term("perpetrator_type", "01")
        ),
        "information": services.information_add(
            by=event.created_by, source=victim, event=event, summary="قال"
        ),
        "intervention": services.intervention_add(
            by=event.created_by, intervention_type=term("intervention_type", "01"), victim=victim
        ),
    }
    printed = str(objects[name])
    assert printed.startswith(f"{name} #")
    assert victim.name not in printed


# ---------------------------------------------------------------------------
# Persons and consent


def test_the_database_refuses_a_group_size_for_one_person(
    personas: Personas, vocabularies: None
) -> None:
    person = services.person_create(
        by=personas.monitor_baghdad,
        governorate=Governorate.objects.get(slug="baghdad"),
        data={"name": "ياسر"},
    )
    refused(update(person, group_size=3))
    refused(update(person, merged_into=person))
    Person.objects.filter(pk=person.pk).update(is_group=True, group_size=3)
    assert str(person) == person.pseudonym


def test_the_database_refuses_an_unknown_consent_kind(
    personas: Personas, vocabularies: None
) -> None:
    person = services.person_create(
        by=personas.monitor_baghdad, governorate=Governorate.objects.get(slug="baghdad"), data={}
    )
    refused(
        lambda: Consent.objects.create(
            person=person,
            kind="everything",
            given=True,
            recorded_on=date(2025, 1, 1),
            recorded_by=personas.monitor_baghdad,
        )
    )


# ---------------------------------------------------------------------------
# Matching basics (matching.py is tested in depth elsewhere)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("محمد علي", "Mohammed Ali"),
        ("عبد الله حسن", "عبدالله حسن"),
        ("أحمد", "احمد"),
    ],
)
def test_spellings_of_one_name_share_match_keys(
    personas: Personas, vocabularies: None, left: str, right: str
) -> None:
    place = Governorate.objects.get(slug="baghdad")
    a = services.person_create(by=personas.monitor_baghdad, governorate=place, data={"name": left})
    b = services.person_create(by=personas.monitor_baghdad, governorate=place, data={"name": right})
    assert set(a.match_keys.split()) & set(b.match_keys.split())
    assert set(matching.query_keys(right)) <= set(a.match_keys.split())
    assert matching.score_names(left, right) >= 90


def test_different_names_share_no_keys_and_score_low(
    personas: Personas, vocabularies: None
) -> None:
    place = Governorate.objects.get(slug="baghdad")
    a = services.person_create(
        by=personas.monitor_baghdad, governorate=place, data={"name": "زينب كاظم"}
    )
    b = services.person_create(
        by=personas.monitor_baghdad, governorate=place, data={"name": "مصطفى جاسم"}
    )
    assert not set(a.match_keys.split()) & set(b.match_keys.split())
    assert matching.score_names("زينب كاظم", "مصطفى جاسم") < 50
    assert matching.score_names("", "مصطفى") == 0.0
