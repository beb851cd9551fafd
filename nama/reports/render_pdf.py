"""A report document from a frozen ReportData dict: the outline shared by the three
renderers (PDF, DOCX, XLSX) and the PDF renderer (WeasyPrint, HTML from a Django template).

The outline is a flat list of blocks in the order of the briefing, with every string
already translated in the report's language, so the three formats cannot drift apart.
"""

from __future__ import annotations

import base64
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FONT_DIR = Path("/usr/share/fonts/truetype/noto")

Cell = int | str

# Heading of the first column of each 1-D table.
TABLE_CATEGORY = {
    "by_governorate": gettext_lazy("Governorate"),
    "by_type": gettext_lazy("Type of act"),
    "by_perpetrator": gettext_lazy("Alleged perpetrator"),
    "by_sex": gettext_lazy("Sex"),
    "by_age": gettext_lazy("Age group"),
    "by_characteristic": gettext_lazy("Characteristic"),
    "trend": gettext_lazy("Month"),
    "legal": gettext_lazy("Legal follow-up"),
    "intake": gettext_lazy("Channel"),
}


@dataclass
class Block:
    """One piece of the document. ``kind`` says which fields are used:

    heading (level, text), paragraphs (paragraphs), figures (rows: label, value),
    image (png, text = alt text), table (text = title, key, header, rows, footer),
    note (text), meta (rows: label, value).
    """

    kind: str
    text: str = ""
    level: int = 1
    key: str = ""
    paragraphs: list[str] = field(default_factory=list)
    png: bytes = b""
    header: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    footer: list[Cell] = field(default_factory=list)

    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")

    def body(self) -> list[list[dict[str, Any]]]:
        """Rows as cells for the HTML template: text, whether numeric, whether suppressed."""
        return [_html_cells(row) for row in self.rows]

    def foot(self) -> list[dict[str, Any]]:
        return _html_cells(self.footer)


def _html_cells(row: list[Cell]) -> list[dict[str, Any]]:
    return [
        {
            "text": value,
            "number": index > 0,
            "suppressed": index > 0 and isinstance(value, str),
        }
        for index, value in enumerate(row)
    ]


def split_paragraphs(text: str) -> list[str]:
    """Staff text to paragraphs: split on blank lines, single newlines become spaces."""
    paragraphs = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if lines:
            paragraphs.append(" ".join(lines))
    return paragraphs


def suppressed_text(threshold: int) -> str:
    """Short form of a suppressed cell, e.g. "<5". Call inside translation.override."""
    return _("<%(n)s") % {"n": threshold}


def cell(value: int | None, threshold: int) -> Cell:
    return suppressed_text(threshold) if value is None else value


def disclosure_note(data: dict[str, Any]) -> str:
    """The footnote explaining suppression (public) or the internal-use warning."""
    n = data["threshold"]
    if data.get("audience") == "internal":
        return _(
            "Internal report: figures are exact and include small counts. "
            "Do not publish or share outside the centre."
        )
    return _(
        "Disclosure control: counts from 1 to %(m)s are not shown, to protect the people "
        "concerned; such cells read %(short)s (fewer than %(n)s). Totals are "
        "computed from the exact figures and are also suppressed when fewer than %(n)s."
    ) % {"m": n - 1, "n": n, "short": suppressed_text(n)}


def governorate_labels(data: dict[str, Any]) -> dict[str, str]:
    """Governorate slug to name, from the by_governorate table (and the cross table)."""
    labels = {row["key"]: row["label"] for row in data["cross"].get("rows", [])}
    labels.update({row["key"]: row["label"] for row in data["tables"]["by_governorate"]["rows"]})
    return labels


def _table_block(key: str, table: dict[str, Any], threshold: int) -> Block:
    return Block(
        kind="table",
        key=key,
        text=table["title"],
        header=[str(TABLE_CATEGORY.get(key, _("Item"))), _("Number of %(unit)s") % table],
        rows=[[row["label"], cell(row["value"], threshold)] for row in table["rows"]],
        footer=[_("Total"), cell(table["total"], threshold)],
    )


def _cross_block(cross: dict[str, Any], threshold: int) -> Block:
    return Block(
        kind="table",
        key="cross",
        text=cross["title"],
        header=[
            str(TABLE_CATEGORY["by_governorate"]),
            *[column["label"] for column in cross["columns"]],
            _("Total"),
        ],
        rows=[
            [
                row["label"],
                *[cell(value, threshold) for value in row["values"]],
                cell(row["total"], threshold),
            ]
            for row in cross["rows"]
        ],
        footer=[
            _("Total"),
            *[cell(value, threshold) for value in cross["totals"]],
            cell(cross["total"], threshold),
        ],
    )


def _charts() -> Any:
    # Imported when drawing, so the XLSX renderer never loads matplotlib.
    return importlib.import_module("nama.reports.charts")


def _maps() -> Any:
    return importlib.import_module("nama.reports.maps")


def outline(data: dict[str, Any], *, images: bool = True) -> list[Block]:
    """The document as blocks, in order. Call inside ``translation.override(data["language"])``.

    With ``images=False`` no chart or map is drawn (the XLSX has none).
    """
    language = data["language"]
    n = data["threshold"]
    tables = data["tables"]
    blocks: list[Block] = []

    def heading(text: str, level: int = 1) -> None:
        blocks.append(Block(kind="heading", text=text, level=level))

    def paragraphs(text: str) -> None:
        found = split_paragraphs(text or "")
        if found:
            blocks.append(Block(kind="paragraphs", paragraphs=found))

    def table(key: str) -> None:
        blocks.append(_table_block(key, tables[key], n))

    def chart(key: str, kind: str = "bar") -> None:
        if not images:
            return
        charts = _charts()
        draw = charts.trend_chart_png if kind == "trend" else charts.bar_chart_png
        title = tables[key]["title"]
        png = draw(tables[key]["rows"], title=title, language=language, threshold=n)
        blocks.append(Block(kind="image", png=png, text=title))

    heading(_("Summary figures"))
    blocks.append(
        Block(kind="figures", rows=[[h["label"], cell(h["value"], n)] for h in data["headline"]])
    )
    blocks.append(Block(kind="note", text=disclosure_note(data)))

    heading(_("Context"))
    paragraphs(data["sections"].get("context", ""))

    heading(_("Methodology"))
    methodology = data["methodology"]
    heading(_("Sources"), 2)
    paragraphs(methodology.get("sources", ""))
    heading(_("Verification"), 2)
    paragraphs(methodology.get("verification", ""))
    heading(_("Counting rules"), 2)
    paragraphs(methodology.get("counting", ""))
    heading(_("Records included"), 2)
    paragraphs(data.get("inclusion", ""))
    heading(_("Disclosure control"), 2)
    paragraphs(disclosure_note(data))

    heading(_("Geographic distribution"))
    if images:
        title = tables["by_governorate"]["title"]
        png = _maps().map_png(
            data["map"]["values"],
            language=language,
            title=title,
            threshold=n,
            labels=governorate_labels(data),
        )
        blocks.append(Block(kind="image", png=png, text=title))
    table("by_governorate")

    heading(_("Trend"))
    chart("trend", "trend")
    table("trend")

    heading(_("Types of acts"))
    chart("by_type")
    table("by_type")
    blocks.append(_cross_block(data["cross"], n))

    heading(_("Alleged perpetrators"))
    chart("by_perpetrator")
    table("by_perpetrator")

    heading(_("Victims"))
    table("by_sex")
    table("by_age")
    table("by_characteristic")

    heading(_("Legal follow-up and complaints"))
    table("legal")
    table("intake")

    if data.get("case_summaries"):
        heading(_("Case summaries"))
        for case in data["case_summaries"]:
            heading(case["title"], 2)
            meta = [
                [_("Place"), case.get("place") or ""],
                [_("When"), case.get("when") or ""],
                [_("Types of acts"), "\u060c ".join(case.get("act_types") or [])]
                if language == "ar"
                else [_("Types of acts"), ", ".join(case.get("act_types") or [])],
            ]
            blocks.append(Block(kind="meta", rows=[row for row in meta if row[1]]))
            paragraphs(case.get("text", ""))

    heading(_("Recommendations"))
    paragraphs(data["sections"].get("recommendations", ""))
    return blocks


def title_page(data: dict[str, Any]) -> list[list[str]]:
    """Label/value rows for the title page. Call inside translation.override."""
    return [
        [_("Period"), data["period"]["label"]],
        [_("Reference"), data["reference"]],
        [_("Built on"), data["built_on"]],
    ]


def _css_string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("<", "\\3c ")
        .replace(">", "\\3e ")
        .replace("\n", " ")
    )
    return f'"{escaped}"'


def page_counter_css() -> str:
    """CSS ``content`` value for "Page X of Y" in the active language."""
    marker = _("Page %(page)s of %(pages)s") % {"page": "\0page\0", "pages": "\0pages\0"}
    parts = []
    for piece in marker.split("\0"):
        if piece in ("page", "pages"):
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(_css_string(piece))
    return " ".join(parts)


def render_html(data: dict[str, Any]) -> str:
    """The HTML given to WeasyPrint."""
    language = data["language"]
    with translation.override(language):
        context = {
            "data": data,
            "language": language,
            "direction": "rtl" if language == "ar" else "ltr",
            "blocks": outline(data),
            "title_rows": title_page(data),
            "internal": data.get("audience") == "internal",
            "page_counter": page_counter_css(),
            "running_title": _css_string(data["title"]),
            "font_dir": FONT_DIR.as_uri(),
        }
        return render_to_string("reports/document/report.html", context)


def render_pdf(data: dict[str, Any]) -> bytes:
    """The report as a PDF (A4), deterministic for the same data."""
    from weasyprint import HTML

    html = render_html(data)
    return HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf(
        pdf_identifier=False, uncompressed_pdf=False
    )
