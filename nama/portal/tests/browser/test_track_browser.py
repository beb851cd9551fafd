"""Following a request in a real browser, in Arabic on a phone: the code typed in
Arabic-Indic digits, the status, writing to the centre and reading its reply."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache

from nama.core.reference_data import load_reference_data
from nama.intake import services
from nama.testing.browser import (
    PHONE_WIDTH,
    assert_no_axe_violations,
    has_horizontal_overflow,
    save_screenshots,
    watch_page,
)
from nama.testing.public import submit_anonymous_request

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from nama.testing.personas import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def test_a_complainant_follows_the_request_in_arabic_on_a_phone(
    page: Page, live_server: LiveServer, screenshot_dir: Path, personas: Personas
) -> None:
    cache.clear()
    load_reference_data()
    request, code = submit_anonymous_request()
    typed = " ".join(code.display().split("-")).translate(ARABIC_INDIC)

    problems = watch_page(page)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    page.goto(f"{live_server.url}/ar/track/")
    field = page.get_by_label("رمز المتابعة")
    field.fill(typed)
    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, "portal-track-ar", widths=(PHONE_WIDTH,))

    page.locator("form.nama-track__form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/track/request/")
    status = page.locator(".nama-track__status")
    assert status.is_visible()
    assert status.locator("p").inner_text().strip()
    for form in (code.display(), code.display(arabic_indic=True), code.secret):
        assert form not in page.content()

    page.locator("#track-body").fill("لدي صورة من يوم الاعتقال")
    page.locator(".nama-track__write button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/track/request/?sent=1")
    assert page.locator(".nama-thread").get_by_text("لدي صورة من يوم الاعتقال").is_visible()

    services.message_post_by_staff(
        by=personas.director, request=request, body="شكرًا، وصلتنا الصورة وسنتصل بك قريبًا."
    )
    page.goto(f"{live_server.url}/ar/track/request/")
    reply = page.locator(".nama-thread__message--centre")
    assert reply.get_by_text("شكرًا، وصلتنا الصورة").is_visible()

    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, "portal-track-request-ar", widths=(PHONE_WIDTH,))

    page.locator(".nama-track__leave button").click()
    page.wait_for_url(f"{live_server.url}/ar/track/?left=1")
    page.goto(f"{live_server.url}/ar/track/request/")
    page.wait_for_url(f"{live_server.url}/ar/track/?ended=1")
    problems.assert_none()


def test_the_tracking_pages_work_without_javascript(
    browser, live_server: LiveServer, personas: Personas
) -> None:
    cache.clear()
    load_reference_data()
    _request, code = submit_anonymous_request("اعتقل أخي")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/ar/track/")
        page.locator("#track-code").fill(code.display())
        page.locator("form.nama-track__form button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/ar/track/request/")
        page.locator("#track-body").fill("بدون جافاسكربت")
        page.locator(".nama-track__write button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/ar/track/request/?sent=1")
        assert page.locator(".nama-thread").get_by_text("بدون جافاسكربت").is_visible()
    finally:
        context.close()
