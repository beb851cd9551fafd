"""Speed of library search as people use it: 100,000 generated Arabic resources.

Run from the repository root::

    .venv/bin/python bench/bench_library_search.py                 # SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nama_bench \\
        .venv/bin/python bench/bench_library_search.py             # PostgreSQL
    .venv/bin/python bench/bench_library_search.py --write         # append to bench/results.md

``bench_search.py`` measures the index alone; this one goes through the app:

1. A throw-away database (as ``bench_search.py``), reference data loaded,
   one staff member (analyst) and ``--resources`` library ``Resource`` rows
   generated with ``bench_search.Writer`` (Arabic titles, summaries and
   bodies with the spellings people type; 10 % internal; 20 collections; one
   or two of the 12 topics each), written with ``bulk_create`` and indexed
   with the service's own folding (``bulk_create`` of ``SearchEntry`` +
   ``services.rebuild_index()``). ``resource_index`` (the path a saved
   resource takes) is timed on 1,000 of them.
2. For each of ``--queries`` queries, three calls are timed:
   - **public site search**: ``search_for_user(user=AnonymousUser(), ...)``;
   - **staff site search**: ``search_for_user(user=analyst, ...)``, scoped by
     every registered selector (requests, events, cases, library) as SQL
     subqueries;
   - **staff library search with a topic filter**: ``resource_search(user=
     analyst, topic=...)``, the library page with a filter.
   Each call issues a COUNT and the ranked SELECT; both statements are
   captured (``connection.execute_wrapper``) and re-run as they are with a
   cursor: the **raw** time. The ratio app/raw is the cost of the Python side
   (query folding, scopes, snippets, highlighting).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_search as base
from django.db import connection, transaction

ROOT = base.ROOT
RESULTS = base.RESULTS


def _generate(count: int, rng: random.Random, writer: Any) -> list[int]:
    from nama.core.models import Term
    from nama.library.models import Collection, Resource
    from nama.library.search import KIND
    from nama.searchindex import services
    from nama.searchindex.models import SearchEntry

    collections = [Collection.objects.create(title=f"مجموعة {n}", slug=f"c{n}") for n in range(20)]
    topics = list(Term.objects.of("library_topic"))
    through = Resource.topics.through
    words = services._words
    ids: list[int] = []
    for start in range(0, count, 1000):
        entries = [writer.entry(i) for i in range(start, min(count, start + 1000))]
        with transaction.atomic():
            resources = Resource.objects.bulk_create(
                [
                    Resource(
                        title=e["title"][:300],
                        summary=e["summary"][:5000],
                        body=e["body"],
                        language=e["language"],
                        visibility=e["visibility"],
                        collection=rng.choice(collections),
                        position=i,
                    )
                    for i, e in enumerate(entries)
                ]
            )
            through.objects.bulk_create(
                [
                    through(resource_id=r.pk, term_id=t.pk)
                    for r in resources
                    for t in rng.sample(topics, rng.choice([1, 2]))
                ]
            )
            SearchEntry.objects.bulk_create(
                [
                    SearchEntry(
                        kind=KIND,
                        object_id=str(r.pk),
                        visibility=r.visibility,
                        language=r.language,
                        url=f"/library/{r.pk}/",
                        display_title=r.title,
                        snippet_source=f"{r.summary}\n{r.body}"[: services.SNIPPET_SOURCE_CHARS],
                        title=words(r.title),
                        summary=words(f"{r.summary}\n{r.collection.title}"),  # type: ignore[union-attr]
                        body=words(r.body),
                    )
                    for r in resources
                ]
            )
        ids.extend(r.pk for r in resources)
    services.rebuild_index()
    return ids


def _time_resource_index(ids: list[int], rng: random.Random) -> float:
    from nama.library.models import Resource
    from nama.library.search import resource_index

    sample = rng.sample(ids, min(1000, len(ids)))
    resources = list(Resource.objects.select_related("collection").filter(pk__in=sample))
    t0 = time.perf_counter()
    with transaction.atomic():
        for resource in resources:
            resource_index(resource)
    return (time.perf_counter() - t0) / len(resources)


class Capture:
    """Every COUNT and ranked SELECT the search issues, to re-run them raw."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, list[Any]]] = []

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if "searchindex_searchentry" in sql and ("AS score" in sql or "COUNT(*)" in sql):
            self.statements.append((sql, list(params)))
        return execute(sql, params, many, context)


def _raw(statements: list[tuple[str, list[Any]]]) -> float:
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()
    return time.perf_counter() - t0


def _measure(calls: dict[str, Callable[[str, int], Any]], queries: list[str], repeat: int) -> dict:
    results: dict[str, dict[str, Any]] = {}
    for name, call in calls.items():
        app_times: dict[int, list[float]] = {i: [] for i in range(len(queries))}
        raw_times: dict[int, list[float]] = {i: [] for i in range(len(queries))}
        totals: list[int] = []
        for rep in range(repeat + 1):  # pass 0 warms the caches
            for i, text in enumerate(queries):
                capture = Capture()
                with connection.execute_wrapper(capture):
                    t0 = time.perf_counter()
                    page = call(text, i)
                    app = time.perf_counter() - t0
                raw = _raw(capture.statements)
                if rep:
                    app_times[i].append(app)
                    raw_times[i].append(raw)
                else:
                    totals.append(page.total)
        app_q = [1000 * statistics.median(app_times[i]) for i in range(len(queries))]
        raw_q = [1000 * statistics.median(raw_times[i]) for i in range(len(queries))]
        results[name] = {
            "app": (statistics.fmean(app_q), statistics.quantiles(app_q, n=20)[-1], max(app_q)),
            "raw": (statistics.fmean(raw_q), statistics.quantiles(raw_q, n=20)[-1], max(raw_q)),
            "ratio": statistics.fmean(app_q) / statistics.fmean(raw_q),
            "matches": statistics.median(totals),
            "empty": sum(1 for t in totals if t == 0),
        }
    return results


def run(resources: int, queries: int, seed: int, repeat: int) -> dict[str, Any]:
    from django.contrib.auth.models import AnonymousUser, Group

    from nama.accounts.models import User
    from nama.core.models import Term
    from nama.core.reference_data import load_reference_data
    from nama.core.roles import Role, ensure_roles
    from nama.library.selectors import resource_search
    from nama.searchindex.selectors import search_for_user

    rng = random.Random(seed)
    writer = base.Writer(rng)
    query_list: list[str] = []
    while len(query_list) < queries:
        text, _family = writer.query()
        if text not in query_list:
            query_list.append(text)
    with tempfile.TemporaryDirectory(prefix="nama-bench-library-") as tmpdir:
        real_name, database = base._setup_database(tmpdir)
        try:
            load_reference_data()
            ensure_roles()
            analyst = User.objects.create(username="bench-analyst")
            analyst.groups.add(Group.objects.get(name=Role.ANALYST))
            t0 = time.perf_counter()
            ids = _generate(resources, rng, writer)
            generate_seconds = time.perf_counter() - t0
            base._analyze()
            per_index = _time_resource_index(ids, rng)
            topics = list(Term.objects.of("library_topic"))
            anonymous = AnonymousUser()
            calls: dict[str, Callable[[str, int], Any]] = {
                "public site search (`search_for_user`, anonymous)": lambda q, i: search_for_user(
                    user=anonymous, query=q
                ),
                "staff site search (`search_for_user`, analyst, every selector)": lambda q, i: (
                    search_for_user(user=analyst, query=q)
                ),
                "staff library search with a topic (`resource_search`)": lambda q, i: (
                    resource_search(user=analyst, query=q, topic=topics[i % len(topics)])
                ),
            }
            measured = _measure(calls, query_list, repeat)
            return {
                "database": database,
                "resources": resources,
                "queries": queries,
                "repeat": repeat,
                "seed": seed,
                "generate_seconds": generate_seconds,
                "per_index_ms": 1000 * per_index,
                "measured": measured,
            }
        finally:
            base._teardown_database(real_name)


def report(result: dict[str, Any], command: str) -> str:
    lines = [
        f"### Library search, {datetime.now(UTC):%Y-%m-%d}",
        "",
        f"- Command: `{command}`",
        f"- Machine: {base._machine()}, {result['database']}",
        f"- Data: {result['resources']} library resources (10 % internal, 20 collections, "
        f"12 topics) generated and indexed in {result['generate_seconds']:.0f} s; "
        f"`resource_index` of one saved resource: {result['per_index_ms']:.2f} ms",
        f"- {result['queries']} queries of 1 to 3 words typed as people type them "
        f"(bench_search.Writer), {result['repeat']} timed passes after a warm-up, "
        f"median per query; seed {result['seed']}",
        "",
        "| Call (COUNT + ranked page of 20) | App mean | App p95 | Raw SQL mean | Raw p95 "
        "| App/raw | Median matches |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, m in result["measured"].items():
        lines.append(
            f"| {name} | {m['app'][0]:.1f} ms | {m['app'][1]:.1f} ms | {m['raw'][0]:.1f} ms "
            f"| {m['raw'][1]:.1f} ms | {m['ratio']:.2f} | {m['matches']:.0f} |"
        )
    lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--write", action="store_true", help="append to bench/results.md")
    args = parser.parse_args(argv)
    result = run(args.resources, args.queries, args.seed, args.repeat)
    given = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--write"]
    prefix = f"DATABASE_URL={os.environ['DATABASE_URL']} " if "DATABASE_URL" in os.environ else ""
    command = f"{prefix}.venv/bin/python bench/bench_library_search.py {' '.join(given)}".strip()
    text = report(result, command)
    print(text)
    if args.write:
        with RESULTS.open("a", encoding="utf-8") as results:
            results.write("\n" + text)
        print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
