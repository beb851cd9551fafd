"""The staff pages of the legal unit: who reads which case and notes, the actions,
the calendar, the workload and the consultations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from nama.accounts.models import User
from nama.core.audit import AuditEntry
from nama.core.evidence.services import make_file
from nama.intake.tests.conftest import png_bytes
from nama.legal import case_views, services
from nama.legal.models import (
    CalendarFeedToken,
    CalendarItem,
    CaseNote,
    CaseStatus,
    Consultation,
    ItemKind,
    LegalCase,
    TimeEntry,
)
from nama.legal.tests.conftest import MakeCase
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
CASES = "/en/legal/"
CALENDAR = "/en/legal/calendar/"
WORKLOAD = "/en/legal/workload/"
CONSULTATIONS = "/en/legal/consultations/"
NOTE = "Privileged strategy: argue the arrest had no warrant"
SCRIPT = "<script>alert(1)</script>"


def page(case: LegalCase) -> str:
    return f"/en/legal/cases/{case.pk}/"


def action(case: LegalCase, name: str) -> str:
    return f"{page(case)}{name}/"


@pytest.fixture
def a_case(make_case: MakeCase, lawyers: Personas) -> LegalCase:
    """Lawyer A's (Baghdad) case, with a note."""
    case = make_case("baghdad", lawyer=lawyers.lawyer)
    services.note_add(by=lawyers.lawyer, case=case, body=NOTE)
    return case


@pytest.fixture
def b_case(make_case: MakeCase, lawyers: Personas) -> LegalCase:
    """Lawyer B's (Erbil) case."""
    return make_case("erbil", lawyer=lawyers.other_lawyer, name="Karwan Aziz")


# ---------------------------------------------------------------------------
# Who may open what


@pytest.mark.parametrize("name", ["outsider", "operator", "monitor_baghdad", "analyst", "sysadmin"])
def test_people_without_a_legal_role_get_404_on_every_legal_page(
    name: str, a_case: LegalCase, personas: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(personas.get(name))
    for url in (CASES, page(a_case), CALENDAR, WORKLOAD):
        assert client.get(url).status_code == 404, url
    response = client.post(action(a_case, "note"), {"note-body": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["outsider", "monitor_baghdad", "analyst"])
def test_consultations_are_404_for_those_outside_legal_and_the_hotline(
    name: str, personas: Personas, verified_client: ClientFor
) -> None:
    assert verified_client(personas.get(name)).get(CONSULTATIONS).status_code == 404


def test_lawyer_a_cannot_open_lawyer_bs_case_nor_act_on_it(
    b_case: LegalCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    services.note_add(by=lawyers.other_lawyer, case=b_case, body="Erbil secret note")
    client = verified_client(lawyers.lawyer)
    assert client.get(page(b_case)).status_code == 404
    for name in case_views.ACTIONS:
        assert client.post(action(b_case, name), {}).status_code == 404, name
    assert b"Erbil secret note" not in client.get(CASES).content
    assert b_case.reference.encode() not in client.get(CASES).content
    assert b_case.reference.encode() not in client.get(CALENDAR).content


def test_the_assigned_lawyer_sees_the_client_and_the_notes(
    a_case: LegalCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    response = verified_client(lawyers.lawyer).get(page(a_case))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert NOTE in response.content.decode()
    assert "سارة محمود" in response.content.decode()


def test_the_coordinator_sees_the_case_and_its_notes(
    a_case: LegalCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    body = verified_client(lawyers.legal_coordinator).get(page(a_case)).content.decode()
    assert NOTE in body
    assert "سارة محمود" in body
    assert 'id="id_assign-lawyer"' in body


def test_the_director_sees_the_case_but_neither_notes_nor_client(
    a_case: LegalCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    response = verified_client(lawyers.director).get(page(a_case))
    body = response.content.decode()
    assert response.status_code == 200
    assert a_case.reference in body
    assert NOTE not in body
    assert 'id="id_note-body"' not in body
    assert "سارة محمود" not in body
    assert f"Client #{a_case.client_id}" in body
    assert (
        verified_client(lawyers.director)
        .post(action(a_case, "note"), {"note-body": "x"})
        .status_code
        == 404
    )


def test_a_lawyer_sees_an_unassigned_case_of_their_governorate_without_identity(
    make_case: MakeCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    case = make_case("baghdad")
    client = verified_client(lawyers.lawyer)
    listing = client.get(CASES).content.decode()
    assert case.reference in listing
    body = client.get(page(case)).content.decode()
    assert "سارة محمود" not in body
    assert 'id="id_note-body"' not in body
    assert client.post(action(case, "note"), {"note-body": "mine"}).status_code == 404
    assert not CaseNote.objects.filter(case=case).exists()
    # Lawyer B, in Erbil, does not see it at all.
    assert verified_client(lawyers.other_lawyer).get(page(case)).status_code == 404


# ---------------------------------------------------------------------------
# Assignment


def test_the_coordinator_assigns_a_case_and_it_is_audited(
    make_case: MakeCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    case = make_case("baghdad")
    client = verified_client(lawyers.legal_coordinator)
    body = client.get(page(case)).content.decode()
    assert "of 10 open cases" in body  # the suggestions show the load
    response = client.post(
        action(case, "assign"), {"assign-lawyer": lawyers.lawyer.pk, "assign-reason": "nearest"}
    )
    assert response.status_code == 302
    assert response["Location"] == page(case)
    case.refresh_from_db()
    assert case.lawyer == lawyers.lawyer
    assert case.status == CaseStatus.IN_PROGRESS
    entry = AuditEntry.objects.get(action="legal.case.assigned", target_id=str(case.pk))
    assert entry.actor_id == lawyers.legal_coordinator.pk
    assert "Assignment history" in client.get(page(case)).content.decode()


def test_a_lawyer_cannot_assign(
    a_case: LegalCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(lawyers.lawyer)
    assert 'id="id_assign-lawyer"' not in client.get(page(a_case)).content.decode()
    response = client.post(action(a_case, "assign"), {"assign-lawyer": lawyers.lawyer.pk})
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="legal.case.assigned").count() == 1  # the fixture's


def test_a_refused_assignment_keeps_the_reason_typed(
    make_case: MakeCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    case = make_case("baghdad")
    response = verified_client(lawyers.legal_coordinator).post(
        action(case, "assign"), {"assign-lawyer": "", "assign-reason": "kept reason"}
    )
    assert response.status_code == 400
    assert 'value="kept reason"' in response.content.decode()


# ---------------------------------------------------------------------------
# Notes


def test_a_note_by_the_assigned_lawyer_is_read_by_them_and_the_coordinator_only(
    make_case: MakeCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    case = make_case("baghdad", lawyer=lawyers.lawyer)
    response = verified_client(lawyers.lawyer).post(
        action(case, "note"), {"note-body": "Witness will testify on Sunday"}
    )
    assert response.status_code == 302
    assert CaseNote.objects.get(case=case).author == lawyers.lawyer
    text = "Witness will testify on Sunday"
    assert text in verified_client(lawyers.lawyer).get(page(case)).content.decode()
    assert text in verified_client(lawyers.legal_coordinator).get(page(case)).content.decode()
    assert text not in verified_client(lawyers.director).get(page(case)).content.decode()
    assert verified_client(lawyers.other_lawyer).get(page(case)).status_code == 404


def test_an_empty_note_is_refused_with_400(
    a_case: LegalCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    response = verified_client(lawyers.lawyer).post(action(a_case, "note"), {"note-body": "  "})
    assert response.status_code == 400
    assert CaseNote.objects.filter(case=a_case).count() == 1


# ---------------------------------------------------------------------------
# Hearings, deadlines, time, status, documents


def test_hearings_and_deadlines_are_added_and_show_on_the_calendar(
    a_case: LegalCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(lawyers.lawyer)
    day = timezone.localdate() + timedelta(days=3)
    response = client.post(
        action(a_case, "hearing"),
        {
            "hearing-title": "First hearing",
            "hearing-day": day.isoformat(),
            "hearing-time": "09:30",
            "hearing-place": "Karkh court",
        },
    )
    assert response.status_code == 302
    due = timezone.localdate() + timedelta(days=5)
    response = client.post(
        action(a_case, "deadline"),
        {"deadline-title": "File the appeal", "deadline-due_on": due.isoformat()},
    )
    assert response.status_code == 302
    hearing = CalendarItem.objects.get(case=a_case, kind=ItemKind.HEARING)
    assert timezone.localtime(hearing.starts_at).hour == 9
    calendar = client.get(CALENDAR).content.decode()
    assert "First hearing" in calendar
    assert "File the appeal" in calendar
    assert a_case.reference in calendar
    landing = client.get(CASES).content.decode()
    assert "First hearing" in landing  # upcoming hearings
    # The coordinator's calendar, for this lawyer and for Baghdad.
    coordinator = verified_client(lawyers.legal_coordinator)
    chosen = coordinator.get(f"{CALENDAR}?lawyer={lawyers.lawyer.pk}").content.decode()
    assert "First hearing" in chosen
    elsewhere = coordinator.get(f"{CALENDAR}?governorate=erbil").content.decode()
    assert "First hearing" not in elsewhere
    # Lawyer B never sees them.
    assert (
        "First hearing" not in verified_client(lawyers.other_lawyer).get(CALENDAR).content.decode()
    )
    # Done.
    response = client.post(action(a_case, "done"), {"done-item": hearing.pk})
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.done_at is not None


def test_an_overdue_deadline_shows_on_the_lawyers_landing_page(
    a_case: LegalCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    services.calendar_item_add(
        by=lawyers.lawyer,
        case=a_case,
        kind=ItemKind.DEADLINE,
        title="Late submission",
        due_on=timezone.localdate() - timedelta(days=2),
    )
    assert "Late submission" in verified_client(lawyers.lawyer).get(CASES).content.decode()


def test_a_hearing_without_a_day_is_refused_keeping_what_was_typed(
    a_case: LegalCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    response = verified_client(lawyers.lawyer).post(
        action(a_case, "hearing"),
        {"hearing-title": "Typed title", "hearing-place": "Typed court", "hearing-time": "10:00"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Typed title"' in body
    assert 'value="Typed court"' in body
    assert not CalendarItem.objects.exists()


def test_time_is_logged_and_totalled(
    a_case: LegalCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(lawyers.lawyer)
    today = timezone.localdate().isoformat()
    for hours in ("1.5", "2"):
        response = client.post(
            action(a_case, "time"),
            {"time-worked_on": today, "time-hours": hours, "time-description": "drafting"},
        )
        assert response.status_code == 302
    assert TimeEntry.objects.filter(case=a_case).count() == 2
    assert "Total: 3.5 hours" in client.get(page(a_case)).content.decode()
    refused = client.post(
        action(a_case, "time"),
        {"time-worked_on": today, "time-hours": "30", "time-description": "kept words"},
    )
    assert refused.status_code == 400
    assert 'value="kept words"' in refused.content.decode()


def test_closing_needs_an_outcome(
    a_case: LegalCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(lawyers.lawyer)
    refused = client.post(action(a_case, "status"), {"status-status": "closed"})
    assert refused.status_code == 400
    assert "Say how the case ended." in refused.content.decode()
    done = client.post(
        action(a_case, "status"), {"status-status": "closed", "status-outcome": "settled"}
    )
    assert done.status_code == 302
    a_case.refresh_from_db()
    assert a_case.status == CaseStatus.CLOSED


def test_a_document_is_attached_and_downloaded_with_custody(
    a_case: LegalCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(lawyers.lawyer)
    upload = make_file(png_bytes(), "power-of-attorney.png")
    response = client.post(action(a_case, "attach"), {"attach-upload": upload})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="legal.case.files_attached").exists()
    from nama.core.evidence.selectors import evidence_list_for_owner

    evidence = evidence_list_for_owner(owner=a_case).get()
    url = f"{page(a_case)}files/{evidence.uuid}/"
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert verified_client(lawyers.other_lawyer).get(url).status_code == 404
    assert verified_client(lawyers.director).get(url).status_code == 200


# ---------------------------------------------------------------------------
# Escaping


def test_script_in_subject_note_and_client_name_is_escaped(
    make_case: MakeCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    case = make_case("baghdad", lawyer=lawyers.lawyer, name=SCRIPT, subject=SCRIPT)
    services.note_add(by=lawyers.lawyer, case=case, body=SCRIPT)
    for url in (page(case), CASES):
        body = verified_client(lawyers.lawyer).get(url).content.decode()
        assert SCRIPT not in body, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, url


# ---------------------------------------------------------------------------
# The coordinator's list and the workload


def test_the_coordinator_lists_every_case_with_filters(
    a_case: LegalCase, b_case: LegalCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(lawyers.legal_coordinator)
    body = client.get(CASES).content.decode()
    assert a_case.reference in body
    assert b_case.reference in body
    erbil = client.get(f"{CASES}?governorate=erbil&status=open").content.decode()
    assert b_case.reference in erbil
    assert a_case.reference not in erbil
    # A broken filter value is ignored, not an error page.
    assert client.get(f"{CASES}?status=nonsense&lawyer=abc").status_code == 200


def test_the_workload_is_for_the_coordinator_only(
    a_case: LegalCase, lawyers: Personas, verified_client: ClientFor
) -> None:
    body = verified_client(lawyers.legal_coordinator).get(WORKLOAD).content.decode()
    assert "1 / 10" in body
    assert verified_client(lawyers.lawyer).get(WORKLOAD).status_code == 404
    assert verified_client(lawyers.director).get(WORKLOAD).status_code == 404


# ---------------------------------------------------------------------------
# The iCal feed address


def test_the_feed_address_is_shown_once_and_only_its_hash_kept(
    lawyers: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(lawyers.lawyer)
    response = client.post("/en/legal/calendar/feed/", {"action": "issue"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    token_row = CalendarFeedToken.objects.get(user=lawyers.lawyer)
    start = body.index("/calendar/", body.index('id="feed-url"')) + len("/calendar/")
    token = body[start : body.index(".ics", start)]
    assert services.calendar_token_user(token=token) == lawyers.lawyer
    assert token not in token_row.token_hash
    assert token not in client.get(CALENDAR).content.decode()
    assert client.post("/en/legal/calendar/feed/", {"action": "revoke"}).status_code == 302
    assert services.calendar_token_user(token=token) is None


# ---------------------------------------------------------------------------
# Consultations


def consultation_data(**extra: str) -> dict[str, str]:
    return {
        "governorate": "baghdad",
        "subject": "Detention without charge",
        "service": "01",
        "asked_by": "Mother of the detainee",
        "contact": "07701234567",
        "question": "How long can they hold him?",
        "advice": "Twenty-four hours before a judge",
        "follow_up_needed": "on",
        **extra,
    }


@pytest.mark.parametrize("name", ["lawyer", "legal_coordinator", "operator"])
def test_lawyers_the_coordinator_and_operators_log_consultations(
    name: str, lawyers: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(lawyers.get(name))
    response = client.post(CONSULTATIONS, consultation_data())
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.given_by == lawyers.get(name)
    assert consultation.follow_up_needed
    assert "Detention without charge" in client.get(CONSULTATIONS).content.decode()


def test_a_refused_consultation_keeps_what_was_typed(
    lawyers: Personas, verified_client: ClientFor
) -> None:
    response = verified_client(lawyers.operator).post(
        CONSULTATIONS, consultation_data(advice="", question="Kept question")
    )
    assert response.status_code == 400
    assert "Kept question" in response.content.decode()
    assert not Consultation.objects.exists()


def test_lawyers_convert_a_consultation_into_a_case_and_operators_cannot(
    lawyers: Personas, verified_client: ClientFor
) -> None:
    verified_client(lawyers.operator).post(CONSULTATIONS, consultation_data())
    consultation = Consultation.objects.get()
    url = f"/en/legal/consultations/{consultation.pk}/convert/"
    assert verified_client(lawyers.operator).post(url, {"service": "03"}).status_code == 404
    assert verified_client(lawyers.other_lawyer).post(url, {"service": "03"}).status_code == 404
    response = verified_client(lawyers.lawyer).post(url, {"service": "03"})
    consultation.refresh_from_db()
    assert consultation.converted_to is not None
    assert response.status_code == 302
    assert response["Location"] == page(consultation.converted_to)
