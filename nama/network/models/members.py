"""Members of the defenders' network, and applications to join it.

An application from the public "join the network" form is a member in status
``applied``; review accepts or declines it. Names and contacts are
identifying (encrypted, searchable through blind indexes); the risk level and
protection notes are confidential and reach only those who may see them
(``nama.network.access``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nama.core.fields import BlindIndexField, EncryptedCharField, EncryptedTextField

__all__ = ["Member", "MemberKind", "MemberLanguage", "MemberStatus", "RiskLevel", "Sex"]


class MemberKind(models.TextChoices):
    DEFENDER = "defender", _("human-rights defender")
    WOMAN_DEFENDER = "woman_defender", _("woman human-rights defender")
    VOLUNTEER = "volunteer", _("volunteer")
    TRAINER = "trainer", _("trainer")
    MONITOR = "monitor", _("monitor")
    LAWYER = "lawyer", _("lawyer")
    ORGANISATION = "organisation", _("partner organisation")


class MemberStatus(models.TextChoices):
    APPLIED = "applied", _("applied, awaiting review")
    ACCEPTED = "accepted", _("member")
    DECLINED = "declined", _("declined")
    LEFT = "left", _("left the network")


class RiskLevel(models.TextChoices):
    UNKNOWN = "", _("not assessed")
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


class Sex(models.TextChoices):
    UNKNOWN = "", _("not stated")
    FEMALE = "female", _("female")
    MALE = "male", _("male")


class MemberLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    KURDISH_SORANI = "ckb", _("Kurdish (Sorani)")
    KURDISH_BADINI = "kmr", _("Kurdish (Badini)")
    ENGLISH = "en", _("English")
    TURKMEN = "tk", _("Turkmen")
    SYRIAC = "syc", _("Syriac")


class Member(models.Model):
    kind = models.CharField(_("kind of member"), max_length=24, choices=MemberKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.APPLIED
    )
    # Identifying (DESIGN.md §4): encrypted, found through blind indexes.
    name = EncryptedCharField(_("name"), max_length=200)
    name_tokens = BlindIndexField(source="name", kind="tokens", normalizer="name")
    email = EncryptedCharField(_("e-mail"), max_length=254, blank=True)
    email_index = BlindIndexField(source="email", normalizer="email")
    phone = EncryptedCharField(_("phone"), max_length=50, blank=True)
    phone_index = BlindIndexField(source="phone", normalizer="phone")
    # Internal: what the directory filters on.
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    governorate = models.ForeignKey(
        "core.Governorate",
        on_delete=models.PROTECT,
        related_name="network_members",
        verbose_name=_("governorate"),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    areas_of_work = models.ManyToManyField(
        "core.Term",
        blank=True,
        related_name="network_members",
        verbose_name=_("areas of work"),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    skills = models.TextField(_("skills"), max_length=2000, blank=True)
    motivation = EncryptedTextField(_("why they want to join"), max_length=4000, blank=True)
    # Confidential: only those allowed (nama.network.access.can_see_protection).
    risk_level = models.CharField(
        _("risk level"), max_length=8, choices=RiskLevel.choices, blank=True
    )
    protection_notes = EncryptedTextField(_("protection notes"), max_length=8000, blank=True)
    # A member who is also a victim documented by the monitoring team.
    person = models.ForeignKey(
        "monitoring.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_members",
        verbose_name=_("monitoring person record"),
    )
    # The portal account of an accepted member, once invited.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_member",
        verbose_name=_("portal account"),
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    wants_digest = models.BooleanField(_("weekly digest e-mail"), default=False)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        indexes = [models.Index(fields=["status", "governorate"], name="network_member_status_gov")]

    def __str__(self) -> str:
        return f"M-{self.pk}"

    @property
    def reference(self) -> str:
        """What lists and logs show instead of the name."""
        return f"M-{self.pk:05d}" if self.pk else "M-new"

    @property
    def is_accepted(self) -> bool:
        return self.status == MemberStatus.ACCEPTED
