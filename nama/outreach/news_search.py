"""News and statements in site search: one public entry per language version.

Only published items are indexed (``news_services`` indexes on publication
and removes the entries when an item is withdrawn, sent back or deleted), so
the public never finds a draft. Each version is its own entry (object id
``<pk>-<language>``) carrying its language, so an English query finds the
English version and an Arabic one the Arabic version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from nama.core.richtext import html_to_text
from nama.searchindex import services as index
from nama.searchindex.models import SearchEntry, Visibility

if TYPE_CHECKING:
    from nama.outreach.models import NewsItem

__all__ = ["KIND", "news_index", "news_unindex", "register"]

KIND = "outreach.news"


def _object_id(item: Any, language: str) -> str:
    return f"{item.pk}-{language}"


def news_unindex(item: NewsItem) -> None:
    """Remove every entry of the item (all its versions)."""
    ids = SearchEntry.objects.filter(kind=KIND, object_id__startswith=f"{item.pk}-").values_list(
        "object_id", flat=True
    )
    for object_id in list(ids):
        if object_id.split("-", 1)[0] == str(item.pk):
            index.remove_entry(KIND, object_id)


def news_index(item: NewsItem) -> None:
    """Index each version of a published item; anything else is removed from the index."""
    from nama.outreach.models import NewsStatus

    news_unindex(item)
    if item.status != NewsStatus.PUBLISHED:
        return
    url = index.site_path("portal:news_item", item.pk)
    for version in item.translations.all():
        index.index_entry(
            KIND,
            _object_id(item, version.language),
            title=version.title,
            summary=version.summary,
            body=html_to_text(version.body),
            visibility=Visibility.PUBLIC,
            language=version.language,
            url=f"{url}?lang={version.language}",
        )


def _scope(_user: Any) -> None:
    """No internal entries: everyone finds the published items, nobody finds drafts."""
    return None


def _reindex_all() -> int:
    from nama.outreach.models import NewsItem

    count = 0
    for item in NewsItem.objects.prefetch_related("translations").iterator(chunk_size=200):
        news_index(item)
        count += 1
    return count


def register() -> None:
    from nama.searchindex.scopes import register_scope

    register_scope(KIND, label=_("News and statements"), scope=_scope, reindex=_reindex_all)
