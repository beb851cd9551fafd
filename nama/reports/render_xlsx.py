"""The report's figures as an Excel workbook (openpyxl): a summary sheet, then one sheet per
table in the document's order. Suppressed cells are the text "<5", never a number."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from django.utils import translation
from django.utils.translation import gettext as _

from nama.reports.render_pdf import Block, cell, disclosure_note, outline, title_page

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(text: str, taken: set[str]) -> str:
    """A valid, unique sheet title: no []:*?/\\, at most 31 characters."""
    base = _FORBIDDEN.sub(" ", text).strip().strip("'")[:31].strip() or "Sheet"
    title = base
    number = 2
    while title.casefold() in taken:
        suffix = f" ({number})"
        title = base[: 31 - len(suffix)].strip() + suffix
        number += 1
    taken.add(title.casefold())
    return title


def _widths(sheet: Any) -> None:
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=2):
        for item in row:
            if item.value is not None:
                widths[item.column] = max(widths.get(item.column, 0), len(str(item.value)))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 10), 60)


def _table_sheet(workbook: Any, block: Block, note: str, taken: set[str], rtl: bool) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(sheet_title(block.text, taken))
    sheet.sheet_view.rightToLeft = rtl
    sheet.append([block.text])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(block.header)
    for item in sheet[2]:
        item.font = Font(bold=True)
    for row in block.rows:
        sheet.append(row)
    sheet.append(block.footer)
    for item in sheet[sheet.max_row]:
        item.font = Font(bold=True)
    suppressed = any(isinstance(value, str) for row in block.rows for value in row[1:]) or any(
        isinstance(value, str) for value in block.footer[1:]
    )
    for row in sheet.iter_rows(min_row=3, min_col=2):
        for item in row:
            if isinstance(item.value, str):
                item.alignment = Alignment(horizontal="right")
    sheet.freeze_panes = "B3"
    _widths(sheet)
    if suppressed:
        sheet.append([])
        sheet.append([note])


def _summary_sheet(sheet: Any, data: dict[str, Any], rtl: bool) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.title = sheet_title(_("Summary"), set())
    sheet.sheet_view.rightToLeft = rtl
    sheet.append([data["title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Centre"), data["centre"]])
    for label, value in title_page(data):
        sheet.append([label, value])
    sheet.append([_("Records included"), data.get("inclusion", "")])
    sheet.append([])
    sheet.append([_("Summary figures")])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    for figure in data["headline"]:
        sheet.append([figure["label"], cell(figure["value"], data["threshold"])])
    sheet.append([])
    sheet.append([disclosure_note(data)])
    sheet.append([_("Fingerprint"), data["fingerprint"]])
    for row in sheet.iter_rows(min_row=2, max_col=1):
        row[0].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 60
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def render_xlsx(data: dict[str, Any]) -> bytes:
    """The report's summary and tables as an XLSX workbook, right to left for Arabic."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    rtl = data["language"] == "ar"
    with translation.override(data["language"]):
        workbook = Workbook()
        _summary_sheet(workbook.active, data, rtl)
        taken = {workbook.active.title.casefold()}
        note = disclosure_note(data)
        for block in outline(data, images=False):
            if block.kind == "table":
                _table_sheet(workbook, block, note, taken, rtl)
        built = dt.datetime.combine(dt.date.fromisoformat(data["built_on"]), dt.time())
        workbook.properties.title = data["title"]
        workbook.properties.creator = data["centre"]
        workbook.properties.language = "ar-IQ" if rtl else "en"
        workbook.properties.identifier = data["reference"]
        workbook.properties.created = built
        workbook.properties.modified = built
        workbook.properties.lastModifiedBy = data["centre"]
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps "modified" with the current time.
    ExcelWriter(workbook, ZipFile(buffer, "w", ZIP_DEFLATED)).save()
    return buffer.getvalue()
