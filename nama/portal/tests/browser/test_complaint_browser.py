"""The complaint form in Arabic on a 360 px phone: send with a photo, see the code once."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from PIL import Image

from conftest import SCREENSHOTS
from nama.core.evidence.models import EvidenceFile
from nama.core.reference_data import load_reference_data
from nama.intake.models import Request
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


def test_an_anonymous_complaint_with_a_photo_in_arabic_at_360(
    page: Page, live_server: LiveServer, settings: Any, tmp_path: Path
) -> None:
    settings.NAMA_POW_DIFFICULTY = 4
    settings.NAMA_POW_MIN_SECONDS = 0
    load_reference_data()
    photo = tmp_path / "photo.png"
    Image.new("RGB", (40, 30), (200, 30, 30)).save(photo)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    problems = watch_page(page)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    page.goto(f"{live_server.url}/ar/report/")
    assert page.evaluate("document.dir") == "rtl"
    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, SCREENSHOTS, "portal-complaint-ar", widths=(PHONE_WIDTH,))

    page.locator("#id_narrative").fill("اعتقل أخي من أمام البيت ولم نعرف مكانه")
    page.locator("#id_governorate").select_option("baghdad")
    page.locator("#id_attachments").set_input_files(str(photo))
    page.locator("[data-nama-pow-solution]").wait_for(state="attached")
    page.wait_for_function("() => document.querySelector('[data-nama-pow-solution]').value !== ''")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/report/done/")

    code = page.locator("#tracking-code")
    assert re.fullmatch(r"\d{4}(-\d{4}){6}", code.get_attribute("data-nama-code") or "")
    assert code.get_attribute("dir") == "ltr"
    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, SCREENSHOTS, "portal-complaint-done-ar", widths=(PHONE_WIDTH,))
    problems.assert_none()

    request = Request.objects.get()
    assert request.anonymous
    assert EvidenceFile.objects.count() == 1

    page.reload()
    assert page.locator("#tracking-code").count() == 0
