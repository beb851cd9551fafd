"""The de-identified CSV export of acts, for analysts and the director.

One row per act, the counting unit of statistics, with the filters and the
order of the events list (the filters about acts, such as the type of act,
choose the rows as well as the events). What is never in it: a name or any other
identifying field of a person, an event's title, description or place, notes,
what sources said. The person stands as their pseudonym. The identifying
columns are not even read from the database (deferred), so they cannot leak
by mistake. Streamed without a cap; each export is audited with its filters
and its number of rows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from nama.core.audit import log_action
from nama.core.dates import DatePrecision
from nama.monitoring.models import Act, Involvement
from nama.monitoring.selectors import EventFilters
from nama.monitoring.services import IDENTITY_FIELDS
from nama.monitoring.views import (
    event_filter_form,
    filtered_events,
    may_export,
    monitoring_reader_required,
    sort_order,
)

COLUMNS = (
    "event_reference",
    "governorate",
    "district",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "act_date",
    "act_date_precision",
    "act_type_code",
    "act_type",
    "method",
    "victim_pseudonym",
    "victim_is_group",
    "victim_group_size",
    "sex",
    "age_at_the_time",
    "characteristics",
    "perpetrator_types",
    "violation_status_code",
    "violation_status",
    "verification",
)
# Never loaded: identifying fields of the victim, free text of the act and the event.
DEFERRED = (
    *(f"victim__{name}" for name in (*IDENTITY_FIELDS, "notes", "occupation")),
    "notes",
    "event__description",
    "event__title",
    "event__place",
    "event__latitude",
    "event__longitude",
    "event__index_terms",
)
# A spreadsheet runs cells that start with these as formulas (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _day(day: date | None, precision: str) -> str:
    """The date no more exactly than it is known: ``2026-05-03``, ``2026-05``, ``2026``."""
    if day is None or precision == DatePrecision.UNKNOWN:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{day.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _name(term: Any) -> str:
    return term.name if term is not None else ""


def act_row(act: Act) -> list[str]:
    event = act.event
    victim = act.victim
    perpetrator_types = sorted(
        {i.perpetrator_type.name for i in act.involvements.all() if i.perpetrator_type_id}
    )
    values = [
        event.reference,
        _name(event.governorate),
        _name(event.district),
        _day(event.start_date, event.start_precision),
        event.start_precision,
        _day(event.end_date, event.end_precision),
        event.end_precision,
        _day(act.date, act.date_precision),
        act.date_precision,
        act.act_type.code,
        act.act_type.name,
        _name(act.method),
        victim.pseudonym,
        "1" if victim.is_group else "0",
        victim.group_size if victim.is_group else "",
        _name(victim.sex),
        act.victim_age,
        "; ".join(sorted(t.name for t in victim.characteristics.all())),
        "; ".join(perpetrator_types),
        event.violation_status.code if event.violation_status else "",
        _name(event.violation_status),
        event.verification,
    ]
    return [_cell(value) for value in values]


def acts_for_export(events: Any, filters: EventFilters, sort: str) -> Any:
    """The acts of ``events`` (already scoped and filtered), in the list's order.

    The filters about acts apply to the rows too: "torture" exports the acts of
    torture, not every act of an event in which someone was tortured.
    """
    acts = Act.objects.filter(event__in=events.order_by().values("pk"))
    if filters.act_type:
        acts = acts.filter(act_type__code__startswith=filters.act_type)
    if filters.victim_characteristic:
        acts = acts.filter(victim__characteristics__code=filters.victim_characteristic)
    if filters.perpetrator_type:
        # A subquery, not a join: an act with two such perpetrators is one row.
        involved = Involvement.objects.filter(
            perpetrator_type__code__startswith=filters.perpetrator_type
        ).values("act_id")
        acts = acts.filter(pk__in=involved)
    return (
        acts.select_related(
            "event",
            "event__governorate",
            "event__district",
            "event__violation_status",
            "act_type",
            "method",
            "victim",
            "victim__sex",
        )
        .defer(*DEFERRED)
        .prefetch_related("victim__characteristics", "involvements__perpetrator_type")
        .order_by(*sort_order(sort, prefix="event__"), "id")
    )


class _Echo:
    """A file-like object whose write gives back the line (csv.writer into a stream)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(acts: Iterable[Act]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # A byte-order mark: spreadsheets then read the Arabic as UTF-8.
    yield "\ufeff" + writer.writerow(COLUMNS)
    for act in acts:
        yield writer.writerow(act_row(act))


@never_cache
@require_GET
@monitoring_reader_required
def export_csv(http_request: HttpRequest) -> StreamingHttpResponse:
    """The acts of the events listed with the current filters, one row each."""
    user = http_request.user
    if not may_export(user):
        raise Http404
    form = event_filter_form(http_request)
    acts = acts_for_export(
        filtered_events(http_request, form), form.selector_filters(), form.sort_key()
    )
    rows = acts.count()
    log_action(user, "monitoring.export.csv", None, {"filters": form.chosen(), "rows": rows})
    response = StreamingHttpResponse(
        csv_lines(acts.iterator(chunk_size=CHUNK)), content_type="text/csv; charset=utf-8"
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="monitoring-acts-{day}.csv"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
