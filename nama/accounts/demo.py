"""Demo mode: the seeded demo accounts and the on-page TOTP helper.

Both exist only when ``DEBUG`` and ``NAMA_DEMO_MODE`` are on together. With
either off, the verify and enrolment pages never show a code, whoever logs in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from nama.accounts.otp import next_usable_totp_code
from nama.core.roles import Role

DEMO_USERNAME_PREFIX = "demo-"
# Documented in README and docs/accounts.md; only ever set by `seed_demo`,
# which refuses to run outside demo mode unless forced.
DEMO_PASSWORD = "nama-demo-password"  # noqa: S105 - a published demo password


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    governorates: tuple[str, ...]
    first_name: str
    last_name: str


# One account per role. Governorate slugs follow shared/data/governorates.csv.
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("demo-operator", Role.HOTLINE_OPERATOR, ("baghdad",), "Huda", "Operator"),
    DemoUser("demo-lawyer", Role.LAWYER, ("baghdad",), "Karim", "Lawyer"),
    DemoUser("demo-lawyer-erbil", Role.LAWYER, ("erbil",), "Shirin", "Lawyer"),
    DemoUser("demo-legal-coordinator", Role.LEGAL_COORDINATOR, (), "Layla", "Coordinator"),
    DemoUser("demo-monitor", Role.MONITOR, ("baghdad",), "Ali", "Monitor"),
    DemoUser("demo-monitor-erbil", Role.MONITOR, ("erbil",), "Dilan", "Monitor"),
    DemoUser("demo-analyst", Role.ANALYST, (), "Noor", "Analyst"),
    DemoUser("demo-director", Role.DIRECTOR, (), "Samir", "Director"),
    DemoUser("demo-trainer", Role.TRAINER, ("baghdad",), "Zainab", "Trainer"),
    DemoUser("demo-training-coordinator", Role.TRAINING_COORDINATOR, (), "Omar", "Coordinator"),
    DemoUser("demo-editor", Role.EDITOR, (), "Maryam", "Editor"),
    DemoUser("demo-sysadmin", Role.SYSADMIN, (), "Hassan", "Admin"),
)


def demo_mode_enabled() -> bool:
    return bool(settings.DEBUG and settings.NAMA_DEMO_MODE)


def is_demo_user(user: Any) -> bool:
    return bool(getattr(user, "username", "").startswith(DEMO_USERNAME_PREFIX))


def demo_code_for(user: Any, device: TOTPDevice | None) -> str | None:
    """The code to show on the page for a demo account in demo mode; otherwise None."""
    if not demo_mode_enabled():
        return None
    if not is_demo_user(user):
        return None
    if device is None:
        return None
    return next_usable_totp_code(device)
