"""Evidence files and their chain of custody (DESIGN.md §4, "Evidence").

Registered with the ``core`` app (imported at the bottom of
``nama/core/models.py``). Write through ``nama.core.evidence.services`` only.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nama.core.fields import EncryptedCharField

__all__ = ["CustodyAction", "CustodyEvent", "EvidenceFile", "EvidenceKind"]


class EvidenceKind(models.TextChoices):
    IMAGE = "image", _("image")
    PDF = "pdf", _("PDF")
    DOCUMENT = "document", _("document")
    AUDIO = "audio", _("audio")
    VIDEO = "video", _("video")
    TEXT = "text", _("text")


class EvidenceFileQuerySet(models.QuerySet["EvidenceFile"]):
    def present(self) -> EvidenceFileQuerySet:
        """Files not deleted (deleted ones stay as tombstones for the custody trail)."""
        return self.filter(deleted_at__isnull=True)

    def of(self, owner: models.Model) -> EvidenceFileQuerySet:
        """Files attached to ``owner`` (any saved model instance)."""
        return self.filter(
            owner_type=ContentType.objects.get_for_model(owner, for_concrete_model=False),
            owner_id=str(owner.pk),
        )


class EvidenceFile(models.Model):
    """One file as received: the encrypted original, its hash, and a sanitised copy.

    The original is kept unchanged; ``sha256`` is taken from the bytes as they
    arrived. ``blob_key`` (encrypted with the field keys) opens both blobs.
    After deletion the row stays as a tombstone: blobs, key and file name are
    gone, the hash and the custody events remain.
    """

    # The identifier to show and put in URLs; the integer primary key stays internal.
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    owner_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner type")
    )
    owner_id = models.CharField(_("owner id"), max_length=64)
    owner = GenericForeignKey("owner_type", "owner_id", for_concrete_model=False)
    # File names name people ("statement of <name>.pdf"): encrypted.
    original_name = EncryptedCharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("detected type"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 of the original"), max_length=64, db_index=True)
    # The per-file data key of the blobs (see cipher.py), wrapped by the field keys.
    blob_key = EncryptedCharField(_("blob key"), max_length=64, blank=True, editable=False)
    original_blob = models.CharField(_("stored original"), max_length=255, blank=True)
    working_blob = models.CharField(_("stored working copy"), max_length=255, blank=True)
    working_content_type = models.CharField(_("working copy type"), max_length=100, blank=True)
    working_size = models.PositiveBigIntegerField(_("working copy size"), null=True, blank=True)
    working_sha256 = models.CharField(_("SHA-256 of the working copy"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        app_label = "core"
        ordering = ["created_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="evidence_owner_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=EvidenceKind.values), name="evidence_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(deleted_at__isnull=False) | ~models.Q(original_blob=""),
                name="evidence_present_has_blob",
            ),
        ]

    def __str__(self) -> str:
        # Never the file name: __str__ ends up in logs and admin history.
        return f"{self.get_kind_display()} {str(self.uuid)[:8]}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def has_working_copy(self) -> bool:
        return bool(self.working_blob)


class CustodyAction(models.TextChoices):
    RECEIVED = "received", _("received")
    WORKING_COPY_MADE = "working_copy_made", _("working copy made")
    VIEWED = "viewed", _("viewed")
    DOWNLOADED = "downloaded", _("downloaded")
    EXPORTED = "exported", _("exported")
    DELETED = "deleted", _("deleted")


class CustodyEvent(models.Model):
    """One link of an evidence file's chain of custody; also written to the audit log."""

    evidence = models.ForeignKey(
        EvidenceFile,
        on_delete=models.PROTECT,
        related_name="custody_events",
        verbose_name=_("evidence file"),
    )
    action = models.CharField(_("action"), max_length=32, choices=CustodyAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    # True when the original was handed out (not the sanitised working copy).
    original = models.BooleanField(_("original"), default=False)
    note = models.TextField(_("reason"), blank=True)

    class Meta:
        app_label = "core"
        ordering = ["at", "id"]
        verbose_name = _("custody event")
        verbose_name_plural = _("custody events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=CustodyAction.values), name="custody_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
