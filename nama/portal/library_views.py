"""The public library: browse, search, read and download resources.

Everyone reads public resources; staff who may read internal ones
(``nama.library.access.can_read_internal``) see those too, marked. The
portal is reachable with a password alone (before the second factor), so a
session that has not passed 2FA reads as the public does (``reader``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nama.accounts.otp import is_verified
from nama.core import ratelimit
from nama.library.models import Collection, Resource
from nama.library.selectors import (
    collection_get_for_user,
    collection_list_for_user,
    resource_filter,
    resource_get_for_user,
    resource_list_for_user,
    resource_search,
    topic_list_for_user,
)
from nama.portal.library_forms import LibraryFilterForm, parse_get
from nama.searchindex.throttle import search_refused

__all__ = [
    "Pager",
    "collection_detail",
    "library_home",
    "reader",
    "resource_detail",
    "resource_download",
]

PER_PAGE = 20
LATEST_ORDER = ("-published_on", "-created_at", "-pk")
COLLECTION_ORDER = ("position", "pk")
DOWNLOAD_CSP = "default-src 'none'; sandbox"
EXTRACTED_SHOWN = 50_000  # characters of a file's text shown on its page


def reader(request: HttpRequest) -> Any:
    """Who the library reads as: the signed-in user once past 2FA, else the public."""
    user = request.user
    if getattr(user, "is_authenticated", False) and is_verified(user):
        return user
    return AnonymousUser()


@dataclass(frozen=True)
class Pager:
    """What the pagination partial needs, from a Django page or a search page."""

    number: int
    pages: int
    query: str  # the other parameters, urlencoded, without ``page``

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None

    @property
    def several(self) -> bool:
        return self.pages > 1


def _query_string(form: LibraryFilterForm) -> str:
    return urlencode([(name, value) for name, value in form.cleaned_data.items() if value])


def _with_resources(
    hits: list[Any], resources: dict[str, Resource]
) -> list[tuple[Any, Resource | None]]:
    return [(hit, resources.get(hit.object_id)) for hit in hits]


@require_safe
def library_home(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    topics = list(topic_list_for_user(user=user))
    # Managers also get empty collections (to fill them); the public pages list none.
    collections = [
        c for c in collection_list_for_user(user=user) if getattr(c, "resource_count", 0)
    ]
    form = parse_get(LibraryFilterForm, request.GET, topics=topics, collections=collections)
    query = form.cleaned_data["q"]
    context: dict[str, Any] = {
        "form": form,
        "query": query,
        "query_only": urlencode({"q": query}),
        "topics": topics,
        "collections": collections,
    }
    if query:
        refused = search_refused(request, user)
        if refused is not None:
            return ratelimit.too_many_requests(refused)
        results = resource_search(
            user=user, query=query, page=request.GET.get("page"), **form.filters()
        )
        if not results.hits and results.page > results.pages:  # past the end: the last page
            results = resource_search(user=user, query=query, page=results.pages, **form.filters())
        ids = [int(hit.object_id) for hit in results.hits if hit.object_id.isdigit()]
        found = resource_list_for_user(user=user).filter(pk__in=ids)
        context["results"] = results
        context["hits"] = _with_resources(results.hits, {str(r.pk): r for r in found})
        context["pager"] = Pager(results.page, results.pages, _query_string(form))
    else:
        latest = resource_filter(resource_list_for_user(user=user), **form.filters())
        page = Paginator(latest.order_by(*LATEST_ORDER), PER_PAGE).get_page(request.GET.get("page"))
        context["page"] = page
        context["pager"] = Pager(page.number, page.paginator.num_pages, _query_string(form))
    return render(request, "portal/library_home.html", context)


def _neighbours(user: Any, resource: Resource) -> tuple[Resource | None, Resource | None]:
    """The resources before and after this one in its collection, among those the user reads."""
    if resource.collection_id is None:
        return None, None
    siblings = list(
        resource_list_for_user(user=user)
        .filter(collection_id=resource.collection_id)
        .order_by(*COLLECTION_ORDER)
        .only("pk", "title", "position", "collection_id")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == resource.pk)
    previous = siblings[index - 1] if index > 0 else None
    following = siblings[index + 1] if index + 1 < len(siblings) else None
    return previous, following


def _safe_video_url(url: str) -> str:
    return url if url.lower().startswith(("https://", "http://")) else ""


@require_safe
def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    resource = resource_get_for_user(user=user, pk=pk)
    previous, following = _neighbours(user, resource)
    return render(
        request,
        "portal/library_resource.html",
        {
            "resource": resource,
            "topics": resource.topics.all(),
            "previous": previous,
            "following": following,
            "video_url": _safe_video_url(resource.video_url),
            # The text read from a PDF or DOCX, for phones that cannot open the file.
            "extracted": resource.extracted_text[:EXTRACTED_SHOWN],
            "extracted_cut": len(resource.extracted_text) > EXTRACTED_SHOWN,
        },
    )


@require_safe
def resource_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file, always as an attachment with its checked content type, never inline."""
    resource = resource_get_for_user(user=reader(request), pk=pk)
    if not resource.has_file:
        raise Http404
    try:
        handle = resource.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=resource.file_name or "file",
        content_type=resource.file_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if not resource.is_public:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def collection_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = reader(request)
    collection: Collection = collection_get_for_user(user=user, slug=slug)
    resources = (
        resource_list_for_user(user=user).filter(collection=collection).order_by(*COLLECTION_ORDER)
    )
    page = Paginator(resources, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/library_collection.html",
        {
            "collection": collection,
            "page": page,
            "pager": Pager(page.number, page.paginator.num_pages, ""),
        },
    )
