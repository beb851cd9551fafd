"""The iCal feed: the lawyer's own hearings and deadlines, the reference only."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from icalendar import Calendar

from nama.legal import services
from nama.legal.models import LegalCase
from nama.legal.tests.conftest import MakeCase
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

CLIENT_NAME = "سارة محمود الجبوري"
OTHER_NAME = "هوزان كريم"
NOTE = "الموكلة تخشى الانتقام"
COURT_NUMBER = "1234/ج/2026"
HEARING_AT = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_counters(settings: Any) -> Any:
    # Summaries are written in the site's language; compare them in English.
    settings.LANGUAGE_CODE = "en"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def case_a(make_case: MakeCase, lawyers: Personas) -> LegalCase:
    case = make_case(
        "baghdad", lawyer=lawyers.lawyer, name=CLIENT_NAME, court_case_number=COURT_NUMBER
    )
    services.note_add(by=lawyers.lawyer, case=case, body=NOTE)
    services.calendar_item_add(
        by=lawyers.lawyer,
        case=case,
        kind="hearing",
        title=f"جلسة {CLIENT_NAME}",
        starts_at=HEARING_AT,
        place="محكمة الكرخ",
    )
    services.calendar_item_add(
        by=lawyers.lawyer, case=case, kind="deadline", title="", due_on=date(2026, 12, 20)
    )
    return case


@pytest.fixture
def case_b(make_case: MakeCase, lawyers: Personas) -> LegalCase:
    case = make_case("erbil", lawyer=lawyers.other_lawyer, name=OTHER_NAME)
    services.calendar_item_add(
        by=lawyers.other_lawyer,
        case=case,
        kind="hearing",
        title="",
        starts_at=HEARING_AT + timedelta(days=1),
    )
    return case


def feed_path(token: str) -> str:
    return f"/calendar/{token}.ics"


def events(response: Any) -> list[Any]:
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_the_feed_has_the_hearing_and_the_deadline_with_the_reference(
    case_a: LegalCase, case_b: LegalCase, lawyers: Personas
) -> None:
    token = services.calendar_token_issue(by=lawyers.lawyer, user=lawyers.lawyer)
    response = Client().get(feed_path(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex"
    found = {str(event["SUMMARY"]): event for event in events(response)}
    assert set(found) == {f"Hearing {case_a.reference}", f"Deadline {case_a.reference}"}
    hearing = found[f"Hearing {case_a.reference}"]
    assert hearing.decoded("DTSTART") == HEARING_AT
    assert hearing.decoded("DTEND") == HEARING_AT + timedelta(hours=1)
    deadline = found[f"Deadline {case_a.reference}"]
    assert deadline.decoded("DTSTART") == date(2026, 12, 20)
    assert deadline.decoded("DTEND") == date(2026, 12, 21)


def test_the_feed_never_names_the_client_nor_shows_notes_or_court_numbers(
    case_a: LegalCase, lawyers: Personas
) -> None:
    token = services.calendar_token_issue(by=lawyers.lawyer, user=lawyers.lawyer)
    body = Client().get(feed_path(token)).content.decode()
    for secret in (CLIENT_NAME, "سارة", NOTE, COURT_NUMBER, "1234", "محكمة الكرخ"):
        assert secret not in body


def test_a_lawyers_feed_never_has_another_lawyers_items(
    case_a: LegalCase, case_b: LegalCase, lawyers: Personas
) -> None:
    token_a = services.calendar_token_issue(by=lawyers.lawyer, user=lawyers.lawyer)
    token_b = services.calendar_token_issue(by=lawyers.other_lawyer, user=lawyers.other_lawyer)
    body_a = Client().get(feed_path(token_a)).content.decode()
    body_b = Client().get(feed_path(token_b)).content.decode()
    assert case_b.reference not in body_a
    assert OTHER_NAME not in body_a
    assert case_a.reference not in body_b
    assert [str(event["SUMMARY"]) for event in events(Client().get(feed_path(token_b)))] == [
        f"Hearing {case_b.reference}"
    ]


def test_a_transferred_case_leaves_the_old_lawyers_feed(
    case_a: LegalCase, lawyers: Personas
) -> None:
    token = services.calendar_token_issue(by=lawyers.lawyer, user=lawyers.lawyer)
    services.case_assign(by=lawyers.legal_coordinator, case=case_a, lawyer=lawyers.other_lawyer)
    assert events(Client().get(feed_path(token))) == []


def test_a_revoked_token_is_404_like_an_unknown_one(case_a: LegalCase, lawyers: Personas) -> None:
    token = services.calendar_token_issue(by=lawyers.lawyer, user=lawyers.lawyer)
    services.calendar_token_revoke(by=lawyers.lawyer, user=lawyers.lawyer)
    revoked = Client().get(feed_path(token))
    unknown = Client().get(feed_path("x" * 43))
    assert revoked.status_code == unknown.status_code == 404
    assert revoked.content == unknown.content
    assert revoked["Content-Type"] == unknown["Content-Type"]


def test_a_new_token_replaces_the_old_one(case_a: LegalCase, lawyers: Personas) -> None:
    old = services.calendar_token_issue(by=lawyers.lawyer, user=lawyers.lawyer)
    new = services.calendar_token_issue(by=lawyers.lawyer, user=lawyers.lawyer)
    assert Client().get(feed_path(old)).status_code == 404
    assert Client().get(feed_path(new)).status_code == 200


def test_a_deactivated_lawyers_feed_is_404(case_a: LegalCase, lawyers: Personas) -> None:
    token = services.calendar_token_issue(by=lawyers.lawyer, user=lawyers.lawyer)
    lawyers.lawyer.is_active = False
    lawyers.lawyer.save(update_fields=["is_active"])
    assert Client().get(feed_path(token)).status_code == 404


def test_malformed_addresses_are_404(lawyers: Personas) -> None:
    for path in ("/calendar/short.ics", "/calendar/" + "a" * 43, "/calendar/a%2Fb" * 5 + ".ics"):
        assert Client().get(path).status_code == 404


def test_only_get(case_a: LegalCase, lawyers: Personas) -> None:
    token = services.calendar_token_issue(by=lawyers.lawyer, user=lawyers.lawyer)
    assert Client().post(feed_path(token)).status_code == 405


def test_guessing_tokens_is_throttled_per_client(
    case_a: LegalCase, lawyers: Personas, settings: Any
) -> None:
    settings.NAMA_LEGAL_FEED_LIMIT = 3
    token = services.calendar_token_issue(by=lawyers.lawyer, user=lawyers.lawyer)
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for attempt in range(3):
        assert guesser.get(feed_path(f"{attempt}" * 43)).status_code == 404
    refused = guesser.get(feed_path(token))
    assert refused.status_code == 429
    assert "Retry-After" in refused
    # Another client is counted apart.
    assert Client(REMOTE_ADDR="198.51.100.4").get(feed_path(token)).status_code == 200
