"""A visitor on a 360 px phone, in Arabic: opens the events page and the month
calendar, opens an event, registers (after a refused first try), sees the
cancel code once; then cancels with it. An editor sees the registration.
New strings are not translated yet, so checks are on structure and data."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from nama.outreach.models import EventRegistration, EventStatus, PublicEvent, RegistrationStatus
from nama.outreach.tests.event_helpers import AR_TITLE, local, make_event
from nama.testing.browser import (
    DESKTOP_WIDTH,
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

NAME = "زينب عبد الكريم الموسوي"
EMAIL = "zainab.k@example.org"


def _check(page: Page, screenshot_dir: Path, name: str, widths: tuple[int, ...] = ()) -> None:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 760})
    assert page.evaluate("document.dir") == "rtl"
    assert not has_horizontal_overflow(page), name
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, name, widths=widths or (PHONE_WIDTH,))
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 760})


def test_a_visitor_registers_for_an_event_from_a_phone_in_arabic(
    page: Page,
    live_server: LiveServer,
    screenshot_dir: Path,
    personas: Personas,
    settings: Any,
) -> None:
    settings.NAMA_POW_DIFFICULTY = 4
    settings.NAMA_POW_MIN_SECONDS = 0
    cache.clear()
    editor = personas.editor
    event = make_event(
        editor,
        capacity=30,
        venue="قاعة المركز، الكرادة، بجانب الجامعة التكنولوجية",
        starts_at=local(3, 16),
        ends_at=local(3, 18),
    )
    make_event(
        editor,
        title_ar="جلسة عبر الإنترنت: السلامة الرقمية للمدافعات",
        title_en="Online session: digital safety",
        online=True,
        online_link="https://meet.example.org/x",
        governorate=None,
        starts_at=local(5, 19),
        ends_at=local(5, 20),
    )
    make_event(editor, title_ar="حوار سابق عن سنجار", starts_at=local(-9), ends_at=local(-9, 12))
    base = live_server.url
    problems = watch_page(page)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 760})

    page.goto(f"{base}/ar/events/")
    assert page.locator("#upcoming-events li").count() == 2
    assert page.locator("#past-events li").count() == 1
    _check(page, screenshot_dir, "portal-events-ar")

    page.locator('.nama-events-nav a[href="/ar/events/calendar/"]').click()
    page.wait_for_url(f"{base}/ar/events/calendar/")
    month = f"{timezone.localtime(event.starts_at):%Y-%m}"
    if month != f"{timezone.localdate():%Y-%m}":
        page.locator('a[rel="next"]').click()
        page.wait_for_url(f"{base}/ar/events/calendar/?month={month}")
    # On a phone the month is a list (the table is for wider screens).
    assert not page.locator("table.nama-month").is_visible()
    phone_link = page.locator(f'.nama-month-list a[href="/ar/events/{event.pk}/"]')
    assert phone_link.is_visible()
    _check(page, screenshot_dir, "portal-events-calendar-ar", widths=(PHONE_WIDTH, DESKTOP_WIDTH))
    phone_link.click()
    page.wait_for_url(f"{base}/ar/events/{event.pk}/")
    assert page.locator("#event-title").inner_text() == AR_TITLE
    _check(page, screenshot_dir, "portal-event-ar")

    # First try without consent: refused, everything typed is kept.
    page.locator("#id_name").fill(NAME)
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_governorate").select_option("baghdad")
    page.wait_for_function("() => document.querySelector('[data-nama-pow-solution]').value !== ''")
    page.locator("#register-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#register-errors").is_visible()
    assert page.locator("#id_name").input_value() == NAME
    assert page.locator("#id_email").input_value() == EMAIL
    assert page.locator("#id_consent").get_attribute("aria-invalid") == "true"
    assert not EventRegistration.objects.exists()
    _check(page, screenshot_dir, "portal-event-refused-ar")
    assert problems.failed_responses == [f"HTTP 400: {base}/ar/events/{event.pk}/"]
    problems.failed_responses.clear()
    problems.console_errors.clear()

    page.locator("#id_consent").check()
    page.wait_for_function("() => document.querySelector('[data-nama-pow-solution]').value !== ''")
    page.locator("#register-form button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/events/{event.pk}/registered/*")
    code = page.locator("#cancel-code").inner_text()
    assert len(code.replace("-", "")) == 16
    assert page.locator("#cancel-code").get_attribute("dir") == "ltr"
    assert NAME not in page.content()
    _check(page, screenshot_dir, "portal-event-registered-ar")
    registration = EventRegistration.objects.get()
    assert registration.name == NAME
    assert registration.status == RegistrationStatus.REGISTERED
    page.reload()
    assert page.locator("#cancel-code").count() == 0

    # The editor sees the name on the registrations page.
    use_staff_session(page, base, editor)
    page.goto(f"{base}/ar/outreach/events/{event.pk}/registrations/")
    assert NAME in page.locator("main").inner_text()
    _check(page, screenshot_dir, "outreach-event-registrations-ar")
    page.context.clear_cookies()

    # Cancelling with the code typed by hand.
    page.goto(f"{base}/ar/events/cancel/")
    page.locator("#id_code").fill(code.lower())
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    _check(page, screenshot_dir, "portal-event-cancel-confirm-ar")
    page.locator("main form button.btn-danger").click()
    page.wait_for_load_state()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    _check(page, screenshot_dir, "portal-event-cancelled-ar")
    problems.assert_none()


def test_an_editor_adds_and_publishes_an_event_from_a_phone_in_arabic(
    page: Page, live_server: LiveServer, screenshot_dir: Path, personas: Personas
) -> None:
    cache.clear()
    base = live_server.url
    problems = watch_page(page)
    use_staff_session(page, base, personas.editor)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 760})
    page.goto(f"{base}/ar/outreach/events/")
    _check(page, screenshot_dir, "outreach-events-ar")
    page.locator('a[href="/ar/outreach/events/add/"]').click()
    page.wait_for_url(f"{base}/ar/outreach/events/add/")
    _check(page, screenshot_dir, "outreach-event-add-ar")

    day = timezone.localdate() + timedelta(days=12)
    page.locator("#id_kind").select_option("workshop")
    page.locator("#id_title_ar").fill("ورشة: كتابة التقارير الموازية")
    page.locator("#id_title_en").fill("Workshop: writing shadow reports")
    page.locator("#id_description_ar").fill("ورشة ليوم واحد.")
    page.locator("#id_starts_at").fill(f"{day:%Y-%m-%d}T10:00")
    page.locator("#id_ends_at").fill(f"{day:%Y-%m-%d}T09:00")
    page.locator("#id_venue").fill("قاعة المركز")
    page.locator("#id_capacity").fill("25")
    page.locator("#event-form button[type=submit]").click()
    page.wait_for_load_state()
    # Refused: it ends before it starts and has no governorate; everything typed is kept.
    assert page.locator("#id_ends_at").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_governorate").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_title_ar").input_value() == "ورشة: كتابة التقارير الموازية"
    assert page.locator("#id_title_en").get_attribute("dir") == "ltr"
    _check(page, screenshot_dir, "outreach-event-refused-ar")
    assert problems.failed_responses == [f"HTTP 400: {base}/ar/outreach/events/add/"]
    problems.failed_responses.clear()
    problems.console_errors.clear()

    page.locator("#id_ends_at").fill(f"{day:%Y-%m-%d}T14:00")
    page.locator("#id_governorate").select_option(label="أربيل")
    page.locator("#event-form button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/outreach/events/*/")
    event = PublicEvent.objects.get()
    assert event.status == EventStatus.DRAFT
    assert timezone.localtime(event.starts_at).hour == 10
    page.locator(f'form[action="/ar/outreach/events/{event.pk}/publish/"] button').click()
    page.wait_for_url(f"{base}/ar/outreach/events/{event.pk}/")
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    _check(page, screenshot_dir, "outreach-event-published-ar")

    page.context.clear_cookies()
    page.goto(f"{base}/ar/events/{event.pk}/")
    assert page.locator("#event-title").inner_text() == "ورشة: كتابة التقارير الموازية"
    problems.assert_none()
