"""Evidence attached to acts (from the event page) and to persons (from the person page),
through the evidence service: custody recorded, and scoped like what it belongs to."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nama.accounts.models import User
from nama.core.evidence.models import CustodyAction, CustodyEvent, EvidenceFile
from nama.monitoring.models import Act, Event
from nama.monitoring.tests.test_views import png_bytes
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
MakeEvent = Callable[..., Event]


def upload(name: str = "جرح.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def test_a_file_attached_to_an_act_is_listed_and_served_from_its_event(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event("baghdad")
    act = Act.objects.filter(event=event).first()
    assert act is not None
    client = verified_client(personas.monitor_baghdad)
    response = client.post(
        f"/en/monitoring/events/{event.pk}/attach/",
        {"attach-uploads": [upload()], "attach-act": str(act.pk)},
    )
    assert response.status_code == 302
    evidence = EvidenceFile.objects.of(act).get()
    assert not EvidenceFile.objects.of(event).exists()
    url = f"/en/monitoring/events/{event.pk}/files/{evidence.uuid}/"
    page = client.get(f"/en/monitoring/events/{event.pk}/").content.decode()
    assert url in page
    assert "evidence of the act" in page
    download = client.get(url)
    assert download.status_code == 200
    b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert CustodyEvent.objects.filter(evidence=evidence, action=CustodyAction.DOWNLOADED).exists()

    other = make_event("baghdad")
    assert client.get(f"/en/monitoring/events/{other.pk}/files/{evidence.uuid}/").status_code == 404


def test_an_act_of_another_event_cannot_be_chosen(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event, other = make_event("baghdad"), make_event("baghdad")
    foreign = Act.objects.filter(event=other).first()
    assert foreign is not None
    response = verified_client(personas.monitor_baghdad).post(
        f"/en/monitoring/events/{event.pk}/attach/",
        {"attach-uploads": [upload()], "attach-act": str(foreign.pk)},
    )
    assert response.status_code == 400
    assert not EvidenceFile.objects.exists()


def test_files_of_a_person_are_for_those_who_may_see_the_identity(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event("baghdad")
    act = Act.objects.filter(event=event).select_related("victim").first()
    assert act is not None
    person = act.victim
    monitor = verified_client(personas.monitor_baghdad)
    response = monitor.post(
        f"/en/monitoring/persons/{person.pk}/files/", {"attach-uploads": [upload("هوية.png")]}
    )
    assert response.status_code == 302
    evidence = EvidenceFile.objects.of(person).get()
    url = f"/en/monitoring/persons/{person.pk}/files/{evidence.uuid}/"
    assert url in monitor.get(f"/en/monitoring/persons/{person.pk}/").content.decode()
    download = monitor.get(url)
    assert download.status_code == 200
    b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert CustodyEvent.objects.filter(
        evidence=evidence, action=CustodyAction.DOWNLOADED, actor=personas.monitor_baghdad
    ).exists()

    analyst = verified_client(personas.analyst)
    page = analyst.get(f"/en/monitoring/persons/{person.pk}/").content.decode()
    assert "هوية" not in page
    assert url not in page
    assert analyst.get(url).status_code == 404
    refused = analyst.post(
        f"/en/monitoring/persons/{person.pk}/files/", {"attach-uploads": [upload()]}
    )
    assert refused.status_code == 404
    for outsider in (personas.monitor_erbil, personas.operator, personas.outsider):
        assert verified_client(outsider).get(url).status_code == 404
    assert EvidenceFile.objects.of(person).count() == 1
