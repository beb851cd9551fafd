"""Name matching for duplicate detection (DESIGN.md §5), without decrypting the table.

Every person stores ``match_keys``: keyed hashes (blind indexes) of the
*skeletons* of the words of their names, Arabic and Latin. A skeleton folds
the ways one name is written: DESIGN.md §5 normalisation, compound names
joined (عبد الله → عبدالله), the article dropped, long vowels and the letters
that Latin spellings lose (ا و ي ه ع ء) removed, and Latin spellings mapped
to Arabic consonants (Mohammed, Muhammad → محمد → "محمد"). Two persons
sharing skeleton keys are *candidates*; only candidates are decrypted and
scored (``score_names``) in memory.
"""

# ruff: noqa: RUF001, RUF002 - Arabic letters are the point of this module.

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

from nama.core import crypto
from nama.core.text import normalize

__all__ = ["name_skeletons", "person_keys", "score_names", "skeleton"]

PURPOSE = "monitoring.person.match"

# Compound first parts that are written joined or apart: always (عبد الله), or only
# before the second half of a compound (نور الدين; but نور, علاء... are names on their
# own: نور علي, علاء الطائي).
_COMPOUND_PREFIXES = ("عبد", "ابو", "ام", "abd", "abdul", "abdel", "abu", "abo", "um", "umm")
_PREFIXES_BEFORE_ARTICLE = (
    *("نور", "سيف", "زين", "شمس", "عز", "علاء", "صلاح"),
    *("nour", "noor", "nur", "saif", "sayf", "zain", "zein", "shams", "izz", "alaa", "salah"),
)
_COMPOUND_ENDS = (
    *("الدين", "الهدي", "العابدين", "الحق", "الاسلام"),
    *("aldin", "aldeen", "eldin", "eldeen", "uddin", "addin", "alhuda", "alabidin"),
)
# Latin articles written apart (Abd al-Rahman, Al Jubouri) join the next word.
_LATIN_ARTICLES = ("al", "el")
_ARTICLE = re.compile(r"^ال")
_APOSTROPHES = re.compile(r"[’'`ʿʾ‘]")
# Letters Latin spellings drop or render inconsistently: long vowels (Kurdish ێ ۆ
# too), ayn, hamza, ha.
_WEAK = str.maketrans("", "", "اويىهعءئؤێۆ")
# Latin digraphs first, then single letters, to Arabic consonants.
_LATIN_DIGRAPHS = (
    ("kh", "خ"),
    ("gh", "غ"),
    ("sh", "ش"),
    ("ch", "ش"),
    ("th", "ث"),
    ("dh", "ذ"),
    ("ph", "ف"),
    ("ou", "و"),
    ("oo", "و"),
    ("ee", "ي"),
)
_LATIN_LETTERS = {
    "b": "ب",
    "t": "ت",
    "j": "ج",
    "g": "ج",
    "h": "ح",
    "d": "د",
    "r": "ر",
    "z": "ز",
    "s": "س",
    "c": "ك",
    "f": "ف",
    "q": "ق",
    "k": "ك",
    "l": "ل",
    "m": "م",
    "n": "ن",
    "w": "و",
    "y": "ي",
    "a": "ا",
    "e": "ا",
    "i": "ي",
    "o": "و",
    "u": "و",
    "v": "ف",
    "p": "ب",
    "x": "كس",
}
# Arabic letters that Latin spellings cannot tell apart, folded together.
# Iraqi spellings write ض, ظ and ذ alike as "dh" (Fadhil, Kadhim). Kurdish letters
# fold to the Arabic ones Latin spellings and Arabic keyboards give (ڕ ڵ ڤ گ چ پ ژ).
_ARABIC_FOLD = str.maketrans(
    {
        "ح": "ه",
        "ص": "س",
        "ث": "س",
        "ض": "ز",
        "ذ": "ز",
        "ظ": "ز",
        "ط": "ت",
        "ق": "ك",
        "غ": "ج",
        "ڕ": "ر",
        "ڵ": "ل",
        "ڤ": "ف",
        "گ": "ج",
        "چ": "ش",
        "پ": "ب",
        "ژ": "ز",
    }
)


def _latin_to_arabic(word: str) -> str:
    word = word.lower()
    word = re.sub(r"(.)\1", r"\1", word)  # doubled letters: Mohammed → Mohamed
    for latin, arabic in _LATIN_DIGRAPHS:
        word = word.replace(latin, arabic)
    return "".join(_LATIN_LETTERS.get(ch, ch) for ch in word)


def _words(name: str) -> list[str]:
    """Normalised words with compound names joined: "عبد الله" → "عبدالله"."""
    words = _APOSTROPHES.sub("", normalize(name)).replace("-", " ").split()
    joined: list[str] = []
    article = ""
    for word in words:
        if word in _LATIN_ARTICLES:
            article += word
            continue
        word, article = article + word, ""
        previous = joined[-1] if joined else ""
        if previous in _COMPOUND_PREFIXES or (
            previous in _PREFIXES_BEFORE_ARTICLE and word in _COMPOUND_ENDS
        ):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def skeleton(word: str) -> str:
    """The folded consonant skeleton of one normalised word (Arabic or Latin)."""
    if word.isascii():
        word = _latin_to_arabic(word)
    word = _ARTICLE.sub("", word) if len(word) > 4 else word
    folded = word.translate(_ARABIC_FOLD).translate(_WEAK)
    return re.sub(r"(.)\1", r"\1", folded)  # محمّد written محممد


def name_skeletons(*names: str) -> list[str]:
    """The distinct skeletons of the words of ``names`` (of two letters or more)."""
    found = []
    for name in names:
        for word in _words(name or ""):
            if word.isascii() and not word.isalpha():
                continue
            key = skeleton(word)
            if len(key) >= 2 and key not in found:
                found.append(key)
    return found


def person_keys(person: Any) -> str:
    """The ``match_keys`` of a person: blind indexes of their name skeletons, sorted."""
    keys = {
        crypto.blind_index(key, purpose=PURPOSE, normalizer=str)
        for key in name_skeletons(person.name, person.name_latin, person.aliases)
    }
    return " ".join(sorted(k for k in keys if k))


def query_keys(*names: str) -> list[str]:
    """The blind-index keys to look candidates up by, for names being typed."""
    return sorted(
        {crypto.blind_index(key, purpose=PURPOSE, normalizer=str) for key in name_skeletons(*names)}
    )


def score_names(a: str, b: str) -> float:
    """Similarity of two names from 0 to 100, over skeletons, order-insensitive and
    tolerant of a dropped grandfather's name (token set ratio)."""
    left, right = " ".join(name_skeletons(a)), " ".join(name_skeletons(b))
    if not left or not right:
        return 0.0
    return float(max(fuzz.token_set_ratio(left, right), fuzz.token_sort_ratio(left, right)))
