"""Trainings: attendance rule, issuing certificates (idempotent) and revoking them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nama.core.audit import AuditEntry
from nama.core.roles import Role
from nama.network import training_services as services
from nama.network.models import Certificate, SessionStatus
from nama.network.tests import test_training_factories as make
from nama.network.training_selectors import attendance_state
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db


def test_a_session_meets_every_day_from_first_to_last(personas: Personas) -> None:
    training = make.session(personas.training_coordinator)
    assert [d.date.day for d in training.days.all()] == [5, 6, 7]


def test_the_attendance_rule_counts_days_present_against_the_percentage(
    personas: Personas,
) -> None:
    training, people = make.held_session(personas.training_coordinator, personas.trainer)
    states = {s.participant.pk: s for s in attendance_state(training)}
    assert (states[people["sara"].pk].present_days, states[people["sara"].pk].met) == (3, True)
    assert (states[people["ali"].pk].percent, states[people["ali"].pk].met) == (66, True)
    assert (states[people["huda"].pk].percent, states[people["huda"].pk].met) == (33, False)


def test_issuing_gives_certificates_to_those_who_met_the_rule_and_says_why_not(
    personas: Personas,
) -> None:
    training, people = make.held_session(personas.training_coordinator, personas.trainer)
    result = services.certificates_issue(session=training, by=personas.trainer)
    assert {c.participant_id for c in result.issued} == {people["sara"].pk, people["ali"].pk}
    assert [(p.pk, "1 of 3" in why or "1 من 3" in why) for p, why in result.refused] == [
        (people["huda"].pk, True)
    ]
    sara = Certificate.objects.get(participant=people["sara"])
    assert sara.printed_name == "سارة أحمد"
    assert sara.printed_name_latin == "Sara Ahmed"
    assert len(sara.code) == 15
    entry = AuditEntry.objects.filter(action="network.certificates.issued").get()
    assert sara.code not in str(entry.data)
    assert "سارة" not in str(entry.data)


def test_issuing_twice_issues_nothing_new(personas: Personas) -> None:
    training, _people = make.held_session(personas.training_coordinator, personas.trainer)
    first = services.certificates_issue(session=training, by=personas.trainer)
    codes = set(Certificate.objects.values_list("code", flat=True))
    second = services.certificates_issue(session=training, by=personas.training_coordinator)
    assert second.issued == []
    assert {c.pk for c in second.already} == {c.pk for c in first.issued}
    assert set(Certificate.objects.values_list("code", flat=True)) == codes


def test_no_certificates_before_the_session_is_held(personas: Personas) -> None:
    training = make.session(personas.training_coordinator, trainers=[personas.trainer])
    make.participant(personas.trainer, training, "سارة")
    with pytest.raises(ValidationError):
        services.certificates_issue(session=training, by=personas.trainer)
    assert not Certificate.objects.exists()


def test_revoking_needs_a_reason_and_the_coordinator_and_is_audited(personas: Personas) -> None:
    training, people = make.held_session(personas.training_coordinator, personas.trainer)
    services.certificates_issue(session=training, by=personas.trainer)
    certificate = Certificate.objects.get(participant=people["ali"])
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(certificate=certificate, by=personas.trainer, reason="x")
    with pytest.raises(ValidationError):
        services.certificate_revoke(
            certificate=certificate, by=personas.training_coordinator, reason="  "
        )
    services.certificate_revoke(
        certificate=certificate, by=personas.training_coordinator, reason="issued by mistake"
    )
    certificate.refresh_from_db()
    assert certificate.is_revoked
    entry = AuditEntry.objects.filter(action="network.certificate.revoked").get()
    assert entry.reason == "issued by mistake"
    # A revoked certificate is not issued again.
    result = services.certificates_issue(session=training, by=personas.trainer)
    assert people["ali"].pk in [p.pk for p, _why in result.refused]


def test_only_trainers_of_the_session_and_the_coordinator_change_it(personas: Personas) -> None:
    other_trainer = personas._make("trainer_two", [Role.TRAINER], [personas.baghdad])
    training = make.session(personas.training_coordinator, trainers=[personas.trainer])
    for user in (other_trainer, personas.director, personas.editor, personas.outsider):
        with pytest.raises(PermissionDenied):
            services.participant_add(session=training, by=user, name="x")
    with pytest.raises(PermissionDenied):
        make.session(personas.trainer)
    services.session_set_status(session=training, by=personas.trainer, status=SessionStatus.DONE)


def test_scores_and_ratings_are_checked(personas: Personas) -> None:
    _training, people = make.held_session(personas.training_coordinator, personas.trainer)
    with pytest.raises(ValidationError):
        services.participant_scores(
            participant=people["sara"], by=personas.trainer, pre_score=40, post_score=101
        )
    with pytest.raises(ValidationError):
        services.participant_feedback(
            participant=people["sara"], by=personas.trainer, rating=6, comment=""
        )
    services.participant_scores(
        participant=people["sara"], by=personas.trainer, pre_score=40, post_score=85
    )
    services.participant_feedback(
        participant=people["sara"], by=personas.trainer, rating=5, comment="مفيدة جدا"
    )
    people["sara"].refresh_from_db()
    assert (people["sara"].pre_score, people["sara"].post_score, people["sara"].rating) == (
        40,
        85,
        5,
    )


def test_a_member_is_added_once_with_their_details(personas: Personas) -> None:
    from nama.network.tests.factories import member

    someone = member(name="ليلى جاسم", sex="female", organisation="منظمة")
    training = make.session(personas.training_coordinator, trainers=[personas.trainer])
    added = services.participant_add(session=training, by=personas.trainer, member=someone)
    assert (added.name, added.sex, added.organisation) == ("ليلى جاسم", "female", "منظمة")
    with pytest.raises(ValidationError):
        services.participant_add(session=training, by=personas.trainer, member=someone)


def test_only_accounts_with_the_trainer_role_train(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        make.session(personas.training_coordinator, trainers=[personas.editor])
    training = make.session(personas.training_coordinator, trainers=[personas.trainer])
    with pytest.raises(ValidationError):
        services.session_update(
            session=training, by=personas.training_coordinator, data={}, trainers=[personas.lawyer]
        )
