"""Duplicate detection (nama/monitoring/duplicates.py): match keys, candidates found only
through them, suggestions, "not a duplicate", merges of persons and events and their
undoing, the audit chain afterwards."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.db.models import ForeignObjectRel

from nama.core import crypto
from nama.core.audit import AuditEntry, verify_chain
from nama.core.evidence.models import EvidenceFile
from nama.core.evidence.services import evidence_store, make_file
from nama.core.models import Governorate, Term
from nama.monitoring import duplicates, matching, services
from nama.monitoring.models import (
    Act,
    Consent,
    DuplicateKind,
    DuplicateStatus,
    DuplicateSuggestion,
    Event,
    EventMerge,
    EventRelation,
    Information,
    Intervention,
    Involvement,
    Person,
    PersonMatchKey,
    PersonMerge,
    RelationType,
    VerificationComment,
)
from nama.monitoring.services import MonitoringError
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

TermGetter = Callable[[str, str], Term]
MakeEvent = Callable[..., Event]


@pytest.fixture(autouse=True)
def fresh_storage(monkeypatch: pytest.MonkeyPatch) -> Any:
    from django.core.files.storage import InMemoryStorage

    from nama.core.evidence import storage as evidence_storage

    storage = InMemoryStorage()
    monkeypatch.setattr(evidence_storage, "get_storage", lambda: storage)
    return storage


@pytest.fixture
def make_person(personas: Personas, vocabularies: None) -> Callable[..., Person]:
    """``make_person("محمد علي حسين", governorate="baghdad", by=None, **fields)``: a person
    created through the service, with its key rows (as the call sites will do)."""

    def make(name: str = "", governorate: str = "baghdad", by: Any = None, **data: Any) -> Person:
        author = (
            by
            or {"baghdad": personas.monitor_baghdad, "erbil": personas.monitor_erbil}[governorate]
        )
        person = services.person_create(
            by=author,
            governorate=Governorate.objects.get(slug=governorate),
            data={"name": name, **data},
        )
        duplicates.person_match_keys_sync(person)
        return person

    return make


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (10, 120, 10)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def counted_decrypts() -> Iterator[list[str]]:
    """Every token ``nama.core.crypto.decrypt`` opens while the fixture is active."""
    opened: list[str] = []
    real = crypto.decrypt

    def counting(token: str) -> str:
        opened.append(token)
        return real(token)

    with mock.patch.object(crypto, "decrypt", side_effect=counting):
        yield opened


def stored_tokens(*persons: Person) -> set[str]:
    """The ciphertexts of the persons' encrypted columns, read without decrypting."""
    columns = ["name", "name_latin", "aliases", "phone", "email", "id_number", "address", "notes"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM monitoring_person WHERE id IN "  # noqa: S608
            f"({', '.join(['%s'] * len(persons))})",
            [p.pk for p in persons],
        )
        return {value for row in cursor.fetchall() for value in row if value}


# ---------------------------------------------------------------------------
# Match keys


def test_key_rows_follow_the_persons_match_keys(make_person: Callable[..., Person]) -> None:
    person = make_person("محمد علي حسين الجبوري")
    assert person.match_keys
    rows = set(PersonMatchKey.objects.filter(person=person).values_list("key", flat=True))
    assert rows == set(person.match_keys.split())

    services.person_update(by=person.created_by, person=person, data={"name": "زينب كاظم"})
    duplicates.person_match_keys_sync(person)
    rows = set(PersonMatchKey.objects.filter(person=person).values_list("key", flat=True))
    assert rows == set(person.match_keys.split())
    assert rows == set(matching.query_keys("زينب كاظم"))


def test_key_rows_hold_hashes_never_names(make_person: Callable[..., Person]) -> None:
    person = make_person("محمد علي حسين", name_latin="Mohammed Ali Hussein")
    for key in PersonMatchKey.objects.filter(person=person).values_list("key", flat=True):
        assert len(key) == crypto.INDEX_HEX_LENGTH
        int(key, 16)


def test_the_rebuild_writes_every_persons_keys(make_person: Callable[..., Person]) -> None:
    first = make_person("محمد علي حسين")
    second = make_person("زينب كاظم جعفر")
    PersonMatchKey.objects.all().delete()
    written = duplicates.person_match_keys_rebuild()
    expected = len(first.match_keys.split()) + len(second.match_keys.split())
    assert written == expected == PersonMatchKey.objects.count()


def test_after_a_change_of_index_key_the_keys_are_recomputed(
    make_person: Callable[..., Person], personas: Personas, settings: Any
) -> None:
    original = make_person("محمد علي حسين الجبوري")
    settings.NAMA_INDEX_KEY = "another-index-key-0123456789abcdef"
    probe = Person(governorate=personas.baghdad, name="محمد علي حسين الجبوري", is_group=False)
    probe.match_keys = matching.person_keys(probe)
    # Stale keys: nothing found until they are recomputed.
    assert duplicates.person_duplicate_candidates(person=probe, user=personas.director) == []

    assert duplicates.person_match_keys_recompute() == 1

    original.refresh_from_db()
    assert original.match_keys == probe.match_keys
    found = duplicates.person_duplicate_candidates(person=probe, user=personas.director)
    assert [c.person.pk for c in found] == [original.pk]


# ---------------------------------------------------------------------------
# Candidates


def test_candidates_come_only_from_the_key_query(
    make_person: Callable[..., Person], personas: Personas, counted_decrypts: list[str]
) -> None:
    original = make_person("محمد علي حسين الجبوري", birth_year=1990)
    others = [
        make_person(name)
        for name in (
            "زينب كاظم جعفر التميمي",
            "فاطمة عباس مهدي الساعدي",
            "خالد عمر يوسف الدليمي",
            "شێرکۆ عەزیز ڕەسوڵ",
            "إسراء قاسم مؤيد اللامي",
            "حيدر صادق باقر الموسوي",
            "مريم ستار جبار الربيعي",
            "طارق ماجد نبيل العزاوي",
        )
    ]
    # Three keys (مد, سن, جبر): a candidate must share two. مؤيد and مهدي share مد only.
    probe = Person(
        governorate=original.governorate,
        name="محمّد علي حسين الجبوري",
        birth_year=1990,
        is_group=False,
    )
    probe.match_keys = matching.person_keys(probe)
    counted_decrypts.clear()

    found = duplicates.person_duplicate_candidates(person=probe, user=personas.monitor_baghdad)

    assert [c.person.pk for c in found] == [original.pk]
    # Only the candidate's names were opened: none of the others' values, and none of
    # the candidate's other identifying fields.
    assert counted_decrypts
    assert set(counted_decrypts) <= stored_tokens(original)
    assert not set(counted_decrypts) & stored_tokens(*others)
    assert len(counted_decrypts) <= 3  # name, name_latin, aliases at most


def test_the_number_of_queries_does_not_grow_with_the_table(
    make_person: Callable[..., Person],
    personas: Personas,
    django_assert_max_num_queries: Any,
) -> None:
    user = personas.monitor_baghdad
    make_person("محمد علي حسين")
    probe = Person(governorate=personas.baghdad, name="محمد علي حسين", is_group=False)
    probe.match_keys = matching.person_keys(probe)
    duplicates.person_duplicate_candidates(person=probe, user=user)  # warms the role cache
    with django_assert_max_num_queries(3):
        assert len(duplicates.person_duplicate_candidates(person=probe, user=user)) == 1
    for i in range(15):
        make_person("محمد علي حسين" if i % 2 else "احمد علي حسين")
    with django_assert_max_num_queries(3):
        assert len(duplicates.person_duplicate_candidates(person=probe, user=user)) == 16


def test_the_candidate_query_reads_only_the_key_table(
    make_person: Callable[..., Person], personas: Personas
) -> None:
    from django.test.utils import CaptureQueriesContext

    make_person("محمد علي حسين")
    probe = Person(governorate=personas.baghdad, name="محمد علي حسين", is_group=False)
    probe.match_keys = matching.person_keys(probe)
    user = personas.director
    duplicates.person_duplicate_candidates(person=probe, user=user)  # warms the role cache
    with CaptureQueriesContext(connection) as queries:
        duplicates.person_duplicate_candidates(person=probe, user=user)
    *lookups, fetch = [q["sql"] for q in queries.captured_queries]
    for sql in lookups:
        assert "monitoring_personmatchkey" in sql
        assert '"name"' not in sql
    # The one read of persons asks for the candidates by id.
    assert '"monitoring_person"."id" IN' in fetch


def test_candidates_stay_within_the_readers_governorates(
    make_person: Callable[..., Person], personas: Personas
) -> None:
    make_person("محمد علي حسين الجبوري", governorate="baghdad")
    probe = Person(governorate=personas.erbil, name="محمد علي حسين الجبوري", is_group=False)
    probe.match_keys = matching.person_keys(probe)
    assert duplicates.person_duplicate_candidates(person=probe, user=personas.monitor_erbil) == []
    assert duplicates.person_duplicate_candidates(person=probe, user=personas.analyst) == []
    assert duplicates.person_duplicate_candidates(person=probe, user=personas.outsider) == []
    assert len(duplicates.person_duplicate_candidates(person=probe, user=personas.director)) == 1


def test_a_monitor_who_is_also_an_analyst_gets_candidates_only_from_their_own_governorates(
    make_person: Callable[..., Person], personas: Personas
) -> None:
    from django.contrib.auth.models import Group

    from nama.core.roles import Role, forget_roles

    make_person("محمد علي حسين الجبوري", governorate="baghdad")
    both = personas.monitor_erbil
    both.groups.add(Group.objects.get(name=Role.ANALYST))
    forget_roles(both)
    probe = Person(governorate=personas.erbil, name="محمد علي حسين الجبوري", is_group=False)
    probe.match_keys = matching.person_keys(probe)
    assert duplicates.person_duplicate_candidates(person=probe, user=both) == []


def test_merged_persons_and_groups_are_not_candidates(
    make_person: Callable[..., Person], personas: Personas
) -> None:
    kept = make_person("محمد علي حسين الجبوري")
    merged = make_person("محمد علي حسين الجبوري")
    duplicates.person_merge(by=personas.director, source=merged, target=kept)
    make_person("محمد علي حسين الجبوري", is_group=True, group_size=3)
    probe = Person(governorate=personas.baghdad, name="محمد علي حسين الجبوري", is_group=False)
    probe.match_keys = matching.person_keys(probe)
    found = duplicates.person_duplicate_candidates(person=probe, user=personas.director)
    assert [c.person.pk for c in found] == [kept.pk]


# ---------------------------------------------------------------------------
# Suggestions


def test_saving_a_duplicate_suggests_it_and_audits_without_names(
    make_person: Callable[..., Person], personas: Personas
) -> None:
    first = make_person("عبد الله حسين كاظم الساعدي", birth_year=1985)
    second = make_person("عبدالله حسين الساعدي", birth_year=1985)

    found = duplicates.person_check_duplicates(by=personas.monitor_baghdad, person=second)

    assert len(found) == 1
    suggestion = found[0]
    assert suggestion.kind == DuplicateKind.PERSON
    assert (suggestion.person_a_id, suggestion.person_b_id) == (first.pk, second.pk)
    assert suggestion.score >= 80
    assert "birth_year" in suggestion.reasons
    entry = AuditEntry.objects.filter(action="monitoring.duplicate.checked").last()
    assert entry is not None
    assert entry.data["suggestions"] == [suggestion.pk]
    dumped = json.dumps(entry.data, ensure_ascii=False) + json.dumps(
        suggestion.reasons, ensure_ascii=False
    )
    for word in ("عبد", "حسين", "كاظم", "الساعدي"):
        assert word not in dumped


def test_checking_again_refreshes_the_same_suggestion(
    make_person: Callable[..., Person], personas: Personas
) -> None:
    make_person("زينب كاظم جعفر التميمي")
    second = make_person("زينب كاظم جعفر التميمي")
    first_time = duplicates.person_check_duplicates(by=personas.monitor_baghdad, person=second)
    again = duplicates.person_check_duplicates(by=personas.monitor_baghdad, person=second)
    assert [s.pk for s in again] == [s.pk for s in first_time]
    assert DuplicateSuggestion.objects.count() == 1


@pytest.mark.parametrize(
    ("recorded", "saved"),
    [
        ("محمد علي حسين الجبوري", "أحمد علي حسين الجبوري"),
        ("حسن علي كاظم الجبوري", "حسين علي كاظم الجبوري"),
        ("زينب علي كاظم الجبوري", "فاطمة علي كاظم الجبوري"),
        ("محمد علي حسين الجبوري", "محمد جعفر باقر الموسوي"),
        ("شێرکۆ عەزیز ڕەسوڵ", "ڕێبوار عەزیز ڕەسوڵ"),
    ],
)
def test_different_people_are_not_suggested(
    make_person: Callable[..., Person], personas: Personas, recorded: str, saved: str
) -> None:
    make_person(recorded)
    person = make_person(saved)
    assert duplicates.person_check_duplicates(by=personas.monitor_baghdad, person=person) == []


def test_namesakes_born_years_apart_are_not_suggested(
    make_person: Callable[..., Person], personas: Personas, term: TermGetter
) -> None:
    make_person("محمد علي حسين الجبوري", birth_year=1960)
    person = make_person("محمد علي حسين الجبوري", birth_year=1995)
    assert duplicates.person_check_duplicates(by=personas.monitor_baghdad, person=person) == []
    make_person("نور علي حسين الجبوري", sex=term("sex", "01"))
    other = make_person("نور علي حسين الجبوري", sex=term("sex", "02"))
    assert duplicates.person_check_duplicates(by=personas.monitor_baghdad, person=other) == []


def test_the_same_id_number_is_suggested_whatever_the_spelling(
    make_person: Callable[..., Person], personas: Personas
) -> None:
    make_person("عبد الرزاق إبراهيم أسعد", id_number="١٩٨٧٠٠١٢٣٤")
    person = make_person("Abdulrazzaq Ibrahim As'ad", id_number="19870 01234")
    found = duplicates.person_check_duplicates(by=personas.monitor_baghdad, person=person)
    assert len(found) == 1
    assert "id_number" in found[0].reasons


def test_not_a_duplicate_is_never_suggested_again(
    make_person: Callable[..., Person], personas: Personas
) -> None:
    make_person("فاطمة عباس مهدي الساعدي")
    second = make_person("فاطمه عباس مهدي الساعدي")
    [suggestion] = duplicates.person_check_duplicates(by=personas.monitor_baghdad, person=second)

    duplicates.duplicate_mark_not_duplicate(by=personas.director, suggestion=suggestion)

    suggestion.refresh_from_db()
    assert suggestion.status == DuplicateStatus.NOT_DUPLICATE
    assert suggestion.decided_by == personas.director
    services.person_update(
        by=personas.monitor_baghdad, person=second, data={"name": "فاطمة عباس مهدي الساعدي"}
    )
    assert duplicates.person_check_duplicates(by=personas.monitor_baghdad, person=second) == []
    assert DuplicateSuggestion.objects.count() == 1
    assert not duplicates.duplicate_list_for_user(user=personas.director).exists()
    with pytest.raises(MonitoringError):
        duplicates.duplicate_mark_not_duplicate(by=personas.director, suggestion=suggestion)
    assert AuditEntry.objects.filter(action="monitoring.duplicate.not_duplicate").count() == 1


def test_the_queue_shows_a_reviewer_only_pairs_within_their_scope(
    make_person: Callable[..., Person], personas: Personas
) -> None:
    make_person("حيدر صادق باقر الموسوي", governorate="baghdad")
    second = make_person("حيدر صادق باقر الموسوي", governorate="baghdad")
    duplicates.person_check_duplicates(by=personas.monitor_baghdad, person=second)
    make_person("کاروان سەرهەنگ مستەفا", governorate="erbil")
    third = make_person("كاروان سهرهنگ مستهفا", governorate="erbil")
    duplicates.person_check_duplicates(by=personas.monitor_erbil, person=third)

    def kinds(user: Any) -> int:
        return duplicates.duplicate_list_for_user(user=user).count()

    assert kinds(personas.director) == 2
    assert kinds(personas.monitor_baghdad) == 1
    assert kinds(personas.monitor_erbil) == 1
    assert kinds(personas.analyst) == 0
    assert kinds(personas.outsider) == 0
    assert kinds(personas.operator) == 0


# ---------------------------------------------------------------------------
# Merging persons


def _links(person: Person) -> dict[str, set[int]]:
    """Every row linked to ``person``, by link."""
    links = {
        f"{model._meta.label_lower}.{field}": set(
            model._default_manager.filter(**{field: person}).values_list("pk", flat=True)
        )
        for model, field in duplicates.PERSON_LINKS
    }
    links["evidence"] = set(EvidenceFile.objects.of(person).values_list("pk", flat=True))
    links["characteristics"] = set(person.characteristics.values_list("pk", flat=True))
    return links


@pytest.fixture
def two_records_of_one_victim(
    make_person: Callable[..., Person],
    make_event: MakeEvent,
    personas: Personas,
    term: TermGetter,
) -> tuple[Person, Person, dict[str, Any]]:
    """Person ``kept`` and its duplicate ``merged``, each with a full life in the records."""
    by = personas.monitor_baghdad
    kept = make_person("عبد الله حسين كاظم الساعدي", birth_year=1985)
    merged = make_person("عبدالله حسين الساعدي", birth_year=1985)
    merged.characteristics.add(term("victim_characteristic", "03"))
    first = make_event(victims=[kept], act_types=("0401",), start_date=date(2025, 3, 1))
    second = make_event(victims=[merged], act_types=("0401", "0301"), start_date=date(2025, 5, 1))
    other = make_event(victims=1, act_types=("0401",))
    involvement = services.involvement_add(
        by=by, act=Act.objects.get(event=other), perpetrator=merged
    )
    told = services.information_add(by=by, source=merged, event=other, summary="رأى الاعتقال")
    about = services.information_add(
        by=by, source=make_person("ليلى سامي"), person=merged, summary="أخوه"
    )
    helped = services.intervention_add(
        by=by, intervention_type=term("intervention_type", "01"), victim=merged
    )
    consent = services.consent_record(by=by, person=merged, kind="documentation", given=True)
    evidence = evidence_store(file=make_file(png_bytes(), "photo.png"), owner=merged, by=by)
    return (
        kept,
        merged,
        {
            "events": (first, second, other),
            "involvement": involvement,
            "told": told,
            "about": about,
            "helped": helped,
            "consent": consent,
            "evidence": evidence,
        },
    )


def test_a_merge_moves_every_link_and_keeps_every_act(
    two_records_of_one_victim: tuple[Person, Person, dict[str, Any]], personas: Personas
) -> None:
    kept, merged, made = two_records_of_one_victim
    acts_before = Act.objects.count()
    before_kept, before_merged = _links(kept), _links(merged)

    merge = duplicates.person_merge(by=personas.director, source=merged, target=kept)

    merged.refresh_from_db()
    assert merged.merged_into == kept
    assert Act.objects.count() == acts_before
    after_kept, after_merged = _links(kept), _links(merged)
    for link, rows in before_merged.items():
        assert after_kept[link] == before_kept[link] | rows, link
        # Characteristics describe the merged record too: it keeps them.
        assert after_merged[link] == (rows if link == "characteristics" else set()), link
    assert Act.objects.filter(victim=kept).count() == 3
    assert Involvement.objects.get(pk=made["involvement"].pk).perpetrator == kept
    assert Information.objects.get(pk=made["told"].pk).source == kept
    assert Information.objects.get(pk=made["about"].pk).person == kept
    assert Intervention.objects.get(pk=made["helped"].pk).victim == kept
    assert Consent.objects.get(pk=made["consent"].pk).person == kept
    assert EvidenceFile.objects.of(kept).get().pk == made["evidence"].pk
    assert merge.kept == []
    entry = AuditEntry.objects.filter(action="monitoring.person.merged").get()
    assert entry.data["merge"] == merge.pk
    assert entry.data["moved"]["monitoring.act.victim_id"] == 2
    assert verify_chain().intact


def test_undoing_a_merge_restores_exactly_what_moved(
    two_records_of_one_victim: tuple[Person, Person, dict[str, Any]], personas: Personas
) -> None:
    kept, merged, _made = two_records_of_one_victim
    before_kept, before_merged = _links(kept), _links(merged)
    merge = duplicates.person_merge(by=personas.director, source=merged, target=kept)

    duplicates.person_merge_undo(by=personas.monitor_baghdad, merge=merge)

    merged.refresh_from_db()
    merge.refresh_from_db()
    assert merged.merged_into is None
    assert merge.is_undone
    assert merge.undone_by == personas.monitor_baghdad
    assert _links(kept) == before_kept
    assert _links(merged) == before_merged
    entry = AuditEntry.objects.filter(action="monitoring.person.merge_undone").get()
    assert entry.data == {
        "person": merged.pk,
        "from": kept.pk,
        "merge": merge.pk,
        "restored": entry.data["restored"],
        "missing": 0,
    }
    assert verify_chain().intact
    with pytest.raises(MonitoringError):
        duplicates.person_merge_undo(by=personas.director, merge=merge)


def test_a_merge_from_a_suggestion_closes_it_and_its_undo_reopens_it(
    two_records_of_one_victim: tuple[Person, Person, dict[str, Any]], personas: Personas
) -> None:
    kept, merged, _made = two_records_of_one_victim
    [suggestion] = duplicates.person_check_duplicates(by=personas.monitor_baghdad, person=merged)

    duplicates.duplicate_merge(by=personas.director, suggestion=suggestion, keep="a")

    suggestion.refresh_from_db()
    assert suggestion.status == DuplicateStatus.MERGED
    assert Person.objects.get(pk=merged.pk).merged_into_id == kept.pk
    assert not duplicates.duplicate_list_for_user(user=personas.director).exists()

    duplicates.duplicate_undo(by=personas.director, suggestion=suggestion)

    suggestion.refresh_from_db()
    assert suggestion.status == DuplicateStatus.OPEN
    assert suggestion.decided_at is None
    assert list(duplicates.duplicate_list_for_user(user=personas.director)) == [suggestion]
    assert verify_chain().intact


def test_an_act_the_kept_person_already_has_stays_with_the_merged_one(
    make_person: Callable[..., Person], make_event: MakeEvent, personas: Personas
) -> None:
    kept = make_person("حيدر صادق باقر الموسوي")
    merged = make_person("حيدر صادق الموسوي")
    event = make_event(victims=[kept, merged], act_types=("0401",))
    acts = {a.victim_id: a.pk for a in Act.objects.filter(event=event)}

    merge = duplicates.person_merge(by=personas.director, source=merged, target=kept)

    assert merge.kept == [{"model": "monitoring.act", "ids": [acts[merged.pk]], "why": "same_act"}]
    assert Act.objects.get(pk=acts[merged.pk]).victim_id == merged.pk
    duplicates.person_merge_undo(by=personas.director, merge=merge)
    assert {a.victim_id: a.pk for a in Act.objects.filter(event=event)} == acts


def test_a_merge_is_refused_for_a_record_already_merged(
    make_person: Callable[..., Person], personas: Personas
) -> None:
    a = make_person("محمد علي حسين")
    b = make_person("محمد علي حسين")
    c = make_person("محمد علي حسين")
    duplicates.person_merge(by=personas.director, source=b, target=a)
    with pytest.raises(MonitoringError):
        duplicates.person_merge(by=personas.director, source=c, target=b)
    with pytest.raises(MonitoringError):
        duplicates.person_merge(by=personas.director, source=b, target=c)
    with pytest.raises(MonitoringError):
        duplicates.person_merge(by=personas.director, source=a, target=a)


def test_an_undo_waits_for_a_later_merge_to_be_undone_first(
    make_person: Callable[..., Person], personas: Personas
) -> None:
    a = make_person("محمد علي حسين")
    b = make_person("محمد علي حسين")
    c = make_person("محمد علي حسين")
    first = duplicates.person_merge(by=personas.director, source=b, target=a)
    later = duplicates.person_merge(by=personas.director, source=a, target=c)
    with pytest.raises(MonitoringError) as refused:
        duplicates.person_merge_undo(by=personas.director, merge=first)
    assert refused.value.code == "later_merge"
    duplicates.person_merge_undo(by=personas.director, merge=later)
    duplicates.person_merge_undo(by=personas.director, merge=first)
    assert not Person.objects.filter(merged_into__isnull=False).exists()
    assert verify_chain().intact


def test_every_relation_to_a_person_is_moved_or_deliberately_left() -> None:
    """A new link to Person (in any app) must be added to PERSON_LINKS, or to the
    list of links a merge leaves alone, or merges would lose it."""
    moved = {(model, field) for model, field in duplicates.person_links()}
    for relation in Person._meta.get_fields():
        if not isinstance(relation, ForeignObjectRel) or relation.related_model is None:
            continue
        model, field = relation.related_model, relation.field.name
        if (model, field) in moved:
            continue
        if model in (DuplicateSuggestion, PersonMerge):
            continue
        assert relation.get_accessor_name() in duplicates.PERSON_LINKS_NOT_MOVED, (model, field)


# ---------------------------------------------------------------------------
# Events


@pytest.fixture
def two_records_of_one_event(
    make_event: MakeEvent, make_person: Callable[..., Person], personas: Personas, term: TermGetter
) -> tuple[Event, Event, dict[str, Any]]:
    by = personas.monitor_baghdad
    victim = make_person("زينب علي حسين")
    other_victim = make_person("مصطفى جاسم محمد")
    kept = make_event(
        victims=[victim],
        act_types=("0401",),
        title="Arrest of protesters in Tahrir Square",
        start_date=date(2025, 10, 3),
        rights_affected=[term("right_affected", "01")],
    )
    merged = make_event(
        victims=[victim, other_victim],
        act_types=("0401",),
        title="Protesters arrested in Tahrir Square",
        start_date=date(2025, 10, 4),
        rights_affected=[term("right_affected", "02")],
    )
    later = make_event(victims=1, start_date=date(2025, 11, 1))
    relation = EventRelation.objects.create(
        from_event=merged, to_event=later, relation=RelationType.PRECEDES
    )
    self_relation = EventRelation.objects.create(
        from_event=merged, to_event=kept, relation=RelationType.RELATED
    )
    shared_act = Act.objects.get(event=merged, victim=victim)
    involvement = services.involvement_add(
        by=by, act=shared_act, perpetrator_type=term("perpetrator_type", "01")
    )
    source = services.information_add(by=by, source=make_person("ليلى سامي"), event=merged)
    intervention = services.intervention_add(
        by=by, intervention_type=term("intervention_type", "01"), event=merged
    )
    comment = services.comment_add(by=by, event=merged, body="مكرر؟")
    evidence = evidence_store(file=make_file(png_bytes(), "p.png"), owner=merged, by=by)
    return (
        kept,
        merged,
        {
            "victim": victim,
            "other_victim": other_victim,
            "relation": relation,
            "self_relation": self_relation,
            "shared_act": shared_act,
            "involvement": involvement,
            "source": source,
            "intervention": intervention,
            "comment": comment,
            "evidence": evidence,
        },
    )


def _event_links(event: Event) -> dict[str, set[int]]:
    links = {
        f"{model._meta.label_lower}.{field}": set(
            model._default_manager.filter(**{field: event}).values_list("pk", flat=True)
        )
        for model, field in duplicates.EVENT_LINKS
    }
    links["evidence"] = set(EvidenceFile.objects.of(event).values_list("pk", flat=True))
    links["rights"] = set(event.rights_affected.values_list("pk", flat=True))
    links["involvements"] = set(
        Involvement.objects.filter(act__event=event).values_list("pk", flat=True)
    )
    return links


def test_saving_an_event_suggests_the_same_event(
    two_records_of_one_event: tuple[Event, Event, dict[str, Any]], personas: Personas
) -> None:
    kept, merged, _made = two_records_of_one_event
    [suggestion] = duplicates.event_check_duplicates(by=personas.monitor_baghdad, event=merged)
    assert (suggestion.event_a_id, suggestion.event_b_id) == (kept.pk, merged.pk)
    assert {"date_close", "place_same", "act_types", "victims"} <= set(suggestion.reasons)


def test_events_far_apart_are_not_suggested(make_event: MakeEvent, personas: Personas) -> None:
    make_event(title="Arrest of protesters", start_date=date(2025, 1, 3))
    later = make_event(title="Arrest of protesters", start_date=date(2025, 6, 3))
    assert duplicates.event_check_duplicates(by=personas.monitor_baghdad, event=later) == []
    # Another governorate, other victims (the same victims would make them alike).
    elsewhere = make_event(
        "erbil",
        title="Arrest of protesters",
        start_date=date(2025, 1, 3),
        victims=[{"name": "هێمن ئازاد"}],
    )
    assert duplicates.event_check_duplicates(by=personas.director, event=elsewhere) == []


def test_victims_recorded_twice_make_events_alike(
    make_event: MakeEvent, make_person: Callable[..., Person], personas: Personas
) -> None:
    first = make_event(
        victims=[make_person("کاروان سەرهەنگ مستەفا", governorate="erbil")],
        governorate="erbil",
        title="Detention of a journalist",
        start_date=date(2025, 2, 10),
    )
    second = make_event(
        victims=[make_person("كاروان سهرهنگ مستهفا", governorate="erbil")],
        governorate="erbil",
        title="Journalist held at a checkpoint",
        start_date=date(2025, 2, 12),
    )
    found = duplicates.event_duplicate_candidates(event=second, user=personas.monitor_erbil)
    assert [c.event.pk for c in found] == [first.pk]
    assert "victims" in found[0].reasons


def test_an_event_merge_moves_everything_and_its_undo_restores_it(
    two_records_of_one_event: tuple[Event, Event, dict[str, Any]], personas: Personas
) -> None:
    kept, merged, made = two_records_of_one_event
    acts_before = set(Act.objects.values_list("pk", "event_id", "victim_id"))
    before_kept, before_merged = _event_links(kept), _event_links(merged)
    comments_before = VerificationComment.objects.filter(event=merged).count()

    merge = duplicates.event_merge(by=personas.director, source=merged, target=kept)

    merged.refresh_from_db()
    assert merged.merged_into == kept
    assert Act.objects.count() == len(acts_before)
    # The act both events record (same victim, same type) stays with the merged event,
    # which statistics do not count; its perpetrator moves to the kept event's act.
    shared = made["shared_act"]
    assert Act.objects.get(pk=shared.pk).event_id == merged.pk
    assert merge.kept[0] == {"model": "monitoring.act", "ids": [shared.pk], "why": "same_act"}
    kept_act = Act.objects.get(event=kept, victim=made["victim"])
    assert Involvement.objects.get(pk=made["involvement"].pk).act_id == kept_act.pk
    assert Act.objects.get(event=kept, victim=made["other_victim"])
    assert Information.objects.get(pk=made["source"].pk).event_id == kept.pk
    assert Intervention.objects.get(pk=made["intervention"].pk).event_id == kept.pk
    assert VerificationComment.objects.filter(event=kept).count() >= comments_before
    assert EventRelation.objects.get(pk=made["relation"].pk).from_event_id == kept.pk
    # A relation between the two would link the kept event to itself: it stays.
    assert EventRelation.objects.get(pk=made["self_relation"].pk).from_event_id == merged.pk
    assert EvidenceFile.objects.of(kept).get().pk == made["evidence"].pk
    assert set(kept.rights_affected.all()) >= set(merged.rights_affected.all())
    assert verify_chain().intact

    duplicates.event_merge_undo(by=personas.director, merge=merge)

    merged.refresh_from_db()
    assert merged.merged_into is None
    assert set(Act.objects.values_list("pk", "event_id", "victim_id")) == acts_before
    assert _event_links(kept) == before_kept
    assert _event_links(merged) == before_merged
    assert EventMerge.objects.get().is_undone
    assert verify_chain().intact


def test_an_unverified_event_cannot_be_merged_into_a_verified_one(
    make_event: MakeEvent, personas: Personas, term: TermGetter
) -> None:
    verified = make_event(start_date=date(2025, 3, 1))
    services.event_submit(by=personas.monitor_baghdad, event=verified)
    services.event_verify(
        by=personas.director, event=verified, violation_status=term("violation_status", "01")
    )
    draft = make_event(start_date=date(2025, 3, 1))
    with pytest.raises(MonitoringError) as refused:
        duplicates.event_merge(by=personas.director, source=draft, target=verified)
    assert refused.value.code == "verification"
    merge = duplicates.event_merge(by=personas.director, source=verified, target=draft)
    assert merge.target == draft


def test_every_relation_to_an_event_is_moved_or_deliberately_left() -> None:
    moved = {(model, field) for model, field in duplicates.EVENT_LINKS}
    for relation in Event._meta.get_fields():
        if not isinstance(relation, ForeignObjectRel) or relation.related_model is None:
            continue
        model, field = relation.related_model, relation.field.name
        if (model, field) in moved or model in (DuplicateSuggestion, EventMerge):
            continue
        assert relation.get_accessor_name() in duplicates.EVENT_LINKS_NOT_MOVED, (model, field)


def test_the_audit_chain_verifies_after_merges_and_undos_of_both_kinds(
    two_records_of_one_event: tuple[Event, Event, dict[str, Any]],
    make_person: Callable[..., Person],
    personas: Personas,
) -> None:
    from django.core.management import call_command

    kept, merged, _made = two_records_of_one_event
    a, b = make_person("محمد علي حسين"), make_person("محمد علي حسين")
    event_merge = duplicates.event_merge(by=personas.director, source=merged, target=kept)
    person_merge = duplicates.person_merge(by=personas.monitor_baghdad, source=b, target=a)
    duplicates.person_merge_undo(by=personas.director, merge=person_merge)
    duplicates.event_merge_undo(by=personas.monitor_baghdad, merge=event_merge)
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert verify_chain().intact
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    for action in (
        "monitoring.event.merged",
        "monitoring.person.merged",
        "monitoring.person.merge_undone",
        "monitoring.event.merge_undone",
    ):
        assert action in actions


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_the_keys_of_existing_persons(personas: Personas) -> None:
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("monitoring", "0001_initial")], [("monitoring", "0002_duplicates")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldPerson = old_apps.get_model("monitoring", "Person")
    person = OldPerson.objects.create(
        pseudonym="P-OLD-1",
        governorate_id=personas.baghdad.pk,
        created_by_id=personas.monitor_baghdad.pk,
        match_keys="aaaa bbbb",
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    keys = set(PersonMatchKey.objects.filter(person_id=person.pk).values_list("key", flat=True))
    assert keys == {"aaaa", "bbbb"}
