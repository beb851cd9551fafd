"""Training certificates as PDF (WeasyPrint), in Arabic (right to left) or English.

A landscape A4 page per certificate: the centre's name, the printed name, the
course, the session's dates and place, the date of issue, the verification
code and a QR code holding the absolute address of the public check
(``portal:certificate_check``). Fonts are the full Noto TTFs of the reports
(``nama.reports.render_pdf.FONT_DIR``), embedded by WeasyPrint.

The address's host comes from ``settings.NAMA_SITE_URL`` when it is
set (the public site may live on another host than the staff one), else from
the request that asked for the PDF.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation

from nama.network import certificate_codes
from nama.network.models import Certificate, SessionMode
from nama.reports.render_pdf import FONT_DIR

__all__ = [
    "CERTIFICATE_LANGUAGES",
    "certificate_filename",
    "render_certificates_pdf",
    "render_certificates_zip",
    "verification_url",
]

CERTIFICATE_LANGUAGES = ("ar", "en")


def public_base_url(request: HttpRequest | None) -> str:
    """``https://host`` of the public site, without a trailing slash."""
    configured = str(getattr(settings, "NAMA_SITE_URL", "") or "").rstrip("/")
    if configured:
        return configured
    if request is None:
        return ""
    return request.build_absolute_uri("/").rstrip("/")


def verification_url(certificate: Certificate, *, language: str, base_url: str) -> str:
    with translation.override(language):
        path = reverse(
            "portal:certificate_check", args=[certificate_codes.display(certificate.code)]
        )
    return f"{base_url}{path}"


def _qr_data_uri(url: str) -> str:
    # PNG, not SVG: a bitmap keeps its exact modules in the PDF and scanners read it.
    return segno.make(url, error="m").png_data_uri(scale=8, border=4)


def _dates(certificate: Certificate) -> str:
    session = certificate.participant.session
    start = formats.date_format(session.starts_on, "j F Y")
    end = formats.date_format(session.ends_on, "j F Y")
    return start if start == end else f"{start} \u2013 {end}"


def _page(certificate: Certificate, *, language: str, base_url: str) -> dict[str, Any]:
    session = certificate.participant.session
    url = verification_url(certificate, language=language, base_url=base_url)
    place = session.place if session.mode != SessionMode.ONLINE else ""
    return {
        "name": certificate.name_for(language),
        "course": certificate.course_title,
        "dates": _dates(certificate),
        "mode_online": session.mode == SessionMode.ONLINE,
        "place": place,
        "governorate": session.governorate.name,
        "issued_on": formats.date_format(certificate.issued_at.date(), "j F Y"),
        "code": certificate_codes.display(certificate.code),
        "url": url,
        "qr": _qr_data_uri(url),
        "revoked": certificate.is_revoked,
    }


def render_html(certificates: Iterable[Certificate], *, language: str, base_url: str) -> str:
    with translation.override(language):
        pages = [_page(c, language=language, base_url=base_url) for c in certificates]
        context = {
            "pages": pages,
            "language": language,
            "direction": "rtl" if language == "ar" else "ltr",
            "centre": str(settings.NAMA_CENTRE_NAME),
            "font_dir": FONT_DIR.as_uri(),
        }
        return render_to_string("network/certificate/certificate.html", context)


def render_certificates_pdf(
    certificates: Iterable[Certificate], *, language: str, base_url: str
) -> bytes:
    """One landscape A4 page per certificate, in ``language`` ("ar" or "en")."""
    from weasyprint import HTML

    if language not in CERTIFICATE_LANGUAGES:
        raise ValueError("certificates are printed in Arabic or English")
    html = render_html(certificates, language=language, base_url=base_url)
    return HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf(
        pdf_identifier=False, uncompressed_pdf=False
    )


def certificate_filename(certificate: Certificate, language: str) -> str:
    # The reference, not the name: file names travel in logs and download folders.
    return f"certificate-C{certificate.pk:05d}-{language}.pdf"


def render_certificates_zip(
    certificates: Iterable[Certificate], *, language: str, base_url: str
) -> bytes:
    """A zip with one PDF per certificate."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            pdf = render_certificates_pdf([certificate], language=language, base_url=base_url)
            archive.writestr(certificate_filename(certificate, language), pdf)
    return buffer.getvalue()
