"""The "follow my request" pages: the code, the tracking session, the thread."""

# Arabic-Indic digits in the tests are the point.

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client

from nama.core import tracking
from nama.core.reference_data import load_reference_data
from nama.intake import services
from nama.intake.models import Message, Request
from nama.portal import tracking_session
from nama.testing.personas import Personas
from nama.testing.public import submit_anonymous_request

pytestmark = pytest.mark.django_db

TRACK = "/ar/track/"
TRACK_REQUEST = "/ar/track/request/"
LEAVE = "/ar/track/leave/"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def submitted(personas: Personas) -> tuple[Request, tracking.TrackingCode]:
    load_reference_data()
    request, code = submit_anonymous_request()
    return request, code


def digits(code: tracking.TrackingCode) -> str:
    return code.display().replace("-", "")


def open_request(client: Client, code: tracking.TrackingCode) -> Any:
    return client.post(TRACK, {"code": code.display()})


def wrong_code(code: tracking.TrackingCode) -> str:
    """Same lookup part, another (well-formed) secret."""
    for n in range(10):
        candidate = code.lookup + f"{n}" * 21
        for check in range(10):
            parsed = tracking.parse(candidate + str(check))
            if parsed is not None and parsed.secret != code.secret:
                return candidate + str(check)
    raise AssertionError("no wrong code")


def unknown_code(code: tracking.TrackingCode) -> str:
    lookup = "000000" if code.lookup != "000000" else "111111"
    for check in range(10):
        if tracking.parse(lookup + "2" * 21 + str(check)) is not None:
            return lookup + "2" * 21 + str(check)
    raise AssertionError("no unknown code")


def test_the_entry_page_has_one_numeric_field(client: Client) -> None:
    response = client.get(TRACK)
    assert response.status_code == 200
    html = response.content.decode()
    field = re.search(r"<input[^>]*name=\"code\"[^>]*>", html)
    assert field is not None
    for attribute in ('inputmode="numeric"', 'autocomplete="off"', 'dir="ltr"'):
        assert attribute in field.group(0)
    assert "value=" not in field.group(0)
    assert 'method="post"' in html
    assert "data-quick-exit" in html
    assert response["Cache-Control"] == "no-store, private"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("language", ["ar", "ckb", "en"])
def test_the_entry_page_exists_in_each_language(client: Client, language: str) -> None:
    assert client.get(f"/{language}/track/").status_code == 200


def test_arabic_indic_digits_with_spaces_open_the_request(
    client: Client, submitted: tuple[Request, tracking.TrackingCode]
) -> None:
    _request, code = submitted
    typed = " ".join(code.display().split("-")).translate(ARABIC_INDIC)
    response = client.post(TRACK, {"code": typed})
    assert response.status_code == 303
    assert response["Location"] == TRACK_REQUEST
    page = client.get(TRACK_REQUEST)
    assert page.status_code == 200
    html = page.content.decode()
    assert "متابعة طلبك" in html
    assert page["Cache-Control"] == "no-store, private"
    assert page["Referrer-Policy"] == "same-origin"


def test_the_code_is_never_in_a_location_or_a_page(
    client: Client, submitted: tuple[Request, tracking.TrackingCode]
) -> None:
    _request, code = submitted
    responses = [open_request(client, code)]
    responses.append(client.get(TRACK_REQUEST))
    responses.append(client.post(TRACK_REQUEST, {"body": "معلومة"}))
    responses.append(client.get(TRACK_REQUEST + "?sent=1"))
    forms = [code.display(), digits(code), code.display(arabic_indic=True), code.secret]
    for response in responses:
        text = response.content.decode() + response.get("Location", "")
        for form in forms:
            assert form not in text
        assert code.lookup not in response.get("Location", "")
    assert code.secret not in str(dict(cache._cache))  # type: ignore[attr-defined]


def test_wrong_and_unknown_codes_get_byte_identical_pages(
    client: Client, submitted: tuple[Request, tracking.TrackingCode]
) -> None:
    _request, code = submitted
    wrong = client.post(TRACK, {"code": wrong_code(code)})
    unknown = client.post(TRACK, {"code": unknown_code(code)})
    assert wrong.status_code == unknown.status_code == 200
    assert tracking_session.COOKIE_NAME not in wrong.cookies
    assert CSRF.sub("", wrong.content.decode()) == CSRF.sub("", unknown.content.decode())
    assert "لم نجد طلبًا بهذا الرمز." in wrong.content.decode()
    assert wrong_code(code) not in wrong.content.decode()


def test_a_malformed_code_says_check_the_digits_and_costs_nothing(
    client: Client, settings: Any, submitted: tuple[Request, tracking.TrackingCode]
) -> None:
    settings.NAMA_INTAKE_TRACK_CLIENT_LIMIT = 2
    _request, code = submitted
    typo = digits(code)[:-1] + str((int(digits(code)[-1]) + 1) % 10)
    for _attempt in range(5):
        response = client.post(TRACK, {"code": typo})
        assert response.status_code == 400
        assert "تحقّق من الأرقام" in response.content.decode()
        assert typo not in response.content.decode()
    assert open_request(client, code).status_code == 303


def test_repeated_wrong_codes_are_throttled_with_a_translated_page(
    client: Client, settings: Any, submitted: tuple[Request, tracking.TrackingCode]
) -> None:
    settings.NAMA_INTAKE_TRACK_CLIENT_LIMIT = 3
    _request, code = submitted
    for _attempt in range(3):
        assert client.post(TRACK, {"code": wrong_code(code)}).status_code == 200
    response = client.post(TRACK, {"code": wrong_code(code)})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    html = response.content.decode()
    assert 'lang="ar"' in html
    assert "data-quick-exit" in html
    # Even the right code waits now.
    assert open_request(client, code).status_code == 429


def test_the_tracking_cookie_is_its_own_strict_httponly_cookie(
    client: Client, submitted: tuple[Request, tracking.TrackingCode]
) -> None:
    _request, code = submitted
    response = open_request(client, code)
    cookie = response.cookies[tracking_session.COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert not cookie["max-age"]
    assert not cookie["expires"]
    assert tracking_session.COOKIE_NAME != django_settings.SESSION_COOKIE_NAME
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies
    assert len(cookie.value) >= 40
    assert code.secret not in cookie.value


def test_the_cookie_is_secure_when_sessions_are(
    client: Client, settings: Any, submitted: tuple[Request, tracking.TrackingCode]
) -> None:
    settings.SESSION_COOKIE_SECURE = True
    _request, code = submitted
    assert open_request(client, code).cookies[tracking_session.COOKIE_NAME]["secure"]


def test_without_a_session_the_request_page_sends_back_to_the_code(client: Client) -> None:
    response = client.get(TRACK_REQUEST)
    assert response.status_code == 303
    assert response["Location"] == TRACK + "?ended=1"
    page = client.get(response["Location"]).content.decode()
    assert 'class="alert alert-info" role="status"' in page


def test_a_forged_cookie_opens_nothing(client: Client) -> None:
    client.cookies[tracking_session.COOKIE_NAME] = "x" * 43
    assert client.get(TRACK_REQUEST).status_code == 303
    assert client.post(TRACK_REQUEST, {"body": "x"}).status_code == 303
    assert not Message.objects.exists()


def test_the_session_ends_after_fifteen_idle_minutes_and_activity_refreshes_it(
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
    submitted: tuple[Request, tracking.TrackingCode],
) -> None:
    now = [1_800_000_000.0]
    monkeypatch.setattr(tracking_session, "_clock", lambda: now[0])
    _request, code = submitted
    open_request(client, code)
    now[0] += 14 * 60
    assert client.get(TRACK_REQUEST).status_code == 200
    now[0] += 14 * 60  # 28 minutes after opening, 14 after the last activity
    assert client.get(TRACK_REQUEST).status_code == 200
    now[0] += 15 * 60 + 1
    response = client.get(TRACK_REQUEST)
    assert response.status_code == 303
    assert response["Location"] == TRACK + "?ended=1"
    now[0] -= 15 * 60  # the entry is gone: going back in time does not bring it back
    assert client.get(TRACK_REQUEST).status_code == 303


def test_the_idle_time_is_a_setting(
    client: Client,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    submitted: tuple[Request, tracking.TrackingCode],
) -> None:
    settings.NAMA_TRACK_IDLE_MINUTES = 2
    now = [1_800_000_000.0]
    monkeypatch.setattr(tracking_session, "_clock", lambda: now[0])
    open_request(client, submitted[1])
    now[0] += 2 * 60 + 1
    assert client.get(TRACK_REQUEST).status_code == 303


def test_leaving_ends_the_session(
    client: Client, submitted: tuple[Request, tracking.TrackingCode]
) -> None:
    open_request(client, submitted[1])
    token = client.cookies[tracking_session.COOKIE_NAME].value
    response = client.post(LEAVE)
    assert response.status_code == 303
    assert response["Location"] == TRACK + "?left=1"
    assert response.cookies[tracking_session.COOKIE_NAME].value == ""
    assert not [key for key in cache._cache if "nama:track:" in key]  # type: ignore[attr-defined]
    other = Client()
    other.cookies[tracking_session.COOKIE_NAME] = token
    assert other.get(TRACK_REQUEST).status_code == 303
    assert client.get(LEAVE).status_code == 405


def test_a_staff_session_does_not_open_the_tracking_pages(
    verified_client: Callable[..., Client],
    personas: Personas,
    submitted: tuple[Request, tracking.TrackingCode],
) -> None:
    staff = verified_client(personas.director)
    assert staff.get(TRACK_REQUEST).status_code == 303


def test_the_tracking_cookie_authenticates_nothing_staff(
    client: Client, submitted: tuple[Request, tracking.TrackingCode]
) -> None:
    open_request(client, submitted[1])
    assert client.get(TRACK_REQUEST).status_code == 200
    workspace = client.get("/ar/accounts/workspace/")
    assert workspace.status_code == 302
    assert "/accounts/login/" in workspace["Location"]
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_the_thread_escapes_scripts_and_hides_internal_notes(
    client: Client, personas: Personas, submitted: tuple[Request, tracking.TrackingCode]
) -> None:
    request, code = submitted
    services.message_post_by_staff(
        by=personas.director, request=request, body="<script>alert(1)</script> شكرًا"
    )
    services.note_add(by=personas.director, request=request, body="ملاحظة داخلية سرية")
    open_request(client, code)
    html = client.get(TRACK_REQUEST).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; شكرًا" in html
    assert "<script>alert(1)" not in html
    assert "ملاحظة داخلية سرية" not in html
    assert "اعتقل أخي" not in html  # the narrative is not part of the thread


def test_posting_a_message_adds_it_to_the_thread(
    client: Client, submitted: tuple[Request, tracking.TrackingCode]
) -> None:
    request, code = submitted
    open_request(client, code)
    response = client.post(TRACK_REQUEST, {"body": "لدي صورة من يوم الاعتقال"})
    assert response.status_code == 303
    assert response["Location"] == TRACK_REQUEST + "?sent=1"
    assert Message.objects.get(request=request).body == "لدي صورة من يوم الاعتقال"
    page = client.get(response["Location"]).content.decode()
    assert "لدي صورة من يوم الاعتقال" in page
    assert 'role="status"' in page


def test_an_empty_message_is_refused_with_a_translated_error(
    client: Client, submitted: tuple[Request, tracking.TrackingCode]
) -> None:
    open_request(client, submitted[1])
    response = client.post(TRACK_REQUEST, {"body": "   "})
    assert response.status_code == 400
    assert "اكتب رسالة أو أرفق ملفًا." in response.content.decode()
    assert not Message.objects.exists()


def test_a_file_can_be_attached(
    client: Client, submitted: tuple[Request, tracking.TrackingCode]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from nama.core.evidence.models import EvidenceFile
    from nama.intake.tests.conftest import png_bytes

    request, code = submitted
    open_request(client, code)
    upload = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
    response = client.post(TRACK_REQUEST, {"body": "", "attachments": [upload]})
    assert response.status_code == 303
    assert EvidenceFile.objects.of(request).count() == 1


def test_a_revoked_code_no_longer_opens_the_request(
    client: Client, personas: Personas, submitted: tuple[Request, tracking.TrackingCode]
) -> None:
    request, code = submitted
    services.tracking_code_revoke(request=request, by=personas.director, reason="هاتف مصادَر")
    response = open_request(client, code)
    assert response.status_code == 200
    assert tracking_session.COOKIE_NAME not in response.cookies


def test_revoking_the_code_ends_the_open_session(
    client: Client, personas: Personas, submitted: tuple[Request, tracking.TrackingCode]
) -> None:
    request, code = submitted
    open_request(client, code)
    assert client.get(TRACK_REQUEST).status_code == 200
    services.tracking_code_revoke_and_reissue(
        request=request, by=personas.director, reason="هاتف مصادَر"
    )
    response = client.get(TRACK_REQUEST)
    assert response.status_code == 303
    assert response["Location"] == TRACK + "?ended=1"
    assert client.post(TRACK_REQUEST, {"body": "x"}).status_code == 303
    assert not Message.objects.exists()


def test_the_code_never_reaches_a_log_line(
    client: Client,
    caplog: pytest.LogCaptureFixture,
    submitted: tuple[Request, tracking.TrackingCode],
) -> None:
    _request, code = submitted
    caplog.set_level("DEBUG")
    typo = digits(code)[:-1] + str((int(digits(code)[-1]) + 1) % 10)
    for typed in (code.display(), wrong_code(code), unknown_code(code), typo):
        client.post(TRACK, {"code": typed})
    client.get(TRACK_REQUEST)
    logged = caplog.text
    for secret in (code.secret, wrong_code(code)[6:], unknown_code(code)[6:], typo[6:]):
        assert secret not in logged
