"""The hotline operator's call screen: looking a caller up, logging a new request, adding a call."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from nama.accounts.models import User
from nama.core import ratelimit, tracking
from nama.core.audit import AuditEntry
from nama.intake import services
from nama.intake.forms import MAX_CALL_SECONDS, call_started_at, call_started_token
from nama.intake.hotline_services import request_create_from_call, request_find_by_tracking_code
from nama.intake.models import CallLog, Complainant, Request, TrackingCode
from nama.testing.fixtures import login_client
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

CALL = "/en/intake/call/"
FIND = "/en/intake/call/find/"
CODE_PANEL = "Read this tracking code to the caller now"
NO_REQUEST = "No request you can open matches this tracking code."
TOO_MANY = "Too many tracking codes were tried."

ClientFor = Callable[[User], Client]
MakeRequest = Callable[..., Request]


def add_url(request: Request) -> str:
    return f"/en/intake/call/requests/{request.pk}/"


def page(request: Request) -> str:
    return f"/en/intake/requests/{request.pk}/"


def text(response: Any) -> str:
    return response.content.decode()


@contextmanager
def at(moment: datetime) -> Iterator[None]:
    """``timezone.now()`` answers ``moment`` (time_machine is not installed)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def started(seconds_ago: int = 0) -> str:
    """The signed time stamp the call screen puts in its forms, ``seconds_ago`` old."""
    with at(timezone.now() - timedelta(seconds=seconds_ago)):
        return call_started_token()


def new_call(**fields: str) -> dict[str, str]:
    """The new-call form as an operator fills it: an anonymous violation in Baghdad."""
    data = {
        "started": started(),
        "request_type": "01",
        "narrative": "اتصل ليقول إن أخاه اعتقل",
        "governorate": "baghdad",
        "incident_date": "",
        "incident_date_precision": "exact",
        "urgency": "normal",
        "anonymous": "on",
        "contact_method": "none",
        "issue_code": "on",
        "summary": "first call",
        "duration_minutes": "",
        **fields,
    }
    return {f"new-{key}": value for key, value in data.items() if value is not None}


def comparable(response: Any) -> str:
    """The page without the tokens that change on every answer."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "CSRF", text(response))
    return re.sub(r'(name="(?:[a-z0-9-]*started)" value=")[^"]*"', r"\1STARTED", body)


def track_key(n: int) -> str:
    return ratelimit.client_key(f"198.51.100.{n}", scope="intake.track", window_seconds=3600)


def code_forms(code: tracking.TrackingCode) -> list[str]:
    return [code.digits, code.display(), code.display(arabic_indic=True), code.secret]


def shown_code(response: Any) -> tracking.ParsedCode | None:
    match = re.search(r'id="staff-code"[^>]*>(.*?)</p>', text(response), re.S)
    if match is None:
        return None
    return tracking.parse(re.sub(r"<[^>]+>", "", match.group(1)))


# ---------------------------------------------------------------------------
# Access


def test_anonymous_visitors_are_sent_to_the_login_page(
    client: Client, make_request: MakeRequest
) -> None:
    request = make_request("baghdad")
    for response in (
        client.get(CALL),
        client.post(CALL, new_call()),
        client.post(FIND, {"find-phone": "07701234567"}),
        client.post(add_url(request), {f"call{request.pk}-summary": "x"}),
    ):
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert Request.objects.count() == 1
    assert not CallLog.objects.exists()


@pytest.mark.parametrize(
    "name", ["outsider", "analyst", "lawyer", "sysadmin", "legal_coordinator", "monitor_erbil"]
)
def test_only_operators_and_the_director_use_the_call_screen(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor, name: str
) -> None:
    request = make_request(None)
    client = verified_client(personas.get(name))
    assert client.get(CALL).status_code == 404
    assert client.post(CALL, new_call()).status_code == 404
    assert client.post(FIND, {"find-phone": "07701234567"}).status_code == 404
    assert client.post(add_url(request), {f"call{request.pk}-summary": "x"}).status_code == 404
    assert Request.objects.count() == 1
    assert not CallLog.objects.exists()


def test_the_call_screen_needs_the_csrf_token(personas: Personas, vocabularies: None) -> None:
    client = login_client(personas.operator, verified=True, client=Client(enforce_csrf_checks=True))
    assert client.post(CALL, new_call()).status_code == 403
    assert client.post(FIND, {"find-phone": "07701234567"}).status_code == 403
    assert not Request.objects.exists()


def test_the_director_may_use_the_call_screen(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    assert verified_client(personas.director).get(CALL).status_code == 200


# ---------------------------------------------------------------------------
# The screen


def test_the_screen_opens_with_the_cursor_in_the_phone_field(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    response = verified_client(personas.operator).get(CALL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = text(response)
    phone = re.search(r'<input[^>]*name="find-phone"[^>]*>', body)
    assert phone is not None
    assert "autofocus" in phone.group(0)
    assert len(re.findall(r"\bautofocus\b", body)) == 1


def test_the_screen_carries_a_signed_start_time(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    body = text(verified_client(personas.operator).get(CALL))
    match = re.search(r'name="new-started" value="([^"]+)"', body)
    assert match is not None
    timing = call_started_at(match.group(1))
    assert timing is not None
    # The lookup form carries the same start, so a lookup does not restart the clock.
    assert f'name="started" value="{match.group(1)}"' in body


# ---------------------------------------------------------------------------
# A new request from a call


def test_a_new_anonymous_call_creates_the_request_and_its_call(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    response = verified_client(personas.operator).post(CALL, new_call(duration_minutes="6"))
    request = Request.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page(request)
    assert request.anonymous is True
    assert request.created_at is None
    assert request.channel.code == services.CHANNEL_HOTLINE
    assert request.created_by == personas.operator
    assert request.governorate is not None
    assert request.governorate.slug == "baghdad"
    assert not Complainant.objects.exists()
    call = CallLog.objects.get()
    assert call.request == request
    assert call.operator == personas.operator
    assert call.duration_seconds == 6 * 60
    assert call.summary == "first call"
    assert AuditEntry.objects.filter(action="intake.request.created").count() == 1
    assert AuditEntry.objects.filter(action="intake.call.logged").count() == 1


def test_an_empty_duration_counts_from_when_the_screen_opened(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    opened = timezone.now().replace(microsecond=0) - timedelta(minutes=5)
    with at(opened):
        token = call_started_token()
    verified_client(personas.operator).post(CALL, new_call(started=token))
    call = CallLog.objects.get()
    assert call.started_at == opened
    # Five minutes, plus the time this test took to get here.
    assert 300 <= call.duration_seconds <= 330


@pytest.mark.parametrize(
    "token",
    [
        None,
        "",
        "1700000000",
        "1700000000:forged-signature",
        "not a time stamp at all",
    ],
)
def test_a_missing_or_tampered_start_with_no_duration_gives_0(
    personas: Personas, verified_client: ClientFor, vocabularies: None, token: str | None
) -> None:
    data = new_call()
    if token is None:
        del data["new-started"]
    else:
        data["new-started"] = token
    response = verified_client(personas.operator).post(CALL, data)
    assert response.status_code == 302
    assert CallLog.objects.get().duration_seconds == 0


def test_a_start_older_than_the_longest_call_gives_0(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    token = started(seconds_ago=MAX_CALL_SECONDS + 60)
    verified_client(personas.operator).post(CALL, new_call(started=token))
    assert CallLog.objects.get().duration_seconds == 0


def test_a_start_in_the_future_gives_0(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    token = started(seconds_ago=-3600)
    verified_client(personas.operator).post(CALL, new_call(started=token))
    assert CallLog.objects.get().duration_seconds == 0


def test_a_typed_duration_wins_over_the_start(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    token = started(seconds_ago=600)
    verified_client(personas.operator).post(CALL, new_call(started=token, duration_minutes="2"))
    assert CallLog.objects.get().duration_seconds == 120


def test_the_new_code_is_shown_once_on_the_request_page(
    personas: Personas,
    verified_client: ClientFor,
    vocabularies: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    client = verified_client(personas.operator)
    response = client.post(CALL, new_call())
    assert response.status_code == 302
    request = Request.objects.get()
    first = client.get(response["Location"])
    code = shown_code(first)
    assert code is not None
    assert CODE_PANEL in text(first)
    assert f"Request {request.reference} was created and the call logged." in text(first)
    check = services.tracking_check(typed=code.display(), client_key=track_key(1))
    assert check.request == request
    second = client.get(page(request))
    assert CODE_PANEL not in text(second)
    for form in code_forms(code):
        assert form not in text(second)
        assert form not in response["Location"]
        assert form not in str(response.cookies)
    audit = "\n".join(f"{e.data} {e.reason}" for e in AuditEntry.objects.all())
    assert all(form not in audit for form in code_forms(code))
    assert all(form not in caplog.text for form in code_forms(code))


def test_without_issue_code_no_code_is_made_or_shown(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    client = verified_client(personas.operator)
    response = client.post(CALL, new_call(issue_code=""))
    assert response.status_code == 302
    assert not TrackingCode.objects.exists()
    body = text(client.get(response["Location"]))
    assert CODE_PANEL not in body
    assert "0 codes work" in body


def test_a_name_typed_while_anonymous_is_ticked_is_refused_and_kept(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    response = verified_client(personas.operator).post(
        CALL, new_call(name="حسين علي", phone="07701234567", summary="kept summary")
    )
    assert response.status_code == 400
    body = text(response)
    assert "The caller is marked anonymous but you typed a name or contact." in body
    assert 'value="حسين علي"' in body
    assert 'value="07701234567"' in body
    assert "اتصل ليقول إن أخاه اعتقل" in body
    assert "kept summary" in body
    assert not Request.objects.exists()
    assert not CallLog.objects.exists()


def test_a_new_call_without_a_narrative_is_refused_and_keeps_the_rest(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    response = verified_client(personas.operator).post(
        CALL, new_call(narrative="", summary="summary to keep")
    )
    assert response.status_code == 400
    assert "summary to keep" in text(response)
    assert not Request.objects.exists()


def test_a_contact_method_without_consent_is_refused(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    response = verified_client(personas.operator).post(
        CALL, new_call(anonymous="", name="حسين", contact_method="phone")
    )
    assert response.status_code == 400
    assert "Choose how to contact the caller only if they agreed." in text(response)
    assert not Request.objects.exists()


def test_a_named_call_stores_the_caller_encrypted_and_findable(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    response = verified_client(personas.operator).post(
        CALL,
        new_call(
            anonymous="",
            name="حسين علي الكعبي",
            phone="07701234567",
            email="hussein@example.org",
            consent_contact="on",
            contact_method="phone",
        ),
    )
    assert response.status_code == 302
    request = Request.objects.get()
    assert request.anonymous is False
    assert request.consent_contact is True
    complainant = Complainant.objects.get(request=request)
    assert complainant.name == "حسين علي الكعبي"
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Complainant._meta.db_table)
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
        raw = " ".join(str(value) for row in cursor.fetchall() for value in row)
    for value in ("حسين", "07701234567", "7701234567", "hussein@"):
        assert value not in raw
    found = services.request_find_by_contact(by=personas.operator, phone="+964 770 123 4567")
    assert list(found) == [request]
    created = AuditEntry.objects.get(action="intake.request.created")
    assert created.data["identity_fields"] == ["email", "name", "phone"]
    assert "حسين" not in str(created.data)


def test_an_operator_logging_a_call_about_another_governorate_does_not_lose_the_code(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    client = verified_client(personas.operator)
    response = client.post(CALL, new_call(governorate="erbil"))
    if response.status_code == 302:
        follow = client.get(response["Location"])
        assert follow.status_code == 200
        assert shown_code(follow) is not None
    else:
        # Refusing the governorate, with the form kept, is just as good.
        assert response.status_code == 400
        assert not Request.objects.exists()


def test_a_new_call_with_an_unknown_governorate_stays_with_the_operator(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    client = verified_client(personas.operator)
    response = client.post(CALL, new_call(governorate=""))
    request = Request.objects.get()
    assert request.governorate is None
    assert shown_code(client.get(response["Location"])) is not None


# ---------------------------------------------------------------------------
# Looking a caller up


def named(make_request: MakeRequest, governorate: str = "baghdad", **extra: Any) -> Request:
    return make_request(governorate, anonymous=False, name="سارة", **extra)


def test_a_phone_typed_differently_finds_the_request(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = named(make_request, phone="07701234567")
    other = named(make_request, phone="07809998877")
    response = verified_client(personas.operator).post(
        FIND, {"find-phone": "+964 770 123 4567", "started": started()}
    )
    assert response.status_code == 200
    body = text(response)
    assert "1 request found" in body
    assert request.reference in body
    assert other.reference not in body
    assert f'action="{add_url(request)}"' in body
    assert f'name="call{request.pk}-summary"' in body
    # The phone typed stays in the lookup field (the operator may search again).
    assert 'value="+964 770 123 4567"' in body
    [entry] = AuditEntry.objects.filter(action="intake.complainant.searched")
    assert entry.data == {"fields": ["phone"], "count": 1}


def test_an_e_mail_finds_the_request(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = named(make_request, email="Sara@Example.org")
    response = verified_client(personas.operator).post(FIND, {"find-email": "sara@example.org"})
    assert request.reference in text(response)


def test_the_phone_of_an_erbil_request_finds_nothing_for_a_baghdad_operator(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    erbil = named(make_request, "erbil", phone="07701234567")
    response = verified_client(personas.operator).post(FIND, {"find-phone": "07701234567"})
    body = text(response)
    assert erbil.reference not in body
    assert "No earlier request found. Log a new one below." in body


def test_a_tracking_code_with_arabic_digits_and_spaces_finds_the_request(
    submit: Callable[..., Any], personas: Personas, verified_client: ClientFor
) -> None:
    request, code = submit("baghdad")
    typed = code.display(arabic_indic=True).replace("-", " ")
    response = verified_client(personas.operator).post(FIND, {"find-tracking_code": typed})
    assert response.status_code == 200
    body = text(response)
    assert request.reference in body
    assert NO_REQUEST not in body
    for form in [typed, *code_forms(code)]:
        assert form not in body
    [entry] = AuditEntry.objects.filter(action="intake.tracking_code.checked_by_staff")
    assert entry.data == {"outcome": "found", "request": request.pk}
    assert entry.actor_id == personas.operator.pk


def test_a_wrong_code_and_an_erbil_code_give_the_same_answer(
    submit: Callable[..., Any], personas: Personas, verified_client: ClientFor
) -> None:
    erbil, erbil_code = submit("erbil")
    wrong = tracking.generate()
    client = verified_client(personas.operator)
    hidden = client.post(FIND, {"find-tracking_code": erbil_code.display()})
    unknown = client.post(FIND, {"find-tracking_code": wrong.display()})
    assert hidden.status_code == unknown.status_code == 200
    assert NO_REQUEST in text(hidden)
    assert erbil.reference not in text(hidden)
    assert comparable(hidden) == comparable(unknown)
    outcomes = [
        e.data for e in AuditEntry.objects.filter(action="intake.tracking_code.checked_by_staff")
    ]
    assert outcomes == [{"outcome": "not_found", "request": None}] * 2


def test_the_typed_code_is_not_echoed_back(
    submit: Callable[..., Any], personas: Personas, verified_client: ClientFor
) -> None:
    _request, code = submit("erbil")
    body = text(
        verified_client(personas.operator).post(FIND, {"find-tracking_code": code.display()})
    )
    for form in code_forms(code):
        assert form not in body


def test_the_typed_code_is_not_echoed_back_when_another_field_is_invalid(
    submit: Callable[..., Any], personas: Personas, verified_client: ClientFor
) -> None:
    _request, code = submit("baghdad")
    response = verified_client(personas.operator).post(
        FIND, {"find-email": "not an e-mail", "find-tracking_code": code.display()}
    )
    assert response.status_code == 400
    for form in code_forms(code):
        assert form not in text(response)


def test_a_malformed_code_is_answered_at_once_and_not_audited(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    response = verified_client(personas.operator).post(FIND, {"find-tracking_code": "1234-56"})
    assert response.status_code == 200
    assert "This is not a complete tracking code." in text(response)
    assert not AuditEntry.objects.filter(action="intake.tracking_code.checked_by_staff").exists()


def test_an_empty_lookup_is_refused(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    response = verified_client(personas.operator).post(FIND, {"find-phone": "  "})
    assert response.status_code == 400
    assert "Type a phone number, an e-mail or a tracking code." in text(response)


def test_a_lookup_keeps_the_start_of_the_call(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    token = started(seconds_ago=120)
    body = text(
        verified_client(personas.operator).post(
            FIND, {"find-phone": "07701234567", "started": token}
        )
    )
    assert f'name="new-started" value="{token}"' in body


def test_too_many_code_lookups_are_throttled_per_staff_member(
    submit: Callable[..., Any],
    personas: Personas,
    verified_client: ClientFor,
    settings: Any,
) -> None:
    settings.NAMA_INTAKE_TRACK_CLIENT_LIMIT = 2
    request, code = submit("baghdad")
    operator = verified_client(personas.operator)
    for _ in range(2):
        response = operator.post(FIND, {"find-tracking_code": tracking.generate().display()})
        assert NO_REQUEST in text(response)
    throttled = operator.post(FIND, {"find-tracking_code": code.display()})
    assert TOO_MANY in text(throttled)
    assert request.reference not in text(throttled)
    # Another staff member has their own count.
    director = verified_client(personas.director)
    assert request.reference in text(director.post(FIND, {"find-tracking_code": code.display()}))


def test_a_throttled_operator_can_still_search_by_phone(
    make_request: MakeRequest,
    personas: Personas,
    verified_client: ClientFor,
    settings: Any,
) -> None:
    settings.NAMA_INTAKE_TRACK_CLIENT_LIMIT = 1
    request = named(make_request, phone="07701234567")
    client = verified_client(personas.operator)
    for _ in range(2):
        client.post(FIND, {"find-tracking_code": tracking.generate().display()})
    response = client.post(FIND, {"find-phone": "07701234567"})
    assert request.reference in text(response)


# ---------------------------------------------------------------------------
# Adding a call to an existing request


def test_a_call_is_added_to_the_chosen_request(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    other = make_request("baghdad")
    prefix = f"call{request.pk}"
    response = verified_client(personas.operator).post(
        add_url(request),
        {
            f"{prefix}-started": started(),
            f"{prefix}-duration_minutes": "4",
            f"{prefix}-summary": "s",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == page(request)
    call = CallLog.objects.get()
    assert call.request == request
    assert call.operator == personas.operator
    assert call.duration_seconds == 240
    assert call.summary == "s"
    assert not CallLog.objects.filter(request=other).exists()
    assert AuditEntry.objects.filter(
        action="intake.call.logged", target_id=str(request.pk)
    ).exists()


def test_adding_a_call_to_an_erbil_request_is_404_for_a_baghdad_operator(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    erbil = make_request("erbil")
    response = verified_client(personas.operator).post(
        add_url(erbil), {f"call{erbil.pk}-duration_minutes": "1"}
    )
    assert response.status_code == 404
    assert not CallLog.objects.exists()


@pytest.mark.parametrize("minutes", ["-1", "abc", "100000"])
def test_an_invalid_added_call_answers_400_and_keeps_the_summary(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor, minutes: str
) -> None:
    request = make_request("baghdad")
    prefix = f"call{request.pk}"
    response = verified_client(personas.operator).post(
        add_url(request),
        {f"{prefix}-duration_minutes": minutes, f"{prefix}-summary": "summary to keep"},
    )
    assert response.status_code == 400
    body = text(response)
    assert "summary to keep" in body
    assert request.reference in body
    assert not CallLog.objects.exists()


def test_adding_a_call_answers_only_post(
    make_request: MakeRequest, personas: Personas, verified_client: ClientFor
) -> None:
    request = make_request("baghdad")
    assert verified_client(personas.operator).get(add_url(request)).status_code == 405


# ---------------------------------------------------------------------------
# hotline_services


def test_request_create_from_call_keeps_nothing_if_the_call_fails(
    personas: Personas, violation: Any
) -> None:
    with pytest.raises(services.IntakeError):
        request_create_from_call(
            by=personas.operator,
            data={"request_type": violation, "governorate": None, "narrative": "x"},
            started_at=None,
            duration_seconds=-1,
        )
    assert not Request.objects.exists()
    assert not TrackingCode.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="intake.").exists()


def test_request_create_from_call_returns_the_plain_code_once(
    personas: Personas, violation: Any
) -> None:
    request, code = request_create_from_call(
        by=personas.operator,
        data={"request_type": violation, "governorate": None, "narrative": "x"},
        started_at=None,
        duration_seconds=30,
        summary="s",
    )
    assert code is not None
    assert services.tracking_lookup(typed=code.display(), client_key=track_key(2)) == request
    assert CallLog.objects.get().duration_seconds == 30


def test_find_by_tracking_code_answers_not_found_outside_the_scope(
    submit: Callable[..., Any], personas: Personas
) -> None:
    erbil, code = submit("erbil")
    result = request_find_by_tracking_code(by=personas.operator, typed=code.display())
    assert result.outcome is services.LookupOutcome.NOT_FOUND
    assert result.request is None
    found = request_find_by_tracking_code(by=personas.director, typed=code.display())
    assert found.request == erbil


def test_find_by_tracking_code_follows_a_merge(
    submit: Callable[..., Any], personas: Personas
) -> None:
    source, code = submit("baghdad")
    target, _code = submit("baghdad")
    services.request_merge(by=personas.operator, source=source, target=target)
    result = request_find_by_tracking_code(by=personas.operator, typed=code.display())
    assert result.request == target


def test_the_code_of_a_call_about_another_governorate_is_read_out_once_on_the_done_page(
    personas: Personas, verified_client: ClientFor, vocabularies: None
) -> None:
    client = verified_client(personas.operator)
    response = client.post(CALL, new_call(governorate="erbil"))
    assert response["Location"] == "/en/intake/call/done/"
    request = Request.objects.get()
    done = client.get(response["Location"])
    code = shown_code(done)
    assert code is not None
    assert services.tracking_lookup(typed=code.display(), client_key="0" * 32) == request
    assert request.reference in text(done)
    assert shown_code(client.get(response["Location"])) is None
    assert client.get(f"/en/intake/requests/{request.pk}/").status_code == 404
