"""The demo events: six published (upcoming and past, several governorates, one
online, Arabic and English), a draft, a few registrations; idempotent."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from nama.accounts.demo import DEMO_USERS
from nama.core.reference_data import load_reference_data
from nama.outreach import event_demo
from nama.outreach.models import EventRegistration, EventStatus, PublicEvent
from nama.searchindex import services as search
from nama.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_editor(db: None) -> None:
    from django.contrib.auth.models import Group

    load_reference_data()
    role = next(u.role for u in DEMO_USERS if u.username == "demo-editor")
    user: Any = UserFactory(username="demo-editor")
    user.groups.add(Group.objects.get_or_create(name=role)[0])


def test_seed_is_idempotent_and_varied(demo_editor: None) -> None:
    assert event_demo.seed() == 11
    assert event_demo.seed() == 0
    published = PublicEvent.objects.filter(status=EventStatus.PUBLISHED)
    assert published.count() == 6
    assert PublicEvent.objects.filter(status=EventStatus.DRAFT).count() == 1
    now = timezone.now()
    assert published.filter(starts_at__gt=now).count() == 4
    assert published.filter(ends_at__lt=now).count() == 2
    assert published.filter(online=True).count() == 1
    assert published.exclude(governorate=None).values("governorate").distinct().count() == 5
    assert not published.filter(title_en="").exists()
    assert EventRegistration.objects.count() == 4
    assert not EventRegistration.objects.exclude(email_index="").exists()
    assert search.count("Sinjar") == 1
    assert search.count("الناصرية") == 0


def test_seed_without_the_demo_editor_adds_nothing(db: None) -> None:
    assert event_demo.seed() == 0
