"""The network's demo members: added once, with one member who can log in."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from nama.accounts.demo import DEMO_PASSWORD
from nama.accounts.models import User
from nama.core.reference_data import load_reference_data
from nama.core.roles import roles_of
from nama.network import member_demo
from nama.network.access import member_of
from nama.network.models import Member, MemberStatus

pytestmark = pytest.mark.django_db


def test_the_member_demo_is_added_once() -> None:
    load_reference_data()
    assert member_demo.seed() == member_demo.ACCEPTED + member_demo.APPLICATIONS + 1
    accepted = Member.objects.filter(status=MemberStatus.ACCEPTED)
    assert accepted.count() == member_demo.ACCEPTED
    assert Member.objects.filter(status=MemberStatus.APPLIED).count() == member_demo.APPLICATIONS
    assert accepted.values("governorate").distinct().count() >= 10
    assert accepted.values("kind").distinct().count() == 7
    assert all(m.areas_of_work.exists() for m in accepted)

    user = User.objects.get(username=member_demo.DEMO_MEMBER_USERNAME)
    assert user.check_password(DEMO_PASSWORD)
    assert roles_of(user) == frozenset()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    found = member_of(user)
    assert found is not None
    assert found.governorate.slug == "baghdad"

    assert member_demo.seed() == 0
    assert Member.objects.count() == member_demo.ACCEPTED + member_demo.APPLICATIONS


def test_seed_demo_runs_it(settings: Any) -> None:
    settings.NAMA_DEMO_MODE = True
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.filter(username=member_demo.DEMO_MEMBER_USERNAME).exists()
    count = Member.objects.count()
    assert count >= member_demo.ACCEPTED + member_demo.APPLICATIONS
    call_command("seed_demo", stdout=StringIO())
    assert Member.objects.count() == count
