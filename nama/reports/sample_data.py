"""Generated, de-identified records to count: for the demo, the tests and the benchmark.

``generate_monitoring`` writes verified and unverified events with acts,
victims (no names: only sex, year of birth, characteristics) and perpetrator
types, spread over governorates and days, with every case the counting rules
must handle: dates known to the month or year, unknown dates, acts with their
own date, merged events, groups, several perpetrator types for one act.
``generate_requests`` and ``generate_legal`` add intake requests, legal
consultations and cases. Everything is drawn from one seeded random
generator, so the same arguments give the same rows, and written with
``bulk_create`` in batches (a million acts take a few minutes).
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from nama.core.dates import DatePrecision
from nama.core.models import Governorate, Term
from nama.intake.models import Request
from nama.legal.models import Client, Consultation, LegalCase
from nama.monitoring.models import Act, Event, Involvement, Person, VerificationState

__all__ = ["SampleCounts", "generate_legal", "generate_monitoring", "generate_requests"]

# Relative weights: Baghdad and Basra see more documentation than Halabja.
_GOVERNORATE_WEIGHTS = {
    "baghdad": 20,
    "basra": 10,
    "nineveh": 9,
    "dhiqar": 8,
    "erbil": 6,
    "sulaymaniyah": 6,
    "kirkuk": 5,
    "anbar": 5,
    "diyala": 4,
    "salahaddin": 4,
    "babil": 4,
    "najaf": 3,
    "karbala": 3,
    "wasit": 3,
    "maysan": 3,
    "qadisiyah": 3,
    "duhok": 3,
    "muthanna": 2,
    "halabja": 1,
}


@dataclass
class SampleCounts:
    events: int = 0
    acts: int = 0
    persons: int = 0
    involvements: int = 0
    requests: int = 0
    consultations: int = 0
    legal_cases: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def _terms(vocabulary: str, *, leaves_only: bool = False) -> list[Term]:
    terms = list(Term.objects.filter(vocabulary__key=vocabulary, retired_at__isnull=True))
    if leaves_only:
        parents = {term.parent_id for term in terms if term.parent_id}
        terms = [term for term in terms if term.pk not in parents]
    return terms


def _governorates() -> tuple[list[Governorate], list[int]]:
    governorates = list(Governorate.objects.order_by("sort_order", "slug"))
    weights = [_GOVERNORATE_WEIGHTS.get(g.slug, 2) for g in governorates]
    return governorates, weights


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def generate_monitoring(
    *,
    acts: int,
    start: date,
    end: date,
    created_by: Any,
    verified_by: Any,
    seed: int = 7,
    batch_events: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> SampleCounts:
    """About ``acts`` acts in events between ``start`` and ``end`` (a few more or less)."""
    rng = random.Random(seed)  # noqa: S311 (sample data, reproducible by design)
    governorates, weights = _governorates()
    act_types = _terms("act_type", leaves_only=True)
    perpetrator_types = _terms("perpetrator_type", leaves_only=True)
    statuses = {term.code: term for term in _terms("violation_status")}
    sexes = _terms("sex")
    characteristics = _terms("victim_characteristic")
    tag = secrets.token_hex(3)
    counts = SampleCounts()
    serial = 0
    while counts.acts < acts:
        with transaction.atomic():
            serial = _generate_batch(
                rng,
                counts,
                target=acts,
                batch_events=batch_events,
                serial=serial,
                tag=tag,
                start=start,
                end=end,
                created_by=created_by,
                verified_by=verified_by,
                governorates=governorates,
                weights=weights,
                act_types=act_types,
                perpetrator_types=perpetrator_types,
                statuses=statuses,
                sexes=sexes,
                characteristics=characteristics,
            )
        if progress:
            progress(counts.acts)
    return counts


def _generate_batch(
    rng: random.Random,
    counts: SampleCounts,
    *,
    target: int,
    batch_events: int,
    serial: int,
    tag: str,
    start: date,
    end: date,
    created_by: Any,
    verified_by: Any,
    governorates: list[Governorate],
    weights: list[int],
    act_types: list[Term],
    perpetrator_types: list[Term],
    statuses: dict[str, Term],
    sexes: list[Term],
    characteristics: list[Term],
) -> int:
    events: list[Event] = []
    plans: list[list[tuple[int, Term]]] = []  # per event: (victim index in batch, act type)
    persons: list[Person] = []
    person_characteristics: list[list[Term]] = []
    planned = counts.acts
    for _ in range(batch_events):
        if planned >= target:
            break
        serial += 1
        governorate = rng.choices(governorates, weights)[0]
        roll = rng.random()
        if roll < 0.80:
            precision, day = DatePrecision.EXACT, _day(rng, start, end)
        elif roll < 0.92:
            precision, day = DatePrecision.MONTH, _day(rng, start, end).replace(day=1)
        elif roll < 0.97:
            precision, day = DatePrecision.YEAR, _day(rng, start, end).replace(month=1, day=1)
        else:
            precision, day = DatePrecision.UNKNOWN, None
        verification = rng.choices(
            [VerificationState.VERIFIED, VerificationState.SUBMITTED, VerificationState.DRAFT],
            [85, 10, 5],
        )[0]
        status_code = rng.choices(["01", "02", "03", "04"], [40, 30, 20, 10])[0]
        verified = verification == VerificationState.VERIFIED
        events.append(
            Event(
                reference=f"S{tag}-{serial:07d}",
                title="",
                governorate=governorate,
                start_date=day,
                start_precision=precision,
                violation_status=statuses[status_code] if verified or rng.random() < 0.5 else None,
                verification=verification,
                verified_by=verified_by if verified else None,
                verified_at=_aware(day or start) if verified else None,
                created_by=created_by,
            )
        )
        victims = rng.choices([1, 2, 3, 4, 6, 8], [30, 25, 20, 12, 8, 5])[0]
        plan: list[tuple[int, Term]] = []
        for _victim in range(victims):
            is_group = rng.random() < 0.03
            persons.append(
                Person(
                    pseudonym=f"S{tag}-{len(persons) + counts.persons:08d}",
                    governorate=governorate,
                    is_group=is_group,
                    group_size=rng.randint(5, 40) if is_group else None,
                    sex=None if is_group or rng.random() < 0.05 else rng.choice(sexes),
                    birth_year=None if rng.random() < 0.2 else rng.randint(1950, 2015),
                    created_by=created_by,
                )
            )
            chosen = []
            if rng.random() < 0.3:
                chosen = rng.sample(characteristics, rng.choice([1, 1, 2]))
            person_characteristics.append(chosen)
            index = len(persons) - 1
            kinds = rng.sample(act_types, 2 if rng.random() < 0.15 else 1)
            for act_type in kinds:
                plan.append((index, act_type))
        # A neutral title without names, as monitors write them.
        events[-1].title = f"{plan[0][1].name_ar} - {governorate.name_ar}"
        plans.append(plan)
        planned += len(plan)

    Person.objects.bulk_create(persons, batch_size=1000)
    Event.objects.bulk_create(events, batch_size=1000)
    through = Person.characteristics.through
    through.objects.bulk_create(
        [
            through(person_id=person.pk, term_id=term.pk)
            for person, terms in zip(persons, person_characteristics, strict=True)
            for term in terms
        ],
        batch_size=2000,
    )
    acts: list[Act] = []
    for event, plan in zip(events, plans, strict=True):
        for index, act_type in plan:
            started = event.start_date
            own_date = started is not None and rng.random() < 0.3
            act_day = started + timedelta(days=rng.randrange(3)) if started and own_date else None
            person = persons[index]
            acts.append(
                Act(
                    event=event,
                    victim=person,
                    act_type=act_type,
                    victim_age=(
                        (act_day or event.start_date or end).year - person.birth_year
                        if person.birth_year and not person.is_group
                        else None
                    ),
                    date=act_day,
                    date_precision=DatePrecision.EXACT if act_day else DatePrecision.UNKNOWN,
                )
            )
    for act in acts:  # an age can come out negative for a birth year after the act
        if act.victim_age is not None and act.victim_age < 0:
            act.victim_age = None
    Act.objects.bulk_create(acts, batch_size=2000)
    involvements = []
    for act in acts:
        roll = rng.random()
        if roll < 0.1:
            continue
        for perpetrator_type in rng.sample(perpetrator_types, 2 if roll > 0.9 else 1):
            involvements.append(Involvement(act=act, perpetrator_type=perpetrator_type))
    Involvement.objects.bulk_create(involvements, batch_size=2000)
    # A few duplicates merged into another event: never counted.
    merged = [event for event in events[1:] if rng.random() < 0.01]
    if merged:
        Event.objects.filter(pk__in=[event.pk for event in merged]).update(merged_into=events[0].pk)
    counts.events += len(events)
    counts.persons += len(persons)
    counts.acts += len(acts)
    counts.involvements += len(involvements)
    return serial


def _aware(day: date) -> Any:
    from datetime import datetime, time

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def generate_requests(
    *, count: int, start: date, end: date, created_by: Any = None, seed: int = 11
) -> int:
    """``count`` intake requests received between ``start`` and ``end`` (no narratives)."""
    rng = random.Random(seed)  # noqa: S311 (sample data, reproducible by design)
    governorates, weights = _governorates()
    channels = _terms("intake_channel")
    request_types = _terms("request_type")
    tag = secrets.token_hex(3)
    rows = [
        Request(
            reference=f"Q{tag}-{index:07d}",
            channel=rng.choice(channels),
            request_type=rng.choice(request_types),
            governorate=None if rng.random() < 0.1 else rng.choices(governorates, weights)[0],
            narrative="",
            received_on=_day(rng, start, end),
            created_by=created_by,
        )
        for index in range(count)
    ]
    Request.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def generate_legal(
    *, consultations: int, cases: int, start: date, end: date, created_by: Any, seed: int = 13
) -> tuple[int, int]:
    """Legal consultations and cases (clients without names) between ``start`` and ``end``."""
    rng = random.Random(seed)  # noqa: S311 (sample data, reproducible by design)
    governorates, weights = _governorates()
    services = _terms("legal_service")
    tag = secrets.token_hex(3)
    Consultation.objects.bulk_create(
        [
            Consultation(
                governorate=rng.choices(governorates, weights)[0],
                service=rng.choice(services) if rng.random() < 0.9 else None,
                subject="Sample consultation",
                advice="",
                given_by=created_by,
                given_on=_day(rng, start, end),
            )
            for _ in range(consultations)
        ],
        batch_size=1000,
    )
    clients = [
        Client(governorate=governorate, name="", created_by=created_by)
        for governorate in rng.choices(governorates, weights, k=cases)
    ]
    Client.objects.bulk_create(clients, batch_size=1000)
    LegalCase.objects.bulk_create(
        [
            LegalCase(
                reference=f"L{tag}-{index:07d}",
                client=client,
                governorate=client.governorate,
                service=rng.choice(services),
                subject="Sample case",
                opened_on=_day(rng, start, end),
                created_by=created_by,
            )
            for index, client in enumerate(clients)
        ],
        batch_size=1000,
    )
    return consultations, cases
