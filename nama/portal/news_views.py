"""Public news and statements: the list, one item, its image.

Only published items are shown (``nama.outreach.news_selectors``); anything
else is 404, with no hint that it exists. Each item is shown in the page's
language when it has that version, else in Arabic, else in the version it
has; ``?lang=`` asks for a given version (search results link to the
version that matched). The content carries its own ``lang`` and ``dir``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, get_language_info
from django.views.decorators.http import require_safe

from nama.outreach.models import NewsItem, NewsKind, NewsTranslation
from nama.outreach.news_selectors import (
    IMAGE_CSP,
    direction_of,
    image_content_type,
    news_get_published,
    news_published,
    pick_version,
)
from nama.portal.library_views import Pager

__all__ = ["news_image", "news_item", "news_list"]

PER_PAGE = 10


@dataclass(frozen=True)
class Shown:
    """An item with the version shown and that version's writing direction."""

    item: NewsItem
    version: NewsTranslation
    direction: str
    other_languages: list[str]


def shown(item: NewsItem, language: str | None) -> Shown | None:
    version = pick_version(item, language)
    if version is None:
        return None
    others = [t.language for t in item.translations.all() if t.language != version.language]
    return Shown(item, version, direction_of(version.language), others)


@require_safe
def news_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in NewsKind.values else ""
    page = Paginator(news_published(kind=kind), PER_PAGE).get_page(request.GET.get("page"))
    language = get_language()
    entries = [s for s in (shown(item, language) for item in page.object_list) if s is not None]
    return render(
        request,
        "portal/news_list.html",
        {
            "entries": entries,
            "page": page,
            "kind": kind,
            "kinds": NewsKind.choices,
            "pager": Pager(
                page.number, page.paginator.num_pages, urlencode({"kind": kind}) if kind else ""
            ),
        },
    )


def _name_local(language: str) -> str:
    try:
        return str(get_language_info(language)["name_local"])
    except KeyError:
        return language


@require_safe
def news_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = news_get_published(pk=pk)
    wanted = request.GET.get("lang") or get_language()
    entry = shown(item, wanted)
    if entry is None:
        raise Http404
    # Each language named in itself (العربية, English, کوردی), for readers of that language.
    versions = [(t.language, _name_local(t.language)) for t in item.translations.all()]
    return render(request, "portal/news_item.html", {"entry": entry, "versions": versions})


@require_safe
def news_image(request: HttpRequest, pk: int) -> FileResponse:
    """The image of a published item (re-encoded without metadata when it was stored)."""
    item = news_get_published(pk=pk)
    content_type = image_content_type(item)
    if content_type is None:
        raise Http404
    try:
        handle = item.image.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = IMAGE_CSP
    response["Cache-Control"] = "public, max-age=3600"
    return response
