"""The demo news: published items in several languages, a draft, one in review; idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from nama.accounts.demo import DEMO_USERS
from nama.outreach import news_demo
from nama.outreach.models import NewsItem, NewsKind, NewsStatus, NewsTranslation
from nama.searchindex import services as search
from nama.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(governorates):
    from django.contrib.auth.models import Group

    for username in ("demo-editor", "demo-director"):
        role = next(u.role for u in DEMO_USERS if u.username == username)
        user: Any = UserFactory(username=username)
        user.groups.add(Group.objects.get_or_create(name=role)[0])


def test_seed_is_idempotent_and_varied(demo_users):
    added = news_demo.seed()
    assert added == 10
    assert news_demo.seed() == 0
    published = NewsItem.objects.filter(status=NewsStatus.PUBLISHED)
    assert published.count() == 8
    assert published.filter(kind=NewsKind.STATEMENT).count() == 3
    assert NewsItem.objects.filter(status=NewsStatus.DRAFT).count() == 1
    assert NewsItem.objects.filter(status=NewsStatus.REVIEW).count() == 1
    assert NewsTranslation.objects.filter(language="ckb").count() == 3
    assert published.exclude(image="").count() == 2
    assert search.count("workshop") == 1
    assert search.count("Draft") == 0
