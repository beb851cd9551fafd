"""Arabic and Kurdish text normalisation for search and matching (DESIGN.md §5).

The same person's name reaches Nama spelt many ways: with or without tashkeel
(محمّد / محمد), with any hamza seat (أحمد / احمد), with Persian or Arabic
keyboard letters (علی / علي, کريم / كريم), stretched by tatweel, wrapped in
invisible bidi marks pasted from a phone, with Arabic-Indic or Latin digits.
PostgreSQL's ``arabic`` configuration misses several of these folds and SQLite
FTS5 splits words at diacritics, so Nama folds text itself, in Python, and uses
exactly the same function on both sides: when it builds an index (blind indexes
of encrypted fields, full-text search) and when it reads a query. The original
text is always kept for display; only index and query pass through here.

Kurdish Sorani letters that have no Arabic equivalent (ڕ ڵ ێ ۆ ڤ ڎ گ چ پ ژ)
are left alone: folding them would merge different names.
"""

# Arabic letters look like Latin ones to ruff; here they are the point.
# ruff: noqa: RUF001

from __future__ import annotations

import re
import unicodedata

__all__ = ["digits_only", "normalize", "phone_digits", "tokens"]

# Characters dropped outright: tashkeel (harakat, hamza and madda marks
# U+064B-U+065F, superscript alef U+0670, Quranic annotation marks
# U+06D6-U+06ED), tatweel, zero-width joiners and bidi controls. U+FEFF (a
# byte-order mark pasted at the start of text) is invisible too.
_DROPPED = (
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u0640", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

# Letter folds. The hamza forms أ إ آ ؤ ئ are decomposed by NFKD into a base
# letter plus a combining mark (dropped above); they are listed as well so the
# table documents every fold and works even without the decomposition.
_FOLDS = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",  # alef wasla
    "ى": "ي",  # alef maksura
    "ی": "ي",  # Persian/Kurdish yeh U+06CC
    "ک": "ك",  # keheh U+06A9
    "ة": "ه",  # teh marbuta
    "ە": "ه",  # Kurdish ae U+06D5
    # Sorani writes the consonant h with heh doachashmee (هەولێر is also typed
    # ھەولێر); Urdu-style keyboards give heh goal. Both are h.
    "ھ": "ه",  # heh doachashmee U+06BE
    "ہ": "ه",  # heh goal U+06C1
    "ؤ": "و",
    "ئ": "ي",
}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {
    chr(0x06F0 + i): str(i) for i in range(10)
}

_TABLE = str.maketrans({**dict.fromkeys(_DROPPED, None), **_FOLDS, **_DIGITS})

# A word is a run of letters and digits (underscore counts as a separator).
# Python's \w covers the Kurdish letters, so ڕۆژ stays one word.
_WORD = re.compile(r"[^\W_]+")


def normalize(text: str) -> str:
    """Fold ``text`` into the form Nama indexes and searches by (DESIGN.md §5).

    Steps, in order: NFKD (splits hamza seats into letter + mark and turns
    Arabic presentation forms such as ﻻ into plain letters), drop tashkeel,
    tatweel, ZWNJ/ZWJ and bidi marks, fold letter variants and Arabic-Indic or
    Persian digits, casefold Latin, recompose (NFC) and collapse whitespace.
    The result is stable: ``normalize(normalize(x)) == normalize(x)``.
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text).translate(_TABLE).casefold()
    return " ".join(unicodedata.normalize("NFC", folded).split())


def tokens(text: str) -> list[str]:
    """Normalised words of ``text``, in order, for word-level search.

    Punctuation (Arabic comma ، included) and whitespace separate words;
    letters and digits of every script stay together, Kurdish ones included.
    """
    return _WORD.findall(normalize(text))


def digits_only(text: str) -> str:
    """The digits of ``text`` as ASCII 0-9, everything else dropped.

    For phone numbers and tracking codes, which people type with Arabic-Indic
    (٠١٢) or Persian (۰۱۲) digits, spaces, dashes and a leading ``+``: all of
    them must reach the same index. Any Unicode decimal digit is converted.
    """
    return "".join(str(unicodedata.decimal(ch)) for ch in text if ch.isdecimal())


IRAQ_COUNTRY_CODE = "964"


def phone_digits(text: str) -> str:
    """A phone number in one canonical form, so every way of typing it matches.

    Iraqi numbers are written 0770 123 4567, +964 770 123 4567,
    00964 770 123 4567 or 770 123 4567; all become 07701234567. Numbers of
    other countries keep their international digits (with the 00 prefix
    dropped), e.g. +49 30 1234 → 49301234.
    """
    digits = digits_only(text)
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith(IRAQ_COUNTRY_CODE) and len(digits) == len(IRAQ_COUNTRY_CODE) + 10:
        return "0" + digits[len(IRAQ_COUNTRY_CODE) :]
    if len(digits) == 10 and digits.startswith("7"):
        return "0" + digits
    return digits
