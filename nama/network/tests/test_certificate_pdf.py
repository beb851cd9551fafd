"""Certificate PDFs: the QR code leads to the public check, which says genuine;
Arabic and English text, embedded fonts, escaped names."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from nama.network import training_services as services
from nama.network.certificate_render import render_certificates_pdf
from nama.network.models import Certificate
from nama.network.tests import test_training_factories as make
from nama.testing.documents import poppler_output
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

BASE = "https://nama.example.org"


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def _issued(personas: Personas) -> dict[str, Certificate]:
    training, people = make.held_session(personas.training_coordinator, personas.trainer)
    services.certificates_issue(session=training, by=personas.trainer)
    return {
        key: Certificate.objects.get(participant=p) for key, p in people.items() if key != "huda"
    }


def _qr_urls(pdf: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "certificate.pdf"
        path.write_bytes(pdf)
        subprocess.run(  # noqa: S603 (poppler on a file we wrote)
            ["pdfimages", "-png", str(path), str(Path(folder) / "image")],  # noqa: S607
            check=True,
        )
        urls = []
        for image in sorted(Path(folder).glob("image-*.png")):
            with Image.open(image) as picture:
                urls += [found.text for found in zxingcpp.read_barcodes(picture.convert("L"))]
    return urls


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_qr_code_leads_to_the_check_page_which_says_genuine(
    personas: Personas, language: str
) -> None:
    sara = _issued(personas)["sara"]
    pdf = render_certificates_pdf([sara], language=language, base_url=BASE)
    [url] = _qr_urls(pdf)
    display = f"{sara.code[:5]}-{sara.code[5:10]}-{sara.code[10:]}"
    assert url == f"{BASE}/{language}/certificates/{display}/"
    response = Client().get(url.removeprefix(BASE))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-result="genuine"' in text
    expected_name = "سارة أحمد" if language == "ar" else "Sara Ahmed"
    assert expected_name in text


def test_the_arabic_certificate_says_the_name_course_and_code_in_arabic(
    personas: Personas,
) -> None:
    sara = _issued(personas)["sara"]
    pdf = render_certificates_pdf([sara], language="ar", base_url=BASE)
    text = poppler_output("pdftotext", pdf)
    assert "سارة أحمد" in text
    assert "أساسيات رصد انتهاكات حقوق الإنسان" in text
    assert f"{sara.code[:5]}-{sara.code[5:10]}-{sara.code[10:]}" in text
    fonts = poppler_output("pdffonts", pdf)
    assert "Noto-Naskh-Arabic" in fonts
    for line in fonts.splitlines()[2:]:
        assert " yes " in line  # embedded (every font of the page)


def test_the_english_certificate_prints_the_latin_name_and_english_title(
    personas: Personas,
) -> None:
    certificates = _issued(personas)
    pdf = render_certificates_pdf(
        [certificates["sara"], certificates["ali"]], language="en", base_url=BASE
    )
    text = poppler_output("pdftotext", pdf)
    assert "Sara Ahmed" in text
    assert "Ali Hassan" in text
    assert "Basics of human-rights monitoring" in text
    assert "Certificate of participation" in text
    assert text.count("\f") == 2  # one landscape page each


def test_a_name_with_markup_is_printed_as_text(personas: Personas) -> None:
    training = make.session(personas.training_coordinator, trainers=[personas.trainer])
    evil = make.participant(personas.trainer, training, "<script>alert(1)</script><b>X</b>")
    make.attend(personas.trainer, training, {evil: 3})
    services.session_set_status(session=training, by=personas.trainer, status="done")
    services.certificates_issue(session=training, by=personas.trainer)
    certificate = Certificate.objects.get()
    from nama.network.certificate_render import render_html

    html = render_html([certificate], language="en", base_url=BASE)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = poppler_output(
        "pdftotext", render_certificates_pdf([certificate], language="en", base_url=BASE)
    )
    assert "<script>alert(1)</script><b>X</b>" in text
    response = Client().get(f"/en/certificates/{certificate.code}/")
    assert "<script>alert" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()


@override_settings(NAMA_SITE_URL="https://public.example.org/")
def test_the_public_base_url_setting_is_used_for_the_qr_code(personas: Personas) -> None:
    sara = _issued(personas)["sara"]
    pdf = render_certificates_pdf([sara], language="ar", base_url="https://public.example.org")
    [url] = _qr_urls(pdf)
    assert url.startswith("https://public.example.org/ar/certificates/")
