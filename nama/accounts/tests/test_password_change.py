"""Changing one's password keeps this session and ends the others."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nama.accounts.models import User
from nama.testing.factories import DEFAULT_PASSWORD
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
NEW_PASSWORD = "a-much-longer-new-passphrase-2026"


def change(client: Client, old: str = DEFAULT_PASSWORD, new: str = NEW_PASSWORD) -> Any:
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_the_page_renders_for_verified_staff(
    verified_client: ClientFor, personas: Personas
) -> None:
    response = verified_client(personas.lawyer).get(reverse("accounts:password_change"))
    assert response.status_code == 200
    assert b'name="old_password"' in response.content


def test_it_needs_the_second_factor(unverified_client: ClientFor, personas: Personas) -> None:
    response = unverified_client(personas.lawyer).get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:enrol"))


def test_it_changes_the_password_and_keeps_this_session(
    verified_client: ClientFor, personas: Personas
) -> None:
    client = verified_client(personas.lawyer)
    response = change(client)
    assert response["Location"] == reverse("accounts:workspace")
    personas.lawyer.refresh_from_db()
    assert personas.lawyer.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:workspace")).status_code == 200


def test_it_ends_the_other_sessions(verified_client: ClientFor, personas: Personas) -> None:
    other = verified_client(personas.lawyer)
    client = verified_client(personas.lawyer)
    change(client)
    response = other.get(reverse("accounts:workspace"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_refuses_a_wrong_old_password(verified_client: ClientFor, personas: Personas) -> None:
    client = verified_client(personas.lawyer)
    response = change(client, old="not it")
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]


def test_it_applies_the_password_rules(verified_client: ClientFor, personas: Personas) -> None:
    client = verified_client(personas.lawyer)
    response = change(client, new="short")
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
