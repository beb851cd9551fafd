"""The training coordinator reviews the join applications on a phone, in Arabic,
accepts one, and finds the new member in the directory."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from nama.core.reference_data import load_reference_data
from nama.network.models import MemberStatus
from nama.network.tests.factories import member
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


def _check(page: Page, screenshot_dir: Path, name: str) -> None:
    assert page.evaluate("document.dir") == "rtl"
    assert not has_horizontal_overflow(page), name
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, name)


def test_the_coordinator_accepts_an_application_in_arabic(
    page: Page, live_server: LiveServer, screenshot_dir: Path, personas: Personas
) -> None:
    load_reference_data()
    applicant = member(
        name="دلنيا عمر الكردي",
        gov="erbil",
        status=MemberStatus.APPLIED,
        email="dilnia@example.org",
        organisation="شبكة نساء كردستان",
        skills="رصد وتوثيق",
        motivation="أعمل مع الناجيات",
    )
    member(name="حسين علي", gov="basra", status=MemberStatus.APPLIED, phone="07801112233")
    base = live_server.url
    problems = watch_page(page)
    use_staff_session(page, base, personas.training_coordinator)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})

    page.goto(f"{base}/ar/network/")
    _check(page, screenshot_dir, "network-home-ar")
    page.locator('a[href="/ar/network/applications/"]').first.click()
    page.wait_for_url(f"{base}/ar/network/applications/")
    _check(page, screenshot_dir, "network-applications-ar")

    page.locator(f'[data-accept="{applicant.pk}"]').click()
    page.wait_for_url(f"{base}/ar/network/applications/")
    assert page.locator(f'[data-application="{applicant.pk}"]').count() == 0
    _check(page, screenshot_dir, "network-application-accepted-ar")
    applicant.refresh_from_db()
    assert applicant.status == MemberStatus.ACCEPTED

    page.goto(f"{base}/ar/network/members/")
    assert "دلنيا عمر الكردي" in page.content()
    _check(page, screenshot_dir, "network-members-ar")
    page.goto(f"{base}/ar/network/members/{applicant.pk}/")
    assert page.locator("#member-contacts").count() == 1
    assert page.locator("#member-protection").count() == 1
    _check(page, screenshot_dir, "network-member-ar")
    problems.assert_none()
