"""The event entry page (nama/monitoring/entry_views.py): who reaches it, a whole
event saved in one POST, a refused save that keeps every row, the rows added
one at a time, and the vocabulary pickers' folded labels."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nama.core.audit import AuditEntry
from nama.core.models import District, Term
from nama.core.text import normalize
from nama.monitoring.models import Act, Event, Information, Involvement, Person
from nama.testing.personas import Personas

pytestmark = pytest.mark.usefixtures("vocabularies")

URL = "/en/monitoring/events/new/"
# The page in Arabic, for what must be checked in the language the centre works in.
ARABIC_URL = "/ar/monitoring/events/new/"
VICTIMS = ("أحمد كريم الجبوري", "زينب علي حسين", "مصطفى جاسم محمد")

ClientFor = Callable[[Any], Client]
ROW_DEFAULTS = {
    "acts": {"victim": "1", "date_precision": "exact"},
    "perpetrators": {"degree": "direct"},
    "sources": {},
}


def management(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "100",
    }


def entry_data(
    *,
    victims: tuple[str, ...] = VICTIMS,
    shortcut: tuple[str, ...] = ("0401", "0301"),
    acts: tuple[dict[str, str], ...] = (),
    perpetrators: tuple[dict[str, str], ...] = (
        {"name": "ضابط في مركز الشرطة", "perpetrator_type": "0101", "degree": "direct"},
    ),
    sources: tuple[dict[str, str], ...] = (
        {"name": "شاهد عيان", "connection": "02", "reliability": "01", "summary": "رأى الاعتقال"},
    ),
    **event: str,
) -> dict[str, Any]:
    """A POST of the entry page: the event in Baghdad, its rows, the shortcut's act types."""
    data: dict[str, Any] = {
        "event-title": "اعتقال متظاهرين في ساحة التحرير",
        "event-description": "اعتقلت قوة أمنية ثلاثة متظاهرين",
        "event-governorate": "baghdad",
        "event-district": "",
        "event-place": "ساحة التحرير",
        "event-start_date": "2026-03-02",
        "event-start_precision": "exact",
        "event-end_date": "",
        "event-end_precision": "exact",
        "event-confidentiality": "confidential",
        "event-index_terms": "تظاهرات",
        **{f"event-{key}": value for key, value in event.items()},
        **management("victims", len(victims)),
        **management("acts", len(acts)),
        **management("perpetrators", len(perpetrators)),
        **management("sources", len(sources)),
    }
    if shortcut:
        data["shortcut-act_types"] = list(shortcut)
    for i, name in enumerate(victims):
        data[f"victims-{i}-name"] = name
        data[f"victims-{i}-age"] = str(20 + i) if name else ""
    for prefix, rows in (("acts", acts), ("perpetrators", perpetrators), ("sources", sources)):
        for i, row in enumerate(rows):
            # What a browser sends for a row left as it came: its defaults.
            for key, value in {**ROW_DEFAULTS[prefix], **row}.items():
                data[f"{prefix}-{i}-{key}"] = value
    return data


@pytest.fixture
def monitor(personas: Personas, verified_client: ClientFor) -> Client:
    return verified_client(personas.monitor_baghdad)


def body(response: Any) -> str:
    return html.unescape(response.content.decode())


# ---------------------------------------------------------------------------
# Who reaches the page


def test_a_monitor_gets_the_blank_page(monitor: Client) -> None:
    response = monitor.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    for prefix in ("victims", "acts", "perpetrators", "sources"):
        assert f'name="{prefix}-TOTAL_FORMS" value="1"' in page
        assert f'name="{prefix}-0-' in page
    # Only the monitor's governorate is offered, with its districts.
    assert 'value="baghdad" selected' in page
    assert 'value="erbil"' not in page
    assert 'data-nama-governorate="baghdad"' in page
    assert 'data-nama-governorate="erbil"' not in page
    assert 'src="/static/js/monitoring-entry.js"' in page


def test_the_director_may_choose_any_governorate(
    personas: Personas, verified_client: ClientFor
) -> None:
    page = verified_client(personas.director).get(URL).content.decode()
    assert 'value="baghdad"' in page
    assert 'value="erbil"' in page
    assert 'data-nama-governorate="erbil"' in page


@pytest.mark.parametrize("persona", ["outsider", "analyst", "operator", "sysadmin"])
def test_those_who_do_not_document_get_404(
    personas: Personas, verified_client: ClientFor, persona: str
) -> None:
    client = verified_client(personas.get(persona))
    assert client.get(URL).status_code == 404
    assert client.post(URL, entry_data()).status_code == 404
    assert client.get(f"{URL}row/victim/?index=1").status_code == 404
    assert not Event.objects.exists()
    assert not Person.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# ---------------------------------------------------------------------------
# Saving


def test_three_victims_and_two_act_types_through_the_shortcut_make_six_acts(
    personas: Personas, monitor: Client
) -> None:
    response = monitor.post(URL, entry_data())

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/monitoring/events/{event.pk}/"
    assert response["Location"] == reverse("monitoring:event", kwargs={"pk": event.pk})
    assert event.created_by == personas.monitor_baghdad
    assert event.verification == "draft"
    assert event.title == "اعتقال متظاهرين في ساحة التحرير"
    assert event.governorate.slug == "baghdad"
    assert str(event.start_date) == "2026-03-02"
    acts = Act.objects.filter(event=event).select_related("victim", "act_type")
    assert acts.count() == 6
    assert sorted((a.victim.name, a.act_type.code) for a in acts) == sorted(
        (name, code) for name in VICTIMS for code in ("0401", "0301")
    )
    # The age typed on the victim's row is the age at the time of each of their acts.
    assert {(a.victim.name, a.victim_age) for a in acts} == {
        (name, 20 + i) for i, name in enumerate(VICTIMS)
    }
    involvements = Involvement.objects.filter(act__event=event)
    assert involvements.count() == 6
    assert {i.perpetrator.name for i in involvements if i.perpetrator} == {"ضابط في مركز الشرطة"}
    assert {i.perpetrator_type.code for i in involvements if i.perpetrator_type} == {"0101"}
    info = Information.objects.get()
    assert info.event == event
    assert (info.source.name, info.summary) == ("شاهد عيان", "رأى الاعتقال")
    assert (info.connection.code, info.reliability.code) == ("02", "01")
    assert Person.objects.count() == 5
    assert set(Person.objects.values_list("governorate__slug", flat=True)) == {"baghdad"}
    documented = AuditEntry.objects.get(action="monitoring.event.documented")
    assert documented.data["acts"] == 6
    # The next page says it was saved.
    followed = monitor.get(reverse("monitoring:event_new"))
    assert event.reference in followed.content.decode()


def test_acts_entered_one_by_one_keep_their_details(monitor: Client, term: Any) -> None:
    data = entry_data(
        victims=("سارة", "علي"),
        shortcut=(),
        acts=(
            {
                "victim": "2",
                "act_type": "0301",
                "method": "04",
                "location_type": "05",
                "victim_status": "02",
                "date": "2026-03-05",
                "date_precision": "month",
            },
            {"victim": "1", "act_type": "0401", "date_precision": "exact"},
        ),
        perpetrators=({"perpetrator_type": "0101", "degree": "ordered"},),
        sources=(),
    )
    data["event-district"] = District.objects.filter(governorate__slug="baghdad")[0].slug
    data["event-rights_affected"] = ["01", "02"]
    data["victims-0-characteristics"] = ["01"]
    data["victims-1-is_group"] = "on"
    data["victims-1-group_size"] = "4"
    response = monitor.post(URL, data)

    assert response.status_code == 302, body(response)
    event = Event.objects.get()
    assert event.district is not None
    assert sorted(event.rights_affected.values_list("code", flat=True)) == ["01", "02"]
    torture = Act.objects.get(event=event, act_type__code="0301")
    assert torture.victim.name == "علي"
    assert torture.victim.is_group
    assert torture.victim.group_size == 4
    assert (torture.method.code, torture.location_type.code, torture.victim_status.code) == (
        "04",
        "05",
        "02",
    )
    assert (str(torture.date), torture.date_precision) == ("2026-03-01", "month")
    arrest = Act.objects.get(event=event, act_type__code="0401")
    assert arrest.victim.name == "سارة"
    assert list(arrest.victim.characteristics.values_list("code", flat=True)) == ["01"]
    involvements = Involvement.objects.filter(act__event=event)
    assert [(i.perpetrator, i.perpetrator_type.code, i.degree) for i in involvements] == [
        (None, "0101", "ordered"),
        (None, "0101", "ordered"),
    ]
    assert not Information.objects.exists()


def test_blank_and_removed_rows_are_left_out(monitor: Client) -> None:
    data = entry_data(victims=("سارة", "علي", ""), sources=({}, {}))
    data["victims-1-DELETE"] = "on"
    response = monitor.post(URL, data)

    assert response.status_code == 302, body(response)
    names = set(Act.objects.values_list("victim__name", flat=True))
    assert names == {"سارة"}
    assert Act.objects.count() == 2
    assert not Information.objects.exists()


def test_an_event_with_no_victim_yet_is_saved_as_a_draft(monitor: Client) -> None:
    response = monitor.post(
        URL, entry_data(victims=("",), shortcut=(), perpetrators=({},), sources=({},))
    )
    assert response.status_code == 302, body(response)
    assert Event.objects.count() == 1
    assert not Person.objects.exists()


# ---------------------------------------------------------------------------
# Refused saves keep everything typed


def test_a_refused_save_keeps_every_row_as_typed(monitor: Client) -> None:
    data = entry_data(
        title="",
        acts=({"victim": "3", "act_type": "0103", "method": "04", "date": "2026-03-04"},),
        sources=(
            {"name": "شاهد عيان", "phone": "07701234567", "summary": "رأى الاعتقال"},
            {"name": "مصدر ثانٍ", "connection": "02", "summary": "سمع إطلاق النار"},
        ),
    )
    data["victims-1-occupation"] = "صحفية"
    data["victims-2-characteristics"] = ["03"]
    response = monitor.post(ARABIC_URL, data)

    assert response.status_code == 400
    assert not Event.objects.exists()
    assert not Person.objects.exists()
    page = body(response)
    assert "هذا الحقل مطلوب" in page  # the missing title, in Arabic
    assert 'id="id_event-title_error"' in page
    for name in VICTIMS:
        assert f'value="{name}"' in page
    assert 'value="صحفية"' in page
    assert 'value="ضابط في مركز الشرطة"' in page
    assert 'value="07701234567"' in page
    assert "رأى الاعتقال" in page
    assert "سمع إطلاق النار" in page
    assert 'value="2026-03-04"' in page
    assert 'value="اعتقلت قوة أمنية ثلاثة متظاهرين' not in page  # a textarea, not an input
    assert "اعتقلت قوة أمنية ثلاثة متظاهرين" in page
    assert 'value="ساحة التحرير"' in page
    for prefix, total in (("victims", 3), ("acts", 1), ("perpetrators", 1), ("sources", 2)):
        assert f'name="{prefix}-TOTAL_FORMS" value="{total}"' in page
    checked = _checked_values(page)
    assert {"shortcut-act_types:0401", "shortcut-act_types:0301"} <= checked
    assert "victims-2-characteristics:03" in checked
    selected = _selected_values(page)
    assert {"acts-0-victim:3", "acts-0-act_type:0103", "acts-0-method:04"} <= selected
    assert {"perpetrators-0-perpetrator_type:0101", "sources-1-connection:02"} <= selected


def _checked_values(page: str) -> set[str]:
    """``name:value`` of every ticked checkbox in the page."""
    import re

    found = set()
    for tag in re.findall(r"<input[^>]*>", page):
        if " checked" in tag:
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name and value:
                found.add(f"{name.group(1)}:{value.group(1)}")
    return found


def _selected_values(page: str) -> set[str]:
    """``name:value`` of every selected option of every ``<select>`` in the page."""
    import re

    found = set()
    for name, inner in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        for value in re.findall(r'<option value="([^"]*)"[^>]*\sselected', inner):
            found.add(f"{name}:{value}")
    return found


def test_an_act_for_a_missing_victim_is_refused_next_to_its_field(monitor: Client) -> None:
    data = entry_data(
        victims=("سارة", ""),
        shortcut=(),
        acts=({"victim": "2", "act_type": "0401"}, {"victim": "5", "act_type": "0301"}),
    )
    response = monitor.post(URL, data)

    assert response.status_code == 400
    assert not Event.objects.exists()
    page = body(response)
    assert 'id="id_acts-0-victim_error"' in page
    assert "Victim 2 is not filled in above (or is removed)." in page
    assert 'id="id_acts-1-victim_error"' in page
    assert "There is no victim with this number above." in page
    # Victim 1 has no act now: said on their row.
    assert "Say what this victim suffered" in page


def test_two_rows_with_the_same_act_for_one_victim_are_refused(monitor: Client) -> None:
    data = entry_data(
        victims=("سارة",),
        shortcut=(),
        acts=({"victim": "1", "act_type": "0401"}, {"victim": "1", "act_type": "0401"}),
    )
    response = monitor.post(URL, data)
    assert response.status_code == 400
    assert "This victim already has this type of act in act 1." in body(response)


def test_a_perpetrator_needs_a_name_or_a_type(monitor: Client) -> None:
    response = monitor.post(URL, entry_data(perpetrators=({"degree": "ordered"},)))
    # Only the degree changed from its default: the row counts as filled in.
    assert response.status_code == 400
    assert "Name the perpetrator or choose the type of perpetrator." in body(response)
    assert not Event.objects.exists()


def test_perpetrators_without_victims_are_refused(monitor: Client) -> None:
    response = monitor.post(URL, entry_data(victims=("",), shortcut=()))
    assert response.status_code == 400
    assert "add the victims and their acts first" in body(response)


def test_the_shortcut_without_victims_is_refused(monitor: Client) -> None:
    response = monitor.post(URL, entry_data(victims=("",), perpetrators=()))
    assert response.status_code == 400
    assert 'id="id_shortcut-act_types_error"' in body(response)


def test_a_name_with_markup_is_escaped_when_the_page_comes_back(monitor: Client) -> None:
    attack = "<script>alert(1)</script>"
    data = entry_data(title="", victims=(attack, "علي"), acts=({"act_type": "0401"},))
    data["perpetrators-0-name"] = attack
    response = monitor.post(URL, data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # Also in the acts' victim lists, which show the victims' names.
    assert "Victim 1 — &lt;script&gt;" in page


def test_a_baghdad_monitor_cannot_document_an_event_in_erbil(monitor: Client) -> None:
    response = monitor.post(URL, entry_data(governorate="erbil"))
    assert response.status_code == 400
    page = body(response)
    assert 'id="id_event-governorate_error"' in page
    assert "Choose one of the governorates you cover." in page
    assert not Event.objects.exists()
    assert not Person.objects.exists()


def test_a_district_of_another_governorate_is_refused(
    personas: Personas, verified_client: ClientFor
) -> None:
    erbil_district = District.objects.filter(governorate__slug="erbil")[0]
    data = entry_data(district=erbil_district.slug)
    response = verified_client(personas.director).post(URL, data)
    assert response.status_code == 400
    assert "This district is not in the governorate chosen." in body(response)


def test_an_end_before_the_start_is_refused(monitor: Client) -> None:
    response = monitor.post(URL, entry_data(end_date="2026-03-01"))
    assert response.status_code == 400
    assert "The end date is before the start date." in body(response)


def test_a_refusal_by_the_service_is_shown_and_keeps_every_row(
    monitor: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nama.monitoring import services

    def refuse(**kwargs: Any) -> None:
        raise services.MonitoringError("The service said no.", code="test")

    monkeypatch.setattr(services, "event_document", refuse)
    response = monitor.post(URL, entry_data())
    assert response.status_code == 400
    page = body(response)
    assert "The service said no." in page
    assert f'value="{VICTIMS[2]}"' in page
    assert not Event.objects.exists()


def test_tampered_row_counts_are_refused(monitor: Client) -> None:
    data = entry_data()
    del data["acts-TOTAL_FORMS"]
    response = monitor.post(URL, data)
    assert response.status_code == 400
    assert not Event.objects.exists()


# ---------------------------------------------------------------------------
# Adding rows


def test_the_row_endpoint_answers_one_blank_row_with_its_prefix_and_index(
    monitor: Client,
) -> None:
    response = monitor.get(f"{URL}row/victim/?index=3")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = body(response)
    assert 'name="victims-3-name"' in page
    assert 'name="victims-3-DELETE"' in page
    assert "victims-2-" not in page
    assert 'data-nama-row-number="4"' in page
    assert "Victim 4" in page
    # The formset's count goes up with it (swapped in out of band).
    assert 'name="victims-TOTAL_FORMS" value="4" id="id_victims-TOTAL_FORMS" hx-swap-oob' in page
    assert "<html" not in page


@pytest.mark.parametrize(
    ("kind", "prefix", "field"),
    [
        ("act", "acts", "act_type"),
        ("perpetrator", "perpetrators", "perpetrator_type"),
        ("source", "sources", "summary"),
    ],
)
def test_every_kind_of_row_can_be_added(
    monitor: Client, kind: str, prefix: str, field: str
) -> None:
    # What the page's buttons send: the formset's current count.
    response = monitor.get(f"{URL}row/{kind}/", {f"{prefix}-TOTAL_FORMS": "2"})
    assert response.status_code == 200
    page = body(response)
    assert f'name="{prefix}-2-{field}"' in page
    assert f'value="3" id="id_{prefix}-TOTAL_FORMS"' in page


def test_a_new_act_row_offers_every_victim_row(monitor: Client) -> None:
    response = monitor.get(f"{URL}row/act/", {"acts-TOTAL_FORMS": "1", "victims-TOTAL_FORMS": "3"})
    page = body(response)
    assert _selected_values(page) >= {"acts-1-victim:1"}
    for number in (1, 2, 3):
        assert f'<option value="{number}"' in page
    assert '<option value="4"' not in page


@pytest.mark.parametrize("query", ["", "?index=abc", "?index=100", "?index=-1"])
def test_the_row_endpoint_refuses_a_bad_index(monitor: Client, query: str) -> None:
    assert monitor.get(f"{URL}row/victim/{query}").status_code == 400


def test_the_row_endpoint_knows_only_four_kinds(monitor: Client) -> None:
    assert monitor.get(f"{URL}row/event/?index=1").status_code == 404


def test_without_javascript_add_reposts_the_page_with_one_more_row(monitor: Client) -> None:
    data = entry_data(title="", victims=("سارة",))
    data["add"] = "victims"
    response = monitor.post(URL, data)

    assert response.status_code == 200
    assert not Event.objects.exists()
    page = body(response)
    assert 'name="victims-TOTAL_FORMS" value="2"' in page
    assert 'name="victims-1-name"' in page
    assert 'value="سارة"' in page
    assert 'value="ضابط في مركز الشرطة"' in page
    # Nothing was refused: no error yet for the title left empty.
    assert "invalid-feedback" not in page
    assert 'aria-invalid="true"' not in page
    assert "Nothing was saved" not in page


def test_rows_do_not_cost_queries_per_row(
    monitor: Client, django_assert_max_num_queries: Any
) -> None:
    small = entry_data(victims=("سارة",))
    small["add"] = "acts"
    monitor.post(URL, small)  # warm the session and caches
    with django_assert_max_num_queries(20):
        monitor.post(URL, small)
    many = entry_data(victims=tuple(f"ضحية {i}" for i in range(12)))
    many["add"] = "acts"
    with django_assert_max_num_queries(20):
        response = monitor.post(URL, many)
    assert 'name="acts-TOTAL_FORMS" value="1"' in response.content.decode()


# ---------------------------------------------------------------------------
# Vocabulary pickers


def test_terms_are_grouped_under_their_broad_term_with_folded_labels(monitor: Client) -> None:
    page = monitor.get(ARABIC_URL).content.decode()
    execution = Term.objects.of("act_type").get(code="0102")
    killings = Term.objects.of("act_type").get(code="01")
    assert f'<optgroup label="{killings.name_ar}">' in page
    folded = normalize(f"{execution.name_ar} {killings.name_ar}")
    assert "اعدام" in folded  # typed without hamza, it still matches
    assert f'<option value="0102" data-nama-norm="{folded}">' in page
    # Several terms: checkboxes with a filter box (shown by the page's script).
    assert 'name="event-rights_affected"' in page
    assert 'data-nama-filter="id_event-rights_affected"' in page


def test_retired_terms_are_not_offered(monitor: Client) -> None:
    from django.utils import timezone

    Term.objects.of("act_type").filter(code="0105").update(retired_at=timezone.now())
    retired = Term.objects.of("act_type").get(code="0105")
    page = monitor.get(URL).content.decode()
    assert f">{retired.name_ar}<" not in page
    response = monitor.post(URL, entry_data(shortcut=("0105",)))
    assert response.status_code == 400
