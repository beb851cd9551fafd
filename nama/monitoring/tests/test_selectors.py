"""Who reads which events and persons, the filters of the event list, and who may see
identities (docs/monitoring.md, "Who sees what")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from nama.core.models import Governorate, Term
from nama.monitoring import selectors, services
from nama.monitoring.models import Event, Person
from nama.monitoring.selectors import EventFilters
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

TermGetter = Callable[[str, str], Term]
MakeEvent = Callable[..., Event]

NOBODY = (
    "operator",
    "lawyer",
    "other_lawyer",
    "legal_coordinator",
    "sysadmin",
    "trainer",
    "training_coordinator",
    "editor",
    "outsider",
)


def verify(event: Event, personas: Personas, term: TermGetter, status: str = "01") -> Event:
    services.event_submit(by=event.created_by, event=event)
    return services.event_verify(
        by=personas.director, event=event, violation_status=term("violation_status", status)
    )


@pytest.fixture
def world(make_event: MakeEvent, personas: Personas) -> dict[str, Event]:
    """Baghdad events by the Baghdad monitor and by the director, an Erbil event by the
    Erbil monitor, and an Erbil event documented by the Baghdad monitor."""
    return {
        "baghdad": make_event("baghdad"),
        "baghdad_by_director": make_event("baghdad", by=personas.director),
        "erbil": make_event("erbil"),
        "erbil_by_baghdad": make_event("erbil", by=personas.monitor_baghdad),
    }


def pks(events: Any) -> set[int]:
    return {event.pk for event in events}


def victim_of(event: Event) -> Person:
    act = event.acts.first()
    assert act is not None
    return act.victim


# ---------------------------------------------------------------------------
# Scope


def test_a_monitor_reads_their_governorates_and_what_they_documented(
    world: dict[str, Event], personas: Personas
) -> None:
    user = personas.monitor_baghdad
    expected = {"baghdad", "baghdad_by_director", "erbil_by_baghdad"}
    assert pks(selectors.event_list_for_user(user=user)) == {world[k].pk for k in expected}
    for key in expected:
        assert selectors.event_get_for_user(user=user, pk=world[key].pk) == world[key]
    with pytest.raises(Http404):
        selectors.event_get_for_user(user=user, pk=world["erbil"].pk)


def test_a_monitor_reads_the_persons_of_their_scope_only(
    world: dict[str, Event], personas: Personas
) -> None:
    user = personas.monitor_baghdad
    visible = {
        victim_of(world[k]).pk for k in ("baghdad", "baghdad_by_director", "erbil_by_baghdad")
    }
    assert pks(selectors.person_list_for_user(user=user)) == visible
    erbil_victim = victim_of(world["erbil"])
    with pytest.raises(Http404):
        selectors.person_get_for_user(user=user, pk=erbil_victim.pk)
    mine_in_erbil = victim_of(world["erbil_by_baghdad"])
    assert selectors.person_get_for_user(user=user, pk=mine_in_erbil.pk) == mine_in_erbil


def test_the_erbil_monitor_does_not_read_baghdad(
    world: dict[str, Event], personas: Personas
) -> None:
    user = personas.monitor_erbil
    assert pks(selectors.event_list_for_user(user=user)) == {
        world["erbil"].pk,
        world["erbil_by_baghdad"].pk,
    }
    for key in ("baghdad", "baghdad_by_director"):
        with pytest.raises(Http404):
            selectors.event_get_for_user(user=user, pk=world[key].pk)
        with pytest.raises(Http404):
            selectors.person_get_for_user(user=user, pk=victim_of(world[key]).pk)


@pytest.mark.parametrize("name", ["director", "analyst"])
def test_the_director_and_analysts_read_everything(
    world: dict[str, Event], personas: Personas, name: str
) -> None:
    user = personas.get(name)
    assert pks(selectors.event_list_for_user(user=user)) == pks(world.values())
    assert selectors.person_list_for_user(user=user).count() == 4
    for event in world.values():
        assert selectors.event_get_for_user(user=user, pk=event.pk) == event
        victim = victim_of(event)
        assert selectors.person_get_for_user(user=user, pk=victim.pk) == victim


@pytest.mark.parametrize("name", NOBODY)
def test_everyone_else_reads_nothing(
    world: dict[str, Event], personas: Personas, name: str
) -> None:
    user = personas.get(name)
    assert not selectors.event_list_for_user(user=user).exists()
    assert not selectors.person_list_for_user(user=user).exists()
    event = world["baghdad"]
    with pytest.raises(Http404):
        selectors.event_get_for_user(user=user, pk=event.pk)
    with pytest.raises(Http404):
        selectors.person_get_for_user(user=user, pk=victim_of(event).pk)
    assert not selectors.can_document(user)


def test_anonymous_and_deactivated_users_read_nothing(
    world: dict[str, Event], personas: Personas
) -> None:
    monitor = personas.monitor_baghdad
    monitor.is_active = False
    monitor.save(update_fields=["is_active"])
    for user in (AnonymousUser(), monitor):
        assert not selectors.event_list_for_user(user=user).exists()
        assert not selectors.person_list_for_user(user=user).exists()
        with pytest.raises(Http404):
            selectors.event_get_for_user(user=user, pk=world["baghdad"].pk)
        assert not selectors.can_document(user)
        assert not selectors.can_see_identities_of(user, victim_of(world["baghdad"]))


@pytest.mark.parametrize("pk", ["abc", "", None, "1 OR 1=1", -1, 10**12])
def test_a_malformed_or_missing_id_is_404(
    world: dict[str, Event], personas: Personas, pk: Any
) -> None:
    with pytest.raises(Http404):
        selectors.event_get_for_user(user=personas.director, pk=pk)
    with pytest.raises(Http404):
        selectors.person_get_for_user(user=personas.director, pk=pk)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("monitor_baghdad", True), ("monitor_erbil", True), ("director", True), ("analyst", False)],
)
def test_who_documents(personas: Personas, name: str, expected: bool) -> None:
    assert selectors.can_document(personas.get(name)) is expected


def test_who_sees_identities(world: dict[str, Event], personas: Personas) -> None:
    baghdad_victim = victim_of(world["baghdad"])
    erbil_victim = victim_of(world["erbil"])
    mine_in_erbil = victim_of(world["erbil_by_baghdad"])
    see = selectors.can_see_identities_of
    assert see(personas.director, baghdad_victim)
    assert see(personas.director, erbil_victim)
    assert see(personas.monitor_baghdad, baghdad_victim)
    assert see(personas.monitor_baghdad, mine_in_erbil)
    assert not see(personas.monitor_baghdad, erbil_victim)
    assert see(personas.monitor_erbil, erbil_victim)
    assert see(personas.monitor_erbil, mine_in_erbil)  # in Erbil: in scope
    assert not see(personas.monitor_erbil, baghdad_victim)
    assert not see(personas.analyst, baghdad_victim)
    assert not see(personas.analyst, erbil_victim)
    for name in NOBODY:
        assert not see(personas.get(name), baghdad_victim)


# ---------------------------------------------------------------------------
# Merged records


def test_merged_events_are_hidden_from_lists_but_found_by_id(
    world: dict[str, Event], personas: Personas
) -> None:
    duplicate, kept = world["baghdad_by_director"], world["baghdad"]
    Event.objects.filter(pk=duplicate.pk).update(merged_into=kept)
    for user in (personas.monitor_baghdad, personas.director, personas.analyst):
        listed = pks(selectors.event_list_for_user(user=user))
        assert duplicate.pk not in listed
        assert kept.pk in listed
        assert duplicate.pk in pks(selectors.event_list_for_user(user=user, include_merged=True))
        found = selectors.event_get_for_user(user=user, pk=duplicate.pk)
        assert found.merged_into_id == kept.pk
    # Merging does not widen the scope.
    with pytest.raises(Http404):
        selectors.event_get_for_user(user=personas.monitor_erbil, pk=duplicate.pk)


def test_merged_persons_are_hidden_from_lists_but_found_by_id(
    world: dict[str, Event], personas: Personas
) -> None:
    duplicate, kept = victim_of(world["baghdad_by_director"]), victim_of(world["baghdad"])
    Person.objects.filter(pk=duplicate.pk).update(merged_into=kept)
    user = personas.monitor_baghdad
    assert duplicate.pk not in pks(selectors.person_list_for_user(user=user))
    assert duplicate.pk in pks(selectors.person_list_for_user(user=user, include_merged=True))
    assert selectors.person_get_for_user(user=user, pk=duplicate.pk).merged_into_id == kept.pk


def test_merged_events_are_hidden_from_filtered_lists(
    make_event: MakeEvent, personas: Personas
) -> None:
    kept = make_event(act_types=("0401",))
    duplicate = make_event(act_types=("0401",))
    Event.objects.filter(pk=duplicate.pk).update(merged_into=kept)
    listed = selectors.event_list_for_user(
        user=personas.director, filters=EventFilters(act_type="04", governorate="baghdad")
    )
    assert pks(listed) == {kept.pk}


# ---------------------------------------------------------------------------
# Filters


def listed(personas: Personas, **filters: Any) -> set[int]:
    return pks(
        selectors.event_list_for_user(user=personas.director, filters=EventFilters(**filters))
    )


def test_filter_by_governorate(world: dict[str, Event], personas: Personas) -> None:
    assert listed(personas, governorate="erbil") == {
        world["erbil"].pk,
        world["erbil_by_baghdad"].pk,
    }
    assert listed(personas, governorate="basra") == set()
    # A filter never widens the scope.
    only_mine = selectors.event_list_for_user(
        user=personas.monitor_erbil, filters=EventFilters(governorate="baghdad")
    )
    assert not only_mine.exists()


def test_filter_by_an_overlapping_period(make_event: MakeEvent, personas: Personas) -> None:
    january = make_event(start_date=date(2025, 1, 10), end_date=date(2025, 1, 20))
    across = make_event(start_date=date(2025, 2, 25), end_date=date(2025, 3, 2))
    march_day = make_event(start_date=date(2025, 3, 5))
    march_month = make_event(start_date=date(2025, 3, 18), start_precision="month")
    undated = make_event()

    assert listed(personas, period_start=date(2025, 3, 1)) == {
        across.pk,
        march_day.pk,
        march_month.pk,
    }
    assert listed(personas, period_end=date(2025, 2, 28)) == {january.pk, across.pk}
    assert listed(personas, period_start=date(2025, 2, 1), period_end=date(2025, 2, 28)) == {
        across.pk
    }
    assert listed(personas, period_start=date(2025, 1, 20), period_end=date(2025, 1, 20)) == {
        january.pk
    }
    assert listed(personas, period_start=date(2025, 3, 1), period_end=date(2025, 3, 31)) == {
        across.pk,
        march_day.pk,
        march_month.pk,
    }
    assert undated.pk not in listed(personas, period_start=date(2000, 1, 1))
    assert undated.pk in listed(personas)


def test_the_list_is_newest_first(make_event: MakeEvent, personas: Personas) -> None:
    old = make_event(start_date=date(2024, 1, 1))
    new = make_event(start_date=date(2025, 1, 1))
    also_new = make_event(start_date=date(2025, 1, 1))
    dated = [e.pk for e in selectors.event_list_for_user(user=personas.director) if e.start_date]
    assert dated == [also_new.pk, new.pk, old.pk]


def test_filter_by_act_type_includes_narrower_types(
    make_event: MakeEvent, personas: Personas
) -> None:
    arrest = make_event(victims=2, act_types=("0401", "0402"))
    torture = make_event(act_types=("0301",))
    broad = make_event(act_types=("04",))
    assert listed(personas, act_type="04") == {arrest.pk, broad.pk}
    assert listed(personas, act_type="0401") == {arrest.pk}
    assert listed(personas, act_type="0403") == set()
    assert listed(personas, act_type="03") == {torture.pk}
    # One row per event, however many acts match.
    rows = selectors.event_list_for_user(
        user=personas.director, filters=EventFilters(act_type="04")
    )
    assert rows.count() == 2
    assert len(list(rows)) == 2


def test_filter_by_act_type_does_not_confuse_codes_of_other_branches(
    make_event: MakeEvent, personas: Personas
) -> None:
    """ "01" (killings) must not match "1001" or "1101", which merely contain 01."""
    killing = make_event(act_types=("0101",))
    make_event(act_types=("1001", "1101"))
    assert listed(personas, act_type="01") == {killing.pk}


def test_filter_by_perpetrator_type_includes_narrower_types(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    police = make_event(
        victims=2,
        act_types=("0401", "0301"),
        perpetrators=[services.PerpetratorInput(perpetrator_type=term("perpetrator_type", "0101"))],
    )
    tribe = make_event(
        perpetrators=[services.PerpetratorInput(perpetrator_type=term("perpetrator_type", "05"))]
    )
    make_event()  # no perpetrator recorded
    assert listed(personas, perpetrator_type="01") == {police.pk}
    assert listed(personas, perpetrator_type="0101") == {police.pk}
    assert listed(personas, perpetrator_type="0102") == set()
    assert listed(personas, perpetrator_type="05") == {tribe.pk}
    rows = selectors.event_list_for_user(
        user=personas.director, filters=EventFilters(perpetrator_type="01")
    )
    assert len(list(rows)) == 1


def test_filter_by_victim_characteristic(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    journalist = term("victim_characteristic", "03")
    press = make_event(
        victims=[
            services.PersonInput(data={"name": "صحفي أول"}, characteristics=[journalist]),
            services.PersonInput(data={"name": "صحفي ثان"}, characteristics=[journalist]),
        ],
        act_types=("0401", "0301"),
    )
    protest = make_event(
        victims=[
            services.PersonInput(
                data={"name": "متظاهر"}, characteristics=[term("victim_characteristic", "05")]
            )
        ]
    )
    assert listed(personas, victim_characteristic="03") == {press.pk}
    assert listed(personas, victim_characteristic="05") == {protest.pk}
    assert listed(personas, victim_characteristic="11") == set()
    rows = selectors.event_list_for_user(
        user=personas.director, filters=EventFilters(victim_characteristic="03")
    )
    assert len(list(rows)) == 1


def test_filter_by_violation_status_and_verification(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    confirmed = verify(make_event(), personas, term, "01")
    likely = verify(make_event(), personas, term, "02")
    submitted = make_event()
    services.event_submit(by=submitted.created_by, event=submitted)
    draft = make_event()
    assert listed(personas, violation_status="01") == {confirmed.pk}
    assert listed(personas, violation_status="02") == {likely.pk}
    assert listed(personas, violation_status="04") == set()
    assert listed(personas, verification="verified") == {confirmed.pk, likely.pk}
    assert listed(personas, verification="submitted") == {submitted.pk}
    assert listed(personas, verification="draft") == {draft.pk}
    assert listed(personas, verification="verified", violation_status="02") == {likely.pk}


def test_filter_created_by_me(world: dict[str, Event], personas: Personas) -> None:
    mine = selectors.event_list_for_user(
        user=personas.director, filters=EventFilters(created_by_me=True)
    )
    assert pks(mine) == {world["baghdad_by_director"].pk}
    mine = selectors.event_list_for_user(
        user=personas.monitor_baghdad, filters=EventFilters(created_by_me=True)
    )
    assert pks(mine) == {world["baghdad"].pk, world["erbil_by_baghdad"].pk}
    assert not selectors.event_list_for_user(
        user=personas.analyst, filters=EventFilters(created_by_me=True)
    ).exists()


def test_filters_combine(make_event: MakeEvent, personas: Personas, term: TermGetter) -> None:
    wanted = make_event("erbil", act_types=("0401",), start_date=date(2025, 6, 1))
    make_event("baghdad", act_types=("0401",), start_date=date(2025, 6, 1))
    make_event("erbil", act_types=("0301",), start_date=date(2025, 6, 1))
    make_event("erbil", act_types=("0401",), start_date=date(2024, 6, 1))
    assert listed(personas, governorate="erbil", act_type="04", period_start=date(2025, 1, 1)) == {
        wanted.pk
    }


# ---------------------------------------------------------------------------
# Acts


def test_the_acts_of_an_event(make_event: MakeEvent) -> None:
    event = make_event(victims=2, act_types=("0401", "0301"))
    make_event(victims=1)
    acts = selectors.act_list_for_event(event=event)
    assert acts.count() == 4
    assert {act.event_id for act in acts} == {event.pk}


def test_persons_of_unknown_governorates_do_not_leak_through_a_baghdad_event(
    make_event: MakeEvent, personas: Personas
) -> None:
    """A person documented in Erbil and linked to a Baghdad event stays out of scope of
    the Baghdad monitor: persons are scoped by their own governorate."""
    erbil_person = services.person_create(
        by=personas.monitor_erbil,
        governorate=Governorate.objects.get(slug="erbil"),
        data={"name": "شخص"},
    )
    event = make_event("baghdad", victims=[erbil_person], by=personas.director)
    assert selectors.event_get_for_user(user=personas.monitor_baghdad, pk=event.pk) == event
    with pytest.raises(Http404):
        selectors.person_get_for_user(user=personas.monitor_baghdad, pk=erbil_person.pk)
    assert not selectors.can_see_identities_of(personas.monitor_baghdad, erbil_person)


def test_an_event_known_to_the_month_overlaps_a_period_inside_that_month(
    make_event: MakeEvent, personas: Personas
) -> None:
    may = make_event(start_date=date(2025, 5, 20), start_precision="month")
    assert listed(personas, period_start=date(2025, 5, 10), period_end=date(2025, 5, 31)) == {
        may.pk
    }
