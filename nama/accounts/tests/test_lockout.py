"""Lockout after repeated login failures, keyed by user name and client address."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from nama.testing.factories import DEFAULT_PASSWORD
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db


def attempt(
    client: Client, password: str, forwarded_for: str | None = None, remote: str = "203.0.113.9"
) -> Any:
    extra: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(
        reverse("accounts:login"), {"username": "lawyer", "password": password}, **extra
    )


def test_it_locks_out_after_the_failure_limit(
    client: Client, personas: Personas, settings: object
) -> None:
    personas.create("lawyer")
    limit = settings.AXES_FAILURE_LIMIT  # type: ignore[attr-defined]
    for _ in range(limit - 1):
        assert attempt(client, "wrong").status_code == 200
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    # Now even the right password is refused.
    assert attempt(client, DEFAULT_PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_locked_out_page_is_translated(client: Client, personas: Personas) -> None:
    personas.create("lawyer")
    for _ in range(5):
        response = client.post("/en/accounts/login/", {"username": "lawyer", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 429
    assert "Login temporarily blocked" in html
    assert "Try again in 30 minutes." in html


def test_a_lockout_is_per_address(client: Client, personas: Personas) -> None:
    personas.create("lawyer")
    for _ in range(5):
        attempt(client, "wrong", remote="203.0.113.9")
    assert attempt(client, DEFAULT_PASSWORD, remote="198.51.100.7").status_code == 302


def test_spoofed_x_forwarded_for_is_ignored_by_default(client: Client, personas: Personas) -> None:
    personas.create("lawyer")
    for n in range(4):
        attempt(client, "wrong", forwarded_for=f"10.0.0.{n}")
    assert attempt(client, "wrong", forwarded_for="10.0.0.99").status_code == 429


def test_x_forwarded_for_is_honoured_behind_a_trusted_proxy(
    client: Client, personas: Personas, settings: object
) -> None:
    settings.NAMA_TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    personas.create("lawyer")
    for _ in range(5):
        attempt(client, "wrong", forwarded_for="198.51.100.1", remote="10.0.0.2")
    # Another client behind the same proxy is not locked out.
    response = attempt(client, DEFAULT_PASSWORD, forwarded_for="198.51.100.2", remote="10.0.0.2")
    assert response.status_code == 302


def test_a_client_cannot_escape_a_lockout_by_prepending_addresses(
    client: Client, personas: Personas, settings: object
) -> None:
    settings.NAMA_TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    personas.create("lawyer")
    for n in range(4):
        attempt(client, "wrong", forwarded_for=f"10.9.9.{n}, 198.51.100.1", remote="10.0.0.2")
    response = attempt(client, "wrong", forwarded_for="1.1.1.1, 198.51.100.1", remote="10.0.0.2")
    assert response.status_code == 429
