"""Two-factor authentication helpers on top of django-otp (TOTP apps and backup codes).

A staff member is *enrolled* once they hold a confirmed TOTP device. Backup
codes are a django-otp static device with ten single-use tokens, issued when
the TOTP device is confirmed.
"""

from __future__ import annotations

import base64
import enum
import time
from dataclasses import dataclass
from typing import Any

import segno
from django.db import transaction
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup codes"

# Arabic-Indic and Persian digits, as phones with Arabic or Kurdish keyboards type them.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def normalise_code(raw: str) -> str:
    """A code as typed (any digits, spaces, dashes, any case) in the form devices expect."""
    return "".join(raw.translate(_DIGITS).split()).replace("-", "").lower()


def is_verified(user: Any) -> bool:
    """Whether this request's user passed the second factor (set by django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(callable(check) and check())


def confirmed_totp_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_enrolled(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp_device(user: Any) -> TOTPDevice:
    """The unconfirmed device being enrolled; the same one until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    """The secret for typing into an app by hand, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` URL as an inline SVG QR code (rendered here, no external service)."""
    qr = segno.make(device.config_url, error="m")
    return str(qr.svg_inline(scale=5, border=2, svgclass="nama-qr", lineclass=None))


def totp_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the device's app shows at time ``at`` (now by default)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def next_usable_totp_code(device: TOTPDevice) -> str:
    """The current code, or the next one when the current one was already used."""
    now = time.time()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = now
    if totp.t() > device.last_t:
        return totp_code(device, at=now)
    return totp_code(device, at=now + device.step)


class Outcome(enum.Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class Verification:
    outcome: Outcome
    device: Device | None = None

    @property
    def accepted(self) -> bool:
        return self.outcome is Outcome.ACCEPTED


def _looks_like_totp(code: str) -> bool:
    return code.isdigit() and len(code) in (6, 8)


def _candidate_devices(user: Any, code: str) -> list[Device]:
    """TOTP devices for a numeric code, backup codes otherwise (so neither throttles the other)."""
    if _looks_like_totp(code):
        totp = TOTPDevice.objects.filter(user=user, confirmed=True)
        return list(totp.select_for_update().order_by("pk"))
    static = StaticDevice.objects.filter(user=user, confirmed=True)
    return list(static.select_for_update().order_by("pk"))


def verify_code(user: Any, raw_code: str, *, device: TOTPDevice | None = None) -> Verification:
    """Check a TOTP or backup code for ``user``; rows are locked so a code works once.

    With ``device`` only that (possibly unconfirmed) TOTP device is tried: used
    while enrolling. Otherwise a six-digit code goes to the confirmed TOTP
    devices and anything else to the backup codes. django-otp refuses a TOTP
    code at or before the last accepted time step (no replay), deletes a
    backup code once used, and throttles a device after failures (1, 2, 4...
    seconds); a throttled device reports THROTTLED.
    """
    code = normalise_code(raw_code)
    if not code or len(code) > 16:
        return Verification(Outcome.REJECTED)
    with transaction.atomic():
        if device is not None:
            devices: list[Device] = list(
                TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user)
            )
        else:
            devices = _candidate_devices(user, code)
        throttled = False
        for candidate in devices:
            allowed, _ = candidate.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if candidate.verify_token(code):
                return Verification(Outcome.ACCEPTED, candidate)
    return Verification(Outcome.THROTTLED if throttled else Outcome.REJECTED)


def issue_backup_codes(user: Any) -> list[str]:
    """Replace the user's backup codes with ten new ones and return them (shown once)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        codes: list[str] = []
        while len(codes) < BACKUP_CODE_COUNT:
            token = StaticToken.random_token()
            if token not in codes:
                codes.append(token)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in codes)
    return codes


def remaining_backup_codes(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def delete_devices(user: Any) -> int:
    """Remove every 2FA device of the user; returns how many were removed."""
    totp_deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    static_devices = StaticDevice.objects.filter(user=user)
    static_count = static_devices.count()
    static_devices.delete()
    return totp_deleted + static_count


def delete_devices_except(user: Any, keep: TOTPDevice) -> None:
    """Remove the user's other TOTP devices and backup codes (enrolment replaces them)."""
    TOTPDevice.objects.filter(user=user).exclude(pk=keep.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
