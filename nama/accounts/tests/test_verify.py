"""Verification: the second factor at every login, with replay and guessing refused."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from nama.accounts.models import User
from nama.accounts.otp import issue_backup_codes, totp_code
from nama.testing.factories import enrol_totp
from nama.testing.i18n import english_url
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]


@pytest.fixture(autouse=True)
def _no_throttle_delay(settings: object) -> None:
    """django-otp's back-off would refuse a good code right after a wrong one."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]


def submit(client: Client, code: str, **extra: str) -> Any:
    return client.post(reverse("accounts:verify"), {"code": code, **extra})


def submit_en(client: Client, code: str, **extra: str) -> Any:
    return client.post(english_url("accounts:verify"), {"code": code, **extra})


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"


def test_the_verify_page_asks_for_a_code(unverified_client: ClientFor, personas: Personas) -> None:
    enrol_totp(personas.lawyer)
    response = unverified_client(personas.lawyer).get(reverse("accounts:verify"))
    assert response.status_code == 200
    assert b'autocomplete="one-time-code"' in response.content


@pytest.mark.parametrize("url", ["/ar/accounts/workspace/", "/ar/admin/"])
def test_enrolled_but_unverified_staff_are_sent_to_verification(
    unverified_client: ClientFor, personas: Personas, url: str
) -> None:
    enrol_totp(personas.sysadmin)
    response = unverified_client(personas.sysadmin).get(url)
    assert response["Location"] == f"{reverse('accounts:verify')}?next={url.replace('/', '%2F')}"


def test_a_valid_code_verifies_the_session_and_goes_on(
    unverified_client: ClientFor, personas: Personas
) -> None:
    device = enrol_totp(personas.lawyer)
    client = unverified_client(personas.lawyer)
    response = submit(client, totp_code(device), next="/ar/accounts/workspace/")
    assert response["Location"] == "/ar/accounts/workspace/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/ar/accounts/workspace/").status_code == 200


def test_it_rotates_the_session_key_at_verification(
    unverified_client: ClientFor, personas: Personas
) -> None:
    device = enrol_totp(personas.lawyer)
    client = unverified_client(personas.lawyer)
    before = client.session.session_key
    submit(client, totp_code(device))
    assert client.session.session_key != before


def test_a_used_code_cannot_be_replayed(unverified_client: ClientFor, personas: Personas) -> None:
    device = enrol_totp(personas.lawyer)
    code = totp_code(device)
    assert submit(unverified_client(personas.lawyer), code).status_code == 302
    device.refresh_from_db()
    assert device.last_t >= int((time.time() - device.t0) // device.step) - 1
    second = unverified_client(personas.lawyer)
    response = submit(second, code)
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert DEVICE_ID_SESSION_KEY not in second.session


def test_a_backup_code_works_once(unverified_client: ClientFor, personas: Personas) -> None:
    enrol_totp(personas.lawyer)
    codes = issue_backup_codes(personas.lawyer)
    first = unverified_client(personas.lawyer)
    response = submit(first, codes[0].upper())
    assert response.status_code == 302
    second = unverified_client(personas.lawyer)
    assert submit(second, codes[0]).status_code == 200
    assert DEVICE_ID_SESSION_KEY not in second.session


def test_using_a_backup_code_tells_how_many_are_left(
    unverified_client: ClientFor, personas: Personas
) -> None:
    enrol_totp(personas.lawyer)
    codes = issue_backup_codes(personas.lawyer)
    client = unverified_client(personas.lawyer)
    response = submit_en(client, codes[3], next="/en/accounts/workspace/")
    page = client.get(response["Location"])
    assert [str(m) for m in page.context["messages"]] == [
        "You used a backup code. 9 backup codes are left."
    ]


def test_too_many_wrong_codes_log_the_user_out(
    unverified_client: ClientFor, personas: Personas, settings: object
) -> None:
    settings.AXES_FAILURE_LIMIT = 50  # type: ignore[attr-defined]
    device = enrol_totp(personas.lawyer)
    client = unverified_client(personas.lawyer)
    for _ in range(4):
        assert submit(client, wrong_code(device)).status_code == 200
    response = submit(client, wrong_code(device))
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_wrong_codes_count_towards_the_login_lockout(
    unverified_client: ClientFor, personas: Personas
) -> None:
    device = enrol_totp(personas.lawyer)
    client = unverified_client(personas.lawyer)
    for _ in range(4):
        submit(client, wrong_code(device))
    response = submit(client, wrong_code(device))
    assert response.status_code == 429
    assert AccessAttempt.objects.get(username="lawyer").failures_since_start == 5
    assert "_auth_user_id" not in client.session


def test_a_throttled_device_says_to_wait(
    unverified_client: ClientFor, personas: Personas, settings: object
) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # type: ignore[attr-defined]
    device = enrol_totp(personas.lawyer)
    client = unverified_client(personas.lawyer)
    submit(client, wrong_code(device))
    response = submit_en(client, totp_code(device))
    assert "Wait a minute" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_unenrolled_staff_are_sent_to_enrolment(
    unverified_client: ClientFor, personas: Personas
) -> None:
    response = unverified_client(personas.lawyer).get(reverse("accounts:verify"))
    assert response["Location"].startswith(reverse("accounts:enrol"))


def test_verified_staff_skip_the_page(verified_client: ClientFor, personas: Personas) -> None:
    response = verified_client(personas.lawyer).get(reverse("accounts:verify"))
    assert response["Location"] == reverse("accounts:workspace")


def test_another_users_code_does_not_verify(
    unverified_client: ClientFor, personas: Personas
) -> None:
    enrol_totp(personas.lawyer)
    other = enrol_totp(personas.other_lawyer)
    client = unverified_client(personas.lawyer)
    assert submit(client, totp_code(other)).status_code == 200
    assert DEVICE_ID_SESSION_KEY not in client.session
