"""Verification in a real browser, in Arabic: a monitor submits the event they documented
(two victims, a perpetrator), and a second monitor opens it from the list and verifies
it with a violation status. Checked at 360 px (no sideways scrolling) and 1280 px,
with axe-core; the screenshots are looked at."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.utils import translation

from nama.core.models import Governorate, Term
from nama.core.reference_data import load_reference_data
from nama.core.roles import Role
from nama.monitoring import services
from nama.monitoring.models import Event, VerificationState
from nama.testing.browser import (
    PHONE_WIDTH,
    assert_no_axe_violations,
    has_horizontal_overflow,
    save_screenshots,
    use_staff_session,
    watch_page,
)
from nama.testing.factories import UserFactory

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from nama.accounts.models import User
    from nama.testing.personas import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def arabic(text: str) -> str:
    """``text`` as the Arabic page shows it (the catalogue's translation)."""
    with translation.override("ar"):
        return translation.gettext(text)


FIRST, SECOND, OFFICER = "أحمد كريم الجبوري", "زينب علي حسين", "آمر القوة"


def _term(vocabulary: str, code: str) -> Term:
    return Term.objects.of(vocabulary).get(code=code)


def _document(author: User) -> Event:
    """Two victims arrested, the second one injured too, by a named officer of the police."""
    return services.event_document(
        by=author,
        data={
            "title": "اعتقال متظاهرين قرب ساحة التحرير",
            "description": "اعتقلت قوة أمنية متظاهرين بعد تفريق الاعتصام",
            "governorate": Governorate.objects.get(slug="baghdad"),
            "place": "ساحة التحرير",
            "start_date": date(2026, 3, 2),
            "start_precision": "exact",
        },
        victims=[
            services.PersonInput(data={"name": FIRST, "sex": _term("sex", "02")}),
            services.PersonInput(data={"name": SECOND, "sex": _term("sex", "01")}),
        ],
        acts=[
            services.ActInput(victim=0, act_type=_term("act_type", "0401"), victim_age=24),
            services.ActInput(victim=1, act_type=_term("act_type", "0401"), victim_age=19),
            services.ActInput(victim=1, act_type=_term("act_type", "0201"), victim_age=19),
        ],
        perpetrators=[
            services.PerpetratorInput(
                who=services.PersonInput(data={"name": OFFICER}),
                perpetrator_type=_term("perpetrator_type", "0101"),
                degree="ordered",
            )
        ],
    )


def _check(page: Page, screenshot_dir: Path, name: str) -> None:
    """Arabic, right to left, fits a phone, passes axe; screenshots at 360 and 1280 px."""
    assert page.evaluate("document.dir") == "rtl"
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    assert not has_horizontal_overflow(page)
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, name)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})


def test_the_author_submits_and_a_second_monitor_verifies_in_arabic(
    page: Page, live_server: LiveServer, screenshot_dir: Path, personas: Personas
) -> None:
    load_reference_data()
    author = personas.monitor_baghdad
    verifier = UserFactory.create(
        username="monitor_baghdad_2",
        first_name="سلمى",
        last_name="ناصر",
        roles=[Role.MONITOR],
        governorates=[personas.baghdad],
    )
    event = _document(author)
    problems = watch_page(page)
    url = f"{live_server.url}/ar/monitoring/events/{event.pk}/"

    # The author: the event's page, names shown (they documented them), then submit.
    use_staff_session(page, live_server.url, author)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    page.goto(f"{live_server.url}/ar/monitoring/")
    page.get_by_role("link", name=event.reference).click()
    page.wait_for_url(url)
    acts = page.locator("table.nama-acts")
    assert acts.get_by_text(FIRST).count() == 1
    assert acts.get_by_text(SECOND).count() == 2
    assert acts.get_by_text(OFFICER).count() == 3
    _check(page, screenshot_dir, "monitoring-event-draft-ar")
    # The draft's own fields are edited on their page; nothing changed here.
    page.get_by_role("link", name=arabic("Edit the event")).click()
    page.wait_for_url(f"{url}edit/")
    assert page.locator("#id_title").input_value() == event.title
    _check(page, screenshot_dir, "monitoring-event-edit-ar")
    page.go_back()
    page.wait_for_url(url)
    page.locator("#id_submit-comment").fill("الشهادتان متطابقتان، جاهز للتحقق")
    page.locator("#submit button[type=submit]").click()
    page.wait_for_url(url)
    event.refresh_from_db()
    assert event.verification == VerificationState.SUBMITTED
    # The author sees why they cannot verify it themselves.
    assert page.locator("#verify").count() == 0
    assert page.locator("#verification .alert-info").is_visible()

    # The second monitor: from the list of submitted events to the verification.
    page.context.clear_cookies()
    use_staff_session(page, live_server.url, verifier)
    page.goto(f"{live_server.url}/ar/monitoring/")
    page.locator("#id_verification").select_option("submitted")
    page.locator("form.nama-filters button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/monitoring/?*")
    _check(page, screenshot_dir, "monitoring-events-ar")
    page.get_by_role("link", name=event.reference).click()
    page.wait_for_url(url)
    assert page.get_by_text("الشهادتان متطابقتان، جاهز للتحقق").is_visible()
    likely = page.get_by_label("مرجّح")
    likely.check()
    page.locator("#id_verify-comment").fill("تحققت من المصدرين")
    _check(page, screenshot_dir, "monitoring-event-verify-ar")
    assert likely.is_checked()
    page.locator("#verify button[type=submit]").click()
    page.wait_for_url(url)

    event.refresh_from_db()
    assert event.verification == VerificationState.VERIFIED
    assert event.verified_by == verifier
    assert event.violation_status == _term("violation_status", "02")
    header = page.locator("header").filter(has=page.locator("h1"))
    assert header.get_by_text("مرجّح").is_visible()
    assert page.get_by_text("تحققت من المصدرين").is_visible()
    assert page.locator("#verify").count() == 0
    _check(page, screenshot_dir, "monitoring-event-verified-ar")
    # The victim's page: who they are (the verifier works in Baghdad), consent, the event.
    page.locator("table.nama-acts").get_by_role("link", name=FIRST).click()
    page.wait_for_url(f"{live_server.url}/ar/monitoring/persons/*/")
    assert page.get_by_role("link", name=event.reference).is_visible()
    _check(page, screenshot_dir, "monitoring-person-ar")
    page.get_by_role("link", name=arabic("Persons"), exact=True).first.click()
    page.wait_for_url(f"{live_server.url}/ar/monitoring/persons/")
    assert page.get_by_role("link", name=OFFICER).is_visible()
    _check(page, screenshot_dir, "monitoring-persons-ar")
    problems.assert_none()
