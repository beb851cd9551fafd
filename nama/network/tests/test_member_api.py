"""/api/v1/network/members/ and /api/v1/network/member-counts/."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from nama.core.audit import AuditEntry
from nama.core.reference_data import load_reference_data
from nama.network.models import Member, MemberStatus
from nama.network.tests.factories import member, member_with_account
from nama.testing.fixtures import login_client
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

MEMBERS = "/api/v1/network/members/"
COUNTS = "/api/v1/network/member-counts/"
CONTACTS = {"email", "phone", "motivation"}
PROTECTION = {"risk_level", "protection_notes"}


@pytest.fixture(autouse=True)
def _reference(db: None) -> None:
    load_reference_data()


@pytest.fixture
def people() -> dict[str, Member]:
    return {
        "baghdad": member(
            name="علي", gov="baghdad", email="ali@example.org", protection_notes="threat"
        ),
        "erbil": member(name="هاوري", gov="erbil", email="h@example.org", phone="0750"),
        "applied": member(name="متقدم", status=MemberStatus.APPLIED),
    }


def get(client: Client, url: str) -> Any:
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en")


def ids(response: Any) -> set[int]:
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("persona", ["training_coordinator", "director"])
def test_coordination_lists_everyone_with_contacts_and_protection(
    persona: str, personas: Personas, people: dict[str, Member]
) -> None:
    client = login_client(personas.get(persona), verified=True)
    response = get(client, MEMBERS)
    assert ids(response) == {m.pk for m in people.values()}
    assert response["Cache-Control"] == "no-store, private"
    row = get(client, f"{MEMBERS}{people['erbil'].pk}/").json()
    assert set(row) >= CONTACTS | PROTECTION
    assert row["email"] == "h@example.org"
    assert row["phone"] == "0750"
    assert row["governorate"] == "erbil"
    assert AuditEntry.objects.filter(action="network.member.api_read").count() == 2


def test_the_trainer_lists_accepted_members_of_baghdad_without_contacts(
    personas: Personas, people: dict[str, Member]
) -> None:
    client = login_client(personas.trainer, verified=True)
    response = get(client, MEMBERS)
    assert ids(response) == {people["baghdad"].pk}
    (row,) = response.json()["results"]
    assert not (CONTACTS | PROTECTION) & set(row)
    assert "ali@example.org" not in response.content.decode()
    assert "threat" not in response.content.decode()
    assert get(client, f"{MEMBERS}{people['erbil'].pk}/").status_code == 404
    assert get(client, f"{MEMBERS}{people['applied'].pk}/").status_code == 404
    detail = get(client, f"{MEMBERS}{people['baghdad'].pk}/").json()
    assert not (CONTACTS | PROTECTION) & set(detail)
    assert not AuditEntry.objects.filter(action="network.member.api_read").exists()


@pytest.mark.parametrize("persona", ["outsider", "editor", "analyst", "monitor_baghdad"])
def test_others_get_an_empty_list_and_404(
    persona: str, personas: Personas, people: dict[str, Member]
) -> None:
    client = login_client(personas.get(persona), verified=True)
    assert ids(get(client, MEMBERS)) == set()
    for found in people.values():
        assert get(client, f"{MEMBERS}{found.pk}/").status_code == 404


def test_a_member_account_gets_nothing(people: dict[str, Member]) -> None:
    found = member_with_account()
    assert found.user is not None
    client = login_client(found.user, verified=True)
    assert ids(get(client, MEMBERS)) == set()
    assert get(client, COUNTS).status_code == 403


def test_without_credentials_401_or_403(client: Client, people: dict[str, Member]) -> None:
    assert get(client, MEMBERS).status_code in (401, 403)
    assert get(client, COUNTS).status_code in (401, 403)


def test_writes_are_not_allowed(personas: Personas, people: dict[str, Member]) -> None:
    client = login_client(personas.director, verified=True)
    assert client.post(MEMBERS, {"name": "x"}).status_code == 405
    assert client.delete(f"{MEMBERS}{people['baghdad'].pk}/").status_code == 405


def test_filters(personas: Personas, people: dict[str, Member]) -> None:
    client = login_client(personas.director, verified=True)
    assert ids(get(client, f"{MEMBERS}?governorate=erbil")) == {people["erbil"].pk}
    assert ids(get(client, f"{MEMBERS}?status=applied")) == {people["applied"].pk}
    assert ids(get(client, f"{MEMBERS}?governorate=nowhere")) == set()
    assert ids(get(client, f"{MEMBERS}?area=zz")) == set()


@pytest.mark.parametrize("persona", ["trainer", "training_coordinator", "director", "analyst"])
def test_counts_for_network_and_report_staff(persona: str, personas: Personas) -> None:
    for index in range(6):
        member(name=f"م {index}", gov="baghdad")
    client = login_client(personas.get(persona), verified=True)
    response = get(client, COUNTS)
    assert response.status_code == 200
    body = response.json()
    rows = {row["key"]: row["value"] for row in body["tables"]["governorate"]["rows"]}
    assert rows["baghdad"] == 6
    assert rows["erbil"] == 0
    assert body["tables"]["governorate"]["total"] == 6
    assert "area" in body["tables"]
    assert set(get(client, f"{COUNTS}?by=area").json()["tables"]) == {"area"}


@pytest.mark.parametrize("persona", ["outsider", "editor", "monitor_baghdad"])
def test_counts_refused_to_others(persona: str, personas: Personas) -> None:
    client = login_client(personas.get(persona), verified=True)
    assert get(client, COUNTS).status_code == 403


def test_small_counts_are_hidden(personas: Personas) -> None:
    member(name="وحيد", gov="erbil")
    client = login_client(personas.analyst, verified=True)
    body = get(client, f"{COUNTS}?by=governorate").json()
    rows = {row["key"]: row["value"] for row in body["tables"]["governorate"]["rows"]}
    assert rows["erbil"] is None
    assert body["tables"]["governorate"]["total"] is None
    assert "وحيد" not in str(body)
