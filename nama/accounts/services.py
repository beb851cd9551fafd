"""Writes on staff accounts: sessions, 2FA devices, deactivation. Atomic and audited."""

from __future__ import annotations

import logging
from importlib import import_module
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction

from nama.accounts import otp
from nama.accounts.models import User, new_security_stamp

logger = logging.getLogger(__name__)

# Session keys set at login and checked by StaffSecurityMiddleware.
SESSION_STAMP_KEY = "nama_security_stamp"
SESSION_ACTIVITY_KEY = "nama_last_activity"


def audit(
    actor: Any,
    action: str,
    target: Any = None,
    data: dict[str, Any] | None = None,
    *,
    reason: str = "",
) -> None:
    """Write to the audit log (``nama.core.audit.log_action``) once it exists."""
    try:
        module = import_module("nama.core.audit")
    except ImportError:
        module = None
    log_action = getattr(module, "log_action", None)
    if log_action is None:
        logger.warning("audit log not available; %s not recorded", action)
        return
    log_action(actor, action, target, data, reason=reason)


def remember_security_stamp(session: SessionBase, user: User) -> None:
    session[SESSION_STAMP_KEY] = user.security_stamp


def user_end_sessions(*, user: User, by: Any, keep: SessionBase | None = None) -> None:
    """End every session of ``user`` by giving them a new security stamp.

    ``keep`` is a session to carry over (the one the user is acting in, after
    enrolling a device). Other sessions fail the middleware's stamp check on
    their next request.
    """
    with transaction.atomic():
        user.security_stamp = new_security_stamp()
        user.save(update_fields=["security_stamp"])
        audit(by, "accounts.user.sessions_ended", user)
    if keep is not None:
        remember_security_stamp(keep, user)


def user_reset_2fa(*, user: User, by: Any, reason: str = "") -> int:
    """Delete the user's TOTP device and backup codes and end their sessions.

    They enrol again at their next login. Returns how many devices were removed.
    """
    with transaction.atomic():
        removed = otp.delete_devices(user)
        user.security_stamp = new_security_stamp()
        user.save(update_fields=["security_stamp"])
        audit(by, "accounts.user.2fa_reset", user, {"devices_removed": removed}, reason=reason)
    return removed


def user_enrol_totp(*, user: User, device: Any, session: SessionBase) -> list[str]:
    """Confirm the verified TOTP ``device``, issue backup codes, end other sessions.

    The caller has checked a code from the device. Returns the ten backup
    codes, to be shown once.
    """
    with transaction.atomic():
        otp.delete_devices_except(user, device)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = otp.issue_backup_codes(user)
        user.security_stamp = new_security_stamp()
        user.save(update_fields=["security_stamp"])
        audit(user, "accounts.user.2fa_enrolled", user)
    remember_security_stamp(session, user)
    return codes


def user_regenerate_backup_codes(*, user: User) -> list[str]:
    with transaction.atomic():
        codes = otp.issue_backup_codes(user)
        audit(user, "accounts.user.backup_codes_issued", user)
    return codes


def user_deactivate(*, user: User, by: Any, reason: str = "") -> None:
    """Deactivate the account and end its sessions (accounts are never deleted)."""
    with transaction.atomic():
        user.is_active = False
        user.security_stamp = new_security_stamp()
        user.save(update_fields=["is_active", "security_stamp"])
        audit(by, "accounts.user.deactivated", user, reason=reason)
