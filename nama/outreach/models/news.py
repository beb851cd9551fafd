"""News and statements (بيانات): one item, up to three language versions.

An item moves draft -> review -> published (or back to draft); only
published items reach the portal, the feeds, the API and public search. The
body of each version is sanitised HTML (``nama.core.richtext``); the image is
stored re-encoded without metadata (``nama.core.images``).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["NewsItem", "NewsKind", "NewsLanguage", "NewsStatus", "NewsTranslation"]


class NewsKind(models.TextChoices):
    NEWS = "news", _("news")
    STATEMENT = "statement", _("statement")


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("in review")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class NewsLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    KURDISH = "ckb", _("Kurdish (Sorani)")


def _image_path(_instance: Any, filename: str) -> str:
    """A random name; the extension of the re-encoded image (jpg, png, webp) is kept."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = f".{extension}" if extension in ("jpg", "png", "webp") else ""
    return f"news/{uuid.uuid4().hex}{suffix}"


class NewsItem(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=NewsKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    image = models.FileField(_("image"), upload_to=_image_path, blank=True)
    governorate = models.ForeignKey(
        "core.Governorate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("governorate"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
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
        ordering = ["-published_at", "-created_at", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        indexes = [models.Index(fields=["status", "-published_at"], name="outreach_news_published")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_published(self) -> bool:
        return self.status == NewsStatus.PUBLISHED


class NewsTranslation(models.Model):
    item = models.ForeignKey(
        NewsItem, on_delete=models.CASCADE, related_name="translations", verbose_name=_("item")
    )
    language = models.CharField(_("language"), max_length=8, choices=NewsLanguage.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    body = models.TextField(_("text"), max_length=200_000)
    image_alt = models.CharField(_("image description"), max_length=300, blank=True)

    class Meta:
        ordering = ["item", "language"]
        verbose_name = _("news version")
        verbose_name_plural = _("news versions")
        constraints = [
            models.UniqueConstraint(fields=["item", "language"], name="outreach_news_one_per_lang")
        ]

    def __str__(self) -> str:
        return self.title
