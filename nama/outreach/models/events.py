"""Public events (debates, workshops, sessions) and the registrations of the public.

An event moves draft -> published -> cancelled; only published events reach
the portal, the calendar, the iCal feed, the API and public search. Titles and
descriptions are per language (Arabic required, English and Kurdish optional);
descriptions are sanitised HTML (``nama.core.richtext``). Times are stored as
aware datetimes (UTC in the database) and shown in ``TIME_ZONE``
(Asia/Baghdad).

A registration holds identifying data: name, e-mail, phone and organisation
are encrypted at rest; e-mail and phone have blind indexes so a second
registration with the same contact is refused. No address, user agent or
other trace of the device is stored. The cancel code is random (128 bits),
shown once and sent in the confirmation e-mail; only its SHA-256 is kept.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nama.core.fields import BlindIndexField, EncryptedCharField

__all__ = [
    "EVENT_LANGUAGES",
    "EventKind",
    "EventRegistration",
    "EventStatus",
    "PublicEvent",
    "RegistrationStatus",
]

# Arabic first: the reference language, required; the others optional.
EVENT_LANGUAGES: tuple[str, ...] = ("ar", "en", "ckb")


class EventKind(models.TextChoices):
    DEBATE = "debate", _("public debate")
    WORKSHOP = "workshop", _("workshop")
    SESSION = "session", _("session")
    OTHER = "other", _("other event")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CANCELLED = "cancelled", _("cancelled")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


def _image_path(_instance: Any, filename: str) -> str:
    """A random name; the extension of the re-encoded image (jpg, png, webp) is kept."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = f".{extension}" if extension in ("jpg", "png", "webp") else ""
    return f"events/{uuid.uuid4().hex}{suffix}"


class PublicEvent(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ckb = models.CharField(_("title (Kurdish)"), max_length=300, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), max_length=50_000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=50_000, blank=True)
    description_ckb = models.TextField(_("description (Kurdish)"), max_length=50_000, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    online = models.BooleanField(_("online"), default=False)
    online_link = models.URLField(_("link to join online"), max_length=500, blank=True)
    governorate = models.ForeignKey(
        "core.Governorate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("governorate"),
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    registration_open = models.BooleanField(_("registration open"), default=True)
    registration_deadline = models.DateTimeField(_("registration closes"), null=True, blank=True)
    image = models.FileField(_("image"), upload_to=_image_path, blank=True)
    image_alt = models.CharField(_("image description"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("public event")
        verbose_name_plural = _("public events")
        indexes = [models.Index(fields=["status", "starts_at"], name="outreach_event_public")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="outreach_event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title_ar

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    def title_in(self, language: str | None) -> tuple[str, str]:
        """``(language, title)``: the title in ``language``, else Arabic."""
        if language in ("en", "ckb") and getattr(self, f"title_{language}"):
            return language, str(getattr(self, f"title_{language}"))
        return "ar", self.title_ar

    def description_in(self, language: str | None) -> tuple[str, str]:
        """``(language, description)`` in ``language`` when it has one, else Arabic."""
        if language in ("en", "ckb") and getattr(self, f"description_{language}"):
            return language, str(getattr(self, f"description_{language}"))
        return "ar", self.description_ar

    def languages(self) -> list[str]:
        """The languages this event has a title in, Arabic first."""
        return [code for code in EVENT_LANGUAGES if getattr(self, f"title_{code}")]

    def is_past(self, now: Any = None) -> bool:
        return self.ends_at < (now or timezone.now())

    def registration_is_open(self, now: Any = None) -> bool:
        """Published, taking registrations, before its deadline and before it starts."""
        now = now or timezone.now()
        if self.status != EventStatus.PUBLISHED or not self.registration_open:
            return False
        if self.registration_deadline is not None and now >= self.registration_deadline:
            return False
        return now < self.starts_at


class EventRegistration(models.Model):
    event = models.ForeignKey(
        PublicEvent,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("event"),
    )
    name = EncryptedCharField(_("name"), max_length=200)
    email = EncryptedCharField(_("e-mail"), max_length=254, blank=True)
    email_index = BlindIndexField(source="email", normalizer="email")
    phone = EncryptedCharField(_("phone"), max_length=50, blank=True)
    phone_index = BlindIndexField(source="phone", normalizer="phone")
    organisation = EncryptedCharField(_("organisation"), max_length=200, blank=True)
    governorate = models.ForeignKey(
        "core.Governorate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("governorate"),
    )
    # The language of the page the form was sent from: the e-mails use it.
    language = models.CharField(_("language"), max_length=8, default="ar")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    consent_at = models.DateTimeField(_("consent given at"))
    # SHA-256 (hex) of the cancel code; emptied once the code is used.
    cancel_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    attended = models.BooleanField(_("attended"), default=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["event", "status"], name="outreach_eventreg_status"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"
