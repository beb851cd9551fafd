"""A trainer, in Arabic on a phone, records the attendance of each day (each tick
saved at once), marks the session held and issues certificates; the public
check of an issued certificate says it is genuine. New strings are not
translated yet, so the checks are on structure, addresses and the database."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache

from nama.network import certificate_codes
from nama.network.models import Attendance, Certificate, SessionStatus
from nama.network.tests import test_training_factories as make
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
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    assert page.evaluate("document.dir") == "rtl"
    assert not has_horizontal_overflow(page), name
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, name)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})


def test_a_trainer_records_attendance_and_issues_certificates_in_arabic_on_a_phone(
    page: Page, live_server: LiveServer, screenshot_dir: Path, personas: Personas
) -> None:
    cache.clear()
    base = live_server.url
    training = make.session(personas.training_coordinator, trainers=[personas.trainer])
    sara = make.participant(personas.trainer, training, "سارة أحمد", name_latin="Sara Ahmed")
    ali = make.participant(personas.trainer, training, "علي حسن", name_latin="Ali Hassan")
    huda = make.participant(personas.trainer, training, "هدى كريم")
    days = list(training.days.order_by("date"))
    problems = watch_page(page)
    use_staff_session(page, base, personas.trainer)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})

    page.goto(f"{base}/ar/network/trainings/")
    _check(page, screenshot_dir, "network-trainings-ar")
    page.locator(f'a[href="/ar/network/trainings/sessions/{training.pk}/"]').first.click()
    page.wait_for_url(f"{base}/ar/network/trainings/sessions/{training.pk}/")
    _check(page, screenshot_dir, "network-training-session-ar")

    # Day by day: Sara every day, Ali on the first two, Huda on the first only.
    present_on = [[sara, ali, huda], [sara, ali], [sara]]
    for day, present in zip(days, present_on, strict=True):
        page.goto(f"{base}/ar/network/trainings/sessions/{training.pk}/days/{day.pk}/")
        for count, participant in enumerate(present, start=1):
            with page.expect_response(lambda r: r.request.method == "POST"):
                page.locator(f"#present-{participant.pk}").check()
            page.locator("#attendance-saved").filter(has_text=f"{count}").wait_for()
            # Saved at once: the database already has the tick.
            assert Attendance.objects.filter(
                day=day, participant=participant, present=True
            ).exists()
        if day == days[0]:
            _check(page, screenshot_dir, "network-training-attendance-ar")
    assert Attendance.objects.filter(present=True).count() == 6
    page.reload()
    assert page.locator(f"#present-{sara.pk}").is_checked()
    assert not page.locator(f"#present-{ali.pk}").is_checked()

    page.goto(f"{base}/ar/network/trainings/sessions/{training.pk}/")
    page.locator("#mark-held").click()
    page.wait_for_url(f"{base}/ar/network/trainings/sessions/{training.pk}/")
    training.refresh_from_db()
    assert training.status == SessionStatus.DONE
    page.locator("#issue-certificates").click()
    page.locator("#issue-result").wait_for()
    assert page.locator("#refused li").count() == 1
    assert "هدى كريم" in page.locator("#refused").inner_text()
    _check(page, screenshot_dir, "network-training-certificates-issued-ar")
    assert {c.participant_id for c in Certificate.objects.all()} == {sara.pk, ali.pk}

    with page.expect_download() as download:
        page.locator('a[href$="/download/?lang=ar"]').first.click()
    assert download.value.suggested_filename.endswith("-ar.pdf")

    page.goto(f"{base}/ar/network/trainings/figures/")
    assert "2" in page.locator("#figures-governorate tfoot").inner_text()
    _check(page, screenshot_dir, "network-training-figures-ar")

    # The QR code's address: the public page says genuine, with the printed name.
    certificate = Certificate.objects.get(participant=sara)
    page.goto(f"{base}/ar/certificates/{certificate_codes.display(certificate.code)}/")
    assert page.locator("#certificate-result").get_attribute("data-result") == "genuine"
    assert page.locator("#certificate-name").inner_text() == "سارة أحمد"
    _check(page, screenshot_dir, "portal-certificate-genuine-ar")
    page.goto(f"{base}/ar/certificates/")
    page.locator("#certificate-code").fill(certificate.code.lower())
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/certificates/*/")
    assert page.locator("#certificate-result").get_attribute("data-result") == "genuine"
    problems.assert_none()
