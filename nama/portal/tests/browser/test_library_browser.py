"""The public library in Arabic on a 360 px phone: search, open the result, download its file."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import pytest

from nama.core.models import Term
from nama.core.reference_data import load_reference_data
from nama.library import files, services
from nama.library.models import ExtractionStatus
from nama.testing.browser import (
    PHONE_WIDTH,
    assert_no_axe_violations,
    has_horizontal_overflow,
    save_screenshots,
    watch_page,
)
from nama.testing.documents import docx_bytes

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from nama.testing.personas import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILE_NAME = "دليل المدافعين عن حقوق الإنسان.docx"


def _check(page: Page, screenshot_dir: Path, name: str) -> None:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    assert page.evaluate("document.dir") == "rtl"
    assert not has_horizontal_overflow(page), name
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, name)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})


def test_search_the_library_open_a_result_and_download_its_file_in_arabic(
    page: Page,
    live_server: LiveServer,
    screenshot_dir: Path,
    personas: Personas,
    django_capture_on_commit_callbacks: Any,
) -> None:
    load_reference_data()
    topic = Term.objects.of("library_topic").get(code="06")
    manual = services.collection_save(
        by=personas.editor,
        data={"title": "دليل الرصد والتوثيق", "slug": "monitoring-manual"},
    )
    data = docx_bytes("يشرح هذا الدليل كيف يحمي المدافعون أنفسهم عند توثيق الانتهاكات.")
    checked = files.check_upload(io.BytesIO(data), name=FILE_NAME, size=len(data))
    with django_capture_on_commit_callbacks(execute=True):
        resource = services.resource_create(
            by=personas.editor,
            data={
                "title": "أسئلة وأجوبة عن الاحتجاز التعسفي",
                "summary": "ما الذي يحق للمحتجز معرفته، ومتى يجب عرضه على قاضٍ.",
                "body": "\n\n".join(["الفقرة الأولى من النص.", "الفقرة الثانية من النص."]),
                "authors": "فريق المركز",
                "visibility": "public",
                "collection": manual,
                "position": 1,
            },
            topics=[topic],
            file=checked,
        )
    services.resource_create(
        by=personas.editor,
        data={"title": "خطة أمان داخلية للاحتجاز", "visibility": "internal", "collection": manual},
    )
    resource.refresh_from_db()
    assert resource.extraction_status == ExtractionStatus.DONE
    base = live_server.url

    problems = watch_page(page)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    page.goto(f"{base}/ar/library/")
    assert "خطة أمان داخلية" not in page.content()
    _check(page, screenshot_dir, "portal-library-ar")
    page.locator(".nama-library-filters summary").click()
    page.locator("#id_topic").select_option(str(topic.pk))
    page.locator(".nama-library-filters button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/library/?*topic={topic.pk}*")
    assert page.locator(".nama-library-filters").get_attribute("open") is not None
    assert page.locator(f'a[href="/ar/library/{resource.pk}/"]').count() == 1
    _check(page, screenshot_dir, "portal-library-filtered-ar")

    # Typed without the hamza: the title has "أسئلة".
    search = page.get_by_role("search").locator("input[name=q]")
    search.fill("اسئلة")
    search.press("Enter")
    page.wait_for_url(f"{base}/ar/library/?q=*")
    result = page.locator(f'.nama-library-item a[href="/ar/library/{resource.pk}/"]')
    assert result.count() == 1
    assert page.locator(".nama-library-item mark").count() >= 1
    _check(page, screenshot_dir, "portal-library-search-ar")

    result.click()
    page.wait_for_url(f"{base}/ar/library/{resource.pk}/")
    assert page.locator("h1").inner_text() == "أسئلة وأجوبة عن الاحتجاز التعسفي"
    assert page.locator("main img").count() == 0
    _check(page, screenshot_dir, "portal-library-resource-ar")

    with page.expect_download() as info:
        page.locator(f'a[href="/ar/library/{resource.pk}/download/"]').click()
    download = info.value
    assert download.suggested_filename == FILE_NAME
    assert Path(download.path()).read_bytes() == data

    page.goto(f"{base}/ar/library/collections/monitoring-manual/")
    assert "خطة أمان داخلية" not in page.content()
    _check(page, screenshot_dir, "portal-library-collection-ar")

    page.goto(f"{base}/ar/search/?{urlencode({'q': 'الاحتجاز'})}")
    assert page.locator(f'a[href="/ar/library/{resource.pk}/"]').count() == 1
    assert "خطة أمان داخلية" not in page.content()
    _check(page, screenshot_dir, "portal-search-ar")
    problems.assert_none()
