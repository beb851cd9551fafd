"""Staff pages of public events: who opens what, the form, publish and cancel,
the registrations (names for editors and the director only), CSV, attendance."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from nama.accounts.models import User
from nama.core.audit import AuditEntry
from nama.outreach.models import EventRegistration, EventStatus, PublicEvent
from nama.outreach.tests.event_helpers import AR_TITLE, make_event, register
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
LIST = "/en/outreach/events/"
NEW = "/en/outreach/events/add/"
SCRIPT = "<script>alert(1)</script>"
PERSON = "ليلى عبد الرحمن"


def page(event: PublicEvent, action: str = "") -> str:
    return f"/en/outreach/events/{event.pk}/{action}"


def form_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "workshop",
        "title_ar": "ورشة عن التوثيق",
        "title_en": "Documentation workshop",
        "title_ckb": "",
        "description_ar": "<p>نص</p>",
        "description_en": "",
        "description_ckb": "",
        "starts_at": "2030-03-02T10:00",
        "ends_at": "2030-03-02T14:00",
        "governorate": "",
        "venue": "قاعة",
        "online_link": "",
        "capacity": "20",
        "registration_open": "on",
        "registration_deadline": "",
        "image_alt": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "who", ["outsider", "trainer", "training_coordinator", "analyst", "sysadmin", "lawyer"]
)
def test_other_staff_get_404_everywhere(personas: Personas, verified_client: ClientFor, who: str):
    event = make_event(personas.editor, publish=False)
    register_target = make_event(personas.editor)
    register(register_target, 1, name=PERSON)
    client = verified_client(getattr(personas, who))
    urls = [LIST, NEW, page(event), page(event, "edit/"), page(event, "image/")]
    urls += [page(register_target, "registrations/"), page(register_target, "registrations.csv")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert PERSON not in response.content.decode()
    assert client.post(page(event, "publish/")).status_code == 404
    assert client.post(page(event, "cancel/"), {"reason": "x"}).status_code == 404
    assert client.post(page(register_target, "attendance/"), {"attended": "1"}).status_code == 404
    assert client.post(NEW, form_data()).status_code == 404
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT
    assert PublicEvent.objects.count() == 2


def test_anonymous_visitors_are_sent_to_login(client: Client, personas: Personas) -> None:
    event = make_event(personas.editor)
    response = client.get(page(event, "registrations/"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_editor_adds_an_event_and_a_refused_form_keeps_everything(
    personas: Personas, verified_client: ClientFor, governorates: Any
) -> None:
    client = verified_client(personas.editor)
    assert client.get(NEW).status_code == 200
    refused = client.post(NEW, form_data(ends_at="2030-03-01T10:00"))
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "The event cannot end before it starts." in html
    assert "Please choose the governorate" in html
    assert "ورشة عن التوثيق" in html
    assert 'value="2030-03-02T10:00"' in html
    assert not PublicEvent.objects.exists()
    response = client.post(NEW, form_data(governorate=governorates["erbil"].pk))
    event = PublicEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/outreach/events/{event.pk}/"
    assert event.status == EventStatus.DRAFT
    assert event.capacity == 20
    # Typed in Baghdad time: 10:00 there is 07:00 UTC.
    assert event.starts_at.astimezone().utcoffset() is not None
    assert event.starts_at.isoformat().startswith("2030-03-02T07:00:00")
    edit = client.get(page(event, "edit/")).content.decode()
    assert 'value="2030-03-02T10:00"' in edit


def test_online_events_need_a_link(personas: Personas, verified_client: ClientFor) -> None:
    client = verified_client(personas.editor)
    response = client.post(NEW, form_data(online="on"))
    assert response.status_code == 400
    assert "Please give the link to join an online event." in response.content.decode()
    ok = client.post(NEW, form_data(online="on", online_link="https://meet.example.org/a"))
    assert ok.status_code == 302


def test_publish_and_cancel_from_the_page(personas: Personas, verified_client: ClientFor) -> None:
    event = make_event(personas.editor, publish=False)
    client = verified_client(personas.director)
    detail = client.get(page(event)).content.decode()
    assert f'action="/en/outreach/events/{event.pk}/publish/"' in detail
    client.post(page(event, "publish/"))
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    refused = client.post(page(event, "cancel/"), {"reason": ""})
    assert refused.status_code == 400
    client.post(page(event, "cancel/"), {"reason": "القاعة غير متاحة"})
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert client.get(page(event, "edit/")).status_code == 404


def test_registrations_show_names_to_editors_with_no_store_and_an_audit_entry(
    personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event(personas.editor, capacity=1)
    register(event, 1, name=PERSON, email="layla@example.org", phone="07701112233")
    register(event, 2, name="منتظر في القائمة")
    for user in (personas.editor, personas.director):
        response = verified_client(user).get(page(event, "registrations/"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert PERSON in html
        assert "layla@example.org" in html
        assert "07701112233" in html
        assert "منتظر في القائمة" in html
    viewed = AuditEntry.objects.filter(action="outreach.registration.viewed")
    assert viewed.count() == 2
    assert PERSON not in str(viewed.first().data)  # type: ignore[union-attr]


def test_csv_export_and_formula_neutralised(personas: Personas, verified_client: ClientFor) -> None:
    event = make_event(personas.editor)
    register(event, 1, name='=HYPERLINK("http://evil")', organisation="+cmd")
    response = verified_client(personas.editor).get(page(event, "registrations.csv"))
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    assert "'=HYPERLINK" in body
    assert "'+cmd" in body
    assert "person1@example.org" in body


def test_attendance_is_saved(personas: Personas, verified_client: ClientFor) -> None:
    event = make_event(personas.editor)
    came, _code = register(event, 1)
    absent, _code = register(event, 2)
    client = verified_client(personas.editor)
    client.post(page(event, "attendance/"), {"attended": [str(came.pk), "x"]})
    assert list(EventRegistration.objects.filter(attended=True)) == [came]
    assert not EventRegistration.objects.get(pk=absent.pk).attended


def test_script_is_escaped_in_staff_pages(personas: Personas, verified_client: ClientFor) -> None:
    event = make_event(personas.editor, title_ar=SCRIPT, venue=SCRIPT)
    register(event, 1, name=SCRIPT, organisation=SCRIPT)
    client = verified_client(personas.editor)
    for url in (LIST, page(event), page(event, "registrations/"), page(event, "edit/")):
        html = client.get(url).content.decode()
        assert SCRIPT not in html, url


def test_the_list_filters(personas: Personas, verified_client: ClientFor) -> None:
    make_event(personas.editor, publish=False, title_ar="مسودة")
    make_event(personas.editor)
    client = verified_client(personas.editor)
    assert "مسودة" in client.get(LIST).content.decode()
    published = client.get(LIST + "?status=published&when=upcoming").content.decode()
    assert "مسودة" not in published
    assert AR_TITLE in published
