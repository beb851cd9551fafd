"""Precision and recall of duplicate-person detection on generated Iraqi names.

Run from the repository root (a few seconds, SQLite in memory)::

    .venv/bin/python bench/bench_name_matching.py            # figures only
    .venv/bin/python bench/bench_name_matching.py --write    # and append them to bench/results.md
    .venv/bin/python bench/bench_name_matching.py --matching /tmp/matching.py   # a changed
        # copy of nama/monitoring/matching.py, to measure a change of the keys first

What it does:

1. Stores ``--persons`` different people (``namevariants.distinct_people``:
   Arabic and Kurdish, four-part names mostly, a Latin spelling for some,
   year of birth and sex mostly known) the way the app does (encrypted names,
   blind-indexed ``match_keys``, one ``PersonMatchKey`` row per key).
2. Looks up, as ``person_duplicate_candidates`` does after a save, a variant of
   ``--queries`` of them in every family of ``namevariants.FAMILIES`` (the year
   of birth off by one at times), plus as many new people (not stored) and as
   many brothers and sisters of stored people (same father, grandfather and
   family name): a suggestion for those is a false one.
3. Reports, for the candidate step (shared keys) and for candidate + score at
   ``PERSON_THRESHOLD``: recall (the true person is found), precision (found
   records that are the true person), per family, a threshold sweep, the same
   with ``matching.score_names`` alone as the score, and the time per lookup.

Every number comes from a seeded generator: the same command gives the same
figures (times aside).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nama.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

RESULTS = ROOT / "bench" / "results.md"
SWEEP = (60, 70, 75, 80, 85, 90, 95)


@dataclass
class Tally:
    """Counts for one way of deciding (candidates, or candidates above a threshold)."""

    positives: int = 0  # lookups whose true person is stored
    found: int = 0  # ... and was returned
    returned: int = 0  # records returned, over every lookup
    correct: int = 0  # ... that were the true person
    per_family: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    false_on_new: int = 0  # lookups of new people with anything returned
    false_on_siblings: int = 0  # lookups of siblings with anything returned

    def add(self, family: str, truth: int | None, returned: Sequence[int]) -> None:
        self.returned += len(returned)
        if truth is None:
            if returned and family == "new person":
                self.false_on_new += 1
            if returned and family == "sibling":
                self.false_on_siblings += 1
            return
        hit = truth in returned
        self.positives += 1
        self.found += hit
        self.correct += hit
        self.per_family[family][0] += hit
        self.per_family[family][1] += 1

    @property
    def recall(self) -> float:
        return self.found / self.positives if self.positives else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.returned if self.returned else 1.0


def _setup_database() -> str:
    """A throw-away test database, as the test suite makes (SQLite: in memory); returns
    the name of the real one, for ``_teardown_database``."""
    setup_test_environment()
    real_name: str = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return real_name


def _teardown_database(real_name: str) -> None:
    connection.creation.destroy_test_db(real_name, verbosity=0)


def _store(people: Sequence[Any], rng: random.Random) -> dict[int, int]:
    """Store the people as Person rows (as person_create would); person index → pk."""
    from nama.core.models import Term
    from nama.core.reference_data import load_reference_data
    from nama.monitoring import matching
    from nama.monitoring.duplicates import person_match_keys_rebuild
    from nama.monitoring.models import Person
    from nama.monitoring.namevariants import latin_spelling
    from nama.testing.personas import Personas

    load_reference_data()
    cast = Personas()
    director, governorate = cast.director, cast.baghdad
    sexes = {"m": Term.objects.of("sex").get(code="02"), "f": Term.objects.of("sex").get(code="01")}
    rows = []
    for i, generated in enumerate(people):
        latin = (
            " ".join(latin_spelling(part, rng) for part in generated.parts)
            if rng.random() < 0.3
            else ""
        )
        person = Person(
            pseudonym=f"B-{i:07d}",
            governorate=governorate,
            created_by=director,
            name=generated.name,
            name_latin=latin,
            birth_year=generated.birth_year if rng.random() < 0.7 else None,
            sex=sexes[generated.sex] if rng.random() < 0.9 else None,
        )
        person.match_keys = matching.person_keys(person)
        rows.append(person)
    Person.objects.bulk_create(rows, batch_size=1000)
    person_match_keys_rebuild()
    pks = dict(Person.objects.values_list("pseudonym", "pk"))
    return {i: pks[f"B-{i:07d}"] for i in range(len(people))}


def _probe(name: str, name_latin: str, generated: Any, rng: random.Random, sexes: dict) -> Any:
    """An unsaved person as a second record would write them down."""
    from nama.monitoring import matching
    from nama.monitoring.models import Person
    from nama.testing.personas import Personas

    probe = Person(
        pseudonym="probe",
        governorate=Personas().baghdad,
        name=name,
        name_latin=name_latin,
        birth_year=generated.birth_year if rng.random() < 0.6 else None,
        sex=sexes[generated.sex] if rng.random() < 0.8 else None,
    )
    probe.match_keys = matching.person_keys(probe)
    return probe


def _names_score(a: Any, b: Any) -> int:
    """``matching.score_names`` alone, best pair of names."""
    from nama.monitoring import matching
    from nama.monitoring.duplicate_scoring import person_names

    return round(
        max(
            (matching.score_names(x, y) for _f, x in person_names(a) for _g, y in person_names(b)),
            default=0.0,
        )
    )


def run(persons: int, queries: int, seed: int, limit: int | None = None) -> dict[str, Any]:
    """Build the database, look everything up, and return the figures."""
    rng = random.Random(seed)
    started = time.perf_counter()
    real_name = _setup_database()
    try:
        return _measure(persons, queries, seed, limit, rng, started)
    finally:
        _teardown_database(real_name)


def _measure(
    persons: int, queries: int, seed: int, limit: int | None, rng: random.Random, started: float
) -> dict[str, Any]:
    from nama.core.models import Term
    from nama.monitoring import namevariants
    from nama.monitoring.duplicate_scoring import PERSON_THRESHOLD
    from nama.monitoring.duplicates import PERSON_CANDIDATE_LIMIT, person_duplicate_candidates
    from nama.monitoring.models import PersonMatchKey
    from nama.testing.personas import Personas

    test_name = connection.settings_dict["NAME"]
    database = f"{connection.vendor} ({'in memory' if 'memory' in str(test_name) else test_name})"
    people = namevariants.distinct_people(persons, rng)
    stored = _store(people, rng)
    setup_seconds = time.perf_counter() - started
    director = Personas().director
    sexes = {"m": Term.objects.of("sex").get(code="02"), "f": Term.objects.of("sex").get(code="01")}

    lookups: list[tuple[str, int | None, Any]] = []
    sample = rng.sample(range(persons), k=min(queries, persons))
    for index in sample:
        generated = namevariants.with_birth_year_noise(people[index], rng)
        for made in namevariants.variants(generated, rng):
            probe = _probe(made.name, made.name_latin, generated, rng, sexes)
            lookups.append((made.family, stored[index], probe))
    taken = {p.key for p in people}
    for newcomer in namevariants.distinct_people(len(sample), rng, exclude=taken):
        lookups.append(("new person", None, _probe(newcomer.name, "", newcomer, rng, sexes)))
    for index in sample:
        brother = namevariants.sibling(people[index], rng)
        if brother.key not in taken:
            lookups.append(("sibling", None, _probe(brother.name, "", brother, rng, sexes)))

    candidates_tally = Tally()
    chosen_tally = Tally()
    sweep = {threshold: Tally() for threshold in SWEEP}
    names_only = {threshold: Tally() for threshold in SWEEP}
    times: list[float] = []
    candidate_counts: list[int] = []
    for family, truth, probe in lookups:
        t0 = time.perf_counter()
        found = person_duplicate_candidates(
            person=probe, user=director, limit=limit or PERSON_CANDIDATE_LIMIT
        )
        times.append(time.perf_counter() - t0)
        candidate_counts.append(len(found))
        candidates_tally.add(family, truth, [c.person.pk for c in found])
        chosen_tally.add(family, truth, [c.person.pk for c in found if c.score >= PERSON_THRESHOLD])
        for threshold, tally in sweep.items():
            tally.add(family, truth, [c.person.pk for c in found if c.score >= threshold])
        plain = [(c.person.pk, _names_score(probe, c.person)) for c in found]
        for threshold, tally in names_only.items():
            tally.add(family, truth, [pk for pk, score in plain if score >= threshold])

    return {
        "persons": persons,
        "keys": PersonMatchKey.objects.count(),
        "lookups": len(lookups),
        "positives": candidates_tally.positives,
        "new": sum(1 for f, _t, _p in lookups if f == "new person"),
        "siblings": sum(1 for f, _t, _p in lookups if f == "sibling"),
        "threshold": PERSON_THRESHOLD,
        "candidates": candidates_tally,
        "chosen": chosen_tally,
        "sweep": sweep,
        "names_only": names_only,
        "mean_ms": 1000 * statistics.fmean(times),
        "p95_ms": 1000 * statistics.quantiles(times, n=20)[-1],
        "mean_candidates": statistics.fmean(candidate_counts),
        "max_candidates": max(candidate_counts),
        "setup_seconds": setup_seconds,
        "seed": seed,
        "limit": limit or PERSON_CANDIDATE_LIMIT,
        "database": database,
    }


def _pct(value: float) -> str:
    return f"{100 * value:.1f} %"


def report(result: dict[str, Any], command: str) -> str:
    c, s = result["candidates"], result["chosen"]
    lines = [
        f"### Name matching, {datetime.now(UTC):%Y-%m-%d}",
        "",
        f"- Command: `{command}`",
        f"- Machine: {_machine()}, {result['database']}",
        f"- Data: {result['persons']} stored persons ({result['keys']} key rows), "
        f"{result['lookups']} lookups: {result['positives']} variants of stored persons, "
        f"{result['new']} new people, {result['siblings']} brothers and sisters of stored "
        f"persons; seed {result['seed']}",
        "",
        "| Step | Recall | Precision | False on new people | False on siblings |",
        "|---|---|---|---|---|",
        f"| Candidates (shared keys) | {_pct(c.recall)} | {_pct(c.precision)} | "
        f"{c.false_on_new}/{result['new']} | {c.false_on_siblings}/{result['siblings']} |",
        f"| Candidates + score ≥ {result['threshold']} | {_pct(s.recall)} | {_pct(s.precision)} | "
        f"{s.false_on_new}/{result['new']} | {s.false_on_siblings}/{result['siblings']} |",
        "",
        f"Time per lookup (key query, decrypting and scoring the candidates): mean "
        f"{result['mean_ms']:.2f} ms, 95th percentile {result['p95_ms']:.2f} ms; "
        f"{result['mean_candidates']:.1f} candidates on average, at most "
        f"{result['max_candidates']} (the limit is {result['limit']}).",
        "",
        "Recall per family of variants (candidates → suggested):",
        "",
        "| Family | Lookups | Candidates | Suggested |",
        "|---|---|---|---|",
    ]
    for family, (hit, total) in sorted(c.per_family.items()):
        chosen_hit = s.per_family[family][0]
        lines.append(f"| {family} | {total} | {_pct(hit / total)} | {_pct(chosen_hit / total)} |")
    lines += [
        "",
        "Threshold sweep: structured score (duplicate_scoring) against "
        "`matching.score_names` alone:",
        "",
        "| Threshold | Recall | Precision | Siblings suggested | score_names recall "
        "| score_names precision | score_names siblings |",
        "|---|---|---|---|---|---|---|",
    ]
    for threshold in SWEEP:
        t, n = result["sweep"][threshold], result["names_only"][threshold]
        lines.append(
            f"| {threshold} | {_pct(t.recall)} | {_pct(t.precision)} | {t.false_on_siblings} | "
            f"{_pct(n.recall)} | {_pct(n.precision)} | {n.false_on_siblings} |"
        )
    lines.append("")
    return "\n".join(lines)


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def use_matching(path: str) -> None:
    """Replace the functions and tables of nama.monitoring.matching by those of the file
    at ``path`` (a changed copy of it), for this run only."""
    import importlib.util

    from nama.monitoring import matching

    spec = importlib.util.spec_from_file_location("proposed_matching", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    proposed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(proposed)
    for name, value in vars(proposed).items():
        if not name.startswith("__"):
            setattr(matching, name, value)


def main(argv: Sequence[str] | None = None, out: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=3000, help="stored persons")
    parser.add_argument("--queries", type=int, default=100, help="stored persons looked up")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--limit", type=int, help="candidates kept per lookup (default: the app's)")
    parser.add_argument("--write", action="store_true", help="append to bench/results.md")
    parser.add_argument(
        "--matching", metavar="PATH", help="a changed copy of nama/monitoring/matching.py to use"
    )
    args = parser.parse_args(argv)
    if args.matching:
        use_matching(args.matching)
    result = run(args.persons, args.queries, args.seed, args.limit)
    command = ".venv/bin/python bench/bench_name_matching.py " + " ".join(
        a for a in (argv if argv is not None else sys.argv[1:]) if a != "--write"
    )
    text = report(result, command.strip())
    out(text)
    out(f"(set-up {result['setup_seconds']:.1f} s)")
    if args.write:
        with RESULTS.open("a", encoding="utf-8") as results:
            results.write("\n" + text)
        out(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
