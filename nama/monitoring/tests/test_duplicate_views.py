"""The review pages of possible duplicates (nama/monitoring/duplicate_views.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from nama.accounts.models import User
from nama.core.audit import AuditEntry, verify_chain
from nama.core.models import Governorate, Term
from nama.monitoring import duplicate_views, duplicates, services
from nama.monitoring.models import (
    DuplicateStatus,
    DuplicateSuggestion,
    Event,
    Person,
    PersonMerge,
)
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

QUEUE = "/en/monitoring/duplicates/"
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
ClientFor = Callable[[User], Client]


def page(suggestion: DuplicateSuggestion) -> str:
    return f"{QUEUE}{suggestion.pk}/"


def action(suggestion: DuplicateSuggestion, name: str) -> str:
    return f"{page(suggestion)}{name}/"


def text(response: Any) -> str:
    return response.content.decode()


def _person(by: User, governorate: str, name: str, **data: Any) -> Person:
    person = services.person_create(
        by=by, governorate=Governorate.objects.get(slug=governorate), data={"name": name, **data}
    )
    duplicates.person_match_keys_sync(person)
    return person


@pytest.fixture
def person_pair(personas: Personas, vocabularies: None) -> DuplicateSuggestion:
    """Two records of one person in Baghdad, suggested when the second was saved."""
    by = personas.monitor_baghdad
    _person(by, "baghdad", "عبد الله حسين كاظم الساعدي", birth_year=1985, name_latin="Abdullah")
    second = _person(by, "baghdad", "عبدالله حسين الساعدي", birth_year=1985)
    [suggestion] = duplicates.person_check_duplicates(by=by, person=second)
    return suggestion


@pytest.fixture
def event_pair(
    personas: Personas, make_event: Callable[..., Event], vocabularies: None
) -> DuplicateSuggestion:
    make_event(title="Arrest of protesters in Tahrir Square", start_date=date(2025, 10, 3))
    second = make_event(title="Protesters arrested in Tahrir Square", start_date=date(2025, 10, 3))
    [suggestion] = duplicates.event_check_duplicates(by=personas.monitor_baghdad, event=second)
    return suggestion


# ---------------------------------------------------------------------------
# Who may see


@pytest.mark.parametrize(
    "name", ["outsider", "analyst", "operator", "lawyer", "sysadmin", "editor", "legal_coordinator"]
)
def test_everyone_but_monitors_and_the_director_gets_404(
    personas: Personas,
    verified_client: ClientFor,
    person_pair: DuplicateSuggestion,
    name: str,
) -> None:
    client = verified_client(personas.get(name))
    assert client.get(QUEUE).status_code == 404
    assert client.get(page(person_pair)).status_code == 404
    for decision in duplicate_views.ACTIONS:
        assert client.post(action(person_pair, decision), {"merge-keep": "a"}).status_code == 404
    person_pair.refresh_from_db()
    assert person_pair.status == DuplicateStatus.OPEN
    assert not AuditEntry.objects.filter(action="monitoring.person.identity_viewed").exists()


def test_a_monitor_of_another_governorate_gets_404(
    personas: Personas, verified_client: ClientFor, person_pair: DuplicateSuggestion
) -> None:
    client = verified_client(personas.monitor_erbil)
    assert client.get(QUEUE).status_code == 200
    assert client.get(page(person_pair)).status_code == 404
    for decision in duplicate_views.ACTIONS:
        assert client.post(action(person_pair, decision), {"merge-keep": "a"}).status_code == 404
    person_pair.refresh_from_db()
    assert person_pair.status == DuplicateStatus.OPEN


def test_the_pages_need_a_login_with_the_second_factor(
    personas: Personas, unverified_client: ClientFor, person_pair: DuplicateSuggestion
) -> None:
    assert Client().get(QUEUE).status_code == 302
    assert Client().get(page(person_pair)).status_code == 302
    response = unverified_client(personas.director).get(page(person_pair))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_an_unknown_decision_is_404_and_decisions_are_posts(
    personas: Personas, verified_client: ClientFor, person_pair: DuplicateSuggestion
) -> None:
    client = verified_client(personas.director)
    assert client.post(action(person_pair, "delete")).status_code == 404
    assert client.get(action(person_pair, "merge")).status_code == 405
    assert client.get(f"{QUEUE}999999/").status_code == 404


# ---------------------------------------------------------------------------
# The queue


def test_the_queue_lists_pairs_by_pseudonym_without_decrypting_names(
    personas: Personas,
    verified_client: ClientFor,
    person_pair: DuplicateSuggestion,
    event_pair: DuplicateSuggestion,
) -> None:
    response = verified_client(personas.monitor_baghdad).get(QUEUE)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = text(response)
    first, second = person_pair.first, person_pair.second
    assert isinstance(first, Person)
    assert isinstance(second, Person)
    assert first.pseudonym in body
    assert second.pseudonym in body
    assert "الساعدي" not in body
    assert "Tahrir Square" in body
    assert not AuditEntry.objects.filter(action="monitoring.person.identity_viewed").exists()


def test_the_queue_filters_by_kind_and_status(
    personas: Personas,
    verified_client: ClientFor,
    person_pair: DuplicateSuggestion,
    event_pair: DuplicateSuggestion,
) -> None:
    client = verified_client(personas.director)
    persons = text(client.get(QUEUE, {"kind": "person"}))
    assert f'href="{page(person_pair)}"' in persons
    assert f'href="{page(event_pair)}"' not in persons
    duplicates.duplicate_mark_not_duplicate(by=personas.director, suggestion=event_pair)
    assert f'href="{page(event_pair)}"' not in text(client.get(QUEUE))
    decided = text(client.get(QUEUE, {"status": "not_duplicate"}))
    assert f'href="{page(event_pair)}"' in decided
    assert text(client.get(QUEUE, {"status": "nonsense"}))


# ---------------------------------------------------------------------------
# One pair


def test_the_page_of_a_pair_shows_both_identities_and_audits_the_reading(
    personas: Personas, verified_client: ClientFor, person_pair: DuplicateSuggestion
) -> None:
    response = verified_client(personas.monitor_baghdad).get(page(person_pair))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = text(response)
    assert "عبد الله حسين كاظم الساعدي" in body
    assert "عبدالله حسين الساعدي" in body
    assert "same year of birth" in body
    entries = AuditEntry.objects.filter(action="monitoring.person.identity_viewed")
    assert {e.data["person"] for e in entries} == {
        person_pair.person_a_id,
        person_pair.person_b_id,
    }
    for entry in entries:
        assert entry.data["suggestion"] == person_pair.pk
        assert "الساعدي" not in str(entry.data)


def test_names_are_escaped(
    personas: Personas, verified_client: ClientFor, person_pair: DuplicateSuggestion
) -> None:
    person = Person.objects.get(pk=person_pair.first.pk)
    services.person_update(
        by=personas.director, person=person, data={"aliases": SCRIPT, "name_latin": SCRIPT}
    )
    body = text(verified_client(personas.director).get(page(person_pair)))
    assert SCRIPT not in body
    assert ESCAPED in body


def test_merging_needs_the_record_to_keep(
    personas: Personas, verified_client: ClientFor, person_pair: DuplicateSuggestion
) -> None:
    response = verified_client(personas.director).post(action(person_pair, "merge"), {})
    assert response.status_code == 400
    assert "Choose the record that stays." in text(response)
    assert not PersonMerge.objects.exists()


def test_a_reviewer_merges_then_undoes_from_the_page(
    personas: Personas, verified_client: ClientFor, person_pair: DuplicateSuggestion
) -> None:
    client = verified_client(personas.monitor_baghdad)
    response = client.post(action(person_pair, "merge"), {"merge-keep": "a"})
    assert response.status_code == 302
    assert response["Location"] == page(person_pair)
    merged = Person.objects.get(pk=person_pair.second.pk)
    assert merged.merged_into_id == person_pair.person_a_id
    body = text(client.get(page(person_pair)))
    assert "Undo the merge" in body
    assert "was merged into" in body

    response = client.post(action(person_pair, "undo"))
    assert response.status_code == 302
    merged.refresh_from_db()
    assert merged.merged_into_id is None
    person_pair.refresh_from_db()
    assert person_pair.status == DuplicateStatus.OPEN
    assert verify_chain().intact


def test_keeping_the_second_record_merges_the_first_into_it(
    personas: Personas, verified_client: ClientFor, person_pair: DuplicateSuggestion
) -> None:
    client = verified_client(personas.director)
    assert client.post(action(person_pair, "merge"), {"merge-keep": "b"}).status_code == 302
    first = Person.objects.get(pk=person_pair.first.pk)
    assert first.merged_into_id == person_pair.person_b_id


def test_not_a_duplicate_goes_back_to_the_queue(
    personas: Personas, verified_client: ClientFor, person_pair: DuplicateSuggestion
) -> None:
    client = verified_client(personas.monitor_baghdad)
    response = client.post(action(person_pair, "not-duplicate"))
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    person_pair.refresh_from_db()
    assert person_pair.status == DuplicateStatus.NOT_DUPLICATE
    body = text(client.get(page(person_pair)))
    assert "Marked as not a duplicate" in body
    # A decided pair cannot be decided again.
    response = client.post(action(person_pair, "merge"), {"merge-keep": "a"})
    assert response.status_code == 400
    assert "already decided" in text(response)


def test_a_refused_merge_says_why(
    personas: Personas,
    verified_client: ClientFor,
    event_pair: DuplicateSuggestion,
    term: Callable[[str, str], Term],
) -> None:
    first = Event.objects.get(pk=event_pair.first.pk)
    services.event_submit(by=personas.monitor_baghdad, event=first)
    services.event_verify(
        by=personas.director, event=first, violation_status=term("violation_status", "01")
    )
    client = verified_client(personas.director)
    response = client.post(action(event_pair, "merge"), {"merge-keep": "a"})
    assert response.status_code == 400
    assert "This event is verified and the other is not" in text(response)
    assert client.post(action(event_pair, "merge"), {"merge-keep": "b"}).status_code == 302


def test_the_page_of_an_event_pair_compares_without_names(
    personas: Personas, verified_client: ClientFor, event_pair: DuplicateSuggestion
) -> None:
    body = text(verified_client(personas.monitor_baghdad).get(page(event_pair)))
    assert "Arrest of protesters in Tahrir Square" in body
    assert "Protesters arrested in Tahrir Square" in body
    assert "same date" in body
    assert not AuditEntry.objects.filter(action="monitoring.person.identity_viewed").exists()
