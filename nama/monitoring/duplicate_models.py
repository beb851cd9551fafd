"""Duplicate detection: match keys, suggestions, and merges that can be undone.

Imported at the end of ``nama/monitoring/models.py``; the services and
selectors are in ``nama/monitoring/duplicates.py``.

* **PersonMatchKey**: one row per blind-indexed key of ``Person.match_keys``,
  indexed, so the persons sharing a key are found without reading (or
  decrypting) the table.
* **DuplicateSuggestion**: two persons or two events that may be the same,
  with a score and the kinds of evidence (``reasons``, codes such as
  ``"name"`` or ``"birth_year"``, never values); a reviewer merges them or
  says they are not duplicates (then the pair is never suggested again).
* **PersonMerge** / **EventMerge**: what one merge moved, row by row (model,
  field, ids, from, to), so that undoing it restores exactly that.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "DuplicateKind",
    "DuplicateStatus",
    "DuplicateSuggestion",
    "EventMerge",
    "PersonMatchKey",
    "PersonMerge",
]


class DuplicateKind(models.TextChoices):
    PERSON = "person", _("persons")
    EVENT = "event", _("events")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("to review")
    MERGED = "merged", _("merged")
    NOT_DUPLICATE = "not_duplicate", _("not a duplicate")


class PersonMatchKey(models.Model):
    """One blind-indexed key of a person's name skeletons (a copy of a word of
    ``Person.match_keys``), kept in step by ``duplicates.person_match_keys_sync``."""

    person = models.ForeignKey(
        "monitoring.Person",
        on_delete=models.CASCADE,
        related_name="match_key_rows",
        verbose_name=_("person"),
    )
    # An HMAC (hex), never a name.
    key = models.CharField(_("key"), max_length=64)

    class Meta:
        verbose_name = _("matching key")
        verbose_name_plural = _("matching keys")
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="monitoring_matchkey_unique"),
        ]
        indexes = [models.Index(fields=["key", "person"], name="monitoring_matchkey_key_idx")]

    def __str__(self) -> str:
        return f"match key #{self.pk}"


class DuplicateSuggestion(models.Model):
    """Two persons (or two events) that may be one; the pair is stored with the lower
    id first, so each pair has one suggestion whatever order it was found in."""

    kind = models.CharField(_("kind"), max_length=8, choices=DuplicateKind.choices)
    person_a = models.ForeignKey(
        "monitoring.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first person"),
    )
    person_b = models.ForeignKey(
        "monitoring.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second person"),
    )
    event_a = models.ForeignKey(
        "monitoring.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first event"),
    )
    event_b = models.ForeignKey(
        "monitoring.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second event"),
    )
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(100)])
    # Codes of what matched or differed ("name", "birth_year_differs"...), never values.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("found while saving by"),
    )
    created_at = models.DateTimeField(_("suggested at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-score", "-id"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        indexes = [
            models.Index(fields=["status", "kind", "-score"], name="monitoring_dup_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DuplicateKind.values), name="monitoring_dup_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DuplicateStatus.values), name="monitoring_dup_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=DuplicateKind.PERSON,
                        person_a__isnull=False,
                        person_b__isnull=False,
                        event_a__isnull=True,
                        event_b__isnull=True,
                    )
                    | Q(
                        kind=DuplicateKind.EVENT,
                        event_a__isnull=False,
                        event_b__isnull=False,
                        person_a__isnull=True,
                        person_b__isnull=True,
                    )
                ),
                name="monitoring_dup_pair_of_its_kind",
            ),
            models.CheckConstraint(
                condition=Q(person_a__isnull=True) | Q(person_a__lt=F("person_b")),
                name="monitoring_dup_persons_ordered",
            ),
            models.CheckConstraint(
                condition=Q(event_a__isnull=True) | Q(event_a__lt=F("event_b")),
                name="monitoring_dup_events_ordered",
            ),
            models.CheckConstraint(
                condition=Q(score__lte=100), name="monitoring_dup_score_at_most_100"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=DuplicateStatus.OPEN, decided_at__isnull=True)
                    | (~Q(status=DuplicateStatus.OPEN) & Q(decided_at__isnull=False))
                ),
                name="monitoring_dup_decided_when_closed",
            ),
            models.UniqueConstraint(
                fields=["person_a", "person_b"],
                condition=Q(kind=DuplicateKind.PERSON),
                name="monitoring_dup_person_pair_unique",
            ),
            models.UniqueConstraint(
                fields=["event_a", "event_b"],
                condition=Q(kind=DuplicateKind.EVENT),
                name="monitoring_dup_event_pair_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"possible duplicate #{self.pk} ({self.kind})"

    @property
    def first(self) -> models.Model:
        """The record with the lower id (a Person or an Event)."""
        record = self.person_a if self.kind == DuplicateKind.PERSON else self.event_a
        assert record is not None
        return record

    @property
    def second(self) -> models.Model:
        record = self.person_b if self.kind == DuplicateKind.PERSON else self.event_b
        assert record is not None
        return record

    @property
    def is_open(self) -> bool:
        return self.status == DuplicateStatus.OPEN


class MergeRecord(models.Model):
    """What a merge moved, so that undoing it restores exactly that.

    ``moves``: a list of ``{"model": "monitoring.act", "field": "victim",
    "ids": [...], "from": <source id>, "to": <target id>}`` (ids only), plus
    ``{"m2m": "characteristics", "ids": [...]}`` for terms added to the
    target. ``kept``: rows that stayed with the source because the target
    already had the same one (``{"model": ..., "ids": [...], "why": ...}``).
    """

    moves = models.JSONField(_("what moved"), default=list, blank=True, editable=False)
    kept = models.JSONField(_("what stayed"), default=list, blank=True, editable=False)
    suggestion = models.ForeignKey(
        DuplicateSuggestion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggestion"),
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("merged by"),
    )
    merged_at = models.DateTimeField(_("merged at"), default=timezone.now)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-merged_at", "-id"]

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class PersonMerge(MergeRecord):
    """Person ``source`` merged into ``target`` (``source.merged_into``)."""

    source = models.ForeignKey(
        "monitoring.Person",
        on_delete=models.PROTECT,
        related_name="merges_out",
        verbose_name=_("merged person"),
    )
    target = models.ForeignKey(
        "monitoring.Person",
        on_delete=models.PROTECT,
        related_name="merges_in",
        verbose_name=_("kept person"),
    )

    class Meta(MergeRecord.Meta):
        verbose_name = _("merge of persons")
        verbose_name_plural = _("merges of persons")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="monitoring_personmerge_two_persons"
            ),
            models.CheckConstraint(
                condition=Q(undone_at__isnull=True) | Q(undone_by__isnull=False),
                name="monitoring_personmerge_undone_by",
            ),
        ]

    def __str__(self) -> str:
        return f"person merge #{self.pk}"


class EventMerge(MergeRecord):
    """Event ``source`` merged into ``target`` (``source.merged_into``)."""

    source = models.ForeignKey(
        "monitoring.Event",
        on_delete=models.PROTECT,
        related_name="merges_out",
        verbose_name=_("merged event"),
    )
    target = models.ForeignKey(
        "monitoring.Event",
        on_delete=models.PROTECT,
        related_name="merges_in",
        verbose_name=_("kept event"),
    )

    class Meta(MergeRecord.Meta):
        verbose_name = _("merge of events")
        verbose_name_plural = _("merges of events")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="monitoring_eventmerge_two_events"
            ),
            models.CheckConstraint(
                condition=Q(undone_at__isnull=True) | Q(undone_by__isnull=False),
                name="monitoring_eventmerge_undone_by",
            ),
        ]

    def __str__(self) -> str:
        return f"event merge #{self.pk}"
