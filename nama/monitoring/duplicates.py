"""Duplicate persons and events: candidates, suggestions, merges and their undoing.

**Finding.** ``person_check_duplicates(by=..., person=...)`` runs after a
person is saved: the persons sharing blind-indexed name keys with it
(``Person.match_keys``, copied one key per row into ``PersonMatchKey`` so
the lookup is an indexed query) are the *candidates*; only they are
decrypted, and only their names, then scored in memory
(``duplicate_scoring``). Candidates at or above the threshold become
``DuplicateSuggestion`` rows. ``event_check_duplicates`` does the same for
events: events close in time, in the same governorate or with victims
sharing name keys; no description is decrypted.

**Deciding.** A monitor or the director, who may read both records with
their identities, merges the pair or marks it "not a duplicate" (it is then
never suggested again). A merge moves every link of the merged record to the
kept one and writes down exactly which rows moved (``PersonMerge`` /
``EventMerge``), so ``*_merge_undo`` puts them back. Merge and undo are
audited with ids and counts only.

Merging and undoing live in ``nama.monitoring.duplicate_merges``, re-exported
here: this module is the one to import.

Services are keyword-only, atomic and audited; callers fetch records through
``nama.monitoring.selectors`` and check ``can_review_duplicates`` first.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import models, transaction
from django.db.models import Case, Count, F, FloatField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from nama.core.audit import log_action
from nama.core.dates import DatePrecision
from nama.core.models import Governorate
from nama.core.roles import Role, has_role
from nama.core.scoping import get_object_for_user_or_404
from nama.monitoring import matching
from nama.monitoring.duplicate_merges import (
    EVENT_LINKS,
    EVENT_LINKS_NOT_MOVED,
    PERSON_LINKS,
    PERSON_LINKS_NOT_MOVED,
    duplicate_mark_not_duplicate,
    duplicate_merge,
    duplicate_undo,
    event_merge,
    event_merge_undo,
    merge_for_suggestion,
    person_links,
    person_merge,
    person_merge_undo,
    register_person_link,
)
from nama.monitoring.duplicate_scoring import (
    EVENT_THRESHOLD,
    PERSON_THRESHOLD,
    EventFacts,
    Score,
    date_range,
    event_similarity,
    person_similarity,
)
from nama.monitoring.models import (
    Act,
    DuplicateKind,
    DuplicateStatus,
    DuplicateSuggestion,
    Event,
    Person,
    PersonMatchKey,
)
from nama.monitoring.selectors import can_document

__all__ = [
    "EVENT_LINKS",
    "EVENT_LINKS_NOT_MOVED",
    "PERSON_LINKS",
    "PERSON_LINKS_NOT_MOVED",
    "EventCandidate",
    "PersonCandidate",
    "can_review_duplicates",
    "duplicate_get_for_user",
    "duplicate_list_for_user",
    "duplicate_mark_not_duplicate",
    "duplicate_merge",
    "duplicate_undo",
    "event_check_duplicates",
    "event_duplicate_candidates",
    "event_merge",
    "event_merge_undo",
    "merge_for_suggestion",
    "person_check_duplicates",
    "person_duplicate_candidates",
    "person_links",
    "person_match_keys_rebuild",
    "person_match_keys_recompute",
    "person_match_keys_sync",
    "person_merge",
    "person_merge_undo",
    "register_person_link",
]

# At most this many candidates are decrypted and scored per check.
PERSON_CANDIDATE_LIMIT = 100
EVENT_CANDIDATE_LIMIT = 50
# A candidate shares at least this many name keys (fewer if the name has fewer).
MIN_SHARED_KEYS = 2
# Events this many days apart (beyond what their date precision allows) are not candidates.
EVENT_WINDOW_DAYS = 30

# What a person scoring reads: the names (decrypted) and nothing else identifying.
_SCORED_PERSON_FIELDS = (
    "id",
    "pseudonym",
    "governorate_id",
    "is_group",
    "sex_id",
    "birth_year",
    "name",
    "name_latin",
    "aliases",
    "id_number_index",
    "phone_index",
    "merged_into_id",
    "created_by_id",
)

# ---------------------------------------------------------------------------
# Match keys


def person_match_keys_sync(person: Person) -> None:
    """Make ``PersonMatchKey`` hold exactly the keys of ``person.match_keys``.

    Call after every save that may change a person's names (``person_create``,
    ``person_update``); ``person_check_duplicates`` calls it too.
    """
    wanted = set((person.match_keys or "").split())
    have = set(PersonMatchKey.objects.filter(person=person).values_list("key", flat=True))
    if have - wanted:
        PersonMatchKey.objects.filter(person=person, key__in=have - wanted).delete()
    if wanted - have:
        PersonMatchKey.objects.bulk_create(
            [PersonMatchKey(person=person, key=key) for key in sorted(wanted - have)],
            ignore_conflicts=True,
        )


def person_match_keys_rebuild(*, batch_size: int = 2000) -> int:
    """Rebuild every person's key rows from ``Person.match_keys`` (no decryption);
    returns the number of rows written. For a restore, or after
    ``person_match_keys_recompute``."""
    written = 0
    with transaction.atomic():
        PersonMatchKey.objects.all().delete()
        rows: list[PersonMatchKey] = []
        for pk, keys in Person.objects.values_list("pk", "match_keys").iterator(batch_size):
            rows += [PersonMatchKey(person_id=pk, key=key) for key in set((keys or "").split())]
            if len(rows) >= batch_size:
                PersonMatchKey.objects.bulk_create(rows)
                written += len(rows)
                rows = []
        PersonMatchKey.objects.bulk_create(rows)
        written += len(rows)
    return written


def person_match_keys_recompute(*, batch_size: int = 500) -> int:
    """Recompute every person's ``match_keys`` under the current ``NAMA_INDEX_KEY``,
    then their key rows; returns the number of persons.

    ``match_keys`` is not a ``BlindIndexField``, so ``rotate_field_keys --reindex``
    does not recompute it: run this after it. It is the one operation that reads
    every person's names (decrypted in memory, batch by batch, never logged);
    nothing else in duplicate detection does.
    """
    count = 0
    with transaction.atomic():
        persons = Person.objects.only("pk", "name", "name_latin", "aliases", "match_keys")
        changed: list[Person] = []
        for person in persons.iterator(batch_size):
            keys = matching.person_keys(person)
            count += 1
            if keys != person.match_keys:
                person.match_keys = keys
                changed.append(person)
            if len(changed) >= batch_size:
                Person.objects.bulk_update(changed, ["match_keys"])
                changed = []
        Person.objects.bulk_update(changed, ["match_keys"])
        person_match_keys_rebuild()
    return count


# ---------------------------------------------------------------------------
# Candidates


@dataclass(frozen=True)
class PersonCandidate:
    person: Person
    score: int
    reasons: tuple[str, ...]
    shared_keys: int


@dataclass(frozen=True)
class EventCandidate:
    event: Event
    score: int
    reasons: tuple[str, ...]


def _review_scope_q(user: Any, prefix: str = "") -> Q | None:
    """Persons and events whose identities ``user`` may read and that they may work on:
    the director everything; a monitor the governorates of their own account (not a
    nationwide role's) and what they documented; nobody else anything. The same rule
    as ``selectors.can_see_identities_of``, as a filter (``prefix`` reaches the record
    through a relation: ``"person__"``)."""
    if has_role(user, Role.DIRECTOR):
        return Q()
    if has_role(user, Role.MONITOR):
        own = Governorate.objects.filter(staff=user).values("pk")
        return Q(**{f"{prefix}governorate__in": own}) | Q(**{f"{prefix}created_by": user})
    return None


def _candidate_scope_q(person: Person, user: Any) -> Q | None:
    """The persons (through ``PersonMatchKey.person``) that may be candidates: in
    ``user``'s scope (``user=None``: ``person``'s governorate), not merged, not a group.
    Applied on the join, so the key index is searched by key only."""
    reach = (
        Q(person__governorate_id=person.governorate_id)
        if user is None
        else _review_scope_q(user, "person__")
    )
    if reach is None:
        return None
    return reach & Q(person__merged_into__isnull=True, person__is_group=False)


def _key_weights(keys: Sequence[str]) -> dict[str, float]:
    """How telling each key is: a key many persons share (the skeleton of محمد) weighs
    little, a rare one much (inverse document frequency, from one grouped query)."""
    counts = dict(
        PersonMatchKey.objects.filter(key__in=keys)
        .values_list("key")
        .annotate(n=Count("id"))
        .values_list("key", "n")
    )
    return {key: 1.0 / math.log2(2 + counts.get(key, 0)) for key in keys}


def _keys_needed(count: int) -> int:
    """Keys a candidate must share: two, or one when the name has only two (a
    three-part name with a short given name, written without the grandfather's)."""
    return 1 if count <= MIN_SHARED_KEYS else MIN_SHARED_KEYS


def _agreement(person: Person) -> Any:
    """Among candidates sharing as telling keys, those whose year of birth and sex agree
    with ``person``'s come first (neither is identifying; nothing is decrypted)."""
    agrees: Any = Value(0)
    if person.birth_year:
        year = person.birth_year
        agrees += Case(
            When(person__birth_year__range=(year - 1, year + 1), then=Value(2)),
            When(person__birth_year__isnull=True, then=Value(0)),
            default=Value(-2),
        )
    if person.sex_id:
        agrees += Case(
            When(person__sex_id=person.sex_id, then=Value(1)),
            When(person__sex__isnull=True, then=Value(0)),
            default=Value(-2),
        )
    return agrees


def person_duplicate_candidates(
    *, person: Person, user: Any = None, limit: int = PERSON_CANDIDATE_LIMIT
) -> list[PersonCandidate]:
    """Persons that may be ``person``, best first, with their scores (every candidate,
    whatever its score).

    Candidates share at least ``MIN_SHARED_KEYS`` name keys with ``person``
    (one if it has two or fewer), found by indexed queries on ``PersonMatchKey``;
    of those, the ``limit`` sharing the rarest keys (and, among equals, agreeing on
    year of birth and sex) are kept. They lie within what ``user`` may read
    (``user=None``: ``person``'s governorate), and are neither groups nor
    merged. Only the candidates are read, with their names decrypted; no
    other identifying field is loaded.
    """
    keys = sorted(set((person.match_keys or "").split()))
    if not keys or person.is_group:
        return []
    scope = _candidate_scope_q(person, user)
    if scope is None:
        return []
    weights = _key_weights(keys)
    weight = Case(
        *[When(key=key, then=Value(value)) for key, value in weights.items()],
        default=Value(0.0),
        output_field=FloatField(),
    )
    rows = (
        PersonMatchKey.objects.filter(scope, key__in=keys)
        .exclude(person_id=person.pk)
        .values("person_id", "person__birth_year", "person__sex_id")
        .annotate(shared=Count("id"), weight=Sum(weight))
        .filter(shared__gte=_keys_needed(len(keys)))
        .annotate(agrees=_agreement(person))
        .order_by("-weight", "-agrees", "-person_id")[:limit]
    )
    shared = {row["person_id"]: row["shared"] for row in rows}
    if not shared:
        return []
    found = [
        PersonCandidate(other, score.value, score.reasons, shared[other.pk])
        for other in Person.objects.filter(pk__in=shared).only(*_SCORED_PERSON_FIELDS)
        for score in [person_similarity(person, other)]
    ]
    found.sort(key=lambda c: (-c.score, -c.shared_keys, -c.person.pk))
    return found


def _event_window(event: Event) -> Q | None:
    """Events whose dates come within ``EVENT_WINDOW_DAYS`` of ``event``'s, whatever
    their precision; None when ``event`` has no date."""
    start = date_range(event.start_date, event.start_precision)
    if start is None:
        return None
    end = date_range(event.end_date, event.end_precision) or start
    low = start[0] - timedelta(days=EVENT_WINDOW_DAYS)
    high = end[1] + timedelta(days=EVENT_WINDOW_DAYS)
    # A date known to the month or the year is stored on its first day: it may end later.
    slack = {DatePrecision.EXACT: 0, DatePrecision.MONTH: 31, DatePrecision.YEAR: 366}

    def ends_after(prefix: str) -> Q:
        late_enough = Q(pk__in=[])
        for precision, days in slack.items():
            late_enough |= Q(
                **{
                    f"{prefix}_precision": precision,
                    f"{prefix}_date__gte": low - timedelta(days=days),
                }
            )
        return Q(**{f"{prefix}_date__isnull": False}) & late_enough

    return Q(start_date__lte=high) & (
        ends_after("end") | (Q(end_date__isnull=True) & ends_after("start"))
    )


def _event_facts(events: Sequence[Event]) -> dict[int, EventFacts]:
    """The facts scoring reads, for several events in two queries."""
    ids = [event.pk for event in events]
    act_types: dict[int, set[int]] = defaultdict(set)
    victims: dict[int, set[int]] = defaultdict(set)
    for event_id, act_type_id, victim_id in Act.objects.filter(event_id__in=ids).values_list(
        "event_id", "act_type_id", "victim_id"
    ):
        act_types[event_id].add(act_type_id)
        victims[event_id].add(victim_id)
    return {
        event.pk: EventFacts.of(event, act_types[event.pk], victims[event.pk]) for event in events
    }


def _same_victims(facts: EventFacts, others: dict[int, EventFacts]) -> set[int]:
    """Ids of the events in ``others`` with a victim who scores as one of ``facts``'
    victims. Only victims sharing name keys are decrypted, and only their names."""
    all_victims = set(facts.victims).union(*(other.victims for other in others.values()))
    if not facts.victims or not all_victims - facts.victims:
        return set()
    keys: dict[int, set[str]] = defaultdict(set)
    for person_id, key in PersonMatchKey.objects.filter(person_id__in=all_victims).values_list(
        "person_id", "key"
    ):
        keys[person_id].add(key)
    pairs = []
    for event_id, other in others.items():
        for mine in facts.victims:
            for theirs in other.victims - facts.victims:
                common = len(keys[mine] & keys[theirs])
                if common and common >= min(MIN_SHARED_KEYS, len(keys[mine])):
                    pairs.append((event_id, mine, theirs))
    if not pairs:
        return set()
    needed = {p for _event, mine, theirs in pairs for p in (mine, theirs)}
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in=needed, is_group=False).only(*_SCORED_PERSON_FIELDS)
    }
    matched = set()
    for event_id, mine, theirs in pairs:
        if (
            mine in people
            and theirs in people
            and person_similarity(people[mine], people[theirs]).value >= PERSON_THRESHOLD
        ):
            matched.add(event_id)
    return matched


def event_duplicate_candidates(
    *, event: Event, user: Any = None, limit: int = EVENT_CANDIDATE_LIMIT
) -> list[EventCandidate]:
    """Events that may be ``event``, best first, with their scores.

    Candidates are events ``user`` may read (``user=None``: ``event``'s
    governorate), not merged, dated within the window of ``event``'s dates,
    and in the same governorate or with a victim sharing name keys with one
    of ``event``'s victims (through ``PersonMatchKey``). Undated events are
    candidates only when both hold.
    """
    if user is None:
        scope = Event.objects.filter(governorate_id=event.governorate_id)
    else:
        reach = _review_scope_q(user)
        scope = Event.objects.filter(reach) if reach is not None else Event.objects.none()
    scope = scope.filter(merged_into__isnull=True).exclude(pk=event.pk)
    victim_ids = Act.objects.filter(event=event).values("victim_id")
    victim_keys = PersonMatchKey.objects.filter(person_id__in=victim_ids).values("key")
    sharing = Act.objects.filter(
        Q(victim_id__in=victim_ids) | Q(victim__match_key_rows__key__in=victim_keys)
    ).values("event_id")
    place = Q(governorate_id=event.governorate_id)
    victims = Q(pk__in=sharing)
    window = _event_window(event)
    condition = (window & (place | victims)) if window is not None else (place & victims)
    candidates = list(scope.filter(condition).order_by("-id")[:limit])
    if not candidates:
        return []
    facts = _event_facts([event, *candidates])
    mine = facts.pop(event.pk)
    same = _same_victims(mine, facts)
    found = []
    for candidate in candidates:
        score = event_similarity(mine, facts[candidate.pk], same_victims=candidate.pk in same)
        found.append(EventCandidate(candidate, score.value, score.reasons))
    found.sort(key=lambda c: (-c.score, -c.event.pk))
    return found


# ---------------------------------------------------------------------------
# Suggestions


def _record_suggestions(
    *,
    by: Any,
    kind: str,
    record: models.Model,
    scored: Iterable[tuple[models.Model, Score]],
) -> tuple[list[DuplicateSuggestion], int]:
    """Create or refresh the suggestions of ``record`` with each scored other record;
    decided pairs are left alone. Returns (open suggestions, how many are new)."""
    a_field, b_field = (
        ("person_a", "person_b") if kind == DuplicateKind.PERSON else ("event_a", "event_b")
    )
    existing = {
        (getattr(s, f"{a_field}_id"), getattr(s, f"{b_field}_id")): s
        for s in DuplicateSuggestion.objects.filter(kind=kind).filter(
            Q(**{a_field: record}) | Q(**{b_field: record})
        )
    }
    suggestions, new = [], 0
    for other, score in scored:
        low, high = sorted((record.pk, other.pk))
        suggestion = existing.get((low, high))
        if suggestion is None:
            suggestion = DuplicateSuggestion.objects.create(
                kind=kind,
                score=score.value,
                reasons=list(score.reasons),
                created_by=by,
                **{f"{a_field}_id": low, f"{b_field}_id": high},
            )
            new += 1
        elif suggestion.is_open:
            suggestion.score = score.value
            suggestion.reasons = list(score.reasons)
            suggestion.save(update_fields=["score", "reasons", "updated_at"])
        else:
            continue  # decided: never suggested again
        suggestions.append(suggestion)
    return suggestions, new


@transaction.atomic
def person_check_duplicates(
    *, by: Any, person: Person, threshold: int = PERSON_THRESHOLD
) -> list[DuplicateSuggestion]:
    """After ``person`` was saved: suggest the persons ``by`` may read that score at
    least ``threshold`` (pairs already decided are not suggested again).

    Returns the open suggestions involving ``person``. Audited with ids,
    counts and scores; never a name.
    """
    person_match_keys_sync(person)
    if person.merged_into_id is not None:
        return []
    candidates = person_duplicate_candidates(person=person, user=by)
    chosen = [c for c in candidates if c.score >= threshold]
    suggestions, new = _record_suggestions(
        by=by,
        kind=DuplicateKind.PERSON,
        record=person,
        scored=[(c.person, Score(c.score, c.reasons)) for c in chosen],
    )
    log_action(
        by,
        "monitoring.duplicate.checked",
        person,
        {
            "kind": DuplicateKind.PERSON.value,
            "person": person.pk,
            "candidates": len(candidates),
            "suggestions": [s.pk for s in suggestions],
            "new": new,
        },
    )
    return suggestions


@transaction.atomic
def event_check_duplicates(
    *, by: Any, event: Event, threshold: int = EVENT_THRESHOLD
) -> list[DuplicateSuggestion]:
    """After ``event`` was saved (with its acts): suggest the events ``by`` may read
    that score at least ``threshold``. Audited like ``person_check_duplicates``."""
    if event.merged_into_id is not None:
        return []
    candidates = event_duplicate_candidates(event=event, user=by)
    chosen = [c for c in candidates if c.score >= threshold]
    suggestions, new = _record_suggestions(
        by=by,
        kind=DuplicateKind.EVENT,
        record=event,
        scored=[(c.event, Score(c.score, c.reasons)) for c in chosen],
    )
    log_action(
        by,
        "monitoring.duplicate.checked",
        event,
        {
            "kind": DuplicateKind.EVENT.value,
            "event": event.pk,
            "candidates": len(candidates),
            "suggestions": [s.pk for s in suggestions],
            "new": new,
        },
    )
    return suggestions


# ---------------------------------------------------------------------------
# Review queue (selectors)


def can_review_duplicates(user: Any) -> bool:
    """Monitors and the director; never analysts (the review shows identities).
    Each suggestion also needs both its records within ``_review_scope_q``."""
    return can_document(user)


def duplicate_list_for_user(
    *, user: Any, kind: str = "", status: str | None = DuplicateStatus.OPEN
) -> QuerySet[DuplicateSuggestion]:
    """Suggestions whose two records ``user`` may read with identities and work on,
    best first.

    Open suggestions whose records were merged meanwhile are left out.
    Annotated with ``a_label``/``b_label`` (pseudonym or reference) and, for
    events, ``a_title``/``b_title``: the list decrypts nothing.
    """
    scope = _review_scope_q(user)
    if scope is None or not can_review_duplicates(user):
        return DuplicateSuggestion.objects.none()
    persons = Person.objects.filter(scope).values("pk")
    events = Event.objects.filter(scope).values("pk")
    suggestions = DuplicateSuggestion.objects.filter(
        Q(kind=DuplicateKind.PERSON, person_a__in=persons, person_b__in=persons)
        | Q(kind=DuplicateKind.EVENT, event_a__in=events, event_b__in=events)
    )
    if kind:
        suggestions = suggestions.filter(kind=kind)
    if status:
        suggestions = suggestions.filter(status=status)
    if status == DuplicateStatus.OPEN:
        suggestions = suggestions.exclude(
            Q(person_a__merged_into__isnull=False)
            | Q(person_b__merged_into__isnull=False)
            | Q(event_a__merged_into__isnull=False)
            | Q(event_b__merged_into__isnull=False)
        )
    return suggestions.annotate(
        a_label=Coalesce(F("person_a__pseudonym"), F("event_a__reference")),
        b_label=Coalesce(F("person_b__pseudonym"), F("event_b__reference")),
        a_title=F("event_a__title"),
        b_title=F("event_b__title"),
    ).order_by("-score", "-id")


def duplicate_get_for_user(*, user: Any, pk: Any) -> DuplicateSuggestion:
    """One suggestion (any status) whose two records ``user`` may read; 404 otherwise."""
    return get_object_for_user_or_404(duplicate_list_for_user(user=user, status=None), pk=pk)
