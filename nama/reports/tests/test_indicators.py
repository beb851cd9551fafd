"""Every indicator equals a hand-written SQL count over generated records.

The SQL here is written from the counting rules (``nama.reports.indicators``
docstring, docs/reports.md), not from the code: table names come from
``Model._meta.db_table`` and everything else is portable SQL (SQLite and
PostgreSQL), so the same checks run on both databases. ``RawCounts`` is also
what ``bench/bench_reports.py`` times the app against.

A breakdown is compared as ``{key: value}`` over its non-zero rows, with the
SQL's NULL group under "unknown"; structure (every month of the period, every
governorate, every age group) is checked separately.
"""

# The SQL is built from table and column names of ``Model._meta`` and fixed
# expressions; every value is a parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest
from django.db import connection

from nama.core.dates import DatePrecision
from nama.core.models import Governorate, Term
from nama.intake.models import Request
from nama.legal.models import Consultation, LegalCase
from nama.monitoring.models import Act, Event, Involvement, Person, VerificationState
from nama.reports import indicators
from nama.reports.indicators import StatsFilters
from nama.reports.periods import month_starts
from nama.reports.sample_data import SampleCounts

UNKNOWN = "unknown"
MONITORING = ("acts", "victims", "events")
OTHERS = ("requests", "consultations", "legal_cases")

# A period inside the generated span, cutting a month in two at each end.
PERIOD_START, PERIOD_END = date(2025, 3, 10), date(2025, 11, 20)
PERIOD = StatsFilters(start=PERIOD_START, end=PERIOD_END)


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: Any, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


class RawCounts:
    """The indicators as hand-written SQL, one statement per figure."""

    def __init__(self) -> None:
        self.act = _table(Act)
        self.event = _table(Event)
        self.term = _table(Term)
        self.governorate = _table(Governorate)
        self.person = _table(Person)
        self.involvement = _table(Involvement)
        self.characteristics = _table(Person.characteristics.through)
        through = Person.characteristics.through
        self.char_person = _column(through, "person")
        self.char_term = _column(through, "term")

    # -- the counted rows -------------------------------------------------

    def counted_acts(self, f: StatsFilters) -> tuple[str, list[Any]]:
        """One row per counted act: act_id, victim_id, event_id, governorate_id,
        act_type_code, victim_age, day, month_key, status_code."""
        where = [
            "e.verification = %s",
            "e.merged_into_id IS NULL",
            "vs.code <= %s",
        ]
        params: list[Any] = [VerificationState.VERIFIED, f.minimum_status or "02"]
        day = "COALESCE(a.date, e.start_date)"
        if f.start:
            where.append(f"{day} >= %s")
            params.append(f.start)
        if f.end:
            where.append(f"{day} <= %s")
            params.append(f.end)
        if f.governorate:
            where.append(f"e.governorate_id IN (SELECT id FROM {self.governorate} WHERE slug = %s)")
            params.append(f.governorate)
        if f.act_type:
            where.append("SUBSTR(t.code, 1, %s) = %s")
            params += [len(f.act_type), f.act_type]
        if f.perpetrator_type:
            where.append(
                f"EXISTS (SELECT 1 FROM {self.involvement} i JOIN {self.term} pt "
                "ON pt.id = i.perpetrator_type_id WHERE i.act_id = a.id "
                "AND SUBSTR(pt.code, 1, %s) = %s)"
            )
            params += [len(f.perpetrator_type), f.perpetrator_type]
        if f.sex:
            where.append(
                f"EXISTS (SELECT 1 FROM {self.person} p JOIN {self.term} s ON s.id = p.sex_id "
                "WHERE p.id = a.victim_id AND s.code = %s)"
            )
            params.append(f.sex)
        if f.age_group:
            low, high = _age_bounds(f.age_group)
            if low is None and high is None:
                where.append("a.victim_age IS NULL")
            else:
                where.append("a.victim_age BETWEEN %s AND %s")
                params += [low, high if high is not None else 1000]
        if f.characteristic:
            where.append(
                f"EXISTS (SELECT 1 FROM {self.characteristics} pc JOIN {self.term} ct "
                f"ON ct.id = pc.{self.char_term} WHERE pc.{self.char_person} = a.victim_id "
                "AND ct.code = %s)"
            )
            params.append(f.characteristic)
        month_key = (
            f"CASE WHEN {day} IS NULL THEN NULL "
            "WHEN a.date IS NOT NULL AND a.date_precision = %s THEN NULL "
            "WHEN a.date IS NULL AND e.start_precision = %s THEN NULL "
            f"ELSE SUBSTR(CAST({day} AS VARCHAR(10)), 1, 7) END"
        )
        sql = (
            "SELECT a.id AS act_id, a.victim_id AS victim_id, a.event_id AS event_id, "
            "e.governorate_id AS governorate_id, t.code AS act_type_code, "
            f"a.victim_age AS victim_age, {day} AS day, {month_key} AS month_key, "
            "vs.code AS status_code "
            f"FROM {self.act} a JOIN {self.event} e ON e.id = a.event_id "
            f"JOIN {self.term} vs ON vs.id = e.violation_status_id "
            f"JOIN {self.term} t ON t.id = a.act_type_id "
            f"WHERE {' AND '.join(where)}"
        )
        return sql, [DatePrecision.YEAR, DatePrecision.YEAR, *params]

    def counted_other(self, key: str, f: StatsFilters) -> tuple[str, list[Any]]:
        """One row per counted request, consultation or case: row_id, governorate_id, day,
        month_key, and the codes of its terms."""
        model, day, terms = {
            "requests": (Request, "received_on", ("request_type", "channel")),
            "consultations": (Consultation, "given_on", ("service",)),
            "legal_cases": (LegalCase, "opened_on", ("service",)),
        }[key]
        joins = " ".join(
            f"LEFT JOIN {self.term} {name}_t ON {name}_t.id = r.{name}_id" for name in terms
        )
        codes = ", ".join(f"{name}_t.code AS {name}_code" for name in terms)
        where = ["1 = 1"]
        params: list[Any] = []
        if model is Request:
            where.append("r.merged_into_id IS NULL")
        if f.start:
            where.append(f"r.{day} >= %s")
            params.append(f.start)
        if f.end:
            where.append(f"r.{day} <= %s")
            params.append(f.end)
        if f.governorate:
            where.append(f"r.governorate_id IN (SELECT id FROM {self.governorate} WHERE slug = %s)")
            params.append(f.governorate)
        sql = (
            f"SELECT r.id AS row_id, r.governorate_id AS governorate_id, r.{day} AS day, "
            f"SUBSTR(CAST(r.{day} AS VARCHAR(10)), 1, 7) AS month_key, {codes} "
            f"FROM {_table(model)} r {joins} WHERE {' AND '.join(where)}"
        )
        return sql, params

    # -- figures --------------------------------------------------------------

    @staticmethod
    def _unit(key: str) -> str:
        return {"acts": "c.act_id", "victims": "c.victim_id", "events": "c.event_id"}.get(
            key, "c.row_id"
        )

    def _counted(self, key: str, f: StatsFilters) -> tuple[str, list[Any]]:
        return self.counted_acts(f) if key in MONITORING else self.counted_other(key, f)

    def total_sql(self, key: str, f: StatsFilters) -> tuple[str, list[Any]]:
        sql, params = self._counted(key, f)
        return f"SELECT COUNT(DISTINCT {self._unit(key)}) FROM ({sql}) c", params

    def breakdown_sql(self, key: str, dimension: str, f: StatsFilters) -> tuple[str, list[Any]]:
        """``SELECT group_key, n``; a NULL group_key is "unknown"."""
        sql, params = self._counted(key, f)
        unit = self._unit(key)
        join = ""
        if dimension == "month":
            group = "c.month_key"
        elif dimension == "governorate":
            join = f"LEFT JOIN {self.governorate} g ON g.id = c.governorate_id"
            group = "g.slug"
        elif dimension == "act_type":
            group = "SUBSTR(c.act_type_code, 1, 2)"
        elif dimension == "violation_status":
            group = "c.status_code"
        elif dimension == "sex":
            join = (
                f"JOIN {self.person} p ON p.id = c.victim_id "
                f"LEFT JOIN {self.term} s ON s.id = p.sex_id"
            )
            group = "s.code"
        elif dimension == "age_group":
            cases = " ".join(
                f"WHEN c.victim_age BETWEEN {low} AND {high if high is not None else 1000} "
                f"THEN '{name}'"
                for name, low, high, _label in indicators.AGE_GROUPS
            )
            group = f"CASE {cases} ELSE '{UNKNOWN}' END"
        elif dimension == "characteristic":
            join = (
                f"LEFT JOIN {self.characteristics} pc ON pc.{self.char_person} = c.victim_id "
                f"LEFT JOIN {self.term} ct ON ct.id = pc.{self.char_term}"
            )
            group = "ct.code"
        elif dimension == "perpetrator_type":
            # An act counts once under each top-level type among its involvements, and
            # under "unknown" when no involvement has a type.
            typed = (
                f"SELECT DISTINCT c.act_id, c.victim_id, c.event_id, "
                f"SUBSTR(pt.code, 1, 2) AS group_key FROM ({sql}) c "
                f"JOIN {self.involvement} i ON i.act_id = c.act_id "
                f"JOIN {self.term} pt ON pt.id = i.perpetrator_type_id"
            )
            untyped = (
                f"SELECT c.act_id, c.victim_id, c.event_id, NULL AS group_key FROM ({sql}) c "
                f"WHERE NOT EXISTS (SELECT 1 FROM {self.involvement} i "
                "WHERE i.act_id = c.act_id AND i.perpetrator_type_id IS NOT NULL)"
            )
            return (
                f"SELECT x.group_key, COUNT(DISTINCT {unit.replace('c.', 'x.')}) "
                f"FROM ({typed} UNION ALL {untyped}) x GROUP BY x.group_key",
                params + params,
            )
        elif dimension in ("request_type", "channel", "service"):
            group = f"c.{dimension}_code"
        else:  # pragma: no cover
            raise AssertionError(dimension)
        return (
            f"SELECT {group} AS group_key, COUNT(DISTINCT {unit}) FROM ({sql}) c {join} "
            f"GROUP BY {group}",
            params,
        )

    def cross_sql(self, key: str, f: StatsFilters) -> tuple[str, list[Any]]:
        """``SELECT governorate slug, top-level act type, n``."""
        sql, params = self.counted_acts(f)
        return (
            f"SELECT g.slug, SUBSTR(c.act_type_code, 1, 2), COUNT(DISTINCT {self._unit(key)}) "
            f"FROM ({sql}) c JOIN {self.governorate} g ON g.id = c.governorate_id "
            "GROUP BY g.slug, SUBSTR(c.act_type_code, 1, 2)",
            params,
        )

    # -- running ----------------------------------------------------------------

    @staticmethod
    def run(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            return list(cursor.fetchall())

    def total(self, key: str, f: StatsFilters) -> int:
        return int(self.run(*self.total_sql(key, f))[0][0])

    def breakdown(self, key: str, dimension: str, f: StatsFilters) -> dict[str, int]:
        rows = self.run(*self.breakdown_sql(key, dimension, f))
        return {(UNKNOWN if k is None else str(k)): int(n) for k, n in rows if n}

    def cross(self, key: str, f: StatsFilters) -> dict[tuple[str, str], int]:
        return {(g, t): int(n) for g, t, n in self.run(*self.cross_sql(key, f)) if n}


def _age_bounds(key: str) -> tuple[int | None, int | None]:
    if key == UNKNOWN:
        return None, None
    for name, low, high, _label in indicators.AGE_GROUPS:
        if name == key:
            return low, high
    raise AssertionError(key)


def _app(breakdown: dict) -> dict[str, int]:
    return {row["key"]: row["value"] for row in breakdown["rows"] if row["value"]}


def _check_breakdown(raw: RawCounts, key: str, dimension: str, f: StatsFilters) -> None:
    got = indicators.breakdown(key, dimension, f)
    assert _app(got) == raw.breakdown(key, dimension, f), (key, dimension, f)
    assert got["total"] == raw.total(key, f), (key, dimension, f)


@pytest.fixture
def raw() -> RawCounts:
    return RawCounts()


# ---------------------------------------------------------------------------
# Totals


@pytest.mark.parametrize("period", [StatsFilters(), PERIOD], ids=["all", "period"])
def test_totals_equal_sql(sample: SampleCounts, raw: RawCounts, period: StatsFilters) -> None:
    for key in indicators.INDICATORS:
        expected = raw.total(key, period)
        assert indicators.total(key, period) == expected, key
        assert expected > 0, key  # the generated data gives something to count
    # A period counts fewer acts than no period (unknown dates, outside months).
    assert raw.total("acts", PERIOD) < raw.total("acts", StatsFilters())


def test_totals_with_minimum_status(sample: SampleCounts, raw: RawCounts) -> None:
    seen = []
    for status in ("01", "02", "03", "04"):
        for key in MONITORING:
            f = StatsFilters(minimum_status=status)
            assert indicators.total(key, f) == raw.total(key, f), (key, status)
        seen.append(raw.total("acts", StatsFilters(minimum_status=status)))
    assert seen == sorted(seen)
    assert len(set(seen)) == 4


# ---------------------------------------------------------------------------
# Breakdowns


MONITORING_DIMENSIONS = (
    "governorate",
    "month",
    "act_type",
    "sex",
    "age_group",
    "characteristic",
    "violation_status",
)


@pytest.mark.parametrize("period", [StatsFilters(), PERIOD], ids=["all", "period"])
def test_monitoring_breakdowns_equal_sql(
    sample: SampleCounts, raw: RawCounts, period: StatsFilters
) -> None:
    for key in MONITORING:
        for dimension in MONITORING_DIMENSIONS:
            _check_breakdown(raw, key, dimension, period)


@pytest.mark.parametrize("key", ["victims", "events"])
def test_perpetrator_breakdown_equals_sql(sample: SampleCounts, raw: RawCounts, key: str) -> None:
    for period in (StatsFilters(), PERIOD):
        _check_breakdown(raw, key, "perpetrator_type", period)


def test_acts_by_perpetrator_counts_each_act_once_per_top_level_type(
    sample: SampleCounts, raw: RawCounts
) -> None:
    # The generator gives about 1 act in 10 two perpetrator types, some of them
    # both under "01"; make sure at least one such act is counted.
    _two_types_under_one_top_level(sample)
    _check_breakdown(raw, "acts", "perpetrator_type", StatsFilters())


def _counted_act() -> Act:
    act = indicators._acts(StatsFilters()).order_by("pk").first()
    assert act is not None
    return act


def _two_types_under_one_top_level(sample: SampleCounts) -> Act:
    act = _counted_act()
    Involvement.objects.filter(act=act).delete()
    for code in ("0101", "0102"):
        term = Term.objects.get(vocabulary__key="perpetrator_type", code=code)
        Involvement.objects.create(act=act, perpetrator_type=term)
    return act


@pytest.mark.parametrize("key", MONITORING)
def test_untyped_involvement_beside_a_typed_one_is_not_unknown(
    reference: None, raw: RawCounts, personas: Any, key: str
) -> None:
    act = _act(personas, _event(personas))
    Involvement.objects.create(
        act=act, perpetrator_type=Term.objects.get(vocabulary__key="perpetrator_type", code="04")
    )
    Involvement.objects.create(act=act, perpetrator=act.victim)  # a person only, no type
    assert raw.breakdown(key, "perpetrator_type", StatsFilters()) == {"04": 1}
    _check_breakdown(raw, key, "perpetrator_type", StatsFilters())


def test_untyped_involvement_alone_is_unknown(sample: SampleCounts, raw: RawCounts) -> None:
    act = _counted_act()
    Involvement.objects.filter(act=act).delete()
    Involvement.objects.create(act=act, perpetrator=act.victim)
    before = raw.breakdown("victims", "perpetrator_type", StatsFilters())
    assert before.get(UNKNOWN)
    _check_breakdown(raw, "victims", "perpetrator_type", StatsFilters())
    _check_breakdown(raw, "events", "perpetrator_type", StatsFilters())


OTHER_DIMENSIONS = {
    "requests": ("governorate", "month", "request_type", "channel"),
    "consultations": ("governorate", "month", "service"),
    "legal_cases": ("governorate", "month", "service"),
}


@pytest.mark.parametrize("period", [StatsFilters(), PERIOD], ids=["all", "period"])
def test_other_breakdowns_equal_sql(
    sample: SampleCounts, raw: RawCounts, period: StatsFilters
) -> None:
    for key, dimensions in OTHER_DIMENSIONS.items():
        for dimension in dimensions:
            _check_breakdown(raw, key, dimension, period)
        # A filter by governorate.
        _check_breakdown(raw, key, "month", StatsFilters(period.start, period.end, "basra"))


def test_breakdown_structure(sample: SampleCounts, raw: RawCounts) -> None:
    # Every month of the period in order, zeros included, "month not known" never
    # inside a period (unknown dates do not count there).
    months = indicators.breakdown("acts", "month", PERIOD)["rows"]
    expected = [day.strftime("%Y-%m") for day in month_starts(PERIOD_START, PERIOD_END)]
    assert [row["key"] for row in months] == expected
    # Without a period: the months seen, then "unknown".
    keys = [row["key"] for row in indicators.breakdown("acts", "month")["rows"]]
    assert keys[-1] == UNKNOWN
    assert keys[:-1] == sorted(keys[:-1])
    # Every governorate, in order.
    rows = indicators.breakdown("requests", "governorate")["rows"]
    slugs = list(Governorate.objects.order_by("sort_order", "slug").values_list("slug", flat=True))
    assert [row["key"] for row in rows][: len(slugs)] == slugs
    # Age groups youngest first, then unknown.
    rows = indicators.breakdown("acts", "age_group")["rows"]
    assert [row["key"] for row in rows] == [g[0] for g in indicators.AGE_GROUPS] + [UNKNOWN]
    # Types of act: top-level codes only.
    for row in indicators.breakdown("acts", "act_type")["rows"]:
        assert row["key"] == UNKNOWN or len(row["key"]) == 2


# ---------------------------------------------------------------------------
# Filters


def _filters() -> list[StatsFilters]:
    return [
        StatsFilters(act_type="01"),
        StatsFilters(act_type="04"),
        StatsFilters(perpetrator_type="01"),
        StatsFilters(perpetrator_type="0401"),
        StatsFilters(sex="01"),
        StatsFilters(sex="02"),
        StatsFilters(age_group="0-17"),
        StatsFilters(age_group="50+"),
        StatsFilters(age_group=UNKNOWN),
        StatsFilters(characteristic="01"),
        StatsFilters(governorate="baghdad"),
        StatsFilters(governorate="halabja"),
        StatsFilters(minimum_status="01"),
        StatsFilters(minimum_status="03"),
        StatsFilters(
            start=PERIOD.start, end=PERIOD.end, governorate="basra", act_type="01", sex="01"
        ),
    ]


def test_monitoring_filters_equal_sql(sample: SampleCounts, raw: RawCounts) -> None:
    nonzero = 0
    for f in _filters():
        for key in MONITORING:
            expected = raw.total(key, f)
            nonzero += bool(expected)
            assert indicators.total(key, f) == expected, (key, f)
        for dimension in ("governorate", "act_type", "month", "sex"):
            _check_breakdown(raw, "acts", dimension, f)
        _check_breakdown(raw, "victims", "perpetrator_type", f)
    assert nonzero > 30


def test_filter_terms_exist(reference: None) -> None:
    # The codes used above are real codes of their vocabularies.
    for vocabulary, code in [
        ("act_type", "01"),
        ("act_type", "04"),
        ("perpetrator_type", "0401"),
        ("sex", "01"),
        ("sex", "02"),
        ("victim_characteristic", "01"),
    ]:
        assert Term.objects.filter(vocabulary__key=vocabulary, code=code).exists()


def test_monitoring_filters_do_not_apply_to_other_indicators(sample: SampleCounts) -> None:
    with pytest.raises(indicators.UnknownIndicator):
        indicators.total("requests", StatsFilters(sex="01"))


def test_unknown_governorate_counts_nothing(sample: SampleCounts) -> None:
    assert Request.objects.filter(governorate__isnull=True).exists()
    assert indicators.total("requests", StatsFilters(governorate="atlantis")) == 0


# ---------------------------------------------------------------------------
# Cross table


@pytest.mark.parametrize("key", MONITORING)
def test_cross_table_equals_sql(sample: SampleCounts, raw: RawCounts, key: str) -> None:
    for f in (StatsFilters(), PERIOD):
        table = indicators.cross_table(key, f)
        columns = [column["key"] for column in table["columns"]]
        got = {
            (row["key"], column): value
            for row in table["rows"]
            for column, value in zip(columns, row["values"], strict=True)
            if value
        }
        assert got == raw.cross(key, f)
        assert table["total"] == raw.total(key, f)
        by_governorate = raw.breakdown(key, "governorate", f)
        assert {row["key"]: row["total"] for row in table["rows"]} == by_governorate
        by_type = raw.breakdown(key, "act_type", f)
        assert dict(zip(columns, table["totals"], strict=True)) == by_type


# ---------------------------------------------------------------------------
# Inclusion rules, one record at a time


def _event(personas: Any, **kwargs: Any) -> Event:
    defaults: dict[str, Any] = {
        "reference": f"T-{Event.objects.count():05d}",
        "title": "Test event",
        "governorate": Governorate.objects.get(slug="halabja"),
        "start_date": date(2025, 6, 15),
        "start_precision": DatePrecision.EXACT,
        "violation_status": Term.objects.get(vocabulary__key="violation_status", code="01"),
        "verification": VerificationState.VERIFIED,
        "verified_by": personas.director,
        "verified_at": "2025-07-01T12:00:00Z",
        "created_by": personas.monitor_baghdad,
    }
    defaults.update(kwargs)
    return Event.objects.create(**defaults)


def _act(personas: Any, event: Event, **kwargs: Any) -> Act:
    victim = Person.objects.create(
        pseudonym=f"T-{Person.objects.count():06d}",
        governorate=event.governorate,
        created_by=personas.monitor_baghdad,
    )
    return Act.objects.create(
        event=event,
        victim=victim,
        act_type=Term.objects.get(vocabulary__key="act_type", code="0101"),
        **kwargs,
    )


def test_inclusion_rules(sample: SampleCounts, raw: RawCounts, personas: Any) -> None:
    june = StatsFilters(start=date(2025, 6, 1), end=date(2025, 6, 30))
    base_all = indicators.total("acts")
    base_june = indicators.total("acts", june)
    base_months = _app(indicators.breakdown("acts", "month"))
    status = {
        code: Term.objects.get(vocabulary__key="violation_status", code=code)
        for code in ("01", "03")
    }
    # Never counted: unverified, merged, below the status.
    _act(personas, _event(personas, verification=VerificationState.SUBMITTED, verified_by=None))
    target = _event(personas)
    _act(personas, _event(personas, merged_into=target))
    _act(personas, _event(personas, violation_status=status["03"]))
    assert indicators.total("acts") == base_all
    assert indicators.total("acts", StatsFilters(minimum_status="03")) == raw.total(
        "acts", StatsFilters(minimum_status="03")
    )
    # The act's own date wins over its event's: an event of May, an act of June.
    may = _event(personas, start_date=date(2025, 5, 20))
    _act(personas, may, date=date(2025, 6, 2), date_precision=DatePrecision.EXACT)
    assert indicators.total("acts", june) == base_june + 1
    assert indicators.total("acts", StatsFilters(date(2025, 5, 20), date(2025, 5, 20))) == (
        raw.total("acts", StatsFilters(date(2025, 5, 20), date(2025, 5, 20)))
    )
    # A date known only to the year: in the period (1 January) but "month not known".
    year_only = _event(personas, start_date=date(2025, 1, 1), start_precision=DatePrecision.YEAR)
    _act(personas, year_only)
    # An act's own date known to the year, in an event known to the day.
    _act(
        personas,
        _event(personas, start_date=date(2025, 3, 3)),
        date=date(2025, 1, 1),
        date_precision=DatePrecision.YEAR,
    )
    # Unknown dates: counted without a period only.
    _act(personas, _event(personas, start_date=None, start_precision=DatePrecision.UNKNOWN))
    assert indicators.total("acts") == base_all + 4
    assert indicators.total("acts", june) == base_june + 1
    months = _app(indicators.breakdown("acts", "month"))
    assert months[UNKNOWN] == base_months[UNKNOWN] + 3
    assert months["2025-06"] == base_months["2025-06"] + 1
    assert months.get("2025-05") == base_months.get("2025-05")
    assert months.get("2025-01") == base_months.get("2025-01")
    # Unknown dates never count in a period, nor in its month breakdown.
    year = StatsFilters(start=date(2025, 1, 1), end=date(2025, 12, 31))
    in_year = _app(indicators.breakdown("acts", "month", year))
    assert sum(v for k, v in in_year.items() if k != UNKNOWN) + in_year.get(UNKNOWN, 0) == (
        indicators.total("acts", year)
    )
    for dimension in ("month", "governorate"):
        _check_breakdown(raw, "acts", dimension, StatsFilters())
        _check_breakdown(raw, "acts", dimension, year)
        _check_breakdown(raw, "acts", dimension, june)


def test_cross_table_by_perpetrator_type_counts_each_act_once(
    sample: SampleCounts, raw: RawCounts
) -> None:
    _two_types_under_one_top_level(sample)
    table = indicators.cross_table("acts", columns="perpetrator_type")
    columns = [column["key"] for column in table["columns"]]
    expected = raw.breakdown("acts", "perpetrator_type", StatsFilters())
    assert dict(zip(columns, table["totals"], strict=True)) == expected


def test_cross_table_margins_are_distinct_counts_for_many_valued_columns(
    sample: SampleCounts, raw: RawCounts
) -> None:
    # A victim with two characteristics sits in two columns but once in its row total.
    table = indicators.cross_table("acts", columns="characteristic")
    by_governorate = raw.breakdown("acts", "governorate", StatsFilters())
    assert {row["key"]: row["total"] for row in table["rows"]} == {
        slug: value for slug, value in by_governorate.items() if value
    }
    assert table["total"] == raw.total("acts", StatsFilters())
