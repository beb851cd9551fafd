"""Merging duplicate persons and events, and undoing a merge (the deciding half of
``nama.monitoring.duplicates``, which re-exports everything here).

A merge moves every link of the merged record to the kept one and writes down
exactly which rows moved (``PersonMerge`` / ``EventMerge``: model, field, ids,
from, to), so ``*_merge_undo`` puts back exactly that. A row the kept record
already has (the same act) stays with the merged record rather than be
counted twice, and is listed as kept. Merge and undo are audited with ids and
counts only; the merged record stays, with ``merged_into`` set.

Keyword-only, atomic, audited; callers fetch both records (or the suggestion)
through a scoped selector and check ``duplicates.can_review_duplicates``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nama.core.audit import log_action
from nama.core.evidence.models import EvidenceFile
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
    PersonMerge,
    VerificationComment,
    VerificationState,
)
from nama.monitoring.services import MonitoringError

__all__ = [
    "EVENT_LINKS",
    "EVENT_LINKS_NOT_MOVED",
    "PERSON_LINKS",
    "PERSON_LINKS_NOT_MOVED",
    "duplicate_mark_not_duplicate",
    "duplicate_merge",
    "duplicate_undo",
    "event_merge",
    "event_merge_undo",
    "merge_for_suggestion",
    "person_links",
    "person_merge",
    "person_merge_undo",
    "register_person_link",
]

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
# Links to a person from apps above monitoring (a network member who is also a
# victim), added by those apps when Django starts: merges move them too.
OTHER_PERSON_LINKS: list[tuple[type[models.Model], str]] = []


def register_person_link(model: type[models.Model], field: str) -> None:
    """Have person merges (and their undo) move ``model.field`` like their own links."""
    if (model, field) not in OTHER_PERSON_LINKS:
        OTHER_PERSON_LINKS.append((model, field))


def person_links() -> tuple[tuple[type[models.Model], str], ...]:
    """Every link to a person a merge moves: monitoring's own and the registered ones."""
    return (*PERSON_LINKS, *OTHER_PERSON_LINKS)


EVENT_LINKS: tuple[tuple[type[models.Model], str], ...] = (
    (Act, "event"),
    (Information, "event"),
    (Intervention, "event"),
    (EventRelation, "from_event"),
    (EventRelation, "to_event"),
    (VerificationComment, "event"),
)
EVENT_LINKS_NOT_MOVED = frozenset({"merged_events", "merges_out", "merges_in"})


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
    for model, field in person_links():
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
