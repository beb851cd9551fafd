"""Indicators: what the centre counts, defined in code (docs/reports.md, "Counting rules").

Each indicator has a counting unit and an inclusion rule:

* **acts**, **victims**, **events** count monitoring records. Only acts of
  verified, unmerged events whose violation status is at or above the chosen
  level (codes of ``violation_status``: 01 confirmed, 02 likely, 03 possible,
  04 unlikely; the default "02" counts confirmed and likely) are counted.
  An act's date is its own date, or its event's start date when the act has
  none; acts whose date is unknown count only when no period is asked for.
  *victims* are distinct victim records among those acts (a group recorded as
  one person counts once), *events* distinct events.
* **requests** count intake requests received (merged duplicates excluded),
  by the day they were received.
* **consultations** count legal consultations, by the day they were given.
* **legal_cases** count legal cases opened, by the day they were opened.

Breakdowns group by a dimension (month, governorate, type of act...). For the
monitoring units the total is the number of distinct acts, victims or events,
so a breakdown over something an act can have several of (perpetrator types,
victim characteristics) may add up to more than the total. Labels come in the
active language.

Nothing here is scoped: these are aggregates. Views and the API decide who
sees exact figures and apply disclosure control (``nama.reports.disclosure``)
for everyone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr, TruncMonth
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nama.core.dates import DatePrecision
from nama.core.models import Governorate, Term
from nama.intake.models import Request
from nama.legal.models import Consultation, LegalCase
from nama.monitoring.models import Act, Involvement, Person
from nama.monitoring.selectors import act_list_counted
from nama.reports.periods import month_starts

__all__ = [
    "AGE_GROUPS",
    "DIMENSIONS",
    "INDICATORS",
    "Indicator",
    "StatsFilters",
    "UnknownIndicator",
    "breakdown",
    "cross_table",
    "total",
]

UNKNOWN = "unknown"


class UnknownIndicator(ValueError):
    """An indicator, dimension or filter that does not exist or does not apply."""


@dataclass(frozen=True)
class StatsFilters:
    """What to count. Empty strings and ``None`` mean "no filter"."""

    start: date | None = None
    end: date | None = None
    governorate: str = ""  # slug
    minimum_status: str = "02"  # violation_status code; acts, victims, events only
    act_type: str = ""  # term code, narrower terms included
    perpetrator_type: str = ""  # term code, narrower terms included
    sex: str = ""  # term code of ``sex``
    age_group: str = ""  # key of AGE_GROUPS
    characteristic: str = ""  # term code of ``victim_characteristic``

    def monitoring_only(self) -> list[str]:
        """The filters set here that apply to monitoring units only."""
        names = ("act_type", "perpetrator_type", "sex", "age_group", "characteristic")
        return [name for name in names if getattr(self, name)]


# Age at the time of the act; ``None`` bounds are open.
AGE_GROUPS: list[tuple[str, int | None, int | None, Promise]] = [
    ("0-17", 0, 17, gettext_lazy("under 18")),
    ("18-29", 18, 29, gettext_lazy("18 to 29")),
    ("30-49", 30, 49, gettext_lazy("30 to 49")),
    ("50+", 50, None, gettext_lazy("50 and over")),
]

DIMENSIONS: dict[str, Promise] = {
    "month": gettext_lazy("month"),
    "governorate": gettext_lazy("governorate"),
    "act_type": gettext_lazy("type of act"),
    "perpetrator_type": gettext_lazy("type of perpetrator"),
    "sex": gettext_lazy("sex"),
    "age_group": gettext_lazy("age group"),
    "characteristic": gettext_lazy("victim characteristic"),
    "violation_status": gettext_lazy("violation status"),
    "request_type": gettext_lazy("type of request"),
    "channel": gettext_lazy("channel"),
    "service": gettext_lazy("legal service"),
}

_MONITORING_DIMENSIONS = (
    "month",
    "governorate",
    "act_type",
    "perpetrator_type",
    "sex",
    "age_group",
    "characteristic",
    "violation_status",
)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Promise
    unit: Promise
    description: Promise
    dimensions: tuple[str, ...]

    @property
    def is_monitoring(self) -> bool:
        return self.key in {"acts", "victims", "events"}


INDICATORS: dict[str, Indicator] = {
    indicator.key: indicator
    for indicator in (
        Indicator(
            "acts",
            gettext_lazy("Violations documented"),
            gettext_lazy("acts"),
            gettext_lazy(
                "Acts (one victim suffering one type of act) of verified events at or "
                "above the chosen violation status."
            ),
            _MONITORING_DIMENSIONS,
        ),
        Indicator(
            "victims",
            gettext_lazy("Victims"),
            gettext_lazy("victims"),
            gettext_lazy(
                "Distinct victims of the counted acts; a group recorded once counts once."
            ),
            _MONITORING_DIMENSIONS,
        ),
        Indicator(
            "events",
            gettext_lazy("Events"),
            gettext_lazy("events"),
            gettext_lazy("Distinct verified events with at least one counted act."),
            _MONITORING_DIMENSIONS,
        ),
        Indicator(
            "requests",
            gettext_lazy("Requests received"),
            gettext_lazy("requests"),
            gettext_lazy("Requests to the hotline and the web form, merged duplicates excluded."),
            ("month", "governorate", "request_type", "channel"),
        ),
        Indicator(
            "consultations",
            gettext_lazy("Legal consultations"),
            gettext_lazy("consultations"),
            gettext_lazy("Legal advice and consultations given."),
            ("month", "governorate", "service"),
        ),
        Indicator(
            "legal_cases",
            gettext_lazy("Legal cases opened"),
            gettext_lazy("legal cases"),
            gettext_lazy("Legal cases the legal unit opened, representation included."),
            ("month", "governorate", "service"),
        ),
    )
}


def indicator_for(key: str) -> Indicator:
    try:
        return INDICATORS[key]
    except KeyError:
        raise UnknownIndicator(key) from None


# ---------------------------------------------------------------------------
# The rows each indicator counts, and how


@dataclass(frozen=True)
class _Source:
    """A queryset of counted rows and the names of its columns for each dimension."""

    rows: QuerySet[Any]
    count: Count
    day: str  # the field (or annotation) holding the date
    governorate: str  # the governorate foreign key's column


def _governorate_id(slug: str) -> int:
    """The governorate's id; 0 (no row) for an unknown slug, so nothing matches."""
    return Governorate.objects.filter(slug=slug).values_list("pk", flat=True).first() or 0


def _age_q(key: str) -> Q:
    for group_key, low, high, _label in AGE_GROUPS:
        if group_key == key:
            q = Q(victim_age__gte=low) if low is not None else Q()
            if high is not None:
                q &= Q(victim_age__lte=high)
            return q
    if key == UNKNOWN:
        return Q(victim_age__isnull=True)
    raise UnknownIndicator(f"age group {key}")


def _acts(filters: StatsFilters) -> QuerySet[Act]:
    acts = act_list_counted(minimum_status=filters.minimum_status or "02").annotate(
        day=Coalesce("date", "event__start_date", output_field=DateField())
    )
    if filters.start:
        acts = acts.filter(day__gte=filters.start)
    if filters.end:
        acts = acts.filter(day__lte=filters.end)
    if filters.governorate:
        acts = acts.filter(event__governorate_id=_governorate_id(filters.governorate))
    if filters.act_type:
        acts = acts.filter(act_type__code__startswith=filters.act_type)
    if filters.perpetrator_type:
        acts = acts.filter(
            Exists(
                Involvement.objects.filter(
                    act=OuterRef("pk"),
                    perpetrator_type__code__startswith=filters.perpetrator_type,
                )
            )
        )
    if filters.sex:
        acts = acts.filter(victim__sex__code=filters.sex)
    if filters.age_group:
        acts = acts.filter(_age_q(filters.age_group))
    if filters.characteristic:
        acts = acts.filter(
            Exists(
                Person.characteristics.through.objects.filter(
                    person_id=OuterRef("victim_id"), term__code=filters.characteristic
                )
            )
        )
    return acts


def _source(indicator: Indicator, filters: StatsFilters) -> _Source:
    if indicator.is_monitoring:
        acts = _acts(filters)
        count = {
            "acts": Count("pk"),
            "victims": Count("victim_id", distinct=True),
            "events": Count("event_id", distinct=True),
        }[indicator.key]
        return _Source(acts, count, "day", "event__governorate_id")
    extra = filters.monitoring_only()
    if extra:
        raise UnknownIndicator(f"{', '.join(extra)} does not apply to {indicator.key}")
    model: Any
    model, day = {
        "requests": (Request, "received_on"),
        "consultations": (Consultation, "given_on"),
        "legal_cases": (LegalCase, "opened_on"),
    }[indicator.key]
    rows = model.objects.all()
    if model is Request:
        rows = rows.filter(merged_into__isnull=True)
    if filters.start:
        rows = rows.filter(**{f"{day}__gte": filters.start})
    if filters.end:
        rows = rows.filter(**{f"{day}__lte": filters.end})
    if filters.governorate:
        rows = rows.filter(governorate_id=_governorate_id(filters.governorate))
    return _Source(rows, Count("pk"), day, "governorate_id")


def total(indicator_key: str, filters: StatsFilters | None = None) -> int:
    """The indicator's figure for ``filters``."""
    indicator = indicator_for(indicator_key)
    source = _source(indicator, filters or StatsFilters())
    return int(source.rows.aggregate(n=source.count)["n"] or 0)


# ---------------------------------------------------------------------------
# Breakdowns


def _term_rows(vocabulary: str, codes: dict[str | None, int], *, top_level: bool) -> list[dict]:
    terms = Term.objects.filter(vocabulary__key=vocabulary)
    if top_level:
        terms = terms.filter(code__regex=r"^[0-9]{2}$")
    rows = [
        {"key": term.code, "label": term.name, "value": codes.get(term.code, 0)}
        for term in terms.order_by("sort_order", "code")
        if codes.get(term.code)
    ]
    if codes.get(None):
        rows.append({"key": UNKNOWN, "label": _("not recorded"), "value": codes[None]})
    return rows


def _group(source: _Source, expression: Any) -> dict[Any, int]:
    grouped = (
        source.rows.annotate(group_key=expression)
        .order_by()
        .values("group_key")
        .annotate(n=source.count)
    )
    return {row["group_key"]: int(row["n"]) for row in grouped}


def _dimension_expression(dimension: str, indicator: Indicator) -> Any:
    if dimension == "governorate":
        return F("event__governorate_id" if indicator.is_monitoring else "governorate_id")
    if indicator.is_monitoring:
        return {
            "act_type": Substr("act_type__code", 1, 2),
            "perpetrator_type": Substr("involvements__perpetrator_type__code", 1, 2),
            "sex": F("victim__sex__code"),
            "characteristic": F("victim__characteristics__code"),
            "violation_status": F("event__violation_status__code"),
            "age_group": Case(
                *[When(_age_q(key), then=Value(key)) for key, _low, _high, _label in AGE_GROUPS],
                default=Value(UNKNOWN),
            ),
        }[dimension]
    return {
        "request_type": F("request_type__code"),
        "channel": F("channel__code"),
        "service": F("service__code"),
    }[dimension]


_VOCABULARY = {
    "act_type": ("act_type", True),
    "perpetrator_type": ("perpetrator_type", True),
    "sex": ("sex", False),
    "characteristic": ("victim_characteristic", False),
    "violation_status": ("violation_status", False),
    "request_type": ("request_type", False),
    "channel": ("intake_channel", False),
    "service": ("legal_service", False),
}


def _month_rows(source: _Source, indicator: Indicator, filters: StatsFilters) -> list[dict]:
    # Plain counts (acts, requests...) add up: group by day, a few hundred groups,
    # and fold days into months here (SQLite truncates dates with a Python function
    # per row). Distinct counts (victims, events) do not add up: truncate in SQL.
    month: Any = (
        TruncMonth(source.day, output_field=DateField())
        if getattr(source.count, "distinct", False)
        else F(source.day)
    )
    if indicator.is_monitoring:
        # A date known only to the year is stored on 1 January: not a month.
        month = Case(
            When(Q(day__isnull=True), then=Value(None, output_field=DateField())),
            When(
                Q(**{"date__isnull": False, "date_precision": DatePrecision.YEAR})
                | Q(date__isnull=True, event__start_precision=DatePrecision.YEAR),
                then=Value(None, output_field=DateField()),
            ),
            default=month,
            output_field=DateField(),
        )
    grouped = _group(source, month)
    counts: dict[str, int] = {}
    unknown = 0
    for key, value in grouped.items():
        if key is None:
            unknown += value
        else:
            day = key if isinstance(key, date) else date.fromisoformat(str(key)[:10])
            counts[day.strftime("%Y-%m")] = counts.get(day.strftime("%Y-%m"), 0) + value
    if filters.start and filters.end:
        months = month_starts(filters.start, filters.end)
    else:
        months = sorted({date.fromisoformat(f"{key}-01") for key in counts})
    rows = [
        {
            "key": day.strftime("%Y-%m"),
            "label": formats.date_format(day, "YEAR_MONTH_FORMAT"),
            "value": counts.get(day.strftime("%Y-%m"), 0),
        }
        for day in months
    ]
    if unknown:
        rows.append({"key": UNKNOWN, "label": _("month not known"), "value": unknown})
    return rows


def _counted_once(source: _Source) -> _Source:
    """The same source counting each act once per group (acts use a plain COUNT)."""
    if getattr(source.count, "distinct", False):
        return source
    return _Source(source.rows, Count("pk", distinct=True), source.day, source.governorate)


def _perpetrator_groups(source: _Source, by: Any = None) -> dict[Any, int]:
    """Counts per top-level perpetrator type, and (key None) acts with no typed perpetrator.

    An act counts once under each top-level type among its involvements, and
    under "not recorded" only when none of its involvements has a type. With
    ``by`` (an expression, e.g. the governorate), keys are ``(by, type)``.
    """
    # Two involvements under one top-level type (police and army) are one act.
    counted = _counted_once(source)
    keys = ["group_key"] if by is None else ["row_key", "group_key"]
    typed = counted.rows.filter(involvements__perpetrator_type__isnull=False).annotate(
        group_key=Substr("involvements__perpetrator_type__code", 1, 2)
    )
    untyped = source.rows.exclude(
        Exists(Involvement.objects.filter(act=OuterRef("pk"), perpetrator_type__isnull=False))
    ).annotate(group_key=Value(None, output_field=CharField()))
    if by is not None:
        typed = typed.annotate(row_key=by)
        untyped = untyped.annotate(row_key=by)
    groups: dict[Any, int] = {}
    for rows, count in ((typed, counted.count), (untyped, source.count)):
        for row in rows.order_by().values(*keys).annotate(n=count):
            key = row["group_key"] if by is None else (row["row_key"], row["group_key"])
            groups[key] = int(row["n"])
    return {key: value for key, value in groups.items() if value}


def _governorate_rows(grouped: dict[Any, int], filters: StatsFilters) -> list[dict]:
    governorates = Governorate.objects.order_by("sort_order", "slug")
    if filters.governorate:
        governorates = governorates.filter(slug=filters.governorate)
    rows = [
        {
            "key": governorate.slug,
            "label": governorate.name,
            "value": grouped.get(governorate.pk, 0),
        }
        for governorate in governorates
    ]
    if grouped.get(None):
        rows.append({"key": UNKNOWN, "label": _("not recorded"), "value": grouped[None]})
    return rows


def breakdown(
    indicator_key: str,
    dimension: str,
    filters: StatsFilters | None = None,
    *,
    total: int | None = None,
) -> dict:
    """The indicator broken down by ``dimension``: ``{"unit", "rows", "total"}``.

    ``total``, when the caller already has ``total(indicator_key, filters)``,
    saves counting it again.

    Rows are ``{"key", "label", "value"}`` in a natural order: months in
    order (every month of the period, zeros included), governorates in their
    usual order (all of them), age groups youngest first, terms in vocabulary
    order (only those counted), then "not recorded" when some rows have none.
    """
    indicator = indicator_for(indicator_key)
    if dimension not in indicator.dimensions:
        raise UnknownIndicator(f"{indicator_key} by {dimension}")
    filters = filters or StatsFilters()
    source = _source(indicator, filters)
    if dimension == "month":
        rows = _month_rows(source, indicator, filters)
    elif dimension == "governorate":
        rows = _governorate_rows(
            _group(source, _dimension_expression(dimension, indicator)), filters
        )
    elif dimension == "age_group":
        grouped = _group(source, _dimension_expression(dimension, indicator))
        rows = [
            {"key": key, "label": str(label), "value": grouped.get(key, 0)}
            for key, _low, _high, label in AGE_GROUPS
        ]
        rows.append({"key": UNKNOWN, "label": _("age not known"), "value": grouped.get(UNKNOWN, 0)})
    elif dimension == "perpetrator_type":
        rows = _term_rows("perpetrator_type", _perpetrator_groups(source), top_level=True)
    else:
        vocabulary, top_level = _VOCABULARY[dimension]
        grouped = _group(source, _dimension_expression(dimension, indicator))
        rows = _term_rows(vocabulary, grouped, top_level=top_level)
    if total is None:
        total = int(source.rows.aggregate(n=source.count)["n"] or 0)
    return {"unit": str(indicator.unit), "rows": rows, "total": total}


def cross_table(
    indicator_key: str, filters: StatsFilters | None = None, *, columns: str = "act_type"
) -> dict:
    """Governorate (rows) by ``columns`` (type of act by default), with totals.

    ``{"unit", "columns": [{"key", "label"}], "rows": [{"key", "label",
    "values", "total"}], "totals", "total"}``; only governorates and columns
    with something counted are kept.
    """
    indicator = indicator_for(indicator_key)
    if "governorate" not in indicator.dimensions or columns not in indicator.dimensions:
        raise UnknownIndicator(f"{indicator_key} by governorate and {columns}")
    filters = filters or StatsFilters()
    source = _source(indicator, filters)
    column_expression = _dimension_expression(columns, indicator)
    governorate_expression = _dimension_expression("governorate", indicator)
    cells: dict[tuple[Any, Any], int]
    total: int | None = None
    if columns == "perpetrator_type":
        cells = _perpetrator_groups(source, by=governorate_expression)
        column_totals = _perpetrator_groups(source)
        row_totals = _group(source, governorate_expression)
    else:
        grouped = (
            source.rows.annotate(row_key=governorate_expression, column_key=column_expression)
            .order_by()
            .values("row_key", "column_key")
            .annotate(n=source.count)
        )
        cells = {(row["row_key"], row["column_key"]): int(row["n"]) for row in grouped}
        if getattr(source.count, "distinct", False) or columns == "characteristic":
            # Distinct counts, or a victim with several characteristics: no sums.
            column_totals = _group(source, column_expression)
            row_totals = _group(source, governorate_expression)
        else:  # plain counts: the margins are sums of the cells, no more scans
            column_totals, row_totals = {}, {}
            for (row_key, column_key), value in cells.items():
                column_totals[column_key] = column_totals.get(column_key, 0) + value
                row_totals[row_key] = row_totals.get(row_key, 0) + value
            total = sum(cells.values())
    vocabulary, top_level = _VOCABULARY.get(columns, ("", False))
    column_rows = (
        _term_rows(vocabulary, column_totals, top_level=top_level)
        if vocabulary
        else [
            {"key": key, "label": str(key), "value": value} for key, value in column_totals.items()
        ]
    )
    column_keys = [None if row["key"] == UNKNOWN else row["key"] for row in column_rows]
    governorates = [row for row in _governorate_rows(row_totals, filters) if row["value"]]
    ids = dict(Governorate.objects.values_list("slug", "pk"))
    rows = []
    for governorate in governorates:
        row_key = ids.get(governorate["key"])
        rows.append(
            {
                "key": governorate["key"],
                "label": governorate["label"],
                "values": [cells.get((row_key, key), 0) for key in column_keys],
                "total": governorate["value"],
            }
        )
    return {
        "unit": str(indicator.unit),
        "columns": [{"key": row["key"], "label": row["label"]} for row in column_rows],
        "rows": rows,
        "totals": [row["value"] for row in column_rows],
        "total": (
            total if total is not None else int(source.rows.aggregate(n=source.count)["n"] or 0)
        ),
    }
