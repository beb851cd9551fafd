"""The weekly digest of the members' space: who gets it, what it says, once a week."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from nama.core import worker
from nama.network import space_services as services
from nama.network import space_tasks
from nama.network.models import Post, SpaceDigest
from nama.network.space_digest import digest_send_weekly
from nama.network.tests.factories import member, member_with_account

pytestmark = pytest.mark.django_db

REAL_NAME = "زينب حسين الساعدي"
PSEUDONYM = "وردة الجنوب"
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def approved(author: Any, editor: Any, title: str, **fields: Any) -> Post:
    post = services.post_create(
        by=author.user, kind="experience", language="ar", title=title, body="نص سري", **fields
    )
    services.post_approve(post=post, by=editor)
    return post


@pytest.fixture
def cast(governorates: Any, personas: Any) -> dict[str, Any]:
    zainab = member_with_account(
        username="member_zainab", name=REAL_NAME, email="zainab@example.org"
    )
    reader = member_with_account(
        username="member_reader", name="قارئ", email="reader@example.org", wants_digest=True
    )
    no_digest = member_with_account(username="member_quiet", email="quiet@example.org")
    no_email = member_with_account(username="member_noemail", wants_digest=True)
    left = member_with_account(
        username="member_left", email="left@example.org", wants_digest=True, status="left"
    )
    return {
        "zainab": zainab,
        "reader": reader,
        "no_digest": no_digest,
        "no_email": no_email,
        "left": left,
    }


def test_the_digest_lists_new_approved_posts_with_pseudonyms_only(
    cast: dict[str, Any], personas: Any, mailoutbox: list[Any]
):
    zainab = cast["zainab"]
    shown = approved(zainab, personas.editor, "منشور بالاسم المستعار", pseudonym=PSEUDONYM)
    hidden = approved(zainab, personas.editor, "منشور مخفي")
    services.post_hide(post=hidden, by=personas.editor, reason="exact place")
    removed = approved(zainab, personas.editor, "منشور محذوف")
    services.post_remove(post=removed, by=personas.editor, reason="names a third party")
    services.post_create(
        by=member_with_account(username="new_one").user,
        kind="news",
        language="ar",
        title="منشور ينتظر",
        body="b",
    )

    assert digest_send_weekly(now=timezone.now() + timedelta(minutes=1)) == 1
    [mail] = mailoutbox
    assert mail.to == ["reader@example.org"]
    assert "منشور بالاسم المستعار" in mail.body
    assert PSEUDONYM in mail.body
    assert REAL_NAME not in mail.body
    assert f"/members/posts/{shown.pk}/" in mail.body
    for absent in ("منشور مخفي", "منشور محذوف", "منشور ينتظر", "نص سري"):
        assert absent not in mail.body


def test_the_digest_is_sent_once_a_week(cast: dict[str, Any], personas: Any, mailoutbox: list[Any]):
    approved(cast["zainab"], personas.editor, "أول")
    now = timezone.now() + timedelta(minutes=1)
    assert digest_send_weekly(now=now) == 1
    assert digest_send_weekly(now=now + timedelta(hours=1)) == 0  # same week
    assert len(mailoutbox) == 1
    # Next week: only what was approved since the last digest.
    later = now + timedelta(days=7)
    Post.objects.update(published_at=now - timedelta(minutes=5))
    assert digest_send_weekly(now=later) == 0  # nothing new: no e-mail
    assert SpaceDigest.objects.count() == 2


def test_no_email_without_new_posts(cast: dict[str, Any], mailoutbox: list[Any]):
    assert digest_send_weekly(now=MONDAY) == 0
    assert mailoutbox == []


def test_a_member_without_an_account_gets_no_digest(
    governorates: Any, personas: Any, mailoutbox: list[Any]
):
    author = member_with_account(username="author")
    member(name="بلا حساب", email="nobody@example.org", wants_digest=True)
    approved(author, personas.editor, "منشور")
    assert digest_send_weekly(now=timezone.now() + timedelta(minutes=1)) == 0


def test_the_digest_is_a_daily_periodic_job_and_a_task(
    cast: dict[str, Any], personas: Any, mailoutbox: list[Any]
):
    job, every = worker.PERIODIC["network.space.digest"]
    assert every == 24 * 60 * 60
    approved(cast["zainab"], personas.editor, "منشور")
    job()
    assert len(mailoutbox) == 1
    SpaceDigest.objects.all().delete()
    result = space_tasks.send_weekly_digest.enqueue()
    assert result.return_value == 1
    assert len(mailoutbox) == 2
