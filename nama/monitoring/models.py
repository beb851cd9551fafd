"""Documentation of violations on the HURIDOCS Events Standard Formats (DESIGN.md §7).

* **Event**: what happened, where, when, verified or not.
* **Act**: one victim suffering one type of act within an event; the counting
  unit of statistics.
* **Person**: one record for victims, perpetrators, sources and intervening
  parties; the role comes from the link (act, involvement, information,
  intervention). Identifying fields are encrypted; a stable pseudonym
  (``P-2026-00123``) stands for the person wherever identities may not be
  shown.
* **Involvement**: a perpetrator (a person or only a perpetrator type) in an act.
* **Information**: a source tells about an event or a person.
* **Intervention**: an action taken for a victim or an event.
* **EventRelation**: the chain of events.
* **Consent**: what a person agreed to, as recorded, with who and when.

Classification (DESIGN.md §4): names, aliases, contacts, ID numbers,
addresses, descriptions and free-text notes are encrypted; the rest is
internal. Coordinates are for the place of the event, never a home.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nama.core.dates import DatePrecision
from nama.core.fields import BlindIndexField, EncryptedCharField, EncryptedTextField

__all__ = [
    "Act",
    "Confidentiality",
    "Consent",
    "ConsentKind",
    "DuplicateKind",
    "DuplicateStatus",
    "DuplicateSuggestion",
    "Event",
    "EventMerge",
    "EventRelation",
    "Information",
    "Intervention",
    "InterventionStatus",
    "Involvement",
    "InvolvementDegree",
    "Person",
    "PersonMatchKey",
    "PersonMerge",
    "RelationType",
    "VerificationComment",
    "VerificationState",
]


def _term(vocabulary: str, verbose_name: Any, **kwargs: Any) -> Any:
    """A foreign key to a term of ``vocabulary``, never deleted (terms are retired)."""
    return models.ForeignKey(
        "core.Term",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary__key": vocabulary},
        verbose_name=verbose_name,
        **kwargs,
    )


class Confidentiality(models.TextChoices):
    INTERNAL = "internal", _("internal")
    CONFIDENTIAL = "confidential", _("confidential")
    STRICT = "strict", _("strictly confidential")


class VerificationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for verification")
    VERIFIED = "verified", _("verified")


class InvolvementDegree(models.TextChoices):
    DIRECT = "direct", _("carried it out")
    ORDERED = "ordered", _("ordered or instigated it")
    COMPLICIT = "complicit", _("complicit or failed to act")
    UNKNOWN = "unknown", _("unknown")


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    DONE = "done", _("done")
    ANSWERED = "answered", _("response received")
    NO_RESPONSE = "no_response", _("no response")


class RelationType(models.TextChoices):
    PRECEDES = "precedes", _("happened before")
    CAUSES = "causes", _("led to")
    PART_OF = "part_of", _("is part of")
    RELATED = "related", _("is related to")


class ConsentKind(models.TextChoices):
    DOCUMENTATION = "documentation", _("documentation")
    REFERRAL = "referral", _("referral to other organisations")
    PUBLICATION = "publication", _("publication (de-identified)")
    UN_SHARING = "un_sharing", _("sharing with UN bodies")


class Person(models.Model):
    """A victim, perpetrator, source or intervening party: one record, many links.

    ``pseudonym`` is the stable name shown to roles without identity access.
    ``governorate`` (where the person was documented) scopes who may read the
    record, like an event's.
    """

    pseudonym = models.CharField(_("pseudonym"), max_length=20, unique=True)
    is_group = models.BooleanField(_("a group"), default=False)
    group_size = models.PositiveIntegerField(
        _("number of people in the group"), null=True, blank=True
    )
    governorate = models.ForeignKey(
        "core.Governorate",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("governorate"),
    )
    sex = _term("sex", _("sex"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    characteristics = models.ManyToManyField(
        "core.Term",
        related_name="+",
        blank=True,
        limit_choices_to={"vocabulary__key": "victim_characteristic"},
        verbose_name=_("characteristics"),
    )
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    # Identifying (encrypted; found through blind indexes only).
    name = EncryptedCharField(_("name"), max_length=300, blank=True)
    name_tokens = BlindIndexField(
        source="name", kind="tokens", normalizer="name", purpose="monitoring.person.name"
    )
    name_latin = EncryptedCharField(_("name in Latin letters"), max_length=300, blank=True)
    aliases = EncryptedTextField(_("other names and spellings"), blank=True)
    phone = EncryptedCharField(_("phone"), max_length=50, blank=True)
    phone_index = BlindIndexField(
        source="phone", normalizer="phone", purpose="monitoring.person.phone"
    )
    email = EncryptedCharField(_("e-mail"), max_length=254, blank=True)
    id_number = EncryptedCharField(_("identity document number"), max_length=100, blank=True)
    id_number_index = BlindIndexField(
        source="id_number", normalizer="digits", purpose="monitoring.person.id_number"
    )
    address = EncryptedTextField(_("address"), blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    # Duplicate detection: the blind-indexed keys of the name's normalised
    # skeleton (see nama/monitoring/matching.py), so candidates are found
    # without decrypting the table.
    match_keys = models.TextField(_("matching keys"), blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_persons",
        verbose_name=_("merged into"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("documented by"),
    )
    created_at = models.DateTimeField(_("documented at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_group=True) | Q(group_size__isnull=True),
                name="monitoring_person_size_only_for_groups",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=models.F("id")),
                name="monitoring_person_not_merged_into_itself",
            ),
        ]

    def __str__(self) -> str:
        # Never the name: __str__ ends up in logs and the admin's history.
        return self.pseudonym


class Consent(models.Model):
    """One recorded consent decision; the latest per kind is the person's current choice."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    kind = models.CharField(_("consent to"), max_length=20, choices=ConsentKind.choices)
    given = models.BooleanField(_("given"))
    recorded_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    note = EncryptedTextField(_("how it was given"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["person", "kind", "-recorded_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ConsentKind.values), name="monitoring_consent_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"consent #{self.pk} ({self.kind})"


class Event(models.Model):
    """What happened, where and when; verified by a second person before it counts."""

    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    title = models.CharField(
        _("title"),
        max_length=300,
        help_text=_(
            "A short neutral title, without names, e.g. “Arrest of protesters in Nasiriyah”."
        ),
    )
    description = EncryptedTextField(_("description"), max_length=50000, blank=True)
    governorate = models.ForeignKey(
        "core.Governorate",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("governorate"),
    )
    district = models.ForeignKey(
        "core.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    place = models.CharField(
        _("place"),
        max_length=300,
        blank=True,
        help_text=_("A town, neighbourhood or landmark; never a victim's home."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    start_precision = models.CharField(
        _("precision of the start date"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_precision = models.CharField(
        _("precision of the end date"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    violation_status = _term("violation_status", _("violation status"), null=True, blank=True)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=Confidentiality.choices,
        default=Confidentiality.CONFIDENTIAL,
    )
    rights_affected = models.ManyToManyField(
        "core.Term",
        related_name="+",
        blank=True,
        limit_choices_to={"vocabulary__key": "right_affected"},
        verbose_name=_("rights affected"),
    )
    index_terms = models.CharField(
        _("index terms"),
        max_length=500,
        blank=True,
        help_text=_("Keywords that help find the event, separated by commas."),
    )
    verification = models.CharField(
        _("verification"),
        max_length=12,
        choices=VerificationState.choices,
        default=VerificationState.DRAFT,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # The intake request this event was documented from (linked both ways:
    # ``request.monitoring_events``).
    intake_request = models.ForeignKey(
        "intake.Request",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitoring_events",
        verbose_name=_("intake request"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_events",
        verbose_name=_("merged into"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("documented by"),
    )
    created_at = models.DateTimeField(_("documented at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["governorate", "start_date"], name="monitoring_event_place_idx"),
            models.Index(fields=["verification"], name="monitoring_event_verif_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(verification__in=VerificationState.values),
                name="monitoring_event_verification_valid",
            ),
            models.CheckConstraint(
                condition=Q(confidentiality__in=Confidentiality.values),
                name="monitoring_event_confidentiality_valid",
            ),
            models.CheckConstraint(
                condition=~Q(verification=VerificationState.VERIFIED)
                | Q(
                    verified_by__isnull=False,
                    verified_at__isnull=False,
                    violation_status__isnull=False,
                ),
                name="monitoring_event_verified_has_verifier",
            ),
            models.CheckConstraint(
                condition=~Q(verified_by=models.F("created_by")),
                name="monitoring_event_not_verified_by_author",
            ),
            models.CheckConstraint(
                condition=(
                    Q(start_date__isnull=True, start_precision=DatePrecision.UNKNOWN)
                    | (Q(start_date__isnull=False) & ~Q(start_precision=DatePrecision.UNKNOWN))
                ),
                name="monitoring_event_start_precision",
            ),
            models.CheckConstraint(
                condition=(
                    Q(end_date__isnull=True, end_precision=DatePrecision.UNKNOWN)
                    | (Q(end_date__isnull=False) & ~Q(end_precision=DatePrecision.UNKNOWN))
                ),
                name="monitoring_event_end_precision",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="monitoring_event_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=models.F("id")),
                name="monitoring_event_not_merged_into_itself",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_verified(self) -> bool:
        return self.verification == VerificationState.VERIFIED


class Act(models.Model):
    """One victim suffering one type of act within an event: what statistics count."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="acts", verbose_name=_("event")
    )
    victim = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="acts_suffered", verbose_name=_("victim")
    )
    act_type = _term("act_type", _("type of act"))
    method = _term("method_of_violence", _("method"), null=True, blank=True)
    location_type = _term("location_type", _("type of location"), null=True, blank=True)
    victim_status = _term("victim_status", _("status of the victim"), null=True, blank=True)
    victim_age = models.PositiveSmallIntegerField(
        _("age at the time"), null=True, blank=True, validators=[MaxValueValidator(130)]
    )
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("precision of the date"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    notes = EncryptedTextField(_("notes"), blank=True)

    class Meta:
        ordering = ["event", "id"]
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "victim", "act_type"], name="monitoring_act_unique"
            ),
            models.CheckConstraint(
                condition=(
                    Q(date__isnull=True, date_precision=DatePrecision.UNKNOWN)
                    | (Q(date__isnull=False) & ~Q(date_precision=DatePrecision.UNKNOWN))
                ),
                name="monitoring_act_date_precision",
            ),
        ]

    def __str__(self) -> str:
        return f"act #{self.pk}"


class Involvement(models.Model):
    """A perpetrator in an act: a documented person, or only the type of perpetrator."""

    act = models.ForeignKey(
        Act, on_delete=models.CASCADE, related_name="involvements", verbose_name=_("act")
    )
    perpetrator = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="involvements",
        verbose_name=_("perpetrator"),
    )
    perpetrator_type = _term("perpetrator_type", _("type of perpetrator"), null=True, blank=True)
    degree = models.CharField(
        _("degree of involvement"),
        max_length=12,
        choices=InvolvementDegree.choices,
        default=InvolvementDegree.DIRECT,
    )

    class Meta:
        ordering = ["act", "id"]
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        constraints = [
            models.CheckConstraint(
                condition=Q(perpetrator__isnull=False) | Q(perpetrator_type__isnull=False),
                name="monitoring_involvement_names_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"involvement #{self.pk}"


class Information(models.Model):
    """A source tells about an event or a person."""

    source = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="information_given", verbose_name=_("source")
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="information",
        verbose_name=_("event"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="information_about",
        verbose_name=_("about the person"),
    )
    connection = _term("source_connection", _("connection to the event"), null=True, blank=True)
    reliability = _term("source_reliability", _("reliability"), null=True, blank=True)
    date = models.DateField(_("date of the information"), null=True, blank=True)
    summary = EncryptedTextField(_("what the source said"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("information")
        verbose_name_plural = _("information")
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False) | Q(person__isnull=False),
                name="monitoring_information_about_something",
            ),
        ]

    def __str__(self) -> str:
        return f"information #{self.pk}"


class Intervention(models.Model):
    """An action taken for a victim or an event: legal aid, urgent appeal, letter, meeting."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interventions",
        verbose_name=_("event"),
    )
    victim = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions_for",
        verbose_name=_("for the victim"),
    )
    intervention_type = _term("intervention_type", _("type of intervention"))
    date = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InterventionStatus.choices,
        default=InterventionStatus.PLANNED,
    )
    by_party = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions_made",
        verbose_name=_("by (another party)"),
    )
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by (our staff)"),
    )
    response = EncryptedTextField(_("response received"), blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False) | Q(victim__isnull=False),
                name="monitoring_intervention_for_something",
            ),
            models.CheckConstraint(
                condition=Q(status__in=InterventionStatus.values),
                name="monitoring_intervention_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"intervention #{self.pk}"


class EventRelation(models.Model):
    """The chain of events: ``from_event`` happened before / led to / is part of ``to_event``."""

    from_event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("event")
    )
    to_event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="relations_in",
        verbose_name=_("related event"),
    )
    relation = models.CharField(_("relation"), max_length=12, choices=RelationType.choices)

    class Meta:
        verbose_name = _("relation between events")
        verbose_name_plural = _("relations between events")
        constraints = [
            models.UniqueConstraint(
                fields=["from_event", "to_event", "relation"], name="monitoring_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_event=models.F("to_event")),
                name="monitoring_relation_not_to_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"relation #{self.pk}"


class VerificationComment(models.Model):
    """The verification conversation of an event: comments and the steps taken."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("comment")
        SUBMITTED = "submitted", _("submitted for verification")
        RETURNED = "returned", _("returned to the author")
        VERIFIED = "verified", _("verified")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="comments", verbose_name=_("event")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.COMMENT)
    body = EncryptedTextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("verification comment")
        verbose_name_plural = _("verification comments")

    def __str__(self) -> str:
        return f"comment #{self.pk}"


# Duplicate detection's models live in their own module (nama/monitoring/duplicates.py).
from nama.monitoring.duplicate_models import (  # noqa: E402
    DuplicateKind,
    DuplicateStatus,
    DuplicateSuggestion,
    EventMerge,
    PersonMatchKey,
    PersonMerge,
)
