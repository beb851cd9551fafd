"""PDF, DOCX and XLSX renderers, in Arabic and English, from the sample ReportData."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from docx.oxml.ns import qn

from nama.reports.render_docx import render_docx
from nama.reports.render_pdf import render_html, render_pdf, split_paragraphs
from nama.reports.render_xlsx import render_xlsx, sheet_title
from nama.reports.tests.sample_report_data import sample_report_data
from nama.testing.documents import poppler_output

SCRIPT = "<script>alert('x')</script>"
ENGLISH_HEADINGS = [
    "Summary figures",
    "Context",
    "Methodology",
    "Sources",
    "Verification",
    "Counting rules",
    "Records included",
    "Disclosure control",
    "Geographic distribution",
    "Trend",
    "Types of acts",
    "Alleged perpetrators",
    "Victims",
    "Legal follow-up and complaints",
    "Case summaries",
    "Recommendations",
]
# Bidi embedding marks that pdftotext puts around right-to-left lines.
_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def english_data() -> dict[str, Any]:
    data = sample_report_data("en")
    data["sections"]["context"] = f"Tension rose. {SCRIPT} & more.\n\nSecond paragraph."
    return data


def pdf_text(pdf: bytes) -> str:
    text = _BIDI_MARKS.sub("", poppler_output("pdftotext", pdf))
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def arabic_pdf() -> bytes:
    return render_pdf(sample_report_data("ar"))


@pytest.fixture(scope="module")
def english_pdf() -> bytes:
    return render_pdf(english_data())


@pytest.fixture(scope="module")
def arabic_docx() -> Any:
    import docx

    return docx.Document(io.BytesIO(render_docx(sample_report_data("ar"))))


@pytest.fixture(scope="module")
def english_docx() -> Any:
    import docx

    return docx.Document(io.BytesIO(render_docx(english_data())))


def _workbook(language: str) -> Any:
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(render_xlsx(sample_report_data(language))))


def _in_order(text: str, needles: list[str]) -> None:
    """Each needle occurs after the previous one."""
    position = 0
    for needle in needles:
        found = text.find(needle, position)
        assert found >= 0, f"{needle!r} not found after position {position}"
        position = found + 1


# PDF


def test_arabic_pdf_has_the_title_and_the_sections_in_order(arabic_pdf: bytes) -> None:
    data = sample_report_data("ar")
    text = pdf_text(arabic_pdf)
    # pdftotext splits some ligatures (lam-alef) and moves punctuation in right-to-left
    # lines; the exact title is checked in the metadata.
    assert "تقرير حالة حقوق" in text
    assert data["centre"] in text
    _in_order(
        text,
        [
            "استمرت الاحتجاجات",  # context
            "مقابلات أجراها",  # methodology, sources
            data["tables"]["by_governorate"]["title"],
            data["tables"]["trend"]["title"],
            data["cross"]["title"],
            data["case_summaries"][0]["title"],
            "التحقيق الفوري",  # recommendations
        ],
    )


def test_english_pdf_has_the_headings_in_order(english_pdf: bytes) -> None:
    text = pdf_text(english_pdf)
    assert "Human rights situation report, third quarter 2026" in text
    _in_order(text, [f" {heading} " for heading in ENGLISH_HEADINGS])
    assert "Page 2 of " in text


def test_pdf_embeds_noto_fonts_including_an_arabic_one(arabic_pdf: bytes) -> None:
    fonts = poppler_output("pdffonts", arabic_pdf).splitlines()[2:]
    assert fonts
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    assert any("Noto-Naskh-Arabic" in line or "Noto-Sans-Arabic" in line for line in fonts)


def test_pdf_metadata_comes_from_the_data(arabic_pdf: bytes) -> None:
    info = poppler_output("pdfinfo", arabic_pdf)
    assert f"Title:           {sample_report_data('ar')['title']}\n" in info
    assert re.search(r"CreationDate:\s+Tue Nov 24 00:00:00 2026", info)
    assert "Pages:" in info
    assert "A4" in info


def test_two_renders_of_the_same_data_give_the_same_text(english_pdf: bytes) -> None:
    again = render_pdf(english_data())
    assert pdf_text(again) == pdf_text(english_pdf)
    assert again == english_pdf  # no clock, no random identifier


def test_staff_text_is_escaped_not_markup(english_pdf: bytes) -> None:
    html = render_html(english_data())
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html
    assert SCRIPT in pdf_text(english_pdf)


def test_suppressed_cells_read_fewer_than_the_threshold(
    arabic_pdf: bytes, english_pdf: bytes
) -> None:
    assert "<5" in pdf_text(arabic_pdf)
    text = pdf_text(english_pdf)
    assert "Halabja <5" in text
    assert "fewer than 5" in text


def test_html_is_right_to_left_for_arabic_and_embeds_png_images() -> None:
    html = render_html(sample_report_data("ar"))
    assert '<html lang="ar" dir="rtl">' in html
    assert html.count('<img src="data:image/png;base64,') == 4
    assert "<svg" not in html
    assert "woff2" not in html
    assert "NotoNaskhArabic-Regular.ttf" in html


def test_paragraphs_split_on_blank_lines() -> None:
    assert split_paragraphs("One\nline.\n\n\n Two. \n") == ["One line.", "Two."]
    assert split_paragraphs("") == []


# DOCX


def _headings(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]


def test_english_docx_has_the_title_and_headings_in_order(english_docx: Any) -> None:
    titles = [p.text for p in english_docx.paragraphs if p.style.name == "Title"]
    assert titles == ["Human rights situation report, third quarter 2026"]
    assert _headings(english_docx) == [h for h in ENGLISH_HEADINGS if h in _headings(english_docx)]
    assert len(_headings(english_docx)) == 11
    assert english_docx.core_properties.title == titles[0]
    section = english_docx.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    assert section.header.paragraphs[0].text == titles[0]
    assert section.different_first_page_header_footer
    assert 'w:instr="NUMPAGES"' in section.footer._element.xml
    assert english_docx.core_properties.created.isoformat().startswith("2026-11-24")


def test_english_docx_has_pictures_and_tables(english_docx: Any) -> None:
    assert len(english_docx.inline_shapes) == 4  # map, trend, by type, by perpetrator
    # Headline figures, nine 1-D tables, the cross table, the case summary's details.
    assert len(english_docx.tables) == 12
    cross = english_docx.tables[4]
    assert [c.text for c in cross.rows[0].cells][-1] == "Total"
    assert any(c.text == "<5" for row in cross.rows for c in row.cells)
    ppr = english_docx.paragraphs[0]._p.pPr
    assert ppr is None or ppr.find(qn("w:bidi")) is None


def test_arabic_docx_is_right_to_left(arabic_docx: Any) -> None:
    data = sample_report_data("ar")
    paragraphs = arabic_docx.paragraphs
    assert [p.text for p in paragraphs if p.style.name == "Title"] == [data["title"]]
    context = next(p for p in paragraphs if p.text.startswith("استمرت الاحتجاجات"))
    assert context._p.pPr.find(qn("w:bidi")) is not None
    run = context.runs[0]
    assert run.font.rtl is True
    fonts = run._r.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "Noto Naskh Arabic"
    assert fonts.get(qn("w:hint")) == "cs"
    assert all(p._p.pPr.find(qn("w:bidi")) is not None for p in paragraphs if p.text)
    for table in arabic_docx.tables:
        assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    assert len(arabic_docx.inline_shapes) == 4
    assert arabic_docx.sections[0]._sectPr.find(qn("w:bidi")) is not None


def test_arabic_docx_sections_follow_the_order(arabic_docx: Any) -> None:
    data = sample_report_data("ar")
    texts = [p.text for p in arabic_docx.paragraphs]
    order = [
        next(i for i, t in enumerate(texts) if t.startswith("استمرت الاحتجاجات")),
        texts.index(data["tables"]["by_governorate"]["title"]),
        texts.index(data["cross"]["title"]),
        texts.index(data["case_summaries"][0]["title"]),
        next(i for i, t in enumerate(texts) if t.startswith("التحقيق الفوري")),
    ]
    assert order == sorted(order)


# XLSX


def test_english_workbook_has_a_summary_and_one_sheet_per_table() -> None:
    workbook = _workbook("en")
    assert workbook.sheetnames[0] == "Summary"
    assert workbook.sheetnames[1:5] == [
        "Acts by governorate",
        "Acts by month",
        "Acts by type",
        "Acts by governorate and type",
    ]
    assert len(workbook.sheetnames) == 11
    assert workbook["Summary"]["A1"].value == "Human rights situation report, third quarter 2026"
    assert not workbook["Summary"].sheet_view.rightToLeft
    assert workbook.properties.created.isoformat().startswith("2026-11-24")
    assert workbook.properties.modified == workbook.properties.created


def test_workbook_numbers_are_numbers_and_suppressed_cells_are_text() -> None:
    sheet = _workbook("en")["Acts by governorate"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("Governorate", "Number of acts")
    assert sheet["A2"].font.bold
    assert rows[2] == ("Baghdad", 14)
    assert ("Halabja", "<5") in rows
    total = next(row for row in rows if row[0] == "Total")
    assert total == ("Total", 57)
    assert any(row[0] and "Disclosure control" in row[0] for row in rows)
    by_type = list(_workbook("en")["Acts by type"].iter_rows(values_only=True))
    values = [row[1] for row in by_type[2:-1] if row[0] != "Total"]
    assert all(isinstance(value, int) for value in values)
    assert sum(values) == by_type[-1][1] == 57


def test_arabic_workbook_is_right_to_left_with_arabic_sheet_titles() -> None:
    data = sample_report_data("ar")
    workbook = _workbook("ar")
    assert all(sheet.sheet_view.rightToLeft for sheet in workbook.worksheets)
    sheet = workbook[data["tables"]["by_governorate"]["title"]]
    assert ("حلبجة", "<5") in list(sheet.iter_rows(values_only=True))
    cross = workbook[data["cross"]["title"]]
    assert cross.max_column == len(data["cross"]["columns"]) + 2


def test_sheet_titles_are_valid_and_unique() -> None:
    taken: set[str] = set()
    long = "Acts: by governorate / type [all] of the whole period"
    first = sheet_title(long, taken)
    second = sheet_title(long, taken)
    assert len(first) <= 31
    assert len(second) <= 31
    assert first != second
    assert not set("[]:*?/\\") & set(first + second)


# Edge cases


def empty_internal_data() -> dict[str, Any]:
    """A period with nothing recorded, for the internal audience."""
    data = sample_report_data("en")
    data["audience"] = "internal"
    for table in data["tables"].values():
        table["rows"] = []
        table["total"] = 0
    data["cross"].update(columns=[], rows=[], totals=[], total=0)
    data["map"]["values"] = dict.fromkeys(data["map"]["values"], 0)
    data["case_summaries"] = []
    data["sections"] = {"context": "", "recommendations": ""}
    return data


def test_an_empty_internal_report_renders_in_every_format() -> None:
    import docx
    import openpyxl

    data = empty_internal_data()
    text = pdf_text(render_pdf(data))
    assert "Internal report" in text
    assert "Case summaries" not in text
    document = docx.Document(io.BytesIO(render_docx(data)))
    assert "Case summaries" not in _headings(document)
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(data)))
    rows = list(workbook["Acts by governorate"].iter_rows(values_only=True))
    assert rows[-1] == ("Total", 0)
