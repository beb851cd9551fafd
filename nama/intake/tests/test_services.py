"""The intake services: submitting, codes, the thread, triage, merging, searching."""

# Arabic-Indic digits in the tests are the point.
# ruff: noqa: RUF001

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection

from nama.core import ratelimit
from nama.core.audit import AuditEntry
from nama.core.evidence.models import EvidenceFile
from nama.core.evidence.services import make_file
from nama.core.models import Governorate
from nama.intake import services
from nama.intake.models import (
    CallLog,
    Complainant,
    InternalNote,
    Message,
    Request,
    RequestStatus,
    TrackingCode,
)
from nama.intake.selectors import public_status_for_request
from nama.intake.tests.conftest import png_bytes
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

PNG = png_bytes()


def key(n: int = 0) -> str:
    return ratelimit.client_key(f"198.51.100.{n}", scope="intake.track", window_seconds=3600)


def test_a_public_submission_gets_a_reference_and_a_working_code(
    submit: Callable[..., Any],
) -> None:
    request, code = submit()
    assert request.reference == f"R-{request.received_on.year}-{request.pk:06d}"
    assert request.channel.code == services.CHANNEL_WEB_FORM
    assert request.status == RequestStatus.NEW
    found = services.tracking_lookup(typed=code.display(), client_key=key())
    assert found == request


def test_an_anonymous_submission_keeps_no_identity_no_time_and_no_audit_entry(
    submit: Callable[..., Any],
) -> None:
    before = AuditEntry.objects.count()
    request, _code = submit(anonymous=True, name="أحمد", phone="07701234567")
    assert request.anonymous is True
    assert request.created_at is None
    assert not Complainant.objects.filter(request=request).exists()
    assert AuditEntry.objects.count() == before
    assert TrackingCode.objects.get(request=request).created_on == request.received_on


def test_a_named_submission_encrypts_the_identity(submit: Callable[..., Any]) -> None:
    request, _code = submit(anonymous=False, name="أحمد الجبوري", phone="0770 123 4567")
    assert request.created_at is not None
    complainant = Complainant.objects.get(request=request)
    assert complainant.name == "أحمد الجبوري"
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone FROM intake_complainant")
        name, phone = cursor.fetchone()
    assert "أحمد" not in name
    assert "0770" not in phone


def test_without_identity_a_submission_is_anonymous_by_default(
    submit: Callable[..., Any],
) -> None:
    request, _code = submit()
    assert request.anonymous is True


def test_a_failure_on_the_second_attachment_leaves_no_request_and_no_blob(
    submit: Callable[..., Any],
) -> None:
    from nama.core.evidence.storage import list_blobs

    files = [make_file(PNG, "photo.png"), make_file(b"<html><script>x</script>", "b.jpg")]
    with pytest.raises(services.IntakeError.__mro__[1]):  # ValidationError
        submit(files=files)
    assert Request.objects.count() == 0
    assert TrackingCode.objects.count() == 0
    assert EvidenceFile.objects.count() == 0
    assert list(list_blobs()) == []


def test_attachments_become_evidence_of_the_request(submit: Callable[..., Any]) -> None:
    request, _code = submit(files=[make_file(PNG, "photo.png")])
    assert EvidenceFile.objects.of(request).count() == 1


def test_a_submission_is_throttled_per_client(
    submit: Callable[..., Any], settings: Any, violation: Any
) -> None:
    settings.NAMA_INTAKE_SUBMIT_LIMIT = 2
    client = ratelimit.client_key("203.0.113.9", scope="intake.submit")
    data = {"request_type": violation, "governorate": None, "narrative": "x"}
    services.request_submit_public(data=data, client_key_for_ratelimit=client)
    services.request_submit_public(data=data, client_key_for_ratelimit=client)
    with pytest.raises(services.SubmissionThrottled):
        services.request_submit_public(data=data, client_key_for_ratelimit=client)
    assert Request.objects.count() == 2


def test_a_malformed_code_is_invalid_and_costs_no_attempt(submit: Callable[..., Any]) -> None:
    result = services.tracking_check(typed="1234", client_key=key())
    assert result.outcome == services.LookupOutcome.INVALID


def test_an_unknown_code_and_a_wrong_secret_give_the_same_outcome(
    submit: Callable[..., Any],
) -> None:
    from nama.core import tracking

    _request, code = submit()
    wrong_secret = tracking.TrackingCode(lookup=code.lookup, secret="0" * 21)
    other_lookup = "000000" if code.lookup != "000000" else "111111"
    unknown = tracking.TrackingCode(lookup=other_lookup, secret=code.secret)
    for typed in (wrong_secret.display(), unknown.display()):
        result = services.tracking_check(typed=typed, client_key=key())
        assert result == services.LookupResult(services.LookupOutcome.NOT_FOUND)


def test_a_thousand_wrong_codes_are_throttled(submit: Callable[..., Any], settings: Any) -> None:
    from nama.core import tracking

    _request, code = submit()
    outcomes = set()
    throttled = 0
    for n in range(1000):
        guess = tracking.TrackingCode(lookup=f"{n:06d}", secret="1" * 21)
        result = services.tracking_check(typed=guess.display(), client_key=key(1))
        outcomes.add(result.outcome)
        throttled += result.outcome == services.LookupOutcome.THROTTLED
    assert throttled == 980  # 20 an hour per client
    # The owner, from another connection, still gets in.
    assert services.tracking_lookup(typed=code.display(), client_key=key(2)) is not None


def test_many_clients_guessing_one_lookup_part_are_throttled(submit: Callable[..., Any]) -> None:
    from nama.core import tracking

    _request, code = submit()
    guess = tracking.TrackingCode(lookup=code.lookup, secret="2" * 21)
    results = [
        services.tracking_check(typed=guess.display(), client_key=key(n)).outcome for n in range(12)
    ]
    assert results.count(services.LookupOutcome.THROTTLED) == 2
    # The lookup part is now blocked for the window, even with the right secret.
    assert services.tracking_lookup(typed=code.display(), client_key=key(99)) is None


def test_revoking_makes_the_old_code_fail_and_the_new_one_work(
    submit: Callable[..., Any], personas: Personas
) -> None:
    request, old = submit()
    new = services.tracking_code_revoke_and_reissue(
        request=request, by=personas.operator, reason="phone seized"
    )
    assert services.tracking_lookup(typed=old.display(), client_key=key(3)) is None
    assert services.tracking_lookup(typed=new.display(), client_key=key(4)) == request
    entries = AuditEntry.objects.filter(action__startswith="intake.tracking_code")
    assert {e.action for e in entries} == {
        "intake.tracking_code.revoked",
        "intake.tracking_code.issued",
    }


def test_issuing_retries_on_a_lookup_collision(
    submit: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from nama.core import tracking

    request, code = submit()
    real = tracking.generate
    calls = []

    def colliding(**kwargs: Any) -> tracking.TrackingCode:
        calls.append(1)
        if len(calls) == 1:  # ignores is_taken: the database must refuse it
            return tracking.TrackingCode(lookup=code.lookup, secret="3" * 21)
        return real(**kwargs)

    monkeypatch.setattr(tracking, "generate", colliding)
    second = services.tracking_code_issue(request=request)
    assert second.lookup != code.lookup
    assert len(calls) == 2


def test_the_thread_shows_messages_but_never_internal_notes(
    submit: Callable[..., Any], personas: Personas
) -> None:
    request, _code = submit()
    services.message_post_by_complainant(request=request, body="هل من جديد؟")
    services.message_post_by_staff(by=personas.operator, request=request, body="نعم، نتابع")
    services.note_add(by=personas.operator, request=request, body="internal only")
    status = public_status_for_request(request)
    assert [m.body for m in status.messages] == ["هل من جديد؟", "نعم، نتابع"]
    assert [m.from_centre for m in status.messages] == [False, True]
    assert "internal only" not in repr(status)


def test_complainant_messages_on_anonymous_requests_carry_only_the_day(
    submit: Callable[..., Any],
) -> None:
    request, _code = submit(anonymous=True)
    message = services.message_post_by_complainant(request=request, body="x")
    from datetime import time

    from django.utils import timezone

    assert timezone.localtime(message.created_at).time() == time.min


def test_assignment_emails_the_assignee_without_narrative_identity_or_code(
    submit: Callable[..., Any], personas: Personas
) -> None:
    request, code = submit(anonymous=False, name="أحمد الجبوري", phone="07701234567")
    services.request_assign(by=personas.director, request=request, assignee=personas.operator)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [personas.operator.email]
    text = f"{email.subject}\n{email.body}"
    assert request.reference in text
    assert "اعتقل" not in text
    assert "أحمد" not in text
    assert "0770" not in text
    assert code.lookup not in text
    assert code.secret not in text


def test_an_operator_of_another_governorate_cannot_be_assigned(
    make_request: Callable[..., Request], personas: Personas
) -> None:
    from nama.testing.factories import UserFactory

    erbil_operator = UserFactory.create(roles=["hotline_operator"], governorates=[personas.erbil])
    request = make_request("baghdad")
    with pytest.raises(services.IntakeError):
        services.request_assign(by=personas.director, request=request, assignee=erbil_operator)
    with pytest.raises(services.IntakeError):
        services.request_assign(by=personas.director, request=request, assignee=personas.lawyer)


def test_routing_records_the_decision_and_waits_without_a_handler(
    make_request: Callable[..., Request], personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(services.ROUTE_HANDLERS, "legal", [])
    request = make_request()
    services.request_route(
        by=personas.operator, request=request, target="legal", note="needs a lawyer"
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.ROUTED_LEGAL
    assert request.route_target == "legal"
    assert request.route_handled is False
    assert request.routed_by == personas.operator


def test_a_registered_route_handler_is_called(
    make_request: Callable[..., Request], personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(services.ROUTE_HANDLERS, "monitoring", [])
    seen: list[int] = []
    services.register_route_handler("monitoring", lambda request, by: seen.append(request.pk))
    request = make_request()
    services.request_route(by=personas.operator, request=request, target="monitoring")
    request.refresh_from_db()
    assert seen == [request.pk]
    assert request.route_handled is True


def test_closing_needs_a_reason(make_request: Callable[..., Request], personas: Personas) -> None:
    request = make_request()
    with pytest.raises(services.IntakeError):
        services.request_close(by=personas.operator, request=request, reason=" ")
    services.request_close(by=personas.operator, request=request, reason="resolved")
    assert request.status == RequestStatus.CLOSED
    with pytest.raises(services.IntakeError):
        services.request_triage(by=personas.operator, request=request)


def test_merging_moves_the_thread_files_and_codes(
    submit: Callable[..., Any], personas: Personas
) -> None:
    source, code = submit(files=[make_file(PNG, "photo.png")])
    target, target_code = submit()
    services.message_post_by_complainant(request=source, body="first")
    services.note_add(by=personas.operator, request=source, body="note")
    services.call_log_add(by=personas.operator, request=source, duration_seconds=60, summary="s")
    services.request_merge(by=personas.operator, source=source, target=target)
    source.refresh_from_db()
    assert source.status == RequestStatus.CLOSED
    assert source.merged_into == target
    assert Message.objects.get().request == target
    assert InternalNote.objects.get().request == target
    assert CallLog.objects.get().request == target
    assert EvidenceFile.objects.of(target).count() == 1
    assert services.tracking_lookup(typed=code.display(), client_key=key(5)) == target
    assert services.tracking_lookup(typed=target_code.display(), client_key=key(6)) == target
    assert [m.body for m in public_status_for_request(target).messages] == ["first"]


def test_a_request_cannot_be_merged_into_itself(
    make_request: Callable[..., Request], personas: Personas
) -> None:
    request = make_request()
    with pytest.raises(services.IntakeError):
        services.request_merge(by=personas.operator, source=request, target=request)


def test_finding_by_phone_matches_any_way_of_typing_it_within_scope(
    make_request: Callable[..., Request], personas: Personas
) -> None:
    baghdad = make_request("baghdad", anonymous=False, phone="07701234567")
    make_request("erbil", anonymous=False, phone="07701234567")
    found = services.request_find_by_contact(by=personas.operator, phone="+964 ٧٧٠ ١٢٣ ٤٥٦٧")
    assert list(found) == [baghdad]
    entry = AuditEntry.objects.filter(action="intake.complainant.searched").last()
    assert entry is not None
    assert entry.data == {"fields": ["phone"], "count": 1}
    assert list(services.request_find_by_contact(by=personas.lawyer, phone="07701234567")) == []
    assert services.request_find_by_contact(by=personas.director, phone="").count() == 0


def test_finding_by_email(make_request: Callable[..., Request], personas: Personas) -> None:
    request = make_request(anonymous=False, email="Someone@Example.org ")
    found = services.request_find_by_contact(by=personas.director, email="someone@example.org")
    assert list(found) == [request]


def test_only_the_director_and_the_assigned_operator_may_reveal_the_identity(
    make_request: Callable[..., Request], personas: Personas
) -> None:
    request = make_request(anonymous=False, name="أحمد", phone="07701234567")
    with pytest.raises(PermissionDenied):
        services.complainant_reveal(by=personas.operator, request=request, reason="call back")
    services.request_assign(by=personas.director, request=request, assignee=personas.operator)
    complainant = services.complainant_reveal(
        by=personas.operator, request=request, reason="call back"
    )
    assert complainant is not None
    assert complainant.name == "أحمد"
    assert services.complainant_reveal(by=personas.director, request=request, reason="review")
    for name in ("lawyer", "analyst", "sysadmin", "outsider"):
        with pytest.raises(PermissionDenied):
            services.complainant_reveal(by=personas.get(name), request=request, reason="x")
    entry = AuditEntry.objects.filter(action="intake.complainant.revealed").last()
    assert entry is not None
    assert entry.data["fields"] == ["name", "phone"]
    assert entry.reason == "review"


def test_the_language_is_guessed_from_the_letters() -> None:
    assert services.guess_language("اعتقل أخي") == "ar"
    assert services.guess_language("برای ئەوەی") == "ckb"
    assert services.guess_language("My brother was arrested") == "en"
    assert services.guess_language("123") == "other"


def test_an_incident_date_without_precision_is_exact(
    make_request: Callable[..., Request],
) -> None:
    import datetime

    request = make_request(incident_date=datetime.date(2025, 3, 1))
    assert request.incident_date_precision == "exact"
    assert make_request().incident_date_precision == "unknown"


def test_a_request_without_governorate_is_allowed(
    make_request: Callable[..., Request],
) -> None:
    assert make_request(None).governorate is None
    assert Governorate.objects.filter(slug="baghdad").exists()
