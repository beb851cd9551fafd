"""Site-wide search: public entries for everyone, plus what a staff member's selectors allow.

The selector (``search_for_user``) decides what anyone finds; this page only
offers staff a filter by kind, since the public only ever finds public
library resources and news.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nama.core import ratelimit
from nama.core.roles import has_any_role
from nama.portal.library_forms import SiteSearchForm, parse_get
from nama.portal.library_views import Pager, reader
from nama.searchindex.scopes import kind_info, registered_kinds
from nama.searchindex.selectors import search_for_user
from nama.searchindex.throttle import search_refused

__all__ = ["search"]


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    staff = has_any_role(user)
    kinds = [(info.kind, info.label) for info in registered_kinds()] if staff else []
    form = parse_get(SiteSearchForm, request.GET, kinds=kinds)
    query = form.cleaned_data["q"]
    kind = form.cleaned_data.get("kind") or ""
    context: dict[str, Any] = {"form": form, "query": query, "show_kinds": staff}
    if query:
        refused = search_refused(request, user)
        if refused is not None:
            return ratelimit.too_many_requests(refused)
        options: dict[str, Any] = {"user": user, "query": query, "kinds": [kind] if kind else None}
        results = search_for_user(page=request.GET.get("page"), **options)
        if not results.hits and results.page > results.pages:  # past the end: the last page
            results = search_for_user(page=results.pages, **options)
        labels = {hit.kind: kind_info(hit.kind) for hit in results.hits}
        context["results"] = results
        context["hits"] = [(hit, labels[hit.kind]) for hit in results.hits]
        others = urlencode(
            [(name, value) for name, value in (("q", query), ("kind", kind)) if value]
        )
        context["pager"] = Pager(results.page, results.pages, others)
    return render(request, "portal/search.html", context)
