"""Load the project's seed data: Iraq's governorates and districts, and the controlled
vocabularies.

The files in ``nama/core/seed/`` started as copies of the shared reference data
and are owned by the project. Loading only ever *adds* what is missing: a term
renamed or retired in the admin stays as the centre left it, and a second run
changes nothing. Terms are hierarchical by code, two digits a level
("0401" is under "04").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from nama.core.models import District, Governorate, Term, Vocabulary

SEED_DIR = Path(__file__).resolve().parent / "seed"


@dataclass
class LoadResult:
    governorates_created: int = 0
    districts_created: int = 0
    vocabularies_created: int = 0
    terms_created: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.governorates_created
            or self.districts_created
            or self.vocabularies_created
            or self.terms_created
        )


def read_governorates(path: Path = SEED_DIR / "governorates.csv") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_districts(path: Path = SEED_DIR / "districts.csv") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_vocabularies(path: Path = SEED_DIR / "vocabularies.yaml") -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    vocabularies: list[dict[str, Any]] = document["vocabularies"]
    return vocabularies


def parent_code(code: str) -> str | None:
    """The broader term's code: "0401" → "04"; top-level codes have none."""
    return code[:-2] if code.isdigit() and len(code) > 2 else None


@transaction.atomic
def load_reference_data() -> LoadResult:
    """Create the governorates, vocabularies and terms that are not in the database yet."""
    result = LoadResult()
    existing_slugs = set(Governorate.objects.values_list("slug", flat=True))
    for order, row in enumerate(read_governorates(), start=1):
        if row["slug"] in existing_slugs:
            continue
        Governorate.objects.create(
            slug=row["slug"],
            iso_code=row["iso_3166_2"],
            name_ar=row["name_ar"],
            name_en=row["name_en"],
            name_ckb=row["name_ckb"],
            kurdistan_region=row["kurdistan_region"] == "yes",
            capital_ar=row["capital_ar"],
            capital_en=row["capital_en"],
            sort_order=order,
        )
        result.governorates_created += 1

    governorates = {g.slug: g for g in Governorate.objects.all()}
    existing_districts = set(District.objects.values_list("slug", flat=True))
    for order, row in enumerate(read_districts(), start=1):
        if row["slug"] in existing_districts:
            continue
        District.objects.create(
            governorate=governorates[row["governorate"]],
            slug=row["slug"],
            name_ar=row["name_ar"],
            name_en=row["name_en"],
            name_ckb=row["name_ckb"],
            sort_order=order,
        )
        result.districts_created += 1

    for entry in read_vocabularies():
        vocabulary, created = Vocabulary.objects.get_or_create(
            key=entry["key"],
            defaults={
                "huridocs": entry.get("huridocs", ""),
                "name_ar": entry["name"]["ar"],
                "name_en": entry["name"]["en"],
                "name_ckb": entry["name"].get("ckb", ""),
            },
        )
        result.vocabularies_created += int(created)
        result.terms_created += _load_terms(vocabulary, entry["terms"])
    return result


def _load_terms(vocabulary: Vocabulary, terms: list[dict[str, Any]]) -> int:
    by_code = {term.code: term for term in vocabulary.terms.all()}
    created = 0
    for order, row in enumerate(terms, start=1):
        code = str(row["code"])
        if code in by_code:
            continue
        parent = by_code.get(parent_code(code) or "")
        by_code[code] = Term.objects.create(
            vocabulary=vocabulary,
            code=code,
            parent=parent,
            name_ar=row["ar"],
            name_en=row["en"],
            name_ckb=row.get("ckb") or "",
            sort_order=order,
        )
        created += 1
    return created
