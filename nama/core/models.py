"""Reference data every app stands on: governorates and controlled vocabularies.

The audit log lives in ``nama.core.audit`` and is imported at the bottom so
Django registers it with this app.
"""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class TranslatedNameMixin(models.Model):
    """``name_ar``/``name_en``/``name_ckb`` with a ``name`` for the active language.

    Sorani falls back to Arabic (the centre's reference language) while the
    Kurdish translations are incomplete.
    """

    name_ar = models.CharField(_("name (Arabic)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    name_ckb = models.CharField(_("name (Kurdish Sorani)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (translation.get_language() or "ar").split("-")[0]
        if language == "en":
            return self.name_en or self.name_ar
        if language == "ckb":
            return self.name_ckb or self.name_ar
        return self.name_ar


class Governorate(TranslatedNameMixin):
    slug = models.SlugField(_("slug"), unique=True)
    # Halabja has no ISO 3166-2 code yet, hence blank.
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=8, blank=True)
    kurdistan_region = models.BooleanField(_("in the Kurdistan Region"), default=False)
    capital_ar = models.CharField(_("capital (Arabic)"), max_length=100)
    capital_en = models.CharField(_("capital (English)"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("governorate")
        verbose_name_plural = _("governorates")
        constraints = [
            models.UniqueConstraint(
                fields=["iso_code"],
                condition=~models.Q(iso_code=""),
                name="governorate_iso_code_unique",
            )
        ]


class District(TranslatedNameMixin):
    """A district (qadha, قضاء) of a governorate; curated seed data (``seed/districts.csv``)."""

    governorate = models.ForeignKey(
        Governorate,
        on_delete=models.PROTECT,
        related_name="districts",
        verbose_name=_("governorate"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["governorate__sort_order", "sort_order", "slug"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class Vocabulary(TranslatedNameMixin):
    key = models.SlugField(_("key"), max_length=64, unique=True)
    huridocs = models.CharField(_("HURIDOCS micro-thesaurus"), max_length=16, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("vocabulary")
        verbose_name_plural = _("vocabularies")


class TermQuerySet(models.QuerySet["Term"]):
    def active(self) -> TermQuerySet:
        return self.filter(retired_at__isnull=True)

    def of(self, vocabulary_key: str) -> TermQuerySet:
        return self.filter(vocabulary__key=vocabulary_key)


class Term(TranslatedNameMixin):
    """One entry of a vocabulary; hierarchical by ``parent``; retired, never deleted."""

    vocabulary = models.ForeignKey(
        Vocabulary, on_delete=models.PROTECT, related_name="terms", verbose_name=_("vocabulary")
    )
    code = models.CharField(_("code"), max_length=32)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("broader term"),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["vocabulary", "sort_order", "code"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="term_code_unique")
        ]

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def depth(self) -> int:
        return len(self.code) // 2 - 1 if self.code.isdigit() else 0


class WorkerHeartbeat(models.Model):
    """Last sign of life of each task worker; ``/healthz`` reads it."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return self.worker_id


from nama.core.audit import AuditEntry  # noqa: E402,F401  - registers the model
from nama.core.evidence.models import CustodyEvent, EvidenceFile  # noqa: E402,F401
