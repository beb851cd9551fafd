"""Legal services and selectors: who reads what, assignment, notes, reminders, the intake link."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.utils import timezone, translation

from nama.core.audit import AuditEntry
from nama.core.models import Governorate, Term
from nama.intake import services as intake
from nama.intake.selectors import public_status_for_request
from nama.legal import selectors, services
from nama.legal.models import CalendarItem, CaseStatus, ItemKind, LegalCase
from nama.legal.tests.conftest import MakeCase
from nama.testing.personas import Personas
from nama.testing.public import submit_anonymous_request

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------
# Who reads what


def test_lawyer_a_cannot_read_lawyer_bs_case_or_notes(
    make_case: MakeCase, lawyers: Personas
) -> None:
    theirs = make_case("erbil", lawyer=lawyers.other_lawyer)
    services.note_add(by=lawyers.other_lawyer, case=theirs, body="ملاحظة مميزة")
    with pytest.raises(Http404):
        selectors.case_get_for_user(user=lawyers.lawyer, pk=theirs.pk)
    assert not selectors.note_list_for_case(user=lawyers.lawyer, case=theirs).exists()
    with pytest.raises(PermissionDenied):
        services.note_add(by=lawyers.lawyer, case=theirs, body="x")


def test_the_coordinator_reads_every_case_and_its_notes(
    make_case: MakeCase, lawyers: Personas
) -> None:
    case = make_case("erbil", lawyer=lawyers.other_lawyer)
    services.note_add(by=lawyers.other_lawyer, case=case, body="ملاحظة")
    assert selectors.case_get_for_user(user=lawyers.legal_coordinator, pk=case.pk) == case
    assert selectors.note_list_for_case(user=lawyers.legal_coordinator, case=case).count() == 1


def test_the_director_reads_cases_but_not_notes(make_case: MakeCase, lawyers: Personas) -> None:
    case = make_case(lawyer=lawyers.lawyer)
    services.note_add(by=lawyers.lawyer, case=case, body="ملاحظة")
    assert selectors.case_get_for_user(user=lawyers.director, pk=case.pk) == case
    assert not selectors.note_list_for_case(user=lawyers.director, case=case).exists()


def test_a_lawyer_sees_the_unassigned_cases_of_their_governorates_only(
    make_case: MakeCase, lawyers: Personas
) -> None:
    here, there = make_case("baghdad"), make_case("erbil")
    visible = set(selectors.case_list_for_user(user=lawyers.lawyer))
    assert here in visible
    assert there not in visible


@pytest.mark.parametrize("who", ["operator", "monitor_baghdad", "analyst", "outsider", "sysadmin"])
def test_other_roles_see_no_case(make_case: MakeCase, lawyers: Personas, who: str) -> None:
    make_case(lawyer=lawyers.lawyer)
    assert not selectors.case_list_for_user(user=getattr(lawyers, who)).exists()


def test_identifying_fields_are_encrypted_at_rest(make_case: MakeCase) -> None:
    case = make_case(name="عباس كريم", court_case_number="1234/جنح/2026", opposing_party="مديرية")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM legal_client")
        clients = str(cursor.fetchall())
        cursor.execute("SELECT * FROM legal_legalcase")
        cases = str(cursor.fetchall())
    assert "عباس" not in clients
    assert "1234" not in cases
    assert "مديرية" not in cases
    assert case.client.name == "عباس كريم"


# ---------------------------------------------------------------------------
# Assignment


def test_only_the_coordinator_assigns_and_transfers_are_audited(
    make_case: MakeCase, lawyers: Personas
) -> None:
    case = make_case()
    with pytest.raises(PermissionDenied):
        services.case_assign(by=lawyers.lawyer, case=case, lawyer=lawyers.lawyer)
    services.case_assign(by=lawyers.legal_coordinator, case=case, lawyer=lawyers.lawyer)
    services.case_assign(
        by=lawyers.legal_coordinator, case=case, lawyer=lawyers.other_lawyer, reason="نقل"
    )
    case.refresh_from_db()
    assert case.lawyer == lawyers.other_lawyer
    assert case.status == CaseStatus.IN_PROGRESS
    history = list(case.assignments.order_by("id"))
    assert [a.lawyer for a in history] == [lawyers.lawyer, lawyers.other_lawyer]
    assert history[0].ended_at is not None
    assert history[1].ended_at is None
    entries = AuditEntry.objects.filter(action="legal.case.assigned").order_by("id")
    assert [e.data["to"] for e in entries] == [lawyers.lawyer.pk, lawyers.other_lawyer.pk]
    assert entries[1].data["from"] == lawyers.lawyer.pk


def test_the_assigned_lawyer_gets_an_email_without_the_client(
    make_case: MakeCase, lawyers: Personas
) -> None:
    lawyers.lawyer.email = "lawyer@example.org"
    lawyers.lawyer.save()
    mail.outbox.clear()
    case = make_case(name="اسم سري", lawyer=lawyers.lawyer)
    assert len(mail.outbox) == 1
    assert case.reference in mail.outbox[0].body
    assert "اسم سري" not in mail.outbox[0].body


def test_suggestions_prefer_the_governorate_and_the_lighter_load(
    make_case: MakeCase, lawyers: Personas
) -> None:
    case = make_case("erbil")
    first = selectors.lawyer_suggestions(case=case)[0]
    assert first.user == lawyers.other_lawyer


# ---------------------------------------------------------------------------
# Status, calendar, time


def test_closing_needs_an_outcome(make_case: MakeCase, lawyers: Personas) -> None:
    case = make_case(lawyer=lawyers.lawyer)
    with pytest.raises(services.LegalError):
        services.case_set_status(by=lawyers.lawyer, case=case, status=CaseStatus.CLOSED)
    services.case_set_status(
        by=lawyers.lawyer, case=case, status=CaseStatus.CLOSED, outcome="released"
    )
    assert case.closed_on == timezone.localdate()


def test_hours_must_be_within_a_day(make_case: MakeCase, lawyers: Personas) -> None:
    case = make_case(lawyer=lawyers.lawyer)
    with pytest.raises(services.LegalError):
        services.time_add(
            by=lawyers.lawyer, case=case, worked_on=timezone.localdate(), hours=Decimal("25")
        )
    entry = services.time_add(
        by=lawyers.lawyer, case=case, worked_on=timezone.localdate(), hours=Decimal("1.5")
    )
    assert entry.hours == Decimal("1.5")


# ---------------------------------------------------------------------------
# Reminders


def _hearing(case: LegalCase, by: object, in_hours: int) -> CalendarItem:
    return services.calendar_item_add(
        by=by,
        case=case,
        kind=ItemKind.HEARING,
        title="جلسة",
        starts_at=timezone.now() + timedelta(hours=in_hours),
    )


def test_a_reminder_is_sent_once_even_when_the_job_runs_again(
    make_case: MakeCase, lawyers: Personas
) -> None:
    lawyers.lawyer.email = "lawyer@example.org"
    lawyers.lawyer.save()
    case = make_case(name="عميل سري", lawyer=lawyers.lawyer)
    soon = _hearing(case, lawyers.lawyer, in_hours=20)
    _hearing(case, lawyers.lawyer, in_hours=24 * 10)  # too far yet
    services.calendar_item_add(
        by=lawyers.lawyer,
        case=case,
        kind=ItemKind.DEADLINE,
        title="مهلة الطعن",
        due_on=timezone.localdate() + timedelta(days=1),
    )
    mail.outbox.clear()
    assert services.reminders_send_due() == 2
    # A restarted worker, or a second one, finds nothing left to send.
    assert services.reminders_send_due() == 0
    assert len(mail.outbox) == 2
    assert all(case.reference in m.body for m in mail.outbox)
    assert not any("عميل سري" in m.body for m in mail.outbox)
    soon.refresh_from_db()
    assert soon.reminder_sent_at is not None


def test_a_failed_email_is_tried_again(
    make_case: MakeCase, lawyers: Personas, settings: Any
) -> None:
    lawyers.lawyer.email = "lawyer@example.org"
    lawyers.lawyer.save()
    case = make_case(lawyer=lawyers.lawyer)
    item = _hearing(case, lawyers.lawyer, in_hours=5)
    settings.EMAIL_BACKEND = "nama.legal.tests.test_services.FailingBackend"
    with pytest.raises(OSError, match="mail server is down"):
        services.reminders_send_due()
    item.refresh_from_db()
    assert item.reminder_sent_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.reminders_send_due() == 1


class FailingBackend:
    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: object) -> int:
        raise OSError("the mail server is down")


def test_done_items_and_closed_cases_get_no_reminder(
    make_case: MakeCase, lawyers: Personas
) -> None:
    case = make_case(lawyer=lawyers.lawyer)
    item = _hearing(case, lawyers.lawyer, in_hours=3)
    services.calendar_item_done(by=lawyers.lawyer, item=item)
    other = make_case(lawyer=lawyers.lawyer)
    _hearing(other, lawyers.lawyer, in_hours=3)
    services.case_set_status(
        by=lawyers.lawyer, case=other, status=CaseStatus.CLOSED, outcome="settled"
    )
    assert services.reminders_send_due() == 0


# ---------------------------------------------------------------------------
# Calendar feed tokens


def test_a_feed_token_is_stored_as_a_hash_and_can_be_revoked(lawyers: Personas) -> None:
    token = services.calendar_token_issue(by=lawyers.lawyer, user=lawyers.lawyer)
    assert services.calendar_token_user(token=token) == lawyers.lawyer
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM legal_calendarfeedtoken")
        assert token not in str(cursor.fetchall())
    assert token not in str(list(AuditEntry.objects.values_list("data", flat=True)))
    services.calendar_token_revoke(by=lawyers.lawyer, user=lawyers.lawyer)
    assert services.calendar_token_user(token=token) is None
    with pytest.raises(PermissionDenied):
        services.calendar_token_issue(by=lawyers.other_lawyer, user=lawyers.lawyer)


# ---------------------------------------------------------------------------
# From the intake


def test_a_request_routed_to_legal_becomes_a_case_linked_both_ways(lawyers: Personas) -> None:
    request, _code = submit_anonymous_request("أحتاج محاميًا بعد استدعائي للتحقيق")
    intake.request_route(by=lawyers.operator, request=request, target="legal")
    case = LegalCase.objects.get()
    assert list(case.intake_requests.all()) == [request]
    assert list(LegalCase.objects.filter(intake_requests=request)) == [case]
    assert case.summary == request.narrative
    assert case.governorate == request.governorate
    request.refresh_from_db()
    assert request.route_handled is True
    with translation.override("en"):
        assert (
            public_status_for_request(request).text
            == "Our legal unit is choosing a lawyer for your request."
        )
        services.case_assign(by=lawyers.legal_coordinator, case=case, lawyer=lawyers.lawyer)
        assert (
            public_status_for_request(request).text
            == "A lawyer of our legal unit is working on your request."
        )
        text = public_status_for_request(request).text
    assert case.reference not in text


def test_a_request_without_a_governorate_is_not_routed_to_legal(lawyers: Personas) -> None:
    request, _code = services_request_without_governorate()
    with pytest.raises(intake.IntakeError):
        intake.request_route(by=lawyers.operator, request=request, target="legal")
    assert not LegalCase.objects.exists()


def services_request_without_governorate() -> tuple[Any, Any]:
    return intake.request_submit_public(
        data={
            "request_type": Term.objects.of("request_type").get(code="02"),
            "governorate": None,
            "narrative": "بلا محافظة",
        }
    )


def test_a_consultation_becomes_a_case(lawyers: Personas) -> None:
    consultation = services.consultation_log(
        by=lawyers.lawyer,
        data={
            "governorate": Governorate.objects.get(slug="baghdad"),
            "subject": "فصل تعسفي",
            "advice": "قدّم تظلمًا خلال ثلاثين يومًا",
            "asked_by": "ناشط",
        },
    )
    case = services.consultation_convert(
        by=lawyers.lawyer,
        consultation=consultation,
        service=Term.objects.of("legal_service").get(code="03"),
    )
    assert case.client.name == "ناشط"
    with pytest.raises(services.LegalError):
        services.consultation_convert(
            by=lawyers.lawyer,
            consultation=consultation,
            service=Term.objects.of("legal_service").get(code="03"),
        )


def test_an_account_given_the_lawyer_role_gets_a_profile(personas: Personas) -> None:
    from django.contrib.auth.models import Group

    from nama.core.roles import Role
    from nama.legal.models import LawyerProfile
    from nama.testing.factories import UserFactory

    user = UserFactory.create(username="new_lawyer", governorates=[personas.baghdad])
    assert not LawyerProfile.objects.filter(user=user).exists()
    user.groups.add(Group.objects.get_or_create(name=Role.LAWYER.value)[0])
    profile = LawyerProfile.objects.get(user=user)
    assert list(profile.governorates.all()) == [personas.baghdad]
