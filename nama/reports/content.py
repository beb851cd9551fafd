"""The content of a report build: frozen inputs, then the figures computed from them.

``report_inputs(report)`` freezes what staff set up and wrote, in the
report's language, at the moment a build is asked for. ``report_data(inputs)``
computes every figure from those inputs alone and returns the ``ReportData``
dict the renderers read (its shape is documented in docs/reports.md). Its
``fingerprint`` is the SHA-256 of the figures, so a build can later be
checked against the records ("the data has not changed since") and rendered
again from its stored content to the same documents.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from nama.core.dates import date_with_precision
from nama.core.models import Governorate, Term
from nama.reports import indicators
from nama.reports.disclosure import (
    default_threshold,
    suppress_cross,
    suppress_table,
    suppress_value,
)
from nama.reports.indicators import StatsFilters
from nama.reports.models import Report, ReportAudience
from nama.reports.periods import Period

__all__ = ["fingerprint", "report_data", "report_inputs"]

SCHEMA = 1

# (table key, indicator, dimension): the 1-D tables of every report.
_TABLES: list[tuple[str, str, str]] = [
    ("by_governorate", "acts", "governorate"),
    ("trend", "acts", "month"),
    ("by_type", "acts", "act_type"),
    ("by_perpetrator", "acts", "perpetrator_type"),
    ("by_sex", "victims", "sex"),
    ("by_age", "victims", "age_group"),
    ("by_characteristic", "victims", "characteristic"),
    ("legal", "legal_cases", "service"),
    ("intake", "requests", "request_type"),
]


def _titles() -> dict[str, str]:
    # Spelled out so that makemessages finds each title.
    return {
        "by_governorate": _("Violations by governorate"),
        "trend": _("Violations by month"),
        "by_type": _("Violations by type"),
        "by_perpetrator": _("Violations by type of perpetrator"),
        "by_sex": _("Victims by sex"),
        "by_age": _("Victims by age at the time"),
        "by_characteristic": _("Victims by characteristic"),
        "legal": _("Legal cases opened, by service"),
        "intake": _("Requests received, by type"),
        "cross": _("Violations by governorate and type"),
    }


def _methodology() -> dict[str, str]:
    centre = str(settings.NAMA_CENTRE_NAME)
    return {
        "sources": _(
            "%(centre)s documents violations through its national team of monitors in "
            "every governorate, complaints received by its hotline and web form, "
            "interviews with victims, witnesses and their families, and information "
            "from lawyers, official documents and media reports checked against other "
            "sources."
        )
        % {"centre": centre}
        + "\n\n"
        + _(
            "The identities of victims, witnesses and sources are protected: this "
            "report contains no names and no detail that could identify a person."
        ),
        "verification": _(
            "Each documented event is reviewed by a second member of staff before it "
            "is counted. The reviewer checks the sources, their reliability and their "
            "consistency, and gives the event a violation status: confirmed, likely, "
            "possible or unlikely."
        ),
        "counting": _(
            "The unit of count is the act: one victim suffering one type of violation "
            "in one event. A victim who suffered several types of violation is counted "
            "once for each type among violations, and once among victims. Acts are "
            "dated by their own date, or by the start of their event; acts whose date "
            "is unknown are not counted in a period. Events merged as duplicates are "
            "counted once."
        ),
    }


def _inclusion(minimum_status: str, period: Period, governorate: str) -> str:
    status = Term.objects.filter(vocabulary__key="violation_status", code=minimum_status).first()
    included = [
        term.name
        for term in Term.objects.filter(
            vocabulary__key="violation_status", code__lte=minimum_status
        ).order_by("code")
    ]
    place = _("Iraq")
    if governorate:
        place = str(Governorate.objects.get(slug=governorate).name)
    return _(
        "Counted: acts of verified events in %(place)s dated from %(start)s to %(end)s "
        "whose violation status is %(statuses)s (at least %(minimum)s)."
    ) % {
        "place": place,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "statuses": _(", ").join(included) if included else "-",
        "minimum": status.name if status else minimum_status,
    }


def _case_summary(summary: Any) -> dict[str, Any]:
    event = summary.event
    act_types = sorted(
        {act.act_type.name for act in event.acts.select_related("act_type")},
    )
    return {
        "title": summary.title,
        "place": event.governorate.name,
        "when": date_with_precision(event.start_date, event.start_precision),
        "act_types": act_types,
        "text": summary.text,
    }


def report_inputs(report: Report) -> dict[str, Any]:
    """Everything a build needs besides the records, frozen in the report's language."""
    with translation.override(report.language):
        summaries = report.case_summaries.select_related("event__governorate").order_by(
            "position", "id"
        )
        return {
            "schema": SCHEMA,
            "reference": report.reference,
            "title": report.title,
            "language": report.language,
            "centre": str(settings.NAMA_CENTRE_NAME),
            "period": {
                "kind": report.period_kind,
                "start": report.period_start.isoformat(),
                "end": report.period_end.isoformat(),
            },
            "governorate": report.governorate.slug if report.governorate else "",
            "minimum_status": report.minimum_status,
            "audience": report.audience,
            "threshold": default_threshold(),
            "sections": {"context": report.context, "recommendations": report.recommendations},
            "methodology": _methodology(),
            "case_summaries": [_case_summary(summary) for summary in summaries],
        }


def fingerprint(figures: dict[str, Any]) -> str:
    """SHA-256 of the figures, written canonically (sorted keys, no spaces)."""
    text = json.dumps(figures, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _figures(inputs: dict[str, Any]) -> dict[str, Any]:
    period = inputs["period"]
    filters = StatsFilters(
        start=date.fromisoformat(period["start"]),
        end=date.fromisoformat(period["end"]),
        governorate=inputs["governorate"],
        minimum_status=inputs["minimum_status"],
    )
    public = inputs["audience"] == ReportAudience.PUBLIC
    threshold = int(inputs["threshold"])
    titles = _titles()
    headline: list[dict[str, Any]] = [
        {
            "key": key,
            "label": str(indicators.INDICATORS[key].label),
            "value": indicators.total(key, filters),
        }
        for key in ("acts", "victims", "events", "requests", "consultations", "legal_cases")
    ]
    totals = {item["key"]: item["value"] for item in headline}
    tables: dict[str, Any] = {}
    for key, indicator, dimension in _TABLES:
        table = indicators.breakdown(indicator, dimension, filters, total=totals[indicator])
        table["title"] = titles[key]
        tables[key] = suppress_table(table, threshold) if public else table
    cross = indicators.cross_table("acts", filters)
    cross["title"] = titles["cross"]
    if public:
        cross = suppress_cross(cross, threshold)
        for item in headline:
            item["value"] = suppress_value(item["value"], threshold)
    return {
        "headline": headline,
        "tables": tables,
        "cross": cross,
        "map": {"values": {row["key"]: row["value"] for row in tables["by_governorate"]["rows"]}},
    }


def report_data(inputs: dict[str, Any], *, built_on: date, build_number: int) -> dict[str, Any]:
    """The ``ReportData`` of a build: the frozen inputs plus the figures computed now."""
    language = inputs["language"]
    with translation.override(language):
        period = Period(
            inputs["period"]["kind"],
            date.fromisoformat(inputs["period"]["start"]),
            date.fromisoformat(inputs["period"]["end"]),
        )
        figures = _figures(inputs)
        return {
            "schema": SCHEMA,
            "language": language,
            "title": inputs["title"],
            "centre": inputs["centre"],
            "period": {**inputs["period"], "label": period.label(language)},
            "built_on": built_on.isoformat(),
            "reference": _("%(reference)s, build %(number)s")
            % {"reference": inputs["reference"], "number": build_number},
            "audience": inputs["audience"],
            "threshold": int(inputs["threshold"]),
            "inclusion": _inclusion(inputs["minimum_status"], period, inputs["governorate"]),
            "methodology": inputs["methodology"],
            "sections": inputs["sections"],
            "case_summaries": inputs["case_summaries"],
            **figures,
            "fingerprint": fingerprint(figures),
        }


def figures_fingerprint(inputs: dict[str, Any]) -> str:
    """The fingerprint the records give today for these inputs (to check a build)."""
    with translation.override(inputs["language"]):
        return fingerprint(_figures(inputs))
