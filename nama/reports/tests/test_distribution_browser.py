"""The distribution pages and the UN draft in Arabic on a phone: right to left, nothing
wider than the screen, no axe-core violation, no CSP refusal. New strings are not
translated yet, so the checks are on structure, not on Arabic text."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pytest
from django.core.cache import cache

from nama.core.reference_data import load_reference_data
from nama.monitoring import services as monitoring
from nama.monitoring.models import ConsentKind
from nama.reports import distribution_services as services
from nama.reports.models import BodyKind, Channel
from nama.reports.tests.test_un_draft import REASON, VICTIM, document
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

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _check(page: Page, screenshot_dir: Path, name: str) -> None:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    assert page.evaluate("document.dir") == "rtl"
    assert not has_horizontal_overflow(page), name
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, name)


def test_bodies_year_view_and_un_draft_in_arabic_on_a_phone(
    page: Page, live_server: LiveServer, screenshot_dir: Path, personas: Personas
) -> None:
    cache.clear()
    load_reference_data()
    director = personas.director
    ohchr = services.body_save(
        by=director,
        data={
            "name": "المفوضية السامية لحقوق الإنسان",
            "kind": BodyKind.UN_MECHANISM,
            "contact_name": "مكتب العراق",
            "email": "iraq-desk@example.org",
        },
    )
    services.body_save(
        by=director, data={"name": "منظمة العفو الدولية - باحث العراق", "kind": BodyKind.INGO}
    )
    services.body_save(by=director, data={"name": "سفارة النرويج", "kind": BodyKind.EMBASSY})
    sent = services.dispatch_record(
        by=director,
        body=ohchr,
        item_title="بيان حول احتجازات الناصرية",
        sent_on=date(2026, 3, 2),
        channel=Channel.EMAIL,
    )
    services.dispatch_record_response(
        by=director,
        dispatch=sent,
        response="تم الاستلام وسيتم متابعته",
        response_on=date(2026, 3, 9),
    )
    event = document(
        personas.monitor_baghdad,
        {"name": VICTIM, "occupation": "صحفية"},
        description="اعتقلت عند نقطة التفتيش.",
        place="ساحة التحرير",
        start_date=date(2026, 3, 14),
    )
    act = event.acts.get()
    monitoring.consent_record(
        by=personas.monitor_baghdad,
        person=act.victim,
        kind=ConsentKind.UN_SHARING,
        given=True,
        recorded_on=date(2026, 4, 1),
    )

    base = live_server.url
    problems = watch_page(page)
    use_staff_session(page, base, director)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})

    page.goto(f"{base}/ar/reports/manage/distribution/")
    assert page.locator("table.nama-bodies tbody tr").count() == 3
    _check(page, screenshot_dir, "reports-bodies-ar")

    page.goto(f"{base}/ar/reports/manage/distribution/received/?year=2026")
    assert page.locator("table.nama-received tbody tr").count() == 3
    _check(page, screenshot_dir, "reports-received-ar")

    page.goto(f"{base}/ar/reports/manage/distribution/bodies/{ohchr.pk}/")
    _check(page, screenshot_dir, "reports-body-ar")

    page.goto(f"{base}/ar/reports/manage/distribution/un-draft/{act.pk}/")
    _check(page, screenshot_dir, "reports-un-reason-ar")
    query = urlencode({"reason": REASON, "language": "ar"})
    page.goto(f"{base}/ar/reports/manage/distribution/un-draft/{act.pk}/?{query}")
    assert page.locator("article.nama-un-draft h2").count() == 6
    assert VICTIM in page.content()
    _check(page, screenshot_dir, "reports-un-draft-ar")
    problems.assert_none()
