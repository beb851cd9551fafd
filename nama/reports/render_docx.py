"""The report as a Word document (python-docx), from the outline shared with the PDF.

Arabic reports are right to left: ``w:bidi`` on paragraphs and the section, ``w:rtl`` on
runs, ``w:bidiVisual`` on tables, and the complex-script font set on every run.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from nama.reports.render_pdf import Block, outline, title_page

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")

LATIN_FONT = "Noto Sans"
ARABIC_FONT = "Noto Naskh Arabic"

# Children of w:pPr that come after w:bidi (schema order), for a valid insert.
_PPR_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


class _Writer:
    def __init__(self, data: dict[str, Any]) -> None:
        import docx

        self.data = data
        self.rtl = data["language"] == "ar"
        self.document = docx.Document()
        self._setup_styles()

    # Formatting helpers

    def _font_rpr(self, rpr: Any) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attribute in ("w:ascii", "w:hAnsi"):
            fonts.set(qn(attribute), LATIN_FONT)
        fonts.set(qn("w:cs"), ARABIC_FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        if self.rtl:
            fonts.set(qn("w:hint"), "cs")

    def _setup_styles(self) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        styles = self.document.styles
        for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
            style = styles[name]
            rpr = style.element.get_or_add_rPr()
            self._font_rpr(rpr)
            if self.rtl:
                lang = rpr.find(qn("w:lang"))
                if lang is None:
                    lang = OxmlElement("w:lang")
                    rpr.append(lang)
                lang.set(qn("w:bidi"), "ar-IQ")
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)
        normal = styles["Normal"]
        normal.font.size = Pt(10.5)
        size_cs = OxmlElement("w:szCs")
        size_cs.set(qn("w:val"), "22")
        normal.element.get_or_add_rPr().insert_element_before(
            size_cs, "w:highlight", "w:u", "w:effect", "w:rtl", "w:cs", "w:lang"
        )
        if self.rtl:
            section = self.document.sections[0]._sectPr
            section.insert_element_before(
                OxmlElement("w:bidi"),
                "w:rtlGutter",
                "w:docGrid",
                "w:printerSettings",
                "w:sectPrChange",
            )

    def _paragraph_direction(self, paragraph: Any, *, align: Any = None) -> None:
        """Right to left for Arabic. No ``w:jc`` by default: a ``w:bidi`` paragraph starts
        at the right edge; Word reads ``w:jc`` left/right as start/end of the flow, so an
        explicit "right" would put Arabic text on the left."""
        from docx.oxml import OxmlElement

        if self.rtl:
            ppr = paragraph._p.get_or_add_pPr()
            ppr.insert_element_before(OxmlElement("w:bidi"), *_PPR_AFTER_BIDI)
        if align is not None:
            paragraph.alignment = align

    def _run(self, paragraph: Any, text: str, *, bold: bool = False) -> Any:
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
            run.font.cs_bold = True
        self._font_rpr(run._r.get_or_add_rPr())
        # Only runs with Arabic letters are marked right to left: a reference such as
        # "R-2026-003 / build 2" or a count would otherwise be reordered.
        if self.rtl and _ARABIC.search(text):
            run.font.rtl = True
            run.font.complex_script = True
        return run

    def paragraph(
        self, text: str = "", *, style: str | None = None, bold: bool = False, align: Any = None
    ) -> Any:
        paragraph = self.document.add_paragraph(style=style)
        self._paragraph_direction(paragraph, align=align)
        if text:
            self._run(paragraph, text, bold=bold)
        return paragraph

    def heading(self, text: str, level: int) -> None:
        paragraph = self.document.add_heading(level=level)
        self._paragraph_direction(paragraph)
        self._run(paragraph, text)

    def table(
        self, header: list[str] | None, rows: list[list[Any]], footer: list[Any] | None = None
    ) -> None:
        from docx.enum.table import WD_TABLE_DIRECTION
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement

        all_rows = ([header] if header else []) + rows + ([footer] if footer else [])
        columns = max(len(row) for row in all_rows)
        grid = self.document.add_table(rows=len(all_rows), cols=columns)
        grid.style = self.document.styles["Table Grid"]
        if self.rtl:
            grid.table_direction = WD_TABLE_DIRECTION.RTL  # w:bidiVisual
        if header:
            trpr = grid.rows[0]._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:tblHeader"))
        last = len(all_rows) - 1
        for r, row in enumerate(all_rows):
            bold = bool((header and r == 0) or (footer and r == last))
            for c, value in enumerate(row):
                paragraph = grid.cell(r, c).paragraphs[0]
                # Numbers at the end of the cell: "right" is the end in both directions.
                align = WD_ALIGN_PARAGRAPH.RIGHT if c > 0 else None
                self._paragraph_direction(paragraph, align=align)
                self._run(paragraph, str(value), bold=bold)
        self.document.add_paragraph()

    def picture(self, png: bytes) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm

        self.document.add_picture(io.BytesIO(png), width=Cm(16))
        self._paragraph_direction(self.document.paragraphs[-1], align=WD_ALIGN_PARAGRAPH.CENTER)

    def header_and_footer(self) -> None:
        """The title in the header, "Page X of Y" (PAGE and NUMPAGES fields) in the footer;
        neither on the title page."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        self._paragraph_direction(header, align=WD_ALIGN_PARAGRAPH.CENTER)
        self._run(header, self.data["title"]).font.size = Pt(8.5)
        paragraph = section.footer.paragraphs[0]
        self._paragraph_direction(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER)
        marker = _("Page %(page)s of %(pages)s") % {"page": "\0PAGE\0", "pages": "\0NUMPAGES\0"}
        for piece in marker.split("\0"):
            if piece in ("PAGE", "NUMPAGES"):
                field = OxmlElement("w:fldSimple")
                field.set(qn("w:instr"), piece)
                inner = OxmlElement("w:r")
                text = OxmlElement("w:t")
                text.text = "1"
                inner.append(text)
                field.append(inner)
                paragraph._p.append(field)
            elif piece:
                self._run(paragraph, piece)

    # Content

    def write(self) -> bytes:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

        data = self.data
        center = WD_ALIGN_PARAGRAPH.CENTER
        self.paragraph(data["centre"], align=center)
        title = self.document.add_heading(level=0)
        self._paragraph_direction(title, align=center)
        self._run(title, data["title"])
        self.paragraph(data["period"]["label"], align=center)
        for label, value in title_page(data):
            self.paragraph(f"{label}: {value}", align=center)
        if data.get("audience") == "internal":
            self.paragraph(_("Internal report: not for publication."), bold=True, align=center)
        self.document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

        for block in outline(data):
            self.block(block)
        self.paragraph(f"{_('Fingerprint')}: {data['fingerprint']}")
        self.header_and_footer()
        self._properties()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    def block(self, block: Block) -> None:
        if block.kind == "heading":
            self.heading(block.text, block.level)
        elif block.kind == "paragraphs":
            for text in block.paragraphs:
                self.paragraph(text)
        elif block.kind in ("figures", "meta"):
            self.table(None, [[label, value] for label, value in block.rows])
        elif block.kind == "note":
            paragraph = self.paragraph()
            run = self._run(paragraph, block.text)
            from docx.shared import Pt

            run.font.size = Pt(8.5)
        elif block.kind == "image":
            self.picture(block.png)
        elif block.kind == "table":
            self.paragraph(block.text, bold=True)
            self.table(block.header, block.rows, block.footer)

    def _properties(self) -> None:
        data = self.data
        built = dt.datetime.combine(
            dt.date.fromisoformat(data["built_on"]), dt.time(), tzinfo=dt.UTC
        )
        properties = self.document.core_properties
        properties.title = data["title"]
        properties.author = data["centre"]
        properties.subject = data["period"]["label"]
        properties.language = "ar-IQ" if self.rtl else "en"
        properties.identifier = data["reference"]
        properties.created = built
        properties.modified = built
        properties.last_modified_by = data["centre"]
        properties.revision = 1


def render_docx(data: dict[str, Any]) -> bytes:
    """The report as a DOCX file, right to left for Arabic."""
    with translation.override(data["language"]):
        return _Writer(data).write()
