"""Charts for reports: PNG images for documents (matplotlib) and bar data for HTML partials.

PNG charts go into PDF and DOCX files. matplotlib shapes Arabic and Kurdish text itself and
lays out mixed-direction text, which WeasyPrint does not do inside SVG, hence PNG images.

Thread safety: no pyplot, no rcParams changes. Each chart is its own ``Figure`` with its own
``FigureCanvasAgg``; fonts are given on each text element. The only shared state is
matplotlib's font manager, to which the Noto fonts are added once under a lock.

Determinism: the same input gives the same bytes (no timestamps or version in the PNG).
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import override
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

NOTO_DIR = Path("/usr/share/fonts/truetype/noto")
FONT_FILES = (
    NOTO_DIR / "NotoSansArabic-Regular.ttf",
    NOTO_DIR / "NotoSansArabic-Bold.ttf",
    NOTO_DIR / "NotoSans-Regular.ttf",
    NOTO_DIR / "NotoSans-Bold.ttf",
)
ARABIC_FAMILY = "Noto Sans Arabic"
LATIN_FAMILY = "Noto Sans"
# matplotlib's own font, always present: the last resort if the Noto fonts are missing.
LAST_RESORT_FAMILY = "DejaVu Sans"

RTL_LANGUAGES = frozenset({"ar", "ckb"})

DPI = 150
CM = 1 / 2.54
WIDTH_CM = 16.0

BAR_COLOUR = "#2171b5"
TEXT_COLOUR = "#212529"
MUTED_COLOUR = "#6c757d"
SUPPRESSED_EDGE = "#6c757d"
GRID_COLOUR = "#dee2e6"

_font_lock = threading.Lock()
_fonts_added = False


def _ensure_fonts() -> None:
    global _fonts_added
    if _fonts_added:
        return
    with _font_lock:
        if not _fonts_added:
            for path in FONT_FILES:
                if path.is_file():
                    font_manager.fontManager.addfont(str(path))
            _fonts_added = True


def is_rtl(language: str) -> bool:
    """Whether a language is written right to left (Arabic, Kurdish Sorani)."""
    return language.split("-")[0].lower() in RTL_LANGUAGES


def font_family(language: str) -> list[str]:
    """Font families for matplotlib text in ``language``, with per-glyph fallback.

    Arabic-script text takes Noto Sans Arabic first; Latin letters and digits fall back to
    Noto Sans. For English it is the other way round.
    """
    _ensure_fonts()
    if is_rtl(language):
        return [ARABIC_FAMILY, LATIN_FAMILY, LAST_RESORT_FAMILY]
    return [LATIN_FAMILY, ARABIC_FAMILY, LAST_RESORT_FAMILY]


def new_figure(height_cm: float, width_cm: float = WIDTH_CM) -> Figure:
    """A figure for an A4 page column, attached to its own Agg canvas (no pyplot)."""
    figure = Figure(figsize=(width_cm * CM, height_cm * CM), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def figure_png(figure: Figure) -> bytes:
    """The figure as PNG bytes, without a Software tag so the bytes depend only on the input."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def suppressed_short(threshold: int) -> str:
    """The cell text for a suppressed value: ``<5``."""
    return f"<{threshold}"


def suppressed_long(threshold: int) -> str:
    """The translated long form of a suppressed value: "fewer than 5"."""
    return _("fewer than %(n)s") % {"n": threshold}


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(str(text), width=width)) or str(text)


def _value_text(value: int | None, threshold: int) -> str:
    return suppressed_short(threshold) if value is None else str(value)


def _footnote(figure: Figure, *, threshold: int, family: list[str], rtl: bool) -> None:
    text = _("%(short)s: fewer than %(n)s, not shown to protect the people concerned.") % {
        "short": suppressed_short(threshold),
        "n": threshold,
    }
    # supxlabel, not figure.text: the constrained layout keeps room for it.
    figure.supxlabel(
        text,
        x=0.99 if rtl else 0.01,
        ha="right" if rtl else "left",
        fontsize=7,
        color=MUTED_COLOUR,
        family=family,
    )


def figure_title(figure: Figure, title: str, *, family: list[str], rtl: bool) -> None:
    """The chart title at the top, on the starting side of the language."""
    if title:
        figure.suptitle(
            _wrap(title, 80),
            x=0.99 if rtl else 0.01,
            ha="right" if rtl else "left",
            fontsize=11,
            fontweight="bold",
            color=TEXT_COLOUR,
            family=family,
        )


def _empty(figure: Figure, *, family: list[str]) -> None:
    figure.text(0.5, 0.5, _("No data"), ha="center", va="center", color=MUTED_COLOUR, family=family)


def bar_chart_png(
    rows: Sequence[dict[str, Any]], *, title: str, language: str, threshold: int = 5
) -> bytes:
    """A horizontal bar chart of a table's rows (``label``, ``value``) as PNG bytes.

    Rows are drawn top to bottom in the given order. A suppressed value (``None``) is an
    empty hatched stub marked ``<5`` (never its number), with a footnote. For Arabic and
    Kurdish the labels are on the right and the bars grow leftwards.
    """
    return figure_png(bar_chart_figure(rows, title=title, language=language, threshold=threshold))


def bar_chart_figure(
    rows: Sequence[dict[str, Any]], *, title: str, language: str, threshold: int = 5
) -> Figure:
    """The figure of ``bar_chart_png``, for tests that look at what is drawn."""
    with override(language):
        rtl = is_rtl(language)
        family = font_family(language)
        count = len(rows)
        figure = new_figure(height_cm=max(4.0, 2.4 + 0.85 * count))
        figure_title(figure, title, family=family, rtl=rtl)
        if not count:
            _empty(figure, family=family)
            return figure
        ax = figure.add_subplot()
        values = [row.get("value") for row in rows]
        known = [v for v in values if v is not None]
        top = max(known, default=0) or 1
        stub = top * 0.04
        positions = list(range(count))
        widths = [0 if v is None else v for v in values]
        ax.barh(positions, widths, height=0.65, color=BAR_COLOUR, zorder=2)
        suppressed = [i for i, v in enumerate(values) if v is None]
        if suppressed:
            ax.barh(
                suppressed,
                [stub] * len(suppressed),
                height=0.65,
                facecolor="none",
                edgecolor=SUPPRESSED_EDGE,
                hatch="////",
                linewidth=0.8,
                zorder=2,
            )
        pad = top * 0.015
        for i, value in enumerate(values):
            end = stub if value is None else value
            ax.text(
                end + pad,
                i,
                _value_text(value, threshold),
                va="center",
                ha="right" if rtl else "left",
                fontsize=8,
                color=TEXT_COLOUR,
                family=family,
            )
        ax.set_yticks(
            positions,
            [_wrap(row.get("label", ""), 32) for row in rows],
            family=family,
            multialignment="right" if rtl else "left",
            # Centred on the bar: the default (centre of the baseline) sits Arabic text low.
            verticalalignment="center",
        )
        ax.tick_params(axis="y", length=0, labelsize=8, labelcolor=TEXT_COLOUR)
        ax.set_ylim(count - 0.5, -0.5)
        # Room for the value after the longest bar.
        ax.set_xlim(0, top * 1.15)
        ax.xaxis.set_visible(False)
        for side in ("top", "bottom", "left", "right"):
            ax.spines[side].set_visible(False)
        if rtl:
            ax.invert_xaxis()
            ax.yaxis.tick_right()
            ax.spines["right"].set_visible(True)
            ax.spines["right"].set_color(MUTED_COLOUR)
        else:
            ax.spines["left"].set_visible(True)
            ax.spines["left"].set_color(MUTED_COLOUR)
        if suppressed:
            _footnote(figure, threshold=threshold, family=family, rtl=rtl)
        return figure


def trend_chart_png(
    rows: Sequence[dict[str, Any]], *, title: str, language: str, threshold: int = 5
) -> bytes:
    """Monthly values (rows in time order, ``label``, ``value``) as columns, PNG bytes.

    For Arabic and Kurdish time runs from right to left and the value axis is on the right.
    A suppressed month is an empty hatched stub marked ``<5``.
    """
    return figure_png(trend_chart_figure(rows, title=title, language=language, threshold=threshold))


def trend_chart_figure(
    rows: Sequence[dict[str, Any]], *, title: str, language: str, threshold: int = 5
) -> Figure:
    """The figure of ``trend_chart_png``, for tests that look at what is drawn."""
    with override(language):
        rtl = is_rtl(language)
        family = font_family(language)
        count = len(rows)
        figure = new_figure(height_cm=8.5)
        figure_title(figure, title, family=family, rtl=rtl)
        if not count:
            _empty(figure, family=family)
            return figure
        ax = figure.add_subplot()
        values = [row.get("value") for row in rows]
        known = [v for v in values if v is not None]
        top = max(known, default=0) or 1
        stub = max(top * 0.04, 0.05)
        positions = list(range(count))
        ax.bar(
            positions,
            [0 if v is None else v for v in values],
            width=0.7,
            color=BAR_COLOUR,
            zorder=2,
        )
        suppressed = [i for i, v in enumerate(values) if v is None]
        if suppressed:
            ax.bar(
                suppressed,
                [stub] * len(suppressed),
                width=0.7,
                facecolor="none",
                edgecolor=SUPPRESSED_EDGE,
                hatch="////",
                linewidth=0.8,
                zorder=2,
            )
        for i, value in enumerate(values):
            ax.text(
                i,
                (stub if value is None else value) + top * 0.02,
                _value_text(value, threshold),
                ha="center",
                va="bottom",
                fontsize=7.5,
                color=TEXT_COLOUR,
                family=family,
            )
        labels = [str(row.get("label", "")) for row in rows]
        slanted = count > 6
        ax.set_xticks(
            positions,
            labels,
            family=family,
            fontsize=7.5,
            rotation=(-45 if rtl else 45) if slanted else 0,
            ha=("left" if rtl else "right") if slanted else "center",
            rotation_mode="anchor",
        )
        ax.set_xlim(-0.6, count - 0.4)
        ax.set_ylim(0, top * 1.15)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(axis="y", labelsize=7.5, colors=MUTED_COLOUR, labelcolor=TEXT_COLOUR)
        ax.tick_params(axis="x", length=0, labelcolor=TEXT_COLOUR)
        for label in ax.get_yticklabels():
            label.set_fontfamily(family)
        ax.grid(axis="y", color=GRID_COLOUR, linewidth=0.6, zorder=0)
        ax.spines["top"].set_visible(False)
        ax.spines["bottom"].set_color(MUTED_COLOUR)
        if rtl:
            ax.invert_xaxis()
            ax.yaxis.tick_right()
            ax.spines["left"].set_visible(False)
            ax.spines["right"].set_color(MUTED_COLOUR)
        else:
            ax.spines["right"].set_visible(False)
            ax.spines["left"].set_color(MUTED_COLOUR)
        if suppressed:
            _footnote(figure, threshold=threshold, family=family, rtl=rtl)
        return figure


def legend_patch(*, label: str, colour: str, suppressed: bool = False) -> Patch:
    """A legend entry for a matplotlib legend; a suppressed class is hatched."""
    if suppressed:
        return Patch(facecolor=colour, edgecolor=SUPPRESSED_EDGE, hatch="////", label=label)
    return Patch(facecolor=colour, edgecolor=MUTED_COLOUR, linewidth=0.6, label=label)


def bar_rows(table: dict[str, Any] | None, *, threshold: int = 5) -> list[dict[str, Any]]:
    """Rows of a TABLE with bar widths for the HTML bar partial.

    Each row: ``key``, ``label``, ``value`` (int or None), ``suppressed`` (bool), ``text``
    (``"12"`` or ``"<5"``) and ``width``, the bar length in percent of the largest value as a
    string with one decimal (``"37.5"``), for ``<rect width="...">`` in a 0..100 viewBox.
    """
    rows = list((table or {}).get("rows") or [])
    known = [row["value"] for row in rows if row.get("value") is not None]
    top = max(known, default=0)
    result = []
    for row in rows:
        value = row.get("value")
        percent = 0.0 if value is None or top <= 0 else 100.0 * value / top
        result.append(
            {
                "key": row.get("key", ""),
                "label": row.get("label", ""),
                "value": value,
                "suppressed": value is None,
                "text": _value_text(value, threshold),
                "width": f"{percent:.1f}",
            }
        )
    return result


def column_rows(table: dict[str, Any] | None, *, threshold: int = 5) -> list[dict[str, Any]]:
    """Rows of a monthly TABLE as columns for the HTML trend partial's SVG.

    Like ``bar_rows`` plus ``x`` and ``y`` and ``height`` (strings) for a ``<rect>`` of width 8
    in a viewBox ``0 0 10n 100``: column i at x = 10 i + 1, growing up from y = 100. A
    suppressed month gets a stub of height 3.
    """
    rows = bar_rows(table, threshold=threshold)
    for index, row in enumerate(rows):
        height = 3.0 if row["suppressed"] else float(row["width"])
        row["x"] = str(index * 10 + 1)
        row["height"] = f"{height:.1f}"
        row["y"] = f"{100.0 - height:.1f}"
    return rows
