"""Template filters for the chart partials (``reports/_chart_*.html``)."""

from __future__ import annotations

from typing import Any

from django import template

from nama.reports import charts

register = template.Library()


@register.filter
def bar_rows(table: dict[str, Any] | None, threshold: int | None = None) -> list[dict[str, Any]]:
    """``{{ table|bar_rows:threshold }}``: the rows of a TABLE with bar widths in percent."""
    return charts.bar_rows(table, threshold=threshold or 5)


@register.filter
def trend_columns(table: dict[str, Any] | None, threshold: int | None = None) -> dict[str, Any]:
    """``{{ table|trend_columns:threshold }}``: columns of a monthly TABLE for an SVG.

    ``columns`` as in ``charts.column_rows`` and ``width``, the viewBox width (10 per month).
    """
    columns = charts.column_rows(table, threshold=threshold or 5)
    return {"columns": columns, "width": max(len(columns), 1) * 10}
