"""Staff users, their roles (Django groups) and governorate scopes."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_security_stamp() -> str:
    return secrets.token_hex(16)


class User(AbstractUser):
    class Digits(models.TextChoices):
        LATIN = "latin", _("Latin digits (0123)")
        ARABIC_INDIC = "arabic", _("Arabic-Indic digits (٠١٢٣)")

    governorates = models.ManyToManyField(
        "core.Governorate",
        blank=True,
        related_name="staff",
        verbose_name=_("governorates"),
        help_text=_("The governorates this person works in; scoped roles see only these."),
    )
    digits = models.CharField(
        _("digits"), max_length=8, choices=Digits.choices, default=Digits.LATIN
    )
    # Copied into the session at login and compared on every request by
    # StaffSecurityMiddleware: a new stamp ends every session of the user
    # (2FA enrolled or reset, deactivated, "sign out everywhere").
    security_stamp = models.CharField(
        _("security stamp"), max_length=32, default=new_security_stamp, editable=False
    )

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")
