"""Enrolment: the authenticator app is set up before anything else is reachable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from nama.accounts.models import User
from nama.accounts.otp import pending_totp_device, totp_code
from nama.testing.i18n import english_url
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]


def confirm(client: Client, code: str, **extra: str) -> Any:
    return client.post(reverse("accounts:enrol"), {"code": code, **extra})


def test_it_shows_a_qr_code_and_the_secret_for_manual_entry(
    unverified_client: ClientFor, personas: Personas
) -> None:
    client = unverified_client(personas.lawyer)
    response = client.get(reverse("accounts:enrol"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    assert "style=" not in html
    assert "<script>" not in html
    device = TOTPDevice.objects.get(user=personas.lawyer)
    assert not device.confirmed
    secret = response.context["secret"]
    assert secret in html
    assert all(len(group) == 4 for group in secret.split())


def test_it_keeps_the_same_secret_until_confirmed(
    unverified_client: ClientFor, personas: Personas
) -> None:
    client = unverified_client(personas.lawyer)
    first = client.get(reverse("accounts:enrol")).context["secret"]
    second = client.get(reverse("accounts:enrol")).context["secret"]
    assert first == second
    assert TOTPDevice.objects.filter(user=personas.lawyer).count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/ar/accounts/workspace/",
        "/ar/accounts/password/",
        "/ar/accounts/two-factor/backup-codes/",
        "/ar/admin/",
        "/ar/admin/accounts/user/",
    ],
)
def test_unenrolled_staff_reach_only_enrolment(
    unverified_client: ClientFor, personas: Personas, url: str
) -> None:
    client = unverified_client(personas.sysadmin)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:enrol") + "?next=")


def test_unenrolled_staff_get_no_api_access_by_session(
    unverified_client: ClientFor, personas: Personas
) -> None:
    client = unverified_client(personas.director)
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)


def test_unenrolled_staff_may_still_read_public_pages(
    unverified_client: ClientFor, personas: Personas
) -> None:
    client = unverified_client(personas.lawyer)
    assert client.get(reverse("portal:home")).status_code == 200


def test_it_confirms_the_device_with_a_valid_code(
    unverified_client: ClientFor, personas: Personas
) -> None:
    client = unverified_client(personas.lawyer)
    client.get(reverse("accounts:enrol"))
    device = pending_totp_device(personas.lawyer)
    before = client.session.session_key
    response = confirm(client, totp_code(device), next="/ar/accounts/workspace/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:backup_codes"))
    device.refresh_from_db()
    assert device.confirmed
    assert client.session.session_key != before
    assert client.get(reverse("accounts:workspace")).status_code == 200


def test_it_accepts_arabic_indic_digits_and_spaces(
    unverified_client: ClientFor, personas: Personas
) -> None:
    client = unverified_client(personas.lawyer)
    device = pending_totp_device(personas.lawyer)
    code = totp_code(device)
    arabic = " ".join(code[:3].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))) + code[3:]
    assert confirm(client, arabic).status_code == 302


def test_it_rejects_a_wrong_code_with_a_translated_error(
    unverified_client: ClientFor, personas: Personas
) -> None:
    client = unverified_client(personas.lawyer)
    device = pending_totp_device(personas.lawyer)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    url = english_url("accounts:enrol")
    response = client.post(url, {"code": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert response.context["form"].errors["code"]
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("accounts:workspace")).status_code == 302


def test_it_shows_ten_backup_codes_once(unverified_client: ClientFor, personas: Personas) -> None:
    client = unverified_client(personas.lawyer)
    device = pending_totp_device(personas.lawyer)
    confirm(client, totp_code(device))
    first = client.get(reverse("accounts:backup_codes"))
    codes = first.context["codes"]
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert all(code in first.content.decode() for code in codes)
    assert StaticToken.objects.filter(device__user=personas.lawyer).count() == 10
    again = client.get(reverse("accounts:backup_codes"))
    assert again.context["codes"] is None
    assert codes[0] not in again.content.decode()


def test_a_new_set_of_backup_codes_replaces_the_old_one(
    verified_client: ClientFor, personas: Personas
) -> None:
    client = verified_client(personas.lawyer)
    client.post(reverse("accounts:backup_codes"))
    first = client.get(reverse("accounts:backup_codes")).context["codes"]
    client.post(reverse("accounts:backup_codes"))
    second = client.get(reverse("accounts:backup_codes")).context["codes"]
    tokens = set(
        StaticToken.objects.filter(device__user=personas.lawyer).values_list("token", flat=True)
    )
    assert tokens == set(second)
    assert not tokens & set(first)


def test_enrolled_staff_are_sent_on_to_verification(
    unverified_client: ClientFor, personas: Personas
) -> None:
    client = unverified_client(personas.lawyer)
    device = pending_totp_device(personas.lawyer)
    device.confirmed = True
    device.save()
    response = client.get(reverse("accounts:enrol"))
    assert response["Location"].startswith(reverse("accounts:verify"))


def test_enrolling_ends_the_other_sessions(
    unverified_client: ClientFor, personas: Personas
) -> None:
    intruder = unverified_client(personas.lawyer)
    client = unverified_client(personas.lawyer)
    confirm(client, totp_code(pending_totp_device(personas.lawyer)))
    response = intruder.get(reverse("accounts:enrol"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in intruder.session
    assert client.get(reverse("accounts:workspace")).status_code == 200


def test_anonymous_visitors_are_sent_to_login(client: Client) -> None:
    response = client.get(reverse("accounts:enrol"))
    assert response["Location"].startswith(reverse("accounts:login"))
