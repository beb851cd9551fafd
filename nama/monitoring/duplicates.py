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

from django.apps import apps
from django.db import models, transaction
from django.db.models import Case, Count, F, FloatField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nama.core.audit import log_action
from nama.core.dates import DatePrecision
from nama.core.evidence.models import EvidenceFile
from nama.core.models import Governorate
from nama.core.roles import Role, has_role
from nama.core.scoping import get_object_for_user_or_404
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
    VerificationComment,
    VerificationState,
)
from nama.monitoring.selectors import can_document
from nama.monitoring.services import MonitoringError

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
    "person_match_keys_rebuild",
    "person_match_keys_sync",
    "person_merge",
    "person_merge_undo",
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

# Every link to a person that a merge moves: (model, field).
PERSON_LINKS: tuple[tuple[type[models.Model], str], ...] = (
    (Act, "victim"),
    (Involvement, "perpetrator"),
    (Information, "source"),
    (Information, "person"),
    (Intervention, "victim"),
    (Intervention, "by_party"),
    (Consent, "person"),
)
# Reverse relations of Person a merge leaves alone, and why: the chain of
# merges, the person's own name keys, and the merge records themselves.
PERSON_LINKS_NOT_MOVED = frozenset({"merged_persons", "match_key_rows", "merges_out", "merges_in"})

EVENT_LINKS: tuple[tuple[type[models.Model], str], ...] = (
    (Act, "event"),
    (Information, "event"),
    (Intervention, "event"),
    (EventRelation, "from_event"),
    (EventRelation, "to_event"),
    (VerificationComment, "event"),
)
EVENT_LINKS_NOT_MOVED = frozenset({"merged_events", "merges_out", "merges_in"})


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
    returns the number of rows written. For a restore or a change of keys."""
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


def merge_for_suggestion(suggestion: DuplicateSuggestion) -> PersonMerge | EventMerge | None:
    """The merge made from ``suggestion`` that is still in force, if any."""
    model: type[PersonMerge] | type[EventMerge] = (
        PersonMerge if suggestion.kind == DuplicateKind.PERSON else EventMerge
    )
    return (
        model.objects.filter(suggestion=suggestion, undone_at__isnull=True)
        .order_by("-merged_at", "-id")
        .first()
    )


# ---------------------------------------------------------------------------
# Merging


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _move(
    moves: list[dict[str, Any]],
    queryset: QuerySet[Any],
    field: str,
    source: Any,
    target: Any,
) -> int:
    """Point ``field`` of every row of ``queryset`` from ``source`` to ``target`` and
    write down which rows moved."""
    ids = sorted(queryset.values_list("pk", flat=True))
    if not ids:
        return 0
    queryset.model._default_manager.filter(pk__in=ids).update(**{field: target})
    moves.append(
        {"model": _label(queryset.model), "field": field, "ids": ids, "from": source, "to": target}
    )
    return len(ids)


def _move_evidence(moves: list[dict[str, Any]], source: models.Model, target: models.Model) -> int:
    files = EvidenceFile.objects.of(source)
    return _move(moves, files, "owner_id", str(source.pk), str(target.pk))


def _counts(moves: Sequence[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for move in moves:
        name = move.get("m2m") or f"{move['model']}.{move['field']}"
        counts[name] += len(move["ids"])
    return dict(sorted(counts.items()))


def _lock(model: type[models.Model], *pks: int) -> dict[int, Any]:
    """Fresh copies of the rows, locked until the transaction ends (PostgreSQL)."""
    rows = model._default_manager.select_for_update().filter(pk__in=pks).only("pk", "merged_into")
    return {row.pk: row for row in rows}


def _check_mergeable(model: type[models.Model], source: Any, target: Any) -> None:
    if source.pk == target.pk:
        raise MonitoringError(_("A record cannot be merged into itself."), code="same")
    fresh = _lock(model, source.pk, target.pk)
    if any(fresh[pk].merged_into_id is not None for pk in (source.pk, target.pk)):
        raise MonitoringError(
            _("One of the two records was already merged. Reload the page."), code="merged"
        )


def _close_suggestion(
    suggestion: DuplicateSuggestion | None, by: Any, status: str
) -> DuplicateSuggestion | None:
    if suggestion is None:
        return None
    suggestion.status = status
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return suggestion


def _pair_suggestion(kind: str, source: Any, target: Any) -> DuplicateSuggestion | None:
    low, high = sorted((source.pk, target.pk))
    a, b = (
        ("person_a_id", "person_b_id")
        if kind == DuplicateKind.PERSON
        else ("event_a_id", "event_b_id")
    )
    return (
        DuplicateSuggestion.objects.filter(kind=kind, status=DuplicateStatus.OPEN)
        .filter(**{a: low, b: high})
        .first()
    )


@transaction.atomic
def person_merge(
    *, by: Any, source: Person, target: Person, suggestion: DuplicateSuggestion | None = None
) -> PersonMerge:
    """Merge person ``source`` into ``target``: every act, involvement, information,
    intervention, consent and evidence file of ``source`` moves to ``target``,
    with the characteristics ``target`` lacks; ``source.merged_into`` is set.

    An act ``target`` already has (same event, same type of act) stays with
    ``source`` rather than be counted twice, and is listed in ``kept``.
    Returns the ``PersonMerge`` that ``person_merge_undo`` reverses.
    """
    _check_mergeable(Person, source, target)
    moves: list[dict[str, Any]] = []
    kept: list[dict[str, Any]] = []
    target_acts = set(Act.objects.filter(victim=target).values_list("event_id", "act_type_id"))
    clashing = [
        pk
        for pk, event_id, act_type_id in Act.objects.filter(victim=source).values_list(
            "pk", "event_id", "act_type_id"
        )
        if (event_id, act_type_id) in target_acts
    ]
    if clashing:
        kept.append({"model": _label(Act), "ids": sorted(clashing), "why": "same_act"})
    for model, field in PERSON_LINKS:
        rows = model._default_manager.filter(**{field: source})
        if model is Act:
            rows = rows.exclude(pk__in=clashing)
        _move(moves, rows, f"{field}_id", source.pk, target.pk)
    _move_evidence(moves, source, target)
    added = sorted(
        set(source.characteristics.values_list("pk", flat=True))
        - set(target.characteristics.values_list("pk", flat=True))
    )
    if added:
        target.characteristics.add(*added)
        moves.append({"m2m": "characteristics", "ids": added, "to": target.pk})
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    suggestion = suggestion or _pair_suggestion(DuplicateKind.PERSON, source, target)
    _close_suggestion(suggestion, by, DuplicateStatus.MERGED)
    merge = PersonMerge.objects.create(
        source=source, target=target, moves=moves, kept=kept, suggestion=suggestion, merged_by=by
    )
    log_action(
        by,
        "monitoring.person.merged",
        source,
        {
            "person": source.pk,
            "into": target.pk,
            "merge": merge.pk,
            "suggestion": suggestion.pk if suggestion else None,
            "moved": _counts(moves),
            "kept": sum(len(k["ids"]) for k in kept),
        },
    )
    return merge


def _undo_moves(moves: Sequence[dict[str, Any]], target: models.Model) -> tuple[int, int]:
    """Put every recorded row back, newest move first; (restored, missing)."""
    restored = missing = 0
    for move in reversed(moves):
        if "m2m" in move:
            manager = getattr(target, move["m2m"])
            still = set(manager.filter(pk__in=move["ids"]).values_list("pk", flat=True))
            manager.remove(*still)
            restored += len(still)
            missing += len(move["ids"]) - len(still)
            continue
        model = apps.get_model(move["model"])
        done = model._default_manager.filter(
            pk__in=move["ids"], **{move["field"]: move["to"]}
        ).update(**{move["field"]: move["from"]})
        restored += done
        missing += len(move["ids"]) - done
    return restored, missing


def _check_undoable(merge: PersonMerge | EventMerge) -> None:
    if merge.is_undone:
        raise MonitoringError(_("This merge was already undone."), code="undone")
    model = type(merge.source)
    fresh = _lock(model, merge.source_id, merge.target_id)
    if fresh[merge.source_id].merged_into_id != merge.target_id:
        raise MonitoringError(_("This merge is no longer in force."), code="stale")
    if fresh[merge.target_id].merged_into_id is not None:
        raise MonitoringError(
            _("The kept record was merged into another one since. Undo that merge first."),
            code="later_merge",
        )


def _reopen(merge: PersonMerge | EventMerge) -> None:
    suggestion = merge.suggestion
    if suggestion is not None and suggestion.status == DuplicateStatus.MERGED:
        suggestion.status = DuplicateStatus.OPEN
        suggestion.decided_by = None
        suggestion.decided_at = None
        suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])


@transaction.atomic
def person_merge_undo(*, by: Any, merge: PersonMerge) -> PersonMerge:
    """Reverse ``merge``: the rows it moved go back to the merged person, the
    characteristics it added leave the kept one, and the merged person is a
    record of its own again. The suggestion it came from is open again.

    Rows deleted since the merge cannot come back; they are counted as
    ``missing`` in the audit entry.
    """
    _check_undoable(merge)
    source, target = merge.source, merge.target
    restored, missing = _undo_moves(merge.moves, target)
    source.merged_into = None
    source.save(update_fields=["merged_into", "updated_at"])
    merge.undone_by = by
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    _reopen(merge)
    log_action(
        by,
        "monitoring.person.merge_undone",
        source,
        {
            "person": source.pk,
            "from": target.pk,
            "merge": merge.pk,
            "restored": restored,
            "missing": missing,
        },
    )
    return merge


def _involvement_key(row: Involvement) -> tuple[Any, ...]:
    return (row.perpetrator_id, row.perpetrator_type_id, row.degree)


@transaction.atomic
def event_merge(
    *, by: Any, source: Event, target: Event, suggestion: DuplicateSuggestion | None = None
) -> EventMerge:
    """Merge event ``source`` into ``target``: its acts, information, interventions,
    relations, verification comments, evidence files and rights affected move to
    ``target``; ``source.merged_into`` is set.

    An act ``target`` already has (same victim, same type of act) stays with
    ``source`` (it would be counted twice), but its perpetrators move to
    ``target``'s act. A relation that would link ``target`` to itself or
    repeat one it has stays too. An unverified event cannot be merged into a
    verified one: its acts would count in statistics without verification.
    """
    if target.verification == VerificationState.VERIFIED and source.verification != (
        VerificationState.VERIFIED
    ):
        raise MonitoringError(
            _(
                "This event is verified and the other is not: keep the other one, or "
                "return this one to draft first."
            ),
            code="verification",
        )
    _check_mergeable(Event, source, target)
    moves: list[dict[str, Any]] = []
    kept: list[dict[str, Any]] = []

    target_acts = {
        (victim_id, act_type_id): pk
        for pk, victim_id, act_type_id in Act.objects.filter(event=target).values_list(
            "pk", "victim_id", "act_type_id"
        )
    }
    clashing: dict[int, int] = {}  # source act → the same act of the target
    for pk, victim_id, act_type_id in Act.objects.filter(event=source).values_list(
        "pk", "victim_id", "act_type_id"
    ):
        if (victim_id, act_type_id) in target_acts:
            clashing[pk] = target_acts[(victim_id, act_type_id)]
    if clashing:
        kept.append({"model": _label(Act), "ids": sorted(clashing), "why": "same_act"})
        existing = {
            (row.act_id, *_involvement_key(row))
            for row in Involvement.objects.filter(act_id__in=clashing.values())
        }
        for source_act, target_act in sorted(clashing.items()):
            movable = [
                row.pk
                for row in Involvement.objects.filter(act_id=source_act)
                if (target_act, *_involvement_key(row)) not in existing
            ]
            involvements = Involvement.objects.filter(pk__in=movable)
            _move(moves, involvements, "act_id", source_act, target_act)

    relations_kept = []
    target_relations = set(
        EventRelation.objects.filter(Q(from_event=target) | Q(to_event=target)).values_list(
            "from_event_id", "to_event_id", "relation"
        )
    )
    for pk, from_id, to_id, relation in EventRelation.objects.filter(
        Q(from_event=source) | Q(to_event=source)
    ).values_list("pk", "from_event_id", "to_event_id", "relation"):
        new_from = target.pk if from_id == source.pk else from_id
        new_to = target.pk if to_id == source.pk else to_id
        if new_from == new_to or (new_from, new_to, relation) in target_relations:
            relations_kept.append(pk)
        else:
            target_relations.add((new_from, new_to, relation))
    if relations_kept:
        kept.append({"model": _label(EventRelation), "ids": relations_kept, "why": "same_relation"})

    for model, field in EVENT_LINKS:
        rows = model._default_manager.filter(**{field: source})
        if model is Act:
            rows = rows.exclude(pk__in=clashing)
        if model is EventRelation:
            rows = rows.exclude(pk__in=relations_kept)
        _move(moves, rows, f"{field}_id", source.pk, target.pk)
    _move_evidence(moves, source, target)
    added = sorted(
        set(source.rights_affected.values_list("pk", flat=True))
        - set(target.rights_affected.values_list("pk", flat=True))
    )
    if added:
        target.rights_affected.add(*added)
        moves.append({"m2m": "rights_affected", "ids": added, "to": target.pk})
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    suggestion = suggestion or _pair_suggestion(DuplicateKind.EVENT, source, target)
    _close_suggestion(suggestion, by, DuplicateStatus.MERGED)
    merge = EventMerge.objects.create(
        source=source, target=target, moves=moves, kept=kept, suggestion=suggestion, merged_by=by
    )
    log_action(
        by,
        "monitoring.event.merged",
        source,
        {
            "event": source.pk,
            "into": target.pk,
            "merge": merge.pk,
            "suggestion": suggestion.pk if suggestion else None,
            "moved": _counts(moves),
            "kept": sum(len(k["ids"]) for k in kept),
        },
    )
    return merge


@transaction.atomic
def event_merge_undo(*, by: Any, merge: EventMerge) -> EventMerge:
    """Reverse ``merge`` (see ``person_merge_undo``)."""
    _check_undoable(merge)
    source, target = merge.source, merge.target
    restored, missing = _undo_moves(merge.moves, target)
    source.merged_into = None
    source.save(update_fields=["merged_into", "updated_at"])
    merge.undone_by = by
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    _reopen(merge)
    log_action(
        by,
        "monitoring.event.merge_undone",
        source,
        {
            "event": source.pk,
            "from": target.pk,
            "merge": merge.pk,
            "restored": restored,
            "missing": missing,
        },
    )
    return merge


# ---------------------------------------------------------------------------
# Decisions on a suggestion


def _check_open(suggestion: DuplicateSuggestion) -> None:
    if not suggestion.is_open:
        raise MonitoringError(_("This suggestion was already decided."), code="decided")


@transaction.atomic
def duplicate_merge(
    *, by: Any, suggestion: DuplicateSuggestion, keep: str
) -> PersonMerge | EventMerge:
    """Merge the pair of ``suggestion``, keeping its ``"a"`` (first) or ``"b"`` record."""
    _check_open(suggestion)
    if keep not in ("a", "b"):
        raise MonitoringError(_("Choose the record to keep."), code="keep")
    if suggestion.kind == DuplicateKind.PERSON:
        persons = (suggestion.person_a, suggestion.person_b)
        kept_person, merged_person = persons if keep == "a" else persons[::-1]
        assert kept_person is not None
        assert merged_person is not None
        return person_merge(by=by, source=merged_person, target=kept_person, suggestion=suggestion)
    events = (suggestion.event_a, suggestion.event_b)
    kept_event, merged_event = events if keep == "a" else events[::-1]
    assert kept_event is not None
    assert merged_event is not None
    return event_merge(by=by, source=merged_event, target=kept_event, suggestion=suggestion)


@transaction.atomic
def duplicate_mark_not_duplicate(
    *, by: Any, suggestion: DuplicateSuggestion
) -> DuplicateSuggestion:
    """The two records are different: the pair is never suggested again."""
    _check_open(suggestion)
    _close_suggestion(suggestion, by, DuplicateStatus.NOT_DUPLICATE)
    log_action(
        by,
        "monitoring.duplicate.not_duplicate",
        suggestion,
        {"suggestion": suggestion.pk, "kind": suggestion.kind},
    )
    return suggestion


@transaction.atomic
def duplicate_undo(*, by: Any, suggestion: DuplicateSuggestion) -> PersonMerge | EventMerge:
    """Undo the merge made from ``suggestion``; the suggestion is open again."""
    merge = merge_for_suggestion(suggestion)
    if merge is None:
        raise MonitoringError(_("There is no merge to undo."), code="no_merge")
    if isinstance(merge, PersonMerge):
        return person_merge_undo(by=by, merge=merge)
    return event_merge_undo(by=by, merge=merge)
