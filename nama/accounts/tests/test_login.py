"""The login page: password first, then the second factor on its own page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nama.testing.factories import DEFAULT_PASSWORD, enrol_totp
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str = DEFAULT_PASSWORD, **extra: str) -> Any:
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, **extra}
    )


def test_the_login_page_renders_with_labelled_fields(client: Client) -> None:
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert b'for="id_username"' in response.content
    assert b'autocomplete="current-password"' in response.content


def test_it_sends_unenrolled_staff_to_enrolment(client: Client, personas: Personas) -> None:
    personas.create("lawyer")
    response = login(client, "lawyer")
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert follow.status_code == 302
    assert follow["Location"].startswith(reverse("accounts:enrol"))


def test_it_sends_enrolled_staff_to_verification(client: Client, personas: Personas) -> None:
    enrol_totp(personas.lawyer)
    response = login(client, "lawyer")
    assert response["Location"].startswith(reverse("accounts:verify"))
    assert client.get(response["Location"]).status_code == 200


def test_it_keeps_the_page_asked_for(client: Client, personas: Personas) -> None:
    enrol_totp(personas.lawyer)
    response = login(client, "lawyer", next="/ar/accounts/workspace/")
    assert (
        response["Location"] == reverse("accounts:verify") + "?next=%2Far%2Faccounts%2Fworkspace%2F"
    )


def test_it_ignores_a_next_page_on_another_site(client: Client, personas: Personas) -> None:
    personas.create("lawyer")
    response = login(client, "lawyer", next="https://evil.example/")
    assert response["Location"] == reverse("accounts:verify")


def test_it_rejects_a_wrong_password(client: Client, personas: Personas) -> None:
    personas.create("lawyer")
    response = login(client, "lawyer", "wrong password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_refuses_deactivated_accounts(client: Client, personas: Personas) -> None:
    lawyer = personas.lawyer
    lawyer.is_active = False
    lawyer.save()
    response = login(client, "lawyer")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_rotates_the_session_key_at_login(client: Client, personas: Personas) -> None:
    client.get(reverse("portal:home"))
    session = client.session
    session["marker"] = "before"
    session.save()
    before = session.session_key
    personas.create("lawyer")
    login(client, "lawyer")
    assert client.session.session_key != before
    assert client.session["marker"] == "before"


def test_logout_needs_a_post_and_ends_the_session(
    verified_client: object, personas: Personas
) -> None:
    client = verified_client(personas.lawyer)  # type: ignore[operator]
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
