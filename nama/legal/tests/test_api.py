"""The legal API: scoped like the selectors, notes and client identity privileged."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from nama.accounts.models import User
from nama.core.audit import AuditEntry
from nama.core.models import Governorate
from nama.legal import services
from nama.legal.models import CalendarFeedToken, CaseNote, CaseStatus, Consultation, LegalCase
from nama.legal.tests.conftest import MakeCase
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

API = "/api/v1/legal"
CASES = f"{API}/cases/"
CONSULTATIONS = f"{API}/consultations/"
HEARINGS = f"{API}/hearings/"
TOKEN = f"{API}/me/calendar-token/"

CLIENT_NAME = "سارة محمود الجبوري"
NOTE = "الموكلة تخشى الانتقام من أقارب الخصم"
SCRIPT = "<script>alert(1)</script>"

ClientFor = Callable[[User], Client]


def url(pk: int, action: str = "") -> str:
    return f"{CASES}{pk}/{action + '/' if action else ''}"


def post(client: Client, path: str, data: Any = None) -> Any:
    return client.post(
        path, json.dumps(data or {}), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


@pytest.fixture
def case_a(make_case: MakeCase, lawyers: Personas) -> LegalCase:
    """Lawyer A's (Baghdad) case, with a note and a court case number."""
    case = make_case(
        "baghdad",
        lawyer=lawyers.lawyer,
        name=CLIENT_NAME,
        court_case_number="1234/ج/2026",
        opposing_party="شركة النفط",
    )
    services.note_add(by=lawyers.lawyer, case=case, body=NOTE)
    return case


@pytest.fixture
def case_b(make_case: MakeCase, lawyers: Personas) -> LegalCase:
    """Lawyer B's (Erbil) case."""
    case = make_case("erbil", lawyer=lawyers.other_lawyer, name="هوزان كريم")
    services.note_add(by=lawyers.other_lawyer, case=case, body="ملاحظة أربيل")
    return case


def ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# ---------------------------------------------------------------------------
# Reading cases


def test_a_lawyer_lists_their_cases_and_not_another_lawyers(
    case_a: LegalCase, case_b: LegalCase, verified_client: ClientFor, lawyers: Personas
) -> None:
    assert ids(verified_client(lawyers.lawyer).get(CASES)) == {case_a.pk}
    assert ids(verified_client(lawyers.other_lawyer).get(CASES)) == {case_b.pk}


def test_a_lawyer_cannot_read_another_lawyers_case_or_notes(
    case_b: LegalCase, verified_client: ClientFor, lawyers: Personas
) -> None:
    client = verified_client(lawyers.lawyer)
    assert client.get(url(case_b.pk)).status_code == 404
    assert client.get(url(case_b.pk, "notes")).status_code == 404
    response = post(client, url(case_b.pk, "notes"), {"body": "intrusion"})
    assert response.status_code == 404
    assert CaseNote.objects.filter(case=case_b).count() == 1
    for action in ("status", "calendar", "time", "assign"):
        assert post(client, url(case_b.pk, action), {}).status_code == 404


def test_the_assigned_lawyer_reads_the_client_and_the_notes(
    case_a: LegalCase, verified_client: ClientFor, lawyers: Personas
) -> None:
    body = verified_client(lawyers.lawyer).get(url(case_a.pk)).json()
    assert body["reference"] == case_a.reference
    assert body["client"]["name"] == CLIENT_NAME
    assert body["court_case_number"] == "1234/ج/2026"
    assert body["may_read_notes"] is True
    assert [note["body"] for note in body["notes"]] == [NOTE]
    viewed = AuditEntry.objects.filter(action="legal.client.identity_viewed")
    assert viewed.count() == 1
    assert CLIENT_NAME not in json.dumps(viewed.get().data, ensure_ascii=False)


def test_the_coordinator_reads_every_case_and_its_notes(
    case_a: LegalCase, case_b: LegalCase, verified_client: ClientFor, lawyers: Personas
) -> None:
    client = verified_client(lawyers.legal_coordinator)
    assert ids(client.get(CASES)) == {case_a.pk, case_b.pk}
    body = client.get(url(case_a.pk)).json()
    assert body["client"]["name"] == CLIENT_NAME
    assert [note["body"] for note in client.get(url(case_a.pk, "notes")).json()] == [NOTE]


def test_the_director_reads_the_case_but_not_its_notes_nor_the_client(
    case_a: LegalCase, verified_client: ClientFor, lawyers: Personas
) -> None:
    client = verified_client(lawyers.director)
    response = client.get(url(case_a.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == case_a.reference
    assert body["client"] is None
    assert body["notes"] is None
    assert body["court_case_number"] is None
    assert body["opposing_party"] is None
    assert body["may_read_notes"] is False
    text = response.content.decode()
    for secret in (CLIENT_NAME, NOTE, "1234"):
        assert secret not in text
    assert client.get(url(case_a.pk, "notes")).status_code == 404
    assert post(client, url(case_a.pk, "notes"), {"body": "x"}).status_code == 404


def test_a_lawyer_sees_the_unassigned_queue_of_their_governorate_without_identity(
    make_case: MakeCase, verified_client: ClientFor, lawyers: Personas
) -> None:
    queued = make_case("baghdad", name=CLIENT_NAME)
    client = verified_client(lawyers.lawyer)
    body = client.get(url(queued.pk)).json()
    assert body["client"] is None
    assert body["notes"] is None
    assert client.get(url(queued.pk, "notes")).status_code == 404
    # They may read it but not work on it until it is assigned to them.
    response = post(client, url(queued.pk, "status"), {"status": "suspended"})
    assert response.status_code == 403
    assert verified_client(lawyers.other_lawyer).get(url(queued.pk)).status_code == 404


@pytest.mark.parametrize("persona", ["operator", "outsider", "monitor_baghdad", "analyst"])
def test_anyone_else_gets_404_and_empty_lists(
    persona: str,
    case_a: LegalCase,
    verified_client: ClientFor,
    lawyers: Personas,
) -> None:
    client = verified_client(lawyers.get(persona))
    assert ids(client.get(CASES)) == set()
    assert client.get(url(case_a.pk)).status_code == 404
    assert client.get(url(case_a.pk, "notes")).status_code == 404
    assert post(client, url(case_a.pk, "notes"), {"body": "x"}).status_code == 404
    assert ids(client.get(HEARINGS)) == set()


def test_the_api_needs_a_signed_in_verified_user(
    case_a: LegalCase, unverified_client: ClientFor, lawyers: Personas
) -> None:
    assert Client().get(CASES).status_code in {401, 403}
    assert unverified_client(lawyers.lawyer).get(url(case_a.pk)).status_code in {401, 403}


def test_a_malformed_id_is_404(verified_client: ClientFor, lawyers: Personas) -> None:
    assert verified_client(lawyers.legal_coordinator).get(f"{CASES}abc/").status_code == 404


def test_filters_status_and_mine(
    case_a: LegalCase, make_case: MakeCase, verified_client: ClientFor, lawyers: Personas
) -> None:
    queued = make_case("baghdad")
    client = verified_client(lawyers.lawyer)
    assert ids(client.get(CASES, {"mine": "true"})) == {case_a.pk}
    assert ids(client.get(CASES, {"status": "open"})) == {case_a.pk, queued.pk}
    assert ids(client.get(CASES, {"status": "in_progress"})) == {case_a.pk}
    assert client.get(CASES, {"status": "bogus"}).status_code == 400


def test_script_comes_back_as_data(
    case_a: LegalCase, verified_client: ClientFor, lawyers: Personas
) -> None:
    client = verified_client(lawyers.lawyer)
    response = post(client, url(case_a.pk, "notes"), {"body": SCRIPT})
    assert response.status_code == 201
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["body"] == SCRIPT
    assert SCRIPT in [note["body"] for note in client.get(url(case_a.pk, "notes")).json()]


def test_responses_are_not_cached(
    case_a: LegalCase, verified_client: ClientFor, lawyers: Personas
) -> None:
    response = verified_client(lawyers.lawyer).get(url(case_a.pk))
    assert "no-store" in response["Cache-Control"]


# ---------------------------------------------------------------------------
# Actions


def test_the_coordinator_assigns_and_a_lawyer_may_not(
    make_case: MakeCase, verified_client: ClientFor, lawyers: Personas
) -> None:
    case = make_case("baghdad")
    response = post(verified_client(lawyers.lawyer), url(case.pk, "assign"), {"username": "lawyer"})
    assert response.status_code == 403
    coordinator = verified_client(lawyers.legal_coordinator)
    response = post(coordinator, url(case.pk, "assign"), {"username": "nobody"})
    assert response.status_code == 400
    assert "no active lawyer" in response.json()["username"][0]
    response = post(coordinator, url(case.pk, "assign"), {"username": "operator"})
    assert response.status_code == 400
    response = post(
        coordinator, url(case.pk, "assign"), {"username": "lawyer", "reason": "closest"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["lawyer"] == "lawyer"
    assert response.json()["status"] == CaseStatus.IN_PROGRESS
    assert "client" not in response.json()


def test_the_assigned_lawyer_changes_the_status(
    case_a: LegalCase, verified_client: ClientFor, lawyers: Personas
) -> None:
    client = verified_client(lawyers.lawyer)
    response = post(client, url(case_a.pk, "status"), {"status": "closed"})
    assert response.status_code == 400
    assert "how the case ended" in response.json()["non_field_errors"][0]
    response = post(client, url(case_a.pk, "status"), {"status": "closed", "outcome": "settled"})
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    assert response.json()["closed_on"] == timezone.localdate().isoformat()
    director = verified_client(lawyers.director)
    assert post(director, url(case_a.pk, "status"), {"status": "open"}).status_code == 403


def test_the_lawyer_adds_a_hearing_a_deadline_and_hours(
    case_a: LegalCase, verified_client: ClientFor, lawyers: Personas
) -> None:
    client = verified_client(lawyers.lawyer)
    starts = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    response = post(
        client,
        url(case_a.pk, "calendar"),
        {"kind": "hearing", "starts_at": starts.isoformat(), "place": "محكمة الكرخ"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["case_reference"] == case_a.reference
    response = post(client, url(case_a.pk, "calendar"), {"kind": "deadline"})
    assert response.status_code == 400
    response = post(
        client, url(case_a.pk, "calendar"), {"kind": "deadline", "due_on": "2026-12-10"}
    )
    assert response.status_code == 201
    response = post(client, url(case_a.pk, "time"), {"hours": "2.5", "description": "drafting"})
    assert response.status_code == 201
    assert response.json()["lawyer"] == "lawyer"
    assert post(client, url(case_a.pk, "time"), {"hours": "30"}).status_code == 400
    detail = client.get(url(case_a.pk)).json()
    assert len(detail["calendar"]) == 2
    assert detail["hours"] == "2.50"
    director = verified_client(lawyers.director)
    assert post(director, url(case_a.pk, "time"), {"hours": "1"}).status_code == 403


# ---------------------------------------------------------------------------
# Hearings


def _items(case_a: LegalCase, case_b: LegalCase, lawyers: Personas) -> None:
    services.calendar_item_add(
        by=lawyers.lawyer,
        case=case_a,
        kind="hearing",
        title="",
        starts_at=datetime(2026, 12, 3, 9, 0, tzinfo=UTC),
    )
    services.calendar_item_add(
        by=lawyers.lawyer, case=case_a, kind="deadline", title="", due_on=date(2026, 12, 20)
    )
    services.calendar_item_add(
        by=lawyers.other_lawyer, case=case_b, kind="deadline", title="", due_on=date(2026, 12, 5)
    )


def refs(response: Any) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.content
    return [(row["kind"], row["case_reference"]) for row in response.json()["results"]]


def test_hearings_are_scoped_and_filtered(
    case_a: LegalCase, case_b: LegalCase, verified_client: ClientFor, lawyers: Personas
) -> None:
    _items(case_a, case_b, lawyers)
    lawyer = verified_client(lawyers.lawyer)
    assert refs(lawyer.get(HEARINGS)) == [
        ("hearing", case_a.reference),
        ("deadline", case_a.reference),
    ]
    assert refs(lawyer.get(HEARINGS, {"lawyer": "me", "to": "2026-12-10"})) == [
        ("hearing", case_a.reference)
    ]
    coordinator = verified_client(lawyers.legal_coordinator)
    assert len(refs(coordinator.get(HEARINGS))) == 3
    assert refs(coordinator.get(HEARINGS, {"governorate": "erbil"})) == [
        ("deadline", case_b.reference)
    ]
    assert refs(coordinator.get(HEARINGS, {"lawyer": "other_lawyer"})) == [
        ("deadline", case_b.reference)
    ]
    assert len(refs(coordinator.get(HEARINGS, {"from": "2026-12-04"}))) == 2
    assert coordinator.get(HEARINGS, {"from": "yesterday"}).status_code == 400


def test_a_lawyer_cannot_mark_another_lawyers_item_done(
    case_a: LegalCase, case_b: LegalCase, verified_client: ClientFor, lawyers: Personas
) -> None:
    _items(case_a, case_b, lawyers)
    other = case_b.calendar.get()
    assert post(verified_client(lawyers.lawyer), f"{HEARINGS}{other.pk}/done/").status_code == 404
    own = case_a.calendar.first()
    assert own is not None
    response = post(verified_client(lawyers.lawyer), f"{HEARINGS}{own.pk}/done/")
    assert response.status_code == 200
    assert response.json()["done_at"] is not None


# ---------------------------------------------------------------------------
# Consultations


def test_consultations_are_logged_listed_and_converted(
    verified_client: ClientFor, lawyers: Personas
) -> None:
    operator = verified_client(lawyers.operator)
    response = post(
        operator,
        CONSULTATIONS,
        {
            "governorate": "baghdad",
            "service": "01",
            "subject": "إيجار",
            "asked_by": CLIENT_NAME,
            "contact": "07701234567",
            "advice": SCRIPT,
        },
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["advice"] == SCRIPT
    assert response.json()["given_by"] == "operator"
    # The operator may log advice but not open a case.
    assert post(operator, f"{CONSULTATIONS}{pk}/convert/", {"service": "03"}).status_code == 403
    # The Erbil lawyer does not see a Baghdad consultation; the Baghdad lawyer does.
    assert ids(verified_client(lawyers.other_lawyer).get(CONSULTATIONS)) == set()
    other = verified_client(lawyers.other_lawyer)
    assert post(other, f"{CONSULTATIONS}{pk}/convert/", {"service": "03"}).status_code == 404
    lawyer = verified_client(lawyers.lawyer)
    assert ids(lawyer.get(CONSULTATIONS)) == {pk}
    response = post(lawyer, f"{CONSULTATIONS}{pk}/convert/", {"service": "03"})
    assert response.status_code == 201, response.content
    case = LegalCase.objects.get(pk=response.json()["case"])
    assert case.client.name == CLIENT_NAME
    assert Consultation.objects.get(pk=pk).converted_to == case
    response = post(lawyer, f"{CONSULTATIONS}{pk}/convert/", {"service": "03"})
    assert response.status_code == 400


def test_the_director_sees_consultations_without_who_asked(
    verified_client: ClientFor, lawyers: Personas
) -> None:
    services.consultation_log(
        by=lawyers.lawyer,
        data={
            "governorate": Governorate.objects.get(slug="baghdad"),
            "subject": "عمل",
            "asked_by": CLIENT_NAME,
            "advice": "نصيحة",
        },
    )
    response = verified_client(lawyers.director).get(CONSULTATIONS)
    rows = response.json()["results"]
    assert len(rows) == 1
    assert rows[0]["asked_by"] is None
    assert rows[0]["contact"] is None
    assert CLIENT_NAME not in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "monitor_baghdad"])
def test_others_cannot_log_or_list_consultations(
    persona: str, verified_client: ClientFor, lawyers: Personas
) -> None:
    client = verified_client(lawyers.get(persona))
    response = post(
        client, CONSULTATIONS, {"governorate": "baghdad", "subject": "x", "advice": "y"}
    )
    assert response.status_code == 403
    assert ids(client.get(CONSULTATIONS)) == set()


# ---------------------------------------------------------------------------
# The calendar feed's address


def test_a_lawyer_gets_and_revokes_their_feed_address(
    verified_client: ClientFor, lawyers: Personas
) -> None:
    client = verified_client(lawyers.lawyer)
    response = post(client, TOKEN)
    assert response.status_code == 201
    address = response.json()["url"]
    assert address.startswith("http://testserver/calendar/")
    assert address.endswith(".ics")
    assert "no-store" in response["Cache-Control"]
    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    assert services.calendar_token_user(token=token) == lawyers.lawyer
    assert not CalendarFeedToken.objects.filter(token_hash__contains=token).exists()
    assert client.delete(TOKEN).status_code == 204
    assert services.calendar_token_user(token=token) is None


@pytest.mark.parametrize("persona", ["director", "operator", "outsider"])
def test_only_lawyers_have_a_feed(
    persona: str, verified_client: ClientFor, lawyers: Personas
) -> None:
    client = verified_client(lawyers.get(persona))
    assert post(client, TOKEN).status_code == 403
    assert client.delete(TOKEN).status_code == 403
    assert not CalendarFeedToken.objects.exists()
