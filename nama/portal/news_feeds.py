"""RSS 2.0 and Atom feeds of published news and statements, one per language.

``/<lang>/news/feed/rss/`` and ``/<lang>/news/feed/atom/`` list the latest
published items, each in the feed's language when it has that version (else
Arabic, else the version it has), with a plain-text summary and absolute
links to the item's page in that language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from nama.core.richtext import html_to_text
from nama.outreach.models import NewsItem
from nama.outreach.news_selectors import news_published, pick_version

__all__ = ["NewsAtomFeed", "NewsRssFeed"]

FEED_SIZE = 30
SUMMARY_CHARS = 600


def _cut(text: str) -> str:
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rstrip() + "…"


class NewsRssFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    description = _("News and statements of the centre.")

    def title(self) -> str:
        centre = getattr(settings, "NAMA_CENTRE_NAME", "")
        news = str(_("News and statements"))
        return f"{news} · {centre}" if centre else news

    def link(self) -> str:
        return reverse("portal:news")

    def feed_url(self) -> str:
        return reverse("portal:news_atom" if self.feed_type is Atom1Feed else "portal:news_rss")

    def items(self) -> list[NewsItem]:
        return list(news_published()[:FEED_SIZE])

    def _version(self, item: NewsItem) -> Any:
        # The feed's language is the URL's (``Feed`` reads ``get_language()`` too).
        return pick_version(item, get_language() or settings.LANGUAGE_CODE)

    def item_title(self, item: NewsItem) -> str:
        version = self._version(item)
        return version.title if version else ""

    def item_description(self, item: NewsItem) -> str:
        version = self._version(item)
        if version is None:
            return ""
        return _cut(version.summary.strip() or html_to_text(version.body))

    def item_link(self, item: NewsItem) -> str:
        return reverse("portal:news_item", args=[item.pk])

    def item_guid(self, item: NewsItem) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: NewsItem) -> Any:
        return item.published_at

    def item_updateddate(self, item: NewsItem) -> Any:
        return item.updated_at

    def item_categories(self, item: NewsItem) -> list[str]:
        return [str(item.get_kind_display())]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    subtitle = NewsRssFeed.description
