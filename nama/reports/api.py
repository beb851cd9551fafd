"""The statistics API and published reports (docs/reports.md, "API").

``GET /api/v1/statistics/?indicator=acts&by=governorate&start=&end=&...``
answers by who asks:

* staff of the reports section (analysts, the director): exact figures for
  any period and filter;
* everyone else: **published figures only**: the period asked for must lie
  inside the period of a published report and the answer covers that whole
  period, with that report's inclusion rule; the only filter is the
  governorate; small cells are suppressed (``nama.reports.disclosure``).
  Narrower periods or more filters would let a hidden small count be found
  by subtracting two answers.
  Answers are cached for a few minutes and anonymous callers are throttled
  with the search limit.

``GET /api/v1/reports/`` and ``/api/v1/reports/<id>/``: published reports
with their frozen, suppressed figures and the addresses of their files.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nama.reports import indicators
from nama.reports.access import can_use_reports
from nama.reports.disclosure import default_threshold, suppress_table
from nama.reports.indicators import StatsFilters, UnknownIndicator
from nama.reports.models import ReportBuild
from nama.reports.selectors import published_build_get, published_builds
from nama.searchindex.api import throttled

PUBLIC_CACHE_SECONDS = 300

ROW = inline_serializer(
    "StatisticsRow",
    fields={
        "key": serializers.CharField(),
        "label": serializers.CharField(),
        "value": serializers.IntegerField(allow_null=True, help_text="null: suppressed"),
    },
)

FILTER_NAMES = (
    "governorate",
    "minimum_status",
    "act_type",
    "perpetrator_type",
    "sex",
    "age_group",
    "characteristic",
)


def _bad(message: str) -> Response:
    return Response({"detail": message}, status=400)


def _date(value: str | None) -> date | None:
    if not value:
        return None
    return date.fromisoformat(value[:10])


def _covering_build(start: date | None, end: date | None) -> ReportBuild | None:
    """The newest published build whose period holds [start, end] (or the newest one)."""
    for build in published_builds():
        period = build.inputs["period"]
        first, last = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
        if start is None and end is None:
            return build
        if start is not None and end is not None and first <= start and end <= last:
            return build
    return None


class StatisticsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "indicator",
                OpenApiTypes.STR,
                required=True,
                enum=list(indicators.INDICATORS),
            ),
            OpenApiParameter(
                "by", OpenApiTypes.STR, enum=list(indicators.DIMENSIONS), description="breakdown"
            ),
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("governorate", OpenApiTypes.STR, description="slug"),
            OpenApiParameter("minimum_status", OpenApiTypes.STR, description="staff only"),
            OpenApiParameter("act_type", OpenApiTypes.STR),
            OpenApiParameter("perpetrator_type", OpenApiTypes.STR),
            OpenApiParameter("sex", OpenApiTypes.STR),
            OpenApiParameter("age_group", OpenApiTypes.STR),
            OpenApiParameter("characteristic", OpenApiTypes.STR),
        ],
        responses=inline_serializer(
            "Statistics",
            fields={
                "indicator": serializers.CharField(),
                "unit": serializers.CharField(),
                "by": serializers.CharField(allow_null=True),
                "exact": serializers.BooleanField(),
                "threshold": serializers.IntegerField(allow_null=True),
                "start": serializers.DateField(allow_null=True),
                "end": serializers.DateField(allow_null=True),
                "report": serializers.CharField(allow_null=True),
                "rows": ROW,
                "total": serializers.IntegerField(allow_null=True),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        """An indicator's total or breakdown: exact for staff, published figures for others."""
        exact = can_use_reports(request.user)
        if not exact:
            refused = throttled(request)
            if refused is not None:
                return refused
        params = request.query_params
        key = params.get("indicator", "")
        if key not in indicators.INDICATORS:
            names = ", ".join(indicators.INDICATORS)
            return _bad(_("Unknown indicator. Choose one of: %(names)s.") % {"names": names})
        by = params.get("by") or None
        try:
            start, end = _date(params.get("start")), _date(params.get("end"))
        except ValueError:
            return _bad(_("Dates are written YYYY-MM-DD."))
        if start and end and end < start:
            return _bad(_("The end of the period must be on or after its start."))
        values = {name: params.get(name, "")[:40] for name in FILTER_NAMES}
        report_reference = None
        if not exact:
            # Only whole published periods and the governorate: figures for a
            # period a day shorter, or with one more filter, would give a hidden
            # small count away by subtraction.
            narrowed = [name for name in FILTER_NAMES if values[name]]
            if set(narrowed) - {"governorate"}:
                return _bad(_("The public may filter published figures by governorate only."))
            build = _covering_build(start, end)
            if build is None:
                return _bad(
                    _(
                        "Figures are published for the periods of published reports only; "
                        "ask for a period inside one of them (see /api/v1/reports/)."
                    )
                )
            period = build.inputs["period"]
            start = date.fromisoformat(period["start"])
            end = date.fromisoformat(period["end"])
            values["minimum_status"] = build.inputs["minimum_status"]
            report_reference = build.report.reference
        values["minimum_status"] = values["minimum_status"] or "02"
        filters = StatsFilters(start=start, end=end, **values)
        cache_key = None
        if not exact:
            raw = f"{key}|{by}|{filters}|{translation.get_language()}"
            cache_key = "reports:statistics:" + hashlib.sha256(raw.encode()).hexdigest()
            cached = cache.get(cache_key)
            if cached is not None:
                return Response(cached)
        try:
            if by:
                table = indicators.breakdown(key, by, filters)
            else:
                table = {"rows": [], "total": indicators.total(key, filters)}
        except UnknownIndicator:
            return _bad(_("This breakdown or filter does not apply to this indicator."))
        threshold = None
        if not exact:
            threshold = default_threshold()
            table = suppress_table(table, threshold)
        body = {
            "indicator": key,
            "unit": str(indicators.INDICATORS[key].unit),
            "by": by,
            "exact": exact,
            "threshold": threshold,
            "start": start.isoformat() if start else None,
            "end": end.isoformat() if end else None,
            "report": report_reference,
            "rows": table["rows"],
            "total": table["total"],
        }
        if cache_key:
            cache.set(cache_key, body, PUBLIC_CACHE_SECONDS)
        return Response(body)


def _published(build: ReportBuild, request: Request, *, full: bool) -> dict[str, Any]:
    data = build.data or {}
    files = {
        kind: request.build_absolute_uri(reverse("portal:report_download", args=[build.pk, kind]))
        for kind in ("pdf", "docx", "xlsx")
    }
    body: dict[str, Any] = {
        "id": build.pk,
        "reference": build.report.reference,
        "title": data.get("title", ""),
        "language": data.get("language", ""),
        "period": data.get("period", {}),
        "published_at": build.approved_at.isoformat() if build.approved_at else None,
        "fingerprint": build.fingerprint,
        "files": files,
    }
    if full:
        body.update(
            {
                "threshold": data.get("threshold"),
                "inclusion": data.get("inclusion", ""),
                "headline": data.get("headline", []),
                "tables": data.get("tables", {}),
                "cross": data.get("cross", {}),
            }
        )
    return body


class PublishedReportList(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="reports_published_list", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        """Published reports, newest period first (at most 100)."""
        builds = published_builds()[:100]
        return Response({"results": [_published(b, request, full=False) for b in builds]})


class PublishedReportDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="reports_published_retrieve", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        """A published report with its frozen, suppressed figures."""
        build = published_build_get(pk=pk)
        return Response(_published(build, request, full=True))
