"""Library resources and collections.

A resource is public (the portal shows it to everyone) or internal (staff
only). Its text for search is its title, summary, body and the text extracted
from its file; the file itself is kept in the default storage under a random
name and served only through ``library:download`` / ``portal`` views, which
check visibility first.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Audience",
    "Collection",
    "ExtractionStatus",
    "FileKind",
    "Resource",
    "ResourceLanguage",
    "ResourceType",
    "Visibility",
]


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    INTERNAL = "internal", _("internal (staff only)")


class ResourceLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    KURDISH = "ckb", _("Kurdish (Sorani)")


class Audience(models.TextChoices):
    GENERAL = "general", _("general public")
    DEFENDERS = "defenders", _("human-rights defenders")
    TRAINERS = "trainers", _("trainers")
    LAWYERS = "lawyers", _("lawyers")
    MONITORS = "monitors", _("monitors")
    STAFF = "staff", _("the centre's staff")


class ResourceType(models.TextChoices):
    """What a resource is, decided by the service from its file or link."""

    TEXT = "text", _("text")
    DOCUMENT = "document", _("document")
    IMAGE = "image", _("image")
    VIDEO = "video", _("video")


class FileKind(models.TextChoices):
    NONE = "", _("no file")
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    IMAGE = "image", _("image")


class ExtractionStatus(models.TextChoices):
    NONE = "", _("nothing to extract")
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("extracting")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


def _upload_to(_instance: Any, _filename: str) -> str:
    # The original name is kept in ``file_name``; the stored name reveals nothing.
    return f"library/{uuid.uuid4().hex}"


class Collection(models.Model):
    """An ordered group of resources, such as the chapters of a training manual."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    slug = models.SlugField(_("web address"), max_length=80, unique=True, allow_unicode=False)
    language = models.CharField(
        _("language"), max_length=8, choices=ResourceLanguage.choices, default="ar"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self) -> str:
        return self.title


class Resource(models.Model):
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    body = models.TextField(_("text"), max_length=500_000, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=ResourceLanguage.choices, default="ar"
    )
    topics = models.ManyToManyField(
        "core.Term",
        blank=True,
        related_name="library_resources",
        limit_choices_to={"vocabulary__key": "library_topic"},
        verbose_name=_("topics"),
    )
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.GENERAL
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    collection = models.ForeignKey(
        Collection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("collection"),
    )
    position = models.PositiveIntegerField(_("order in the collection"), default=0)
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    resource_type = models.CharField(
        _("type"), max_length=16, choices=ResourceType.choices, default=ResourceType.TEXT
    )
    video_url = models.URLField(_("link to a video"), max_length=500, blank=True)

    file = models.FileField(_("file"), upload_to=_upload_to, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_kind = models.CharField(
        _("file type"), max_length=8, choices=FileKind.choices, blank=True, default=""
    )
    file_content_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    file_sha256 = models.CharField(max_length=64, blank=True)

    extracted_text = models.TextField(_("text extracted from the file"), blank=True)
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=16,
        choices=ExtractionStatus.choices,
        blank=True,
        default="",
    )
    extraction_progress = models.PositiveSmallIntegerField(default=0)  # percent
    extraction_error = models.CharField(max_length=300, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-published_on", "-created_at", "-pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [
            models.Index(fields=["visibility", "-published_on"], name="library_res_vis_pub"),
            models.Index(fields=["collection", "position"], name="library_res_collection"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(extraction_progress__lte=100), name="library_progress_percent"
            ),
            models.CheckConstraint(
                condition=Q(file="") | ~Q(file_kind=""), name="library_file_has_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    @property
    def extracting(self) -> bool:
        return self.extraction_status in (ExtractionStatus.PENDING, ExtractionStatus.RUNNING)
