"""How alike two persons or two events are: pure functions, no database.

``nama.monitoring.duplicates`` finds the *candidates* through blind-indexed
keys and decrypts only them; this module scores them in memory.

**Names.** ``matching.score_names`` compares consonant skeletons, which is
right for finding candidates but too coarse to decide: أحمد and محمد share
the skeleton "مد", حسين and حسن the skeleton "سن", so brothers (same father,
grandfather and family name) would score 100. :func:`name_similarity`
therefore compares names word by word, in order, the way Iraqi names are
built (given name, father's, grandfather's, family name):

* two Arabic-script words compare by their normalised letters (DESIGN.md §5
  folds, the article, hamza and doubled letters aside), so محمّد = محمد but
  حسين ≠ حسن; when both persons have a name in Arabic letters, only those are
  compared;
* a Latin word and an Arabic one compare by their consonants ("sounds"), the
  only thing a transliteration keeps (Mohammed = محمد, Kadhim = Kathim =
  كاظم, Sherko = شێرکۆ), with a word-initial vowel kept (Amna is not Muna);
  two Latin spellings by their consonants and, for given names, their vowels
  (Muhammad = Mohammed, Hassan ≠ Hussein);
* the given name and the father's must agree closely (brothers differ by the
  given name only, cousins by the father's);
* the grandfather's and family names are aligned in order: a missing one (four
  parts written as three) costs little, a different one much.

Persons then gain or lose points for year of birth and sex, and for the
blind indexes of their ID and phone numbers (equal or different, never
read). Events score on dates, place, types of act, title and shared victims.

Scores run from 0 to 100; ``reasons`` are codes (``"name"``,
``"birth_year_differs"``...) the review page explains, never values.
"""

# ruff: noqa: RUF001, RUF002, RUF003 - Arabic letters are the point of this module.

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz

from nama.core.dates import DatePrecision
from nama.core.text import normalize

__all__ = [
    "EVENT_THRESHOLD",
    "PERSON_THRESHOLD",
    "EventFacts",
    "Score",
    "date_range",
    "event_similarity",
    "name_similarity",
    "name_words",
    "person_names",
    "person_similarity",
]

# A candidate at or above this score becomes a suggestion (bench/bench_name_matching.py).
PERSON_THRESHOLD = 80
EVENT_THRESHOLD = 60

# Words that never stand alone in a name: they join the next word (عبد الله → عبدالله).
_ALWAYS_JOINED = frozenset({"عبد", "ابو", "ام"})
# Words that join the next one only when it carries the article (نور الدين, not نور علي).
_JOINED_BEFORE_ARTICLE = frozenset({"نور", "سيف", "زين", "شمس", "عز", "علاء", "صلاح", "عماد"})
_LATIN_ALWAYS_JOINED = frozenset(
    {"abd", "abdul", "abdel", "abdal", "abdil", "abdol", "abu", "abo", "abou", "um", "umm", "om"}
)
_LATIN_JOINED_BEFORE_ARTICLE = frozenset(
    {
        *("nour", "noor", "nur", "saif", "sayf", "seif", "zain", "zein", "zayn", "shams"),
        *("izz", "ezz", "alaa", "ala", "salah", "salaah", "imad", "emad"),
    }
)
# Latin articles written apart (Abd al-Rahman, Al Jubouri): they join the next word.
_LATIN_ARTICLES = frozenset({"al", "el", "ul", "ad", "ed", "ud", "ar", "as", "ash", "at", "az"})
_APOSTROPHES = re.compile(r"[’'`ʿʾ‘]")
_SEPARATORS = re.compile(r"[-_.,;:،؛/()\[\]]+")
_ALIAS_SPLIT = re.compile(r"[\n\r,;،؛|]+")
_DOUBLED = re.compile(r"(.)\1+")
# Within Arabic letters: hamza aside, and the Kurdish letters an Arabic keyboard
# cannot type folded to the ones typed instead (شێرکۆ / شيركو).
_CORE_FOLD = str.maketrans({"ء": None, "ێ": "ي", "ۆ": "و", "ڕ": "ر", "ڵ": "ل", "ڤ": "ف"})
# Kurdish ە is a vowel (a/e) that DESIGN.md §5 folds to ه; kept apart until the
# sounds are compared, where a vowel is dropped and an h is not.
_KURDISH_AE = "\u06d5"
_AE_MARK = "\ue000"
# Kurdish writes a word-initial vowel on the seat ئ (ئاوات, Awat), which DESIGN.md §5
# folds to ي; kept apart until the sounds are compared, like ە.
_SEAT_MARK = "\ue001"
_INITIAL_SEAT = re.compile(r"(^|\s)\u0626")
# A word that begins with a vowel keeps that fact in its sounds (آمنة / Amna is not
# منى / Muna): this mark stands first.
_VOWEL_START = "\ue002"
_ARABIC_VOWEL_STARTS = ("ا", "ع", _SEAT_MARK)

# Across scripts, names compare by their consonants: Latin digraphs first, then
# letters, to Arabic ones; then the letters a transliteration cannot tell apart
# are folded into one class, and vowels dropped.
_LATIN_DIGRAPHS = (
    ("kh", "خ"),
    ("gh", "غ"),
    ("sh", "ش"),
    ("ch", "ش"),
    ("th", "ث"),
    ("dh", "ذ"),
    ("zh", "ژ"),
    ("ph", "ف"),
)
_LATIN_LETTERS = str.maketrans(
    {
        "b": "ب",
        "p": "ب",
        "t": "ت",
        "j": "ج",
        "g": "ج",
        "h": "ح",
        "d": "د",
        "r": "ر",
        "z": "ز",
        "s": "س",
        "c": "ك",
        "k": "ك",
        "q": "ك",
        "f": "ف",
        "v": "ف",
        "l": "ل",
        "m": "م",
        "n": "ن",
        "w": "و",
        "y": "ي",
        "x": "كس",
        "a": "ا",
        "e": "ا",
        "i": "ي",
        "o": "و",
        "u": "و",
    }
)
_SOUND_CLASSES = str.maketrans(
    {
        "ه": "ح",
        "ص": "س",
        "ث": "س",
        "چ": "ش",
        "ض": "د",
        "ذ": "د",
        "ظ": "د",
        "ز": "د",
        "ط": "ت",
        "ق": "ك",
        "گ": "ج",
        "غ": "ج",
        "ژ": "ج",
        "ڤ": "ف",
        "پ": "ب",
        "ڕ": "ر",
        "ڵ": "ل",
    }
)
_VOWELS = str.maketrans("", "", "اويىعءئؤێۆ" + _AE_MARK + _SEAT_MARK)


@dataclass(frozen=True)
class Word:
    """One word of a name: ``core`` compares within Arabic letters, ``sounds`` (its
    possible consonant skeletons) across scripts and between Latin spellings."""

    text: str
    latin: bool
    core: str
    sounds: frozenset[str]


@dataclass(frozen=True)
class Score:
    value: int
    reasons: tuple[str, ...] = ()


# "Aldin", "Eldeen", "Uddin": the second half of Nour al-Din, Salah Eldin... written joined.
# The second halves of compound names: نور الدين, نور الهدى, زين العابدين. Any other
# word with the article after نور or علاء is the next name (علاء الطائي).
_COMPOUND_ENDS = frozenset({"الدين", "الهدي", "العابدين", "الحق", "الاسلام"})
_LATIN_COMPOUND_STARTS = tuple(sorted(_LATIN_ALWAYS_JOINED | _LATIN_JOINED_BEFORE_ARTICLE))
_ASSIMILATED = re.compile(r"(?<=.)([aeu])([dtrsz])\2")
_LATIN_COMPOUND_END = re.compile(r"^[aeu][ldrnstz]{1,2}(din|deen|dean|abidin|abideen|huda|hoda)$")


def _takes_article(word: str, article_apart: str) -> bool:
    if word.isascii():
        return bool(_LATIN_COMPOUND_END.match(article_apart + word))
    return word in _COMPOUND_ENDS


def _joins(previous: str, word: str, article: str) -> bool:
    """Whether ``word`` (after an article written apart, if any) is the second half of
    the compound name begun by ``previous``."""
    if previous in _ALWAYS_JOINED or previous in _LATIN_ALWAYS_JOINED:
        return True
    if previous in _JOINED_BEFORE_ARTICLE or previous in _LATIN_JOINED_BEFORE_ARTICLE:
        return _takes_article(word, article)
    return False


def _joined(words: list[str]) -> list[str]:
    """Compound names and articles written apart, joined: عبد الله → عبدالله,
    Abd al-Rahman → abdalrahman, نور الدين → نورالدين (but نور علي stays two words).
    An article written apart before any other word goes, as the Arabic article does
    (Al-Ameri, العامري)."""
    out: list[str] = []
    article = ""
    for word in words:
        if word in _LATIN_ARTICLES:
            article += word
            continue
        if out and _joins(out[-1], word, article):
            out[-1] += article + word
        else:
            out.append(word)
        article = ""
    return out


def _without_article(word: str, latin: bool) -> str:
    if latin:
        # Al-Tai, Altamimi; but Ali, Alaa, Alia are names.
        article = word.startswith(("al", "el")) and len(word) > 3 and word[2] not in "aeiouy"
        return word[2:] if article else word
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def _core(word: str, latin: bool) -> str:
    core = _without_article(word.replace(_AE_MARK, "ه").replace(_SEAT_MARK, "ي"), latin)
    if not latin:
        core = core.translate(_CORE_FOLD)
    return _DOUBLED.sub(r"\1", core)


def _consonants(word: str, vowel_start: bool) -> str:
    folded = _DOUBLED.sub(r"\1", word.translate(_SOUND_CLASSES).translate(_VOWELS))
    return _VOWEL_START + folded if vowel_start else folded


def _sounds(word: str, latin: bool) -> frozenset[str]:
    """The consonant skeletons ``word`` may stand for, in Arabic letters.

    An h is a consonant (ح, ه: Ahmed / احمد, Hemin / هێمن) except where it may
    be a vowel or a taa marbuta: a final ه or Latin h (فاطمه / Fatima,
    عبدالله / Abdullah) and, in Arabic letters, a ه that may stand for the
    Kurdish vowel ە typed on an Arabic keyboard (كهريم / Karim). Each such
    reading is one skeleton of the set.
    """
    word = _without_article(word, latin)
    vowel_start = (
        word[:1] in ("a", "e", "i", "o", "u") if latin else word.startswith(_ARABIC_VOWEL_STARTS)
    )
    if latin:
        readings = {word}
        if word.startswith(_LATIN_COMPOUND_STARTS):
            # The article's l assimilated in Latin: Saifuddin, Abdurrahman.
            readings.add(_ASSIMILATED.sub(r"\1l\2", word))
        readings = {_DOUBLED.sub(r"\1", r) for r in readings}
        # Iraqi spellings write th for ث and for ظ (Muthanna, Kathim), v for the
        # Kurdish w (Shvan) as well as for ڤ.
        for written, meant in (("th", "ذ"), ("v", "w")):
            readings |= {r.replace(written, meant) for r in readings if written in r}
        for digraph, letter in _LATIN_DIGRAPHS:
            readings = {r.replace(digraph, letter) for r in readings}
        readings = {r.translate(_LATIN_LETTERS) for r in readings}
    else:
        readings = {word}
    readings |= {r[:-1] for r in readings if r.endswith(("ه", "ح")) and len(r) > 2}
    if not latin:
        readings |= {reading.replace("ه", "") for reading in readings}
    return frozenset(filter(None, (_consonants(reading, vowel_start) for reading in readings)))


def name_words(name: str) -> tuple[Word, ...]:
    """The words of one written name, normalised (DESIGN.md §5) and joined."""
    text = _INITIAL_SEAT.sub(r"\1" + _SEAT_MARK, (name or "").replace(_KURDISH_AE, _AE_MARK))
    text = normalize(text)
    text = _SEPARATORS.sub(" ", _APOSTROPHES.sub("", text))
    words = []
    for word in _joined(text.split()):
        latin = word.isascii()
        if latin and not word.isalpha():
            continue
        words.append(Word(word, latin, _core(word, latin), _sounds(word, latin)))
    return tuple(words)


def person_names(person: Any) -> list[tuple[str, str]]:
    """(field, written name) for every name of a person: name, Latin name, aliases."""
    names = [("name", person.name or ""), ("name_latin", person.name_latin or "")]
    names += [("aliases", alias) for alias in _ALIAS_SPLIT.split(person.aliases or "")]
    return [(field, name.strip()) for field, name in names if name and name.strip()]


def _word_similarity(x: Word, y: Word) -> float:
    if x.core == y.core:
        return 1.0
    if not x.latin and not y.latin:
        # Both in Arabic letters: every letter counts. One letter in a long name may
        # be a slip (ابراهيم, ابرهيم); in a short one it is another name (حسين, حسن;
        # سعيد, سعد).
        ratio = fuzz.ratio(x.core, y.core) / 100
        return ratio if ratio >= 0.9 else 0.8 * ratio
    if x.sounds & y.sounds:
        return 0.95
    return 0.9 * max((fuzz.ratio(a, b) / 100 for a in x.sounds for b in y.sounds), default=0.0)


def _given_name_similarity(x: Word, y: Word) -> float:
    """Strict: brothers differ by the given name only, often by one letter (حسن, حسين)."""
    if x.core == y.core:
        return 1.0
    if x.latin and y.latin and x.sounds & y.sounds:
        # Two Latin spellings keep their vowels: Mohammed / Muhammad, not Hassan / Hussein.
        return 1.0 if fuzz.ratio(x.core, y.core) >= 60 else 0.0
    if (x.latin or y.latin) and x.sounds & y.sounds:
        return 1.0
    ratio = _word_similarity(x, y)
    return max(0.0, (ratio - 0.75) / 0.25) ** 2


_ALIGNED = 0.8  # two words below this similarity are not the same word


def _align(left: Sequence[Word], right: Sequence[Word]) -> tuple[float, int]:
    """Best in-order pairing of two word lists: (sum of similarities, pairs)."""
    rows, cols = len(left), len(right)
    best = [[(0.0, 0)] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            sim = _word_similarity(left[i - 1], right[j - 1])
            diagonal = best[i - 1][j - 1]
            take = (diagonal[0] + sim, diagonal[1] + 1) if sim >= _ALIGNED else diagonal
            best[i][j] = max(take, best[i - 1][j], best[i][j - 1])
    return best[rows][cols]


def _words_similarity(left: Sequence[Word], right: Sequence[Word]) -> float:
    """0-100 for two names as word lists (see the module docstring).

    The given names must agree closely, the fathers' names too (a name written
    without the father's is another person's: أسماء هشام is not أسماء صادق هشام),
    the rest (grandfather's, family name) in order, a missing word costing little.
    """
    if not left or not right:
        return 0.0
    given = _given_name_similarity(left[0], right[0])
    if len(left) < 2 or len(right) < 2:
        # A given name alone says little.
        return 100 * (0.4 * given + 0.6 * 0.3)
    # Strict too: cousins share the grandfather's and family names.
    father = _given_name_similarity(left[1], right[1])
    tail_left, tail_right = left[2:], right[2:]
    missing = different = 0
    if tail_left and tail_right:
        total, pairs = _align(tail_left, tail_right)
        shorter, longer = sorted((len(tail_left), len(tail_right)))
        tail = total / shorter
        # A word one name lacks may have been left out (the grandfather's); a word
        # both have that differs is another grandfather, another family.
        missing, different = longer - shorter, shorter - pairs
    else:
        tail = 1.0 if not tail_left and not tail_right else 0.5
    score = 100 * (0.4 * given + 0.3 * father + 0.3 * tail) - 3 * missing - 15 * different
    if min(len(left), len(right)) < 3:
        # Two-part names are shared by too many people to be sure.
        score = min(score, 80.0)
    return max(0.0, score)


def name_similarity(a: str, b: str) -> float:
    """How alike two written names are, 0 to 100."""
    return _words_similarity(name_words(a), name_words(b))


def _comparable_names(a: Any, b: Any) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """The pairs of names to compare: in Arabic letters when both persons have a name
    in Arabic letters (a transliteration loses the vowels that tell سعيد from سعد);
    otherwise every pair, Latin spellings included."""
    names_a, names_b = person_names(a), person_names(b)

    def arabic(names: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(field, name) for field, name in names if not name.isascii()]

    if arabic(names_a) and arabic(names_b):
        names_a, names_b = arabic(names_a), arabic(names_b)
    return [(x, y) for x in names_a for y in names_b]


def person_similarity(a: Any, b: Any) -> Score:
    """How likely persons ``a`` and ``b`` (decrypted, in memory) are one person.

    The best pair among their names (name, Latin name, aliases), then year of
    birth, sex, and the blind indexes of ID and phone numbers.
    """
    best, best_fields = 0.0, ("", "")
    for (field_a, name_a), (field_b, name_b) in _comparable_names(a, b):
        value = name_similarity(name_a, name_b)
        if value > best:
            best, best_fields = value, (field_a, field_b)
    reasons: list[str] = []
    if best >= 90:
        reasons.append("name")
    elif best >= 60:
        reasons.append("name_similar")
    if "name_latin" in best_fields and best_fields != ("name_latin", "name_latin"):
        reasons.append("name_latin")
    if "aliases" in best_fields:
        reasons.append("alias")
    score = best
    if a.birth_year and b.birth_year:
        gap = abs(a.birth_year - b.birth_year)
        if gap <= 1:
            score += 5
            reasons.append("birth_year")
        elif gap >= 10:
            score -= 30
            reasons.append("birth_year_differs")
        elif gap >= 4:
            score -= 15
            reasons.append("birth_year_differs")
    if a.sex_id and b.sex_id:
        if a.sex_id == b.sex_id:
            reasons.append("sex")
        else:
            score -= 35
            reasons.append("sex_differs")
    if a.id_number_index and b.id_number_index:
        if a.id_number_index == b.id_number_index:
            score = max(score, 95)
            reasons.append("id_number")
        else:
            score -= 25
            reasons.append("id_number_differs")
    if a.phone_index and b.phone_index and a.phone_index == b.phone_index:
        score += 5
        reasons.append("phone")
    return Score(round(min(100.0, max(0.0, score))), tuple(reasons))


# --- Events --------------------------------------------------------------------


def date_range(day: date | None, precision: str) -> tuple[date, date] | None:
    """The days a stored date with its precision may stand for."""
    if day is None or precision == DatePrecision.UNKNOWN:
        return None
    if precision == DatePrecision.YEAR:
        return day, day.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        return day, following - timedelta(days=1)
    return day, day


@dataclass(frozen=True)
class EventFacts:
    """What event scoring reads: no description, no victim name."""

    pk: int
    start: tuple[date, date] | None
    end: tuple[date, date] | None
    exact: bool
    governorate_id: int
    district_id: int | None
    place: str
    title: str
    act_types: frozenset[int]
    victims: frozenset[int]

    @classmethod
    def of(cls, event: Any, act_types: Iterable[int], victims: Iterable[int]) -> EventFacts:
        return cls(
            pk=event.pk,
            start=date_range(event.start_date, event.start_precision),
            end=date_range(event.end_date, event.end_precision),
            exact=event.start_precision == DatePrecision.EXACT,
            governorate_id=event.governorate_id,
            district_id=event.district_id,
            place=event.place or "",
            title=event.title or "",
            act_types=frozenset(act_types),
            victims=frozenset(victims),
        )

    @property
    def span(self) -> tuple[date, date] | None:
        if self.start is None:
            return None
        return self.start[0], (self.end or self.start)[1]


def _days_apart(a: tuple[date, date], b: tuple[date, date]) -> int:
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def event_similarity(a: EventFacts, b: EventFacts, *, same_victims: bool = False) -> Score:
    """How likely events ``a`` and ``b`` are one event, 0 to 100.

    ``same_victims``: a victim of one is the same person as a victim of the
    other (the same record, or names that score as one person).
    """
    reasons: list[str] = []
    score = 0.0
    span_a, span_b = a.span, b.span
    if span_a and span_b:
        gap = _days_apart(span_a, span_b)
        if a.exact and b.exact:
            points = 30 if gap == 0 else 25 if gap <= 3 else 12 if gap <= 14 else 0
        else:
            points = 18 if gap == 0 else 8 if gap <= 31 else 0
        score += points
        if gap == 0:
            reasons.append("date_same")
        elif points:
            reasons.append("date_close")
    if a.governorate_id == b.governorate_id:
        score += 15
        reasons.append("place_same")
        if a.district_id and a.district_id == b.district_id:
            score += 5
            reasons.append("district_same")
    if a.place and b.place and fuzz.token_set_ratio(normalize(a.place), normalize(b.place)) >= 85:
        score += 5
        reasons.append("place_name")
    if a.act_types and b.act_types:
        overlap = len(a.act_types & b.act_types) / len(a.act_types | b.act_types)
        score += 20 * overlap
        if overlap:
            reasons.append("act_types")
    title = fuzz.token_set_ratio(normalize(a.title), normalize(b.title))
    if title >= 60:
        score += 15 * (title - 50) / 50
        reasons.append("title")
    if same_victims or (a.victims & b.victims):
        score += 25
        reasons.append("victims")
    return Score(round(min(100.0, max(0.0, score))), tuple(reasons))
