"""Disclosure control: small cells hidden, and never recoverable from a total."""

from __future__ import annotations

from typing import Any

from nama.reports.disclosure import suppress_cross, suppress_table, suppress_value


def _table(values: list[int], total: int | None = None) -> dict[str, Any]:
    rows = [{"key": str(i), "label": str(i), "value": v} for i, v in enumerate(values)]
    return {"rows": rows, "total": sum(values) if total is None else total}


def _values(table: dict[str, Any]) -> list[int | None]:
    return [row["value"] for row in table["rows"]]


def test_small_counts_are_hidden_zeros_and_large_ones_stay() -> None:
    assert suppress_value(0, 5) == 0
    assert suppress_value(1, 5) is None
    assert suppress_value(4, 5) is None
    assert suppress_value(5, 5) == 5
    assert suppress_value(None, 5) is None


def test_one_hidden_cell_takes_the_next_smallest_with_it() -> None:
    table = suppress_table(_table([3, 20, 7, 0, 11]), 5)
    # 3 alone could be found as 41 - 20 - 7 - 11: 7 is hidden with it.
    assert _values(table) == [None, 20, None, 0, 11]
    assert table["total"] == 41
    assert table["suppressed"] is True


def test_two_hidden_cells_need_nothing_more() -> None:
    assert _values(suppress_table(_table([3, 2, 30]), 5)) == [None, None, 30]


def test_a_small_total_is_hidden_too_and_the_input_is_untouched() -> None:
    original = _table([1, 2])
    table = suppress_table(original, 5)
    assert table["total"] is None
    assert _values(original) == [1, 2]


def test_nothing_small_nothing_hidden() -> None:
    table = suppress_table(_table([10, 0, 6]), 5)
    assert _values(table) == [10, 0, 6]
    assert table["suppressed"] is False


def test_cross_table_protects_rows_and_columns() -> None:
    cross: dict[str, Any] = {
        "columns": [{"key": "a"}, {"key": "b"}, {"key": "c"}],
        "rows": [
            {"key": "x", "values": [2, 10, 8], "total": 20},
            {"key": "y", "values": [9, 12, 6], "total": 27},
            {"key": "z", "values": [7, 15, 9], "total": 31},
        ],
        "totals": [18, 37, 23],
        "total": 78,
    }
    result = suppress_cross(cross, 5)
    grid = [row["values"] for row in result["rows"]]
    for row in grid:
        assert row.count(None) != 1
    for c in range(3):
        assert [row[c] for row in grid].count(None) != 1
    assert grid[0][0] is None
    assert result["total"] == 78
    assert cross["rows"][0]["values"] == [2, 10, 8]
