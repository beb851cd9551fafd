"""Speed of the search index (nama/searchindex) on generated Arabic entries.

Run from the repository root::

    .venv/bin/python bench/bench_search.py                     # 100,000 entries, SQLite file
    .venv/bin/python bench/bench_search.py --entries 20000     # fewer
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nama_bench \\
        .venv/bin/python bench/bench_search.py                 # PostgreSQL (test_nama_bench)
    .venv/bin/python bench/bench_search.py --write             # append to bench/results.md

What it does:

1. Builds a throw-away database as the test suite does: on SQLite a temporary
   *file* (WAL, as in production; FTS5 works the same in memory, but a file
   is what the app runs on), on PostgreSQL ``test_<name>`` next to the
   database of ``DATABASE_URL``.
2. Generates ``--entries`` Arabic entries (titles, summaries and bodies of
   training materials and news about human rights in Iraq), sentences from
   word lists with the spellings people really type: hamza written or not,
   ة/ه, ى/ي, tashkeel at times, Kurdish letters (ک ی ە), Arabic-Indic digits.
   10 % are internal.
3. Indexes them through ``services.index_entry`` (the path the owning apps
   use), ``--batch`` entries per transaction; ``--bulk`` instead writes the
   SearchEntry rows with ``bulk_create`` (the words folded as the service
   does) and calls ``services.rebuild_index()``.
4. Runs ``--queries`` queries of one to three words (typed with or without
   hamza, ى for ي, a word cut short, the odd word that is nowhere), half of
   them with ``include_internal``; for each, times ``services.search(...,
   limit=20)`` and, separately, the main SQL it issues (captured with
   ``connection.execute_wrapper``) re-run as is with a cursor. One warm-up
   pass first, then ``--repeat`` timed passes.

Everything is seeded (``--seed``): the same command gives the same data and
queries; only times vary.
"""

# Arabic and Kurdish letters are the point of the word lists.
# ruff: noqa: RUF001, RUF002, SIM905

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nama.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

RESULTS = ROOT / "bench" / "results.md"

# --- Word lists (fully spelled: hamza, ة and ى written; variants come later) ---

NOUNS = """
حقوق الإنسان المرأة الطفل الأطفال العنف الاحتجاز التعذيب المحكمة القضاء القانون
الدستور الحكومة البرلمان الشرطة السجن السجون المعتقلين الضحايا الشهود المحامي
المحامين الناشطين الصحفيين حرية التعبير التجمع السلمي الاحتجاجات المظاهرات النازحين
اللاجئين المخيمات الأقليات الإيزيديين المسيحيين الشبك التركمان الكرد العرب المجتمع
المدني المنظمة المنظمات الأمم المتحدة المفوضية العليا التقرير التقارير الانتهاكات
الاختفاء القسري الإعدام عقوبة الإعدام المساواة التمييز الجندر الاتجار بالبشر
العمل الأطفال التعليم الصحة السكن المياه الكهرباء الفساد المساءلة العدالة الانتقالية
التعويضات الذاكرة المقابر الجماعية الألغام الأسلحة الميليشيات الفصائل الأمن الجيش
الحشد البيشمركة الانتخابات المرشحين الناخبين الإعلام الإنترنت الخصوصية البيانات
الشكوى الشكاوى الرصد التوثيق الدورة التدريبية الورشة المدرب المتدربين الدليل
المنهج الجلسة الوحدة الاستبيان الشهادة المقابلة الأدلة الطب العدلي الاستشارة
القانونية المساعدة الحماية الملجأ الناجيات الناجين الضحية الأسرة الزواج المبكر
الطلاق الميراث الجنسية الوثائق الهوية الأرامل الأيتام ذوي الإعاقة كبار السن
الشباب الطلاب الجامعة المدرسة المستشفى العشائر النزاع المصالحة السلام
""".split()
VERBS = """
أكد أعلن طالب دعا أصدر نظم عقد أطلق رصد وثق استقبل ناقش استعرض أشار أوضح
انتقد أدان رحب شارك قدم نشر تابع اعتقل أفرج احتجز منع سمح أقر صادق رفض
""".split()
LINKS = """
في على من إلى عن مع حول ضد بعد قبل خلال بين لدى عند حتى منذ أمام بشأن وفق
و أن التي الذي هذا هذه ذلك تلك كما أيضا لكن حيث إذ لم لن قد كل بعض جميع
""".split()
PLACES = """
بغداد البصرة الموصل أربيل السليمانية دهوك كركوك النجف كربلاء الأنبار الفلوجة الرمادي
ديالى بعقوبة صلاح الدين تكريت ميسان العمارة ذي قار الناصرية واسط الكوت بابل الحلة
القادسية الديوانية المثنى السماوة نينوى سنجار تلعفر حلبجة زاخو العراق كردستان
""".split()
ADJECTIVES = """
الدولية الوطنية المحلية الإقليمية الاتحادية العراقية الجديدة الخاصة العامة الأساسية
الجسيمة الممنهجة التعسفي التعسفية العاجلة المستقلة الشاملة الأولى الثانية الثالثة
""".split()
KURDISH = """
مافەکانی مرۆڤ ئافرەت منداڵ یاسا دادگا ڕۆژنامەوان کوردستان هەولێر سلێمانی دهۆک
ڕاپۆرت پێشێلکاری ئازادی
""".split()
TITLE_STARTS = [
    "دليل تدريبي حول",
    "ورشة عمل عن",
    "تقرير عن",
    "دورة تدريبية في",
    "بيان بشأن",
    "منظمة تدين",
    "المفوضية تطالب بالتحقيق في",
    "ندوة حول",
    "مذكرة قانونية بشأن",
    "رصد",
]

HAMZA_TO_PLAIN = {"أ": "ا", "إ": "ا", "آ": "ا"}
TASHKEEL = ["\u064e", "\u064f", "\u0650", "\u0652", "\u0651", "\u064b"]
KURDISH_LETTERS = {"ك": "ک", "ي": "ی", "ه": "ە"}
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1.0 / (i + 1) ** s for i in range(n)]


class Writer:
    """Sentences from the word lists, spelled the way people type them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.nouns = NOUNS[:]
        rng.shuffle(self.nouns)
        self.noun_weights = _zipf_weights(len(self.nouns), 0.8)

    def vary(self, word: str) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.25:  # hamza left out
            word = "".join(HAMZA_TO_PLAIN.get(c, c) for c in word)
        if word.endswith("ة") and rng.random() < 0.2:
            word = word[:-1] + "ه"
        if word.endswith("ي") and rng.random() < 0.3:
            word = word[:-1] + "ى"
        if rng.random() < 0.04:  # Kurdish keyboard
            word = "".join(KURDISH_LETTERS.get(c, c) for c in word)
        if rng.random() < 0.05:  # tashkeel on a few letters
            word = "".join(c + rng.choice(TASHKEEL) if rng.random() < 0.4 else c for c in word)
        if rng.random() < 0.01:
            word = word[0] + "\u0640" + word[1:]  # tatweel
        return word

    def noun(self) -> str:
        return self.rng.choices(self.nouns, self.noun_weights)[0]

    def number(self) -> str:
        n = str(self.rng.choice([self.rng.randint(2003, 2026), self.rng.randint(1, 500)]))
        return n.translate(INDIC) if self.rng.random() < 0.4 else n

    def sentence(self, words: int) -> str:
        rng = self.rng
        out: list[str] = []
        while len(out) < words:
            r = rng.random()
            if r < 0.42:
                out.append(self.noun())
            elif r < 0.62:
                out.append(rng.choice(LINKS))
            elif r < 0.72:
                out.append(rng.choice(VERBS))
            elif r < 0.82:
                out.append(rng.choice(ADJECTIVES))
            elif r < 0.92:
                out.append(rng.choice(PLACES))
            elif r < 0.96:
                out.append(self.number())
            else:
                out.append(rng.choice(KURDISH))
        text = " ".join(self.vary(w) for w in out)
        return text + rng.choice([".", ".", "،", "؛", "."])

    def entry(self, i: int) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choice(["library.resource", "library.resource", "news.article"])
        title = f"{rng.choice(TITLE_STARTS)} {self.sentence(rng.randint(3, 8))[:-1]}"
        summary = " ".join(self.sentence(rng.randint(8, 16)) for _ in range(rng.randint(1, 3)))
        body = " ".join(self.sentence(rng.randint(8, 20)) for _ in range(rng.randint(5, 15)))
        return {
            "kind": kind,
            "object_id": i,
            "title": title,
            "summary": summary,
            "body": body,
            "visibility": "internal" if rng.random() < 0.10 else "public",
            "language": "ckb" if rng.random() < 0.05 else "ar",
            "url": f"/{kind.split('.')[1]}/{i}/",
        }

    def query(self) -> tuple[str, str]:
        """(query text, family)."""
        rng = self.rng
        n = rng.choices([1, 2, 3], [0.4, 0.4, 0.2])[0]
        pool = self.nouns + PLACES + ADJECTIVES
        words = [rng.choice(pool) if rng.random() < 0.5 else self.noun() for _ in range(n)]
        family = "as spelled"
        r = rng.random()
        if r < 0.25:
            words = ["".join(HAMZA_TO_PLAIN.get(c, c) for c in w) for w in words]
            family = "no hamza"
        elif r < 0.35:
            words = [w[:-1] + "ى" if w.endswith("ي") else w.replace("ي", "ى", 1) for w in words]
            family = "ى for ي"
        elif r < 0.45:
            words = [w[:-1] + "ه" if w.endswith("ة") else w for w in words]
            family = "ه for ة"
        elif r < 0.55 and len(words[-1]) > 4:
            words[-1] = words[-1][: rng.randint(3, len(words[-1]) - 1)]
            family = "last word cut"
        elif r < 0.60:
            words[-1] = rng.choice(["زلزال", "الفضاء", "كرة", "البورصة"])
            family = "word nowhere"
        elif r < 0.65:
            words = [w.replace("ك", "ک").replace("ي", "ی") for w in words]
            family = "Kurdish letters"
        return " ".join(words), family


# --- Database -------------------------------------------------------------------


def _setup_database(tmpdir: str) -> tuple[str, str]:
    """A throw-away test database; returns (real name, description)."""
    setup_test_environment()
    real_name: str = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        path = str(Path(tmpdir) / "bench_search.sqlite3")
        connection.settings_dict.setdefault("TEST", {})["NAME"] = path
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
            cursor.execute("SELECT sqlite_version()")
            version = cursor.fetchone()[0]
        return real_name, f"SQLite {version} (temporary file, journal {journal})"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return real_name, f"PostgreSQL {version} ({test_name}, local)"


def _teardown_database(real_name: str) -> None:
    connection.creation.destroy_test_db(real_name, verbosity=0)


def _index(entries: Sequence[dict[str, Any]], batch: int, bulk: bool) -> None:
    from nama.searchindex import services
    from nama.searchindex.models import SearchEntry

    if not bulk:
        for start in range(0, len(entries), batch):
            with transaction.atomic():
                for e in entries[start : start + batch]:
                    services.index_entry(
                        e["kind"],
                        e["object_id"],
                        title=e["title"],
                        summary=e["summary"],
                        body=e["body"],
                        visibility=e["visibility"],
                        language=e["language"],
                        url=e["url"],
                    )
        return
    words = services._words  # the service's own folding
    for start in range(0, len(entries), batch):
        rows = []
        for e in entries[start : start + batch]:
            source = "\n".join(p for p in (e["summary"], e["body"]) if p)
            rows.append(
                SearchEntry(
                    kind=e["kind"],
                    object_id=str(e["object_id"]),
                    visibility=e["visibility"],
                    language=e["language"],
                    url=e["url"],
                    display_title=e["title"][:300],
                    snippet_source=source[: services.SNIPPET_SOURCE_CHARS],
                    title=words(e["title"]),
                    summary=words(e["summary"]),
                    body=words(e["body"]),
                )
            )
        with transaction.atomic():
            SearchEntry.objects.bulk_create(rows, batch_size=batch)
    services.rebuild_index()


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- Measuring ------------------------------------------------------------------


class Capture:
    """Keeps the last SELECT that the search backend issues (the ``ORDER BY score`` one)."""

    def __init__(self) -> None:
        self.sql: str | None = None
        self.params: Any = None

    def __call__(self, execute, sql, params, many, context):
        if "AS score" in sql:
            self.sql, self.params = sql, list(params)
        return execute(sql, params, many, context)


def _raw(sql: str, params: Sequence[Any]) -> tuple[float, int]:
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return time.perf_counter() - t0, len(rows)


def _plan(sql: str, params: Sequence[Any]) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(f"{r[0]:>3} {r[1]:>3} {r[3]}" for r in cursor.fetchall())
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(r[0] for r in cursor.fetchall())


def _count(sql_query: str, include_internal: bool) -> int:
    from nama.searchindex import services

    return services.count(sql_query, include_internal=include_internal)


def _stats(values: Sequence[float]) -> tuple[float, float, float]:
    ms = [1000 * v for v in values]
    return statistics.fmean(ms), statistics.quantiles(ms, n=20)[-1], max(ms)


def run(entries: int, queries: int, seed: int, batch: int, bulk: bool, repeat: int) -> dict:
    rng = random.Random(seed)
    writer = Writer(rng)
    t0 = time.perf_counter()
    generated = [writer.entry(i) for i in range(entries)]
    generate_seconds = time.perf_counter() - t0
    query_list: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(query_list) < queries:  # distinct queries
        text, family = writer.query()
        if text not in seen:
            seen.add(text)
            query_list.append((text, family))
    include = [rng.random() < 0.5 for _ in range(queries)]
    words_per_entry = statistics.fmean(
        len((e["title"] + " " + e["summary"] + " " + e["body"]).split()) for e in generated
    )
    with tempfile.TemporaryDirectory(prefix="nama-bench-search-") as tmpdir:
        real_name, database = _setup_database(tmpdir)
        try:
            t0 = time.perf_counter()
            _index(generated, batch, bulk)
            index_seconds = time.perf_counter() - t0
            t0 = time.perf_counter()
            _analyze()
            analyze_seconds = time.perf_counter() - t0
            size = _size(tmpdir)
            return {
                **_measure(query_list, include, repeat),
                "entries": entries,
                "internal": sum(e["visibility"] == "internal" for e in generated),
                "words_per_entry": words_per_entry,
                "queries": queries,
                "repeat": repeat,
                "seed": seed,
                "batch": batch,
                "bulk": bulk,
                "generate_seconds": generate_seconds,
                "index_seconds": index_seconds,
                "analyze_seconds": analyze_seconds,
                "database": database,
                "size": size,
            }
        finally:
            _teardown_database(real_name)


def _size(tmpdir: str) -> str:
    if connection.vendor == "sqlite":
        total = sum(p.stat().st_size for p in Path(tmpdir).iterdir())
        return f"{total / 2**20:.0f} MB (database file and WAL)"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size('searchindex_searchentry'), "
            "pg_relation_size('searchindex_document_gin')"
        )
        total, gin = cursor.fetchone()
    return f"{total / 2**20:.0f} MB (table with TOAST and indexes), GIN index {gin / 2**20:.0f} MB"


def _measure(query_list: list[tuple[str, str]], include: list[bool], repeat: int) -> dict:
    from nama.searchindex import services

    capture = Capture()
    app_times: dict[int, list[float]] = {i: [] for i in range(len(query_list))}
    raw_times: dict[int, list[float]] = {i: [] for i in range(len(query_list))}
    hits: dict[int, int] = {}
    captured: dict[int, tuple[str, list]] = {}
    for rep in range(repeat + 1):  # pass 0 warms the caches and is not counted
        for i, (text, _family) in enumerate(query_list):
            capture.sql = None
            with connection.execute_wrapper(capture):
                t0 = time.perf_counter()
                found = services.search(text, include_internal=include[i], limit=20)
                app = time.perf_counter() - t0
            if capture.sql is None:
                raise RuntimeError(f"no search SQL captured for {text!r}")
            raw, rows = _raw(capture.sql, capture.params)
            if rows != len(found):
                raise RuntimeError(f"raw SQL gave {rows} rows, search {len(found)}: {text!r}")
            hits[i] = len(found)
            captured[i] = (capture.sql, capture.params)
            if rep:
                app_times[i].append(app)
                raw_times[i].append(raw)
    # One figure per query: the median of its timed passes.
    app_per_query = [statistics.median(app_times[i]) for i in range(len(query_list))]
    raw_per_query = [statistics.median(raw_times[i]) for i in range(len(query_list))]
    slowest = sorted(range(len(query_list)), key=lambda i: raw_per_query[i], reverse=True)[:5]
    slow = []
    for i in slowest:
        text, family = query_list[i]
        slow.append(
            {
                "query": text,
                "family": family,
                "internal": include[i],
                "raw_ms": 1000 * raw_per_query[i],
                "app_ms": 1000 * app_per_query[i],
                "matches": _count(text, include[i]),
                "words": len(services._query_words(text)),
            }
        )
    sql, params = captured[slowest[0]]
    families: dict[str, list[int]] = {}
    for i, (_text, family) in enumerate(query_list):
        families.setdefault(family, []).append(i)
    per_family = {
        family: (
            len(idx),
            statistics.fmean(1000 * app_per_query[i] for i in idx),
            statistics.fmean(1000 * raw_per_query[i] for i in idx),
            sum(1 for i in idx if hits[i] == 0),
        )
        for family, idx in sorted(families.items())
    }
    by_words: dict[int, list[int]] = {}
    for i, (text, _f) in enumerate(query_list):
        by_words.setdefault(len(services._query_words(text)), []).append(i)
    per_words = {
        n: (
            len(idx),
            statistics.fmean(1000 * app_per_query[i] for i in idx),
            statistics.fmean(1000 * raw_per_query[i] for i in idx),
        )
        for n, idx in sorted(by_words.items())
    }
    return {
        "app": _stats(app_per_query),
        "raw": _stats(raw_per_query),
        "ratio": statistics.fmean(app_per_query) / statistics.fmean(raw_per_query),
        "empty": sum(1 for h in hits.values() if h == 0),
        "full": sum(1 for h in hits.values() if h == 20),
        "slow": slow,
        "plan": _plan(sql, params),
        "per_family": per_family,
        "per_words": per_words,
    }


# --- Report ---------------------------------------------------------------------


def report(result: dict[str, Any], command: str) -> str:
    app, raw = result["app"], result["raw"]
    how = (
        "bulk_create of SearchEntry rows + services.rebuild_index()"
        if result["bulk"]
        else f"services.index_entry, {result['batch']} entries per transaction"
    )
    lines = [
        f"### Search index, {datetime.now(UTC):%Y-%m-%d}",
        "",
        f"- Command: `{command}`",
        f"- Machine: {_machine()}, {result['database']}",
        f"- Data: {result['entries']} entries ({result['internal']} internal), "
        f"{result['words_per_entry']:.0f} words each on average (title, summary, body); "
        f"{result['queries']} queries of 1–3 words, half with include_internal; "
        f"{result['repeat']} timed passes after a warm-up, median per query; seed {result['seed']}",
        f"- Indexing ({how}): {result['index_seconds']:.1f} s "
        f"({1e6 * result['index_seconds'] / result['entries']:.0f} µs per entry); "
        f"ANALYZE {result['analyze_seconds']:.1f} s; size {result['size']}",
        "",
        "| Per query | Mean | 95th percentile | Max |",
        "|---|---|---|---|",
        f"| `services.search(..., limit=20)` | {app[0]:.2f} ms | {app[1]:.2f} ms "
        f"| {app[2]:.2f} ms |",
        f"| Its main SQL re-run with a cursor | {raw[0]:.2f} ms | {raw[1]:.2f} ms "
        f"| {raw[2]:.2f} ms |",
        "",
        f"Ratio app/raw (means): {result['ratio']:.2f}. "
        f"{result['empty']} queries found nothing, {result['full']} filled the 20 places.",
        "",
        "| Query words | Queries | App mean | Raw mean |",
        "|---|---|---|---|",
    ]
    for n, (count, a, r) in result["per_words"].items():
        lines.append(f"| {n} | {count} | {a:.2f} ms | {r:.2f} ms |")
    lines += [
        "",
        "| How the query was typed | Queries | App mean | Raw mean | Found nothing |",
        "|---|---|---|---|---|",
    ]
    for family, (count, a, r, empty) in result["per_family"].items():
        lines.append(f"| {family} | {count} | {a:.2f} ms | {r:.2f} ms | {empty} |")
    lines += [
        "",
        "Slowest queries (raw SQL):",
        "",
        "| Query | Words | Internal too | Matching entries | Raw | App |",
        "|---|---|---|---|---|---|",
    ]
    for s in result["slow"]:
        lines.append(
            f"| {s['query']} | {s['words']} | {'yes' if s['internal'] else 'no'} | "
            f"{s['matches']} | {s['raw_ms']:.1f} ms | {s['app_ms']:.1f} ms |"
        )
    lines += [
        "",
        "<details><summary>Plan of the slowest query</summary>",
        "",
        "```",
        result["plan"],
        "```",
        "",
        "</details>",
        "",
    ]
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


def main(argv: Sequence[str] | None = None, out: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000, help="entries indexed")
    parser.add_argument("--queries", type=int, default=200, help="queries run")
    parser.add_argument("--repeat", type=int, default=1, help="timed passes over the queries")
    parser.add_argument("--batch", type=int, default=1000, help="entries per transaction")
    parser.add_argument(
        "--bulk",
        action="store_true",
        help="bulk_create the rows and call services.rebuild_index() instead of index_entry",
    )
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--write", action="store_true", help="append to bench/results.md")
    args = parser.parse_args(argv)
    result = run(args.entries, args.queries, args.seed, args.batch, args.bulk, args.repeat)
    given = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--write"]
    prefix = f"DATABASE_URL={os.environ['DATABASE_URL']} " if "DATABASE_URL" in os.environ else ""
    command = f"{prefix}.venv/bin/python bench/bench_search.py {' '.join(given)}".strip()
    text = report(result, command)
    out(text)
    out(f"(generating the entries {result['generate_seconds']:.1f} s)")
    if args.write:
        with RESULTS.open("a", encoding="utf-8") as results:
            results.write("\n" + text)
        out(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
