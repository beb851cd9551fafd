"""The events API: public list and detail (published only, no registrations);
registrations for editors and the director only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from nama.accounts.models import User
from nama.outreach import event_services as services
from nama.outreach.tests.event_helpers import AR_TITLE, EN_TITLE, local, make_event, register
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
PERSON = "ليلى عبد الرحمن"


def get(client: Client, url: str) -> Any:
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en")


def test_public_list_and_detail_show_published_events_only(client: Client, personas: Personas):
    editor = personas.editor
    event = make_event(editor)
    past = make_event(editor, starts_at=local(-3), ends_at=local(-3, 12))
    draft = make_event(editor, publish=False)
    cancelled = make_event(editor)
    services.event_cancel(event=cancelled, by=editor, reason="x")
    register(event, 1, name=PERSON)
    response = get(client, "/api/v1/events/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [past.pk, event.pk]
    assert rows[1]["titles"] == {"ar": AR_TITLE, "en": EN_TITLE}
    assert rows[1]["governorate"] == "baghdad"
    assert rows[1]["registration_open"] is True
    assert rows[1]["ical"].endswith(f"/events/{event.pk}/event.ics")
    upcoming = get(client, "/api/v1/events/?when=upcoming").json()["results"]
    assert [row["id"] for row in upcoming] == [event.pk]
    detail = get(client, f"/api/v1/events/{event.pk}/")
    body = detail.content.decode()
    assert detail.json()["descriptions"]["en"] == "<p>An open debate</p>"
    assert PERSON not in body
    assert "person1@example.org" not in body
    assert "registrations" not in detail.json()
    for hidden in (draft, cancelled):
        assert get(client, f"/api/v1/events/{hidden.pk}/").status_code == 404


def test_staff_see_no_drafts_in_the_public_api(personas: Personas, verified_client: ClientFor):
    draft = make_event(personas.editor, publish=False)
    client = verified_client(personas.editor)
    assert get(client, f"/api/v1/events/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["outsider", "trainer", "analyst", "sysadmin", "monitor_baghdad"])
def test_registrations_are_404_for_other_staff(
    personas: Personas, verified_client: ClientFor, who: str
) -> None:
    event = make_event(personas.editor)
    register(event, 1, name=PERSON)
    response = get(
        verified_client(getattr(personas, who)), f"/api/v1/events/{event.pk}/registrations/"
    )
    assert response.status_code == 404
    assert PERSON not in response.content.decode()


def test_registrations_need_a_login(client: Client, personas: Personas) -> None:
    event = make_event(personas.editor)
    register(event, 1, name=PERSON)
    response = get(client, f"/api/v1/events/{event.pk}/registrations/")
    assert response.status_code in (401, 403)
    assert PERSON not in response.content.decode()


def test_editors_and_the_director_read_registrations(
    personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event(personas.editor, publish=False)
    for user in (personas.editor, personas.director):
        response = get(verified_client(user), f"/api/v1/events/{event.pk}/registrations/")
        assert response.status_code == 200
        assert response.json() == {"results": []}
    published = make_event(personas.editor)
    register(published, 1, name=PERSON, phone="07701112233")
    response = get(
        verified_client(personas.editor), f"/api/v1/events/{published.pk}/registrations/"
    )
    (row,) = response.json()["results"]
    assert row["name"] == PERSON
    assert row["phone"] == "07701112233"
    assert row["status"] == "registered"
    assert "cancel_hash" not in row
    assert response["Cache-Control"] == "no-store, private"
    assert (
        get(verified_client(personas.editor), "/api/v1/events/999999/registrations/").status_code
        == 404
    )
