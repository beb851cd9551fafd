"""Speed of the report indicators (nama/reports/indicators.py) on a million generated acts.

Run from the repository root::

    .venv/bin/python bench/bench_reports.py                    # 1,000,000 acts, SQLite file
    .venv/bin/python bench/bench_reports.py --acts 100000      # a tenth, for large against small
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nama_bench_reports \\
        .venv/bin/python bench/bench_reports.py                # PostgreSQL, test_nama_bench_reports
    .venv/bin/python bench/bench_reports.py --write            # append to bench/results.md
    .venv/bin/python bench/bench_reports.py --explain          # print the plans of the app's SQL

What it does:

1. A throw-away database as ``bench_search.py`` builds it (a temporary SQLite
   file, or ``test_<name>`` on PostgreSQL), reference data loaded, two staff
   users (the author and the verifier of the generated events).
2. ``sample_data.generate_monitoring(acts=--acts)`` (events between 2024-01-01
   and 2026-06-30, every case the counting rules handle), ``generate_requests``
   (``--requests``) and ``generate_legal`` (``--legal`` consultations and half
   as many cases); the time each took, then ``ANALYZE``.
3. For each figure a report shows, the call through ``nama.reports.indicators``
   (``total``, ``breakdown``, ``cross_table``) against the hand-written SQL
   for the same figure (``RawCounts`` of ``nama/reports/tests/test_indicators.py``,
   the SQL the tests check the indicators against): both answers compared, a
   warm-up then ``--repeat`` timed runs of each, mean and p95. The raw side
   runs the statements a person would write for the figure (the grouped count
   and the total; the cells and the total for the cross table); the app may
   issue more (term labels, the governorate list, row and column totals).
4. A full report build (``nama.reports.content.report_data`` and the PDF,
   DOCX and XLSX renderers) when those modules exist.

Everything is seeded (``--seed``): the same command gives the same data; only
times vary.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_search as base
from django.db import connection

ROOT = base.ROOT
RESULTS = base.RESULTS

START = date(2024, 1, 1)
END = date(2026, 6, 30)
YEAR = (date(2025, 1, 1), date(2025, 12, 31))


class Capture:
    """Every statement the app issues for one figure, to explain it."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, list[Any]]] = []

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.statements.append((sql, list(params or [])))
        return execute(sql, params, many, context)


def _generate(acts: int, requests: int, legal: int, seed: int) -> dict[str, float]:
    from nama.accounts.models import User
    from nama.reports import sample_data

    author = User.objects.create(username="bench-monitor")
    verifier = User.objects.create(username="bench-director")
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    last = [0.0]

    def progress(done: int) -> None:
        if time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            print(f"  {done} acts, {time.perf_counter() - t0:.0f} s", file=sys.stderr)

    counts = sample_data.generate_monitoring(
        acts=acts,
        start=START,
        end=END,
        created_by=author,
        verified_by=verifier,
        seed=seed,
        progress=progress,
    )
    seconds["monitoring"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    done = 0
    while done < requests:  # in slices: generate_requests builds its rows in memory
        n = min(50_000, requests - done)
        sample_data.generate_requests(count=n, start=START, end=END, seed=seed + done)
        done += n
    seconds["requests"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    sample_data.generate_legal(
        consultations=legal, cases=legal // 2, start=START, end=END, created_by=author, seed=seed
    )
    seconds["legal"] = time.perf_counter() - t0
    seconds["events"] = counts.events
    seconds["acts"] = counts.acts
    seconds["persons"] = counts.persons
    seconds["involvements"] = counts.involvements
    return seconds


Figure = tuple[str, Callable[[], Any], Callable[[], Any], Callable[[Any, Any], bool]]


def _figures() -> list[Figure]:
    """(name, app call, raw call, same answer?) for each figure."""
    from nama.reports import indicators
    from nama.reports.indicators import StatsFilters
    from nama.reports.tests.test_indicators import RawCounts

    raw = RawCounts()
    year = StatsFilters(start=YEAR[0], end=YEAR[1])
    everything = StatsFilters()

    def table(app: dict) -> dict[str, int]:
        return {row["key"]: row["value"] for row in app["rows"] if row["value"]}

    def same_breakdown(app: Any, expected: Any) -> bool:
        return bool(table(app) == expected[0] and app["total"] == expected[1])

    def breakdown(name: str, key: str, dimension: str, f: StatsFilters) -> tuple:
        return (
            name,
            lambda: indicators.breakdown(key, dimension, f),
            lambda: (raw.breakdown(key, dimension, f), raw.total(key, f)),
            same_breakdown,
        )

    def same_cross(app: Any, expected: Any) -> bool:
        columns = [column["key"] for column in app["columns"]]
        cells = {
            (row["key"], column): value
            for row in app["rows"]
            for column, value in zip(columns, row["values"], strict=True)
            if value
        }
        return bool(cells == expected[0] and app["total"] == expected[1])

    return [
        (
            "acts, total (no period)",
            lambda: indicators.total("acts"),
            lambda: raw.total("acts", everything),
            lambda a, b: bool(a == b),
        ),
        (
            "acts, total (a year)",
            lambda: indicators.total("acts", year),
            lambda: raw.total("acts", year),
            lambda a, b: bool(a == b),
        ),
        (
            "victims, total (a year)",
            lambda: indicators.total("victims", year),
            lambda: raw.total("victims", year),
            lambda a, b: bool(a == b),
        ),
        breakdown("acts by governorate (a year)", "acts", "governorate", year),
        breakdown("acts by month (a year)", "acts", "month", year),
        breakdown("acts by month (no period)", "acts", "month", everything),
        breakdown("acts by type (a year)", "acts", "act_type", year),
        breakdown("acts by perpetrator type (a year)", "acts", "perpetrator_type", year),
        breakdown("victims by perpetrator type (a year)", "victims", "perpetrator_type", year),
        breakdown("acts by characteristic (a year)", "acts", "characteristic", year),
        breakdown("victims by sex (a year)", "victims", "sex", year),
        breakdown("events by governorate (a year)", "events", "governorate", year),
        (
            "acts, cross table governorate x type (a year)",
            lambda: indicators.cross_table("acts", year),
            lambda: (raw.cross("acts", year), raw.total("acts", year)),
            same_cross,
        ),
        breakdown("requests by month (a year)", "requests", "month", year),
        breakdown("consultations by service (a year)", "consultations", "service", year),
    ]


def _plan(sql: str, params: Sequence[Any]) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(f"{r[0]:>3} {r[1]:>3} {r[3]}" for r in cursor.fetchall())
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(r[0] for r in cursor.fetchall())


def _stats(values: Sequence[float]) -> tuple[float, float]:
    ms = [1000 * v for v in values]
    p95 = statistics.quantiles(ms, n=20)[-1] if len(ms) > 1 else ms[0]
    return statistics.fmean(ms), p95


def _measure(repeat: int, explain: bool) -> list[dict[str, Any]]:
    results = []
    for name, app_call, raw_call, same in _figures():
        capture = Capture()
        with connection.execute_wrapper(capture):
            app_answer = app_call()  # warm-up, and the statements it issues
        raw_answer = raw_call()
        app_times, raw_times = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            app_call()
            app_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            raw_call()
            raw_times.append(time.perf_counter() - t0)
        app, raw = _stats(app_times), _stats(raw_times)
        results.append(
            {
                "name": name,
                "app": app,
                "raw": raw,
                "ratio": app[0] / raw[0] if raw[0] else float("nan"),
                "equal": same(app_answer, raw_answer),
                "statements": len(capture.statements),
            }
        )
        print(
            f"  {name}: app {app[0]:.1f} ms, raw {raw[0]:.1f} ms, "
            f"equal {results[-1]['equal']}, {len(capture.statements)} statements",
            file=sys.stderr,
        )
        if explain:
            slowest = max(capture.statements, key=lambda s: len(s[0]))
            print(f"\n--- {name}\n{slowest[0]}\n{_plan(*slowest)}\n", file=sys.stderr)
    return results


def _report_inputs(language: str) -> dict[str, Any]:
    """What ``content.report_inputs(report)`` freezes, for a public report of a year."""
    from django.conf import settings

    from nama.reports import content
    from nama.reports.disclosure import default_threshold

    return {
        "schema": content.SCHEMA,
        "reference": "R-2025-001",
        "title": "Human rights in Iraq, 2025",
        "language": language,
        "centre": str(settings.NAMA_CENTRE_NAME),
        "period": {"kind": "year", "start": YEAR[0].isoformat(), "end": YEAR[1].isoformat()},
        "governorate": "",
        "minimum_status": "02",
        "audience": "public",
        "threshold": default_threshold(),
        "sections": {"context": "Context.\n\nMore context.", "recommendations": "Do better."},
        "methodology": content._methodology(),
        "case_summaries": [],
    }


def _time_report_build(repeat: int) -> dict[str, float] | None:
    """The full build of one report: every figure, then the three documents.

    ``nama.reports.content.report_data(inputs)`` (a public report of a year,
    in Arabic) and the PDF, DOCX and XLSX renderers of its ``ReportData``;
    None (not timed) while ``nama.reports.content`` does not exist.
    """
    try:
        from nama.reports import content
    except ImportError:
        return None
    inputs = _report_inputs("ar")
    timings: dict[str, list[float]] = {"report_data": [], "pdf": [], "docx": [], "xlsx": []}
    for _ in range(repeat):
        t0 = time.perf_counter()
        data = content.report_data(inputs, built_on=date(2026, 1, 15), build_number=1)
        timings["report_data"].append(time.perf_counter() - t0)
        for kind in ("pdf", "docx", "xlsx"):
            try:
                module = __import__(f"nama.reports.render_{kind}", fromlist=["x"])
            except ImportError:
                continue
            t0 = time.perf_counter()
            getattr(module, f"render_{kind}")(data)
            timings[kind].append(time.perf_counter() - t0)
    return {kind: statistics.fmean(values) for kind, values in timings.items() if values}


def _size(tmpdir: str) -> str:
    if connection.vendor == "sqlite":
        total = sum(p.stat().st_size for p in Path(tmpdir).iterdir())
        return f"{total / 1e6:.0f} MB (SQLite file and WAL)"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return f"{cursor.fetchone()[0]} (PostgreSQL database)"


def run(acts: int, requests: int, legal: int, seed: int, repeat: int, explain: bool) -> dict:
    from nama.core.reference_data import load_reference_data

    with tempfile.TemporaryDirectory(prefix="nama-bench-reports-") as tmpdir:
        real_name, database = base._setup_database(tmpdir)
        try:
            load_reference_data()
            generated = _generate(acts, requests, legal, seed)
            t0 = time.perf_counter()
            base._analyze()
            generated["analyze"] = time.perf_counter() - t0
            size = _size(tmpdir)
            measured = _measure(repeat, explain)
            build = _time_report_build(max(1, repeat // 2))
            return {
                "database": database,
                "acts": acts,
                "requests": requests,
                "legal": legal,
                "seed": seed,
                "repeat": repeat,
                "generated": generated,
                "size": size,
                "measured": measured,
                "build": build,
            }
        finally:
            base._teardown_database(real_name)


def _ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def report(result: dict[str, Any], command: str) -> str:
    g = result["generated"]
    lines = [
        f"### Report indicators, {result['acts']} acts, {datetime.now(UTC):%Y-%m-%d}",
        "",
        f"- Command: `{command}`",
        f"- Machine: {base._machine()}, {result['database']}",
        f"- Data: {g['acts']:.0f} acts in {g['events']:.0f} events ({g['persons']:.0f} victims, "
        f"{g['involvements']:.0f} involvements) generated in {g['monitoring']:.0f} s; "
        f"{result['requests']} requests in {g['requests']:.0f} s; {result['legal']} "
        f"consultations and {result['legal'] // 2} cases in {g['legal']:.0f} s; "
        f"ANALYZE {g['analyze']:.0f} s; {result['size']}",
        f"- Each figure: one warm-up, then {result['repeat']} timed runs of the app call and "
        'of the hand-written SQL (`RawCounts` of the indicator tests); "a year" is 2025 '
        "(events span 2024-01 to 2026-06); seed "
        f"{result['seed']}",
        "",
        "| Figure | App mean | App p95 | Raw SQL mean | Raw p95 | App/raw | Equal "
        "| App statements |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for m in result["measured"]:
        times = " | ".join(_ms(v) for v in (*m["app"], *m["raw"]))
        lines.append(
            f"| {m['name']} | {times} | {m['ratio']:.2f} | {'yes' if m['equal'] else '**no**'} "
            f"| {m['statements']} |"
        )
    lines.append("")
    build = result["build"]
    if build is None:
        lines.append(
            "- Full report build: not timed (`nama.reports.content` did not exist yet; "
            "`_time_report_build` is ready for it)."
        )
    else:
        parts = ", ".join(f"{kind} {seconds:.1f} s" for kind, seconds in build.items())
        lines.append(
            "- Full report build (a public report of 2025 in Arabic, mean of "
            f"{max(1, result['repeat'] // 2)}): {parts}"
        )
    lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acts", type=int, default=1_000_000, help="acts generated")
    parser.add_argument("--requests", type=int, default=200_000, help="intake requests")
    parser.add_argument(
        "--legal", type=int, default=50_000, help="legal consultations (and half as many cases)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each figure")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--explain", action="store_true", help="print the plans of the app's SQL")
    parser.add_argument("--write", action="store_true", help="append to bench/results.md")
    args = parser.parse_args(argv)
    for noisy in ("weasyprint", "fontTools"):  # page-by-page progress of the PDF renderer
        logging.getLogger(noisy).setLevel(logging.WARNING)
    result = run(args.acts, args.requests, args.legal, args.seed, args.repeat, args.explain)
    given = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--write"]
    prefix = f"DATABASE_URL={os.environ['DATABASE_URL']} " if "DATABASE_URL" in os.environ else ""
    command = f"{prefix}.venv/bin/python bench/bench_reports.py {' '.join(given)}".strip()
    text = report(result, command)
    print(text)
    if args.write:
        with RESULTS.open("a", encoding="utf-8") as results:
            results.write("\n" + text)
        print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
