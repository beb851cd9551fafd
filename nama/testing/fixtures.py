"""pytest fixtures for every app's tests (registered in the root conftest.py).

- ``governorates``: Baghdad and Erbil (``{"baghdad": ..., "erbil": ...}``).
- ``personas``: the cast of ``nama.testing.personas``.
- ``verified_client``: ``verified_client(user)`` is a test client logged in as
  ``user`` with the second factor already verified, as after a real login.
- ``unverified_client``: logged in with the password only (2FA still due).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from nama.accounts.models import User
from nama.core.models import Governorate
from nama.testing.factories import enrol_totp, governorate
from nama.testing.personas import Personas

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def login_client(user: User, *, verified: bool, client: Client | None = None) -> Client:
    """A client with a session for ``user``; ``verified`` marks 2FA done (enrolling if needed)."""
    client = client or Client()
    # The first backend is django-axes' (authentication only); sessions use ModelBackend.
    client.force_login(user, backend=MODEL_BACKEND)
    if verified:
        device = enrol_totp(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def governorates(db: None) -> dict[str, Governorate]:
    return {slug: governorate(slug) for slug in ("baghdad", "erbil")}


@pytest.fixture
def personas(db: None, governorates: dict[str, Governorate]) -> Personas:
    return Personas()


@pytest.fixture
def verified_client(db: None) -> Callable[[User], Client]:
    def make(user: User) -> Client:
        return login_client(user, verified=True)

    return make


@pytest.fixture
def unverified_client(db: None) -> Callable[[User], Client]:
    def make(user: User) -> Client:
        return login_client(user, verified=False)

    return make
