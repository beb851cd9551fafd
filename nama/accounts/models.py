"""Staff users, their roles (Django groups) and governorate scopes."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")
