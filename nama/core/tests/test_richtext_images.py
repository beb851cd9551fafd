"""Rich text (nh3) and public photos: what survives and what never does."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from PIL import Image

from nama.core.images import clean_image_upload
from nama.core.richtext import html_to_text, sanitise_html
from nama.testing.images import exiftool_json, gps_jpeg, metadata_left


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<p style="background:url(x)" onclick="alert(1)">x</p>',
        "<iframe src='https://evil.example'></iframe>",
        "<svg><script>alert(1)</script></svg>",
        "<form action='x'><input name='q'></form>",
    ],
)
def test_nothing_executable_survives(dirty):
    clean = sanitise_html(dirty).lower()

    for word in (
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "<img",
        "style=",
        "<form",
    ):
        assert word not in clean


def test_the_allowed_dialect_is_kept_and_links_get_rel():
    clean = sanitise_html(
        '<h2>عنوان</h2><p dir="ltr"><strong>bold</strong> <a href="https://example.org">x</a></p>'
        "<ul><li>أ</li></ul>"
    )

    assert "<h2>عنوان</h2>" in clean
    assert '<p dir="ltr"><strong>bold</strong>' in clean
    assert 'href="https://example.org"' in clean
    assert 'rel="noopener noreferrer nofollow"' in clean
    assert "<ul><li>أ</li></ul>" in clean


def test_plain_text_becomes_paragraphs_and_keeps_a_less_than_sign():
    clean = sanitise_html("سطر أول\nسطر ثان\n\nفقرة ثانية: 3 < 5")

    assert clean == "<p>سطر أول<br>سطر ثان</p><p>فقرة ثانية: 3 &lt; 5</p>"


def test_empty_text_stays_empty():
    assert sanitise_html("  \n ") == ""


def test_html_to_text_gives_readable_lines():
    text = html_to_text(sanitise_html("<p>أ &amp; ب</p><ul><li>ج</li><li>د</li></ul>"))

    assert text == "أ & ب\nج\nد"


def _upload(data: bytes, name: str = "photo.jpg") -> io.BytesIO:
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def test_a_photo_loses_its_gps_and_every_other_metadata(tmp_path):
    assert any("GPS" in key for key in exiftool_json(gps_jpeg(), tmp_path))

    clean = clean_image_upload(_upload(gps_jpeg()))

    assert clean.content_type == "image/jpeg"
    assert clean.extension == "jpg"
    assert metadata_left(clean.data, tmp_path) == []
    # The phone's rotation is applied to the pixels, not lost.
    assert Image.open(io.BytesIO(clean.data)).size == (6, 8)


def test_the_stored_name_is_random():
    first = clean_image_upload(_upload(gps_jpeg(), "بيت أحمد.jpg")).as_file("news")
    second = clean_image_upload(_upload(gps_jpeg(), "بيت أحمد.jpg")).as_file("news")

    assert first.name is not None
    assert first.name != second.name
    assert first.name.startswith("news/")
    assert "أحمد" not in first.name


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b"%PDF-1.7\n1 0 obj\n",
        b"\xff\xd8\xff\xe0 not really a jpeg",
    ],
)
def test_what_is_not_a_readable_photo_is_refused_with_a_message(data):
    with pytest.raises(ValidationError) as refused:
        clean_image_upload(_upload(data))

    assert refused.value.messages


@override_settings(NAMA_IMAGE_MAX_BYTES=1024)
def test_a_photo_over_the_size_limit_is_refused():
    upload = _upload(gps_jpeg())
    upload.size = 4096  # type: ignore[attr-defined]

    with pytest.raises(ValidationError) as refused:
        clean_image_upload(upload)

    assert refused.value.code == "too_large"
