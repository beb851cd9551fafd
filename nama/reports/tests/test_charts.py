"""PNG charts for documents (bars and monthly columns) and the HTML chart partials."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from nama.reports import charts

SCRIPT = "<script>alert(1)</script>"

TABLE: dict[str, Any] = {
    "title": "Acts by type",
    "unit": "acts",
    "rows": [
        {"key": "01", "label": "Killings", "value": 12},
        {"key": "02", "label": "Torture", "value": None},
        {"key": "03", "label": "Arbitrary detention", "value": 6},
        {"key": "04", "label": "Threats", "value": 0},
    ],
    "total": 21,
}
TREND: dict[str, Any] = {
    "title": "Acts by month",
    "unit": "acts",
    "rows": [
        {"key": "2026-07", "label": "July 2026", "value": 9},
        {"key": "2026-08", "label": "August 2026", "value": None},
        {"key": "2026-09", "label": "September 2026", "value": 18},
    ],
    "total": 30,
}


def png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image


def test_a_bar_chart_is_a_png_sized_for_a_page_column_and_deterministic() -> None:
    first = charts.bar_chart_png(TABLE["rows"], title="Acts by type", language="en")
    second = charts.bar_chart_png(TABLE["rows"], title="Acts by type", language="en")
    assert first == second
    image = png(first)
    assert 900 < image.width < 1000  # 16 cm at 150 dpi
    assert b"Software" not in first


def test_an_arabic_bar_chart_is_a_mirror_layout_not_the_english_one() -> None:
    english = charts.bar_chart_png(TABLE["rows"], title="T", language="en")
    arabic = charts.bar_chart_png(TABLE["rows"], title="T", language="ar")
    assert english != arabic
    png(arabic)


def drawn_texts(figure: Figure) -> list[str]:
    return [text.get_text() for text in figure.findobj(Text)]


def test_a_suppressed_value_is_drawn_as_less_than_5_never_as_a_number() -> None:
    rows: list[dict[str, Any]] = [{"label": "A", "value": 12}, {"label": "B", "value": None}]
    with translation.override("en"):
        texts = drawn_texts(charts.bar_chart_figure(rows, title="T", language="en"))
    assert "<5" in texts
    assert "12" in texts
    assert "None" not in " ".join(texts)
    assert any(text.startswith("<5: fewer than 5") for text in texts)


def test_a_suppressed_month_is_drawn_as_less_than_5() -> None:
    with translation.override("en"):
        texts = drawn_texts(charts.trend_chart_figure(TREND["rows"], title="T", language="en"))
    assert "<5" in texts
    assert "None" not in " ".join(texts)
    assert "August 2026" in texts


def test_a_chart_without_suppressed_values_has_no_footnote() -> None:
    rows = [{"label": "A", "value": 12}]
    texts = drawn_texts(charts.bar_chart_figure(rows, title="T", language="en"))
    assert not any(text.startswith("<5") for text in texts)


def test_a_trend_chart_is_a_deterministic_png_in_both_directions() -> None:
    english = charts.trend_chart_png(TREND["rows"], title="By month", language="en")
    assert english == charts.trend_chart_png(TREND["rows"], title="By month", language="en")
    arabic = charts.trend_chart_png(TREND["rows"], title="By month", language="ar")
    assert arabic != english
    png(english)
    png(arabic)


def test_empty_charts_still_render() -> None:
    png(charts.bar_chart_png([], title="Nothing", language="en"))
    png(charts.trend_chart_png([], title="Nothing", language="ckb"))


def test_bar_rows_give_widths_in_percent_of_the_largest_value() -> None:
    rows = charts.bar_rows(TABLE)
    assert [row["width"] for row in rows] == ["100.0", "0.0", "50.0", "0.0"]
    assert rows[1]["suppressed"] is True
    assert rows[1]["text"] == "<5"
    assert rows[0]["text"] == "12"
    assert (
        charts.bar_rows({"rows": [{"key": "a", "label": "A", "value": None}]})[0]["width"] == "0.0"
    )


def test_the_bar_partial_is_a_data_table_with_a_suppressed_cell_as_less_than_5() -> None:
    with translation.override("en"):
        html = render_to_string("reports/_chart_bars.html", {"table": TABLE, "threshold": 5})
    assert "<caption" in html
    assert "Acts by type" in html
    assert '<rect class="nama-bar-fill" width="100.0"' in html
    assert '<rect class="nama-bar-fill" width="50.0"' in html
    assert '<span dir="ltr" aria-hidden="true">&lt;5</span>' in html
    assert "fewer than 5" in html
    assert "style=" not in html
    assert "<text" not in html
    assert ">21<" in html


def test_the_bar_partial_escapes_labels_and_shows_a_suppressed_total() -> None:
    table = {"title": SCRIPT, "rows": [{"key": "x", "label": SCRIPT, "value": 1}], "total": None}
    with translation.override("en"):
        html = render_to_string("reports/_chart_bars.html", {"table": table})
    assert "<script" not in html
    assert html.count("&lt;5") == 1


def test_the_trend_partial_has_hidden_columns_and_the_table() -> None:
    with translation.override("en"):
        html = render_to_string("reports/_chart_trend.html", {"table": TREND, "threshold": 5})
    assert 'viewBox="0 0 30 100"' in html
    assert 'aria-hidden="true"' in html
    assert html.count('class="nama-bar-fill"') == 2
    assert html.count('class="nama-bar-sup"') == 1
    assert "September 2026" in html
    assert '<span dir="ltr" aria-hidden="true">&lt;5</span>' in html
    assert "style=" not in html
    assert "<text" not in html
