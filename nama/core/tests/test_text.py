"""One test per folding rule of DESIGN.md §5, plus tokens, digits and stability."""

# Arabic letters and digits look like Latin ones to ruff; here they are the point.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from nama.core.text import digits_only, normalize, phone_digits, tokens


def test_it_strips_tashkeel():
    assert normalize("مُحَمَّدٌ") == "محمد"


def test_it_strips_superscript_alef_and_quranic_marks():
    assert normalize("رَحْمٰن") == "رحمن"
    assert normalize("الله\u06d6\u06e1") == "الله"


def test_it_strips_tatweel():
    assert normalize("عـــلـي") == "علي"


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("آمنة", "امنه"),
        ("ٱلرحمن", "الرحمن"),
    ],
    ids=["alef-hamza-above", "alef-hamza-below", "alef-madda", "alef-wasla"],
)
def test_it_folds_each_alef_form_to_bare_alef(variant, expected):
    assert normalize(variant) == expected


def test_it_folds_waw_with_hamza():
    assert normalize("مؤمن") == "مومن"


def test_it_folds_yeh_with_hamza():
    assert normalize("رئيس") == "رييس"


def test_it_folds_decomposed_hamza_like_the_precomposed_letter():
    assert normalize("\u0627\u0654حمد") == normalize("أحمد")


def test_it_folds_alef_maksura_to_yeh():
    assert normalize("مصطفى") == "مصطفي"


def test_it_folds_persian_yeh_to_arabic_yeh():
    assert normalize("علی") == "علي"


def test_it_folds_keheh_to_kaf():
    assert normalize("کريم") == "كريم"


def test_it_folds_teh_marbuta_to_heh():
    assert normalize("فاطمة") == "فاطمه"


def test_it_folds_kurdish_ae_to_heh():
    assert normalize("\u06d5") == "ه"
    assert normalize("زەینەب") == normalize("زهينهب")


def test_it_strips_zwnj_and_zwj():
    assert normalize("می\u200cخواهم") == normalize("میخواهم")
    assert normalize("ع\u200dلي") == "علي"


@pytest.mark.parametrize(
    "mark",
    [
        *("\u200e", "\u200f", "\u061c"),
        *(chr(c) for c in range(0x202A, 0x202F)),
        *(chr(c) for c in range(0x2066, 0x206A)),
    ],
)
def test_it_strips_bidi_marks(mark):
    assert normalize(f"{mark}علي{mark} 0770{mark}") == "علي 0770"


def test_it_converts_arabic_indic_digits():
    assert normalize("٠١٢٣٤٥٦٧٨٩") == "0123456789"


def test_it_converts_persian_digits():
    assert normalize("۰۱۲۳۴۵۶۷۸۹") == "0123456789"


def test_it_casefolds_latin_and_collapses_whitespace():
    assert normalize("  Ahmed \t\n  AL-Hashimi\u00a0 ") == "ahmed al-hashimi"


def test_it_turns_presentation_forms_into_letters():
    assert normalize("\ufefb") == "لا"


def test_kurdish_letters_survive():
    original = "ڕۆژ ڵێ ڤ گ چ پ ژ ڎ"
    assert normalize(original) == original
    assert tokens("کوڕی باشە، ڕێگا") == ["كوڕي", "باشه", "ڕێگا"]


def test_tokens_split_on_punctuation_and_keep_words_whole():
    assert tokens("محمّد، عبد-الله (أبو_علي) 07701234567") == [
        "محمد",
        "عبد",
        "الله",
        "ابو",
        "علي",
        "07701234567",
    ]


def test_tokens_of_empty_text_is_empty():
    assert tokens("") == []
    assert tokens(" ، ـ \u200f") == []


def test_digits_only_converts_and_drops_everything_else():
    assert digits_only("+٩٦٤ ٧٧٠-۱۲۳ ۴۵ 67") == "9647701234567"
    assert digits_only("no digits") == ""


@pytest.mark.parametrize(
    "text",
    [
        "مُحَمَّد بن عبدِ اللهِ",
        "İSTANBUL Straße",
        "\u202bأحمد\u202c ٠٧٧٠ ۱۲۳",
        "ئەمە ڕۆژێکی باشە",
        "\u0627\u0654\u0653ـــ  \ufefb",
        "",
    ],
)
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


def test_heh_doachashmee_folds_to_heh() -> None:
    assert normalize("ھەولێر") == normalize("هەولێر")


def test_heh_goal_folds_to_heh() -> None:
    assert normalize("\u06c1") == "ه"


@pytest.mark.parametrize(
    "typed",
    ["0770 123 4567", "+964 770 123 4567", "00964-770-123-4567", "770 123 4567", "٠٧٧٠١٢٣٤٥٦٧"],
)
def test_every_way_of_typing_an_iraqi_number_gives_one_form(typed: str) -> None:
    assert phone_digits(typed) == "07701234567"


def test_foreign_numbers_keep_their_international_digits() -> None:
    assert phone_digits("+49 30 1234") == "49301234"
    assert phone_digits("0049 30 1234") == "49301234"
