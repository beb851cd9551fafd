"""The generator of Iraqi name variants (nama/monitoring/namevariants.py): each family
changes what it says and nothing else, the same seed gives the same names, and the
people it draws for negatives are different people."""

from __future__ import annotations

import random

import pytest

from nama.core.text import normalize
from nama.monitoring import namevariants as nv
from nama.monitoring.namevariants import GeneratedPerson

MOHAMMED = GeneratedPerson(("محمد", "علي", "حسين", "الجبوري"), "m", 1990)
ABDULLAH = GeneratedPerson(("عبد الله", "أحمد", "مصطفى", "السامرائي"), "m", 1980)
FATIMA = GeneratedPerson(("فاطمة", "إبراهيم", "عيسى"), "f", 1975)
ISRAA = GeneratedPerson(("إسراء", "كاظم", "ضياء", "الطائي"), "f", 1999)
SHERKO = GeneratedPerson(("شێرکۆ", "ڕەسوڵ", "کەریم"), "m", 1982, kurdish=True)


def made(person: GeneratedPerson, family: str, seed: int = 1) -> nv.NameVariant:
    variant = nv.variant(person, family, random.Random(seed))
    assert variant is not None, family
    return variant


def test_the_same_seed_gives_the_same_people_and_variants() -> None:
    def draw(seed: int) -> list[tuple[str, ...]]:
        rng = random.Random(seed)
        people = nv.distinct_people(40, rng)
        return [(p.name, *(v.name or v.name_latin for v in nv.variants(p, rng))) for p in people]

    assert draw(7) == draw(7)
    assert draw(7) != draw(8)


def test_compound_names_are_joined() -> None:
    assert made(ABDULLAH, "compound").name == "عبدالله أحمد مصطفى السامرائي"
    assert nv.variant(MOHAMMED, "compound", random.Random(1)) is None


def test_hamza_seats_are_dropped() -> None:
    assert made(ABDULLAH, "hamza").name.split()[2] == "احمد"
    israa = {made(ISRAA, "hamza", seed).name.split()[0] for seed in range(12)}
    assert israa == {"اسراء", "اسرا"}  # the final hamza is dropped too, at times
    assert nv.variant(MOHAMMED, "hamza", random.Random(1)) is None


def test_taa_marbuta_is_written_as_haa() -> None:
    assert made(FATIMA, "taa_marbuta").name.startswith("فاطمه ")


def test_alef_maqsura_is_written_as_yaa_and_back() -> None:
    assert "مصطفي" in made(ABDULLAH, "alef_maqsura").name
    assert made(MOHAMMED, "alef_maqsura").name.split()[1] == "على"


def test_diacritics_and_tatweel_change_only_how_it_looks() -> None:
    for seed in range(10):
        marked = made(MOHAMMED, "diacritics", seed).name
        stretched = made(MOHAMMED, "tatweel", seed).name
        assert "\u0651" in marked  # محمّد
        assert "\u0640" in stretched
        assert normalize(marked) == normalize(stretched) == normalize(MOHAMMED.name)


def test_latin_spellings_are_the_usual_ones() -> None:
    spellings = {made(MOHAMMED, "latin", seed).name_latin.split()[0] for seed in range(40)}
    assert spellings == {"Mohammed", "Muhammad", "Mohamed", "Mohammad", "Mohamad"}
    assert {made(ABDULLAH, "latin", seed).name_latin for seed in range(40)} >= {
        "Abd Allah Ahmed Mustafa Al-Samarrai"
    }
    variant = made(SHERKO, "latin")
    assert variant.name == ""
    assert variant.name_latin.split()[0] in ("Sherko", "Shirko")


def test_the_grandfathers_name_is_dropped_from_four_parts() -> None:
    assert made(MOHAMMED, "grandfather_dropped").name == "محمد علي الجبوري"
    assert nv.variant(FATIMA, "grandfather_dropped", random.Random(1)) is None


def test_kurdish_and_arabic_keyboards_write_the_same_letters() -> None:
    assert made(SHERKO, "kurdish_letters").name == "شێركۆ ڕهسوڵ كهريم"
    # An Arabic name typed on a Kurdish keyboard.
    assert made(MOHAMMED, "kurdish_letters").name == "محمد علی حسین الجبوری"
    for family in ("kurdish_letters",):
        assert normalize(made(SHERKO, family).name) == normalize(SHERKO.name)
    # Kurdish letters an Arabic keyboard cannot type become their nearest Arabic ones.
    assert made(SHERKO, "kurdish_keyboard").name == "شيركو رهسول كهريم"
    assert nv.variant(MOHAMMED, "kurdish_keyboard", random.Random(1)) is None


def test_mixed_variants_combine_two_or_three_families() -> None:
    for seed in range(20):
        variant = made(ABDULLAH, "mixed", seed)
        assert 2 <= len(variant.families) <= 3
        assert set(variant.families) <= set(nv.ARABIC_FAMILIES)
        assert variant.name != ABDULLAH.name


def test_every_name_part_has_latin_spellings() -> None:
    rng = random.Random(3)
    for person in nv.distinct_people(300, rng):
        for part in person.parts:
            assert nv.latin_spelling(part, rng)


def test_unknown_families_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown family"):
        nv.variant(MOHAMMED, "soundex", random.Random(1))


def test_distinct_people_differ_in_their_first_three_names() -> None:
    rng = random.Random(5)
    people = nv.distinct_people(500, rng)
    assert len({p.key for p in people}) == 500
    assert any(p.kurdish for p in people)
    assert any(not p.kurdish for p in people)
    assert {p.sex for p in people} == {"m", "f"}
    more = nv.distinct_people(50, rng, exclude={p.key for p in people})
    assert not {p.key for p in more} & {p.key for p in people}


def test_a_sibling_shares_everything_but_the_given_name_and_year() -> None:
    rng = random.Random(9)
    for person in nv.distinct_people(100, rng):
        brother = nv.sibling(person, rng)
        assert brother.parts[1:] == person.parts[1:]
        assert brother.parts[0] != person.parts[0]
        assert abs(brother.birth_year - person.birth_year) >= 2
        assert brother.kurdish == person.kurdish


def test_birth_year_noise_is_one_year_at_most() -> None:
    rng = random.Random(2)
    years = {nv.with_birth_year_noise(MOHAMMED, rng).birth_year for _ in range(50)}
    assert years == {1989, 1990, 1991}
