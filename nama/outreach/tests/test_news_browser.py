"""An editor writes a statement in Arabic and English on a phone (Arabic interface)
and sends it for review; the director publishes it (statements need the director);
the public reads it at /ar/news/ and /en/news/. New strings are not translated yet,
so the checks are on structure, addresses and the database, not on Arabic labels."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache

from nama.outreach.models import NewsItem, NewsKind, NewsStatus
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

AR_TITLE = "بيان بشأن حماية الصحفيين في العراق"
AR_BODY = "يدعو المركز إلى حماية الصحفيين.\n\nويطالب بمحاسبة المعتدين."  # noqa: RUF001
EN_TITLE = "Statement on the protection of journalists in Iraq"
EN_BODY = "The centre calls for journalists to be protected.\n\nIt asks for accountability."


def _check(page: Page, screenshot_dir: Path, name: str, direction: str = "rtl") -> None:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    assert page.evaluate("document.dir") == direction
    assert not has_horizontal_overflow(page), name
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, name)


def test_an_editor_writes_a_statement_in_two_languages_and_the_director_publishes_it(
    page: Page, live_server: LiveServer, screenshot_dir: Path, personas: Personas
) -> None:
    cache.clear()
    base = live_server.url
    problems = watch_page(page)
    use_staff_session(page, base, personas.editor)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})

    page.goto(f"{base}/ar/outreach/")
    _check(page, screenshot_dir, "outreach-home-ar")
    page.locator('main a[href="/ar/outreach/news/"]').first.click()
    page.wait_for_url(f"{base}/ar/outreach/news/")
    page.locator('a[href="/ar/outreach/news/add/"]').click()
    page.wait_for_url(f"{base}/ar/outreach/news/add/")
    _check(page, screenshot_dir, "outreach-news-add-ar")

    # A refused form first: an English version begun without its text keeps what was typed.
    page.locator("input[name=kind][value=statement]").check()
    page.locator("#id_ar_title").fill(AR_TITLE)
    page.locator("#id_ar_body").fill(AR_BODY)
    page.locator("#id_en_title").fill(EN_TITLE)
    page.locator("#news-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_en_title").input_value() == EN_TITLE
    assert page.locator("#id_ar_body").input_value() == AR_BODY
    assert page.locator("#id_en_body").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_en_body").get_attribute("lang") == "en"
    assert page.locator("#id_en_body").get_attribute("dir") == "ltr"
    assert not NewsItem.objects.exists()
    _check(page, screenshot_dir, "outreach-news-refused-ar")
    # That 400 was expected; nothing else may have gone wrong so far.
    assert problems.failed_responses == [f"HTTP 400: {base}/ar/outreach/news/add/"]
    assert all("400" in message for message in problems.console_errors)
    problems.failed_responses.clear()
    problems.console_errors.clear()

    page.locator("#id_en_body").fill(EN_BODY)
    page.locator("#news-form button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/outreach/news/*/")
    item = NewsItem.objects.get()
    assert item.kind == NewsKind.STATEMENT
    assert item.status == NewsStatus.DRAFT
    assert page.locator("#preview-en").inner_text() == EN_TITLE
    # The editor may not publish a statement: no publish button.
    assert page.locator(f'form[action="/ar/outreach/news/{item.pk}/publish/"]').count() == 0
    page.locator(f'form[action="/ar/outreach/news/{item.pk}/submit/"] button').click()
    page.wait_for_url(f"{base}/ar/outreach/news/{item.pk}/")
    item.refresh_from_db()
    assert item.status == NewsStatus.REVIEW
    _check(page, screenshot_dir, "outreach-news-review-ar")

    # The public cannot see it yet.
    page.context.clear_cookies()
    assert page.request.get(f"{base}/ar/news/{item.pk}/").status == 404

    use_staff_session(page, base, personas.director)
    page.goto(f"{base}/ar/outreach/news/?status=review")
    page.locator(f'a[href="/ar/outreach/news/{item.pk}/"]').click()
    page.wait_for_url(f"{base}/ar/outreach/news/{item.pk}/")
    page.locator(f'form[action="/ar/outreach/news/{item.pk}/publish/"] button').click()
    page.wait_for_url(f"{base}/ar/outreach/news/{item.pk}/")
    item.refresh_from_db()
    assert item.status == NewsStatus.PUBLISHED
    assert item.published_at is not None
    _check(page, screenshot_dir, "outreach-news-published-ar")

    page.context.clear_cookies()
    page.goto(f"{base}/ar/news/")
    link = page.locator(f'a[href="/ar/news/{item.pk}/"]')
    assert link.inner_text() == AR_TITLE
    _check(page, screenshot_dir, "portal-news-list-ar")
    link.click()
    page.wait_for_url(f"{base}/ar/news/{item.pk}/")
    assert page.locator("h1").inner_text() == AR_TITLE
    assert page.locator(".nama-news-content").get_attribute("lang") == "ar"
    _check(page, screenshot_dir, "portal-news-item-ar")

    page.goto(f"{base}/en/news/")
    assert page.locator(f'a[href="/en/news/{item.pk}/"]').inner_text() == EN_TITLE
    page.goto(f"{base}/en/news/{item.pk}/")
    content = page.locator(".nama-news-content")
    assert content.get_attribute("lang") == "en"
    assert content.get_attribute("dir") == "ltr"
    assert "accountability" in content.inner_text()
    _check(page, screenshot_dir, "portal-news-item-en", direction="ltr")
    problems.assert_none()
