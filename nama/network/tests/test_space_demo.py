"""The members' space demo: idempotent, with a pending first post and a reported post."""

from __future__ import annotations

from typing import Any

import pytest

from nama.network import space_demo
from nama.network.models import Post, PostReport, PostStatus
from nama.network.space_selectors import moderation_queue
from nama.network.tests.factories import member_with_account

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_once(governorates: Any, personas: Any) -> None:
    demo = member_with_account(username="demo-member", name="عضو تجريبي")
    assert space_demo.seed() > 12
    assert space_demo.seed() == 0
    approved = Post.objects.filter(status=PostStatus.APPROVED)
    assert approved.count() == 12
    assert set(approved.values_list("language", flat=True)) == {"ar", "en", "ckb"}
    assert approved.filter(author=demo).count() == 1
    assert approved.exclude(pseudonym="").exists()
    assert PostReport.objects.filter(status="open").count() == 1
    queue = moderation_queue(user=personas.editor)
    assert len(queue) == 2
    assert any(item.first_post for item in queue)
