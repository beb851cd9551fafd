"""Choropleth maps of Iraq's governorates: inline SVG for pages, PNG for documents.

Values are counts by governorate slug; ``None`` is a value suppressed by disclosure control
(fewer than ``threshold``), never shown as a number. Colours come in ``fill`` attributes and
``class`` names (the Content-Security-Policy forbids ``style`` attributes and elements). The
SVG has no ``<text>``: the names and values are in each shape's ``<title>`` and, for
everybody, in the data table next to the map (``_chart_map.html``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, PathPatch
from matplotlib.path import Path as MplPath

from nama.reports import charts, geo

# ColorBrewer "Blues" (sequential, colour-blind safe, prints in grey); the lightest blue is
# kept clearly apart from the white of zero.
_BLUES = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
_PALETTES: dict[int, tuple[str, ...]] = {
    1: ("#6baed6",),
    2: ("#9ecae1", "#3182bd"),
    3: ("#c6dbef", "#6baed6", "#08519c"),
    4: ("#c6dbef", "#6baed6", "#3182bd", "#08519c"),
    5: _BLUES,
}
MAX_CLASSES = 5
ZERO_COLOUR = "#ffffff"
SUPPRESSED_COLOUR = "#ffffff"
SUPPRESSED_HATCH_COLOUR = "#6c757d"
NO_DATA_COLOUR = "#dee2e6"
BORDER_COLOUR = "#495057"
POINT_EDGE_COLOUR = "#212529"

HATCH_ID = "nama-map-hatch"
SVG_WIDTH = 600


class LegendItem(NamedTuple):
    """One legend entry: translated label, fill colour, CSS class, hatched or not."""

    label: str
    colour: str
    css_class: str
    suppressed: bool = False


@dataclass(frozen=True)
class MapClasses:
    """The class of each governorate and the legend, in legend order."""

    classes: dict[str, str]
    colours: dict[str, str]
    legend: list[LegendItem]

    def suppressed(self, slug: str) -> bool:
        return self.classes.get(slug) == "nama-map-sup"


def _breaks(positives: list[int]) -> list[tuple[int, int]]:
    """Up to five integer ranges (low, high) with about as many governorates in each."""
    values = sorted(positives)
    if not values:
        return []
    k = min(MAX_CLASSES, len(set(values)))
    uppers: list[int] = []
    for i in range(1, k + 1):
        upper = values[math.ceil(i * len(values) / k) - 1]
        if not uppers or upper > uppers[-1]:
            uppers.append(upper)
    ranges = []
    low = values[0]
    for upper in uppers:
        ranges.append((low, upper))
        low = upper + 1
    return ranges


def _range_label(low: int, high: int) -> str:
    if low == high:
        return str(low)
    return _("%(low)s to %(high)s") % {"low": low, "high": high}


def map_classes(values: Mapping[str, int | None], *, threshold: int = 5) -> MapClasses:
    """Class breaks for a choropleth of ``values`` (slug -> count or None), deterministic.

    Zero has its own class (white), suppressed values (None) theirs (hatched, "fewer than
    N"), and positive counts fall into up to five ranges of about equal size. Legend labels
    are translated in the active language; only classes that occur are in the legend.
    """
    ranges = _breaks([v for v in values.values() if v is not None and v > 0])
    palette = _PALETTES.get(len(ranges), ())
    classes: dict[str, str] = {}
    colours: dict[str, str] = {}
    for slug, value in values.items():
        if value is None:
            classes[slug], colours[slug] = "nama-map-sup", SUPPRESSED_COLOUR
        elif value <= 0:
            classes[slug], colours[slug] = "nama-map-zero", ZERO_COLOUR
        else:
            index = next(i for i, (_low, high) in enumerate(ranges) if value <= high)
            classes[slug], colours[slug] = f"nama-map-c{index + 1}", palette[index]
    present = set(classes.values())
    legend: list[LegendItem] = []
    if "nama-map-zero" in present:
        legend.append(LegendItem("0", ZERO_COLOUR, "nama-map-zero"))
    if "nama-map-sup" in present:
        legend.append(
            LegendItem(charts.suppressed_long(threshold), SUPPRESSED_COLOUR, "nama-map-sup", True)
        )
    for index, (low, high) in enumerate(ranges):
        legend.append(LegendItem(_range_label(low, high), palette[index], f"nama-map-c{index + 1}"))
    return MapClasses(classes=classes, colours=colours, legend=legend)


def _no_data_item() -> LegendItem:
    return LegendItem(_("no data"), NO_DATA_COLOUR, "nama-map-none")


def _all_slugs(values: Mapping[str, Any]) -> list[str]:
    slugs = geo.governorate_slugs()
    return slugs + sorted(set(values) - set(slugs))


def _value_text(value: int | None, threshold: int) -> str:
    return charts.suppressed_long(threshold) if value is None else str(value)


def _tooltip(name: str, value: int | None, threshold: int, *, known: bool) -> str:
    shown = _value_text(value, threshold) if known else _("no data")
    return _("%(name)s: %(value)s") % {"name": name, "value": shown}


def _number(value: float) -> str:
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def _path_data(rings: list[geo.Ring]) -> str:
    frame = geo.frame(SVG_WIDTH)
    parts: list[str] = []
    for ring in rings:
        points: list[str] = []
        for lon, lat in ring:
            x, y = frame.point(lon, lat)
            point = f"{_number(x)} {_number(y)}"
            if not points or point != points[-1]:
                points.append(point)
        if len(points) >= 3:
            parts.append("M" + " ".join(points) + "Z")
    return "".join(parts)


def map_svg(
    values: Mapping[str, int | None],
    *,
    threshold: int = 5,
    labels: Mapping[str, str],
    title: str | None = None,
) -> SafeString:
    """An inline SVG choropleth: one ``<path>`` per shape, Halabja as a ``<circle>``.

    ``labels`` maps slug -> governorate name in the page's language. Each shape has a
    ``<title>`` with the name and value (hover); there is no ``<text>`` and no ``style``.
    A governorate missing from ``values`` is grey ("no data").
    """
    classes = map_classes(values, threshold=threshold)
    frame = geo.frame(SVG_WIDTH)
    rings = geo.governorate_rings()
    aria = title or _("Map of the governorates of Iraq; the figures are in the table.")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SVG_WIDTH} {int(frame.height)}"'
        f' width="{SVG_WIDTH}" height="{int(frame.height)}" class="nama-map img-fluid"'
        f' role="img" aria-label="{escape(aria)}" focusable="false">',
        f'<defs><pattern id="{HATCH_ID}" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{SUPPRESSED_COLOUR}"/>'
        f'<rect width="2" height="6" fill="{SUPPRESSED_HATCH_COLOUR}"/></pattern></defs>',
        f'<g stroke="{BORDER_COLOUR}" stroke-width="0.7" stroke-linejoin="round">',
    ]
    point: str = ""
    for slug in _all_slugs(values):
        known = slug in values
        css = classes.classes.get(slug, "nama-map-none")
        if classes.suppressed(slug):
            fill = f"url(#{HATCH_ID})"
        else:
            fill = classes.colours.get(slug, NO_DATA_COLOUR)
        tooltip = escape(_tooltip(labels.get(slug, slug), values.get(slug), threshold, known=known))
        if slug in rings:
            out.append(
                f'<path class="nama-map-shape {css}" data-key="{escape(slug)}"'
                f' fill="{fill}" d="{_path_data(rings[slug])}"><title>{tooltip}</title></path>'
            )
        elif slug == geo.HALABJA:
            x, y = frame.point(*geo.HALABJA_LONLAT)
            point = (
                f'<circle class="nama-map-point {css}" data-key="{escape(slug)}"'
                f' cx="{_number(x)}" cy="{_number(y)}" r="7" fill="{fill}"'
                f' stroke="{POINT_EDGE_COLOUR}" stroke-width="2.5">'
                f"<title>{tooltip}</title></circle>"
            )
    out.append("</g>")
    if point:
        out.append(point)
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every interpolated text is escaped above


def labels_from_table(table: Mapping[str, Any] | None) -> dict[str, str]:
    """Governorate names by slug from a ``by_governorate`` TABLE (``key`` -> ``label``)."""
    return {
        str(row["key"]): str(row.get("label", row["key"]))
        for row in (table or {}).get("rows") or []
        if row.get("key")
    }


def map_context(
    values: Mapping[str, int | None],
    *,
    threshold: int = 5,
    labels: Mapping[str, str],
    title: str | None = None,
) -> dict[str, Any]:
    """Context for ``reports/_chart_map.html`` (pass it as ``chart_map``).

    Keys: ``svg`` (safe SVG), ``legend`` (dicts: label, colour, css_class, suppressed),
    ``point_label`` (the name of the governorate drawn as a point, or ""), ``rows`` (dicts:
    key, label, value, suppressed, text with "<5" for a suppressed value), ``threshold``
    and ``title``.
    """
    classes = map_classes(values, threshold=threshold)
    legend = [item._asdict() for item in classes.legend]
    if set(_all_slugs(values)) - set(values):
        legend.append(_no_data_item()._asdict())
    rows = [
        {
            "key": slug,
            "label": labels.get(slug, slug),
            "value": values.get(slug),
            "suppressed": slug in values and values[slug] is None,
            "text": (
                charts.suppressed_short(threshold)
                if values.get(slug) is None
                else str(values[slug])
            )
            if slug in values
            else "",
        }
        for slug in _all_slugs(values)
    ]
    has_point = geo.HALABJA in values or geo.HALABJA in geo.governorate_slugs()
    return {
        "svg": map_svg(values, threshold=threshold, labels=labels, title=title),
        "legend": legend,
        "point_label": labels.get(geo.HALABJA, "") if has_point else "",
        "rows": rows,
        "threshold": threshold,
        "title": title or "",
    }


def _mpl_path(rings: list[geo.Ring]) -> MplPath:
    vertices: list[tuple[float, float]] = []
    codes: list[Any] = []
    for ring in rings:
        points = [geo.project(lon, lat) for lon, lat in ring]
        vertices.extend(points)
        vertices.append(points[0])
        codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(points) - 1))
        codes.append(MplPath.CLOSEPOLY)
    return MplPath(vertices, codes)


def map_png(
    values: Mapping[str, int | None],
    *,
    language: str,
    title: str,
    threshold: int = 5,
    labels: Mapping[str, str],
) -> bytes:
    """The choropleth as PNG bytes for PDF and DOCX (16 cm wide at 150 dpi), deterministic.

    Shapes, Halabja as a ringed point, a legend with translated labels (on the left for
    Arabic and Kurdish, on the right for English) and the title.
    """
    return charts.figure_png(
        map_figure(values, language=language, title=title, threshold=threshold, labels=labels)
    )


def map_figure(
    values: Mapping[str, int | None],
    *,
    language: str,
    title: str,
    threshold: int = 5,
    labels: Mapping[str, str],
) -> Figure:
    """The figure of ``map_png``, for tests that look at what is drawn."""
    with override(language):
        rtl = charts.is_rtl(language)
        family = charts.font_family(language)
        classes = map_classes(values, threshold=threshold)
        rings = geo.governorate_rings()
        figure = charts.new_figure(height_cm=12.5)
        charts.figure_title(figure, title, family=family, rtl=rtl)
        ax = figure.add_subplot()
        ax.set_aspect("equal")
        ax.set_axis_off()
        xs: list[float] = []
        ys: list[float] = []
        for slug in _all_slugs(values):
            if slug not in rings:
                continue
            path = _mpl_path(rings[slug])
            suppressed = classes.suppressed(slug)
            ax.add_patch(
                PathPatch(
                    path,
                    facecolor=classes.colours.get(slug, NO_DATA_COLOUR),
                    edgecolor=SUPPRESSED_HATCH_COLOUR if suppressed else BORDER_COLOUR,
                    hatch="////" if suppressed else None,
                    linewidth=0.6,
                )
            )
            for ring in rings[slug]:
                for lon, lat in ring:
                    x, y = geo.project(lon, lat)
                    xs.append(x)
                    ys.append(y)
        # The borders over the hatching: one more outline pass without fill.
        for slug in _all_slugs(values):
            if slug in rings:
                ax.add_patch(
                    PathPatch(
                        _mpl_path(rings[slug]),
                        facecolor="none",
                        edgecolor=BORDER_COLOUR,
                        linewidth=0.6,
                    )
                )
        handles: list[Any] = [
            charts.legend_patch(label=item.label, colour=item.colour, suppressed=item.suppressed)
            for item in classes.legend
        ]
        if set(_all_slugs(values)) - set(values):
            item = _no_data_item()
            handles.append(charts.legend_patch(label=item.label, colour=item.colour))
        if geo.HALABJA in values or geo.HALABJA not in rings:
            hx, hy = geo.project(*geo.HALABJA_LONLAT)
            suppressed = classes.suppressed(geo.HALABJA)
            colour = classes.colours.get(geo.HALABJA, NO_DATA_COLOUR)
            # A patch, not a marker, so that a suppressed value can be hatched like a shape.
            ax.add_patch(
                Circle(
                    (hx, hy),
                    radius=0.14,
                    facecolor=colour,
                    edgecolor=POINT_EDGE_COLOUR,
                    hatch="////" if suppressed else None,
                    linewidth=1.6,
                    zorder=5,
                )
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    markersize=8,
                    markerfacecolor="#ffffff",
                    markeredgecolor=POINT_EDGE_COLOUR,
                    markeredgewidth=1.6,
                    linestyle="none",
                    label=_("%(name)s (drawn as a point)")
                    % {"name": labels.get(geo.HALABJA, geo.HALABJA)},
                )
            )
        if xs:
            pad = 0.1
            ax.set_xlim(min(xs) - pad, max(xs) + pad)
            ax.set_ylim(min(ys) - pad, max(ys) + pad)
        if handles:
            figure.legend(
                handles=handles,
                loc="outside left center" if rtl else "outside right center",
                frameon=False,
                markerfirst=not rtl,
                prop={"family": family, "size": 8},
                handlelength=1.6,
                handleheight=1.2,
            )
        return figure
