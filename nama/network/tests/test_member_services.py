"""nama.network.member_services: staff edits, applications, review, invitations, person links."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404

from nama.core.audit import AuditEntry
from nama.core.models import Governorate, Term
from nama.core.ratelimit import client_key
from nama.core.reference_data import load_reference_data
from nama.core.roles import roles_of
from nama.monitoring import services as monitoring_services
from nama.network import member_services as services
from nama.network.models import Member, MemberStatus
from nama.network.tests.factories import member
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

NAME = "زينب حسين الساعدي"
EMAIL = "zainab.s@example.org"
PHONE = "07701234567"


@pytest.fixture(autouse=True)
def _reference(db: None) -> None:
    load_reference_data()
    cache.clear()


def area(code: str) -> Term:
    return Term.objects.of("right_affected").get(code=code)


def application(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "woman_defender",
        "name": NAME,
        "governorate": Governorate.objects.get(slug="erbil"),
        "email": EMAIL,
        "phone": PHONE,
        "organisation": "منظمة الأمل",
        "languages": ["ar", "ckb"],
        "skills": "توثيق، تدريب",
        "motivation": "أريد أن أدافع عن حقوق النساء",
    }
    data.update(extra)
    return data


def audit_text() -> str:
    return " ".join(f"{e.action} {e.data} {e.reason}" for e in AuditEntry.objects.order_by("pk"))


# --- The public application --------------------------------------------------


def test_an_application_is_stored_as_applied_with_consent() -> None:
    found = services.application_submit(data=application(), areas_of_work=[area("09")])
    assert found.status == MemberStatus.APPLIED
    assert found.consent_at is not None
    assert list(found.areas_of_work.values_list("code", flat=True)) == ["09"]
    entry = AuditEntry.objects.get(action="network.application.submitted")
    assert entry.actor_id is None
    assert NAME not in audit_text()
    assert EMAIL not in audit_text()


def test_an_application_needs_an_email_or_a_phone() -> None:
    with pytest.raises(ValidationError):
        services.application_submit(data=application(email="", phone=" "))
    assert not Member.objects.exists()
    assert services.application_submit(data=application(email="")).phone == PHONE


def test_applications_are_rate_limited(settings: Any) -> None:
    settings.NAMA_NETWORK_JOIN_LIMIT = 2
    key = client_key("203.0.113.9", scope=services.JOIN_SCOPE, window_seconds=3600)
    for _ in range(2):
        services.application_submit(data=application(), client_key_for_ratelimit=key)
    with pytest.raises(services.ApplicationThrottled) as caught:
        services.application_submit(data=application(), client_key_for_ratelimit=key)
    assert caught.value.retry_after > 0
    assert Member.objects.count() == 2


def test_the_database_holds_no_plaintext_name_phone_or_email() -> None:
    found = services.application_submit(data=application())
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM network_member WHERE id = %s", [found.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    for secret in (NAME, "زينب", EMAIL, "zainab", PHONE, "1234567", "أريد أن أدافع"):
        assert secret not in row


# --- Review ---------------------------------------------------------------------


def test_the_coordinator_accepts_an_application(personas: Personas) -> None:
    found = services.application_submit(data=application())
    services.application_accept(member=found, by=personas.training_coordinator)
    found.refresh_from_db()
    assert found.status == MemberStatus.ACCEPTED
    assert found.reviewed_by == personas.training_coordinator
    assert AuditEntry.objects.filter(action="network.application.accepted").exists()
    with pytest.raises(ValidationError):
        services.application_accept(member=found, by=personas.training_coordinator)


def test_declining_needs_a_reason_which_is_audited(personas: Personas) -> None:
    found = services.application_submit(data=application())
    with pytest.raises(ValidationError):
        services.application_decline(member=found, by=personas.director, reason="  ")
    services.application_decline(member=found, by=personas.director, reason="not a defender")
    found.refresh_from_db()
    assert found.status == MemberStatus.DECLINED
    assert found.review_note == "not a defender"
    entry = AuditEntry.objects.get(action="network.application.declined")
    assert entry.reason == "not a defender"


@pytest.mark.parametrize("persona", ["trainer", "editor", "analyst", "outsider", "monitor_baghdad"])
def test_others_may_not_review_or_manage(persona: str, personas: Personas) -> None:
    user = personas.get(persona)
    found = services.application_submit(data=application())
    with pytest.raises(PermissionDenied):
        services.application_accept(member=found, by=user)
    with pytest.raises(PermissionDenied):
        services.application_decline(member=found, by=user, reason="x")
    with pytest.raises(PermissionDenied):
        services.member_update(member=found, by=user, data={"skills": "x"})
    with pytest.raises(PermissionDenied):
        services.member_create(by=user, data=application())
    with pytest.raises(PermissionDenied):
        services.member_invite(member=found, by=user)
    with pytest.raises(PermissionDenied):
        services.member_leave(member=found, by=user)


# --- Staff edits ------------------------------------------------------------------


def test_staff_add_an_accepted_member(personas: Personas) -> None:
    data = application(risk_level="high", protection_notes="threatened in 2025")
    found = services.member_create(
        by=personas.training_coordinator, data=data, areas_of_work=[area("01"), area("09")]
    )
    assert found.status == MemberStatus.ACCEPTED
    assert found.risk_level == "high"
    assert found.areas_of_work.count() == 2
    assert "threatened" not in audit_text()


def test_an_update_audits_field_names_and_protection_separately(personas: Personas) -> None:
    found = member(name=NAME)
    services.member_update(
        member=found,
        by=personas.director,
        data={"name": "اسم جديد", "skills": "x", "protection_notes": "secret note"},
        areas_of_work=[area("09")],
    )
    found.refresh_from_db()
    assert found.name == "اسم جديد"
    assert found.protection_notes == "secret note"
    updated = AuditEntry.objects.get(action="network.member.updated")
    assert set(updated.data["fields"]) == {"name", "skills", "areas_of_work"}
    protection = AuditEntry.objects.get(action="network.member.protection_changed")
    assert protection.data["fields"] == ["protection_notes"]
    text = audit_text()
    assert "secret note" not in text
    assert "اسم جديد" not in text


def test_an_update_without_changes_writes_no_audit(personas: Personas) -> None:
    found = member()
    services.member_update(member=found, by=personas.director, data={"skills": found.skills})
    assert not AuditEntry.objects.filter(action__startswith="network.member").exists()


def test_leaving_switches_the_portal_account_off(personas: Personas) -> None:
    found = member(email=EMAIL)
    services.member_invite(member=found, by=personas.director, base_url="http://testserver")
    found.refresh_from_db()
    services.member_leave(member=found, by=personas.director, reason="asked to leave")
    found.refresh_from_db()
    assert found.status == MemberStatus.LEFT
    assert found.user is not None
    assert not found.user.is_active


# --- Links to monitoring persons ------------------------------------------------------


def test_the_director_links_a_member_to_a_person_they_may_read(personas: Personas) -> None:
    person = monitoring_services.person_create(
        by=personas.director, governorate=Governorate.objects.get(slug="baghdad"), data={}
    )
    found = member()
    services.member_link_person(member=found, by=personas.director, person_pk=person.pk)
    found.refresh_from_db()
    assert found.person == person
    assert AuditEntry.objects.filter(action="network.member.person_linked").exists()
    services.member_link_person(member=found, by=personas.director, person_pk=None)
    found.refresh_from_db()
    assert found.person is None


def test_the_coordinator_cannot_link_a_person_they_may_not_read(personas: Personas) -> None:
    person = monitoring_services.person_create(
        by=personas.director, governorate=Governorate.objects.get(slug="baghdad"), data={}
    )
    found = member()
    with pytest.raises(Http404):
        services.member_link_person(
            member=found, by=personas.training_coordinator, person_pk=person.pk
        )
    found.refresh_from_db()
    assert found.person is None


def test_a_linked_person_record_merged_into_another_takes_the_member_along(
    personas: Personas,
) -> None:
    from nama.monitoring import duplicates

    baghdad = Governorate.objects.get(slug="baghdad")
    kept = monitoring_services.person_create(by=personas.director, governorate=baghdad, data={})
    merged = monitoring_services.person_create(by=personas.director, governorate=baghdad, data={})
    found = member()
    services.member_link_person(member=found, by=personas.director, person_pk=merged.pk)

    merge = duplicates.person_merge(by=personas.director, source=merged, target=kept)
    found.refresh_from_db()
    assert found.person == kept

    duplicates.person_merge_undo(by=personas.director, merge=merge)
    found.refresh_from_db()
    assert found.person == merged


# --- Invitations --------------------------------------------------------------------


def test_an_invitation_creates_a_roleless_account_and_sends_a_one_time_link(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    found = member(name=NAME, email=EMAIL, languages=["en"])
    with django_capture_on_commit_callbacks(execute=True):
        services.member_invite(
            member=found, by=personas.training_coordinator, base_url="https://nama.example"
        )
    found.refresh_from_db()
    user = found.user
    assert user is not None
    assert found.invited_at is not None
    assert not user.has_usable_password()
    assert roles_of(user) == frozenset()
    assert user.email == ""
    assert user.first_name == ""
    assert user.last_name == ""
    assert "zainab" not in user.username.lower()
    assert re.fullmatch(r"member-[0-9a-f]{8}", user.username)
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert "password" in message.body  # English: the member speaks English
    assert user.username in message.body
    link = re.search(r"https://nama\.example(/en/network/invitation/\S+/)", str(message.body))
    assert link
    uidb64, token = link.group(1).rstrip("/").split("/")[-2:]
    assert services.invitation_user(uidb64, token) == user
    services.invitation_accept(user=user, password="a long new password 42")
    assert services.invitation_user(uidb64, token) is None  # once only


def test_an_invitation_is_written_in_arabic_by_default(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    found = member(email=EMAIL, languages=[])
    with django_capture_on_commit_callbacks(execute=True):
        services.member_invite(member=found, by=personas.director, base_url="http://x")
    (message,) = mail.outbox
    assert "/ar/network/invitation/" in message.body


def test_invitations_are_refused_without_email_or_before_acceptance(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        services.member_invite(member=member(email=""), by=personas.director)
    with pytest.raises(ValidationError):
        services.member_invite(
            member=member(email=EMAIL, status=MemberStatus.APPLIED), by=personas.director
        )


def test_a_member_with_a_password_is_not_invited_again(personas: Personas) -> None:
    found = member(email=EMAIL)
    services.member_invite(member=found, by=personas.director)
    found.refresh_from_db()
    assert found.user is not None
    found.user.set_password("chosen password 123")
    found.user.save()
    with pytest.raises(ValidationError):
        services.member_invite(member=found, by=personas.director)


def test_a_staff_account_never_gets_a_password_through_an_invitation_link(
    personas: Personas,
) -> None:
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    staff = personas.trainer
    staff.set_unusable_password()
    staff.save()
    token = services.invitation_token.make_token(staff)
    uidb64 = urlsafe_base64_encode(force_bytes(staff.pk))
    assert services.invitation_user(uidb64, token) is None
    assert services.invitation_user("!!", token) is None
    assert services.invitation_user(uidb64, "1-wrong") is None
