"""From the hotline to a lawyer at work, in Arabic: a request routed to the legal unit
becomes a case, the coordinator assigns it to a lawyer (in one browser), the lawyer
schedules a hearing and writes a privileged note (in another), and the complainant's
tracking page says a lawyer is working on the request."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from nama.core.models import Governorate
from nama.core.reference_data import load_reference_data
from nama.intake.models import RouteTarget
from nama.intake.selectors import public_status_for_request
from nama.intake.services import request_route
from nama.legal import services
from nama.legal.models import CalendarItem, CaseNote, ItemKind, LegalCase
from nama.testing.browser import (
    PHONE_WIDTH,
    assert_no_axe_violations,
    has_horizontal_overflow,
    save_screenshots,
    use_staff_session,
    watch_page,
)
from nama.testing.public import submit_anonymous_request

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

    from nama.testing.personas import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page: Page, screenshot_dir: Path, name: str) -> None:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    assert page.evaluate("document.dir") == "rtl"
    assert not has_horizontal_overflow(page), name
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, name)


def test_a_routed_request_becomes_a_case_a_lawyer_works_on_in_arabic(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    screenshot_dir: Path,
    personas: Personas,
) -> None:
    cache.clear()
    load_reference_data()
    for user, slug in ((personas.lawyer, "baghdad"), (personas.other_lawyer, "erbil")):
        services.lawyer_profile_save(
            by=personas.legal_coordinator,
            user=user,
            governorates=[Governorate.objects.get(slug=slug)],
        )
    request, _code = submit_anonymous_request("اعتقل أخي منذ أسبوعين ولم يُعرض على قاضٍ")
    request_route(by=personas.operator, request=request, target=RouteTarget.LEGAL)
    case = LegalCase.objects.get(intake_requests=request)
    base = live_server.url

    # The coordinator finds it waiting and assigns it to the Baghdad lawyer.
    problems = watch_page(page)
    use_staff_session(page, base, personas.legal_coordinator)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    page.goto(f"{base}/ar/legal/")
    assert case.reference in page.content()
    _check(page, screenshot_dir, "legal-cases-coordinator-ar")
    page.goto(f"{base}/ar/legal/cases/{case.pk}/")
    page.locator("#id_assign-lawyer").select_option(str(personas.lawyer.pk))
    page.locator("#id_assign-reason").fill("أقرب محامٍ إلى المحكمة")
    page.locator("#assign button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/legal/cases/{case.pk}/")
    case.refresh_from_db()
    assert case.lawyer == personas.lawyer
    _check(page, screenshot_dir, "legal-case-coordinator-ar")
    problems.assert_none()

    # The lawyer, in another browser, schedules a hearing and writes a note.
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740})
    lawyer = context.new_page()
    lawyer_problems = watch_page(lawyer)
    use_staff_session(lawyer, base, personas.lawyer)
    lawyer.goto(f"{base}/ar/legal/")
    assert case.reference in lawyer.content()
    lawyer.goto(f"{base}/ar/legal/cases/{case.pk}/")
    day = timezone.localdate() + timedelta(days=4)
    lawyer.locator("#hearing").locator("xpath=..").locator("summary").click()
    lawyer.locator("#id_hearing-title").fill("الجلسة الأولى")
    lawyer.locator("#id_hearing-day").fill(day.isoformat())
    lawyer.locator("#id_hearing-time").fill("09:30")
    lawyer.locator("#id_hearing-place").fill("محكمة تحقيق الكرخ")
    lawyer.locator("#hearing button[type=submit]").click()
    lawyer.wait_for_load_state()
    assert CalendarItem.objects.filter(case=case, kind=ItemKind.HEARING).count() == 1
    lawyer.locator("#id_note-body").fill("الموكل أكد أنه لم يُبلّغ بالتهمة")
    lawyer.locator("#note button[type=submit]").click()
    lawyer.wait_for_load_state()
    assert CaseNote.objects.filter(case=case, author=personas.lawyer).count() == 1
    assert "الموكل أكد" in lawyer.content()
    _check(lawyer, screenshot_dir, "legal-case-lawyer-ar")
    lawyer.goto(f"{base}/ar/legal/calendar/")
    assert "الجلسة الأولى" in lawyer.content()
    _check(lawyer, screenshot_dir, "legal-calendar-lawyer-ar")
    lawyer.goto(f"{base}/ar/legal/consultations/")
    lawyer.locator("#consultation").locator("xpath=..").locator("summary").click()
    _check(lawyer, screenshot_dir, "legal-consultations-lawyer-ar")
    lawyer_problems.assert_none()
    context.close()

    page.goto(f"{base}/ar/legal/workload/")
    _check(page, screenshot_dir, "legal-workload-coordinator-ar")

    request.refresh_from_db()
    with translation.override("ar"):
        told = public_status_for_request(request).text
        expected = translation.gettext("A lawyer of our legal unit is working on your request.")
    assert told == expected
