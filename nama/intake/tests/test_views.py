"""The staff pages of the intake: the queue, the request page, its actions and its files."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone

from nama.accounts.models import User
from nama.core import ratelimit, tracking
from nama.core.audit import AuditEntry
from nama.core.evidence.models import CustodyAction, CustodyEvent, EvidenceFile
from nama.core.evidence.services import make_file
from nama.core.models import Term
from nama.intake import services, views
from nama.intake.models import (
    CallLog,
    InternalNote,
    Message,
    Request,
    RequestStatus,
    TrackingCode,
    Urgency,
)
from nama.intake.selectors import public_status_for_request
from nama.intake.tests.conftest import png_bytes
from nama.testing.fixtures import login_client
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

QUEUE = "/en/intake/"
CALL = "/en/intake/call/"
ACTIONS = sorted(views.ACTIONS)
CODE_PANEL = "Read this tracking code to the caller now"

ClientFor = Callable[[User], Client]
MakeRequest = Callable[..., Request]


def page(request: Request) -> str:
    return f"/en/intake/requests/{request.pk}/"


def action(request: Request, name: str) -> str:
    return f"{page(request)}{name}/"


def file_url(request: Request, evidence: EvidenceFile) -> str:
    return f"{page(request)}files/{evidence.uuid}/"


def text(response: Any) -> str:
    return response.content.decode()


def references(response: Any) -> list[str]:
    """The references listed in the queue, in order."""
    return re.findall(r'<th scope="row"><a href="[^"]*" dir="ltr">(R-[0-9-]+)</a>', text(response))


def row_classes(response: Any) -> dict[str, set[str]]:
    """The CSS classes of each queue row, by reference."""
    rows = re.findall(
        r'<tr class="([^"]*)">\s*<th scope="row"><a href="[^"]*" dir="ltr">(R-[0-9-]+)</a>',
        text(response),
    )
    return {reference: set(classes.split()) for classes, reference in rows}


def comparable(response: Any, typed: str) -> str:
    """The page without what differs between two answers: the typed value and tokens."""
    body = text(response).replace(typed, "TYPED")
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "CSRF", body)
    return re.sub(r'name="call-started" value="[^"]*"', "STARTED", body)


def audited(name: str, request: Request) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=name, target_id=str(request.pk)))


def track_key(n: int = 0) -> str:
    return ratelimit.client_key(f"198.51.100.{n}", scope="intake.track", window_seconds=3600)


def age(request: Request, days: int) -> None:
    Request.objects.filter(pk=request.pk).update(
        received_on=timezone.localdate() - timedelta(days=days)
    )


# ---------------------------------------------------------------------------
# Access


def test_anonymous_visitors_are_sent_to_the_login_page(
    client: Client, make_request: MakeRequest
) -> None:
    request = make_request("baghdad")
    for response in (
        client.get(QUEUE),
        client.get(page(request)),
        client.post(action(request, "close"), {"close-reason": "x"}),
        client.get(f"{page(request)}files/00000000-0000-0000-0000-000000000000/"),
    ):
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW


@pytest.mark.parametrize("name", ["outsider", "analyst", "lawyer", "sysadmin"])
def test_roles_without_intake_access_get_404_everywhere(
    submit: Callable[..., Any], personas: Personas, verified_client: ClientFor, name: str
) -> None:
    request, _code = submit("baghdad", files=[make_file(png_bytes(), "photo.png")])
    services.request_route(by=personas.director, request=request, target="legal")
    evidence = EvidenceFile.objects.of(request).get()
    client = verified_client(personas.get(name))
    assert client.get(QUEUE).status_code == 404
    assert client.get(CALL).status_code == 404
    assert client.get(page(request)).status_code == 404
    assert client.get(file_url(request, evidence)).status_code == 404
    for verb in ACTIONS:
        assert client.post(action(request, verb), {}).status_code == 404, verb
    assert not AuditEntry.objects.filter(actor_id=personas.get(name).pk).exists()


def test_the_baghdad_operator_gets_404_for_an_erbil_request_its_actions_and_files(
    submit: Callable[..., Any], personas: Personas, verified_client: ClientFor
) -> None:
    erbil, _code = submit("erbil", files=[make_file(png_bytes(), "photo.png")])
    evidence = EvidenceFile.objects.of(erbil).get()
    client = verified_client(personas.operator)
    assert client.get(page(erbil)).status_code == 404
    assert client.get(file_url(erbil, evidence)).status_code == 404
    for name in ACTIONS:
        response = client.post(action(erbil, name), {f"{name}-reason": "x", f"{name}-body": "x"})
        assert response.status_code == 404, name
    erbil.refresh_from_db()
    assert erbil.status == RequestStatus.NEW
    assert not Message.objects.exists()
    assert not CustodyEvent.objects.filter(action=CustodyAction.DOWNLOADED).exists()


def test_the_baghdad_operator_never_sees_an_erbil_request_in_the_queue(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    baghdad = make_request("baghdad")
    erbil = make_request("erbil")
    client = verified_client(personas.operator)
    for query in ("", "?filter=1", "?filter=1&governorate=erbil", "?filter=1&status=new"):
        listed = references(client.get(QUEUE + query))
        assert erbil.reference not in listed, query
    assert baghdad.reference in references(client.get(QUEUE + "?reset=1", follow=True))


def test_an_unknown_action_is_404(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request()
    client = verified_client(personas.director)
    assert client.post(action(request, "delete"), {}).status_code == 404


def test_actions_answer_only_post(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request()
    client = verified_client(personas.director)
    assert client.get(action(request, "close")).status_code == 405


def test_the_legal_coordinator_sees_a_routed_request_at_status_level_only(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("erbil", narrative="سرد سري للغاية")
    services.note_add(by=personas.director, request=request, body="internal note text")
    services.request_route(by=personas.director, request=request, target="legal", note="why")
    client = verified_client(personas.legal_coordinator)
    response = client.get(page(request))
    assert response.status_code == 200
    body = text(response)
    assert request.reference in body
    assert "routed to legal" in body
    assert "سرد سري" not in body
    assert "internal note text" not in body
    assert 'action="' + action(request, "close") not in body
    assert "no-store" in response["Cache-Control"]
    for name in ACTIONS:
        assert client.post(action(request, name), {}).status_code == 404, name
    assert client.get(CALL).status_code == 404
    listed = references(client.get(QUEUE + "?filter=1&status=routed_legal"))
    assert listed == [request.reference]


def test_the_legal_coordinator_cannot_download_files_of_a_routed_request(
    submit: Callable[..., Any], personas: Personas, verified_client: ClientFor
) -> None:
    request, _code = submit("baghdad", files=[make_file(png_bytes(), "photo.png")])
    services.request_route(by=personas.director, request=request, target="legal")
    evidence = EvidenceFile.objects.of(request).get()
    client = verified_client(personas.legal_coordinator)
    assert client.get(file_url(request, evidence)).status_code == 404
    assert "photo.png" not in text(client.get(page(request)))


def test_actions_need_the_csrf_token(make_request: MakeRequest, personas: Personas) -> None:
    request = make_request("baghdad")
    client = login_client(personas.operator, verified=True, client=Client(enforce_csrf_checks=True))
    response = client.post(action(request, "close"), {"close-reason": "forged"})
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW


def test_the_legal_coordinator_does_not_see_requests_not_routed_to_legal(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    client = verified_client(personas.legal_coordinator)
    assert client.get(page(request)).status_code == 404
    assert references(client.get(QUEUE + "?filter=1")) == []


def test_a_status_level_queue_row_does_not_name_the_assignee(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    services.request_assign(by=personas.director, request=request, assignee=personas.operator)
    services.request_route(by=personas.director, request=request, target="legal")
    body = text(
        verified_client(personas.legal_coordinator).get(QUEUE + "?filter=1&status=routed_legal")
    )
    assert request.reference in body
    assert personas.operator.get_full_name() not in body


# ---------------------------------------------------------------------------
# The queue


def test_the_queue_shows_open_requests_by_default_newest_first(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    older = make_request("baghdad")
    newer = make_request("baghdad")
    closed = make_request("baghdad")
    routed = make_request("baghdad")
    services.request_close(by=personas.director, request=closed, reason="done")
    services.request_route(by=personas.director, request=routed, target="monitoring")
    response = verified_client(personas.operator).get(QUEUE)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert references(response) == [newer.reference, older.reference]


def test_the_status_filter_shows_only_that_status(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    make_request("baghdad")
    closed = make_request("baghdad")
    services.request_close(by=personas.director, request=closed, reason="done")
    client = verified_client(personas.operator)
    assert references(client.get(QUEUE + "?filter=1&status=closed")) == [closed.reference]


def test_the_open_filter_keeps_new_and_triaged_requests(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    new = make_request("baghdad")
    triaged = make_request("baghdad")
    routed = make_request("baghdad")
    services.request_triage(by=personas.director, request=triaged)
    services.request_route(by=personas.director, request=routed, target="legal")
    listed = references(verified_client(personas.operator).get(QUEUE + "?filter=1&status=open"))
    assert sorted(listed) == sorted([new.reference, triaged.reference])


def test_any_status_lists_every_request(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    new = make_request("baghdad")
    closed = make_request("baghdad")
    services.request_close(by=personas.director, request=closed, reason="done")
    listed = references(verified_client(personas.operator).get(QUEUE + "?filter=1&status="))
    assert sorted(listed) == sorted([new.reference, closed.reference])


def test_the_governorate_filter(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    make_request("baghdad")
    erbil = make_request("erbil")
    client = verified_client(personas.director)
    assert references(client.get(QUEUE + "?filter=1&governorate=erbil")) == [erbil.reference]


def test_the_type_filter(
    make_request: MakeRequest,
    personas: Personas,
    verified_client: ClientFor,
    legal_need: Term,
) -> None:
    make_request("baghdad")
    legal = make_request("baghdad")
    Request.objects.filter(pk=legal.pk).update(request_type=legal_need)
    client = verified_client(personas.operator)
    assert references(client.get(QUEUE + "?filter=1&request_type=02")) == [legal.reference]


def test_the_urgency_filter(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    make_request("baghdad")
    urgent = make_request("baghdad", urgency=Urgency.URGENT)
    make_request("baghdad", urgency=Urgency.EMERGENCY)
    client = verified_client(personas.operator)
    assert references(client.get(QUEUE + "?filter=1&urgency=urgent")) == [urgent.reference]


def test_the_age_filter_keeps_requests_waiting_longer(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    fresh = make_request("baghdad")
    week = make_request("baghdad")
    old = make_request("baghdad")
    age(week, 7)
    age(old, 8)
    client = verified_client(personas.operator)
    assert references(client.get(QUEUE + "?filter=1&age=7")) == [old.reference]
    listed = references(client.get(QUEUE + "?filter=1&age=2"))
    assert sorted(listed) == sorted([week.reference, old.reference])
    assert fresh.reference not in listed


def test_the_assigned_filters(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    mine = make_request("baghdad")
    directors = make_request("baghdad")
    nobodys = make_request("baghdad")
    services.request_assign(by=personas.director, request=mine, assignee=personas.operator)
    services.request_assign(by=personas.director, request=directors, assignee=personas.director)
    client = verified_client(personas.operator)
    assert references(client.get(QUEUE + "?filter=1&assigned=me")) == [mine.reference]
    assert references(client.get(QUEUE + "?filter=1&assigned=none")) == [nobodys.reference]


def test_chosen_filters_are_remembered_on_the_next_visit(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    make_request("baghdad")
    urgent = make_request("baghdad", urgency=Urgency.URGENT)
    client = verified_client(personas.operator)
    client.get(QUEUE + "?filter=1&urgency=urgent&status=open")
    assert client.session[views.QUEUE_FILTERS_KEY] == {"urgency": "urgent", "status": "open"}
    response = client.get(QUEUE)
    assert references(response) == [urgent.reference]
    assert re.search(r'<option value="urgent" selected>', text(response))
    assert "?reset=1" in text(response)


def test_reset_forgets_the_filters(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    normal = make_request("baghdad")
    urgent = make_request("baghdad", urgency=Urgency.URGENT)
    client = verified_client(personas.operator)
    client.get(QUEUE + "?filter=1&urgency=urgent")
    response = client.get(QUEUE + "?reset=1")
    assert response.status_code == 302
    assert views.QUEUE_FILTERS_KEY not in client.session
    assert references(client.get(QUEUE)) == [urgent.reference, normal.reference]


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "governorate=atlantis",
        "request_type=99",
        "urgency=%3Cscript%3E",
        "age=abc",
        "age=-1",
        "assigned=everyone",
        "page=abc",
        "page=999",
    ],
)
def test_invalid_filter_values_are_ignored(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor, query: str
) -> None:
    request = make_request("baghdad")
    response = verified_client(personas.operator).get(f"{QUEUE}?filter=1&{query}")
    assert response.status_code == 200
    assert request.reference in references(response)


def test_an_invalid_value_does_not_drop_the_valid_filters_beside_it(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    make_request("baghdad")
    urgent = make_request("baghdad", urgency=Urgency.URGENT)
    client = verified_client(personas.operator)
    response = client.get(QUEUE + "?filter=1&urgency=urgent&age=abc")
    assert response.status_code == 200
    assert references(response) == [urgent.reference]
    assert client.session[views.QUEUE_FILTERS_KEY] == {"urgency": "urgent"}


def test_requests_without_a_governorate_reach_every_operator(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    unknown = make_request(None)
    client = verified_client(personas.operator)
    assert references(client.get(QUEUE)) == [unknown.reference]
    assert client.get(page(unknown)).status_code == 200


def test_emergency_and_urgent_rows_carry_their_classes(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    normal = make_request("baghdad")
    urgent = make_request("baghdad", urgency=Urgency.URGENT)
    emergency = make_request("baghdad", urgency=Urgency.EMERGENCY)
    classes = row_classes(verified_client(personas.operator).get(QUEUE))
    assert classes[emergency.reference] == {"nama-queue__row--emergency"}
    assert classes[urgent.reference] == {"nama-queue__row--urgent"}
    assert classes[normal.reference] == set()


def test_open_requests_waiting_long_are_marked_old(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    fresh = make_request("baghdad")
    two_days = make_request("baghdad")
    three_days = make_request("baghdad", urgency=Urgency.URGENT)
    closed = make_request("baghdad")
    services.request_close(by=personas.director, request=closed, reason="done")
    for request, days in ((two_days, 2), (three_days, 3), (closed, 30)):
        age(request, days)
    response = verified_client(personas.operator).get(QUEUE + "?filter=1&status=")
    classes = row_classes(response)
    assert classes[three_days.reference] == {"nama-queue__row--urgent", "nama-queue__row--old"}
    assert classes[two_days.reference] == set()
    assert classes[fresh.reference] == set()
    assert classes[closed.reference] == set()
    assert "waiting 3 days" in text(response)


def test_the_old_threshold_comes_from_the_settings(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor, settings: Any
) -> None:
    settings.NAMA_INTAKE_OLD_AFTER_DAYS = 10
    request = make_request("baghdad")
    age(request, 5)
    response = verified_client(personas.operator).get(QUEUE)
    assert row_classes(response)[request.reference] == set()
    assert "waiting 10 days or more are marked" in text(response)


def test_the_queue_is_paginated_by_50(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    requests = [make_request("baghdad") for _ in range(views.PAGE_SIZE + 1)]
    client = verified_client(personas.operator)
    first = client.get(QUEUE)
    assert len(references(first)) == 50
    assert "Page 1 of 2" in text(first)
    assert 'href="?page=2"' in text(first)
    second = client.get(QUEUE + "?page=2")
    assert references(second) == [requests[0].reference]
    assert "Page 2 of 2" in text(second)


def test_pages_keep_the_remembered_filters(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    for _ in range(views.PAGE_SIZE + 1):
        make_request("baghdad", urgency=Urgency.URGENT)
    make_request("baghdad")
    client = verified_client(personas.operator)
    assert "Page 1 of 2" in text(client.get(QUEUE + "?filter=1&urgency=urgent"))
    assert len(references(client.get(QUEUE + "?page=2"))) == 1


# ---------------------------------------------------------------------------
# The request page


def test_the_request_page_shows_the_narrative_thread_notes_calls_and_files(
    submit: Callable[..., Any], personas: Personas, verified_client: ClientFor
) -> None:
    request, _code = submit("baghdad", files=[make_file(png_bytes(), "photo.png")])
    services.message_post_by_complainant(request=request, body="complainant writes")
    services.note_add(by=personas.director, request=request, body="a staff note")
    services.call_log_add(
        by=personas.operator, request=request, duration_seconds=180, summary="call summary"
    )
    response = verified_client(personas.operator).get(page(request))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = text(response)
    for expected in (
        request.reference,
        "اعتقل أخي",
        "complainant writes",
        "a staff note",
        "call summary",
        "3 minutes",
        "photo.png",
        file_url(request, EvidenceFile.objects.of(request).get()),
        "1 code works",
    ):
        assert expected in body, expected
    assert CODE_PANEL not in body


def test_the_request_page_never_shows_the_identity_unasked(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request(
        "baghdad", anonymous=False, name="زينب الموسوي", phone="07801112233", email="z@example.org"
    )
    body = text(verified_client(personas.director).get(page(request)))
    for value in ("زينب", "07801112233", "z@example.org"):
        assert value not in body
    assert action(request, "reveal") in body


def test_a_missing_request_is_404(personas: Personas, verified_client: ClientFor) -> None:
    assert verified_client(personas.director).get("/en/intake/requests/999999/").status_code == 404


# ---------------------------------------------------------------------------
# Actions


def test_triage_marks_the_request_triaged_with_corrections_and_is_audited(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    response = verified_client(personas.operator).post(
        action(request, "triage"),
        {"triage-urgency": "urgent", "triage-request_type": "02", "triage-governorate": "baghdad"},
    )
    assert response.status_code == 302
    assert response["Location"] == page(request)
    request.refresh_from_db()
    assert request.status == RequestStatus.TRIAGED
    assert request.urgency == Urgency.URGENT
    assert request.request_type.code == "02"
    [entry] = audited("intake.request.triaged", request)
    assert entry.actor_id == personas.operator.pk


def test_an_invalid_triage_answers_400_and_changes_nothing(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    response = verified_client(personas.operator).post(
        action(request, "triage"), {"triage-urgency": "whenever", "triage-request_type": "01"}
    )
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW
    assert not audited("intake.request.triaged", request)


def test_assign_saves_the_assignee_and_sends_one_email_with_the_path_only(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad", narrative="سرد لا يجوز أن يخرج في البريد")
    operator = personas.operator
    response = verified_client(personas.director).post(
        action(request, "assign"), {"assign-assignee": str(operator.pk)}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.assignee == operator
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [operator.email]
    assert f"/ar/intake/requests/{request.pk}/" in message.body
    assert request.reference in message.body
    for part in (message.subject, message.body):
        assert "سرد" not in part
    [entry] = audited("intake.request.assigned", request)
    assert entry.data["assignee"] == operator.pk


def test_assigning_someone_who_cannot_handle_the_request_is_refused(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    response = verified_client(personas.director).post(
        action(request, "assign"), {"assign-assignee": str(personas.lawyer.pk)}
    )
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.assignee is None
    assert mail.outbox == []


def test_unassigning_clears_the_assignee(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    services.request_assign(by=personas.director, request=request, assignee=personas.operator)
    response = verified_client(personas.director).post(
        action(request, "assign"), {"assign-assignee": ""}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.assignee is None


def test_route_records_the_decision_and_is_audited(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    response = verified_client(personas.operator).post(
        action(request, "route"), {"route-target": "legal", "route-note": "needs a lawyer"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ROUTED_LEGAL
    assert request.route_note == "needs a lawyer"
    assert request.routed_by == personas.operator
    [entry] = audited("intake.request.routed", request)
    assert entry.data["target"] == "legal"
    assert "needs a lawyer" not in str(entry.data)


def test_route_without_a_target_answers_400_and_keeps_the_note(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    response = verified_client(personas.operator).post(
        action(request, "route"), {"route-note": "note typed before the error"}
    )
    assert response.status_code == 400
    assert "note typed before the error" in text(response)
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW


def test_close_closes_with_the_reason_and_is_audited(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    client = verified_client(personas.operator)
    response = client.post(action(request, "close"), {"close-reason": "resolved by phone"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
    assert request.close_reason == "resolved by phone"
    assert len(audited("intake.request.closed", request)) == 1
    follow = client.get(page(request))
    assert "The request was closed." in text(follow)
    assert "resolved by phone" in text(follow)


@pytest.mark.parametrize("reason", ["", "   "])
def test_close_with_an_empty_reason_answers_400(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor, reason: str
) -> None:
    request = make_request("baghdad")
    response = verified_client(personas.operator).post(
        action(request, "close"), {"close-reason": reason}
    )
    assert response.status_code == 400
    assert 'name="close-reason"' in text(response)
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW


def test_closing_a_closed_request_again_is_refused(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    services.request_close(by=personas.director, request=request, reason="first")
    response = verified_client(personas.operator).post(
        action(request, "close"), {"close-reason": "second reason"}
    )
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.close_reason == "first"
    assert len(audited("intake.request.closed", request)) == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("close", {"close-reason": "second reason"}),
        ("triage", {"triage-urgency": "urgent", "triage-request_type": "01"}),
        ("route", {"route-target": "legal", "route-note": "typed note"}),
    ],
)
def test_an_action_refused_because_the_request_was_closed_meanwhile_says_so(
    make_request: MakeRequest,
    personas: Personas,
    verified_client: ClientFor,
    name: str,
    data: dict[str, str],
) -> None:
    request = make_request("baghdad")
    services.request_close(by=personas.director, request=request, reason="first")
    response = verified_client(personas.operator).post(action(request, name), data)
    assert response.status_code == 400
    assert "This request is closed." in text(response)


def test_a_closed_request_shows_no_triage_route_close_or_merge_forms(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    services.request_close(by=personas.director, request=request, reason="done")
    body = text(verified_client(personas.operator).get(page(request)))
    for name in ("triage", "route", "close", "merge"):
        assert action(request, name) not in body, name
    for name in ("reply", "note", "call", "reissue"):
        assert action(request, name) in body, name


def test_merge_by_reference_moves_the_duplicate_and_is_audited(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    source = make_request("baghdad")
    target = make_request("baghdad")
    services.note_add(by=personas.operator, request=source, body="note of the duplicate")
    client = verified_client(personas.operator)
    typed = f"  {target.reference.lower()} "
    response = client.post(action(source, "merge"), {"merge-into": typed})
    assert response.status_code == 302
    assert response["Location"] == page(target)
    source.refresh_from_db()
    assert source.status == RequestStatus.CLOSED
    assert source.merged_into == target
    assert InternalNote.objects.get().request == target
    assert len(audited("intake.request.merged", source)) == 1
    assert source.reference in text(client.get(page(target)))


def test_merge_with_an_unknown_or_out_of_scope_reference_gives_the_same_error(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    source = make_request("baghdad")
    erbil = make_request("erbil")
    client = verified_client(personas.operator)
    unknown = client.post(action(source, "merge"), {"merge-into": "R-2000-999999"})
    hidden = client.post(action(source, "merge"), {"merge-into": erbil.reference})
    assert unknown.status_code == hidden.status_code == 400
    error = "No request you can open has this reference."
    assert error in text(unknown)
    assert error in text(hidden)
    # The only difference between the two pages is the typed reference.
    assert comparable(unknown, "R-2000-999999") == comparable(hidden, erbil.reference)
    source.refresh_from_db()
    erbil.refresh_from_db()
    assert source.status == erbil.status == RequestStatus.NEW
    assert erbil.merged_requests.count() == 0


def test_merging_a_request_into_itself_is_refused(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    response = verified_client(personas.operator).post(
        action(request, "merge"), {"merge-into": request.reference}
    )
    assert response.status_code == 400
    assert "cannot be merged into itself" in text(response)
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW


def test_a_reply_reaches_the_tracking_page_and_a_note_does_not(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    client = verified_client(personas.operator)
    reply = client.post(action(request, "reply"), {"reply-body": "we called the police"})
    note = client.post(action(request, "note"), {"note-body": "caller sounded scared"})
    assert reply.status_code == note.status_code == 302
    public = public_status_for_request(request)
    assert [(m.from_centre, m.body) for m in public.messages] == [(True, "we called the police")]
    assert "caller sounded scared" not in str(public)
    assert InternalNote.objects.get().body == "caller sounded scared"
    assert len(audited("intake.message.sent", request)) == 1
    assert len(audited("intake.note.added", request)) == 1
    body = text(client.get(page(request)))
    assert "we called the police" in body
    assert "caller sounded scared" in body


@pytest.mark.parametrize("name", ["reply", "note"])
def test_an_empty_reply_or_note_answers_400(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor, name: str
) -> None:
    request = make_request("baghdad")
    response = verified_client(personas.operator).post(
        action(request, name), {f"{name}-body": "   "}
    )
    assert response.status_code == 400
    assert not Message.objects.exists()
    assert not InternalNote.objects.exists()


def test_a_call_logged_on_the_request_page(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    response = verified_client(personas.operator).post(
        action(request, "call"), {"call-duration_minutes": "7", "call-summary": "called back"}
    )
    assert response.status_code == 302
    call = CallLog.objects.get()
    assert call.request == request
    assert call.operator == personas.operator
    assert call.duration_seconds == 7 * 60
    assert call.summary == "called back"
    assert len(audited("intake.call.logged", request)) == 1


def test_an_invalid_call_on_the_request_page_answers_400_and_keeps_the_summary(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    response = verified_client(personas.operator).post(
        action(request, "call"), {"call-duration_minutes": "-3", "call-summary": "kept summary"}
    )
    assert response.status_code == 400
    assert "kept summary" in text(response)
    assert "<details open>" in text(response)
    assert not CallLog.objects.exists()


def test_scripts_typed_by_anyone_are_escaped_on_the_page(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    payloads = {
        name: f'<script>alert("{name}")</script>'
        for name in ("narrative", "reply", "note", "call", "route", "close")
    }
    request = make_request("baghdad", narrative=payloads["narrative"])
    client = verified_client(personas.operator)
    client.post(action(request, "reply"), {"reply-body": payloads["reply"]})
    client.post(action(request, "note"), {"note-body": payloads["note"]})
    client.post(action(request, "call"), {"call-summary": payloads["call"]})
    client.post(
        action(request, "route"), {"route-target": "legal", "route-note": payloads["route"]}
    )
    client.post(action(request, "close"), {"close-reason": payloads["close"]})
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
    body = text(client.get(page(request)))
    for name, payload in payloads.items():
        assert payload not in body, name
        assert f"&lt;script&gt;alert(&quot;{name}&quot;)&lt;/script&gt;" in body, name


def test_a_refused_form_escapes_what_was_typed(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    payload = "<script>alert(1)</script>"
    response = verified_client(personas.operator).post(
        action(request, "route"), {"route-note": payload}
    )
    assert response.status_code == 400
    assert payload not in text(response)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text(response)


# ---------------------------------------------------------------------------
# Revealing the identity


def named_request(make_request: MakeRequest, governorate: str = "baghdad") -> Request:
    return make_request(
        governorate,
        anonymous=False,
        name="زينب الموسوي",
        phone="07801112233",
        email="zainab@example.org",
    )


def test_the_director_sees_the_identity_after_giving_a_reason(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = named_request(make_request)
    client = verified_client(personas.director)
    response = client.post(action(request, "reveal"), {"reveal-reason": "call back about hearing"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = text(response)
    assert "زينب الموسوي" in body
    assert "07801112233" in body
    assert "zainab@example.org" in body
    [entry] = audited("intake.complainant.revealed", request)
    assert entry.actor_id == personas.director.pk
    assert entry.reason == "call back about hearing"
    assert "زينب" not in str(entry.data)
    # Reloading hides it again.
    assert "زينب" not in text(client.get(page(request)))


def test_revealing_without_a_reason_answers_400_and_shows_nothing(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = named_request(make_request)
    response = verified_client(personas.director).post(
        action(request, "reveal"), {"reveal-reason": ""}
    )
    assert response.status_code == 400
    assert "زينب" not in text(response)
    assert not audited("intake.complainant.revealed", request)


def test_an_operator_not_assigned_gets_404_on_reveal(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = named_request(make_request)
    client = verified_client(personas.operator)
    assert action(request, "reveal") not in text(client.get(page(request)))
    response = client.post(action(request, "reveal"), {"reveal-reason": "curious"})
    assert response.status_code == 404
    assert "زينب" not in text(response)
    assert not audited("intake.complainant.revealed", request)


def test_the_assigned_operator_can_reveal(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = named_request(make_request)
    services.request_assign(by=personas.director, request=request, assignee=personas.operator)
    client = verified_client(personas.operator)
    assert action(request, "reveal") in text(client.get(page(request)))
    response = client.post(action(request, "reveal"), {"reveal-reason": "call back"})
    assert response.status_code == 200
    assert "07801112233" in text(response)
    [entry] = audited("intake.complainant.revealed", request)
    assert entry.actor_id == personas.operator.pk


def test_revealing_an_anonymous_request_says_nothing_was_kept(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    client = verified_client(personas.director)
    assert action(request, "reveal") not in text(client.get(page(request)))
    response = client.post(action(request, "reveal"), {"reveal-reason": "check"})
    assert response.status_code == 200
    assert "This request is anonymous: no identity was kept." in text(response)


# ---------------------------------------------------------------------------
# A new tracking code


def reissue(client: Client, request: Request, reason: str = "phone seized") -> Any:
    response = client.post(action(request, "reissue"), {"reissue-reason": reason})
    assert response.status_code == 302
    return response


def shown_code(response: Any) -> tracking.ParsedCode | None:
    match = re.search(r'id="staff-code"[^>]*>(.*?)</p>', text(response), re.S)
    if match is None:
        return None
    return tracking.parse(re.sub(r"<[^>]+>", "", match.group(1)))


def test_reissue_stops_the_old_code_and_shows_the_new_one_once(
    submit: Callable[..., Any], personas: Personas, verified_client: ClientFor
) -> None:
    request, old = submit("baghdad")
    client = verified_client(personas.operator)
    redirect = reissue(client, request)
    assert redirect["Location"] == page(request)
    first = client.get(page(request))
    assert CODE_PANEL in text(first)
    new = shown_code(first)
    assert new is not None
    assert services.tracking_check(typed=old.display(), client_key=track_key(1)).request is None
    assert services.tracking_check(typed=new.display(), client_key=track_key(2)).request == request
    assert "The old codes no longer work." in text(first)
    second = client.get(page(request))
    assert CODE_PANEL not in text(second)
    assert new.display() not in text(second)
    assert len(audited("intake.tracking_code.revoked", request)) == 1
    assert len(audited("intake.tracking_code.issued", request)) == 1
    assert audited("intake.tracking_code.revoked", request)[0].reason == "phone seized"


def test_the_new_code_is_in_no_session_no_audit_entry_no_cookie_no_url_and_no_log(
    submit: Callable[..., Any],
    personas: Personas,
    verified_client: ClientFor,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    request, _old = submit("baghdad")
    client = verified_client(personas.operator)
    redirect = reissue(client, request)
    shown = client.get(page(request))
    code = shown_code(shown)
    assert code is not None
    forms = [code.digits, code.display(), code.display(arabic_indic=True), code.secret]
    sessions = "\n".join(str(s.get_decoded()) for s in Session.objects.all())
    audit = "\n".join(f"{e.data} {e.reason} {e.target_id}" for e in AuditEntry.objects.all())
    cookies = "\n".join(f"{m.key}={m.value}" for m in redirect.cookies.values())
    urls = [redirect["Location"], *re.findall(r'(?:href|action|src)="([^"]*)"', text(shown))]
    for form in forms:
        assert form not in sessions
        assert form not in audit
        assert form not in cookies
        assert all(form not in url for url in urls)
        assert form not in caplog.text
    assert TrackingCode.objects.filter(request=request, revoked_at__isnull=True).count() == 1


def test_a_code_handed_to_one_request_is_not_shown_on_another(
    submit: Callable[..., Any],
    make_request: MakeRequest,
    personas: Personas,
    verified_client: ClientFor,
) -> None:
    request, _old = submit("baghdad")
    other = make_request("baghdad")
    client = verified_client(personas.operator)
    reissue(client, request)
    assert CODE_PANEL not in text(client.get(page(other)))


def test_reissue_without_a_reason_answers_400_and_keeps_the_old_code(
    submit: Callable[..., Any], personas: Personas, verified_client: ClientFor
) -> None:
    request, old = submit("baghdad")
    response = verified_client(personas.operator).post(
        action(request, "reissue"), {"reissue-reason": ""}
    )
    assert response.status_code == 400
    assert CODE_PANEL not in text(response)
    assert services.tracking_check(typed=old.display(), client_key=track_key()).request == request


# ---------------------------------------------------------------------------
# Evidence


def test_the_operator_downloads_the_cleaned_copy_as_an_attachment(
    submit: Callable[..., Any], personas: Personas, verified_client: ClientFor
) -> None:
    request, _code = submit("baghdad", files=[make_file(png_bytes(), "photo.png")])
    evidence = EvidenceFile.objects.of(request).get()
    response = verified_client(personas.operator).get(file_url(request, evidence))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert content.startswith(b"\x89PNG")
    event = CustodyEvent.objects.get(evidence=evidence, action=CustodyAction.DOWNLOADED)
    assert event.actor == personas.operator


def test_a_file_of_another_request_is_404(
    submit: Callable[..., Any], personas: Personas, verified_client: ClientFor
) -> None:
    request, _code = submit("baghdad", files=[make_file(png_bytes(), "photo.png")])
    other, _code = submit("baghdad")
    evidence = EvidenceFile.objects.of(request).get()
    client = verified_client(personas.operator)
    assert client.get(file_url(other, evidence)).status_code == 404
    assert client.get(f"{page(request)}files/not-a-uuid/").status_code == 404


def test_an_image_without_a_cleaned_copy_is_not_handed_out(
    submit: Callable[..., Any], personas: Personas, verified_client: ClientFor
) -> None:
    request, _code = submit("baghdad", files=[make_file(png_bytes(), "photo.png")])
    evidence = EvidenceFile.objects.of(request).get()
    EvidenceFile.objects.filter(pk=evidence.pk).update(working_blob="")
    client = verified_client(personas.operator)
    response = client.get(file_url(request, evidence))
    assert response.status_code == 302
    assert response["Location"] == page(request)
    assert "This file has no cleaned copy." in text(client.get(page(request)))


def test_the_legal_coordinators_queue_shows_routed_requests_without_choosing_a_filter(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("erbil")
    services.request_route(by=personas.director, request=request, target="legal")
    assert references(verified_client(personas.legal_coordinator).get(QUEUE)) == [request.reference]


def test_triage_into_another_governorate_returns_to_the_queue(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    response = verified_client(personas.operator).post(
        action(request, "triage"),
        {"triage-urgency": "normal", "triage-request_type": "01", "triage-governorate": "erbil"},
    )
    assert response.status_code == 302
    assert response["Location"] == QUEUE
