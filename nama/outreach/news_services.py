"""Every change to news and statements: atomic, by outreach staff, audited, re-indexed.

An item holds up to three language versions (``ar``, ``en``, ``ckb``), at
least one; each version has a title and a text, and may have a summary and
an image description. Bodies are sanitised (``nama.core.richtext``) here, so
templates may mark the stored body safe. Images are re-encoded without
metadata (``nama.core.images``); the upload itself is never stored.

Workflow: draft -> review -> published -> withdrawn (-> review/published
again). Who may publish: ``nama.outreach.access.can_publish_news`` (statements
need the director). Only published items are in the search index.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nama.core.audit import log_action
from nama.core.images import CleanImage, clean_image_upload
from nama.core.richtext import sanitise_html
from nama.outreach.access import can_edit_news, can_publish_news
from nama.outreach.models import NewsItem, NewsKind, NewsLanguage, NewsStatus, NewsTranslation
from nama.outreach.news_search import news_index, news_unindex

__all__ = [
    "LANGUAGES",
    "TRANSLATION_FIELDS",
    "news_create",
    "news_delete",
    "news_image_remove",
    "news_image_replace",
    "news_publish",
    "news_return_to_draft",
    "news_submit_for_review",
    "news_unpublish",
    "news_update",
]

# Arabic first: the order of the tabs, of the feeds' fallbacks and of the API.
LANGUAGES: tuple[str, ...] = (NewsLanguage.ARABIC, NewsLanguage.ENGLISH, NewsLanguage.KURDISH)
TRANSLATION_FIELDS = ("title", "summary", "body", "image_alt")
_UNSET: Any = object()

NO_VERSION = _("Write at least one language version (a title and a text).")
NO_TITLE = _("Please give this version a title.")
NO_BODY = _("Please write the text of this version.")


def _require_editor(by: Any) -> None:
    if not can_edit_news(by):
        raise PermissionDenied("outreach editors only")


def _require_publisher(by: Any, item: NewsItem) -> None:
    if not can_publish_news(by, item):
        raise PermissionDenied("may not publish this item")


def clean_translations(translations: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The versions given, stripped and sanitised, in Arabic-first order.

    A version whose fields are all empty is left out; one that is started must
    have a title and a text. Raises ``ValidationError`` (messages keyed
    ``<language>-<field>``) or with :data:`NO_VERSION` when nothing is left.
    """
    cleaned: dict[str, dict[str, str]] = {}
    errors: dict[str, list[Any]] = {}
    for language in LANGUAGES:
        given = translations.get(language) or {}
        values = {f: str(given.get(f) or "").strip() for f in TRANSLATION_FIELDS}
        if not any(values.values()):
            continue
        values["body"] = sanitise_html(values["body"])
        values["title"] = values["title"][:300]
        values["image_alt"] = values["image_alt"][:300]
        values["summary"] = values["summary"][:1000]
        if not values["title"]:
            errors[f"{language}-title"] = [ValidationError(NO_TITLE, code="required")]
        if not values["body"]:
            errors[f"{language}-body"] = [ValidationError(NO_BODY, code="required")]
        cleaned[language] = values
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError(NO_VERSION, code="no_version")
    return cleaned


def _clean_image(image: Any) -> CleanImage:
    return image if isinstance(image, CleanImage) else clean_image_upload(image)


def _delete_file_on_commit(name: str) -> None:
    from django.core.files.storage import default_storage

    transaction.on_commit(lambda: default_storage.delete(name))


def _attach_image(item: NewsItem, image: Any) -> None:
    clean = _clean_image(image)
    if item.image:
        _delete_file_on_commit(item.image.name)
    content = clean.as_file("news")
    item.image.save(content.name or "news", content, save=False)


def _write_translations(item: NewsItem, cleaned: dict[str, dict[str, str]]) -> list[str]:
    """Replace the item's versions by ``cleaned``; the languages whose text changed."""
    changed: list[str] = []
    existing = {t.language: t for t in item.translations.all()}
    for language, version in existing.items():
        if language not in cleaned:
            version.delete()
            changed.append(language)
    for language, values in cleaned.items():
        current = existing.get(language)
        if current is None:
            NewsTranslation.objects.create(item=item, language=language, **values)
            changed.append(language)
            continue
        version = current
        if any(getattr(version, f) != v for f, v in values.items()):
            for field, value in values.items():
                setattr(version, field, value)
            version.save()
            changed.append(language)
    return changed


def _reindex(item: NewsItem) -> None:
    if item.status == NewsStatus.PUBLISHED:
        news_index(item)
    else:
        news_unindex(item)


@transaction.atomic
def news_create(
    *,
    by: Any,
    kind: str,
    translations: dict[str, dict[str, str]],
    image: Any = None,
    governorate: Any = None,
) -> NewsItem:
    """A new draft item. ``translations``: ``{"ar": {"title", "summary", "body", "image_alt"}}``.

    ``image`` is an upload (cleaned here) or a ``CleanImage``.
    Raises ``PermissionDenied`` unless ``by`` is an editor or the director,
    ``ValidationError`` for missing versions, fields or an unreadable image.
    """
    _require_editor(by)
    if kind not in NewsKind.values:
        raise ValidationError(_("Choose news or statement."), code="kind")
    cleaned = clean_translations(translations)
    item = NewsItem(kind=kind, status=NewsStatus.DRAFT, governorate=governorate, created_by=by)
    if image is not None:
        _attach_image(item, image)
    item.save()
    _write_translations(item, cleaned)
    log_action(
        by,
        "outreach.news.created",
        item,
        {"kind": kind, "languages": list(cleaned), "image": bool(item.image)},
    )
    return item


@transaction.atomic
def news_update(
    *,
    item: NewsItem,
    by: Any,
    translations: dict[str, dict[str, str]] | None = None,
    kind: str | None = None,
    governorate: Any = _UNSET,
    image: Any = None,
    remove_image: bool = False,
) -> NewsItem:
    """Change an item. ``translations`` replaces every version (a language left out is
    removed). A published item is changed only by someone who may publish it."""
    _require_editor(by)
    if item.status == NewsStatus.PUBLISHED:
        _require_publisher(by, item)
    changed: list[str] = []
    if kind is not None and kind != item.kind:
        if kind not in NewsKind.values:
            raise ValidationError(_("Choose news or statement."), code="kind")
        if item.kind == NewsKind.STATEMENT and item.status != NewsStatus.DRAFT:
            # Otherwise an editor could publish a statement by calling it news.
            _require_publisher(by, item)
        item.kind = kind
        changed.append("kind")
        if item.status == NewsStatus.PUBLISHED:
            _require_publisher(by, item)
    if governorate is not _UNSET and governorate != item.governorate:
        item.governorate = governorate
        changed.append("governorate")
    if image is not None:
        _attach_image(item, image)
        changed.append("image")
    elif remove_image and item.image:
        _delete_file_on_commit(item.image.name)
        item.image = ""
        changed.append("image")
    item.save()
    languages: list[str] = []
    if translations is not None:
        languages = _write_translations(item, clean_translations(translations))
    _reindex(item)
    log_action(by, "outreach.news.changed", item, {"fields": changed, "languages": languages})
    return item


def news_image_replace(*, item: NewsItem, by: Any, image: Any) -> NewsItem:
    """Put a new image (cleaned of metadata) in place of the old one."""
    return news_update(item=item, by=by, image=image)


def news_image_remove(*, item: NewsItem, by: Any) -> NewsItem:
    return news_update(item=item, by=by, remove_image=True)


def _move(item: NewsItem, by: Any, status: str, verb: str, *, reason: str = "") -> NewsItem:
    before = item.status
    item.status = status
    if status == NewsStatus.PUBLISHED and item.published_at is None:
        item.published_at = timezone.now()
    item.save(update_fields=["status", "published_at", "updated_at"])
    _reindex(item)
    log_action(
        by,
        f"outreach.news.{verb}",
        item,
        {"kind": item.kind, "from": before, "to": status},
        reason=reason,
    )
    return item


def _refuse(message: Any) -> ValidationError:
    return ValidationError(message, code="status")


@transaction.atomic
def news_submit_for_review(*, item: NewsItem, by: Any) -> NewsItem:
    """Draft (or withdrawn) -> in review."""
    _require_editor(by)
    if item.status not in (NewsStatus.DRAFT, NewsStatus.WITHDRAWN):
        raise _refuse(_("Only a draft can be sent for review."))
    return _move(item, by, NewsStatus.REVIEW, "submitted")


@transaction.atomic
def news_return_to_draft(*, item: NewsItem, by: Any) -> NewsItem:
    """In review (or withdrawn) -> draft, for more work."""
    _require_editor(by)
    if item.status not in (NewsStatus.REVIEW, NewsStatus.WITHDRAWN):
        raise _refuse(_("Only an item in review can go back to draft."))
    return _move(item, by, NewsStatus.DRAFT, "returned")


@transaction.atomic
def news_publish(*, item: NewsItem, by: Any) -> NewsItem:
    """Put the item on the portal, the feeds, the API and public search.

    Statements need the director; the first publication sets ``published_at``
    (kept when a withdrawn item is published again).
    """
    _require_editor(by)
    _require_publisher(by, item)
    if item.status == NewsStatus.PUBLISHED:
        raise _refuse(_("This item is already published."))
    if not item.translations.exists():
        raise _refuse(NO_VERSION)
    return _move(item, by, NewsStatus.PUBLISHED, "published")


@transaction.atomic
def news_unpublish(*, item: NewsItem, by: Any, reason: str) -> NewsItem:
    """Take a published item off the portal, with a stated reason (audited)."""
    _require_editor(by)
    _require_publisher(by, item)
    if item.status != NewsStatus.PUBLISHED:
        raise _refuse(_("Only a published item can be withdrawn."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please say why this item is withdrawn."), code="reason")
    return _move(item, by, NewsStatus.WITHDRAWN, "withdrawn", reason=reason[:500])


@transaction.atomic
def news_delete(*, item: NewsItem, by: Any) -> None:
    """Remove an item that was never published (drafts, items in review)."""
    _require_editor(by)
    if item.published_at is not None:
        raise _refuse(_("A published item cannot be deleted; withdraw it instead."))
    if item.image:
        _delete_file_on_commit(item.image.name)
    log_action(by, "outreach.news.deleted", item, {"kind": item.kind})
    news_unindex(item)
    item.delete()
