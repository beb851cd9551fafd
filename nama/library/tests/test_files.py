"""Library uploads: the type is read from the bytes, images lose their metadata."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from PIL import Image

from nama.library.files import check_upload
from nama.testing.documents import docx_bytes, pdf_bytes


def _check(data: bytes, name: str) -> object:
    return check_upload(io.BytesIO(data), name=name, size=len(data))


def test_a_pdf_and_a_docx_are_accepted() -> None:
    pdf = _check(pdf_bytes("x"), "manual.pdf")
    docx = _check(docx_bytes("x"), "دليل.docx")
    assert (pdf.kind, pdf.content_type) == ("pdf", "application/pdf")  # type: ignore[attr-defined]
    assert docx.kind == "docx"  # type: ignore[attr-defined]
    assert docx.name == "دليل.docx"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "data",
    [b"<html><script>alert(1)</script></html>", b"MZ\x90\x00program", b"PK\x05\x06" + b"\0" * 18],
)
def test_other_files_are_refused_whatever_their_name(data: bytes) -> None:
    with pytest.raises(ValidationError) as error:
        _check(data, "manual.pdf")
    assert "PDF" in str(error.value.messages[0])


def test_a_name_that_lies_about_the_type_gets_the_right_extension() -> None:
    assert _check(pdf_bytes("x"), "photo.jpg").name == "photo.pdf"  # type: ignore[attr-defined]
    assert _check(pdf_bytes("x"), "../../etc/passwd").name == "passwd.pdf"  # type: ignore[attr-defined]


def test_image_metadata_is_stripped() -> None:
    image = Image.new("RGB", (8, 8), "blue")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    assert b"SecretCamera" in buffer.getvalue()

    checked = _check(buffer.getvalue(), "photo.jpg")

    assert b"SecretCamera" not in checked.content.read()  # type: ignore[attr-defined]


@override_settings(NAMA_LIBRARY_MAX_UPLOAD_MB=1)
def test_a_file_over_the_limit_is_refused() -> None:
    data = pdf_bytes("x") + b"\0" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        _check(data, "big.pdf")
    assert error.value.code == "too_large"
