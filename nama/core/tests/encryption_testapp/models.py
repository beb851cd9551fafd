from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from nama.core.fields import BlindIndexField, EncryptedCharField, EncryptedTextField


class Contact(models.Model):
    """A person as intake or monitoring will store one: identifying fields encrypted."""

    name = EncryptedCharField(_("name"), max_length=200)
    name_tokens = BlindIndexField(source="name", kind="tokens", normalizer="name")
    phone = EncryptedCharField(_("phone"), max_length=50, blank=True)
    phone_index = BlindIndexField(source="phone", normalizer="phone")
    email = EncryptedCharField(_("e-mail"), max_length=254, blank=True, null=True)
    email_index = BlindIndexField(
        source="email", normalizer="email", purpose="encryption_testapp.contact.email"
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)

    # Declared because mypy's Django plugin reads nama.settings, where this
    # test-only app is not installed.
    objects: ClassVar[models.Manager[Contact]] = models.Manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"contact {self.pk}"
