"""Account changes land in the real, hash-chained audit log."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from nama.accounts import services
from nama.accounts.models import User
from nama.accounts.otp import pending_totp_device, totp_code
from nama.core.audit import AuditEntry
from nama.testing.factories import DEFAULT_PASSWORD, enrol_totp
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]


def entries(action: str) -> list[tuple[str, str, str]]:
    rows = AuditEntry.objects.filter(action=action).order_by("pk")
    return list(rows.values_list("actor_username", "target_type", "target_id"))


def test_a_2fa_reset_is_audited_with_actor_and_reason(personas: Personas) -> None:
    enrol_totp(personas.lawyer)
    services.user_reset_2fa(user=personas.lawyer, by=personas.sysadmin, reason="lost phone")
    entry = AuditEntry.objects.get(action="accounts.user.2fa_reset")
    assert (entry.actor_username, entry.target_id) == ("sysadmin", str(personas.lawyer.pk))
    assert entry.data == {"devices_removed": 1}
    assert entry.reason == "lost phone"


def test_enrolment_is_audited(unverified_client: ClientFor, personas: Personas) -> None:
    client = unverified_client(personas.lawyer)
    client.post(
        reverse("accounts:enrol"), {"code": totp_code(pending_totp_device(personas.lawyer))}
    )
    assert entries("accounts.user.2fa_enrolled") == [
        ("lawyer", "accounts.user", str(personas.lawyer.pk))
    ]


def test_a_password_change_is_audited(verified_client: ClientFor, personas: Personas) -> None:
    new = "another-long-passphrase-2026"
    verified_client(personas.lawyer).post(
        reverse("accounts:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert entries("accounts.user.password_changed") == [
        ("lawyer", "accounts.user", str(personas.lawyer.pk))
    ]


def test_deactivation_and_sign_out_everywhere_are_audited(personas: Personas) -> None:
    services.user_end_sessions(user=personas.lawyer, by=personas.sysadmin)
    services.user_deactivate(user=personas.lawyer, by=personas.sysadmin, reason="left")
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == [
        "accounts.user.sessions_ended",
        "accounts.user.deactivated",
    ]
