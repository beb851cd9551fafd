"""The UN submission draft of one act: who gets it, consent, sections, audit, DOCX."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document

from nama.core.audit import AuditEntry
from nama.core.models import Governorate, Term
from nama.monitoring import services as monitoring
from nama.monitoring.models import Act, ConsentKind, Event, Person
from nama.reports.un_draft import DOCX_CONTENT_TYPE
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

VICTIM = "زينب علي حسين"
REASON = "Preparing the communication to the Special Rapporteur"
SECTION_TITLES = (
    "1. Alleged victim(s)",
    "2. Alleged perpetrator(s)",
    "3. Date and place of the incident",
    "4. Description of the incident(s)",
    "5. Steps taken to seek domestic remedies",
    "6. Consent and submitting organisation",
)


def url(name: str, act: Act, prefix: str = "en", **query: str) -> str:
    with translation.override(prefix):
        path = reverse(f"reports:{name}", args=[act.pk])
    if query:
        from django.utils.http import urlencode

        path += "?" + urlencode(query)
    return path


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.of(vocabulary).get(code=code)


def document(by: Any, victim: dict[str, Any], **fields: Any) -> Event:
    """A draft Baghdad event with one victim suffering one arbitrary detention."""
    return monitoring.event_document(
        by=by,
        data={
            "title": "Arrest of protesters",
            "governorate": Governorate.objects.get(slug="baghdad"),
            **fields,
        },
        victims=[monitoring.PersonInput(data=victim)],
        acts=[monitoring.ActInput(victim=0, act_type=term("act_type", "0401"))],
        perpetrators=[
            monitoring.PerpetratorInput(perpetrator_type=term("perpetrator_type", "0101"))
        ],
    )


@pytest.fixture
def documented(personas: Personas, reference: None) -> Act:
    """A Baghdad event documented by the Baghdad monitor: one named victim, a police
    perpetrator, an intervention, and a description with markup in it."""
    event = document(
        personas.monitor_baghdad,
        {"name": VICTIM, "occupation": "journalist", "birth_year": 1990},
        description="Arrested at the checkpoint.\n\n<script>alert('x')</script>",
        place="Tahrir Square",
        start_date=date(2026, 3, 14),
    )
    act = event.acts.get()
    monitoring.intervention_add(
        by=personas.monitor_baghdad,
        intervention_type=term("intervention_type", "01"),
        victim=act.victim,
        on=date(2026, 3, 20),
        status="no_response",
    )
    return act


def consent(personas: Personas, person: Person, given: bool, on: date) -> None:
    monitoring.consent_record(
        by=personas.monitor_baghdad,
        person=person,
        kind=ConsentKind.UN_SHARING,
        given=given,
        recorded_on=on,
    )


@pytest.fixture
def consented(personas: Personas, documented: Act) -> Act:
    consent(personas, documented.victim, True, date(2026, 4, 1))
    return documented


# ---------------------------------------------------------------------------
# The draft


@pytest.mark.parametrize("who", ["director", "monitor_baghdad"])
def test_the_draft_in_english_has_the_sections_in_order_and_the_victim(
    personas: Personas, verified_client: Any, consented: Act, who: str
) -> None:
    client = verified_client(personas.get(who))
    response = client.get(url("un_draft", consented, reason=REASON, language="en"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    positions = [html.index(title) for title in SECTION_TITLES]
    assert positions == sorted(positions)
    assert VICTIM in html
    assert "journalist" in html
    assert "Tahrir Square" in html
    assert "Arrested at the checkpoint." in html
    assert "no response" in html  # the intervention's status
    assert 'lang="en" dir="ltr"' in html


def test_the_draft_in_arabic_is_right_to_left_with_the_sections_in_order(
    personas: Personas, verified_client: Any, consented: Act
) -> None:
    client = verified_client(personas.director)
    response = client.get(url("un_draft", consented, "ar", reason=REASON, language="ar"))
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(f'id="section-{n}"') for n in range(1, 7)]
    assert positions == sorted(positions)
    assert 'lang="ar" dir="rtl"' in html
    assert VICTIM in html


def test_markup_in_the_description_is_escaped(
    personas: Personas, verified_client: Any, consented: Act
) -> None:
    html = (
        verified_client(personas.director)
        .get(url("un_draft", consented, reason=REASON))
        .content.decode()
    )
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_a_reason_is_asked_first_and_the_reading_is_audited_with_it(
    personas: Personas, verified_client: Any, consented: Act
) -> None:
    client = verified_client(personas.director)
    form = client.get(url("un_draft", consented))
    assert form.status_code == 200
    assert 'name="reason"' in form.content.decode()
    assert VICTIM not in form.content.decode()
    too_short = client.get(url("un_draft", consented, reason="why"))
    assert too_short.status_code == 400
    assert VICTIM not in too_short.content.decode()
    assert not AuditEntry.objects.filter(action__startswith="reports.un_draft").exists()
    client.get(url("un_draft", consented, reason=REASON, language="en"))
    entry = AuditEntry.objects.get(action="reports.un_draft.viewed")
    assert entry.actor_id == personas.director.pk
    assert entry.target_id == str(consented.pk)
    assert entry.reason == REASON
    assert entry.data == {
        "act": consented.pk,
        "event": consented.event_id,
        "person": consented.victim_id,
        "language": "en",
    }


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_docx_has_the_victim_and_the_sections(
    personas: Personas, verified_client: Any, consented: Act, language: str
) -> None:
    response = verified_client(personas.monitor_baghdad).get(
        url("un_draft_docx", consented, reason=REASON, language=language)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert VICTIM in text
    headings = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 1"]
    assert [h.split(".")[0] for h in headings] == ["1", "2", "3", "4", "5", "6"]
    xml = document.element.xml
    assert ("<w:bidi/>" in xml and "<w:rtl/>" in xml) == (language == "ar")
    entry = AuditEntry.objects.get(action="reports.un_draft.downloaded")
    assert entry.reason == REASON
    assert entry.data["language"] == language


def test_the_docx_without_a_reason_goes_back_to_the_reason_form(
    personas: Personas, verified_client: Any, consented: Act
) -> None:
    response = verified_client(personas.director).get(url("un_draft_docx", consented))
    assert response.status_code == 302
    assert response["Location"] == url("un_draft", consented)


# ---------------------------------------------------------------------------
# Consent


def _assert_refused(client: Any, act: Act) -> None:
    page = client.get(url("un_draft", act, reason=REASON))
    assert page.status_code == 403
    html = page.content.decode()
    assert "has not agreed to sharing with UN bodies" in html
    assert VICTIM not in html
    assert "Tahrir Square" not in html
    assert "Arrested at the checkpoint" not in html
    assert act.victim.pseudonym in html  # where to record the consent
    document = client.get(url("un_draft_docx", act, reason=REASON))
    assert document.status_code == 403
    assert document.content == b""
    assert not AuditEntry.objects.filter(action__startswith="reports.un_draft").exists()


def test_refused_without_any_recorded_consent(
    personas: Personas, verified_client: Any, documented: Act
) -> None:
    _assert_refused(verified_client(personas.director), documented)


def test_refused_when_the_latest_decision_withdraws_consent(
    personas: Personas, verified_client: Any, documented: Act
) -> None:
    consent(personas, documented.victim, True, date(2026, 4, 1))
    consent(personas, documented.victim, False, date(2026, 5, 1))
    _assert_refused(verified_client(personas.monitor_baghdad), documented)


def test_other_kinds_of_consent_do_not_count(
    personas: Personas, verified_client: Any, documented: Act
) -> None:
    for kind in (ConsentKind.DOCUMENTATION, ConsentKind.PUBLICATION, ConsentKind.REFERRAL):
        monitoring.consent_record(
            by=personas.director, person=documented.victim, kind=kind, given=True
        )
    _assert_refused(verified_client(personas.director), documented)


def test_for_a_group_the_group_records_consent_counts(
    personas: Personas, verified_client: Any, reference: None
) -> None:
    event = document(
        personas.monitor_baghdad,
        {"name": "Teachers of the Nasiriyah school", "is_group": True, "group_size": 12},
    )
    act = event.acts.get()
    client = verified_client(personas.director)
    assert client.get(url("un_draft", act, reason=REASON)).status_code == 403
    consent(personas, act.victim, True, date(2026, 4, 1))
    html = client.get(url("un_draft", act, reason=REASON)).content.decode()
    assert "Teachers of the Nasiriyah school" in html
    assert "12 people" in html


# ---------------------------------------------------------------------------
# Who


@pytest.mark.parametrize("who", ["analyst", "outsider", "monitor_erbil", "lawyer", "sysadmin"])
def test_everyone_else_gets_404(
    personas: Personas, verified_client: Any, consented: Act, who: str
) -> None:
    client = verified_client(personas.get(who))
    for name in ("un_draft", "un_draft_docx"):
        response = client.get(url(name, consented, reason=REASON))
        assert response.status_code == 404
        assert VICTIM not in response.content.decode()
    assert not AuditEntry.objects.filter(action__startswith="reports.un_draft").exists()


def test_an_act_that_does_not_exist_is_404(personas: Personas, verified_client: Any) -> None:
    with translation.override("en"):
        path = reverse("reports:un_draft", args=[999999])
    assert verified_client(personas.director).get(path).status_code == 404
