"""Periodic reports, their frozen builds, and the bodies the centre reports to.

* **Report**: what staff set up: title, language, period, which records count
  (violation status at or above a level), audience, and the sections staff
  write (context, recommendations), plus chosen de-identified case summaries.
* **ReportBuild**: one frozen snapshot of a report: the inputs as they were
  when the build was asked for, the figures computed from them (``data``,
  with its SHA-256 ``fingerprint``) and the PDF, DOCX and XLSX made from
  them. Rendering a build again from ``data`` gives the same content; a
  director approves one build for the public portal.
* **Body** and **Dispatch**: who the centre reports to (UN mechanisms,
  international NGOs, embassies, Iraqi authorities) and what went to whom,
  when, how, and what came back.

Nothing here is identifying: reports hold aggregates and summaries written to
be published. The UN submission draft (``nama/reports/un_draft.py``) reads
identities from monitoring records and stores nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "DOCUMENT_CONTENT_TYPES",
    "Body",
    "BodyKind",
    "BuildStatus",
    "Channel",
    "Dispatch",
    "PeriodKind",
    "Report",
    "ReportAudience",
    "ReportBuild",
    "ReportCaseSummary",
    "ReportLanguage",
]


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")
    CUSTOM = "custom", _("custom period")


class ReportLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")


class ReportAudience(models.TextChoices):
    PUBLIC = "public", _("public (small numbers hidden; may be published)")
    INTERNAL = "internal", _("internal (exact numbers; never published)")


class BuildStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("building")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class Report(models.Model):
    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(
        _("language"), max_length=3, choices=ReportLanguage.choices, default=ReportLanguage.ARABIC
    )
    period_kind = models.CharField(
        _("period"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.QUARTER
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    governorate = models.ForeignKey(
        "core.Governorate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("governorate"),
        help_text=_("Leave empty for the whole of Iraq."),
    )
    minimum_status = models.CharField(
        _("counts events whose violation status is at least"), max_length=4, default="02"
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=ReportAudience.choices, default=ReportAudience.PUBLIC
    )
    context = models.TextField(
        _("context"),
        blank=True,
        max_length=20000,
        help_text=_("The situation in the period, in neutral language. Never names."),
    )
    recommendations = models.TextField(
        _("recommendations"),
        blank=True,
        max_length=20000,
        help_text=_("To the authorities and international bodies."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="reports_report_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(language__in=ReportLanguage.values), name="reports_report_language"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=ReportAudience.values), name="reports_report_audience"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class ReportCaseSummary(models.Model):
    """A documented event told in a few de-identified sentences, chosen for a report."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="case_summaries", verbose_name=_("report")
    )
    event = models.ForeignKey(
        "monitoring.Event",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("documented event"),
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(
        _("summary"),
        max_length=5000,
        help_text=_(
            "Written to be published: no names, no exact places, nothing that "
            "identifies a victim, a witness or a source."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "position", "id"]
        verbose_name = _("case summary")
        verbose_name_plural = _("case summaries")

    def __str__(self) -> str:
        return f"case summary #{self.pk}"


# The three documents of a build, by file extension.
DOCUMENT_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _build_upload_to(_instance: Any, filename: str) -> str:
    # Random names: the stored name says nothing; downloads get a readable name.
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"reports/{uuid.uuid4().hex}.{extension}"


class ReportBuild(models.Model):
    """One frozen build of a report: inputs, figures, fingerprint and the three files."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="builds", verbose_name=_("report")
    )
    number = models.PositiveIntegerField(_("build"))
    inputs = models.JSONField(_("inputs"))
    data = models.JSONField(_("content"), null=True, blank=True)
    fingerprint = models.CharField(_("data fingerprint"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BuildStatus.choices, default=BuildStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress"), default=0, validators=[MaxValueValidator(100), MinValueValidator(0)]
    )
    error = models.CharField(_("error"), max_length=300, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=_build_upload_to, blank=True)
    docx = models.FileField(_("DOCX"), upload_to=_build_upload_to, blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to=_build_upload_to, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked for at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("report build")
        verbose_name_plural = _("report builds")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reports_build_number"),
            models.CheckConstraint(
                condition=Q(status__in=BuildStatus.values), name="reports_build_status"
            ),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(status=BuildStatus.DONE),
                name="reports_build_approved_only_when_done",
            ),
        ]
        indexes = [models.Index(fields=["approved_at"], name="reports_build_published_idx")]

    def __str__(self) -> str:
        return f"{self.report.reference}/{self.number}"

    @property
    def is_published(self) -> bool:
        return self.approved_at is not None and self.withdrawn_at is None

    @property
    def building(self) -> bool:
        return self.status in {BuildStatus.QUEUED, BuildStatus.RUNNING}


class BodyKind(models.TextChoices):
    UN_MECHANISM = "un_mechanism", _("UN mechanism (treaty body, UPR, OHCHR, UNAMI)")
    SPECIAL_PROCEDURE = "special_procedure", _("UN special procedure")
    INGO = "ingo", _("international NGO")
    EMBASSY = "embassy", _("embassy (human-rights section)")
    AUTHORITY = "authority", _("Iraqi authority")
    PARLIAMENT = "parliament", _("parliament committee")
    OTHER = "other", _("other")


class Body(models.Model):
    """A body the centre reports to, with how to reach it."""

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    address = models.TextField(_("address"), blank=True, max_length=1000)
    website = models.URLField(_("website or submission portal"), blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    active = models.BooleanField(_("still reported to"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("body reported to")
        verbose_name_plural = _("bodies reported to")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=BodyKind.values), name="reports_body_kind")
        ]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    ONLINE = "online", _("online submission form")
    POST = "post", _("post or courier")
    IN_PERSON = "in_person", _("handed over in person")
    MEETING = "meeting", _("presented at a meeting")
    OTHER = "other", _("other")


class Dispatch(models.Model):
    """One report or statement sent to one body: when, how, by whom, and the response."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="dispatches", verbose_name=_("sent to")
    )
    build = models.ForeignKey(
        ReportBuild,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dispatches",
        verbose_name=_("report"),
    )
    item_title = models.CharField(
        _("what was sent"),
        max_length=300,
        blank=True,
        help_text=_("The title of a statement, letter or other document, when it is not a report."),
    )
    sent_on = models.DateField(_("sent on"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    response = models.TextField(_("response received"), blank=True, max_length=20000)
    response_on = models.DateField(_("response received on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        constraints = [
            models.CheckConstraint(
                condition=Q(build__isnull=False) | ~Q(item_title=""),
                name="reports_dispatch_names_what",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="reports_dispatch_channel"
            ),
            models.CheckConstraint(
                condition=Q(response_on__isnull=True) | Q(response_on__gte=models.F("sent_on")),
                name="reports_dispatch_response_after_sending",
            ),
        ]
        indexes = [models.Index(fields=["body", "sent_on"], name="reports_dispatch_body_idx")]

    def __str__(self) -> str:
        return f"dispatch #{self.pk}"
