"""The on-page TOTP code: demo accounts, with DEBUG and NAMA_DEMO_MODE both on, only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from nama.accounts.demo import demo_code_for, demo_mode_enabled
from nama.accounts.models import User
from nama.accounts.otp import next_usable_totp_code, pending_totp_device
from nama.testing.factories import UserFactory, enrol_totp
from nama.testing.i18n import english_url
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
BANNER = "Demo mode: never in production."


@pytest.fixture
def demo_on(settings: object) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    settings.NAMA_DEMO_MODE = True  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("debug", "demo", "expected"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_demo_mode_needs_debug_and_the_demo_flag(
    settings: object, debug: bool, demo: bool, expected: bool
) -> None:
    settings.DEBUG = debug  # type: ignore[attr-defined]
    settings.NAMA_DEMO_MODE = demo  # type: ignore[attr-defined]
    assert demo_mode_enabled() is expected


def test_the_verify_page_shows_the_code_of_a_demo_account_in_demo_mode(
    demo_on: None, unverified_client: ClientFor
) -> None:
    user = UserFactory.create(username="demo-lawyer")
    device = enrol_totp(user)
    response = unverified_client(user).get(english_url("accounts:verify"))
    html = response.content.decode()
    assert BANNER in html
    assert response.context["demo_code"] == next_usable_totp_code(device)
    assert response.context["demo_code"] in html


def test_the_shown_code_logs_in(demo_on: None, unverified_client: ClientFor) -> None:
    user = UserFactory.create(username="demo-director")
    enrol_totp(user)
    client = unverified_client(user)
    code = client.get(reverse("accounts:verify")).context["demo_code"]
    assert client.post(reverse("accounts:verify"), {"code": code}).status_code == 302


def test_the_enrolment_page_shows_it_too(demo_on: None, unverified_client: ClientFor) -> None:
    user = UserFactory.create(username="demo-editor")
    response = unverified_client(user).get(english_url("accounts:enrol"))
    assert response.context["demo_code"] == next_usable_totp_code(pending_totp_device(user))
    assert BANNER in response.content.decode()


def test_no_code_for_accounts_that_are_not_demo_accounts(
    demo_on: None, unverified_client: ClientFor, personas: Personas
) -> None:
    enrol_totp(personas.lawyer)
    response = unverified_client(personas.lawyer).get(english_url("accounts:verify"))
    assert response.context["demo_code"] is None
    assert BANNER not in response.content.decode()


def test_no_code_outside_demo_mode(unverified_client: ClientFor, settings: object) -> None:
    settings.NAMA_DEMO_MODE = True  # type: ignore[attr-defined]
    settings.DEBUG = False  # type: ignore[attr-defined]
    user = UserFactory.create(username="demo-lawyer")
    device = enrol_totp(user)
    response = unverified_client(user).get(english_url("accounts:verify"))
    assert response.context["demo_code"] is None
    assert BANNER not in response.content.decode()
    assert next_usable_totp_code(device) not in response.content.decode()


def test_no_code_without_a_device(demo_on: None) -> None:
    assert demo_code_for(UserFactory.create(username="demo-x"), None) is None


def test_the_code_moves_on_once_the_current_one_is_used(demo_on: None) -> None:
    user = UserFactory.create(username="demo-analyst")
    device = enrol_totp(user)
    current = next_usable_totp_code(device)
    device.verify_token(current)
    device.refresh_from_db()
    assert demo_code_for(user, device) != current
    assert device.verify_token(demo_code_for(user, device))
