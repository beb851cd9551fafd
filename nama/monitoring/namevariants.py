"""Realistic variants of Iraqi Arabic and Kurdish names, for tests and the benchmark.

The same victim reaches the centre written many ways: by a monitor in Basra
and a lawyer in Erbil, from an ID card, a phone call, a partner's English
report. :func:`variant` writes one recorded name the way another person
would, one *family* of differences at a time (DESIGN.md §5):

* ``compound``: compound names joined or apart (عبد الله / عبدالله);
* ``hamza``: hamza seats dropped (أحمد / احمد, إسراء / اسراء / اسرا);
* ``taa_marbuta``: taa marbuta as haa (فاطمة / فاطمه);
* ``alef_maqsura``: alef maqsura as yaa and back (مصطفى / مصطفي, علي / على);
* ``diacritics``: tashkeel added (محمّد, حُسَين);
* ``tatweel``: letters stretched (محـــمد);
* ``latin``: the name in Latin letters only, with one of its usual spellings
  (Mohammed, Muhammad, Mohamed; Hussein, Husain; Abdullah, Abd Allah...);
* ``grandfather_dropped``: a four-part name written with three parts;
* ``kurdish_letters``: Kurdish and Arabic keyboard forms of the same letters
  (ک/ك, ی/ي, ە/ه);
* ``kurdish_keyboard``: a Kurdish name typed on an Arabic keyboard, where the
  Kurdish vowels and letters have no key (ێ→ي, ۆ→و, ڕ→ر, ڵ→ل, ڤ→ف);
* ``mixed``: two or three of the Arabic-script families at once, as real
  records usually differ.

:func:`distinct_people` draws different people (distinct given, father's and
grandfather's names) for the negatives; :func:`sibling` a brother or sister
(same father, grandfather and family name), the hardest negative.

Everything is driven by a ``random.Random`` the caller seeds, so tests and
benchmark figures are deterministic. Nothing here touches the database.
"""

# ruff: noqa: RUF001, RUF002, S311 - Arabic letters are the point; the randomness is for
# made-up test data, never for secrets.

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

__all__ = [
    "ARABIC_FAMILIES",
    "FAMILIES",
    "GeneratedPerson",
    "NameVariant",
    "distinct_people",
    "latin_spelling",
    "random_person",
    "sibling",
    "variant",
    "variants",
    "with_birth_year_noise",
]

# Given names with their usual Latin spellings. Compound names are written
# apart here; the ``compound`` family joins them.
MALE_NAMES: dict[str, tuple[str, ...]] = {
    "محمد": ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Mohamad"),
    "علي": ("Ali",),
    "حسين": ("Hussein", "Husain", "Hussain", "Hussien"),
    "حسن": ("Hassan", "Hasan"),
    "أحمد": ("Ahmed", "Ahmad"),
    "عباس": ("Abbas",),
    "جعفر": ("Jaafar", "Jafar", "Ja'far"),
    "كاظم": ("Kadhim", "Kazem", "Kathim", "Kazim"),
    "مصطفى": ("Mustafa", "Mostafa", "Moustafa"),
    "عبد الله": ("Abdullah", "Abdallah", "Abd Allah", "Abdulla"),
    "عبد الرحمن": ("Abdulrahman", "Abdul Rahman", "Abd al-Rahman", "Abdelrahman"),
    "عبد الكريم": ("Abdulkareem", "Abdul Karim", "Abd al-Karim"),
    "عبد الحسين": ("Abdulhussein", "Abdul Hussain", "Abd al-Husayn"),
    "عبد الزهرة": ("Abdulzahra", "Abdul Zahra"),
    "عبد الأمير": ("Abdulameer", "Abdul Amir", "Abd al-Amir"),
    "عبد الرزاق": ("Abdulrazzaq", "Abdul Razzak", "Abd al-Razzaq"),
    "عمر": ("Omar", "Umar"),
    "عثمان": ("Othman", "Osman", "Uthman"),
    "خالد": ("Khalid", "Khaled"),
    "إبراهيم": ("Ibrahim", "Ebrahim", "Ibraheem"),
    "إسماعيل": ("Ismail", "Ismael", "Esmail"),
    "يوسف": ("Yousif", "Yusuf", "Youssef", "Yousef"),
    "موسى": ("Musa", "Mousa", "Moussa"),
    "عيسى": ("Isa", "Issa", "Eisa"),
    "يحيى": ("Yahya", "Yehia", "Yahia"),
    "مرتضى": ("Murtadha", "Murtada", "Mortada"),
    "مجتبى": ("Mujtaba", "Mojtaba"),
    "مثنى": ("Muthanna", "Muthana"),
    "حيدر": ("Haider", "Hayder", "Haidar"),
    "كرار": ("Karrar", "Karar"),
    "سجاد": ("Sajjad", "Sajad"),
    "منتظر": ("Muntadhar", "Muntazer", "Montadhar"),
    "ضياء": ("Dhiaa", "Diyaa", "Dhia"),
    "علاء": ("Alaa", "Ala'a", "Ala"),
    "صلاح الدين": ("Salahuddin", "Salah al-Din", "Salah Eldin"),
    "نور الدين": ("Nooraldeen", "Nour al-Din", "Nuraddin"),
    "سيف الدين": ("Saifaldeen", "Saif al-Din", "Saifuddin"),
    "قاسم": ("Qasim", "Kassem", "Qassim", "Kasim"),
    "جاسم": ("Jasim", "Jassim", "Jasem"),
    "كريم": ("Kareem", "Karim"),
    "رضا": ("Ridha", "Reda", "Rida"),
    "صادق": ("Sadiq", "Sadeq", "Sadik"),
    "باقر": ("Baqir", "Baqer", "Bakir"),
    "هادي": ("Hadi",),
    "مهدي": ("Mahdi", "Mehdi"),
    "سعد": ("Saad", "Sa'ad"),
    "سعيد": ("Saeed", "Said", "Saied"),
    "حمزة": ("Hamza", "Hamzah"),
    "أسامة": ("Osama", "Usama", "Ousama"),
    "زيد": ("Zaid", "Zayd", "Zeid"),
    "وليد": ("Waleed", "Walid"),
    "رائد": ("Raed", "Ra'ed", "Raid"),
    "فلاح": ("Falah",),
    "ستار": ("Sattar", "Satar"),
    "جبار": ("Jabbar", "Jabar"),
    "طارق": ("Tariq", "Tarek", "Tareq"),
    "ماجد": ("Majid", "Majed"),
    "نبيل": ("Nabeel", "Nabil"),
    "هشام": ("Hisham", "Hesham"),
    "أمير": ("Ameer", "Amir"),
    "أكرم": ("Akram",),
    "أنور": ("Anwar",),
    "أيمن": ("Ayman", "Aiman"),
    "أسعد": ("Asaad", "As'ad"),
    "فاضل": ("Fadhil", "Fadel", "Fadil"),
    "عادل": ("Adel", "Adil"),
    "ناصر": ("Nasser", "Nasir"),
    "منير": ("Muneer", "Munir"),
    "سلمان": ("Salman",),
    "عدنان": ("Adnan",),
    "مؤيد": ("Muayad", "Moayad"),
    "رؤوف": ("Raouf", "Raoof"),
    "هاني": ("Hani",),
    "سامي": ("Sami",),
    "مالك": ("Malik", "Malek"),
    "غازي": ("Ghazi",),
    "فراس": ("Firas",),
    "ليث": ("Laith", "Layth"),
    "مشتاق": ("Mushtaq",),
    "ضرغام": ("Dhurgham", "Durgham"),
}

FEMALE_NAMES: dict[str, tuple[str, ...]] = {
    "فاطمة": ("Fatima", "Fatimah", "Fatma"),
    "زهراء": ("Zahraa", "Zahra"),
    "زينب": ("Zainab", "Zaynab", "Zeinab"),
    "مريم": ("Maryam", "Mariam"),
    "خديجة": ("Khadija", "Khadeeja", "Khadijah"),
    "رقية": ("Ruqaya", "Roqaya", "Ruqayyah"),
    "سكينة": ("Sakina", "Sukaina"),
    "إسراء": ("Israa", "Esraa", "Isra"),
    "آمنة": ("Amna", "Amina", "Aamina"),
    "أمل": ("Amal",),
    "إيمان": ("Iman", "Eman"),
    "أسماء": ("Asmaa", "Asma"),
    "هدى": ("Huda", "Hoda"),
    "منى": ("Muna", "Mona"),
    "ليلى": ("Layla", "Leila", "Laila"),
    "سلمى": ("Salma",),
    "نجوى": ("Najwa",),
    "بشرى": ("Bushra", "Boushra"),
    "ضحى": ("Dhuha", "Doha", "Duha"),
    "نور": ("Noor", "Nour", "Nur"),
    "رؤى": ("Ruaa", "Roaa"),
    "هناء": ("Hanaa", "Hana"),
    "سارة": ("Sara", "Sarah"),
    "نادية": ("Nadia", "Nadiya"),
    "عائشة": ("Aisha", "Aysha"),
    "جميلة": ("Jamila", "Jameela"),
    "حليمة": ("Halima", "Haleema"),
    "شيماء": ("Shaimaa", "Shayma"),
    "دعاء": ("Duaa", "Doaa"),
    "آيات": ("Ayat", "Aayat"),
}

FAMILY_NAMES: dict[str, tuple[str, ...]] = {
    "الجبوري": ("Al-Jubouri", "Al-Juburi", "Aljboori"),
    "الساعدي": ("Al-Saadi", "Al-Sa'idi", "Alsaadi"),
    "التميمي": ("Al-Tamimi", "Altamimi", "Al-Tamimy"),
    "الدليمي": ("Al-Dulaimi", "Al-Dulaymi", "Aldulaimi"),
    "الربيعي": ("Al-Rubaie", "Al-Rubaiy", "Alrubaie"),
    "الشمري": ("Al-Shammari", "Al-Shammary", "Alshammari"),
    "العبيدي": ("Al-Obaidi", "Al-Ubaidi", "Alobaidi"),
    "الخفاجي": ("Al-Khafaji", "Alkhafaji"),
    "الزبيدي": ("Al-Zubaidi", "Al-Zubaydi"),
    "الموسوي": ("Al-Musawi", "Al-Mousawi", "Almosawi"),
    "الحسيني": ("Al-Husseini", "Al-Hussaini"),
    "الكعبي": ("Al-Kaabi", "Al-Ka'bi"),
    "العامري": ("Al-Amiri", "Al-Ameri"),
    "البياتي": ("Al-Bayati", "Albayati"),
    "الطائي": ("Al-Taie", "Al-Tai"),
    "الكبيسي": ("Al-Kubaisi", "Alkubaisi"),
    "العزاوي": ("Al-Azzawi", "Al-Azawi"),
    "السامرائي": ("Al-Samarrai", "Al-Samarraie"),
    "اللامي": ("Al-Lami", "Allami"),
    "المالكي": ("Al-Maliki", "Almaliki"),
    "الحمداني": ("Al-Hamdani", "Alhamdani"),
    "الجنابي": ("Al-Janabi", "Aljanabi"),
    "الكناني": ("Al-Kinani", "Al-Kenani"),
    "البصري": ("Al-Basri", "Albasri"),
}

# Kurdish (Sorani) names in Kurdish letters, with their Latin spellings.
KURDISH_MALE_NAMES: dict[str, tuple[str, ...]] = {
    "شێرکۆ": ("Sherko", "Shirko"),
    "ڕێبوار": ("Rebwar", "Rebuar"),
    "هاوڕێ": ("Hawre", "Hawri"),
    "کاوە": ("Kawa", "Kawe"),
    "ئازاد": ("Azad",),
    "ئارام": ("Aram",),
    "گۆران": ("Goran",),
    "دلشاد": ("Dilshad", "Dlshad"),
    "سیروان": ("Sirwan", "Sirwan"),
    "هێمن": ("Hemin", "Hemn"),
    "کاروان": ("Karwan",),
    "زانا": ("Zana",),
    "دانا": ("Dana",),
    "بەختیار": ("Bakhtiyar", "Bakhtiar"),
    "نەوزاد": ("Nawzad", "Newzad"),
    "ئاسۆ": ("Aso",),
    "شوان": ("Shwan", "Shvan"),
    "هەڤاڵ": ("Heval", "Haval"),
    "جەلال": ("Jalal", "Jalal"),
    "کەریم": ("Karim", "Kareem"),
    "عەزیز": ("Aziz",),
    "مەحمود": ("Mahmud", "Mahmood"),
    "ئەحمەد": ("Ahmad", "Ahmed"),
    "عەلی": ("Ali",),
    "حەسەن": ("Hasan", "Hassan"),
    "مستەفا": ("Mustafa", "Mistefa"),
    "عومەر": ("Omer", "Omar"),
    "ڕەسوڵ": ("Rasul", "Rasool"),
    "قادر": ("Qadir", "Kadir"),
    "فەرهاد": ("Farhad",),
    "سەرهەنگ": ("Sarhang",),
    "بەرزان": ("Barzan",),
}

KURDISH_FEMALE_NAMES: dict[str, tuple[str, ...]] = {
    "شیلان": ("Shilan", "Shelan"),
    "ناسک": ("Nasik", "Nask"),
    "ژیان": ("Zhian", "Zhyan"),
    "هێرۆ": ("Hero", "Hiro"),
    "گوڵاڵە": ("Gulala", "Gwlala"),
    "تریفە": ("Trifa", "Trefa"),
    "ڤیان": ("Vian", "Viyan"),
    "بەفرین": ("Bafreen", "Befrin"),
    "ئاوات": ("Awat",),
    "پەری": ("Pari", "Peri"),
    "چنار": ("Chnar", "Chinar"),
    "لانە": ("Lana",),
    "نیگار": ("Nigar", "Negar"),
    "کوێستان": ("Kwestan", "Kwistan"),
    "سازان": ("Sazan",),
}

KURDISH_FAMILY_NAMES: dict[str, tuple[str, ...]] = {
    "بارزانی": ("Barzani",),
    "تاڵەبانی": ("Talabani", "Talebani"),
    "جاف": ("Jaf", "Jaff"),
    "هەورامی": ("Hawrami", "Hawramy"),
    "زەنگەنە": ("Zangana", "Zangane"),
    "دزەیی": ("Dizayee", "Dizayi"),
}

LATIN_SPELLINGS: dict[str, tuple[str, ...]] = {
    **MALE_NAMES,
    **FEMALE_NAMES,
    **FAMILY_NAMES,
    **KURDISH_MALE_NAMES,
    **KURDISH_FEMALE_NAMES,
    **KURDISH_FAMILY_NAMES,
}

ARABIC_FAMILIES = (
    "compound",
    "hamza",
    "taa_marbuta",
    "alef_maqsura",
    "diacritics",
    "tatweel",
    "grandfather_dropped",
    "kurdish_letters",
)
FAMILIES = (*ARABIC_FAMILIES, "latin", "kurdish_keyboard", "mixed")

_HAMZA = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ي"})
_TASHKEEL = ("\u064e", "\u064f", "\u0650", "\u0652")  # fatha, damma, kasra, sukun
_SHADDA = "\u0651"
# Long vowels and seats that do not carry a short vowel mark in practice.
_NO_HARAKA = frozenset(" اأإآىءةوي")
_TATWEEL = "\u0640"
# Non-joining letters: a tatweel after them would float alone.
_NON_JOINING = frozenset("اأإآدذرزوؤةءىە")
_TO_KURDISH = str.maketrans({"ك": "ک", "ي": "ی", "ى": "ی", "ة": "ە"})
_TO_ARABIC = str.maketrans({"ک": "ك", "ی": "ي", "ە": "ه"})
_KURDISH_ON_ARABIC_KEYBOARD = str.maketrans(
    {"ک": "ك", "ی": "ي", "ە": "ه", "ێ": "ي", "ۆ": "و", "ڕ": "ر", "ڵ": "ل", "ڤ": "ف"}
)
_KURDISH_ONLY = frozenset("ێۆڕڵڤ")


@dataclass(frozen=True)
class GeneratedPerson:
    """One made-up person: name parts (given, father's, grandfather's, family name if
    any), in Arabic or Kurdish letters, with sex and year of birth."""

    parts: tuple[str, ...]
    sex: str  # "m" or "f"
    birth_year: int
    kurdish: bool = False

    @property
    def name(self) -> str:
        return " ".join(self.parts)

    @property
    def key(self) -> tuple[str, ...]:
        """What makes two generated people different: the first three parts."""
        return self.parts[:3]


@dataclass(frozen=True)
class NameVariant:
    """A person's name as another record writes it (``name`` may be empty when only
    the Latin spelling was recorded)."""

    family: str
    name: str = ""
    name_latin: str = ""
    families: tuple[str, ...] = field(default_factory=tuple)


def _pools(kurdish: bool, sex: str) -> tuple[list[str], list[str], list[str]]:
    if kurdish:
        given = KURDISH_FEMALE_NAMES if sex == "f" else KURDISH_MALE_NAMES
        return sorted(given), sorted(KURDISH_MALE_NAMES), sorted(KURDISH_FAMILY_NAMES)
    given = FEMALE_NAMES if sex == "f" else MALE_NAMES
    return sorted(given), sorted(MALE_NAMES), sorted(FAMILY_NAMES)


def random_person(
    rng: random.Random, *, kurdish: bool | None = None, sex: str | None = None
) -> GeneratedPerson:
    """A made-up person: about one in five Kurdish; Arabs nearly always carry a family
    name (four parts), Kurds about half the time."""
    if kurdish is None:
        kurdish = rng.random() < 0.2
    if sex is None:
        sex = "f" if rng.random() < 0.35 else "m"
    given, fathers, families = _pools(kurdish, sex)
    parts = [rng.choice(given), rng.choice(fathers), rng.choice(fathers)]
    if rng.random() < (0.5 if kurdish else 0.9):
        parts.append(rng.choice(families))
    return GeneratedPerson(tuple(parts), sex, rng.randint(1950, 2010), kurdish)


def distinct_people(
    n: int,
    rng: random.Random,
    *,
    kurdish: bool | None = None,
    exclude: set[tuple[str, ...]] | None = None,
) -> list[GeneratedPerson]:
    """``n`` different people: no two share given, father's and grandfather's names
    (nor with the keys in ``exclude``)."""
    people: list[GeneratedPerson] = []
    seen: set[tuple[str, ...]] = set(exclude or ())
    while len(people) < n:
        person = random_person(rng, kurdish=kurdish)
        if person.key not in seen:
            seen.add(person.key)
            people.append(person)
    return people


def sibling(person: GeneratedPerson, rng: random.Random) -> GeneratedPerson:
    """A brother or sister: same father, grandfather and family name, another given
    name, another year of birth."""
    sex = "f" if rng.random() < 0.4 else "m"
    given, _fathers, _families = _pools(person.kurdish, sex)
    choices = [name for name in given if name != person.parts[0]]
    year = person.birth_year + rng.choice((-1, 1)) * rng.randint(2, 12)
    return GeneratedPerson((rng.choice(choices), *person.parts[1:]), sex, year, person.kurdish)


def latin_spelling(part: str, rng: random.Random) -> str:
    """One usual Latin spelling of a name part (every part the generator uses has some)."""
    spellings = LATIN_SPELLINGS.get(part)
    if not spellings:
        raise KeyError(f"no Latin spelling for {part!r}")
    return rng.choice(spellings)


# --- The families ------------------------------------------------------------


def _compound(parts: list[str], rng: random.Random) -> list[str] | None:
    spaced = [i for i, part in enumerate(parts) if " " in part]
    if spaced:
        return [part.replace(" ", "") if " " in part else part for part in parts]
    return None


def _hamza(parts: list[str], rng: random.Random) -> list[str] | None:
    changed = [part.translate(_HAMZA) for part in parts]
    # Iraqi writing often drops a final hamza too: اسراء → اسرا, ضياء → ضيا.
    changed = [
        part[:-1] if part.endswith("اء") and rng.random() < 0.5 else part for part in changed
    ]
    return changed if changed != parts else None


def _taa_marbuta(parts: list[str], rng: random.Random) -> list[str] | None:
    changed = [part.replace("ة", "ه") for part in parts]
    return changed if changed != parts else None


def _alef_maqsura(parts: list[str], rng: random.Random) -> list[str] | None:
    if any(part.endswith("ى") for part in parts):
        return [part[:-1] + "ي" if part.endswith("ى") else part for part in parts]
    # The other way round, as Egyptian-style typing does: علي → على.
    if any(part.endswith("ي") for part in parts):
        return [part[:-1] + "ى" if part.endswith("ي") else part for part in parts]
    return None


def _diacritics(parts: list[str], rng: random.Random) -> list[str] | None:
    out = []
    for part in parts:
        letters = []
        for i, letter in enumerate(part):
            letters.append(letter)
            if letter in _NO_HARAKA or letter < "\u0600" or letter > "\u06ff":
                continue
            if letter == "م" and i + 1 < len(part) and part[i + 1] == "د" and i > 0:
                letters.append(_SHADDA)  # محمّد
            elif rng.random() < 0.3:
                letters.append(rng.choice(_TASHKEEL))
        out.append("".join(letters))
    return out if out != parts else None


def _tatweel(parts: list[str], rng: random.Random) -> list[str] | None:
    out = list(parts)
    candidates = [
        (p, i)
        for p, part in enumerate(parts)
        for i in range(len(part) - 1)
        if part[i] not in _NON_JOINING and part[i] != " " and part[i + 1] != " "
    ]
    if not candidates:
        return None
    chosen = rng.sample(candidates, k=min(len(candidates), rng.randint(1, 2)))
    # From the right, so an insertion never shifts a position still to come.
    for p, i in sorted(chosen, reverse=True):
        out[p] = out[p][: i + 1] + _TATWEEL * rng.randint(1, 3) + out[p][i + 1 :]
    return out


def _grandfather_dropped(parts: list[str], rng: random.Random) -> list[str] | None:
    if len(parts) < 4:
        return None
    return [parts[0], parts[1], *parts[3:]]


def _kurdish_letters(parts: list[str], rng: random.Random) -> list[str] | None:
    if any(set(part) & set("کیە") for part in parts):
        changed = [part.translate(_TO_ARABIC) for part in parts]
    else:
        # An Arabic name typed on a Kurdish keyboard.
        changed = [part.translate(_TO_KURDISH) for part in parts]
    return changed if changed != parts else None


def _kurdish_keyboard(parts: list[str], rng: random.Random) -> list[str] | None:
    if not any(set(part) & _KURDISH_ONLY for part in parts):
        return None
    return [part.translate(_KURDISH_ON_ARABIC_KEYBOARD) for part in parts]


_TRANSFORMS = {
    "compound": _compound,
    "hamza": _hamza,
    "taa_marbuta": _taa_marbuta,
    "alef_maqsura": _alef_maqsura,
    "diacritics": _diacritics,
    "tatweel": _tatweel,
    "grandfather_dropped": _grandfather_dropped,
    "kurdish_letters": _kurdish_letters,
    "kurdish_keyboard": _kurdish_keyboard,
}


def variant(person: GeneratedPerson, family: str, rng: random.Random) -> NameVariant | None:
    """``person``'s name as another record would write it, differing by ``family``
    (one of :data:`FAMILIES`); ``None`` when the family does not apply to this name
    (no compound part, no hamza...)."""
    parts = list(person.parts)
    if family == "latin":
        latin = " ".join(latin_spelling(part, rng) for part in parts)
        return NameVariant(family, name="", name_latin=latin, families=(family,))
    if family == "mixed":
        applicable = [
            name for name in ARABIC_FAMILIES if _TRANSFORMS[name](parts, random.Random(0))
        ]
        if len(applicable) < 2:
            return None
        chosen = rng.sample(applicable, k=min(len(applicable), rng.randint(2, 3)))
        for name in ARABIC_FAMILIES:  # a fixed order: tatweel after the letter changes
            if name in chosen:
                parts = _TRANSFORMS[name](parts, rng) or parts
        return NameVariant(family, name=" ".join(parts), families=tuple(sorted(chosen)))
    transform = _TRANSFORMS.get(family)
    if transform is None:
        raise ValueError(f"unknown family of name variants: {family!r}")
    changed = transform(parts, rng)
    if changed is None:
        return None
    return NameVariant(family, name=" ".join(changed), families=(family,))


def variants(
    person: GeneratedPerson, rng: random.Random, families: tuple[str, ...] = FAMILIES
) -> list[NameVariant]:
    """Every applicable variant of ``person``'s name, one per family."""
    found = []
    for family in families:
        made = variant(person, family, rng)
        if made is not None:
            found.append(made)
    return found


def with_birth_year_noise(person: GeneratedPerson, rng: random.Random) -> GeneratedPerson:
    """The same person as another record notes them: the year of birth off by one at
    most (an age given instead of a year)."""
    return replace(person, birth_year=person.birth_year + rng.choice((-1, 0, 0, 0, 1)))
