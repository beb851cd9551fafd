"""The editor adds a resource with a Word file, in Arabic on a phone, and sees on the
edit page that its text was read; the list shows it. New strings are not translated
yet, so the checks are on structure, addresses and the database, not on Arabic text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache

from nama.core.reference_data import load_reference_data
from nama.library.models import ExtractionStatus, Resource, Visibility
from nama.library.tests.test_views import DOCX, docx_bytes
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

TITLE = "دليل الحق في محاكمة عادلة"
FILE_TEXT = "لكل شخص الحق في أن تنظر قضيته محكمة مستقلة ونزيهة"


def _check(page: Page, screenshot_dir: Path, name: str) -> None:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    assert page.evaluate("document.dir") == "rtl"
    assert not has_horizontal_overflow(page), name
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, name)


def test_the_editor_adds_a_resource_with_a_file_and_sees_its_text_extracted_in_arabic(
    page: Page, live_server: LiveServer, screenshot_dir: Path, personas: Personas
) -> None:
    cache.clear()
    load_reference_data()
    base = live_server.url
    problems = watch_page(page)
    use_staff_session(page, base, personas.editor)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})

    page.goto(f"{base}/ar/library/manage/")
    _check(page, screenshot_dir, "library-manage-empty-ar")
    page.locator('a[href="/ar/library/manage/new/"]').first.click()
    page.wait_for_url(f"{base}/ar/library/manage/new/")
    _check(page, screenshot_dir, "library-resource-new-ar")

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("دليل تدريبي للمحامين والمدافعين")
    page.locator("#id_visibility").select_option(Visibility.PUBLIC)
    page.locator("input[name=topics]").first.check()
    page.locator("#id_file").set_input_files(
        {"name": "دليل.docx", "mimeType": DOCX, "buffer": docx_bytes(FILE_TEXT, "Fair trial")}
    )
    page.locator("#resource button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/library/manage/*/")

    resource = Resource.objects.get()
    assert page.url == f"{base}/ar/library/manage/{resource.pk}/"
    assert resource.title == TITLE
    assert resource.extraction_status == ExtractionStatus.DONE  # the task ran on commit
    assert FILE_TEXT in resource.extracted_text
    assert resource.topics.count() == 1
    extraction = page.locator("#extraction")
    assert str(len(resource.extracted_text)) in extraction.inner_text()
    assert extraction.get_attribute("hx-trigger") is None  # done: no polling
    assert page.locator('a[href$="/download/"]').inner_text() == "دليل.docx"
    assert page.locator("#id_title").input_value() == TITLE
    _check(page, screenshot_dir, "library-resource-edit-ar")

    # While a worker reads the text, the page shows the progress and htmx polls it;
    # when the worker is done, the next poll shows the result and the polling stops.
    Resource.objects.filter(pk=resource.pk).update(
        extraction_status=ExtractionStatus.RUNNING, extraction_progress=40
    )
    page.reload()
    assert page.locator("#extraction-progress").get_attribute("value") == "40"
    assert page.locator("#extraction").get_attribute("hx-trigger") == "every 2s"
    _check(page, screenshot_dir, "library-resource-extracting-ar")
    Resource.objects.filter(pk=resource.pk).update(
        extraction_status=ExtractionStatus.DONE, extraction_progress=100
    )
    page.locator("#extraction:not([hx-trigger])").wait_for(timeout=10_000)
    assert page.locator("#extraction-progress").count() == 0
    assert str(len(resource.extracted_text)) in page.locator("#extraction").inner_text()

    page.goto(f"{base}/ar/library/manage/")
    assert page.locator(f'a[href="/ar/library/manage/{resource.pk}/"]').inner_text() == TITLE
    _check(page, screenshot_dir, "library-manage-ar")
    page.goto(f"{base}/ar/library/manage/collections/")
    _check(page, screenshot_dir, "library-collections-ar")
    problems.assert_none()
