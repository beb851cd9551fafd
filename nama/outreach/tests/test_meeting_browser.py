"""An editor records a meeting with officials on a phone, in Arabic: the meeting,
one commitment and one follow-up action, marks another action done in place
(htmx), and finds the commitment on the open commitments page. New strings are
not translated yet, so the checks are on structure, addresses and the database."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache
from django.utils import timezone

from nama.core.reference_data import load_reference_data
from nama.outreach.models.meetings import FollowUp, FollowUpStatus, Meeting
from nama.outreach.tests.meeting_helpers import make_followup, make_institution, make_meeting
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

TITLE = "لقاء مع وزارة العدل حول الاحتجاز"
COMMITMENT = "السماح بزيارة مراكز الاحتجاز كل شهر"
ACTION = "إرسال قائمة بأسماء فريق الزيارة"
# What sticks out of the screen, named in the failure message.
WIDER_THAN_SCREEN = (
    "[...document.querySelectorAll('body *')]"
    ".filter(e => { const r = e.getBoundingClientRect(); return r.right > innerWidth + 1"
    " || r.left < -1; })"
    ".map(e => `${e.tagName}.${e.className}#${e.id}`).slice(0, 8)"
)


def _check(page: Page, screenshot_dir: Path, name: str) -> None:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    assert page.evaluate("document.dir") == "rtl"
    wide = page.evaluate(WIDER_THAN_SCREEN)
    assert not has_horizontal_overflow(page), (name, wide)
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, name)


def test_an_editor_records_a_meeting_with_a_commitment_and_a_follow_up_in_arabic(
    page: Page, live_server: LiveServer, screenshot_dir: Path, personas: Personas
) -> None:
    cache.clear()
    load_reference_data()
    institution = make_institution(personas.editor)
    # An earlier meeting with an action of the editor's, to mark done in place.
    earlier = make_meeting(personas.editor, institution, title="لقاء سابق", days_ago=60)
    earlier_action = make_followup(personas.editor, earlier, due_in=-2, text="اتصال بالوزارة")
    today = timezone.localdate()
    base = live_server.url
    problems = watch_page(page)
    use_staff_session(page, base, personas.editor)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})

    page.goto(f"{base}/ar/outreach/meetings/")
    _check(page, screenshot_dir, "meetings-list-ar")
    page.locator('a[href="/ar/outreach/meetings/new/"]').first.click()
    page.wait_for_url(f"{base}/ar/outreach/meetings/new/")
    _check(page, screenshot_dir, "meeting-new-ar")

    page.locator("#id_held_on").fill((today - timedelta(days=1)).isoformat())
    page.locator("#id_institution").select_option(str(institution.pk))
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_officials").fill("وكيل وزارة العدل\nمدير عام دائرة الإصلاح")
    page.locator("input[name=topics]").first.check()
    page.locator("#id_other_defenders").fill("3")
    page.locator("#id_summary").fill("عرض المركز نتائج الرصد في مراكز الاحتجاز.")
    page.locator("#meeting button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/outreach/meetings/*/")
    meeting = Meeting.objects.get(title=TITLE)
    assert page.url == f"{base}/ar/outreach/meetings/{meeting.pk}/"
    assert meeting.topics.count() == 1
    assert list(meeting.staff_present.all()) == [personas.editor]

    page.locator("#id_commitment-text").fill(COMMITMENT)
    page.locator("#id_commitment-made_by").fill("وكيل الوزارة")
    page.locator("#id_commitment-due_on").fill((today + timedelta(days=30)).isoformat())
    page.locator("#commitment-form button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/outreach/meetings/{meeting.pk}/#commitments")
    commitment = meeting.commitments.get()
    assert commitment.text == COMMITMENT

    page.locator("#id_followup-text").fill(ACTION)
    page.locator("#id_followup-due_on").fill((today + timedelta(days=7)).isoformat())
    page.locator("#id_followup-commitment").select_option(str(commitment.pk))
    page.locator("#followup-form button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/outreach/meetings/{meeting.pk}/#followups")
    action = meeting.followups.get()
    assert (action.text, action.owner, action.commitment) == (ACTION, personas.editor, commitment)
    assert page.locator(f"#commitment-{commitment.pk}").is_visible()
    assert page.locator(f"#followup-{action.pk}").is_visible()
    _check(page, screenshot_dir, "meeting-detail-ar")

    # My follow-ups: mark the overdue one done; htmx swaps the row in place.
    page.goto(f"{base}/ar/outreach/follow-ups/")
    _check(page, screenshot_dir, "meeting-my-followups-ar")
    row = page.locator(f"#followup-{earlier_action.pk}")
    row.locator("button.btn-success").click()
    page.locator(f"#followup-{earlier_action.pk} .badge.text-bg-success").wait_for()
    assert page.url == f"{base}/ar/outreach/follow-ups/"
    assert FollowUp.objects.get(pk=earlier_action.pk).status == FollowUpStatus.DONE

    page.goto(f"{base}/ar/outreach/commitments/")
    counts = page.locator(f'#commitment-counts tr[data-institution="{institution.pk}"]')
    assert counts.locator(".nama-open").inner_text() == "1"
    assert counts.locator(".nama-fulfilled").inner_text() == "0"
    section = page.locator(f"#institution-{institution.pk}")
    assert COMMITMENT in section.inner_text()
    assert (
        section.locator(
            f'a[href="/ar/outreach/meetings/{meeting.pk}/#commitment-{commitment.pk}"]'
        ).count()
        == 1
    )
    _check(page, screenshot_dir, "meeting-commitments-ar")
    problems.assert_none()
