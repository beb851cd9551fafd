"""The public complaint form (portal:complaint) and its done page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from nama.core.antiabuse import issue_challenge
from nama.core.reference_data import load_reference_data
from nama.intake.models import Complainant, Request
from nama.portal.complaint_forms import FILES_AGAIN
from nama.portal.complaint_views import CODE_COOKIE
from nama.testing.public import solve_pow

pytestmark = pytest.mark.django_db

URL = "/ar/report/"
DONE = "/ar/report/done/"
CODE = re.compile(r"\d{4}(?:-\d{4}){6}")


@pytest.fixture(autouse=True)
def _setup(settings: Any, db: None) -> None:
    settings.NAMA_POW_DIFFICULTY = 4
    settings.NAMA_POW_MIN_SECONDS = 0
    load_reference_data()
    cache.clear()


def form_data(**extra: Any) -> dict[str, Any]:
    challenge = issue_challenge(scope="intake.complaint")
    data: dict[str, Any] = {
        "request_type": "01",
        "governorate": "baghdad",
        "narrative": "اعتقل أخي من أمام البيت ولم نعرف مكانه",
        "incident_date": "",
        "incident_date_precision": "exact",
        "urgency": "normal",
        "identity": "anonymous",
        "name": "",
        "phone": "",
        "email": "",
        "contact_method": "none",
        "pow_challenge": challenge.token,
        "pow_solution": solve_pow(challenge.token, challenge.difficulty),
        "website": "",
    }
    data.update(extra)
    return data


def test_the_form_renders_in_arabic_right_to_left(client: Client) -> None:
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert 'name="narrative"' in html
    assert 'dir="auto"' in html
    assert 'type="file"' in html
    assert "multiple" in html
    assert 'accept=".' in html
    assert "data-quick-exit" in html
    assert re.search(r'value="01"[^>]*checked', html)
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )


def test_type_legal_preselects_legal_help(client: Client) -> None:
    html = client.get(URL + "?type=legal").content.decode()
    assert re.search(r'value="02"[^>]*checked', html)
    with translation.override("ar"):
        assert "طلب المساعدة القانونية" in html


def test_an_anonymous_submission_creates_a_request_and_redirects(client: Client) -> None:
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert response["Location"] == DONE
    assert not CODE.search(response["Location"])
    request = Request.objects.get()
    assert request.anonymous
    assert request.governorate is not None
    assert request.governorate.slug == "baghdad"
    assert not Complainant.objects.exists()
    assert not Session.objects.exists()


def test_the_done_page_shows_the_code_once(client: Client) -> None:
    response = client.post(URL, form_data())
    cookie = response.cookies[CODE_COOKIE]
    assert not CODE.search(cookie.value)
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"

    first = client.get(DONE)
    found = CODE.search(
        first.content.decode()
        .replace('<span class="visually-hidden">-</span> ', "-")
        .replace('<span class="nama-code__group">', "")
        .replace("</span>", "")
    )
    assert found
    assert "no-store" in first["Cache-Control"]

    again = client.get(DONE).content.decode()
    assert not CODE.search(again)
    assert "data-nama-code" not in again


def test_identity_fields_are_ignored_when_anonymous(client: Client) -> None:
    response = client.post(
        URL,
        form_data(name="Ahmad", phone="0770 123 4567", email="a@example.org", consent_contact="on"),
    )
    assert response.status_code == 302
    request = Request.objects.get()
    assert request.anonymous
    assert not request.consent_contact
    assert not Complainant.objects.exists()


def test_a_named_submission_keeps_the_complainant(client: Client) -> None:
    response = client.post(URL, form_data(identity="named", phone="0770 123 4567"))
    assert response.status_code == 302
    assert Complainant.objects.get().phone == "0770 123 4567"


def test_a_rejected_form_keeps_what_was_typed_and_asks_for_the_files_again(
    client: Client,
) -> None:
    photo = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 50, "image/png")
    response = client.post(
        URL, form_data(narrative="", name="kept name", attachments=photo, urgency="urgent")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert 'value="kept name"' in html
    assert re.search(r'value="urgent"[^>]*checked', html)
    assert 'aria-invalid="true"' in html
    assert "id_narrative_error" in html
    with translation.override("ar"):
        assert str(FILES_AGAIN) in html
    assert not Request.objects.exists()


def test_a_missing_governorate_choice_keeps_the_narrative(client: Client) -> None:
    response = client.post(URL, form_data(governorate="atlantis"))
    html = response.content.decode()
    assert "اعتقل أخي من أمام البيت" in html
    assert not Request.objects.exists()


def test_a_script_in_the_narrative_is_escaped(client: Client) -> None:
    response = client.post(URL, form_data(narrative="<script>alert(1)</script>", request_type=""))
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_html_file_renamed_jpg_is_refused(client: Client) -> None:
    page = SimpleUploadedFile("photo.jpg", b"<html><body>hi</body></html>", "image/jpeg")
    response = client.post(URL, form_data(attachments=page))
    html = response.content.decode()
    assert response.status_code == 200
    with translation.override("ar"):
        from nama.core.evidence.sniffing import MARKUP

        assert str(MARKUP) in html
    assert not Request.objects.exists()


def test_a_filled_honeypot_is_refused(client: Client) -> None:
    response = client.post(URL, form_data(website="http://spam.example"))
    assert response.status_code == 200
    assert 'role="alert"' in html_of(response)
    assert not Request.objects.exists()


def test_too_many_submissions_answer_429(client: Client, settings: Any) -> None:
    settings.NAMA_INTAKE_SUBMIT_LIMIT = 1
    assert client.post(URL, form_data()).status_code == 302
    response = client.post(URL, form_data(narrative="second"))
    assert response.status_code == 429
    assert "Retry-After" in response
    assert "second" in html_of(response)
    assert Request.objects.count() == 1


def test_too_many_files_are_refused(client: Client, settings: Any) -> None:
    settings.NAMA_INTAKE_MAX_FILES = 1
    files = [SimpleUploadedFile(f"{i}.txt", b"hello", "text/plain") for i in range(2)]
    response = client.post(URL, form_data(attachments=files))
    assert response.status_code == 200
    assert not Request.objects.exists()


def html_of(response: Any) -> str:
    return str(response.content.decode())
