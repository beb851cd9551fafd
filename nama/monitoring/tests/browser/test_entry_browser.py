"""The event entry page in a real browser, in Arabic: a monitor documents an event
with two victims (the second added with the keyboard), acts for every victim
picked through the filter box typed without hamza, one more act for one
victim, and two perpetrators; a first save without a title is refused with
every row kept; the second save lands on the event's page. Checked at 360 px
(no sideways scrolling) and 1280 px, with axe-core."""

# Arabic letters and digits look like Latin ones to ruff; here they are the point.
# ruff: noqa: RUF001

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from nama.core.reference_data import load_reference_data
from nama.monitoring.models import Act, Event, Involvement, Person
from nama.testing.browser import (
    DESKTOP_WIDTH,
    PHONE_WIDTH,
    assert_no_axe_violations,
    has_horizontal_overflow,
    save_screenshots,
    use_staff_session,
    watch_page,
)

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

    from nama.testing.personas import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST, SECOND = "أحمد كريم الجبوري", "زينب علي حسين"


def _focused(page: Page) -> str:
    return str(page.evaluate("document.activeElement.id"))


def _visible_values(page: Page, select_id: str) -> list[str]:
    return list(
        page.evaluate(
            "(id) => Array.from(document.getElementById(id).querySelectorAll('option'))"
            ".filter((o) => !o.hidden && o.value).map((o) => o.value)",
            select_id,
        )
    )


def test_a_monitor_documents_an_event_with_the_keyboard_in_arabic(
    page: Page, live_server: LiveServer, screenshot_dir: Path, personas: Personas
) -> None:
    load_reference_data()
    monitor = personas.monitor_baghdad
    # The first save is refused on purpose (400).
    problems = watch_page(page, allowed_statuses=(400,))
    use_staff_session(page, live_server.url, monitor)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    url = f"{live_server.url}/ar/monitoring/events/new/"
    page.goto(url)
    assert page.evaluate("document.dir") == "rtl"
    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)

    # The monitor covers Baghdad only: chosen already, with its districts only.
    assert page.locator("#id_event-governorate").input_value() == "baghdad"
    page.locator("#id_event-description").fill("اعتقلت قوة أمنية متظاهرين قرب ساحة التحرير")
    page.locator("#id_event-place").fill("ساحة التحرير")
    page.locator("#id_event-start_date").fill("2026-03-02")

    # Victim 1, then "add a victim" with the keyboard: the new row takes the focus.
    page.locator("#id_victims-0-name").fill(FIRST)
    page.locator("#id_victims-0-age").fill("24")
    add_victim = page.locator("button[name=add][value=victims]")
    add_victim.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_victims-1-name")).to_be_focused()
    assert page.locator("#id_victims-TOTAL_FORMS").input_value() == "2"
    page.keyboard.type(SECOND)
    page.locator("#id_victims-1-age").fill("19")

    # Acts for every victim, found by typing without hamza: "اصابة" for "إصابة".
    shortcut_filter = page.locator("#id_shortcut-act_types_filter")
    assert shortcut_filter.is_visible()
    shortcut_filter.fill("اصابة نتيجة")
    injury = page.locator("#id_shortcut-act_types input[value='0201']")
    arrest = page.locator("#id_shortcut-act_types input[value='0401']")
    assert injury.is_visible()
    assert not arrest.is_visible()
    shortcut_filter.press("Enter")
    assert page.evaluate("document.activeElement.value") == "0201"
    page.keyboard.press("Space")
    assert injury.is_checked()
    shortcut_filter.fill("اعتقال")
    shortcut_filter.press("Enter")
    page.keyboard.press("Space")
    assert arrest.is_checked()
    shortcut_filter.fill("شيء لا يوجد")
    assert page.locator("#id_shortcut-act_types_filter ~ [data-nama-filter-none]").is_visible()
    shortcut_filter.press("Escape")
    assert injury.is_visible()
    assert arrest.is_visible()
    # What is ticked is listed under the box, even when scrolled out of sight.
    chosen = page.locator("[data-nama-chosen='id_shortcut-act_types']").inner_text()
    assert "الاعتقال التعسفي" in chosen
    assert "إصابة نتيجة الاستخدام المفرط للقوة" in chosen

    # One more act for the second victim only, by name in the act's victim list.
    victim_choice = page.locator("#id_acts-0-victim")
    assert SECOND in victim_choice.locator("option[value='2']").inner_text()
    victim_choice.select_option("2")
    act_filter = page.locator("#id_acts-0-act_type_filter")
    act_filter.fill("اعدام")
    assert _visible_values(page, "id_acts-0-act_type") == ["0102", "0105"]
    act_filter.press("Enter")
    assert page.locator("#id_acts-0-act_type").input_value() == "0102"
    assert _focused(page) == "id_acts-0-act_type"

    # A new act row offers both victims, by name; left blank, it is not saved.
    page.locator("button[name=add][value=acts]").click()
    expect(page.locator("#id_acts-1-victim")).to_be_focused()
    offered = page.locator("#id_acts-1-victim option").all_inner_texts()
    assert offered == page.locator("#id_acts-0-victim option").all_inner_texts()
    assert len(offered) == 2
    assert SECOND in page.locator("#id_acts-1-victim option[value='2']").inner_text()

    # Perpetrator 1 by type only; perpetrator 2, added with the button, by name.
    page.locator("#id_perpetrators-0-perpetrator_type_filter").fill("الشرطة")
    page.locator("#id_perpetrators-0-perpetrator_type_filter").press("Enter")
    police = page.locator("#id_perpetrators-0-perpetrator_type").input_value()
    assert police
    page.locator("button[name=add][value=perpetrators]").click()
    # The new row takes the focus (its first field: the type's filter box).
    expect(page.locator("#id_perpetrators-1-perpetrator_type_filter")).to_be_focused()
    page.locator("#id_perpetrators-1-name").fill("آمر القوة")
    page.locator("#id_perpetrators-1-degree").select_option("ordered")

    page.locator("#id_sources-0-name").fill("شاهد عيان")
    page.locator("#id_sources-0-summary").fill("رأى الاعتقال من نافذة المحل")

    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, "monitoring-entry-filled-ar")

    # Saved without a title: refused, nothing lost, the cursor on the title.
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    page.locator("#id_sources-0-name").press("Control+Enter")
    page.wait_for_load_state()
    page.locator("#entry-errors").wait_for()
    assert not Event.objects.exists()
    expect(page.locator("#id_event-title")).to_be_focused()
    assert page.locator("#id_event-title_error").is_visible()
    assert page.locator("#id_victims-1-name").input_value() == SECOND
    assert page.locator("#id_perpetrators-1-name").input_value() == "آمر القوة"
    assert page.locator("#id_acts-0-act_type").input_value() == "0102"
    assert page.locator("#id_acts-0-victim").input_value() == "2"
    assert injury.is_checked()
    assert arrest.is_checked()
    assert page.locator("#id_sources-0-summary").input_value() == "رأى الاعتقال من نافذة المحل"
    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, "monitoring-entry-refused-ar", widths=(PHONE_WIDTH,))

    page.keyboard.type("اعتقال متظاهرين في ساحة التحرير")
    page.locator("#id_event-title").press("Enter")  # never saves by accident
    assert page.url == url
    page.locator("[data-nama-save]").last.click()
    page.wait_for_url(f"{live_server.url}/ar/monitoring/events/*/")

    event = Event.objects.get()
    assert event.created_by == monitor
    assert event.title == "اعتقال متظاهرين في ساحة التحرير"
    acts = sorted(
        (act.victim.name, act.act_type.code, act.victim_age)
        for act in Act.objects.filter(event=event).select_related("victim", "act_type")
    )
    assert acts == [
        (FIRST, "0201", 24),
        (FIRST, "0401", 24),
        (SECOND, "0102", 19),
        (SECOND, "0201", 19),
        (SECOND, "0401", 19),
    ]
    involvements = Involvement.objects.filter(act__event=event)
    assert involvements.count() == 10
    assert involvements.filter(perpetrator_type__isnull=False).count() == 5
    named = involvements.filter(perpetrator__isnull=False).select_related("perpetrator")
    assert [(getattr(i.perpetrator, "name", ""), i.degree) for i in named] == [
        ("آمر القوة", "ordered")
    ] * 5
    assert Person.objects.count() == 4
    assert event.information.get().source.name == "شاهد عيان"
    assert event.reference in page.content()
    # The console reports the refused save's 400 too: expected, nothing else is.
    problems.console_errors = [e for e in problems.console_errors if "status of 400" not in e]
    problems.assert_none()


def test_the_blank_page_fits_a_desktop_screen(
    page: Page, live_server: LiveServer, screenshot_dir: Path, personas: Personas
) -> None:
    load_reference_data()
    problems = watch_page(page)
    use_staff_session(page, live_server.url, personas.director)
    page.set_viewport_size({"width": DESKTOP_WIDTH, "height": 900})
    page.goto(f"{live_server.url}/ar/monitoring/events/new/")
    # The director covers every governorate: the districts follow the one chosen.
    page.locator("#id_event-governorate").select_option("erbil")
    assert set(
        page.evaluate(
            "() => Array.from(document.querySelectorAll('#id_event-district option'))"
            ".filter((o) => !o.hidden && o.value)"
            ".map((o) => o.dataset.namaGovernorate)"
        )
    ) == {"erbil"}
    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, "monitoring-entry-blank-ar", widths=(DESKTOP_WIDTH,))
    problems.assert_none()


# Spellings a monitor types, and a term each must find: the filter box folds them
# in the browser exactly as nama.core.text.normalize does on the server.
SPELLINGS = [
    ("id_acts-0-act_type", "التَّعْذِيب", "0301"),  # tashkeel
    ("id_acts-0-act_type", "التعـــذيب", "0301"),  # tatweel
    ("id_acts-0-act_type", "\u200fالتعذيب", "0301"),  # a bidi mark pasted from a phone
    ("id_acts-0-act_type", "الاختفاء القسری", "0403"),  # Persian yeh
    ("id_acts-0-act_type", "الوفاه اثناء", "0103"),  # heh for teh marbuta, no hamza
    ("id_acts-0-act_type", "ضد المراه", "1102"),
    ("id_acts-0-act_type", "قتل اعدام", "0102"),  # every word, in any order
    ("id_event-rights_affected", "المادة ٧", "02"),  # Arabic-Indic digits
]


def test_the_filter_folds_arabic_like_the_server(
    page: Page, live_server: LiveServer, personas: Personas
) -> None:
    from nama.core.text import normalize

    load_reference_data()
    problems = watch_page(page)
    use_staff_session(page, live_server.url, personas.monitor_baghdad)
    page.goto(f"{live_server.url}/ar/monitoring/events/new/")
    for target, typed, code in SPELLINGS:
        item = (
            f"#{target} option[value='{code}']"
            if target.endswith("act_type")
            else f"#{target} input[value='{code}']"
        )
        folded = page.locator(item).get_attribute("data-nama-norm") or ""
        assert all(word in folded for word in normalize(typed).split()), (typed, folded)
        page.locator(f"#{target}_filter").fill(typed)
        shown = page.evaluate(
            "(selector) => { const node = document.querySelector(selector);"
            " const box = node.closest('.form-check') || node; return !box.hidden; }",
            item,
        )
        assert shown, typed
        page.locator(f"#{target}_filter").fill("")
    problems.assert_none()


def test_without_javascript_rows_are_added_by_reposting_the_page(
    browser: Browser, live_server: LiveServer, personas: Personas
) -> None:
    load_reference_data()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    problems = watch_page(page)
    use_staff_session(page, live_server.url, personas.monitor_baghdad)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    page.goto(f"{live_server.url}/ar/monitoring/events/new/")
    # No filter boxes without the script: the plain lists work alone.
    assert not page.locator("#id_acts-0-act_type_filter").is_visible()
    page.locator("#id_victims-0-name").fill(FIRST)
    page.locator("button[name=add][value=victims]").click()
    page.wait_for_url("**/events/new/#victims-section")
    assert page.locator("#id_victims-0-name").input_value() == FIRST
    page.locator("#id_victims-1-name").fill(SECOND)
    page.locator("#id_event-title").fill("اعتقال متظاهرين")
    page.locator("#id_acts-0-act_type").select_option("0401")
    page.locator("button[name=add][value=acts]").click()
    page.wait_for_url("**/events/new/#acts-section")
    page.locator("#id_acts-1-victim").select_option("2")
    page.locator("#id_acts-1-act_type").select_option("0301")
    assert not has_horizontal_overflow(page)
    page.locator("[data-nama-save]").last.click()
    page.wait_for_url(f"{live_server.url}/ar/monitoring/events/*/")
    acts = sorted(Act.objects.values_list("victim__pk", "act_type__code"))
    assert [code for _pk, code in acts] == ["0401", "0301"]
    assert len({pk for pk, _code in acts}) == 2
    problems.assert_none()
    context.close()
