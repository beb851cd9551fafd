"""From the hotline to a verified event, in Arabic: an operator routes a request to the
monitoring team on the request's page, a monitor documents the draft event it became
(two victims and a perpetrator) and submits it, a second monitor verifies it, and the
complainant's tracking page says it was documented."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache
from django.utils import translation

from nama.core.reference_data import load_reference_data
from nama.core.roles import Role
from nama.intake.selectors import public_status_for_request
from nama.monitoring.models import Act, Event, Involvement, VerificationState
from nama.testing.browser import (
    PHONE_WIDTH,
    assert_no_axe_violations,
    has_horizontal_overflow,
    save_screenshots,
    use_staff_session,
    watch_page,
)
from nama.testing.factories import UserFactory
from nama.testing.public import submit_anonymous_request

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

    from nama.testing.personas import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add_victim(page: Page, name: str, act_type: str) -> None:
    page.locator("#act_add").locator("xpath=..").locator("summary").click()
    page.locator("#id_act_add-new_name").fill(name)
    page.locator("#id_act_add-act_type").select_option(act_type)
    page.locator("#act_add button[type=submit]").click()
    page.wait_for_load_state()


def test_a_routed_request_becomes_a_verified_event_in_arabic(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    screenshot_dir: Path,
    personas: Personas,
) -> None:
    cache.clear()
    load_reference_data()
    request, _code = submit_anonymous_request("اعتقلت قوة أمنية شقيقين من أمام منزلهما في الكرادة")
    base = live_server.url

    # The operator routes it to the monitoring team from the request's page.
    problems = watch_page(page)
    use_staff_session(page, base, personas.operator)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    page.goto(f"{base}/ar/intake/requests/{request.pk}/")
    page.locator("#id_route-target_1").check()  # the monitoring team
    page.locator("#route button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/intake/requests/{request.pk}/")
    event = Event.objects.get(intake_request=request)
    assert event.verification == VerificationState.DRAFT
    assert event.reference in page.content()  # "documented as"
    problems.assert_none()

    # A monitor documents the draft: two victims, a perpetrator, then submits.
    monitor_context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740})
    monitor = monitor_context.new_page()
    monitor_problems = watch_page(monitor)
    use_staff_session(monitor, base, personas.monitor_baghdad)
    monitor.goto(f"{base}/ar/monitoring/events/{event.pk}/")
    assert monitor.evaluate("document.dir") == "rtl"
    _add_victim(monitor, "حسين كاظم جواد", "0401")
    _add_victim(monitor, "علي كاظم جواد", "0401")
    assert Act.objects.filter(event=event).count() == 2
    monitor.locator("#involvement_add").locator("xpath=..").locator("summary").click()
    monitor.locator("#id_involvement_add-perpetrator_type").select_option("0101")
    monitor.locator("#involvement_add button[type=submit]").click()
    monitor.wait_for_load_state()
    assert Involvement.objects.filter(act__event=event).count() == 1
    monitor.locator("#id_submit-comment").fill("الشقيقان اعتُقلا معًا، والمصدر شاهد عيان")
    monitor.locator("#submit button[type=submit]").click()
    monitor.wait_for_load_state()
    event.refresh_from_db()
    assert event.verification == VerificationState.SUBMITTED
    assert not has_horizontal_overflow(monitor)
    assert_no_axe_violations(monitor)
    save_screenshots(monitor, screenshot_dir, "monitoring-from-request-submitted-ar")
    monitor_problems.assert_none()
    monitor_context.close()

    # A second monitor verifies it.
    verifier = UserFactory.create(
        username="monitor_baghdad_2", roles=[Role.MONITOR], governorates=[personas.baghdad]
    )
    verifier_context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740})
    second = verifier_context.new_page()
    second_problems = watch_page(second)
    use_staff_session(second, base, verifier)
    second.goto(f"{base}/ar/monitoring/events/{event.pk}/")
    second.locator("input[name='verify-violation_status'][value='02']").check()  # likely
    second.locator("#id_verify-comment").fill("تحققت من شاهدين")
    second.locator("#verify button[type=submit]").click()
    second.wait_for_load_state()
    event.refresh_from_db()
    assert event.verification == VerificationState.VERIFIED
    assert event.verified_by == verifier
    save_screenshots(second, screenshot_dir, "monitoring-from-request-verified-ar")
    second_problems.assert_none()
    verifier_context.close()

    request.refresh_from_db()
    with translation.override("ar"):
        told = public_status_for_request(request).text
        expected = translation.gettext(
            "Our monitoring team has documented what you told us. Thank you."
        )
    assert told == expected
