"""A complete, realistic ReportData dict (see the reports briefing) for tests of the renderers.

The numbers are invented. Small counts (1 to threshold - 1) are suppressed (None), as the
public audience would have them; totals stay exact.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

THRESHOLD = 5

_SEED = Path(__file__).resolve().parents[2] / "core" / "seed" / "governorates.csv"

# Acts per governorate slug (exact counts, before suppression).
_GOVERNORATE_COUNTS = {
    "baghdad": 14,
    "basra": 9,
    "nineveh": 7,
    "erbil": 0,
    "sulaymaniyah": 6,
    "duhok": 0,
    "halabja": 2,
    "kirkuk": 5,
    "anbar": 3,
    "salahaddin": 0,
    "diyala": 1,
    "babil": 0,
    "karbala": 0,
    "najaf": 0,
    "qadisiyah": 0,
    "muthanna": 0,
    "dhiqar": 10,
    "maysan": 0,
    "wasit": 0,
}

_TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "title": "Human rights situation report, third quarter 2026",
        "centre": "Nama Centre for Human Rights",
        "period": "July to September 2026",
        "inclusion": (
            "Counts include acts documented by the centre's monitors, verified, "
            "with a case status of at least 'under follow-up', that took place in the period."
        ),
        "sources": (
            "Interviews with victims, witnesses and families by the centre's monitors.\n\n"
            "Complaints received through the public complaint form and the hotline."
        ),
        "verification": (
            "Each act is checked against at least two independent sources before it is "
            "marked verified."
        ),
        "counting": (
            "One act is counted once, whatever the number of victims.\n\n"
            "An act with several types is counted under each type; totals by type can "
            "therefore exceed the number of acts."
        ),
        "context": (
            "Protests over electricity and water shortages continued in the south during the "
            "summer.\n\nSecurity operations in the north were followed by arrests."
        ),
        "recommendations": (
            "Investigate every death in custody promptly and independently.\n\n"
            "Release detainees held without a judicial order."
        ),
        "headline": {
            "acts": "Acts documented",
            "victims": "Victims",
            "governorates": "Governorates",
            "cases": "Cases followed by lawyers",
        },
        "tables": {
            "by_governorate": "Acts by governorate",
            "by_type": "Acts by type",
            "by_perpetrator": "Acts by alleged perpetrator",
            "by_sex": "Victims by sex",
            "by_age": "Victims by age group",
            "by_characteristic": "Victims by characteristic",
            "trend": "Acts by month",
            "legal": "Legal follow-up",
            "intake": "Complaints received",
            "cross": "Acts by governorate and type",
        },
        "unit_acts": "acts",
        "unit_victims": "victims",
        "unit_cases": "cases",
        "types": [
            ("01", "Killings"),
            ("03", "Torture and ill-treatment"),
            ("04", "Deprivation of liberty"),
            ("06", "Threats and intimidation"),
        ],
        "perpetrators": [
            ("police", "Police"),
            ("army", "Army"),
            ("armed_group", "Armed group"),
            ("unknown", "Unknown"),
        ],
        "sex": [("female", "Female"), ("male", "Male"), ("unknown", "Not known")],
        "age": [("child", "Under 18"), ("adult", "18 to 59"), ("older", "60 and over")],
        "characteristic": [
            ("journalist", "Journalist"),
            ("activist", "Activist"),
            ("idp", "Internally displaced person"),
        ],
        "months": ["July 2026", "August 2026", "September 2026"],
        "legal": [
            ("complaint_filed", "Complaints filed"),
            ("hearing", "Court hearings attended"),
            ("release", "Releases obtained"),
        ],
        "intake": [
            ("form", "Online complaint form"),
            ("hotline", "Hotline"),
            ("monitor", "Field monitors"),
        ],
        "case_title": "Death of a detainee in Basra",
        "case_place": "Basra",
        "case_when": "August 2026",
        "case_types": ["Death in custody", "Torture"],
        "case_text": (
            "A man arrested at a protest died in a police station three days later. "
            "His family was not told where he was held.\n\n"
            "The centre's lawyer filed a complaint with the investigating judge."
        ),
    },
    "ar": {
        "title": "تقرير حالة حقوق الإنسان، الربع الثالث 2026",
        "centre": "مركز نما لحقوق الإنسان",
        "period": "تموز إلى أيلول 2026",
        "inclusion": (
            "تشمل الأرقام الأفعال التي وثّقها راصدو المركز وتم التحقق منها، "
            "وحالتها 'قيد المتابعة' أو أعلى، ووقعت خلال الفترة."
        ),
        "sources": (
            "مقابلات أجراها راصدو المركز مع الضحايا والشهود والعائلات.\n\n"
            "الشكاوى الواردة عبر استمارة الشكاوى العامة والخط الساخن."
        ),
        "verification": "يُتحقق من كل فعل من مصدرين مستقلين على الأقل قبل اعتماده.",
        "counting": (
            "يُحسب الفعل مرة واحدة مهما كان عدد الضحايا.\n\n"
            "الفعل الذي له أكثر من نوع يُحسب تحت كل نوع، لذا قد يتجاوز مجموع الأنواع عدد الأفعال."
        ),
        "context": (
            "استمرت الاحتجاجات على نقص الكهرباء والماء في الجنوب خلال الصيف.\n\n"
            "أعقبت العمليات الأمنية في الشمال حملات اعتقال."
        ),
        "recommendations": (
            "التحقيق الفوري والمستقل في كل حالة وفاة أثناء الاحتجاز.\n\n"
            "الإفراج عن المحتجزين دون أمر قضائي."
        ),
        "headline": {
            "acts": "الأفعال الموثقة",
            "victims": "الضحايا",
            "governorates": "المحافظات",
            "cases": "القضايا التي يتابعها المحامون",
        },
        "tables": {
            "by_governorate": "الأفعال حسب المحافظة",
            "by_type": "الأفعال حسب النوع",
            "by_perpetrator": "الأفعال حسب الجهة المنسوب إليها",
            "by_sex": "الضحايا حسب الجنس",
            "by_age": "الضحايا حسب الفئة العمرية",
            "by_characteristic": "الضحايا حسب الصفة",
            "trend": "الأفعال حسب الشهر",
            "legal": "المتابعة القانونية",
            "intake": "الشكاوى الواردة",
            "cross": "الأفعال حسب المحافظة والنوع",
        },
        "unit_acts": "أفعال",
        "unit_victims": "ضحايا",
        "unit_cases": "قضايا",
        "types": [
            ("01", "القتل العمد"),
            ("03", "التعذيب وسوء المعاملة"),
            ("04", "الاعتقال التعسفي"),
            ("06", "التهديد والترهيب"),
        ],
        "perpetrators": [
            ("police", "الشرطة"),
            ("army", "الجيش"),
            ("armed_group", "جماعة مسلحة"),
            ("unknown", "غير معروف"),
        ],
        "sex": [("female", "أنثى"), ("male", "ذكر"), ("unknown", "غير معروف")],
        "age": [("child", "دون 18"), ("adult", "18 إلى 59"), ("older", "60 فأكثر")],
        "characteristic": [
            ("journalist", "صحفي"),
            ("activist", "ناشط"),
            ("idp", "نازح داخليا"),
        ],
        "months": ["تموز 2026", "آب 2026", "أيلول 2026"],
        "legal": [
            ("complaint_filed", "الشكاوى المقدمة"),
            ("hearing", "الجلسات التي حضرها المحامون"),
            ("release", "حالات الإفراج"),
        ],
        "intake": [
            ("form", "استمارة الشكاوى الإلكترونية"),
            ("hotline", "الخط الساخن"),
            ("monitor", "الراصدون الميدانيون"),
        ],
        "case_title": "وفاة محتجز في البصرة",
        "case_place": "البصرة",
        "case_when": "آب 2026",
        "case_types": ["الوفاة أثناء الاحتجاز", "التعذيب"],
        "case_text": (
            "توفي رجل اعتُقل خلال احتجاج في مركز للشرطة بعد ثلاثة أيام. "
            "لم تُبلَّغ عائلته بمكان احتجازه.\n\n"
            "قدّم محامي المركز شكوى إلى قاضي التحقيق."
        ),
    },
}


def _governorates(language: str) -> list[tuple[str, str]]:
    column = "name_ar" if language == "ar" else "name_en"
    with _SEED.open(encoding="utf-8") as seed:
        return [(row["slug"], row[column]) for row in csv.DictReader(seed)]


def _suppress(value: int) -> int | None:
    return None if 0 < value < THRESHOLD else value


def _table(title: str, unit: str, rows: list[tuple[str, str, int]]) -> dict[str, Any]:
    total = sum(value for _key, _label, value in rows)
    return {
        "title": title,
        "unit": unit,
        "rows": [
            {"key": key, "label": label, "value": _suppress(value)} for key, label, value in rows
        ],
        "total": _suppress(total),
    }


def sample_report_data(language: str = "ar") -> dict[str, Any]:
    """A complete ReportData dict in Arabic ("ar") or English ("en")."""
    text = _TEXT[language]
    titles = text["tables"]
    governorates = _governorates(language)
    by_governorate = [
        (slug, name, _GOVERNORATE_COUNTS[slug])
        for slug, name in governorates
        if _GOVERNORATE_COUNTS[slug]
    ]
    type_counts = [20, 8, 19, 10]
    by_type = [(key, label, n) for (key, label), n in zip(text["types"], type_counts, strict=True)]
    # Governorate x type; rows sum to the governorate counts above.
    cross_counts = {
        "baghdad": [5, 2, 5, 2],
        "basra": [4, 1, 3, 1],
        "nineveh": [2, 1, 3, 1],
        "sulaymaniyah": [1, 1, 2, 2],
        "halabja": [0, 0, 1, 1],
        "kirkuk": [2, 0, 2, 1],
        "anbar": [1, 1, 1, 0],
        "diyala": [0, 0, 1, 0],
        "dhiqar": [5, 2, 1, 2],
    }
    names = dict(governorates)
    cross_rows = [
        {
            "key": slug,
            "label": names[slug],
            "values": [_suppress(n) for n in values],
            "total": _suppress(sum(values)),
        }
        for slug, values in cross_counts.items()
    ]
    column_totals = [sum(column) for column in zip(*cross_counts.values(), strict=True)]
    acts = sum(_GOVERNORATE_COUNTS.values())
    return {
        "schema": 1,
        "language": language,
        "title": text["title"],
        "centre": text["centre"],
        "period": {
            "kind": "quarter",
            "start": "2026-07-01",
            "end": "2026-09-30",
            "label": text["period"],
        },
        "built_on": "2026-11-24",
        "reference": "R-2026-003 / build 2",
        "audience": "public",
        "threshold": THRESHOLD,
        "inclusion": text["inclusion"],
        "methodology": {
            "sources": text["sources"],
            "verification": text["verification"],
            "counting": text["counting"],
        },
        "sections": {"context": text["context"], "recommendations": text["recommendations"]},
        "headline": [
            {"key": "acts", "label": text["headline"]["acts"], "value": acts},
            {"key": "victims", "label": text["headline"]["victims"], "value": 71},
            {"key": "governorates", "label": text["headline"]["governorates"], "value": 9},
            {"key": "cases", "label": text["headline"]["cases"], "value": None},
        ],
        "tables": {
            "by_governorate": _table(titles["by_governorate"], text["unit_acts"], by_governorate),
            "by_type": _table(titles["by_type"], text["unit_acts"], by_type),
            "by_perpetrator": _table(
                titles["by_perpetrator"],
                text["unit_acts"],
                [
                    (k, label, n)
                    for (k, label), n in zip(text["perpetrators"], [21, 6, 3, 18], strict=True)
                ],
            ),
            "by_sex": _table(
                titles["by_sex"],
                text["unit_victims"],
                [(k, label, n) for (k, label), n in zip(text["sex"], [17, 52, 2], strict=True)],
            ),
            "by_age": _table(
                titles["by_age"],
                text["unit_victims"],
                [(k, label, n) for (k, label), n in zip(text["age"], [9, 58, 4], strict=True)],
            ),
            "by_characteristic": _table(
                titles["by_characteristic"],
                text["unit_victims"],
                [
                    (k, label, n)
                    for (k, label), n in zip(text["characteristic"], [6, 11, 3], strict=True)
                ],
            ),
            "trend": _table(
                titles["trend"],
                text["unit_acts"],
                [
                    (key, label, n)
                    for key, label, n in zip(
                        ["2026-07", "2026-08", "2026-09"], text["months"], [15, 22, 11], strict=True
                    )
                ],
            ),
            "legal": _table(
                titles["legal"],
                text["unit_cases"],
                [(k, label, n) for (k, label), n in zip(text["legal"], [12, 7, 3], strict=True)],
            ),
            "intake": _table(
                titles["intake"],
                text["unit_cases"],
                [(k, label, n) for (k, label), n in zip(text["intake"], [24, 13, 31], strict=True)],
            ),
        },
        "cross": {
            "title": titles["cross"],
            "unit": text["unit_acts"],
            "columns": [{"key": key, "label": label} for key, label in text["types"]],
            "rows": cross_rows,
            "totals": [_suppress(n) for n in column_totals],
            "total": _suppress(sum(column_totals)),
        },
        "map": {
            "values": {slug: _suppress(_GOVERNORATE_COUNTS[slug]) for slug, _name in governorates}
        },
        "case_summaries": [
            {
                "title": text["case_title"],
                "place": text["case_place"],
                "when": text["case_when"],
                "act_types": list(text["case_types"]),
                "text": text["case_text"],
            }
        ],
        "fingerprint": "3f1b0c4e9d2a7b6c5e8f1a0d3c2b4a6e9f8d7c6b5a4e3d2c1b0a9f8e7d6c5b4a",
    }
