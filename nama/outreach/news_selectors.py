"""Reading news and statements: the public reads published items; outreach staff read all.

``pick_version`` chooses which language version to show: the one asked for,
else Arabic (the reference language), else the first there is.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import get_language_info

from nama.outreach.access import can_use_outreach
from nama.outreach.models import NewsItem, NewsStatus, NewsTranslation

__all__ = [
    "IMAGE_CSP",
    "direction_of",
    "image_content_type",
    "news_get_for_user",
    "news_get_published",
    "news_list_for_user",
    "news_published",
    "pick_version",
]

PUBLIC_ORDER = ("-published_at", "-pk")
# Stored images are re-encoded by ``nama.core.images``: one of these, by extension.
IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
IMAGE_CSP = "default-src 'none'; sandbox"


def _with_versions(queryset: QuerySet[NewsItem]) -> QuerySet[NewsItem]:
    return queryset.select_related("governorate").prefetch_related(
        Prefetch("translations", queryset=NewsTranslation.objects.order_by("pk"))
    )


def news_published(*, kind: str = "") -> QuerySet[NewsItem]:
    """Published items, newest first (what the portal, feeds, API and search show)."""
    items = NewsItem.objects.filter(status=NewsStatus.PUBLISHED, published_at__isnull=False)
    if kind:
        items = items.filter(kind=kind)
    return _with_versions(items).order_by(*PUBLIC_ORDER)


def news_get_published(*, pk: Any) -> NewsItem:
    """A published item; 404 for anything else (drafts, items in review, withdrawn)."""
    try:
        return news_published().get(pk=int(pk))
    except (NewsItem.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def news_list_for_user(*, user: Any) -> QuerySet[NewsItem]:
    """Every item for outreach staff; nothing for anyone else."""
    if not can_use_outreach(user):
        return NewsItem.objects.none()
    return _with_versions(NewsItem.objects.all()).order_by("-updated_at", "-pk")


def news_get_for_user(*, user: Any, pk: Any) -> NewsItem:
    """One item for outreach staff; 404 for everyone else."""
    try:
        return news_list_for_user(user=user).get(pk=int(pk))
    except (NewsItem.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def pick_version(item: NewsItem, language: str | None) -> NewsTranslation | None:
    """The version in ``language``, else Arabic, else the first one (None if there is none)."""
    versions = list(item.translations.all())
    for wanted in (language, "ar"):
        for version in versions:
            if version.language == wanted:
                return version
    return versions[0] if versions else None


def direction_of(language: str) -> str:
    """``rtl`` or ``ltr`` for a language code (``auto`` for an unknown one)."""
    try:
        return "rtl" if get_language_info(language)["bidi"] else "ltr"
    except KeyError:
        return "auto"


def image_content_type(item: NewsItem) -> str | None:
    """The content type of the item's stored image; None when it has none."""
    if not item.image:
        return None
    return IMAGE_TYPES.get(item.image.name.rsplit(".", 1)[-1].lower())
