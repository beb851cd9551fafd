"""A member posts an experience in Arabic on a phone; an editor approves it from the
moderation queue; another member then reads it under the author's pseudonym.

New strings are not translated yet, so the checks are on structure, addresses and
the database, not on Arabic interface text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache

from nama.network.models import Post, PostStatus
from nama.network.tests.factories import member_with_account
from nama.testing.browser import (
    PHONE_WIDTH,
    assert_no_axe_violations,
    has_horizontal_overflow,
    save_screenshots,
    use_staff_session,
    watch_page,
)
from nama.testing.images import gps_jpeg

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from nama.testing.personas import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REAL_NAME = "زينب حسين الساعدي"
PSEUDONYM = "وردة الجنوب"
TITLE = "تجربتي في متابعة قضية معتقل"
BODY = "تواصلنا مع العائلة ثم مع محامي المركز، وبعد أسبوعين أفرج عنه بكفالة."


def _check(page: Page, screenshot_dir: Path, name: str) -> None:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    assert page.evaluate("document.dir") == "rtl"
    assert not has_horizontal_overflow(page), name
    assert_no_axe_violations(page)
    save_screenshots(page, screenshot_dir, name)


def test_a_member_posts_an_experience_and_an_editor_approves_it(
    page: Page,
    live_server: LiveServer,
    screenshot_dir: Path,
    personas: Personas,
    governorates: object,
) -> None:
    cache.clear()
    base = live_server.url
    author = member_with_account(username="member_zainab", name=REAL_NAME)
    reader = member_with_account(username="member_omar", name="عمر كريم", gov="erbil")
    problems = watch_page(page)

    # The member logs in (session past 2FA) and lands on the space from the workspace.
    use_staff_session(page, base, author.user)
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    page.goto(f"{base}/ar/accounts/workspace/")
    page.wait_for_url(f"{base}/ar/members/")
    _check(page, screenshot_dir, "space-home-empty-ar")

    page.locator('a.btn[href="/ar/members/new/"]').click()
    page.wait_for_url(f"{base}/ar/members/new/")
    _check(page, screenshot_dir, "space-new-ar")
    page.locator("input[name=kind][value=experience]").check()
    page.locator("#id_language").select_option("ar")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_body").fill(BODY)
    page.locator("#id_pseudonym").fill(PSEUDONYM)
    page.locator("#id_links").fill("https://example.org/report")
    page.locator("#id_photo").set_input_files(
        {"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": gps_jpeg()}
    )
    page.locator("#id_photo_alt").fill("قاعة المحكمة من الخارج")
    page.locator("#space-post button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/members/posts/*/")

    post = Post.objects.get()
    assert post.status == PostStatus.PENDING
    assert post.pseudonym == PSEUDONYM
    assert post.photos.count() == 1
    assert page.locator("h1").inner_text() == TITLE
    assert page.locator(".badge.text-bg-warning").count() == 1  # waiting for moderation
    page.locator(".nama-space-photo img").evaluate("img => img.decode()")
    assert page.locator(".nama-space-photo img").evaluate("img => img.naturalWidth") > 0
    _check(page, screenshot_dir, "space-post-pending-ar")

    # The editor approves it from the moderation queue.
    page.context.clear_cookies()
    use_staff_session(page, base, personas.editor)
    page.goto(f"{base}/ar/network/moderation/")
    _check(page, screenshot_dir, "space-moderation-queue-ar")
    assert REAL_NAME not in page.content()
    page.locator(f'a[href="/ar/network/moderation/posts/{post.pk}/"]').click()
    page.wait_for_url(f"{base}/ar/network/moderation/posts/{post.pk}/")
    assert author.reference in page.content()
    assert REAL_NAME not in page.content()
    _check(page, screenshot_dir, "space-moderation-post-ar")
    page.locator("input[name=action][value=approve]").check()
    page.locator("#decision button[type=submit]").click()
    page.wait_for_url(f"{base}/ar/network/moderation/")
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED

    # Another member reads it: the pseudonym, never the name.
    page.context.clear_cookies()
    use_staff_session(page, base, reader.user)
    page.goto(f"{base}/ar/members/")
    assert page.locator(f'a[href="/ar/members/posts/{post.pk}/"]').inner_text() == TITLE
    assert PSEUDONYM in page.content()
    assert REAL_NAME not in page.content()
    _check(page, screenshot_dir, "space-home-ar")
    page.goto(f"{base}/ar/members/posts/{post.pk}/")
    assert REAL_NAME not in page.content()
    _check(page, screenshot_dir, "space-post-ar")
    problems.assert_none()
