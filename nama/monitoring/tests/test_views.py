"""The monitoring pages: the events list, an event's page and its actions, the edit page,
evidence downloads, and the persons' pages (nama/monitoring/views.py, person_views.py)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nama.accounts.models import User
from nama.core.audit import AuditEntry
from nama.core.evidence.models import CustodyAction, CustodyEvent, EvidenceFile
from nama.core.evidence.services import make_file
from nama.core.models import District, Term
from nama.core.roles import Role
from nama.monitoring import event_actions, services, views
from nama.monitoring.models import Act, Consent, Event, Person, VerificationState
from nama.monitoring.tests.conftest import VICTIM_NAMES
from nama.testing.factories import UserFactory
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

LIST = "/en/monitoring/"
PERSONS = "/en/monitoring/persons/"
EXPORT = "/en/monitoring/events/export.csv"
ACTIONS = sorted(event_actions.ACTIONS)
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
PHONE = "07701234567"

ClientFor = Callable[[User], Client]
MakeEvent = Callable[..., Event]
TermGetter = Callable[[str, str], Term]


def page(event: Event) -> str:
    return f"/en/monitoring/events/{event.pk}/"


def action(event: Event, name: str) -> str:
    return f"{page(event)}{name}/"


def edit(event: Event) -> str:
    return f"{page(event)}edit/"


def file_url(event: Event, evidence: EvidenceFile) -> str:
    return f"{page(event)}files/{evidence.uuid}/"


def person_page(person: Person) -> str:
    return f"/en/monitoring/persons/{person.pk}/"


def text(response: Any) -> str:
    return response.content.decode()


def references(response: Any) -> list[str]:
    """The event references listed, in order."""
    return re.findall(r'<th scope="row"><a href="[^"]*" dir="ltr">(E-[0-9-]+)</a>', text(response))


def victims(event: Event) -> list[Person]:
    return list(Person.objects.filter(acts_suffered__event=event).distinct().order_by("pk"))


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 10, 10)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def fresh_storage(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Each test gets its own empty evidence storage."""
    from django.core.files.storage import InMemoryStorage

    from nama.core.evidence import storage as evidence_storage

    storage = InMemoryStorage()
    monkeypatch.setattr(evidence_storage, "get_storage", lambda: storage)
    return storage


@pytest.fixture
def second_monitor(personas: Personas) -> User:
    """Another monitor in Baghdad: the verifier of the Baghdad monitor's events."""
    return UserFactory.create(
        username="monitor_baghdad_2", roles=[Role.MONITOR], governorates=[personas.baghdad]
    )


def with_file(event: Event, by: User) -> EvidenceFile:
    return services.event_attach_files(
        by=by, event=event, files=[make_file(png_bytes(), "photo.png")]
    )[0]


def submitted(event: Event) -> Event:
    return services.event_submit(by=event.created_by, event=event)


# ---------------------------------------------------------------------------
# Access


def test_anonymous_visitors_are_sent_to_the_login_page(
    client: Client, make_event: MakeEvent
) -> None:
    event = make_event("baghdad")
    for response in (
        client.get(LIST),
        client.get(page(event)),
        client.get(edit(event)),
        client.post(action(event, "submit"), {}),
        client.get(EXPORT),
        client.get(PERSONS),
        client.get(person_page(victims(event)[0])),
    ):
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    event.refresh_from_db()
    assert event.verification == VerificationState.DRAFT


@pytest.mark.parametrize("name", ["outsider", "operator", "lawyer", "sysadmin"])
def test_roles_without_monitoring_access_get_404_everywhere(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor, name: str
) -> None:
    event = make_event("baghdad")
    evidence = with_file(event, personas.monitor_baghdad)
    person = victims(event)[0]
    user = personas.get(name)
    client = verified_client(user)
    assert client.get(LIST).status_code == 404
    assert client.get(page(event)).status_code == 404
    assert client.get(edit(event)).status_code == 404
    assert client.get(file_url(event, evidence)).status_code == 404
    assert client.get(EXPORT).status_code == 404
    assert client.get(PERSONS).status_code == 404
    assert client.get(person_page(person)).status_code == 404
    assert client.post(f"{person_page(person)}consent/", {}).status_code == 404
    for verb in ACTIONS:
        assert client.post(action(event, verb), {}).status_code == 404, verb
    assert not AuditEntry.objects.filter(actor_id=user.pk).exists()


def test_the_baghdad_monitor_gets_404_for_an_erbil_event_its_actions_files_and_persons(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor, term: TermGetter
) -> None:
    erbil = submitted(make_event("erbil", victims=[{"name": "كاوة", "phone": PHONE}]))
    evidence = with_file(erbil, personas.monitor_erbil)
    person = victims(erbil)[0]
    client = verified_client(personas.monitor_baghdad)
    assert client.get(page(erbil)).status_code == 404
    assert client.get(edit(erbil)).status_code == 404
    assert client.get(file_url(erbil, evidence)).status_code == 404
    assert client.get(person_page(person)).status_code == 404
    assert client.post(f"{person_page(person)}consent/", {"consent-kind": "x"}).status_code == 404
    for name in ACTIONS:
        response = client.post(
            action(erbil, name),
            {
                f"{name}-comment": "x",
                f"{name}-body": "x",
                f"{name}-violation_status": "01",
            },
        )
        assert response.status_code == 404, name
    erbil.refresh_from_db()
    assert erbil.verification == VerificationState.SUBMITTED
    assert not erbil.comments.exclude(kind="submitted").exists()
    listed = client.get(LIST)
    assert erbil.reference not in text(listed)
    assert "كاوة" not in text(client.get(PERSONS))
    assert not AuditEntry.objects.filter(
        actor_id=personas.monitor_baghdad.pk, action="core.evidence.downloaded"
    ).exists()


def test_unknown_actions_and_get_on_actions_are_refused(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event("baghdad")
    client = verified_client(personas.monitor_baghdad)
    assert client.post(action(event, "delete"), {}).status_code == 404
    assert client.get(action(event, "submit")).status_code == 405


# ---------------------------------------------------------------------------
# Analysts: pseudonyms, never names


def test_the_analyst_sees_pseudonyms_never_names_on_the_list_event_and_person_pages(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event(
        "baghdad",
        victims=[{"name": VICTIM_NAMES[0], "phone": PHONE, "name_latin": "Ahmed Karim"}, {}],
        description="شهود رأوا الاعتقال قرب الجسر",
        act_types=("0401", "0301"),
    )
    services.comment_add(by=personas.monitor_baghdad, event=event, body="تعليق داخلي سري")
    people = victims(event)
    evidence = with_file(event, personas.monitor_baghdad)
    client = verified_client(personas.analyst)
    secrets = (VICTIM_NAMES[0], PHONE, "Ahmed Karim", "شهود رأوا", "تعليق داخلي", "photo.png")

    listed = client.get(LIST)
    assert listed.status_code == 200
    assert references(listed) == [event.reference]

    shown = client.get(page(event))
    assert shown.status_code == 200
    body = text(shown)
    for person in people:
        assert person.pseudonym in body
    for secret in secrets:
        assert secret not in body, secret

    for person in people:
        response = client.get(person_page(person))
        assert response.status_code == 200
        assert person.pseudonym in text(response)
        for secret in secrets:
            assert secret not in text(response), secret

    persons = client.get(PERSONS)
    assert people[0].pseudonym in text(persons)
    assert VICTIM_NAMES[0] not in text(persons)
    # A name is no search key for an analyst: no oracle.
    assert people[0].pseudonym not in text(client.get(PERSONS, {"q": VICTIM_NAMES[0]}))
    assert people[0].pseudonym in text(client.get(PERSONS, {"q": people[0].pseudonym.lower()}))

    assert not AuditEntry.objects.filter(
        actor_id=personas.analyst.pk, action=views.IDENTITY_VIEWED
    ).exists()
    # Analysts read; they neither write nor open evidence.
    assert client.get(file_url(event, evidence)).status_code == 404
    assert client.get(edit(event)).status_code == 404
    assert client.post(action(event, "comment"), {"comment-body": "x"}).status_code == 404


def test_the_monitor_sees_names_and_each_page_view_is_audited_once_with_ids_only(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event("baghdad", victims=2, act_types=("0401", "0301"))
    people = victims(event)
    client = verified_client(personas.monitor_baghdad)
    response = client.get(page(event))
    assert response.status_code == 200
    assert VICTIM_NAMES[0] in text(response)
    assert VICTIM_NAMES[1] in text(response)
    assert "وصف الحدث" in text(response)
    entries = AuditEntry.objects.filter(
        actor_id=personas.monitor_baghdad.pk, action=views.IDENTITY_VIEWED
    )
    assert entries.count() == 1
    entry = entries.get()
    assert entry.target_id == str(event.pk)
    assert entry.data == {"persons": [p.pk for p in people]}
    assert VICTIM_NAMES[0] not in str(entry.data)


def test_the_person_page_shows_the_identity_only_to_those_allowed_and_audits_it(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event("baghdad", victims=[{"name": "سجاد", "phone": PHONE, "birth_year": 1990}])
    person = victims(event)[0]
    for user, named in (
        (personas.monitor_baghdad, True),
        (personas.director, True),
        (personas.analyst, False),
    ):
        response = verified_client(user).get(person_page(person))
        assert response.status_code == 200
        assert ("سجاد" in text(response)) is named
        assert (PHONE in text(response)) is named
        assert event.reference in text(response)
        assert "1990" in text(response)
        audited = AuditEntry.objects.filter(
            actor_id=user.pk, action=views.IDENTITY_VIEWED, target_id=str(person.pk)
        )
        assert audited.count() == (1 if named else 0)


def test_the_monitor_finds_a_person_by_name_or_phone(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event("baghdad", victims=[{"name": "عبد الله حسن", "phone": PHONE}, {}])
    wanted, other = victims(event)
    client = verified_client(personas.monitor_baghdad)
    for query in ("عبدالله", "٠٧٧٠١٢٣٤٥٦٧"):
        found = text(client.get(PERSONS, {"q": query}))
        assert wanted.pseudonym in found, query
        assert other.pseudonym not in found, query
    # The Erbil monitor may not see them: the same search finds nobody.
    assert wanted.pseudonym not in text(
        verified_client(personas.monitor_erbil).get(PERSONS, {"q": "عبدالله"})
    )


# ---------------------------------------------------------------------------
# Verification


def test_the_author_submits_and_cannot_verify_a_second_monitor_can(
    make_event: MakeEvent,
    personas: Personas,
    second_monitor: User,
    verified_client: ClientFor,
    term: TermGetter,
) -> None:
    event = make_event("baghdad")
    author = verified_client(personas.monitor_baghdad)
    response = author.post(action(event, "submit"), {"submit-comment": "جاهز للتحقق"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.verification == VerificationState.SUBMITTED
    assert "You documented or submitted this event: someone else must verify it." in text(
        author.get(page(event))
    )

    refused = author.post(
        action(event, "verify"), {"verify-violation_status": "01", "verify-comment": "أنا"}
    )
    assert refused.status_code == 400
    assert "Someone other than the author must verify this event." in text(refused)
    event.refresh_from_db()
    assert event.verification == VerificationState.SUBMITTED

    verifier = verified_client(second_monitor)
    assert 'id="verify"' in text(verifier.get(page(event)))
    done = verifier.post(
        action(event, "verify"), {"verify-violation_status": "02", "verify-comment": "مؤكد"}
    )
    assert done.status_code == 302
    event.refresh_from_db()
    assert event.verification == VerificationState.VERIFIED
    assert event.verified_by == second_monitor
    assert event.violation_status == term("violation_status", "02")
    shown = text(verifier.get(page(event)))
    assert "Likely" in shown
    assert "The event was verified." in shown
    listed = text(verifier.get(LIST, {"filter": "1", "verification": "verified"}))
    assert event.reference in listed
    assert "Likely" in listed


def test_verifying_without_a_status_keeps_the_comment_typed(
    make_event: MakeEvent, second_monitor: User, verified_client: ClientFor
) -> None:
    event = submitted(make_event("baghdad"))
    response = verified_client(second_monitor).post(
        action(event, "verify"), {"verify-comment": "الشهادات متطابقة"}
    )
    assert response.status_code == 400
    assert "الشهادات متطابقة" in text(response)
    assert 'id="id_verify-violation_status_error"' in text(response)
    event.refresh_from_db()
    assert event.verification == VerificationState.SUBMITTED


def test_returning_sends_the_event_back_to_draft_with_the_comment(
    make_event: MakeEvent, personas: Personas, second_monitor: User, verified_client: ClientFor
) -> None:
    event = submitted(make_event("baghdad"))
    client = verified_client(second_monitor)
    empty = client.post(action(event, "return"), {"return-comment": ""})
    assert empty.status_code == 400
    response = client.post(action(event, "return"), {"return-comment": "أضف تاريخ الاعتقال"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.verification == VerificationState.DRAFT
    author_view = text(verified_client(personas.monitor_baghdad).get(page(event)))
    assert "أضف تاريخ الاعتقال" in author_view
    assert "returned to the author" in author_view
    # A draft again: the author can edit it.
    assert edit(event) in author_view


def test_submitting_an_event_without_acts_is_refused_with_the_reason(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event("baghdad", victims=0)
    response = verified_client(personas.monitor_baghdad).post(
        action(event, "submit"), {"submit-comment": "ملاحظة"}
    )
    assert response.status_code == 400
    assert "Add at least one act" in text(response)
    assert "ملاحظة" in text(response)


def test_comments_are_added_to_the_thread(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event("baghdad")
    client = verified_client(personas.director)
    assert client.post(action(event, "comment"), {"comment-body": "  "}).status_code == 400
    assert client.post(action(event, "comment"), {"comment-body": "راجع المصدر"}).status_code == 302
    assert "راجع المصدر" in text(client.get(page(event)))


# ---------------------------------------------------------------------------
# Escaping


def test_script_in_title_description_comment_and_person_name_is_escaped(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event(
        "baghdad", title=SCRIPT, description=SCRIPT, victims=[{"name": SCRIPT, "notes": SCRIPT}]
    )
    services.comment_add(by=personas.monitor_baghdad, event=event, body=SCRIPT)
    client = verified_client(personas.monitor_baghdad)
    responses = [
        client.get(page(event)),
        client.get(LIST),
        client.get(PERSONS),
        client.get(person_page(victims(event)[0])),
        client.get(edit(event)),
    ]
    for response in responses:
        assert response.status_code == 200
        assert SCRIPT not in text(response)
        assert ESCAPED in text(response) or "&lt;script&gt;" in text(response)


# ---------------------------------------------------------------------------
# The list: filters remembered, sorting, pages


def test_filters_are_remembered_until_cleared(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    baghdad = make_event("baghdad")
    erbil = make_event("erbil")
    client = verified_client(personas.director)
    assert set(references(client.get(LIST))) == {baghdad.reference, erbil.reference}
    filtered = client.get(LIST, {"filter": "1", "governorate": "erbil"})
    assert references(filtered) == [erbil.reference]
    # Back on the list later: the same filters.
    again = client.get(LIST)
    assert references(again) == [erbil.reference]
    assert 'value="erbil" selected' in text(again)
    # One bad value does not drop the others.
    bad = client.get(LIST, {"filter": "1", "governorate": "erbil", "period_start": "not a date"})
    assert references(bad) == [erbil.reference]
    cleared = client.get(f"{LIST}?reset=1")
    assert cleared.status_code == 302
    assert set(references(client.get(LIST))) == {baghdad.reference, erbil.reference}


def test_the_list_filters_by_act_perpetrator_characteristic_stage_period_and_author(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor, term: TermGetter
) -> None:
    journalist = term("victim_characteristic", "03")
    torture = make_event(
        "baghdad",
        act_types=("0301",),
        start_date=date(2025, 3, 5),
        victims=[services.PersonInput(data={"name": "س"}, characteristics=[journalist])],
        perpetrators=[services.PerpetratorInput(perpetrator_type=term("perpetrator_type", "0101"))],
    )
    detention = submitted(make_event("baghdad", act_types=("0401",), start_date=date(2026, 1, 9)))
    by_director = make_event("baghdad", by=personas.director)
    client = verified_client(personas.monitor_baghdad)

    def listed(**filters: str) -> set[str]:
        return set(references(client.get(LIST, {"filter": "1", **filters})))

    assert listed(act_type="03") == {torture.reference}
    assert listed(perpetrator_type="01") == {torture.reference}
    assert listed(victim_characteristic="03") == {torture.reference}
    assert listed(verification="submitted") == {detention.reference}
    assert listed(period_start="2026-01-01") == {detention.reference}
    assert listed(period_end="2025-12-31") == {torture.reference}
    assert by_director.reference not in listed(mine="1")
    assert listed(mine="1") == {torture.reference, detention.reference}


def test_the_list_sorts_by_date_reference_and_governorate(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    old = make_event("erbil", start_date=date(2024, 5, 1))
    new = make_event("baghdad", start_date=date(2026, 2, 1))
    undated = make_event("baghdad")
    client = verified_client(personas.director)

    def order(sort: str) -> list[str]:
        return references(client.get(LIST, {"filter": "1", "sort": sort}))

    assert order("-date") == [new.reference, old.reference, undated.reference]
    assert order("date") == [old.reference, new.reference, undated.reference]
    assert order("reference") == sorted([old.reference, new.reference, undated.reference])
    assert order("-reference") == sorted(
        [old.reference, new.reference, undated.reference], reverse=True
    )
    baghdad_first = order("governorate")
    assert baghdad_first[-1] == old.reference
    # The column headers link to the other direction, keeping the filters.
    body = text(client.get(LIST, {"filter": "1", "sort": "reference", "governorate": "erbil"}))
    assert 'aria-sort="ascending"' in body
    assert "governorate=erbil" in body
    assert "sort=-reference" in body


def test_the_list_is_paginated(
    make_event: MakeEvent,
    personas: Personas,
    verified_client: ClientFor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    events = [make_event("baghdad", start_date=date(2026, 1, day)) for day in (1, 2, 3)]
    client = verified_client(personas.director)
    first = client.get(LIST)
    assert references(first) == [events[2].reference, events[1].reference]
    assert "Page 1 of 2" in text(first)
    assert references(client.get(LIST, {"page": "2"})) == [events[0].reference]


def test_the_document_link_is_for_those_who_document(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    entry = views.optional_url("monitoring:event_new")
    monitor = text(verified_client(personas.monitor_baghdad).get(LIST))
    analyst = text(verified_client(personas.analyst).get(LIST))
    if entry:
        assert f'href="{entry}"' in monitor
        assert f'href="{entry}"' not in analyst
    assert EXPORT in analyst
    assert EXPORT not in monitor


# ---------------------------------------------------------------------------
# Editing a draft


def test_the_author_edits_a_draft_and_a_refused_edit_keeps_what_was_typed(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor, term: TermGetter
) -> None:
    event = make_event("baghdad")
    client = verified_client(personas.monitor_baghdad)
    form = client.get(edit(event))
    assert form.status_code == 200
    assert "Arrest of protesters" in text(form)
    data = {
        "title": "اعتقال متظاهرين في ساحة التحرير",
        "description": "وصف جديد",
        "governorate": "baghdad",
        "district": "",
        "place": "ساحة التحرير",
        "start_date": "2026-03-14",
        "start_precision": "month",
        "end_date": "",
        "end_precision": "exact",
        "confidentiality": "confidential",
        "index_terms": "تظاهرات",
        "rights_affected": ["10"],
    }
    erbil_district = District.objects.filter(governorate__slug="erbil").first()
    assert erbil_district is not None
    refused = client.post(edit(event), {**data, "district": erbil_district.slug})
    assert refused.status_code == 400
    assert "This district is not in the governorate chosen." in text(refused)
    assert "اعتقال متظاهرين في ساحة التحرير" in text(refused)

    saved = client.post(edit(event), data)
    assert saved.status_code == 302
    event.refresh_from_db()
    assert event.title == data["title"]
    assert event.start_date == date(2026, 3, 1)
    assert event.start_precision == "month"
    assert list(event.rights_affected.all()) == [term("right_affected", "10")]
    assert "March 2026" in text(client.get(page(event)))


def test_a_submitted_event_is_not_edited(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = submitted(make_event("baghdad"))
    client = verified_client(personas.monitor_baghdad)
    response = client.post(edit(event), {"title": "x"})
    assert response.status_code == 302
    assert response["Location"] == page(event)
    event.refresh_from_db()
    assert event.title == "Arrest of protesters"
    assert edit(event) not in text(client.get(page(event)))


# ---------------------------------------------------------------------------
# Acts, perpetrators, sources, interventions, consent


def test_acts_are_added_with_a_new_or_found_victim_and_removed(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event("baghdad", victims=1, act_types=("0401",))
    erbil_person = victims(make_event("erbil"))[0]
    client = verified_client(personas.monitor_baghdad)
    new = client.post(
        action(event, "act_add"),
        {
            "act_add-new_name": "ضحية جديدة",
            "act_add-new_sex": "01",
            "act_add-act_type": "0301",
            "act_add-victim_age": "34",
            "act_add-date": "2026-02-03",
            "act_add-date_precision": "exact",
        },
    )
    assert new.status_code == 302
    act = Act.objects.filter(event=event).latest("pk")
    assert act.victim.name == "ضحية جديدة"
    assert act.victim.governorate.slug == "baghdad"
    assert act.victim.sex is not None
    assert act.victim.sex.code == "01"
    assert (act.act_type.code, act.victim_age) == ("0301", 34)

    first_victim = victims(event)[0]
    same = client.post(
        action(event, "act_add"),
        {"act_add-person": str(first_victim.pk), "act_add-act_type": "0401"},
    )
    assert same.status_code == 400
    assert "This victim already has this act in this event." in text(same)

    hidden = client.post(
        action(event, "act_add"),
        {"act_add-pseudonym": erbil_person.pseudonym, "act_add-act_type": "0401"},
    )
    assert hidden.status_code == 400
    assert "No person you can open has this pseudonym." in text(hidden)

    persons = Person.objects.count()
    several = client.post(
        action(event, "act_add"),
        {"act_add-person": str(first_victim.pk), "act_add-new_name": "x", "act_add-act_type": "01"},
    )
    assert several.status_code == 400
    assert Person.objects.count() == persons

    removed = client.post(action(event, "act_remove"), {"act_remove-act": str(act.pk)})
    assert removed.status_code == 302
    assert not Act.objects.filter(pk=act.pk).exists()
    # An act of another event is not removed through this one.
    other = Act.objects.filter(event__governorate__slug="erbil").get()
    client.post(action(event, "act_remove"), {"act_remove-act": str(other.pk)})
    assert Act.objects.filter(pk=other.pk).exists()


def test_a_failed_act_creates_no_person(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = submitted(make_event("baghdad"))
    response = verified_client(personas.monitor_baghdad).post(
        action(event, "act_add"), {"act_add-new_name": "يتيم", "act_add-act_type": "0301"}
    )
    assert response.status_code == 400
    assert "Only a draft can be changed." in text(response)
    assert not Person.objects.filter(pk__gt=victims(event)[0].pk).exists()


def test_perpetrators_sources_interventions_and_consent_are_added(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event("baghdad")
    act = Act.objects.get(event=event)
    victim = act.victim
    client = verified_client(personas.monitor_baghdad)

    nobody = client.post(
        action(event, "involvement_add"),
        {"involvement_add-act": str(act.pk), "involvement_add-degree": "direct"},
    )
    assert nobody.status_code == 400
    assert "Name the perpetrator or choose the type of perpetrator." in text(nobody)
    typed = client.post(
        action(event, "involvement_add"),
        {
            "involvement_add-act": str(act.pk),
            "involvement_add-perpetrator_type": "0101",
            "involvement_add-new_name": "ضابط التحقيق",
            "involvement_add-degree": "ordered",
        },
    )
    assert typed.status_code == 302
    involvement = act.involvements.get()
    assert involvement.perpetrator is not None
    assert involvement.perpetrator.name == "ضابط التحقيق"
    assert involvement.degree == "ordered"

    source = client.post(
        action(event, "information_add"),
        {
            "information_add-person": str(victim.pk),
            "information_add-connection": "01",
            "information_add-reliability": "01",
            "information_add-summary": "روى ما حدث",
        },
    )
    assert source.status_code == 302
    assert event.information.get().source == victim

    intervention = client.post(
        action(event, "intervention_add"),
        {
            "intervention_add-intervention_type": "08",
            "intervention_add-victim": str(victim.pk),
            "intervention_add-status": "done",
        },
    )
    assert intervention.status_code == 302
    assert event.interventions.get().victim == victim

    consent = client.post(
        action(event, "consent"),
        {
            "consent-person": str(victim.pk),
            "consent-kind": "publication",
            "consent-given": "yes",
            "consent-note": "شفهيًا",
        },
    )
    assert consent.status_code == 302
    assert services.consent_current(person=victim)["publication"] is True
    shown = text(client.get(page(event)))
    assert "ضابط التحقيق" in shown
    assert "روى ما حدث" in shown
    assert "Urgent appeal" in shown


def test_consent_is_recorded_on_the_person_page(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    person = victims(make_event("baghdad"))[0]
    client = verified_client(personas.monitor_baghdad)
    url = f"{person_page(person)}consent/"
    assert client.post(url, {"consent-kind": "referral"}).status_code == 400
    ok = client.post(
        url,
        {"consent-kind": "referral", "consent-given": "yes", "consent-recorded_on": "2026-01-02"},
    )
    assert ok.status_code == 302
    withdrawn = client.post(url, {"consent-kind": "referral", "consent-given": "no"})
    assert withdrawn.status_code == 302
    assert services.consent_current(person=person)["referral"] is False
    assert Consent.objects.filter(person=person).count() == 2
    history = text(client.get(person_page(person)))
    assert "refused or withdrawn" in history
    # The analyst reads the person but records nothing.
    assert verified_client(personas.analyst).post(url, {}).status_code == 404


# ---------------------------------------------------------------------------
# Files


def test_files_are_attached_and_downloaded_with_custody_recorded(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event("baghdad")
    client = verified_client(personas.monitor_baghdad)
    empty = client.post(action(event, "attach"), {})
    assert empty.status_code == 400
    upload = SimpleUploadedFile("صورة.png", png_bytes(), content_type="image/png")
    response = client.post(action(event, "attach"), {"attach-uploads": [upload]})
    assert response.status_code == 302
    evidence = EvidenceFile.objects.of(event).get()
    shown = text(client.get(page(event)))
    assert file_url(event, evidence) in shown
    download = client.get(file_url(event, evidence))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert CustodyEvent.objects.filter(
        evidence=evidence, action=CustodyAction.DOWNLOADED, actor=personas.monitor_baghdad
    ).exists()
    refused = client.post(
        action(event, "attach"),
        {"attach-uploads": [SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 10)]},
    )
    assert refused.status_code == 400
    assert EvidenceFile.objects.of(event).count() == 1


def test_a_file_of_another_event_is_not_served_through_this_one(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    one = make_event("baghdad")
    other = make_event("baghdad")
    evidence = with_file(other, personas.monitor_baghdad)
    assert verified_client(personas.monitor_baghdad).get(file_url(one, evidence)).status_code == 404


# ---------------------------------------------------------------------------
# The intake request


def test_the_intake_request_is_linked_only_for_those_who_may_read_it(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    from nama.intake.services import request_create_by_operator

    request, _code = request_create_by_operator(
        by=personas.director,
        data={
            "request_type": Term.objects.of("request_type").get(code="01"),
            "governorate": personas.baghdad,
            "narrative": "اعتقل أخي",
        },
        issue_code=False,
    )
    event = make_event("baghdad", intake_request=request)
    link = f'href="/en/intake/requests/{request.pk}/"'
    director = text(verified_client(personas.director).get(page(event)))
    assert request.reference in director
    assert link in director
    analyst = text(verified_client(personas.analyst).get(page(event)))
    assert request.reference in analyst
    assert link not in analyst


def test_a_monitor_who_is_also_an_analyst_sees_names_only_in_their_governorates(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    both = UserFactory.create(
        username="monitor_analyst",
        roles=[Role.MONITOR, Role.ANALYST],
        governorates=[personas.baghdad],
    )
    erbil = make_event("erbil", victims=[{"name": "هيوا"}])
    client = verified_client(both)
    response = client.get(page(erbil))
    assert response.status_code == 200
    assert victims(erbil)[0].pseudonym in text(response)
    assert "هيوا" not in text(response)


def test_whoever_submitted_the_event_does_not_verify_it_either(
    make_event: MakeEvent, personas: Personas, second_monitor: User, verified_client: ClientFor
) -> None:
    event = make_event("baghdad")
    services.event_submit(by=personas.director, event=event)
    director = verified_client(personas.director)
    assert 'id="verify"' not in text(director.get(page(event)))
    refused = director.post(action(event, "verify"), {"verify-violation_status": "01"})
    assert refused.status_code == 400
    assert "Someone other than the author must verify this event." in text(refused)
    assert 'id="verify"' not in text(verified_client(personas.monitor_baghdad).get(page(event)))
    assert 'id="verify"' in text(verified_client(second_monitor).get(page(event)))
