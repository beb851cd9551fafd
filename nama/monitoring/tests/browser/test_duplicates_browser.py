"""The review of possible duplicates in a real browser, in Arabic on a 360 px phone: a
monitor opens the queue, compares two records of one victim side by side, merges them
keeping the older, sees what moved, and undoes the merge. No sideways scrolling,
axe-core clean; the screenshots are looked at."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from nama.core.models import Governorate, Term
from nama.core.reference_data import load_reference_data
from nama.monitoring import duplicates, services
from nama.monitoring.models import DuplicateStatus, Person
from nama.testing.browser import (
    PHONE_WIDTH,
    assert_no_axe_violations,
    has_horizontal_overflow,
    save_screenshots,
    use_staff_session,
    watch_page,
)

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from nama.testing.personas import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _victim(by: object, name: str, **data: object) -> Person:
    person = services.person_create(
        by=by, governorate=Governorate.objects.get(slug="baghdad"), data={"name": name, **data}
    )
    duplicates.person_match_keys_sync(person)
    return person


def test_a_monitor_merges_two_records_of_one_victim_and_undoes_it(
    page: Page, live_server: LiveServer, screenshot_dir: Path, personas: Personas
) -> None:
    load_reference_data()
    monitor = personas.monitor_baghdad
    male = Term.objects.of("sex").get(code="02")
    first = _victim(
        monitor,
        "عبد الله حسين كاظم الساعدي",
        name_latin="Abdullah Hussein Kadhim Al-Saadi",
        birth_year=1985,
        sex=male,
    )
    second = _victim(monitor, "عبدالله حسين الساعدي", birth_year=1986, sex=male)
    arrest = Term.objects.of("act_type").get(code="0401")
    for victim, day in ((first, 3), (second, 9)):
        services.event_document(
            by=monitor,
            data={
                "title": "اعتقال متظاهرين قرب ساحة التحرير",
                "governorate": Governorate.objects.get(slug="baghdad"),
                "start_date": date(2026, 3, day),
            },
            victims=[services.PersonInput(person=victim)],
            acts=[services.ActInput(victim=0, act_type=arrest)],
        )
    [suggestion] = duplicates.person_check_duplicates(by=monitor, person=second)

    problems = watch_page(page, allowed_statuses=(400,))  # the refused merge below
    use_staff_session(page, live_server.url, monitor)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})

    page.goto(f"{live_server.url}/ar/monitoring/duplicates/")
    assert page.evaluate("document.dir") == "rtl"
    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, "monitoring-duplicates-ar", widths=(PHONE_WIDTH,))

    page.get_by_role("link", name=f"{first.pseudonym} · {second.pseudonym}").click()
    page.wait_for_url(f"{live_server.url}/ar/monitoring/duplicates/{suggestion.pk}/")
    assert page.get_by_text("عبد الله حسين كاظم الساعدي").is_visible()
    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, "monitoring-duplicate-ar", widths=(PHONE_WIDTH, 1280))
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})

    # Submitting without choosing is refused, and says why.
    page.locator("#merge button[type=submit]").click()
    assert page.locator("#merge .alert-danger, #merge .invalid-feedback").first.is_visible()
    page.locator("#id_merge-keep_0").check()
    page.locator("#merge button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/monitoring/duplicates/{suggestion.pk}/")
    second.refresh_from_db()
    assert second.merged_into_id == first.pk
    assert page.locator("#undo").is_visible()
    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, "monitoring-duplicate-merged-ar", widths=(PHONE_WIDTH,))

    page.locator("#undo button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/monitoring/duplicates/{suggestion.pk}/")
    second.refresh_from_db()
    suggestion.refresh_from_db()
    assert second.merged_into_id is None
    assert suggestion.status == DuplicateStatus.OPEN
    assert page.locator("#merge").is_visible()
    # Chromium also logs the refused merge's 400 on the console.
    problems.console_errors = [e for e in problems.console_errors if "status of 400" not in e]
    problems.assert_none()
