"""Anti-abuse fields in a real browser: pow.js solves the challenge under the
strict CSP, and without JavaScript the fallback path still sends the form."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.utils import translation

from nama.core.antiabuse import RATE_LIMITED_ERROR
from nama.testing.browser import PHONE_WIDTH, assert_no_axe_violations, save_screenshots, watch_page

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer


def arabic(message: str) -> str:
    """The page is in Arabic: compare with the Arabic catalogue, not the English msgid."""
    with translation.override("ar"):
        return translation.gettext(message)


pytestmark = pytest.mark.browser

SUMMARY = "اعتقال عند نقطة تفتيش"


@pytest.fixture
def form_url(settings, live_server: LiveServer) -> str:
    settings.ROOT_URLCONF = "nama.core.tests.browser_antiabuse.urls"
    # Not a whole number of bytes: pow.js must count bits like the server.
    settings.NAMA_POW_DIFFICULTY = 10
    # A test types at machine speed; the minimum fill time is unit-tested.
    settings.NAMA_POW_MIN_SECONDS = 0
    settings.NAMA_POW_FALLBACK_LIMIT = 1
    return f"{live_server.url}/ar/antiabuse-test/"


def test_the_script_solves_the_challenge_and_the_form_is_sent(
    page: Page, form_url: str, screenshot_dir: Path
) -> None:
    problems = watch_page(page)
    page.goto(form_url)
    block = page.locator("[data-nama-pow]")
    page.wait_for_selector("[data-nama-pow][data-nama-pow-state=solved]")

    solution = page.locator("input[name=pow_solution]").input_value()
    assert solution.isdigit()
    assert page.get_by_role("button").last.is_enabled()
    assert block.get_by_role("status").inner_text() == arabic("The form is ready to send.")
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, "core-antiabuse-ar", widths=(PHONE_WIDTH,))

    page.locator("input[name=summary]").fill(SUMMARY)
    page.locator("button[type=submit]").click()
    page.wait_for_selector("[data-test-result]")
    assert page.locator("[data-test-result]").inner_text() == "proof-of-work"
    # The page comes back with a fresh challenge, solved again.
    page.wait_for_selector("[data-nama-pow][data-nama-pow-state=solved]")
    problems.assert_none()


def test_the_honeypot_is_out_of_sight_and_out_of_the_tab_order(page: Page, form_url: str) -> None:
    page.goto(form_url)
    box = page.locator(".nama-hp").bounding_box()
    assert box is not None
    assert box["width"] <= 1
    assert box["height"] <= 1
    page.locator("input[name=summary]").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") != "website"


def test_without_javascript_the_fallback_sends_once_then_asks_to_wait(
    browser: Browser, form_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(form_url)
        assert page.locator("button[type=submit]").is_enabled()
        assert page.locator("input[name=pow_solution]").input_value() == ""

        page.locator("input[name=summary]").fill(SUMMARY)
        page.locator("button[type=submit]").click()
        page.wait_for_selector("[data-test-result]")
        assert page.locator("[data-test-result]").inner_text() == "fallback"

        # NAMA_POW_FALLBACK_LIMIT = 1: the second one from this connection waits.
        page.locator("input[name=summary]").fill(SUMMARY)
        page.locator("button[type=submit]").click()
        errors = page.locator("[data-test-errors]")
        errors.wait_for()
        with translation.override("ar"):
            assert str(RATE_LIMITED_ERROR) in errors.inner_text()
        assert page.locator("[data-test-result]").count() == 0
        assert page.locator("input[name=summary]").input_value() == SUMMARY
    finally:
        context.close()
