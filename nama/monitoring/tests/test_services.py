"""The monitoring services: documenting in one go, counting, verification, persons,
consent and the audit trail (which never holds a name or a description)."""

# Arabic letters and Arabic-Indic digits in the tests are the point.
# ruff: noqa: RUF001

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from nama.core.audit import AuditEntry
from nama.core.evidence.models import EvidenceFile
from nama.core.evidence.services import make_file
from nama.core.fields import blind_index_filter
from nama.core.models import Governorate, Term
from nama.monitoring import selectors, services
from nama.monitoring.models import (
    Act,
    Consent,
    Event,
    Information,
    Involvement,
    Person,
    VerificationComment,
    VerificationState,
)
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

TermGetter = Callable[[str, str], Term]
MakeEvent = Callable[..., Event]


def verified(
    event: Event, personas: Personas, term: TermGetter, status: str = "01", by: Any = None
) -> Event:
    """Submit ``event`` as its author and verify it as the director (or ``by``)."""
    services.event_submit(by=event.created_by, event=event)
    return services.event_verify(
        by=by or personas.director, event=event, violation_status=term("violation_status", status)
    )


def baghdad() -> Governorate:
    return Governorate.objects.get(slug="baghdad")


# ---------------------------------------------------------------------------
# Counting


def test_three_victims_of_two_act_types_are_six_acts(make_event: MakeEvent) -> None:
    event = make_event(victims=3, act_types=("0401", "0301"))
    assert event.acts.count() == 6
    assert Person.objects.count() == 3
    pairs = set(event.acts.values_list("victim_id", "act_type__code"))
    assert len(pairs) == 6
    assert {code for _victim, code in pairs} == {"0401", "0301"}
    assert event.verification == VerificationState.DRAFT
    assert re.fullmatch(rf"E-{timezone.localdate().year}-{event.pk:06d}", event.reference)


@pytest.mark.parametrize(
    ("minimum", "expected"),
    [
        ("01", {"01"}),
        ("02", {"01", "02"}),
        ("03", {"01", "02", "03"}),
        ("04", {"01", "02", "03", "04"}),
    ],
)
def test_counted_acts_are_verified_unmerged_at_or_above_the_status(
    make_event: MakeEvent,
    personas: Personas,
    term: TermGetter,
    minimum: str,
    expected: set[str],
) -> None:
    by_status = {}
    for status in ("01", "02", "03", "04"):
        event = make_event(victims=2, act_types=("0401",), title=f"status {status}")
        by_status[status] = verified(event, personas, term, status)
    # Not counted: a draft, a submitted event, a verified event merged into another.
    make_event(victims=2, act_types=("0401",), title="draft")
    submitted = make_event(victims=2, act_types=("0401",), title="submitted")
    services.event_submit(by=submitted.created_by, event=submitted)
    merged = verified(make_event(victims=2, act_types=("0401",)), personas, term, "01")
    Event.objects.filter(pk=merged.pk).update(merged_into=by_status["01"])

    counted = selectors.act_list_counted(minimum_status=minimum)
    assert counted.count() == 2 * len(expected)
    assert set(counted.values_list("event__violation_status__code", flat=True)) == expected
    assert set(counted.values_list("event_id", flat=True)) == {by_status[s].pk for s in expected}


def test_counted_acts_by_default_are_confirmed_and_likely(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    for status in ("01", "02", "03"):
        verified(make_event(victims=1, act_types=("0401", "0301")), personas, term, status)
    assert selectors.act_list_counted().count() == 4


def test_an_event_returned_after_verification_stops_counting(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    event = verified(make_event(victims=2), personas, term, "01")
    assert selectors.act_list_counted().count() == 2
    services.event_return(by=personas.director, event=event, comment="Check the second victim.")
    assert selectors.act_list_counted().count() == 0


# ---------------------------------------------------------------------------
# Documenting in one go


def test_documenting_creates_victims_perpetrators_and_sources(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    event = make_event(
        victims=2,
        act_types=("0401", "0301"),
        perpetrators=[
            services.PerpetratorInput(perpetrator_type=term("perpetrator_type", "0101")),
            services.PerpetratorInput(
                who=services.PersonInput(data={"name": "ضابط مجهول"}), acts=[0]
            ),
        ],
        sources=[
            services.SourceInput(
                who=services.PersonInput(data={"name": "شاهد عيان"}),
                connection=term("source_connection", "01"),
                summary="رأيت الاعتقال",
            )
        ],
        rights_affected=[term("right_affected", "01")],
    )
    assert Person.objects.count() == 4  # two victims, a perpetrator, a source
    assert set(Person.objects.values_list("governorate__slug", flat=True)) == {"baghdad"}
    # The type of perpetrator is involved in every act, the person only in the first.
    assert Involvement.objects.filter(act__event=event, perpetrator_type__code="0101").count() == 4
    named = Involvement.objects.filter(act__event=event, perpetrator__isnull=False)
    assert list(named.values_list("act_id", flat=True)) == [event.acts.first().pk]  # type: ignore[union-attr]
    info = Information.objects.get(event=event)
    assert info.summary == "رأيت الاعتقال"
    assert list(event.rights_affected.values_list("code", flat=True)) == ["01"]


def test_an_existing_person_is_linked_not_copied(make_event: MakeEvent, personas: Personas) -> None:
    person = services.person_create(
        by=personas.monitor_baghdad, governorate=baghdad(), data={"name": "سلمى"}
    )
    event = make_event(victims=[person], act_types=("0401",))
    assert Person.objects.count() == 1
    assert event.acts.get().victim == person


def test_an_act_pointing_at_a_missing_victim_leaves_nothing(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    audit_before = AuditEntry.objects.count()
    with pytest.raises(services.MonitoringError) as caught:
        services.event_document(
            by=personas.monitor_baghdad,
            data={"title": "t", "governorate": baghdad()},
            victims=[services.PersonInput(data={"name": "أحمد"})],
            acts=[
                services.ActInput(victim=0, act_type=term("act_type", "0401")),
                services.ActInput(victim=1, act_type=term("act_type", "0401")),
            ],
        )
    assert caught.value.code == "victim"
    assert Event.objects.count() == 0
    assert Person.objects.count() == 0
    assert Act.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before


def test_a_negative_victim_index_is_refused(personas: Personas, term: TermGetter) -> None:
    with pytest.raises(services.MonitoringError):
        services.event_document(
            by=personas.monitor_baghdad,
            data={"title": "t", "governorate": baghdad()},
            victims=[services.PersonInput(data={"name": "أحمد"})],
            acts=[services.ActInput(victim=-1, act_type=term("act_type", "0401"))],
        )
    assert Event.objects.count() == Person.objects.count() == 0


def test_a_perpetrator_with_neither_person_nor_type_leaves_nothing(
    personas: Personas, term: TermGetter
) -> None:
    with pytest.raises(services.MonitoringError) as caught:
        services.event_document(
            by=personas.monitor_baghdad,
            data={"title": "t", "governorate": baghdad()},
            victims=[services.PersonInput(data={"name": "أحمد"})],
            acts=[services.ActInput(victim=0, act_type=term("act_type", "0401"))],
            perpetrators=[services.PerpetratorInput()],
        )
    assert caught.value.code == "perpetrator"
    assert Event.objects.count() == Person.objects.count() == Act.objects.count() == 0


def test_an_event_needs_a_governorate(personas: Personas, vocabularies: None) -> None:
    with pytest.raises(services.MonitoringError) as caught:
        services.event_document(by=personas.monitor_baghdad, data={"title": "t"})
    assert caught.value.code == "governorate"
    assert Event.objects.count() == 0


@pytest.mark.parametrize(
    ("precision", "stored"),
    [
        ("exact", date(2025, 5, 17)),
        ("month", date(2025, 5, 1)),
        ("year", date(2025, 1, 1)),
    ],
)
def test_dates_are_stored_to_their_precision(
    make_event: MakeEvent, precision: str, stored: date
) -> None:
    event = make_event(
        start_date=date(2025, 5, 17),
        start_precision=precision,
        end_date=date(2025, 6, 20),
        end_precision=precision,
    )
    assert (event.start_date, event.start_precision) == (stored, precision)
    assert (
        event.end_date
        == {
            "exact": date(2025, 6, 20),
            "month": date(2025, 6, 1),
            "year": date(2025, 1, 1),
        }[precision]
    )


def test_a_date_without_precision_is_exact_and_a_precision_without_date_unknown(
    make_event: MakeEvent,
) -> None:
    event = make_event(start_date=date(2025, 5, 17), end_precision="month")
    assert (event.start_date, event.start_precision) == (date(2025, 5, 17), "exact")
    assert (event.end_date, event.end_precision) == (None, "unknown")
    undated = make_event()
    assert (undated.start_date, undated.start_precision) == (None, "unknown")


def test_an_end_before_the_start_is_refused(make_event: MakeEvent) -> None:
    with pytest.raises(services.MonitoringError) as caught:
        make_event(start_date=date(2025, 5, 17), end_date=date(2025, 5, 16))
    assert caught.value.code == "dates"
    assert Event.objects.count() == Person.objects.count() == 0


def test_an_end_in_the_same_month_as_a_month_start_is_accepted(make_event: MakeEvent) -> None:
    """May 2025 (stored as the 1st) to the 10th of May: not "before the start"."""
    event = make_event(
        start_date=date(2025, 5, 20), start_precision="month", end_date=date(2025, 5, 10)
    )
    assert (event.start_date, event.end_date) == (date(2025, 5, 1), date(2025, 5, 10))


def test_an_update_with_an_end_before_the_start_is_refused(make_event: MakeEvent) -> None:
    event = make_event(start_date=date(2025, 5, 17))
    with pytest.raises(services.MonitoringError) as caught:
        services.event_update(by=event.created_by, event=event, data={"end_date": date(2025, 5, 1)})
    assert caught.value.code == "dates"
    event.refresh_from_db()
    assert event.end_date is None


def test_an_update_normalises_dates_and_audits_field_names(make_event: MakeEvent) -> None:
    event = make_event()
    services.event_update(
        by=event.created_by,
        event=event,
        data={"start_date": date(2025, 3, 9), "start_precision": "year", "place": "ساحة التحرير"},
    )
    event.refresh_from_db()
    assert (event.start_date, event.start_precision) == (date(2025, 1, 1), "year")
    entry = AuditEntry.objects.filter(action="monitoring.event.updated").get()
    assert entry.data["fields"] == ["place", "start_date", "start_precision"]


def test_a_duplicate_act_in_one_document_is_ignored(personas: Personas, term: TermGetter) -> None:
    arrest = term("act_type", "0401")
    event = services.event_document(
        by=personas.monitor_baghdad,
        data={"title": "t", "governorate": baghdad()},
        victims=[services.PersonInput(data={"name": "أحمد"})],
        acts=[services.ActInput(victim=0, act_type=arrest)] * 2
        + [services.ActInput(victim=0, act_type=term("act_type", "0301"))],
    )
    assert event.acts.count() == 2
    assert AuditEntry.objects.get(action="monitoring.event.documented").data["acts"] == 2


def test_a_duplicate_act_is_refused_by_act_add(make_event: MakeEvent, term: TermGetter) -> None:
    event = make_event(victims=1, act_types=("0401",))
    victim = event.acts.get().victim
    with pytest.raises(services.MonitoringError) as caught:
        services.act_add(
            by=event.created_by,
            event=event,
            victim=victim,
            given=services.ActInput(victim=0, act_type=term("act_type", "0401")),
        )
    assert caught.value.code == "duplicate_act"
    assert event.acts.count() == 1
    # Another type for the same victim is a new act.
    services.act_add(
        by=event.created_by,
        event=event,
        victim=victim,
        given=services.ActInput(
            victim=0,
            act_type=term("act_type", "0301"),
            date=date(2025, 4, 30),
            date_precision="month",
        ),
    )
    added = event.acts.get(act_type__code="0301")
    assert (added.date, added.date_precision) == (date(2025, 4, 1), "month")


def test_act_remove_takes_the_involvements_with_it(make_event: MakeEvent, term: TermGetter) -> None:
    event = make_event(
        victims=1,
        perpetrators=[services.PerpetratorInput(perpetrator_type=term("perpetrator_type", "01"))],
    )
    act = event.acts.get()
    services.act_remove(by=event.created_by, act=act)
    assert event.acts.count() == 0
    assert Involvement.objects.count() == 0
    assert Person.objects.count() == 1  # the victim stays


def test_involvement_needs_a_person_or_a_type(make_event: MakeEvent, term: TermGetter) -> None:
    event = make_event()
    act = event.acts.get()
    with pytest.raises(services.MonitoringError) as caught:
        services.involvement_add(by=event.created_by, act=act)
    assert caught.value.code == "perpetrator"
    services.involvement_add(
        by=event.created_by, act=act, perpetrator_type=term("perpetrator_type", "0102")
    )
    assert act.involvements.count() == 1


def test_information_and_intervention_need_a_subject(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    source = services.person_create(by=personas.monitor_baghdad, governorate=baghdad(), data={})
    with pytest.raises(services.MonitoringError) as caught:
        services.information_add(by=personas.monitor_baghdad, source=source)
    assert caught.value.code == "about"
    with pytest.raises(services.MonitoringError) as caught:
        services.intervention_add(
            by=personas.monitor_baghdad, intervention_type=term("intervention_type", "01")
        )
    assert caught.value.code == "about"
    event = make_event()
    intervention = services.intervention_add(
        by=personas.monitor_baghdad, intervention_type=term("intervention_type", "01"), event=event
    )
    assert intervention.by_user == personas.monitor_baghdad
    by_party = services.intervention_add(
        by=personas.monitor_baghdad,
        intervention_type=term("intervention_type", "01"),
        event=event,
        by_party=source,
    )
    assert by_party.by_user is None


# ---------------------------------------------------------------------------
# Verification


def test_submitting_needs_an_act(make_event: MakeEvent) -> None:
    event = make_event(victims=0)
    with pytest.raises(services.MonitoringError) as caught:
        services.event_submit(by=event.created_by, event=event)
    assert caught.value.code == "no_acts"
    event.refresh_from_db()
    assert event.verification == VerificationState.DRAFT
    assert event.submitted_at is None


def test_the_author_cannot_verify(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    event = make_event()
    services.event_submit(by=event.created_by, event=event, comment=" please check ")
    with pytest.raises(services.MonitoringError) as caught:
        services.event_verify(
            by=personas.monitor_baghdad,
            event=event,
            violation_status=term("violation_status", "01"),
        )
    assert caught.value.code == "author"
    event.refresh_from_db()
    assert event.verification == VerificationState.SUBMITTED
    assert event.verified_by is None
    assert event.violation_status is None


def test_the_director_as_author_cannot_verify_either(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    event = make_event(by=personas.director)
    services.event_submit(by=personas.director, event=event)
    with pytest.raises(services.MonitoringError) as caught:
        services.event_verify(
            by=personas.director, event=event, violation_status=term("violation_status", "01")
        )
    assert caught.value.code == "author"


def test_another_monitor_verifies_and_sets_the_status(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    event = make_event()
    services.event_submit(by=event.created_by, event=event, comment=" please check ")
    assert event.submitted_at is not None
    services.event_verify(
        by=personas.monitor_erbil,
        event=event,
        violation_status=term("violation_status", "02"),
        comment="Two sources agree.",
    )
    event.refresh_from_db()
    assert event.verification == VerificationState.VERIFIED
    assert event.is_verified
    assert event.verified_by == personas.monitor_erbil
    assert event.verified_at is not None
    assert event.violation_status is not None
    assert event.violation_status.code == "02"
    steps = list(event.comments.values_list("kind", "author__username", "body"))
    assert steps == [
        (VerificationComment.Kind.SUBMITTED, "monitor_baghdad", "please check"),
        (VerificationComment.Kind.VERIFIED, "monitor_erbil", "Two sources agree."),
    ]


def test_verify_needs_a_violation_status_term(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    event = make_event()
    services.event_submit(by=event.created_by, event=event)
    with pytest.raises(services.MonitoringError) as caught:
        services.event_verify(
            by=personas.director, event=event, violation_status=term("act_type", "01")
        )
    assert caught.value.code == "status"
    event.refresh_from_db()
    assert event.verification == VerificationState.SUBMITTED


def test_only_a_submitted_event_can_be_verified(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    event = make_event()
    with pytest.raises(services.MonitoringError) as caught:
        services.event_verify(
            by=personas.director, event=event, violation_status=term("violation_status", "01")
        )
    assert caught.value.code == "not_submitted"
    verified(event, personas, term)
    with pytest.raises(services.MonitoringError) as caught:
        services.event_verify(
            by=personas.monitor_erbil, event=event, violation_status=term("violation_status", "03")
        )
    assert caught.value.code == "not_submitted"


@pytest.mark.parametrize("comment", ["", "   \n"])
def test_returning_needs_a_comment(make_event: MakeEvent, personas: Personas, comment: str) -> None:
    event = make_event()
    services.event_submit(by=event.created_by, event=event)
    with pytest.raises(services.MonitoringError) as caught:
        services.event_return(by=personas.director, event=event, comment=comment)
    assert caught.value.code == "empty"
    event.refresh_from_db()
    assert event.verification == VerificationState.SUBMITTED


def test_returning_goes_back_to_draft(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    event = verified(make_event(), personas, term)
    services.event_return(by=personas.director, event=event, comment="Wrong governorate.")
    event.refresh_from_db()
    assert event.verification == VerificationState.DRAFT
    assert event.verified_by is None
    assert event.verified_at is None
    last = event.comments.last()
    assert last is not None
    assert (last.kind, last.body) == (VerificationComment.Kind.RETURNED, "Wrong governorate.")
    entry = AuditEntry.objects.get(action="monitoring.event.returned")
    assert entry.data == {"event": event.pk, "from": "verified"}
    # Editable again, and can go round again.
    services.event_update(by=event.created_by, event=event, data={"place": "الكرادة"})
    services.event_submit(by=event.created_by, event=event)
    services.event_return(by=personas.director, event=event, comment="x")
    with pytest.raises(services.MonitoringError) as caught:
        services.event_return(by=personas.director, event=event, comment="x")
    assert caught.value.code == "draft"


@pytest.mark.parametrize("state", ["submitted", "verified"])
def test_only_drafts_can_be_changed(
    make_event: MakeEvent, personas: Personas, term: TermGetter, state: str
) -> None:
    event = make_event(victims=2)
    if state == "submitted":
        services.event_submit(by=event.created_by, event=event)
    else:
        verified(event, personas, term)
    act = event.acts.first()
    assert act is not None
    attempts: list[Callable[[], Any]] = [
        lambda: services.event_update(by=event.created_by, event=event, data={"title": "new"}),
        lambda: services.act_add(
            by=event.created_by,
            event=event,
            victim=act.victim,
            given=services.ActInput(victim=0, act_type=term("act_type", "0301")),
        ),
        lambda: services.act_remove(by=event.created_by, act=act),
        lambda: services.involvement_add(
            by=event.created_by, act=act, perpetrator_type=term("perpetrator_type", "01")
        ),
        lambda: services.event_submit(by=event.created_by, event=event),
    ]
    for attempt in attempts:
        with pytest.raises(services.MonitoringError) as caught:
            attempt()
        assert caught.value.code == "not_draft"
    event.refresh_from_db()
    assert event.title == "Arrest of protesters"
    assert event.acts.count() == 2
    assert Involvement.objects.count() == 0


def test_the_database_refuses_verification_by_the_author(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    event = make_event()
    status = term("violation_status", "01")
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(
            verification=VerificationState.VERIFIED,
            verified_by=event.created_by,
            verified_at=timezone.now(),
            violation_status=status,
        )
    # The same by someone else passes: it was the author the database refused.
    Event.objects.filter(pk=event.pk).update(
        verification=VerificationState.VERIFIED,
        verified_by=personas.director,
        verified_at=timezone.now(),
        violation_status=status,
    )


def test_the_database_refuses_a_verified_event_without_verifier(make_event: MakeEvent) -> None:
    event = make_event()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(verification=VerificationState.VERIFIED)


def test_a_comment_needs_words(make_event: MakeEvent, personas: Personas) -> None:
    event = make_event()
    with pytest.raises(services.MonitoringError) as caught:
        services.comment_add(by=personas.director, event=event, body="  ")
    assert caught.value.code == "empty"
    comment = services.comment_add(by=personas.director, event=event, body=" Who saw it? ")
    assert (comment.kind, comment.body) == (VerificationComment.Kind.COMMENT, "Who saw it?")


# ---------------------------------------------------------------------------
# Persons


def test_a_pseudonym_is_unique_and_stable(personas: Personas, vocabularies: None) -> None:
    year = timezone.localdate().year
    first = services.person_create(
        by=personas.monitor_baghdad, governorate=baghdad(), data={"name": "علي حسن"}
    )
    second = services.person_create(by=personas.monitor_baghdad, governorate=baghdad(), data={})
    for person in (first, second):
        assert re.fullmatch(rf"P-{year}-\d{{5}}", person.pseudonym)
        assert person.pseudonym == f"P-{year}-{person.pk:05d}"
    assert first.pseudonym != second.pseudonym
    assert str(first) == first.pseudonym
    before = first.pseudonym
    services.person_update(
        by=personas.monitor_baghdad,
        person=first,
        data={"name": "علي حسن كاظم", "phone": "07701234567"},
    )
    first.refresh_from_db()
    assert first.pseudonym == before


def test_the_database_refuses_a_repeated_pseudonym(personas: Personas, vocabularies: None) -> None:
    first = services.person_create(by=personas.monitor_baghdad, governorate=baghdad(), data={})
    second = services.person_create(by=personas.monitor_baghdad, governorate=baghdad(), data={})
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=second.pk).update(pseudonym=first.pseudonym)


IDENTITY = {
    "name": "فاطمة عبد الرزاق",
    "name_latin": "Fatima Abdulrazzaq",
    "aliases": "أم حسين",
    "phone": "0770 123 4567",
    "email": "fatima.witness@example.org",
    "id_number": "199012345678",
    "address": "حي الجهاد، شارع ٦٠",
    "notes": "تخاف من الانتقام",
}


def raw_row(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608 - fixed names
        row = cursor.fetchone()
    assert row is not None
    return " ".join(str(value) for value in row)


def test_identifying_fields_are_encrypted_at_rest(personas: Personas, vocabularies: None) -> None:
    person = services.person_create(
        by=personas.monitor_baghdad, governorate=baghdad(), data=dict(IDENTITY)
    )
    raw = raw_row("monitoring_person", person.pk)
    assert person.pseudonym in raw  # the row is the right one
    for value in IDENTITY.values():
        assert value not in raw
    for fragment in ("فاطمة", "Fatima", "1234567", "12345678", "fatima.witness"):
        assert fragment not in raw
    # Read back through the ORM, they are whole again.
    again = Person.objects.get(pk=person.pk)
    assert {key: getattr(again, key) for key in IDENTITY} == IDENTITY


def test_event_description_and_source_summary_are_encrypted_at_rest(
    make_event: MakeEvent,
) -> None:
    event = make_event(
        description="اعتقلوا سعد من بيته في الدورة",
        sources=[
            services.SourceInput(
                who=services.PersonInput(data={"name": "جار"}), summary="شاهدت سيارة بيضاء"
            )
        ],
    )
    assert "سعد" not in raw_row("monitoring_event", event.pk)
    info = Information.objects.get(event=event)
    assert "سيارة" not in raw_row("monitoring_information", info.pk)


@pytest.mark.parametrize(
    "typed",
    ["07701234567", "+964 770 123 4567", "00964-770-123-4567", "٠٧٧٠ ١٢٣ ٤٥٦٧", "7701234567"],
)
def test_a_phone_is_found_however_it_is_typed(
    personas: Personas, vocabularies: None, typed: str
) -> None:
    person = services.person_create(
        by=personas.monitor_baghdad, governorate=baghdad(), data={"phone": "0770 123 4567"}
    )
    services.person_create(
        by=personas.monitor_baghdad, governorate=baghdad(), data={"phone": "07701234568"}
    )
    assert list(blind_index_filter(Person, "phone_index", typed)) == [person]


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("أحمد كريم الجبوري", "احمد"),
        ("احمد كريم الجبوري", "أحمد"),
        ("إيمان صالح", "ايمان"),
        ("أحمد كريم الجبوري", "الجبوري احمد"),
    ],
)
def test_a_name_word_is_found_with_or_without_hamza(
    personas: Personas, vocabularies: None, stored: str, typed: str
) -> None:
    person = services.person_create(
        by=personas.monitor_baghdad, governorate=baghdad(), data={"name": stored}
    )
    services.person_create(
        by=personas.monitor_baghdad, governorate=baghdad(), data={"name": "محمود سامي"}
    )
    assert list(blind_index_filter(Person, "name_tokens", typed)) == [person]
    assert not blind_index_filter(Person, "name_tokens", "كريمة").exists()


def test_an_id_number_is_found_with_separators(personas: Personas, vocabularies: None) -> None:
    person = services.person_create(
        by=personas.monitor_baghdad, governorate=baghdad(), data={"id_number": "1990-1234-5678"}
    )
    assert list(blind_index_filter(Person, "id_number_index", "199012345678")) == [person]


def test_an_updated_phone_is_found_and_the_old_one_is_not(
    personas: Personas, vocabularies: None
) -> None:
    person = services.person_create(
        by=personas.monitor_baghdad, governorate=baghdad(), data={"phone": "07701234567"}
    )
    services.person_update(
        by=personas.monitor_baghdad, person=person, data={"phone": "07809876543"}
    )
    assert list(blind_index_filter(Person, "phone_index", "0780 987 6543")) == [person]
    assert not blind_index_filter(Person, "phone_index", "07701234567").exists()


def test_match_keys_follow_the_name(personas: Personas, vocabularies: None) -> None:
    person = services.person_create(
        by=personas.monitor_baghdad, governorate=baghdad(), data={"name": "علي حسن"}
    )
    keys = person.match_keys
    assert keys
    assert "علي" not in keys
    assert "حسن" not in keys
    services.person_update(by=personas.monitor_baghdad, person=person, data={"occupation": "طالب"})
    person.refresh_from_db()
    assert person.match_keys == keys
    services.person_update(by=personas.monitor_baghdad, person=person, data={"name": "مصطفى جاسم"})
    person.refresh_from_db()
    assert person.match_keys
    assert person.match_keys != keys
    nameless = services.person_create(by=personas.monitor_baghdad, governorate=baghdad(), data={})
    assert nameless.match_keys == ""


def test_a_group_size_is_kept_only_for_groups(personas: Personas, vocabularies: None) -> None:
    group = services.person_create(
        by=personas.monitor_baghdad,
        governorate=baghdad(),
        data={"is_group": True, "group_size": 40},
    )
    assert group.group_size == 40
    single = services.person_create(
        by=personas.monitor_baghdad, governorate=baghdad(), data={"group_size": 3}
    )
    assert single.group_size is None
    services.person_update(by=personas.monitor_baghdad, person=group, data={"is_group": False})
    group.refresh_from_db()
    assert group.group_size is None


def test_characteristics_are_set_and_audited_by_name(personas: Personas, term: TermGetter) -> None:
    person = services.person_create(
        by=personas.monitor_baghdad,
        governorate=baghdad(),
        data={"name": "سارة"},
        characteristics=[term("victim_characteristic", "03")],
    )
    assert list(person.characteristics.values_list("code", flat=True)) == ["03"]
    services.person_update(
        by=personas.monitor_baghdad,
        person=person,
        data={},
        characteristics=[term("victim_characteristic", "05"), term("victim_characteristic", "11")],
    )
    assert set(person.characteristics.values_list("code", flat=True)) == {"05", "11"}
    entry = AuditEntry.objects.filter(action="monitoring.person.updated").get()
    assert entry.data == {"person": person.pk, "fields": ["characteristics"]}


def test_the_latest_consent_per_kind_counts(personas: Personas, vocabularies: None) -> None:
    person = services.person_create(by=personas.monitor_baghdad, governorate=baghdad(), data={})
    assert services.consent_current(person=person) == {
        "documentation": False,
        "referral": False,
        "publication": False,
        "un_sharing": False,
    }
    by = personas.monitor_baghdad
    services.consent_record(
        by=by, person=person, kind="documentation", given=True, recorded_on=date(2025, 1, 1)
    )
    services.consent_record(
        by=by, person=person, kind="referral", given=True, recorded_on=date(2025, 3, 1)
    )
    # Recorded later but dated earlier: it does not override the March decision.
    services.consent_record(
        by=by, person=person, kind="referral", given=False, recorded_on=date(2025, 2, 1)
    )
    services.consent_record(
        by=by, person=person, kind="documentation", given=False, recorded_on=date(2025, 6, 1)
    )
    assert services.consent_current(person=person) == {
        "documentation": False,
        "referral": True,
        "publication": False,
        "un_sharing": False,
    }
    # Same day: the one recorded last wins.
    services.consent_record(
        by=by, person=person, kind="documentation", given=True, recorded_on=date(2025, 6, 1)
    )
    assert services.consent_current(person=person)["documentation"] is True
    assert Consent.objects.filter(person=person).count() == 5


def test_consent_defaults_to_today_and_keeps_who(personas: Personas, vocabularies: None) -> None:
    person = services.person_create(by=personas.monitor_baghdad, governorate=baghdad(), data={})
    consent = services.consent_record(
        by=personas.monitor_erbil, person=person, kind="publication", given=True, note="شفهياً"
    )
    assert consent.recorded_on == timezone.localdate()
    assert consent.recorded_by == personas.monitor_erbil
    other = services.person_create(by=personas.monitor_baghdad, governorate=baghdad(), data={})
    assert services.consent_current(person=other)["publication"] is False


def test_an_unknown_consent_kind_is_refused(personas: Personas, vocabularies: None) -> None:
    person = services.person_create(by=personas.monitor_baghdad, governorate=baghdad(), data={})
    with pytest.raises(services.MonitoringError) as caught:
        services.consent_record(by=personas.monitor_baghdad, person=person, kind="all", given=True)
    assert caught.value.code == "kind"
    assert Consent.objects.count() == 0


# ---------------------------------------------------------------------------
# The audit trail


@pytest.fixture
def evidence_storage(monkeypatch: pytest.MonkeyPatch) -> Any:
    from django.core.files.storage import InMemoryStorage

    from nama.core.evidence import storage as evidence_storage_module

    storage = InMemoryStorage()
    monkeypatch.setattr(evidence_storage_module, "get_storage", lambda: storage)
    return storage


SECRETS = {
    "victim": "حسين عبد الأمير الساعدي",
    "victim_latin": "Hussein Abdulameer",
    "phone": "07711239876",
    "id_number": "88001122",
    "email": "hussein.sa@example.org",
    "description": "اقتادوه من سوق الشورجة",
    "summary": "قال الشاهد إنهم ملثمون",
    "perpetrator": "المقدم سالم",
    "source": "أبو زهراء",
    "comment": "تحقق من رقم الهاتف",
    "note": "وافق أمام أخيه",
    "response": "ردت الوزارة بالرفض",
    "new_name": "حسين عبدالامير",
}


def test_every_service_is_audited_without_identifying_values(
    personas: Personas, term: TermGetter, evidence_storage: Any
) -> None:
    from nama.intake.tests.conftest import png_bytes

    by = personas.monitor_baghdad
    event = services.event_document(
        by=by,
        data={
            "title": "Arrest at a market",
            "description": SECRETS["description"],
            "governorate": baghdad(),
        },
        victims=[
            services.PersonInput(
                data={
                    "name": SECRETS["victim"],
                    "name_latin": SECRETS["victim_latin"],
                    "phone": SECRETS["phone"],
                    "id_number": SECRETS["id_number"],
                    "email": SECRETS["email"],
                }
            )
        ],
        acts=[services.ActInput(victim=0, act_type=term("act_type", "0401"))],
        perpetrators=[
            services.PerpetratorInput(
                who=services.PersonInput(data={"name": SECRETS["perpetrator"]})
            )
        ],
        sources=[
            services.SourceInput(
                who=services.PersonInput(data={"name": SECRETS["source"]}),
                summary=SECRETS["summary"],
            )
        ],
    )
    act = event.acts.get()
    victim = act.victim
    services.event_update(by=by, event=event, data={"description": SECRETS["description"] + "!"})
    services.person_update(by=by, person=victim, data={"name": SECRETS["new_name"]})
    services.consent_record(
        by=by, person=victim, kind="documentation", given=True, note=SECRETS["note"]
    )
    extra = services.act_add(
        by=by,
        event=event,
        victim=victim,
        given=services.ActInput(victim=0, act_type=term("act_type", "0301")),
    )
    services.involvement_add(by=by, act=extra, perpetrator_type=term("perpetrator_type", "0101"))
    services.act_remove(by=by, act=extra)
    source = Information.objects.get(event=event).source
    services.information_add(by=by, source=source, person=victim, summary=SECRETS["summary"])
    services.intervention_add(
        by=by,
        intervention_type=term("intervention_type", "01"),
        victim=victim,
        response=SECRETS["response"],
        notes=SECRETS["note"],
    )
    services.event_attach_files(by=by, event=event, files=[make_file(png_bytes(), "photo.png")])
    assert EvidenceFile.objects.of(event).count() == 1
    services.comment_add(by=personas.director, event=event, body=SECRETS["comment"])
    services.event_submit(by=by, event=event, comment=SECRETS["comment"])
    services.event_return(by=personas.director, event=event, comment=SECRETS["comment"])
    services.event_submit(by=by, event=event)
    services.event_verify(
        by=personas.director,
        event=event,
        violation_status=term("violation_status", "01"),
        comment=SECRETS["comment"],
    )

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "monitoring.event.documented",
        "monitoring.event.updated",
        "monitoring.person.created",
        "monitoring.person.updated",
        "monitoring.consent.recorded",
        "monitoring.act.added",
        "monitoring.act.removed",
        "monitoring.involvement.added",
        "monitoring.information.added",
        "monitoring.intervention.added",
        "monitoring.evidence.attached",
        "monitoring.comment.added",
        "monitoring.event.submitted",
        "monitoring.event.returned",
        "monitoring.event.verified",
    } <= actions
    assert AuditEntry.objects.filter(action="monitoring.person.created").count() == 3

    dumped = json.dumps(
        [
            [e.action, e.target_type, e.target_id, e.data, e.reason]
            for e in AuditEntry.objects.all()
        ],
        ensure_ascii=False,
    )
    for label, value in SECRETS.items():
        assert value not in dumped, label
    for fragment in ("حسين", "Hussein", "1239876", "الشورجة", "ملثمون", "سالم", "زهراء"):
        assert fragment not in dumped


def test_person_audit_names_the_fields_not_their_values(
    personas: Personas, vocabularies: None
) -> None:
    person = services.person_create(
        by=personas.monitor_baghdad,
        governorate=baghdad(),
        data={"name": "ليلى", "phone": "07700000001", "occupation": "", "is_group": False},
    )
    created = AuditEntry.objects.get(action="monitoring.person.created")
    assert created.data == {
        "person": person.pk,
        "pseudonym": person.pseudonym,
        "fields": ["name", "phone"],
    }
    assert created.target_id == str(person.pk)


def test_an_update_cannot_remove_the_governorate(make_event: MakeEvent) -> None:
    event = make_event()
    with pytest.raises(services.MonitoringError) as caught, transaction.atomic():
        services.event_update(by=event.created_by, event=event, data={"governorate": None})
    assert caught.value.code == "governorate"


def test_a_perpetrator_is_involved_in_the_acts_listed(personas: Personas, term: TermGetter) -> None:
    event = services.event_document(
        by=personas.monitor_baghdad,
        data={"title": "t", "governorate": baghdad()},
        victims=[services.PersonInput(data={"name": "أحمد"})],
        acts=[
            services.ActInput(victim=0, act_type=term("act_type", "0401")),
            services.ActInput(victim=0, act_type=term("act_type", "0301")),
        ],
        perpetrators=[
            services.PerpetratorInput(perpetrator_type=term("perpetrator_type", "01"), acts=[1])
        ],
    )
    involved = Involvement.objects.filter(act__event=event)
    assert list(involved.values_list("act__act_type__code", flat=True)) == ["0301"]


def test_a_perpetrator_index_counts_the_acts_as_listed(
    personas: Personas, term: TermGetter
) -> None:
    arrest = term("act_type", "0401")
    event = services.event_document(
        by=personas.monitor_baghdad,
        data={"title": "t", "governorate": baghdad()},
        victims=[services.PersonInput(data={"name": "أحمد"})],
        acts=[
            services.ActInput(victim=0, act_type=arrest),
            services.ActInput(victim=0, act_type=arrest),  # a duplicate, skipped
            services.ActInput(victim=0, act_type=term("act_type", "0301")),
        ],
        perpetrators=[
            services.PerpetratorInput(perpetrator_type=term("perpetrator_type", "01"), acts=[2])
        ],
    )
    involved = Involvement.objects.filter(act__event=event)
    assert list(involved.values_list("act__act_type__code", flat=True)) == ["0301"]
