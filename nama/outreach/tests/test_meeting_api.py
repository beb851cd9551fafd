"""The meetings API: staff only, scoped like the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nama.core.roles import Role
from nama.monitoring.models import Event
from nama.outreach import meeting_services as services
from nama.outreach.models.meetings import CommitmentStatus
from nama.outreach.tests.meeting_helpers import (
    make_commitment,
    make_followup,
    make_institution,
    make_meeting,
)
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[Any], Client]
EN = {"Accept-Language": "en"}


@pytest.fixture
def meeting(personas: Personas) -> Any:
    institution = make_institution(personas.editor)
    meeting = make_meeting(personas.editor, institution)
    make_commitment(personas.editor, meeting)
    make_followup(personas.editor, meeting)
    return meeting


@pytest.mark.parametrize(
    "name", ["analyst", "monitor_baghdad", "trainer", "outsider", "sysadmin", "operator"]
)
def test_other_staff_get_404_on_every_endpoint(
    personas: Personas, verified_client: ClientFor, meeting: Any, name: str
) -> None:
    client = verified_client(personas.get(name))
    for url in (
        reverse("api-meeting-list"),
        reverse("api-meeting-detail", args=[meeting.pk]),
        reverse("api-commitments"),
    ):
        assert client.get(url, headers=EN).status_code == 404, url


def test_anonymous_is_refused(meeting: Any) -> None:
    for url in (reverse("api-meeting-list"), reverse("api-commitments")):
        assert Client().get(url, headers=EN).status_code in (401, 403)


def test_editor_lists_and_reads_meetings(
    personas: Personas, verified_client: ClientFor, meeting: Any
) -> None:
    client = verified_client(personas.editor)
    listed = client.get(reverse("api-meeting-list"), headers=EN)
    assert listed.status_code == 200
    assert listed["Cache-Control"] == "no-store, private"
    assert [row["id"] for row in listed.json()["results"]] == [meeting.pk]
    detail = client.get(reverse("api-meeting-detail", args=[meeting.pk]), headers=EN).json()
    assert detail["institution"]["name_en"] == "Ministry of Justice"
    assert len(detail["commitments"]) == 1
    assert detail["followups"][0]["owner"] == "editor"
    assert detail["staff_present"] == ["editor"]
    assert detail["events"] == []


def test_restricted_meeting_is_404_to_an_editor_not_present(
    personas: Personas, verified_client: ClientFor, meeting: Any
) -> None:
    other_editor = personas._make("editor2", [Role.EDITOR], [])
    secret = make_meeting(
        personas.director, meeting.institution, restricted=True, staff=[personas.director]
    )
    make_commitment(personas.director, secret, text="سري")
    client = verified_client(other_editor)
    assert (
        client.get(reverse("api-meeting-detail", args=[secret.pk]), headers=EN).status_code == 404
    )
    ids = [
        row["id"] for row in client.get(reverse("api-meeting-list"), headers=EN).json()["results"]
    ]
    assert secret.pk not in ids
    body = client.get(reverse("api-commitments"), headers=EN).json()
    assert body["results"][0]["open"] == 1
    director = verified_client(personas.director).get(reverse("api-commitments"), headers=EN).json()
    assert director["results"][0]["open"] == 2


def test_events_appear_only_to_who_may_open_them(
    personas: Personas, verified_client: ClientFor
) -> None:
    event = Event.objects.create(
        reference="EV-2026-0042",
        title="t",
        governorate=personas.baghdad,
        created_by=personas.director,
    )
    meeting = make_meeting(personas.director, make_institution(personas.director), events=[event])
    url = reverse("api-meeting-detail", args=[meeting.pk])
    assert verified_client(personas.director).get(url, headers=EN).json()["events"] == [
        "EV-2026-0042"
    ]
    assert verified_client(personas.editor).get(url, headers=EN).json()["events"] == []


def test_commitments_endpoint_counts(
    personas: Personas, verified_client: ClientFor, meeting: Any
) -> None:
    broken = make_commitment(personas.editor, meeting, due_in=-2)
    services.commitment_update(
        by=personas.editor, commitment=broken, status=CommitmentStatus.BROKEN, reason="r"
    )
    make_commitment(personas.editor, meeting, due_in=-1)
    body = verified_client(personas.editor).get(reverse("api-commitments"), headers=EN).json()
    row = body["results"][0]
    assert (row["open"], row["overdue"], row["fulfilled"], row["broken"]) == (2, 1, 0, 1)
    assert len(row["open_commitments"]) == 2
    assert row["open_commitments"][0]["meeting"] == meeting.pk
