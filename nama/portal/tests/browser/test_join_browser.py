"""Join the defenders' network from a phone, in Arabic at 360 px: fill in the form,
let the proof of work finish, send, and read what happens next."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.core.cache import cache

from nama.core.reference_data import load_reference_data
from nama.network.models import Member, MemberStatus
from nama.testing.browser import (
    PHONE_WIDTH,
    assert_no_axe_violations,
    has_horizontal_overflow,
    save_screenshots,
    watch_page,
)

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "دلنيا عمر الكردي"
EMAIL = "dilnia@example.org"


def _check(page: Page, screenshot_dir: Path, name: str) -> None:
    assert page.evaluate("document.dir") == "rtl"
    assert not has_horizontal_overflow(page), name
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, name, widths=(PHONE_WIDTH,))


def test_join_the_network_from_a_phone_in_arabic(
    page: Page, live_server: LiveServer, settings: Any, screenshot_dir: Path
) -> None:
    settings.NAMA_POW_DIFFICULTY = 4
    settings.NAMA_POW_MIN_SECONDS = 0
    load_reference_data()
    cache.clear()
    refused = watch_page(page, allowed_statuses=(400,))
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})

    page.goto(f"{live_server.url}/ar/join/")
    _check(page, screenshot_dir, "portal-join-ar")

    # First without consent: refused, nothing lost.
    page.locator("#id_kind_1").check()  # woman human-rights defender
    page.locator("#id_name").fill(NAME)
    page.locator("#id_governorate").select_option("erbil")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_organisation").fill("شبكة نساء كردستان")
    page.locator("#id_areas_of_work_0").check()
    page.locator("#id_languages_0").check()
    page.locator("#id_languages_1").check()
    page.locator("#id_skills").fill("رصد وتوثيق، مقابلة الناجيات")
    page.locator("#id_motivation").fill("أعمل مع الناجيات من العنف منذ خمس سنوات")
    page.wait_for_function("() => document.querySelector('[data-nama-pow-solution]').value !== ''")
    page.locator("button[type=submit]").click()
    page.wait_for_selector("#join-errors")
    assert page.locator("#id_name").input_value() == NAME
    assert page.locator("#id_email").input_value() == EMAIL
    assert page.locator("#id_languages_1").is_checked()
    assert not Member.objects.exists()
    page.locator("#id_consent").scroll_into_view_if_needed()
    _check(page, screenshot_dir, "portal-join-consent-missing-ar")

    # The refusal answered 400 on purpose; nothing else went wrong.
    assert not refused.page_errors
    assert not refused.failed_responses
    assert all("400" in line for line in refused.console_errors)
    problems = watch_page(page)
    page.locator("#id_consent").check()
    page.wait_for_function("() => document.querySelector('[data-nama-pow-solution]').value !== ''")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/join/done/")
    _check(page, screenshot_dir, "portal-join-done-ar")
    html = page.content()
    assert NAME not in html
    assert EMAIL not in html
    problems.assert_none()

    found = Member.objects.get()
    assert found.status == MemberStatus.APPLIED
    assert found.name == NAME
    assert found.governorate.slug == "erbil"
    assert found.languages == ["ar", "ckb"]
    assert found.consent_at is not None
