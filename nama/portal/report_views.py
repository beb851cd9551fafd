"""Published reports on the public site: the list, a report's page, its files.

Only builds a director approved (and did not withdraw) exist here; anything
else answers 404. Their figures are the frozen, suppressed ones of the
build: small numbers already hidden by disclosure control.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nama.reports import maps
from nama.reports.models import DOCUMENT_CONTENT_TYPES, ReportBuild
from nama.reports.selectors import published_build_get, published_builds

__all__ = ["report_detail", "report_download", "report_list"]

PER_PAGE = 20


@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(published_builds(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/reports.html", {"page": page})


@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    build: ReportBuild = published_build_get(pk=pk)
    data = build.data or {}
    tables = data.get("tables", {})
    threshold = data.get("threshold", 5)
    by_governorate = tables.get("by_governorate")
    context = {
        "build": build,
        "data": data,
        "tables": tables,
        "threshold": threshold,
        "chart_map": maps.map_context(
            data.get("map", {}).get("values", {}),
            threshold=threshold,
            labels=maps.labels_from_table(by_governorate),
            title=by_governorate.get("title") if by_governorate else None,
        ),
    }
    return render(request, "portal/report.html", context)


@require_safe
def report_download(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    build = published_build_get(pk=pk)
    stored = getattr(build, kind, None) if kind in DOCUMENT_CONTENT_TYPES else None
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{build.report.reference}.{kind}",
        content_type=DOCUMENT_CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
