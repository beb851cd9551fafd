"""The public certificate check (page and API): genuine, revoked, not found with
the same shape, forgiving typing, rate limits, and the code never in a log."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from nama.network import certificate_codes
from nama.network import training_services as services
from nama.network.models import Certificate
from nama.network.tests import test_training_factories as make
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


@pytest.fixture
def sara(personas: Personas) -> Certificate:
    training, people = make.held_session(personas.training_coordinator, personas.trainer)
    services.certificates_issue(session=training, by=personas.trainer)
    return Certificate.objects.get(participant=people["sara"])


def _made_up(real: str) -> str:
    code = certificate_codes.generate()
    while code == real:
        code = certificate_codes.generate()
    return certificate_codes.display(code)


def test_the_check_page_shows_only_the_printed_name_course_and_date(sara: Certificate) -> None:
    response = Client().get(f"/en/certificates/{certificate_codes.display(sara.code)}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    text = response.content.decode()
    assert 'data-result="genuine"' in text
    assert "Sara Ahmed" in text
    assert "Basics of human-rights monitoring" in text
    assert sara.issued_at.strftime("%Y") in text
    # Nothing else about the person or the session.
    for other in ("سارة", "female", "Baghdad", "قاعة", "October"):
        assert other not in text


def test_the_arabic_page_shows_the_arabic_name(sara: Certificate) -> None:
    response = Client().get(f"/ar/certificates/{sara.code}/")
    assert "سارة أحمد" in response.content.decode()
    assert "Sara Ahmed" not in response.content.decode()


def test_a_made_up_code_says_not_found_and_nothing_else(sara: Certificate) -> None:
    response = Client().get(f"/en/certificates/{_made_up(sara.code)}/")
    assert response.status_code == 404
    text = response.content.decode()
    assert 'data-result="not-found"' in text
    assert "certificate-name" not in text
    assert "Sara" not in text
    assert response.templates[0].name == "portal/certificate_check.html"
    nonsense = Client().get("/en/certificates/%3Cscript%3E/")
    assert nonsense.status_code == 404
    assert 'data-result="not-found"' in nonsense.content.decode()
    assert "<script>" not in nonsense.content.decode()


def test_a_revoked_certificate_says_revoked(personas: Personas, sara: Certificate) -> None:
    services.certificate_revoke(
        certificate=sara, by=personas.training_coordinator, reason="a private reason"
    )
    response = Client().get(f"/en/certificates/{sara.code}/")
    text = response.content.decode()
    assert 'data-result="revoked"' in text
    assert "a private reason" not in text


def test_the_form_accepts_lower_case_spaces_dashes_and_arabic_indic_digits(
    sara: Certificate,
) -> None:
    typed = " ".join(sara.code.lower()).translate(ARABIC_INDIC).replace(" ", " - ", 2)
    response = Client().get("/ar/certificates/", {"code": typed})
    assert response.status_code == 303
    assert response["Location"] == f"/ar/certificates/{certificate_codes.display(sara.code)}/"
    assert certificate_codes.parse(sara.code.replace("0", "o").replace("1", "l")) == sara.code


def test_the_form_refuses_what_cannot_be_a_code_and_keeps_it(db: None) -> None:
    response = Client().get("/en/certificates/", {"code": "hello?"})
    assert response.status_code == 400
    assert 'value="hello?"' in response.content.decode()
    assert Client().get("/en/certificates/").status_code == 200


@override_settings(NAMA_CERTIFICATE_CHECK_LIMIT=3)
def test_lookups_are_rate_limited_across_the_page_and_the_api(sara: Certificate) -> None:
    client = Client()
    assert client.get(f"/en/certificates/{_made_up(sara.code)}/").status_code == 404
    assert client.get(f"/en/certificates/{_made_up(sara.code)}/").status_code == 404
    assert client.get(f"/api/v1/certificates/{sara.code}/").status_code == 200
    refused = client.get(f"/en/certificates/{sara.code}/")
    assert refused.status_code == 429
    assert "Sara" not in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    assert client.get(f"/api/v1/certificates/{sara.code}/").status_code == 429
    # Another client still gets through.
    other = Client(REMOTE_ADDR="192.0.2.77")
    assert other.get(f"/en/certificates/{sara.code}/").status_code == 200


@override_settings(NAMA_CERTIFICATE_CHECK_LIMIT=1)
def test_no_code_reaches_the_logs(sara: Certificate, caplog: pytest.LogCaptureFixture) -> None:
    made_up = _made_up(sara.code)
    with caplog.at_level(logging.DEBUG):
        Client().get(f"/en/certificates/{made_up}/")  # not found
        Client().get(f"/en/certificates/{sara.code}/")  # throttled
        Client().get(f"/api/v1/certificates/{made_up}/")  # throttled
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert made_up not in logged
    assert sara.code not in logged


def test_the_api_answers_like_the_page(sara: Certificate) -> None:
    client = Client()
    found = client.get(f"/api/v1/certificates/{sara.code.lower()}/", HTTP_ACCEPT_LANGUAGE="en")
    assert found.status_code == 200
    assert found.json() == {
        "found": True,
        "revoked": False,
        "name": "Sara Ahmed",
        "course": "Basics of human-rights monitoring",
        "issued_on": sara.issued_at.date().isoformat(),
        "language": "en",
    }
    missing = client.get(f"/api/v1/certificates/{_made_up(sara.code)}/", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404
    assert set(missing.json()) == set(found.json())
    assert missing.json()["name"] == ""
