"""The staff API: the queue, a request, and the triage actions, scoped like the selectors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nama.accounts.models import User
from nama.core import tracking
from nama.intake import services
from nama.intake.models import Request, RequestStatus
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

LIST = "/api/v1/intake/requests/"


def detail(request: Request, action: str = "") -> str:
    return f"{LIST}{request.pk}/{action + '/' if action else ''}"


ClientFor = Callable[[User], Client]


def test_the_queue_needs_a_signed_in_user(client: Client) -> None:
    assert client.get(LIST).status_code in {401, 403}


def test_an_operator_lists_the_requests_of_their_governorate(
    make_request: Callable[..., Request], personas: Personas, verified_client: ClientFor
) -> None:
    baghdad = make_request("baghdad")
    make_request("erbil")
    body = verified_client(personas.operator).get(LIST).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["reference"] == baghdad.reference
    assert row["access"] == "full"
    assert "narrative" not in row  # lists stay light; the detail has it


def test_an_operator_in_baghdad_gets_404_for_an_erbil_request(
    make_request: Callable[..., Request], personas: Personas, verified_client: ClientFor
) -> None:
    erbil = make_request("erbil")
    client = verified_client(personas.operator)
    assert client.get(detail(erbil)).status_code == 404
    assert client.post(detail(erbil, "close"), {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("name", ["outsider", "sysadmin", "analyst"])
def test_outsiders_sysadmins_and_analysts_get_404(
    make_request: Callable[..., Request],
    personas: Personas,
    verified_client: ClientFor,
    name: str,
) -> None:
    request = make_request("baghdad")
    client = verified_client(personas.get(name))
    assert client.get(LIST).json()["count"] == 0
    assert client.get(detail(request)).status_code == 404
    assert client.post(detail(request, "assign"), {"assignee": name}).status_code == 404


def test_the_detail_shows_the_narrative_thread_and_files_but_never_the_identity(
    make_request: Callable[..., Request], personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request(anonymous=False, name="أحمد الجبوري", phone="07701234567")
    services.note_add(by=personas.operator, request=request, body="internal")
    body = verified_client(personas.operator).get(detail(request)).json()
    assert body["narrative"].startswith("اعتقل")
    assert body["has_complainant"] is True
    assert body["may_reveal_identity"] is False
    assert [n["body"] for n in body["notes"]] == ["internal"]
    text = str(body)
    assert "أحمد" not in text
    assert "07701234567" not in text


def test_a_lawyer_reads_a_routed_request_at_status_level_only(
    make_request: Callable[..., Request], personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    services.request_route(by=personas.director, request=request, target="legal")
    client = verified_client(personas.lawyer)
    body = client.get(detail(request)).json()
    assert body["access"] == "status"
    assert body["status"] == "routed_legal"
    assert "narrative" not in body
    assert "notes" not in body
    assert client.post(detail(request, "close"), {"reason": "x"}).status_code == 404
    assert verified_client(personas.other_lawyer).get(detail(request)).status_code == 404


def test_assign_route_and_close_through_the_api(
    make_request: Callable[..., Request], personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    personas.create("operator")
    client = verified_client(personas.director)
    response = client.post(detail(request, "assign"), {"assignee": "operator"})
    assert response.status_code == 200
    assert response.json()["assignee"] == "operator"
    assert len(mail.outbox) == 1
    response = client.post(detail(request, "route"), {"target": "monitoring", "note": "n"})
    assert response.json()["status"] == "routed_monitoring"
    response = client.post(detail(request, "close"), {"reason": "done"})
    assert response.json()["status"] == "closed"
    assert client.post(detail(request, "close"), {"reason": "again"}).status_code == 400


def test_assigning_to_someone_who_cannot_handle_it_is_refused(
    make_request: Callable[..., Request], personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("erbil")
    client = verified_client(personas.director)
    personas.create("operator")
    response = client.post(detail(request, "assign"), {"assignee": "operator"})
    assert response.status_code == 400
    assert "assignee" in response.json()
    response = client.post(detail(request, "assign"), {"assignee": "nobody"})
    assert response.status_code == 400


def test_reply_note_call_and_triage(
    make_request: Callable[..., Request], personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    client = verified_client(personas.operator)
    assert client.post(detail(request, "reply"), {"body": "نتابع"}).status_code == 201
    assert client.post(detail(request, "notes"), {"body": "n"}).status_code == 201
    response = client.post(detail(request, "calls"), {"duration_seconds": 90, "summary": "s"})
    assert response.status_code == 201
    assert response.json()["calls"][0]["duration_seconds"] == 90
    response = client.post(detail(request, "triage"), {"urgency": "urgent"})
    assert response.json()["status"] == RequestStatus.TRIAGED
    assert response.json()["urgency"] == "urgent"


def test_merge_through_the_api(
    make_request: Callable[..., Request], personas: Personas, verified_client: ClientFor
) -> None:
    source, target = make_request("baghdad"), make_request("baghdad")
    erbil = make_request("erbil")
    client = verified_client(personas.operator)
    assert client.post(detail(source, "merge"), {"into": erbil.pk}).status_code == 404
    response = client.post(detail(source, "merge"), {"into": target.pk})
    assert response.status_code == 200
    source.refresh_from_db()
    assert source.merged_into == target


def test_reissuing_returns_a_new_code_once(
    submit: Callable[..., Any], personas: Personas, verified_client: ClientFor
) -> None:
    request, old = submit()
    client = verified_client(personas.operator)
    response = client.post(detail(request, "reissue-code"), {"reason": "phone seized"})
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store, private"
    new = tracking.parse(response.json()["tracking_code"])
    assert new is not None
    assert new.lookup != old.lookup or new.secret != old.secret
    assert old.secret not in client.get(detail(request)).content.decode()


def test_reveal_is_for_the_director_with_a_reason(
    make_request: Callable[..., Request], personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad", anonymous=False, name="أحمد", phone="07701234567")
    assert (
        verified_client(personas.operator)
        .post(detail(request, "reveal"), {"reason": "x"})
        .status_code
        == 403
    )
    director = verified_client(personas.director)
    assert director.post(detail(request, "reveal"), {}).status_code == 400
    response = director.post(detail(request, "reveal"), {"reason": "review"})
    assert response.status_code == 200
    assert response.json()["name"] == "أحمد"


def test_find_by_contact_is_a_post_and_scoped(
    make_request: Callable[..., Request], personas: Personas, verified_client: ClientFor
) -> None:
    baghdad = make_request("baghdad", anonymous=False, phone="07701234567")
    make_request("erbil", anonymous=False, phone="07701234567")
    client = verified_client(personas.operator)
    assert client.get(f"{LIST}find-by-contact/").status_code == 405
    response = client.post(f"{LIST}find-by-contact/", {"phone": "+9647701234567"})
    assert [r["reference"] for r in response.json()] == [baghdad.reference]


def test_the_queue_runs_a_fixed_number_of_queries(
    make_request: Callable[..., Request], personas: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(personas.operator)
    make_request("baghdad")
    client.get(LIST)  # warm the session and role caches
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _n in range(5):
        make_request("baghdad")
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).json()["count"] == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_schema_documents_the_intake_endpoints(client: Client) -> None:
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "/api/v1/public/complaints/" in paths
    assert "/api/v1/intake/requests/{id}/route/" in paths
