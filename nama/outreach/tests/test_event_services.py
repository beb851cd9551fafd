"""Event services: who may write, the workflow, registrations (places, waiting
list, duplicates, the cancel code), what is stored, e-mails, search, purge."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from nama.core.audit import AuditEntry
from nama.outreach import event_services as services
from nama.outreach.models import EventRegistration, EventStatus, RegistrationStatus
from nama.outreach.tests.event_helpers import AR_TITLE, event_data, local, make_event, register
from nama.searchindex import services as index
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["outsider", "trainer", "analyst", "sysadmin", "monitor_baghdad"])
def test_only_editors_and_the_director_write_events(personas: Personas, who: str) -> None:
    user = getattr(personas, who)
    with pytest.raises(PermissionDenied):
        services.event_create(by=user, data=event_data())
    event = make_event(personas.editor, publish=False)
    for action in (
        lambda: services.event_publish(event=event, by=user),
        lambda: services.event_update(event=event, by=user, data={"title_ar": "x"}),
        lambda: services.event_cancel(event=event, by=user, reason="x"),
    ):
        with pytest.raises(PermissionDenied):
            action()
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT


def test_the_director_writes_and_publishes_too(personas: Personas) -> None:
    event = make_event(personas.director)
    assert event.status == EventStatus.PUBLISHED
    assert event.published_at is not None


def test_workflow_draft_published_cancelled_is_audited(personas: Personas) -> None:
    editor = personas.editor
    event = make_event(editor, publish=False)
    assert event.status == EventStatus.DRAFT
    services.event_publish(event=event, by=editor)
    with pytest.raises(ValidationError):
        services.event_publish(event=event, by=editor)
    with pytest.raises(ValidationError):
        services.event_cancel(event=event, by=editor, reason="  ")
    services.event_cancel(event=event, by=editor, reason="القاعة غير متاحة")
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert event.cancelled_at is not None
    with pytest.raises(ValidationError):
        services.event_update(event=event, by=editor, data={"title_ar": "جديد"})
    actions = list(
        AuditEntry.objects.filter(action__startswith="outreach.event.").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "outreach.event.created",
        "outreach.event.published",
        "outreach.event.cancelled",
    ]
    assert AuditEntry.objects.get(action="outreach.event.cancelled").reason == "القاعة غير متاحة"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title_ar": "  "}, "title_ar"),
        ({"ends_at": local(9)}, "ends_at"),
        ({"online": True, "online_link": "", "governorate": None}, "online_link"),
        ({"governorate": None}, "governorate"),
        ({"registration_deadline": local(11)}, "registration_deadline"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_event_data_is_checked(personas: Personas, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.event_create(by=personas.editor, data=event_data(**changes))
    assert field in caught.value.message_dict


def test_descriptions_are_sanitised_and_online_events_need_no_place(personas: Personas) -> None:
    event = make_event(
        personas.editor,
        description_ar='<p onclick="x()">نص</p><script>alert(1)</script>',
        online=True,
        online_link="https://meet.example.org/x",
        governorate=None,
        venue="",
    )
    assert "<script>" not in event.description_ar
    assert "onclick" not in event.description_ar
    assert "نص" in event.description_ar
    assert event.online


def test_places_then_waiting_list_then_promotion(personas: Personas, mailoutbox: list[Any]) -> None:
    event = make_event(personas.editor, capacity=2)
    first, first_code = register(event, 1)
    second, _code = register(event, 2)
    third, _code = register(event, 3)
    assert [first.status, second.status, third.status] == [
        RegistrationStatus.REGISTERED,
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
    ]
    cancelled = services.registration_cancel(code=first_code.display())
    assert cancelled is not None
    assert cancelled.status == RegistrationStatus.CANCELLED
    third.refresh_from_db()
    assert third.status == RegistrationStatus.REGISTERED
    # Raising the capacity promotes nobody more (nobody waits); lowering it removes nobody.
    services.event_update(event=event, by=personas.editor, data={"capacity": 1})
    assert event.registrations.filter(status=RegistrationStatus.REGISTERED).count() == 2


def test_raising_the_capacity_gives_places_to_those_waiting(personas: Personas) -> None:
    event = make_event(personas.editor, capacity=1)
    register(event, 1)
    waiting, _code = register(event, 2)
    assert waiting.status == RegistrationStatus.WAITLISTED
    services.event_update(event=event, by=personas.editor, data={"capacity": 5})
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED


def test_a_second_registration_with_the_same_email_or_phone_is_refused(personas: Personas) -> None:
    event = make_event(personas.editor)
    register(event, 1, email="Sara@Example.org", phone="0770 123 4567")
    for data in ({"email": "sara@example.org"}, {"email": "", "phone": "٠٧٧٠١٢٣٤٥٦٧"}):
        with pytest.raises(ValidationError) as caught:
            register(event, 2, **data)
        assert caught.value.code == "duplicate"
        # The message names nobody and says nothing about which contact matched.
        assert "مشارك" not in str(caught.value.messages)
    assert EventRegistration.objects.count() == 1
    # Another event is fine.
    other = make_event(personas.editor)
    register(other, 1, email="sara@example.org")


def test_a_cancelled_registration_frees_the_contact(personas: Personas) -> None:
    event = make_event(personas.editor)
    _registration, code = register(event, 1)
    services.registration_cancel(code=code.value)
    again, _code = register(event, 1)
    assert again.status == RegistrationStatus.REGISTERED


def test_the_cancel_code_works_once_and_is_stored_only_hashed(personas: Personas) -> None:
    event = make_event(personas.editor)
    registration, code = register(event, 1)
    registration.refresh_from_db()
    assert len(code.value) == services.CODE_LENGTH
    assert code.value not in registration.cancel_hash
    typed = code.display().lower().replace("-", " ")
    assert services.registration_by_code(code=typed) == registration
    assert services.registration_cancel(code=typed) is not None
    assert services.registration_cancel(code=code.value) is None
    assert services.registration_by_code(code=code.value) is None
    registration.refresh_from_db()
    assert registration.cancel_hash == ""
    for made_up in ("", "ABCD-EFGH-JKMN-PQRS", "x" * 500):
        assert services.registration_cancel(code=made_up) is None


def test_closed_drafts_cancelled_and_past_events_take_no_registration(personas: Personas) -> None:
    editor = personas.editor
    cases = [
        make_event(editor, publish=False),
        make_event(editor, registration_open=False),
        make_event(editor, starts_at=local(-2), ends_at=local(-2, 12)),
        make_event(editor, registration_deadline=timezone.now() - timedelta(minutes=1)),
    ]
    cancelled = make_event(editor)
    services.event_cancel(event=cancelled, by=editor, reason="x")
    for event in [*cases, cancelled]:
        with pytest.raises(services.RegistrationClosed):
            register(event, 1)
    assert not EventRegistration.objects.exists()


def test_no_plaintext_contact_in_the_database_row(personas: Personas) -> None:
    event = make_event(personas.editor)
    name, email, phone = "زينب عبد الكريم", "zainab.k@example.org", "07701234567"
    registration, _code = register(
        event, 1, name=name, email=email, phone=phone, organisation="منظمة الأمل"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM outreach_eventregistration WHERE id = %s", [registration.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    for plain in (name, "زينب", email, "zainab", phone, "1234567", "منظمة الأمل"):
        assert plain not in row
    audit = " ".join(f"{e.data} {e.reason}" for e in AuditEntry.objects.all())
    for plain in (name, email, phone):
        assert plain not in audit


def test_confirmation_email_in_the_language_with_the_cancel_link(
    personas: Personas, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(personas.editor, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        _first, code = services.registration_submit(
            event=event,
            data={"name": "Sara", "email": "sara@example.org"},
            language="en",
            base_url="https://nama.example/",
        )
        services.registration_submit(
            event=event, data={"name": "علي", "email": "ali@example.org"}, language="ar"
        )
        services.registration_submit(event=event, data={"name": "Phone only", "phone": "0750"})
    assert len(mailoutbox) == 2
    english, arabic = mailoutbox
    assert english.to == ["sara@example.org"]
    assert english.subject == f"You are registered: {event.title_en}"
    assert f"https://nama.example/en/events/cancel/{code.display()}/" in english.body
    assert "Baghdad" in english.body
    assert arabic.to == ["ali@example.org"]
    assert AR_TITLE in arabic.subject
    assert "/ar/events/cancel/" in arabic.body


def test_cancelling_an_event_tells_those_with_an_email(
    personas: Personas, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(personas.editor)
    register(event, 1)
    register(event, 2, email="", phone="0770")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, by=personas.editor, reason="سبب داخلي")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("Event cancelled")
    assert "سبب داخلي" not in mailoutbox[0].body


def test_only_published_events_are_in_search(personas: Personas) -> None:
    editor = personas.editor
    draft = make_event(editor, publish=False, title_ar="مسودة فعالية سرية")
    published = make_event(editor, title_ar="حوار منشور عن المياه", title_en="Water debate")
    assert index.search("سرية") == []
    hits = index.search("المياه")
    assert [hit.object_id for hit in hits] == [f"{published.pk}-ar"]
    assert hits[0].kind == "outreach.event"
    assert [hit.language for hit in index.search("Water")] == ["en"]
    services.event_cancel(event=published, by=editor, reason="x")
    assert index.search("المياه") == []
    assert draft.pk


def test_old_registrations_are_purged(personas: Personas, settings: Any) -> None:
    settings.NAMA_EVENT_REGISTRATION_RETENTION_DAYS = 30
    recent = make_event(personas.editor)
    register(recent, 1)
    old = make_event(personas.editor)
    register(old, 2)
    old.starts_at, old.ends_at = local(-40), local(-40, 12)
    old.save()
    assert services.registrations_purge() == 1
    assert list(EventRegistration.objects.values_list("event", flat=True)) == [recent.pk]
    assert services.registrations_purge() == 0


def test_a_new_time_or_place_is_emailed_but_not_a_new_title(
    personas: Personas, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(personas.editor)
    register(event, 1)
    register(event, 2, email="", phone="0770")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, by=personas.editor, data={"title_en": "New title"})
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(
            event=event,
            by=personas.editor,
            data={"starts_at": local(10, 17), "ends_at": local(10, 19)},
        )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Event changed: New title"
    assert mailoutbox[0].to == ["person1@example.org"]
    entry = AuditEntry.objects.filter(action="outreach.event.changed").last()
    assert entry is not None
    assert entry.data["told"] == 1
