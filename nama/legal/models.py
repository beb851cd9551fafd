"""The legal unit: lawyers, consultations, legal cases, hearings and deadlines (DESIGN.md §1).

* **LawyerProfile**: a staff user who is a lawyer, the governorates they
  serve, bar registration, languages, how many open cases they can carry.
* **Client**: who the unit helps; every identifying field encrypted.
* **Consultation**: advice given on the hotline or in person, logged in a
  minute, counted, convertible into a case.
* **LegalCase**: representation or longer help: service type, court, case
  number, opposing party, status and outcome, the lawyer assigned, the intake
  requests it came from (``request.legal_cases``).
* **CaseAssignment**: who held the case when (transfers are audited).
* **CaseNote**: privileged; only the assigned lawyer and the coordinator read it.
* **CalendarItem**: a hearing (date and time, court) or a deadline (a day),
  with its reminder sent once (``reminder_sent_at``).
* **TimeEntry**: hours on a case, for funders.
* **CalendarFeedToken**: the revocable secret of a lawyer's iCal feed (only
  its hash is stored).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nama.core.fields import BlindIndexField, EncryptedCharField, EncryptedTextField

__all__ = [
    "CalendarFeedToken",
    "CalendarItem",
    "CaseAssignment",
    "CaseNote",
    "CaseOutcome",
    "CaseStatus",
    "Client",
    "Consultation",
    "ItemKind",
    "LawyerProfile",
    "LegalCase",
    "TimeEntry",
]


def _service(verbose_name: Any, **kwargs: Any) -> Any:
    return models.ForeignKey(
        "core.Term",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary__key": "legal_service"},
        verbose_name=verbose_name,
        **kwargs,
    )


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    SUSPENDED = "suspended", _("suspended")
    CLOSED = "closed", _("closed")


class CaseOutcome(models.TextChoices):
    NONE = "", _("not yet")
    FAVOURABLE = "favourable", _("decided in the client's favour")
    UNFAVOURABLE = "unfavourable", _("decided against the client")
    SETTLED = "settled", _("settled")
    RELEASED = "released", _("client released")
    WITHDRAWN = "withdrawn", _("withdrawn by the client")
    REFERRED = "referred", _("referred to another organisation")
    OTHER = "other", pgettext_lazy("outcome of a case", "other")


class ItemKind(models.TextChoices):
    HEARING = "hearing", _("hearing")
    DEADLINE = "deadline", _("deadline")


class LawyerProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="lawyer_profile",
        verbose_name=_("staff account"),
    )
    governorates = models.ManyToManyField(
        "core.Governorate", related_name="+", blank=True, verbose_name=_("governorates served")
    )
    bar_registration = models.CharField(_("bar registration number"), max_length=50, blank=True)
    languages = models.CharField(
        _("languages"), max_length=50, blank=True, help_text=_("For example: ar, ckb, en.")
    )
    capacity = models.PositiveSmallIntegerField(
        _("open cases they can carry"), default=15, validators=[MinValueValidator(1)]
    )
    active = models.BooleanField(_("takes new cases"), default=True)

    class Meta:
        verbose_name = _("lawyer")
        verbose_name_plural = _("lawyers")

    def __str__(self) -> str:
        return f"lawyer #{self.pk}"


class Client(models.Model):
    """Who the legal unit helps. Every identifying field is encrypted."""

    governorate = models.ForeignKey(
        "core.Governorate",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("governorate"),
    )
    name = EncryptedCharField(_("name"), max_length=300)
    name_tokens = BlindIndexField(
        source="name", kind="tokens", normalizer="name", purpose="legal.client.name"
    )
    phone = EncryptedCharField(_("phone"), max_length=50, blank=True)
    phone_index = BlindIndexField(source="phone", normalizer="phone", purpose="legal.client.phone")
    email = EncryptedCharField(_("e-mail"), max_length=254, blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    id_number = EncryptedCharField(_("identity document number"), max_length=100, blank=True)
    id_number_index = BlindIndexField(
        source="id_number", normalizer="digits", purpose="legal.client.id_number"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")

    def __str__(self) -> str:
        return f"client #{self.pk}"


class Consultation(models.Model):
    """Quick advice, logged in a minute and counted; may become a case."""

    governorate = models.ForeignKey(
        "core.Governorate",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("governorate"),
    )
    service = _service(_("service"), null=True, blank=True)
    asked_by = EncryptedCharField(_("who asked"), max_length=300, blank=True)
    contact = EncryptedCharField(_("how to reach them"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    question = EncryptedTextField(_("question"), blank=True)
    advice = EncryptedTextField(_("advice given"))
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("given by"),
    )
    given_on = models.DateField(_("date"))
    intake_request = models.ForeignKey(
        "intake.Request",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_consultations",
        verbose_name=_("intake request"),
    )
    converted_to = models.ForeignKey(
        "LegalCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="from_consultations",
        verbose_name=_("became the case"),
    )

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return f"consultation #{self.pk}"


class LegalCase(models.Model):
    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="cases", verbose_name=_("client")
    )
    governorate = models.ForeignKey(
        "core.Governorate",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("governorate"),
    )
    service = _service(_("service"))
    subject = models.CharField(_("subject area"), max_length=300)
    court = models.CharField(_("court"), max_length=300, blank=True)
    court_case_number = EncryptedCharField(_("court case number"), max_length=100, blank=True)
    opposing_party = EncryptedCharField(_("opposing party"), max_length=300, blank=True)
    summary = EncryptedTextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=CaseOutcome.choices, blank=True, default=""
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_cases",
        verbose_name=_("lawyer"),
    )
    intake_requests = models.ManyToManyField(
        "intake.Request",
        related_name="legal_cases",
        blank=True,
        verbose_name=_("intake requests"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("legal case")
        verbose_name_plural = _("legal cases")
        indexes = [models.Index(fields=["status", "governorate"], name="legal_case_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CaseStatus.values), name="legal_case_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.CLOSED) | Q(closed_on__isnull=False),
                name="legal_case_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED


class CaseAssignment(models.Model):
    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="assignments")
    lawyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["case", "assigned_at", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"assignment #{self.pk}"


class CaseNote(models.Model):
    """Privileged: only the assigned lawyer and the legal coordinator read it."""

    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"case note #{self.pk}"


class CalendarItem(models.Model):
    """A hearing (``starts_at``) or a deadline (``due_on``) of a case."""

    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="calendar")
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    title = models.CharField(_("what"), max_length=300)
    starts_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    place = models.CharField(_("court or place"), max_length=300, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # Set in the same transaction as the reminder is sent: never twice.
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "starts_at", "id"]
        verbose_name = _("hearing or deadline")
        verbose_name_plural = _("hearings and deadlines")
        indexes = [
            models.Index(fields=["reminder_sent_at", "done_at"], name="legal_item_reminder_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=ItemKind.HEARING, starts_at__isnull=False)
                    | Q(kind=ItemKind.DEADLINE, due_on__isnull=False)
                ),
                name="legal_item_has_its_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class TimeEntry(models.Model):
    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="time_entries")
    lawyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    worked_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    description = models.CharField(_("what was done"), max_length=300, blank=True)

    class Meta:
        ordering = ["-worked_on", "-id"]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="legal_time_hours_in_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"time entry #{self.pk}"


class CalendarFeedToken(models.Model):
    """The secret in a lawyer's iCal feed address; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"calendar token #{self.pk}"
