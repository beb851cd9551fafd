"""The public API: submitting, tracking with the code, writing to the centre."""

# Arabic-Indic digits in the tests are the point.

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from nama.core import tracking
from nama.core.evidence.models import EvidenceFile
from nama.intake.models import Complainant, Message, Request
from nama.intake.tests.conftest import png_bytes

pytestmark = pytest.mark.django_db

COMPLAINTS = "/api/v1/public/complaints/"
TRACK = "/api/v1/public/track/"
TRACK_MESSAGES = "/api/v1/public/track/messages/"
PNG = png_bytes()


def complaint(**extra: Any) -> dict[str, Any]:
    return {
        "request_type": "01",
        "governorate": "baghdad",
        "narrative": "اعتقل أخي من أمام البيت",
        **extra,
    }


def submit(client: Client, **extra: Any) -> str:
    response = client.post(COMPLAINTS, complaint(**extra), content_type="application/json")
    assert response.status_code == 201, response.content
    return str(response.json()["tracking_code"])


def test_a_json_complaint_answers_201_with_a_code(client: Client, vocabularies: None) -> None:
    response = client.post(COMPLAINTS, complaint(), content_type="application/json")
    assert response.status_code == 201
    code = response.json()["tracking_code"]
    assert tracking.parse(code) is not None
    assert response["Cache-Control"] == "no-store, private"
    assert Request.objects.get().anonymous is True


def test_a_multipart_complaint_with_attachments(client: Client, vocabularies: None) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile(f"p{n}.png", PNG, content_type="image/png") for n in range(2)]
    response = client.post(COMPLAINTS, {**complaint(), "attachments": files})
    assert response.status_code == 201, response.content
    assert EvidenceFile.objects.of(Request.objects.get()).count() == 2


def test_a_named_complaint_stores_the_complainant(client: Client, vocabularies: None) -> None:
    submit(client, anonymous=False, name="أحمد", phone="07701234567", email="a@example.org")
    request = Request.objects.get()
    assert request.anonymous is False
    assert Complainant.objects.get(request=request).phone == "07701234567"


def test_missing_fields_answer_400_with_field_errors(client: Client, vocabularies: None) -> None:
    response = client.post(
        COMPLAINTS,
        {"request_type": "99", "governorate": "atlantis"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"request_type", "governorate", "narrative"}
    assert Request.objects.count() == 0


def test_field_errors_are_translated(client: Client, vocabularies: None) -> None:
    response = client.post(
        COMPLAINTS,
        {"request_type": "01"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 400
    assert response.json()["narrative"] == ["هذا الحقل مطلوب."]


def test_anonymous_with_a_name_is_refused(client: Client, vocabularies: None) -> None:
    response = client.post(
        COMPLAINTS, complaint(anonymous=True, name="أحمد"), content_type="application/json"
    )
    assert response.status_code == 400
    assert "anonymous" in response.json()
    assert Request.objects.count() == 0


def test_named_without_identity_is_refused(client: Client, vocabularies: None) -> None:
    response = client.post(COMPLAINTS, complaint(anonymous=False), content_type="application/json")
    assert response.status_code == 400
    assert "name" in response.json()


def test_a_refused_attachment_answers_400_and_stores_nothing(
    client: Client, vocabularies: None
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [
        SimpleUploadedFile("ok.png", PNG, content_type="image/png"),
        SimpleUploadedFile("evil.jpg", b"<html><script>alert(1)</script>", "image/jpeg"),
    ]
    response = client.post(COMPLAINTS, {**complaint(), "attachments": files})
    assert response.status_code == 400
    assert "attachments" in response.json()
    assert Request.objects.count() == 0
    assert EvidenceFile.objects.count() == 0


def test_too_many_attachments_are_refused(
    client: Client, vocabularies: None, settings: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.NAMA_INTAKE_MAX_FILES = 1
    files = [SimpleUploadedFile(f"p{n}.png", PNG, content_type="image/png") for n in range(2)]
    response = client.post(COMPLAINTS, {**complaint(), "attachments": files})
    assert response.status_code == 400
    assert "attachments" in response.json()


def test_submissions_are_throttled_per_client(
    client: Client, vocabularies: None, settings: Any
) -> None:
    settings.NAMA_INTAKE_SUBMIT_LIMIT = 1
    submit(client)
    response = client.post(COMPLAINTS, complaint(), content_type="application/json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_tracking_with_arabic_indic_digits_and_spaces_works(
    client: Client, vocabularies: None
) -> None:
    code = submit(client)
    arabic = code.replace("-", " ").translate({ord("0") + i: 0x0660 + i for i in range(10)})
    response = client.post(TRACK, {"tracking_code": f" {arabic} "}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "new"
    assert body["status_text"]
    assert body["messages"] == []
    assert response["Cache-Control"] == "no-store, private"


def test_a_malformed_code_answers_400_check_the_digits(client: Client, vocabularies: None) -> None:
    response = client.post(TRACK, {"tracking_code": "12345"}, content_type="application/json")
    assert response.status_code == 400
    assert "12345" not in response.content.decode()


def test_unknown_and_wrong_codes_get_byte_identical_answers(
    client: Client, vocabularies: None
) -> None:
    code = tracking.parse(submit(client))
    assert code is not None
    wrong = tracking.TrackingCode(lookup=code.lookup, secret="0" * 21).display()
    unknown_lookup = "000000" if code.lookup != "000000" else "111111"
    unknown = tracking.TrackingCode(lookup=unknown_lookup, secret=code.secret).display()
    answers = [
        client.post(TRACK, {"tracking_code": c}, content_type="application/json")
        for c in (wrong, unknown)
    ]
    assert answers[0].status_code == answers[1].status_code == 404
    assert answers[0].content == answers[1].content
    assert sorted(answers[0].items()) == sorted(answers[1].items())


def test_a_thousand_wrong_codes_through_the_api_are_throttled(
    client: Client, vocabularies: None, settings: Any
) -> None:
    settings.NAMA_INTAKE_TRACK_CLIENT_LIMIT = 5
    statuses = []
    for n in range(1000):
        guess = tracking.TrackingCode(lookup=f"{n:06d}", secret="1" * 21).display()
        response = client.post(TRACK, {"tracking_code": guess}, content_type="application/json")
        statuses.append(response.status_code)
    assert statuses[:5] == [404] * 5
    assert set(statuses[5:]) == {429}


def test_the_complainant_writes_and_reads_the_reply(
    client: Client, vocabularies: None, personas: Any
) -> None:
    from nama.intake.services import message_post_by_staff

    code = submit(client)
    response = client.post(
        TRACK_MESSAGES,
        {"tracking_code": code, "body": "معلومة إضافية"},
        content_type="application/json",
    )
    assert response.status_code == 201
    message_post_by_staff(by=personas.operator, request=Request.objects.get(), body="شكراً")
    body = client.post(TRACK, {"tracking_code": code}, content_type="application/json").json()
    assert [(m["from_centre"], m["body"]) for m in body["messages"]] == [
        (False, "معلومة إضافية"),
        (True, "شكراً"),
    ]
    assert "operator" not in str(body)


def test_a_message_with_a_wrong_code_is_not_stored(client: Client, vocabularies: None) -> None:
    code = tracking.parse(submit(client))
    assert code is not None
    wrong = tracking.TrackingCode(lookup=code.lookup, secret="0" * 21).display()
    response = client.post(
        TRACK_MESSAGES, {"tracking_code": wrong, "body": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert Message.objects.count() == 0


def test_a_script_narrative_comes_back_as_json_data(client: Client, vocabularies: None) -> None:
    code = submit(client)
    script = "<script>alert('x')</script>"
    client.post(
        TRACK_MESSAGES, {"tracking_code": code, "body": script}, content_type="application/json"
    )
    response = client.post(TRACK, {"tracking_code": code}, content_type="application/json")
    assert response["Content-Type"] == "application/json"
    assert response.json()["messages"][0]["body"] == script
