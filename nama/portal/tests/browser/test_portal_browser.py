"""The public shell in a real browser: direction, language switching, quick
exit, accessibility (axe-core) and screenshots at phone and desktop widths."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.utils.translation import gettext_lazy as _

from nama.portal import services
from nama.portal.services import PublicService
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

pytestmark = pytest.mark.browser


@pytest.fixture
def exit_url(settings, live_server: LiveServer) -> str:
    """Send the quick exit to a neutral page of the live server: no network."""
    settings.ROOT_URLCONF = "nama.portal.tests.browser.urls"
    settings.NAMA_QUICK_EXIT_URL = f"{live_server.url}/elsewhere/"
    return settings.NAMA_QUICK_EXIT_URL


def direction(page: Page) -> dict[str, str]:
    return page.evaluate(
        """() => ({
            dir: document.dir,
            lang: document.documentElement.lang,
            computed: getComputedStyle(document.body).direction,
        })"""
    )


@pytest.mark.parametrize(("language", "expected"), [("ar", "rtl"), ("ckb", "rtl"), ("en", "ltr")])
def test_home_has_the_direction_of_its_language(
    page: Page, live_server: LiveServer, language: str, expected: str
) -> None:
    page.goto(f"{live_server.url}/{language}/")
    assert direction(page) == {"dir": expected, "lang": language, "computed": expected}


def test_the_language_switcher_moves_between_rtl_and_ltr(
    page: Page, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}/ar/news/")
    switcher = page.locator("nav.nama-languages")

    switcher.get_by_role("link", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/news/")
    assert direction(page) == {"dir": "ltr", "lang": "en", "computed": "ltr"}

    page.get_by_role("link", name="کوردی").click()
    page.wait_for_url(f"{live_server.url}/ckb/news/")
    assert direction(page)["computed"] == "rtl"

    page.get_by_role("link", name="العربية").click()
    page.wait_for_url(f"{live_server.url}/ar/news/")
    assert direction(page) == {"dir": "rtl", "lang": "ar", "computed": "rtl"}


def test_quick_exit_replaces_the_page_and_its_history_entry(
    page: Page, live_server: LiveServer, exit_url: str
) -> None:
    home = f"{live_server.url}/ar/"
    page.goto(home)

    page.locator("a[data-quick-exit]").click()
    page.wait_for_url(exit_url)

    page.go_back()
    assert page.url != home
    assert "nama-quick-exit" not in page.content()


def test_quick_exit_blanks_the_page_before_the_next_one_arrives(
    page: Page, live_server: LiveServer, settings
) -> None:
    settings.ROOT_URLCONF = "nama.portal.tests.browser.urls"
    settings.NAMA_QUICK_EXIT_URL = f"{live_server.url}/no-content/"
    page.goto(f"{live_server.url}/ar/")
    assert page.title()

    with page.expect_response(settings.NAMA_QUICK_EXIT_URL):
        page.locator("a[data-quick-exit]").click()

    assert page.evaluate("() => document.body.childElementCount") == 0
    assert page.title() == ""


def test_pressing_escape_twice_leaves_the_site(
    page: Page, live_server: LiveServer, exit_url: str
) -> None:
    page.goto(f"{live_server.url}/en/news/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(exit_url)


def test_quick_exit_is_a_plain_link_without_javascript(
    browser, live_server: LiveServer, exit_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/ar/")
        link = page.locator("a[data-quick-exit]")
        assert link.get_attribute("rel") == "noreferrer"
        link.click()
        page.wait_for_url(exit_url)
    finally:
        context.close()


@pytest.mark.parametrize("language", ["ar", "en", "ckb"])
def test_home_loads_cleanly_passes_axe_and_is_screenshotted(
    page: Page, live_server: LiveServer, screenshot_dir: Path, language: str
) -> None:
    problems = watch_page(page)
    page.goto(f"{live_server.url}/{language}/")

    # The vendored CSS and the web font really arrive (served by the live server).
    page.evaluate("async () => { await document.fonts.ready; }")
    styles = page.evaluate(
        """() => ({
            exit: getComputedStyle(document.querySelector('a[data-quick-exit]')).backgroundColor,
            container: getComputedStyle(document.querySelector('main')).maxWidth,
            vazirmatn: document.fonts.check('16px Vazirmatn', 'ڕڵێۆە'),
        })"""
    )
    assert styles["exit"] == "rgb(164, 22, 26)"
    assert styles["container"] != "none"
    assert styles["vazirmatn"]

    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, f"portal-home-{language}")
    problems.assert_none()


def test_nothing_overflows_on_a_phone(page: Page, live_server: LiveServer) -> None:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    for url in ("/ar/", "/ckb/", "/en/", "/ar/news/"):
        page.goto(f"{live_server.url}{url}")
        assert not has_horizontal_overflow(page), url
        box = page.locator("a[data-quick-exit]").bounding_box()
        assert box is not None
        assert box["height"] >= 44, "the quick-exit button is a comfortable touch target"


def test_the_quick_exit_button_stays_on_screen_when_scrolling(
    page: Page, live_server: LiveServer
) -> None:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 640})
    page.goto(f"{live_server.url}/ar/")
    page.mouse.wheel(0, 2000)
    page.wait_for_function("() => window.scrollY > 0")
    box = page.locator("a[data-quick-exit]").bounding_box()
    assert box is not None
    assert 0 <= box["y"] < 100


def test_coming_soon_page_passes_axe(
    page: Page, live_server: LiveServer, screenshot_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every service is built; a pretend one shows the page a future service gets.
    planned = PublicService(slug="planned", title=_("Library"), summary=_("Library"))
    monkeypatch.setattr(services, "PUBLIC_SERVICES", (*services.PUBLIC_SERVICES, planned))
    problems = watch_page(page)
    page.goto(f"{live_server.url}/ar/soon/planned/")
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, "portal-coming-soon-ar", widths=(PHONE_WIDTH,))
    problems.assert_none()


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(
    page: Page, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}/ar/")
    page.keyboard.press("Tab")
    skip = page.locator(".nama-skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")
