"""Intake: requests from the hotline and the public, their tracking codes and threads.

Write through ``nama.intake.services`` and read through ``nama.intake.selectors``
only (docs/intake.md). Identifying values (the complainant's name, phone,
e-mail and address, and free texts that may name people) are encrypted
fields; nothing here stores an IP address, a user agent or, for anonymous
requests, the exact time of submission (DESIGN.md §4).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nama.core.dates import DatePrecision
from nama.core.fields import BlindIndexField, EncryptedCharField, EncryptedTextField

__all__ = [
    "CallLog",
    "Complainant",
    "ContactMethod",
    "DatePrecision",
    "InternalNote",
    "Message",
    "MessageDirection",
    "NarrativeLanguage",
    "Request",
    "RequestStatus",
    "RouteTarget",
    "TrackingCode",
    "Urgency",
]


class RequestStatus(models.TextChoices):
    NEW = "new", _("new")
    TRIAGED = "triaged", _("triaged")
    ROUTED_LEGAL = "routed_legal", _("routed to legal")
    ROUTED_MONITORING = "routed_monitoring", _("routed to monitoring")
    CLOSED = "closed", _("closed")


class RouteTarget(models.TextChoices):
    LEGAL = "legal", _("legal unit")
    MONITORING = "monitoring", _("monitoring team")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("normal")
    URGENT = "urgent", _("urgent")
    EMERGENCY = "emergency", _("emergency")


class NarrativeLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    SORANI = "ckb", _("Kurdish Sorani")
    ENGLISH = "en", _("English")
    OTHER = "other", pgettext_lazy("language", "other")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("phone call")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SIGNAL = "signal", _("Signal")
    EMAIL = "email", _("e-mail")
    NONE = "none", _("do not contact me")


class MessageDirection(models.TextChoices):
    FROM_COMPLAINANT = "from_complainant", _("from the complainant")
    TO_COMPLAINANT = "to_complainant", _("to the complainant")


class Request(models.Model):
    """One request that reached the centre: a complaint, a legal need, a call for protection.

    ``received_on`` is the day only. ``created_at`` (the exact time) is kept
    for named requests and stays empty for anonymous ones (DESIGN.md §4).
    """

    reference = models.CharField(
        _("reference number"),
        max_length=20,
        unique=True,
        help_text=_("For staff; not secret. Complainants use their tracking code."),
    )
    channel = models.ForeignKey(
        "core.Term",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary__key": "intake_channel"},
        verbose_name=_("channel"),
    )
    request_type = models.ForeignKey(
        "core.Term",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary__key": "request_type"},
        verbose_name=_("type of request"),
    )
    governorate = models.ForeignKey(
        "core.Governorate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("governorate"),
    )
    # A narrative names people and places: encrypted.
    narrative = EncryptedTextField(_("narrative"), max_length=20000)
    narrative_language = models.CharField(
        _("language of the narrative"),
        max_length=8,
        choices=NarrativeLanguage.choices,
        default=NarrativeLanguage.ARABIC,
    )
    incident_date = models.DateField(_("date of the incident"), null=True, blank=True)
    incident_date_precision = models.CharField(
        _("precision of the incident date"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    consent_contact = models.BooleanField(_("may we contact you"), default=False)
    contact_method = models.CharField(
        _("how to contact"), max_length=10, choices=ContactMethod.choices, default="none"
    )
    consent_document = models.BooleanField(_("may we document the case"), default=False)
    consent_refer = models.BooleanField(_("may we refer the case"), default=False)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    close_reason = models.CharField(_("reason for closing"), max_length=500, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intake_requests",
        verbose_name=_("assigned to"),
    )
    received_on = models.DateField(_("received on"))
    created_at = models.DateTimeField(_("received at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_requests",
        verbose_name=_("merged into"),
    )
    route_target = models.CharField(
        _("routed to"), max_length=12, choices=RouteTarget.choices, blank=True
    )
    # Triage notes can repeat what the narrative says: encrypted.
    route_note = EncryptedTextField(_("routing note"), blank=True)
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("routed by"),
    )
    # Set once a legal or monitoring handler created its record from the request.
    route_handled = models.BooleanField(_("picked up by the unit"), default=False)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [
            models.Index(fields=["status", "governorate"], name="intake_request_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="intake_request_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values), name="intake_request_urgency_valid"
            ),
            models.CheckConstraint(
                condition=Q(narrative_language__in=NarrativeLanguage.values),
                name="intake_request_language_valid",
            ),
            models.CheckConstraint(
                condition=Q(contact_method__in=ContactMethod.values),
                name="intake_request_contact_method_valid",
            ),
            models.CheckConstraint(
                condition=Q(incident_date_precision__in=DatePrecision.values)
                & (
                    Q(incident_date__isnull=True, incident_date_precision=DatePrecision.UNKNOWN)
                    | (
                        Q(incident_date__isnull=False)
                        & ~Q(incident_date_precision=DatePrecision.UNKNOWN)
                    )
                ),
                name="intake_request_incident_date_precision",
            ),
            models.CheckConstraint(
                condition=Q(contact_method=ContactMethod.NONE) | Q(consent_contact=True),
                name="intake_request_contact_needs_consent",
            ),
            # An anonymous complainant can only be reached through the tracking code.
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(contact_method=ContactMethod.NONE),
                name="intake_request_anonymous_not_contacted",
            ),
            # No exact submission time for anonymous requests (DESIGN.md §4).
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(created_at__isnull=True),
                name="intake_request_anonymous_no_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.CLOSED)
                | (~Q(close_reason="") & Q(closed_at__isnull=False)),
                name="intake_request_closed_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(status=RequestStatus.CLOSED),
                name="intake_request_merged_is_closed",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=models.F("id")),
                name="intake_request_not_merged_into_itself",
            ),
            models.CheckConstraint(
                condition=Q(route_target="") | Q(route_target__in=RouteTarget.values),
                name="intake_request_route_target_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.ROUTED_LEGAL)
                | Q(route_target=RouteTarget.LEGAL, routed_at__isnull=False),
                name="intake_request_routed_legal_has_route",
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.ROUTED_MONITORING)
                | Q(route_target=RouteTarget.MONITORING, routed_at__isnull=False),
                name="intake_request_routed_monitoring_has_route",
            ),
        ]

    def __str__(self) -> str:
        # Never the narrative: __str__ ends up in logs and admin history.
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status == RequestStatus.CLOSED

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class Complainant(models.Model):
    """Who submitted a named request. Anonymous requests have none.

    Every field is encrypted; phone and e-mail have exact blind indexes and
    the name a token index, so staff can find earlier requests of the same
    person without the database ever holding the values.
    """

    request = models.OneToOneField(
        Request, on_delete=models.CASCADE, related_name="complainant", verbose_name=_("request")
    )
    name = EncryptedCharField(_("name"), max_length=200, blank=True)
    name_tokens = BlindIndexField(
        source="name", kind="tokens", normalizer="name", purpose="intake.complainant.name"
    )
    phone = EncryptedCharField(_("phone"), max_length=50, blank=True)
    phone_index = BlindIndexField(
        source="phone", normalizer="phone", purpose="intake.complainant.phone"
    )
    email = EncryptedCharField(_("e-mail"), max_length=254, blank=True)
    email_index = BlindIndexField(
        source="email", normalizer="email", purpose="intake.complainant.email"
    )
    address = EncryptedTextField(_("address"), blank=True)

    class Meta:
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")

    def __str__(self) -> str:
        # Never the name.
        return f"complainant #{self.pk}"


class TrackingCode(models.Model):
    """The stored half of a tracking code: its lookup part and a hash of its secret.

    The code itself is never stored (docs/tracking-codes.md). Revoked codes
    keep their row for the record but never match, and free their lookup part.
    """

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="tracking_codes", verbose_name=_("request")
    )
    lookup = models.CharField(_("lookup part"), max_length=6, db_index=True)
    secret_hash = models.CharField(_("hash of the secret part"), max_length=128)
    # The day only: enough for the record, and the same for every request.
    created_on = models.DateField(_("issued on"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("tracking code")
        verbose_name_plural = _("tracking codes")
        constraints = [
            models.UniqueConstraint(
                fields=["lookup"],
                condition=Q(revoked_at__isnull=True),
                name="intake_trackingcode_live_lookup_unique",
            ),
            models.CheckConstraint(
                condition=Q(secret_hash__startswith="$argon2id$"),  # noqa: S106 - a prefix
                name="intake_trackingcode_argon2id",
            ),
        ]

    def __str__(self) -> str:
        # Neither part of the code: __str__ ends up in logs.
        return f"tracking code #{self.pk}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class Message(models.Model):
    """One message of the private thread between the centre and the complainant.

    Messages from the complainant of an anonymous request carry only the day.
    """

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="messages", verbose_name=_("request")
    )
    direction = models.CharField(_("direction"), max_length=20, choices=MessageDirection.choices)
    body = EncryptedTextField(_("message"), max_length=20000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(direction=MessageDirection.FROM_COMPLAINANT, author__isnull=True)
                    | Q(direction=MessageDirection.TO_COMPLAINANT, author__isnull=False)
                ),
                name="intake_message_direction_author",
            ),
        ]

    def __str__(self) -> str:
        return f"message #{self.pk} ({self.direction})"


class InternalNote(models.Model):
    """A note by staff about a request; never shown to the complainant."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="notes", verbose_name=_("request")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    body = EncryptedTextField(_("note"), max_length=20000)
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"note #{self.pk}"


class CallLog(models.Model):
    """A hotline call about a request: when, how long, who answered, what was said."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="calls", verbose_name=_("request")
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("operator"),
    )
    started_at = models.DateTimeField(_("started at"))
    duration_seconds = models.PositiveIntegerField(_("duration in seconds"), default=0)
    summary = EncryptedTextField(_("summary"), max_length=20000, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("call")
        verbose_name_plural = _("call log")

    def __str__(self) -> str:
        return f"call #{self.pk}"

    @property
    def duration_minutes(self) -> int:
        """The duration in whole minutes, rounded up (a 20-second call is 1 minute)."""
        return (self.duration_seconds + 59) // 60
