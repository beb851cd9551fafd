"""manage.py seed_demo: one demo account per role, idempotent, demo mode only."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from nama.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from nama.accounts.models import User
from nama.core.models import Governorate
from nama.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_mode(settings: object) -> None:
    settings.NAMA_DEMO_MODE = True  # type: ignore[attr-defined]


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple[object, ...]]:
    users = User.objects.order_by("username").values_list(
        "username", "password", "security_stamp", "is_staff"
    )
    devices = TOTPDevice.objects.order_by("pk").values_list("user__username", "key", "confirmed")
    return [*users, *devices]


def test_it_refuses_outside_demo_mode() -> None:
    with pytest.raises(CommandError, match="NAMA_DEMO_MODE"):
        seed()
    assert not User.objects.exists()


def test_it_runs_with_force_outside_demo_mode() -> None:
    seed("--force")
    assert User.objects.filter(username="demo-director").exists()


def test_it_creates_one_account_per_role_with_a_device(demo_mode: None) -> None:
    seed()
    assert {demo.role for demo in DEMO_USERS} == set(Role)
    for demo in DEMO_USERS:
        user = User.objects.get(username=demo.username)
        assert list(user.groups.values_list("name", flat=True)) == [demo.role.value]
        assert set(user.governorates.values_list("slug", flat=True)) == set(demo.governorates)
        assert user.check_password(DEMO_PASSWORD)
        assert TOTPDevice.objects.get(user=user).confirmed
    assert User.objects.get(username="demo-sysadmin").is_staff
    assert not User.objects.get(username="demo-director").is_staff


def test_it_loads_the_reference_data_and_roles_first(demo_mode: None) -> None:
    Group.objects.all().delete()
    seed()
    assert Governorate.objects.count() == 19
    assert set(Group.objects.values_list("name", flat=True)) == set(Role.values)


def test_running_twice_changes_nothing(demo_mode: None) -> None:
    seed()
    before = snapshot()
    output = seed()
    assert snapshot() == before
    assert "Created" not in output


def test_it_prints_the_logins(demo_mode: None) -> None:
    output = seed()
    assert DEMO_PASSWORD in output
    for demo in DEMO_USERS:
        assert demo.username in output
    assert "baghdad" in output
    # An app's own demo account (the network member's portal account) is listed too.
    assert "demo-member" in output


def test_a_demo_account_can_log_in(demo_mode: None, client: Client) -> None:
    seed()
    response = client.post(
        reverse("accounts:login"), {"username": "demo-lawyer", "password": DEMO_PASSWORD}
    )
    assert response["Location"].startswith(reverse("accounts:verify"))
