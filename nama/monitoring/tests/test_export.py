"""The de-identified CSV export of acts (nama/monitoring/export.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from nama.accounts.models import User
from nama.core.audit import AuditEntry
from nama.core.models import Term
from nama.monitoring import export, services
from nama.monitoring.models import Event
from nama.monitoring.tests.conftest import VICTIM_NAMES
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

EXPORT = "/en/monitoring/events/export.csv"
LIST = "/en/monitoring/"
PHONE = "07709876543"
DESCRIPTION = "شاهد عيان رأى السيارات المظللة"
NOTES = "ملاحظة عن الضحية"

ClientFor = Callable[[User], Client]
MakeEvent = Callable[..., Event]
TermGetter = Callable[[str, str], Term]


def rows(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


def raw(response: Any) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def three_by_two(make_event: MakeEvent, personas: Personas, term: TermGetter) -> Event:
    """Three victims, each arrested and tortured (six acts), by the police; verified."""
    victims = [
        services.PersonInput(
            data={
                "name": VICTIM_NAMES[i],
                "name_latin": f"Victim Latin {i}",
                "phone": f"{PHONE}{i}",
                "address": "حي الجامعة",
                "notes": NOTES,
                "birth_year": 1990,
                "sex": term("sex", "02"),
            },
            characteristics=[term("victim_characteristic", "05")],
        )
        for i in range(3)
    ]
    event = make_event(
        "baghdad",
        title="اعتقال ثلاثة متظاهرين",
        description=DESCRIPTION,
        place="ساحة التحرير",
        start_date=date(2026, 3, 14),
        start_precision="month",
        victims=victims,
        act_types=("0401", "0301"),
        perpetrators=[services.PerpetratorInput(perpetrator_type=term("perpetrator_type", "0101"))],
    )
    services.event_submit(by=event.created_by, event=event)
    return services.event_verify(
        by=personas.director, event=event, violation_status=term("violation_status", "01")
    )


def test_one_row_per_act_six_for_three_victims_of_two_act_types(
    three_by_two: Event, personas: Personas, verified_client: ClientFor
) -> None:
    response = verified_client(personas.analyst).get(EXPORT)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="monitoring-acts-')
    assert "no-store" in response["Cache-Control"]
    table = rows(response)
    assert len(table) == 6
    assert list(table[0]) == list(export.COLUMNS)
    pseudonyms = {row["victim_pseudonym"] for row in table}
    assert len(pseudonyms) == 3
    assert {row["act_type_code"] for row in table} == {"0401", "0301"}
    first = table[0]
    assert first["event_reference"] == three_by_two.reference
    assert first["governorate"] == "Baghdad"
    assert (first["start_date"], first["start_precision"]) == ("2026-03", "month")
    assert first["sex"] == "Male"
    assert first["characteristics"] == "Protester"
    assert first["perpetrator_types"] == "Police"
    assert (first["violation_status_code"], first["violation_status"]) == ("01", "Confirmed")
    assert first["verification"] == "verified"


def test_the_export_holds_no_name_phone_description_or_other_identifying_value(
    three_by_two: Event, personas: Personas, verified_client: ClientFor
) -> None:
    for user in (personas.analyst, personas.director):
        body = raw(verified_client(user).get(EXPORT))
        for secret in (
            *VICTIM_NAMES[:3],
            "Victim Latin",
            PHONE,
            DESCRIPTION,
            NOTES,
            "حي الجامعة",
            "ساحة التحرير",
            "اعتقال ثلاثة متظاهرين",
        ):
            assert secret not in body, secret
        assert not AuditEntry.objects.filter(
            actor_id=user.pk, action="monitoring.person.identity_viewed"
        ).exists()


def test_each_export_is_audited_with_its_filters_and_row_count(
    three_by_two: Event, personas: Personas, verified_client: ClientFor
) -> None:
    client = verified_client(personas.analyst)
    rows(client.get(EXPORT, {"filter": "1", "governorate": "baghdad", "act_type": "03"}))
    entry = AuditEntry.objects.filter(action="monitoring.export.csv").get()
    assert entry.actor_id == personas.analyst.pk
    assert entry.data == {"filters": {"governorate": "baghdad", "act_type": "03"}, "rows": 3}


def test_the_list_filters_apply_to_the_export(
    three_by_two: Event, make_event: MakeEvent, personas: Personas, verified_client: ClientFor
) -> None:
    erbil = make_event("erbil", victims=2)
    client = verified_client(personas.director)
    assert len(rows(client.get(EXPORT))) == 8
    # Filters chosen on the list are remembered, and the export follows them.
    client.get(LIST, {"filter": "1", "governorate": "erbil"})
    only_erbil = rows(client.get(EXPORT))
    assert {row["event_reference"] for row in only_erbil} == {erbil.reference}
    assert len(only_erbil) == 2
    verified = rows(client.get(EXPORT, {"filter": "1", "verification": "verified"}))
    assert {row["event_reference"] for row in verified} == {three_by_two.reference}
    # Filters about acts choose the rows: the police's acts, the acts against protesters.
    assert len(rows(client.get(EXPORT, {"filter": "1", "perpetrator_type": "01"}))) == 6
    assert len(rows(client.get(EXPORT, {"filter": "1", "victim_characteristic": "05"}))) == 6
    assert len(rows(client.get(EXPORT, {"filter": "1", "victim_characteristic": "03"}))) == 0


@pytest.mark.parametrize(
    "name", ["outsider", "operator", "lawyer", "monitor_baghdad", "monitor_erbil", "sysadmin"]
)
def test_only_analysts_and_the_director_export(
    three_by_two: Event, personas: Personas, verified_client: ClientFor, name: str
) -> None:
    assert verified_client(personas.get(name)).get(EXPORT).status_code == 404
    assert not AuditEntry.objects.filter(action="monitoring.export.csv").exists()


def test_cells_that_a_spreadsheet_would_run_are_defused() -> None:
    assert export._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert export._cell("@SUM(1)") == "'@SUM(1)"
    assert export._cell("P-2026-00001") == "P-2026-00001"
    assert export._cell(None) == ""
    assert export._cell(34) == "34"
