"""The monitoring API: scoped like the pages, identities only for those who may see them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nama.accounts.models import User
from nama.core.audit import AuditEntry
from nama.core.models import Governorate, Term
from nama.core.roles import Role
from nama.monitoring import services
from nama.monitoring.models import Act, Event, Person, VerificationState
from nama.testing.factories import UserFactory
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

API = "/api/v1/monitoring"
EVENTS = f"{API}/events/"
PERSONS = f"{API}/persons/"
ACTS = f"{API}/acts/"
INVOLVEMENTS = f"{API}/involvements/"
INFORMATION = f"{API}/information/"
INTERVENTIONS = f"{API}/interventions/"

NAME = "أحمد كريم الجبوري"
PHONE = "07701234567"
ID_NUMBER = "199012345678"
SOURCE_NAME = "زينب علي حسين"
SUMMARY = "قال الشاهد إن أحمد اعتقل عند الفجر"
DESCRIPTION = "اعتقل أحمد كريم من أمام بيته"

ClientFor = Callable[[User], Client]
MakeEvent = Callable[..., Event]
TermOf = Callable[[str, str], Term]


def url(base: str, pk: int, action: str = "") -> str:
    return f"{base}{pk}/{action + '/' if action else ''}"


# Messages are compared in English; the API answers in the caller's language.
def post(client: Client, path: str, data: Any) -> Any:
    return client.post(
        path, json.dumps(data), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


def patch(client: Client, path: str, data: Any) -> Any:
    return client.patch(
        path, json.dumps(data), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


def second_monitor() -> User:
    """Another monitor in Baghdad: verifies what monitor_baghdad documented."""
    return UserFactory.create(
        username="monitor_baghdad_2",
        roles=[Role.MONITOR],
        governorates=[Governorate.objects.get(slug="baghdad")],
    )


@pytest.fixture
def full_event(make_event: MakeEvent, personas: Personas, term: TermOf) -> Event:
    """A Baghdad draft with a named victim (phone, ID number), a police perpetrator, a
    named source and an intervention for the victim."""
    event = make_event(
        "baghdad",
        victims=[{"name": NAME, "phone": PHONE, "id_number": ID_NUMBER}],
        act_types=("0401",),
        description=DESCRIPTION,
        perpetrators=[services.PerpetratorInput(perpetrator_type=term("perpetrator_type", "0101"))],
        sources=[
            services.SourceInput(
                who=services.PersonInput(data={"name": SOURCE_NAME}),
                connection=term("source_connection", "02"),
                summary=SUMMARY,
            )
        ],
    )
    services.intervention_add(
        by=personas.monitor_baghdad,
        intervention_type=term("intervention_type", "09"),
        event=event,
        victim=event.acts.get().victim,
        notes=f"اتصلنا بعائلة {NAME}",
    )
    return event


def victim_of(event: Event) -> Person:
    return event.acts.order_by("id").first().victim  # type: ignore[union-attr]


# ---------------------------------------------------------------------------
# Documenting through the API


def test_three_victims_of_two_act_types_give_six_acts(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    client = verified_client(personas.monitor_baghdad)
    payload = {
        "title": "Arrest and torture of protesters in Sadr City",
        "description": "وصف",
        "governorate": "baghdad",
        "district": "baghdad-sadr-city-1",
        "start_date": "2026-05-03",
        "rights_affected": [],
        "victims": [{"name": "أحمد"}, {"name": "زينب", "sex": "01"}, {"name": "مصطفى"}],
        "acts": [{"victim": v, "act_type": code} for v in range(3) for code in ("0401", "0301")],
        "perpetrators": [{"perpetrator_type": "0101", "degree": "direct"}],
        "sources": [{"who": {"name": "شاهد"}, "connection": "02", "summary": "رأيت"}],
    }
    response = post(client, EVENTS, payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["verification"] == "draft"
    assert body["governorate"] == "baghdad"
    assert body["district"] == "baghdad-sadr-city-1"
    assert body["start_precision"] == "exact"
    assert len(body["acts"]) == 6
    assert sorted(a["act_type"] for a in body["acts"]) == ["0301"] * 3 + ["0401"] * 3
    assert len({a["victim"]["pseudonym"] for a in body["acts"]}) == 3
    assert all(a["involvements"][0]["perpetrator_type"] == "0101" for a in body["acts"])
    assert body["information"][0]["connection"] == "02"
    event = Event.objects.get(pk=body["id"])
    assert Act.objects.filter(event=event).count() == 6
    # The list counts them too.
    listed = client.get(ACTS, {"event": event.pk}).json()
    assert listed["count"] == 6


def test_an_existing_person_in_scope_can_be_a_victim_but_not_one_out_of_scope(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    baghdad_victim = victim_of(make_event("baghdad"))
    erbil_victim = victim_of(make_event("erbil"))
    client = verified_client(personas.monitor_baghdad)
    base = {"title": "t", "governorate": "baghdad", "acts": [{"victim": 0, "act_type": "0401"}]}
    ok = post(client, EVENTS, {**base, "victims": [{"person": baghdad_victim.pk}]})
    assert ok.status_code == 201
    assert ok.json()["acts"][0]["victim"]["id"] == baghdad_victim.pk
    refused = post(client, EVENTS, {**base, "victims": [{"person": erbil_victim.pk}]})
    assert refused.status_code == 400
    assert "victims" in refused.json()
    # Not in another governorate either, nor with a district of another one.
    erbil = post(client, EVENTS, {**base, "governorate": "erbil", "victims": [{"name": "x"}]})
    assert erbil.status_code == 400
    assert "governorate" in erbil.json()
    elsewhere = post(client, EVENTS, {**base, "district": "erbil-soran", "victims": [{}]})
    assert elsewhere.status_code == 400


def test_an_act_must_name_a_listed_victim(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    client = verified_client(personas.monitor_baghdad)
    response = post(
        client,
        EVENTS,
        {"title": "t", "governorate": "baghdad", "acts": [{"victim": 2, "act_type": "0401"}]},
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Each act needs one of the victims listed."]}
    assert not Event.objects.exists()


def test_unknown_codes_are_refused(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    client = verified_client(personas.monitor_baghdad)
    response = post(
        client,
        EVENTS,
        {
            "title": "t",
            "governorate": "baghdad",
            "victims": [{"name": "x"}],
            "acts": [{"victim": 0, "act_type": "9999"}],
        },
    )
    assert response.status_code == 400
    assert "acts" in response.json()


def test_a_draft_is_changed_and_completed_through_nested_actions(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event("baghdad")
    victim = victim_of(event)
    client = verified_client(personas.monitor_baghdad)
    changed = patch(client, url(EVENTS, event.pk), {"title": "New title", "place": "Tahrir"})
    assert changed.status_code == 200
    assert changed.json()["title"] == "New title"

    act = post(client, url(EVENTS, event.pk, "acts"), {"victim": victim.pk, "act_type": "0301"})
    assert act.status_code == 201, act.content
    assert act.json()["act_type"] == "0301"
    again = post(client, url(EVENTS, event.pk, "acts"), {"victim": victim.pk, "act_type": "0301"})
    assert again.status_code == 400

    involvement = post(
        client, url(ACTS, act.json()["id"], "involvements"), {"perpetrator_type": "0102"}
    )
    assert involvement.status_code == 201
    assert involvement.json()["perpetrator_type"] == "0102"
    nobody = post(client, url(ACTS, act.json()["id"], "involvements"), {})
    assert nobody.status_code == 400

    source = Person.objects.get(pk=post(client, PERSONS, {"governorate": "baghdad"}).json()["id"])
    info = post(
        client,
        url(EVENTS, event.pk, "information"),
        {"source": source.pk, "reliability": "01", "date": "2026-05-04", "summary": "s"},
    )
    assert info.status_code == 201
    assert info.json()["reliability"] == "01"

    intervention = post(
        client,
        url(EVENTS, event.pk, "interventions"),
        {"intervention_type": "08", "victim": victim.pk, "status": "done"},
    )
    assert intervention.status_code == 201
    assert intervention.json()["status"] == "done"
    assert intervention.json()["by_user"] == "monitor_baghdad"

    detail = client.get(url(EVENTS, event.pk)).json()
    assert len(detail["acts"]) == 2
    assert len(detail["information"]) == 1
    assert len(detail["interventions"]) == 1
    for base in (INVOLVEMENTS, INFORMATION, INTERVENTIONS):
        assert (
            client.get(base, {"event": event.pk} if base != INVOLVEMENTS else {}).json()["count"]
            == 1
        )

    assert client.delete(url(ACTS, act.json()["id"])).status_code == 204
    assert Act.objects.filter(event=event).count() == 1


# ---------------------------------------------------------------------------
# Verification


def test_the_author_cannot_verify_and_a_second_monitor_can(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event("baghdad")
    author = verified_client(personas.monitor_baghdad)
    submitted = post(author, url(EVENTS, event.pk, "submit"), {"comment": "ready"})
    assert submitted.status_code == 200
    assert submitted.json()["verification"] == "submitted"

    refused = post(author, url(EVENTS, event.pk, "verify"), {"violation_status": "01"})
    assert refused.status_code == 400
    assert refused.json() == {
        "non_field_errors": ["Someone other than the author must verify this event."]
    }
    # A draft cannot be changed once submitted.
    assert patch(author, url(EVENTS, event.pk), {"title": "x"}).status_code == 400

    reviewer = verified_client(second_monitor())
    verified = post(
        reviewer, url(EVENTS, event.pk, "verify"), {"violation_status": "02", "comment": "ok"}
    )
    assert verified.status_code == 200
    body = verified.json()
    assert body["verification"] == "verified"
    assert body["violation_status"] == "02"
    assert body["verified_by"] == "monitor_baghdad_2"
    assert [c["kind"] for c in body["comments"]] == ["submitted", "verified"]
    listed = reviewer.get(EVENTS, {"verification": "verified", "violation_status": "02"}).json()
    assert [e["id"] for e in listed["results"]] == [event.pk]


def test_the_author_cannot_verify_in_arabic_either(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event("baghdad")
    services.event_submit(by=personas.monitor_baghdad, event=event)
    client = verified_client(personas.monitor_baghdad)
    response = client.post(
        url(EVENTS, event.pk, "verify"),
        json.dumps({"violation_status": "01"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"]  # the message, in whatever the catalogue has
    event.refresh_from_db()
    assert event.verification == VerificationState.SUBMITTED


def test_a_returned_event_is_a_draft_again_with_the_reason_and_comments_are_added(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    event = make_event("baghdad")
    services.event_submit(by=personas.monitor_baghdad, event=event)
    client = verified_client(personas.director)
    assert post(client, url(EVENTS, event.pk, "return"), {}).status_code == 400
    returned = post(client, url(EVENTS, event.pk, "return"), {"comment": "Add the date"})
    assert returned.status_code == 200
    assert returned.json()["verification"] == "draft"
    assert returned.json()["comments"][-1] == {
        **returned.json()["comments"][-1],
        "kind": "returned",
        "body": "Add the date",
        "author": "director",
    }
    commented = post(client, url(EVENTS, event.pk, "comments"), {"body": "Thanks"})
    assert commented.status_code == 201
    assert commented.json()["comments"][-1]["body"] == "Thanks"
    assert post(client, url(EVENTS, event.pk, "comments"), {"body": " "}).status_code == 400


# ---------------------------------------------------------------------------
# Scope


def test_a_baghdad_monitor_cannot_read_an_erbil_event_or_person(
    full_event: Event, make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    erbil = make_event(
        "erbil",
        victims=[{"name": "هوشيار"}],
        perpetrators=[],
        sources=[],
    )
    erbil_victim = victim_of(erbil)
    erbil_act = erbil.acts.get()
    client = verified_client(personas.monitor_baghdad)

    events = client.get(EVENTS).json()
    assert [e["id"] for e in events["results"]] == [full_event.pk]
    assert erbil_victim.pk not in [p["id"] for p in client.get(PERSONS).json()["results"]]
    assert client.get(ACTS, {"event": erbil.pk}).json()["count"] == 0
    assert erbil_act.pk not in [a["id"] for a in client.get(ACTS).json()["results"]]

    assert client.get(url(EVENTS, erbil.pk)).status_code == 404
    assert client.get(url(PERSONS, erbil_victim.pk)).status_code == 404
    assert client.get(url(PERSONS, erbil_victim.pk, "consents")).status_code == 404
    assert client.get(url(ACTS, erbil_act.pk)).status_code == 404
    # Nor change them.
    assert patch(client, url(EVENTS, erbil.pk), {"title": "x"}).status_code == 404
    assert post(client, url(EVENTS, erbil.pk, "comments"), {"body": "x"}).status_code == 404
    assert patch(client, url(PERSONS, erbil_victim.pk), {"name": "x"}).status_code == 404
    assert client.delete(url(ACTS, erbil_act.pk)).status_code == 404
    # The Erbil monitor reads it, and not the Baghdad one.
    erbil_client = verified_client(personas.monitor_erbil)
    assert erbil_client.get(url(EVENTS, erbil.pk)).status_code == 200
    assert erbil_client.get(url(EVENTS, full_event.pk)).status_code == 404
    assert erbil_client.get(url(PERSONS, victim_of(full_event).pk)).status_code == 404


def test_linked_records_of_an_erbil_event_answer_404_to_a_baghdad_monitor(
    full_event: Event, personas: Personas, verified_client: ClientFor
) -> None:
    act = full_event.acts.get()
    involvement = act.involvements.get()
    info = full_event.information.get()
    intervention = full_event.interventions.get()
    baghdad = verified_client(personas.monitor_baghdad)
    erbil = verified_client(personas.monitor_erbil)
    for base, pk in (
        (INVOLVEMENTS, involvement.pk),
        (INFORMATION, info.pk),
        (INTERVENTIONS, intervention.pk),
    ):
        assert baghdad.get(url(base, pk)).status_code == 200
        assert erbil.get(url(base, pk)).status_code == 404
        assert erbil.get(base).json()["count"] == 0


@pytest.mark.parametrize("name", ["outsider", "operator", "lawyer", "sysadmin"])
def test_no_monitoring_role_means_empty_lists_and_404(
    full_event: Event, personas: Personas, verified_client: ClientFor, name: str
) -> None:
    client = verified_client(personas.get(name))
    act = full_event.acts.get()
    for base in (EVENTS, PERSONS, ACTS, INVOLVEMENTS, INFORMATION, INTERVENTIONS):
        response = client.get(base)
        assert response.status_code == 200
        assert response.json()["count"] == 0
    assert client.get(url(EVENTS, full_event.pk)).status_code == 404
    assert client.get(url(PERSONS, victim_of(full_event).pk)).status_code == 404
    assert client.get(url(ACTS, act.pk)).status_code == 404
    assert client.get(url(INVOLVEMENTS, act.involvements.get().pk)).status_code == 404
    assert client.get(url(INFORMATION, full_event.information.get().pk)).status_code == 404
    assert client.get(url(INTERVENTIONS, full_event.interventions.get().pk)).status_code == 404
    assert post(client, url(EVENTS, full_event.pk, "submit"), {}).status_code == 404
    assert post(client, EVENTS, {"title": "x", "governorate": "baghdad"}).status_code == 403
    assert post(client, PERSONS, {"governorate": "baghdad"}).status_code == 403
    assert not AuditEntry.objects.filter(action="monitoring.person.identity_viewed").exists()


def test_the_api_needs_a_signed_in_verified_user(
    full_event: Event, client: Client, personas: Personas, unverified_client: ClientFor
) -> None:
    assert client.get(EVENTS).status_code in {401, 403}
    assert client.get(url(PERSONS, victim_of(full_event).pk)).status_code in {401, 403}
    half = unverified_client(personas.monitor_baghdad)
    assert half.get(url(PERSONS, victim_of(full_event).pk)).status_code in {401, 403}


def test_malformed_ids_and_filters(
    full_event: Event, personas: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(personas.monitor_baghdad)
    assert client.get(f"{EVENTS}abc/").status_code == 404
    assert client.get(f"{PERSONS}abc/").status_code == 404
    assert client.get(EVENTS, {"period_start": "yesterday"}).status_code == 400
    assert client.get(EVENTS, {"verification": "nope"}).status_code == 400
    assert client.get(ACTS, {"event": "x"}).status_code == 400


def test_the_event_filters(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    arrest = make_event("baghdad", act_types=("0401",), start_date=date(2026, 5, 3))
    torture = make_event("erbil", act_types=("0301",), start_date=date(2025, 1, 1))
    client = verified_client(personas.analyst)

    def ids(**params: Any) -> list[int]:
        response = client.get(EVENTS, params)
        assert response.status_code == 200, response.content
        return [e["id"] for e in response.json()["results"]]

    assert ids() == [arrest.pk, torture.pk]
    assert ids(governorate="erbil") == [torture.pk]
    assert ids(act_type="04") == [arrest.pk]
    assert ids(period_start="2026-01-01") == [arrest.pk]
    assert ids(period_end="2025-12-31") == [torture.pk]
    assert ids(verification="submitted") == []
    assert ids(victim_characteristic="03") == []


# ---------------------------------------------------------------------------
# Identities


def test_an_analyst_sees_pseudonyms_never_identities(
    full_event: Event, personas: Personas, verified_client: ClientFor
) -> None:
    victim = victim_of(full_event)
    act = full_event.acts.get()
    client = verified_client(personas.analyst)
    responses = {
        path: client.get(path)
        for path in (
            EVENTS,
            url(EVENTS, full_event.pk),
            PERSONS,
            url(PERSONS, victim.pk),
            ACTS,
            url(ACTS, act.pk),
            INFORMATION,
            url(INFORMATION, full_event.information.get().pk),
            INTERVENTIONS,
            url(INTERVENTIONS, full_event.interventions.get().pk),
        )
    }
    for path, response in responses.items():
        assert response.status_code == 200, path
        text = response.content.decode()
        for secret in (NAME, "أحمد", PHONE, ID_NUMBER, SOURCE_NAME, "زينب", "اعتقل", "الشاهد"):
            assert secret not in text, (path, secret)
            assert json.dumps(secret)[1:-1] not in text, (path, secret)  # nor escaped

    person = responses[url(PERSONS, victim.pk)].json()
    assert person["pseudonym"] == victim.pseudonym
    for field in ("name", "name_latin", "aliases", "phone", "email", "id_number", "address"):
        assert field not in person  # absent, not null
    assert "notes" not in person
    listed = responses[PERSONS].json()["results"]
    assert victim.pseudonym in [p["pseudonym"] for p in listed]
    assert all("name" not in p for p in listed)

    event = responses[url(EVENTS, full_event.pk)].json()
    assert "description" not in event
    assert event["acts"][0]["victim"] == {"id": victim.pk, "pseudonym": victim.pseudonym}
    assert "notes" not in event["acts"][0]
    assert "summary" not in event["information"][0]
    assert "notes" not in event["interventions"][0]
    assert responses[url(ACTS, act.pk)].json()["victim"]["pseudonym"] == victim.pseudonym
    # Nor in the browsable API's pages.
    for path in (url(PERSONS, victim.pk), url(EVENTS, full_event.pk)):
        html = client.get(path, HTTP_ACCEPT="text/html").content.decode()
        assert victim.pseudonym in html
        assert NAME not in html
        assert PHONE not in html
    # Reading pseudonyms is not reading identities: nothing to audit.
    assert not AuditEntry.objects.filter(action="monitoring.person.identity_viewed").exists()


def test_an_analyst_reads_but_does_not_write(
    full_event: Event, personas: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(personas.analyst)
    victim = victim_of(full_event)
    assert patch(client, url(EVENTS, full_event.pk), {"title": "x"}).status_code == 403
    assert post(client, url(EVENTS, full_event.pk, "comments"), {"body": "x"}).status_code == 403
    assert patch(client, url(PERSONS, victim.pk), {"occupation": "x"}).status_code == 403
    assert post(client, url(PERSONS, victim.pk, "consents"), {}).status_code == 403
    assert post(client, EVENTS, {"title": "x", "governorate": "baghdad"}).status_code == 403
    assert client.get(url(PERSONS, victim.pk, "consents")).json()["publication"] is False


def test_a_monitor_sees_identities_in_scope_and_every_read_is_audited(
    full_event: Event, personas: Personas, verified_client: ClientFor
) -> None:
    victim = victim_of(full_event)
    client = verified_client(personas.monitor_baghdad)
    before = AuditEntry.objects.count()
    detail = client.get(url(PERSONS, victim.pk))
    assert detail.status_code == 200
    body = detail.json()
    assert body["name"] == NAME
    assert body["phone"] == PHONE
    assert body["id_number"] == ID_NUMBER
    assert detail["Cache-Control"] == "no-store, private"
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None
    assert entry.action == "monitoring.person.identity_viewed"
    assert entry.actor_username == "monitor_baghdad"
    assert entry.target_id == str(victim.pk)
    assert entry.data == {"person": victim.pk}
    assert AuditEntry.objects.count() == before + 1

    listed = client.get(PERSONS).json()["results"]
    assert {p["name"] for p in listed} == {NAME, SOURCE_NAME}
    viewed = AuditEntry.objects.filter(action="monitoring.person.identity_viewed")
    assert sorted(int(e.target_id) for e in viewed) == sorted(
        [victim.pk, *(p["id"] for p in listed)]
    )
    for entry in viewed:
        assert NAME not in json.dumps(entry.data, ensure_ascii=False)

    # The event's own free text is theirs to read; persons stay pseudonyms there.
    event = client.get(url(EVENTS, full_event.pk)).json()
    assert event["description"] == DESCRIPTION
    assert event["information"][0]["summary"] == SUMMARY
    assert NAME in event["interventions"][0]["notes"]
    assert event["acts"][0]["victim"] == {"id": victim.pk, "pseudonym": victim.pseudonym}


def test_the_director_sees_identities_everywhere_audited(
    full_event: Event, make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    erbil_victim = victim_of(make_event("erbil", victims=[{"name": "هوشيار"}]))
    client = verified_client(personas.director)
    assert client.get(url(PERSONS, erbil_victim.pk)).json()["name"] == "هوشيار"
    assert AuditEntry.objects.filter(
        action="monitoring.person.identity_viewed", target_id=str(erbil_victim.pk)
    ).exists()


def test_persons_are_created_updated_and_their_consents_recorded(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    client = verified_client(personas.monitor_baghdad)
    created = post(
        client,
        PERSONS,
        {
            "governorate": "baghdad",
            "name": NAME,
            "phone": PHONE,
            "sex": "02",
            "characteristics": ["03", "05"],
            "birth_year": 1990,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["pseudonym"].startswith("P-")
    assert body["name"] == NAME
    assert body["characteristics"] == ["03", "05"]
    assert body["sex"] == "02"
    person = Person.objects.get(pk=body["id"])
    assert post(client, PERSONS, {"governorate": "erbil"}).status_code == 400

    changed = patch(client, url(PERSONS, person.pk), {"occupation": "صحفي", "phone": ""})
    assert changed.status_code == 200
    assert changed.json()["occupation"] == "صحفي"
    assert changed.json()["phone"] == ""

    consents = client.get(url(PERSONS, person.pk, "consents")).json()
    assert consents == {
        "documentation": False,
        "referral": False,
        "publication": False,
        "un_sharing": False,
    }
    recorded = post(
        client,
        url(PERSONS, person.pk, "consents"),
        {"kind": "documentation", "given": True, "note": "شفهياً"},
    )
    assert recorded.status_code == 201
    assert recorded.json()["documentation"] is True
    assert post(client, url(PERSONS, person.pk, "consents"), {"kind": "x"}).status_code == 400
    for entry in AuditEntry.objects.filter(target_id=str(person.pk)):
        text = json.dumps(entry.data, ensure_ascii=False)
        assert NAME not in text
        assert PHONE not in text


def test_a_script_in_a_title_comes_back_as_data(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    title = '<script>alert("x")</script>"}, {"injected": true'
    client = verified_client(personas.monitor_baghdad)
    created = post(client, EVENTS, {"title": title, "governorate": "baghdad"})
    assert created.status_code == 201
    assert created["Content-Type"] == "application/json"
    for response in (client.get(EVENTS), client.get(url(EVENTS, created.json()["id"]))):
        assert response["Content-Type"] == "application/json"
        body = response.json()
        row = body["results"][0] if "results" in body else body
        assert row["title"] == title
        assert "injected" not in row
    # The browsable API escapes it in HTML.
    html = client.get(EVENTS, HTTP_ACCEPT="text/html").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_a_monitor_who_is_also_an_analyst_sees_identities_only_in_their_governorates(
    make_event: MakeEvent, verified_client: ClientFor
) -> None:
    erbil_victim = victim_of(make_event("erbil", victims=[{"name": "هوشيار"}]))
    both = UserFactory.create(
        username="monitor_analyst",
        roles=[Role.MONITOR, Role.ANALYST],
        governorates=[Governorate.objects.get(slug="baghdad")],
    )
    body = verified_client(both).get(url(PERSONS, erbil_victim.pk)).json()
    assert "name" not in body


# ---------------------------------------------------------------------------
# Queries do not grow with the rows


def _queries(client: Client, path: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["analyst", "monitor_baghdad"])
def test_lists_and_details_make_a_fixed_number_of_queries(
    make_event: MakeEvent, personas: Personas, verified_client: ClientFor, term: TermOf, name: str
) -> None:
    police = services.PerpetratorInput(perpetrator_type=term("perpetrator_type", "0101"))
    small = make_event("baghdad", victims=1, act_types=("0401",), perpetrators=[police])
    client = verified_client(personas.get(name))
    counts = {
        "events": _queries(client, EVENTS),
        "detail": _queries(client, url(EVENTS, small.pk)),
        "acts": _queries(client, ACTS),
        "persons": _queries(client, PERSONS),
    }
    big = make_event("baghdad", victims=3, act_types=("0401", "0301"), perpetrators=[police])
    for _ in range(3):
        services.comment_add(by=personas.monitor_baghdad, event=big, body="c")
    assert _queries(client, EVENTS) == counts["events"]
    assert _queries(client, url(EVENTS, big.pk)) == counts["detail"]
    assert _queries(client, ACTS) == counts["acts"]
    if name == "analyst":  # a monitor's list writes one audit entry per person shown
        assert _queries(client, PERSONS) == counts["persons"]


def test_a_monitor_who_is_also_an_analyst_documents_only_in_their_governorates(
    make_event: MakeEvent, verified_client: ClientFor
) -> None:
    erbil = make_event("erbil")
    both = UserFactory.create(
        username="monitor_analyst",
        roles=[Role.MONITOR, Role.ANALYST],
        governorates=[Governorate.objects.get(slug="baghdad")],
    )
    client = verified_client(both)
    detail = client.get(url(EVENTS, erbil.pk))
    assert detail.status_code == 200  # reads it as an analyst...
    assert "description" not in detail.json()
    assert patch(client, url(EVENTS, erbil.pk), {"title": "x"}).status_code == 403  # ...only
    assert post(client, EVENTS, {"title": "x", "governorate": "erbil"}).status_code == 400
    assert post(client, EVENTS, {"title": "x", "governorate": "baghdad"}).status_code == 201
