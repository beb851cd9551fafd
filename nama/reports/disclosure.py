"""Disclosure control for anything the public sees (docs/reports.md, "Small numbers").

A count between 1 and ``threshold - 1`` can point at a person ("the one
journalist detained in Halabja in March"), so public figures hide it: the
cell becomes ``None``, shown as "fewer than 5". Hiding one cell of a table
whose total is shown is not enough (total minus the others gives it back),
so a second cell is hidden with it: the smallest other non-zero one in the
same row or column (*secondary suppression*). Totals below the threshold are
hidden too. Zero stays zero: nothing was documented.

Tables are the shapes of ``nama.reports.indicators`` (``rows`` of
``{"key", "label", "value"}`` and a ``total``; cross tables with ``values``
per row, ``totals`` per column and a ``total``). Functions return new
dicts; the input is left as it was.
"""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings

__all__ = ["default_threshold", "is_small", "suppress_cross", "suppress_table", "suppress_value"]


def default_threshold() -> int:
    return int(getattr(settings, "NAMA_DISCLOSURE_THRESHOLD", 5))


def is_small(value: int | None, threshold: int) -> bool:
    return value is not None and 0 < value < threshold


def suppress_value(value: int | None, threshold: int) -> int | None:
    return None if is_small(value, threshold) else value


def _secondary(values: list[int | None], hidden: list[bool]) -> None:
    """Hide one more cell when exactly one is hidden and the line's total is shown."""
    if hidden.count(True) != 1:
        return
    candidates = [
        (value, index)
        for index, value in enumerate(values)
        if not hidden[index] and value is not None and value > 0
    ]
    if candidates:
        hidden[min(candidates)[1]] = True


def suppress_table(table: dict[str, Any], threshold: int) -> dict[str, Any]:
    """A copy of a 1-D table with small cells (and one more, if needed) hidden."""
    result = copy.deepcopy(table)
    values = [row["value"] for row in result["rows"]]
    hidden = [is_small(value, threshold) for value in values]
    total = result.get("total")
    if total is not None and not is_small(total, threshold):
        _secondary(values, hidden)
    for row, hide in zip(result["rows"], hidden, strict=True):
        if hide:
            row["value"] = None
    result["total"] = suppress_value(total, threshold)
    result["suppressed"] = any(hidden) or (result["total"] is None and total is not None)
    return result


def suppress_cross(table: dict[str, Any], threshold: int) -> dict[str, Any]:
    """A copy of a cross table with small cells hidden, rows and columns protected."""
    result = copy.deepcopy(table)
    grid = [list(row["values"]) for row in result["rows"]]
    hidden = [[is_small(value, threshold) for value in row] for row in grid]
    row_totals = [row["total"] for row in result["rows"]]
    column_totals = list(result["totals"])
    # Repeat until no row or column gives a hidden cell away by subtraction.
    changed = True
    while changed:
        changed = False
        for r, row in enumerate(grid):
            if is_small(row_totals[r], threshold):
                continue
            before = hidden[r].count(True)
            _secondary(row, hidden[r])
            changed |= hidden[r].count(True) != before
        for c in range(len(column_totals)):
            if is_small(column_totals[c], threshold):
                continue
            column = [grid[r][c] for r in range(len(grid))]
            flags = [hidden[r][c] for r in range(len(grid))]
            before = flags.count(True)
            _secondary(column, flags)
            if flags.count(True) != before:
                for r in range(len(grid)):
                    hidden[r][c] = flags[r]
                changed = True
    for r, row in enumerate(result["rows"]):
        row["values"] = [None if hidden[r][c] else value for c, value in enumerate(grid[r])]
        row["total"] = suppress_value(row["total"], threshold)
    result["totals"] = [suppress_value(value, threshold) for value in column_totals]
    result["total"] = suppress_value(result["total"], threshold)
    result["suppressed"] = any(any(row) for row in hidden)
    return result
