"""An analyst reads the dashboard, sets up a quarterly report and builds it; the director
publishes it and the public reads it: in Arabic, on a phone. Checks are on structure,
addresses and the database; the screenshots are looked at by a person."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache

from nama.reports import sample_data
from nama.reports.models import BuildStatus, Report
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

TITLE = "حالة حقوق الإنسان في العراق: الربع الثالث"


def _check(page: Page, screenshot_dir: Path, name: str) -> None:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    assert page.evaluate("document.dir") == "rtl"
    assert not has_horizontal_overflow(page), name
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, name)


def test_a_report_from_the_dashboard_to_the_public_site_in_arabic(
    page: Page,
    live_server: LiveServer,
    screenshot_dir: Path,
    personas: Personas,
    reference: None,
) -> None:
    cache.clear()
    sample_data.generate_monitoring(
        acts=400,
        start=date(2026, 1, 1),
        end=date(2026, 9, 30),
        created_by=personas.monitor_baghdad,
        verified_by=personas.director,
    )
    base = live_server.url
    problems = watch_page(page)
    use_staff_session(page, base, personas.analyst)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})

    page.goto(f"{base}/ar/reports/manage/?start=2026-01-01&end=2026-09-30")
    assert page.locator("svg path").count() >= 18
    _check(page, screenshot_dir, "reports-dashboard-ar")

    page.goto(f"{base}/ar/reports/manage/reports/new/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_period_kind").select_option("quarter")
    page.locator("#id_period_start").fill("2026-08-15")
    page.locator("#id_context").fill("استمرت الاحتجاجات في المحافظات الجنوبية.")
    _check(page, screenshot_dir, "reports-new-ar")
    page.locator("#report-form button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/reports/manage/reports/*/")
    report = Report.objects.get()
    assert (report.period_start, report.period_end) == (date(2026, 7, 1), date(2026, 9, 30))

    page.locator(f'form[action$="/reports/{report.pk}/builds/"] button').click()
    page.wait_for_url(f"{base}/ar/reports/manage/reports/{report.pk}/")
    build = report.builds.get()
    assert build.status == BuildStatus.DONE  # the task ran on commit
    assert page.locator(f'a[href$="/builds/{build.number}/pdf/"]').count() == 1
    _check(page, screenshot_dir, "reports-detail-built-ar")

    use_staff_session(page, base, personas.director)
    page.goto(f"{base}/ar/reports/manage/reports/{report.pk}/")
    page.locator(f'form[action$="/builds/{build.number}/approve/"] button').click()
    page.wait_for_url(f"{base}/ar/reports/manage/reports/{report.pk}/")
    build.refresh_from_db()
    assert build.is_published

    page.context.clear_cookies()
    page.goto(f"{base}/ar/reports/")
    page.locator(f'a[href="/ar/reports/{build.pk}/"]').click()
    page.wait_for_url(f"{base}/ar/reports/{build.pk}/")
    assert TITLE in page.locator("h1").inner_text()
    _check(page, screenshot_dir, "reports-public-ar")
    with page.expect_download() as download:
        page.locator(f'a[href="/ar/reports/{build.pk}/pdf/"]').click()
    assert download.value.suggested_filename.endswith(".pdf")
    problems.assert_none()
