"""Tracking codes for complainants (DESIGN.md §4, "Tracking codes"; docs/tracking-codes.md).

Every request gets a code that the complainant, often anonymous, uses to see
where the request stands and to write to the centre. Whoever holds the code
holds that thread, so it is treated like a password.

Format
    28 digits, shown in seven groups of four so they can be dictated on the
    hotline: ``1234-5678-9012-3456-7890-1234-5678``.

    * 6 digits **lookup part** (``LOOKUP_DIGITS``): stored in clear, indexed,
      unique among live codes. It only says which row to check; it proves
      nothing. Collisions are retried by the caller (``generate(is_taken=...)``
      plus the database's unique constraint).
    * 21 digits **secret part** (``SECRET_DIGITS``): 10**21 ≈ 2**69.8. Only an
      Argon2id hash of it is stored.
    * 1 **Damm check digit** over the 27 digits before it. Damm catches every
      single-digit error and every swap of two adjacent digits (Luhn misses
      09↔90), so ``parse`` rejects a typo before any lookup: a typo costs the
      complainant no attempt and burns no throttle budget.

    The check digit cannot weaken anything: it is a public function of the
    other digits, so a guesser gains nothing by skipping codes whose check
    digit is wrong (he can compute it), and someone who sees *only* the check
    digit learns at most one digit of the secret, which still leaves 20 free
    digits, 10**20 ≈ 2**66.4 ≥ 2**64.

Storage
    Only ``hash_secret(secret)``: Argon2id (argon2-cffi), a fresh 16-byte salt
    per hash, parameters in the encoded string. ``PRODUCTION_PARAMETERS``:
    32 MiB, 2 passes, 1 lane (above OWASP's minimum of 19 MiB and 2 passes;
    about 30-60 ms per verification on a server core). The lookup part is
    stored in clear next to the hash; the code itself never is.

Checking
    ``parse`` → throttle per client and per lookup part (``nama.core.ratelimit``)
    → find the live row by lookup part → ``verify_secret`` against its hash, or
    ``verify_against_nothing`` when there is no such row, so an unknown lookup
    part and a wrong secret cost the same time and get the same answer.

Test cost
    Verifying at production cost takes tens of milliseconds. Test settings may
    set ``NAMA_TRACKING_HASH_COST = "test"`` to hash with ``TEST_PARAMETERS``
    (still Argon2id, minimum memory and time). The default, and any deployment
    that does not set it, is ``"production"``. Stored hashes carry their own
    parameters, so every hash verifies whatever the current setting is;
    ``needs_rehash`` tells when a stored hash is weaker than current policy.

Where the code never goes
    Not in a URL (it would sit in browser history, proxy and server access
    logs, and the ``Referer`` of the next request), not in a log line or an
    exception message, not in an e-mail or SMS (mailboxes and phones get
    seized and synced), not in audit data (the audit log is append-only and
    read by many staff; it would turn into a list of working credentials).
    It is shown once, on the page or by the operator on the phone, and is
    entered through a POST form. ``TrackingCode.__repr__`` hides both parts so
    a traceback or a debug print does not leak it.
"""

# Arabic-Indic digits in docstrings look like punctuation to ruff; here they are the point.
# ruff: noqa: RUF002

from __future__ import annotations

import functools
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import Parameters
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "CODE_DIGITS",
    "GROUP_SIZE",
    "LOOKUP_DIGITS",
    "PRODUCTION_PARAMETERS",
    "SECRET_DIGITS",
    "TEST_PARAMETERS",
    "LookupSpaceExhausted",
    "ParsedCode",
    "TrackingCode",
    "generate",
    "hash_secret",
    "needs_rehash",
    "parse",
    "verify_against_nothing",
    "verify_secret",
]

LOOKUP_DIGITS = 6
SECRET_DIGITS = 21
CHECK_DIGITS = 1
CODE_DIGITS = LOOKUP_DIGITS + SECRET_DIGITS + CHECK_DIGITS  # 28
GROUP_SIZE = 4
GROUP_SEPARATOR = "-"
# Anything longer than this is not a code someone typed; do not even look at it.
MAX_INPUT_LENGTH = 200

# OWASP Password Storage Cheat Sheet: Argon2id with at least 19 MiB and 2
# passes. 32 MiB / 2 passes / 1 lane is about 30-60 ms on one server core:
# slow enough to make a stolen table useless, fast enough for a web request.
PRODUCTION_PARAMETERS = Parameters(
    type=Type.ID,
    version=19,
    salt_len=16,
    hash_len=32,
    time_cost=2,
    memory_cost=32 * 1024,  # KiB
    parallelism=1,
)
# For test settings only (NAMA_TRACKING_HASH_COST = "test"): the smallest
# Argon2id the library accepts, so a test suite can hash thousands of times.
TEST_PARAMETERS = Parameters(
    type=Type.ID,
    version=19,
    salt_len=16,
    hash_len=32,
    time_cost=1,
    memory_cost=8,  # KiB, the minimum for one lane
    parallelism=1,
)
_COSTS = {"production": PRODUCTION_PARAMETERS, "test": TEST_PARAMETERS}

# Damm's totally anti-symmetric quasigroup of order 10 (H. M. Damm, 2004).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

# Characters people put between the digits: any whitespace (checked with
# str.isspace), any dash (Unicode category Pd: hyphen, en dash, minus...),
# invisible format characters pasted from phones (category Cf: LRM/RLM, ALM,
# bidi isolates, zero-width joiners, BOM), dots and commas of both scripts.
_SEPARATORS = frozenset(".,\u2212\u066b\u066c\u060c\u06d4\u00b7")
_ARABIC_INDIC = {ord("0") + i: 0x0660 + i for i in range(10)}


class LookupSpaceExhausted(RuntimeError):
    """``generate`` found every candidate lookup part taken; retry later or widen the space."""


def _damm(digits: str) -> int:
    interim = 0
    for digit in digits:
        interim = _DAMM[interim][ord(digit) - 48]
    return interim


def check_digit(digits: str) -> str:
    """The Damm check digit of an ASCII digit string."""
    return str(_damm(digits))


def _is_ascii_digits(value: str, length: int) -> bool:
    return len(value) == length and value.isascii() and value.isdigit()


@dataclass(frozen=True, repr=False)
class TrackingCode:
    """A tracking code: the lookup part (stored in clear) and the secret part (hashed).

    ``repr`` and ``str`` hide both parts; use ``display()`` only where the code
    is meant to be shown to its owner.
    """

    lookup: str
    secret: str

    def __post_init__(self) -> None:
        # The message never contains the value: it may be a real code.
        if not _is_ascii_digits(self.lookup, LOOKUP_DIGITS):
            raise ValueError(f"lookup part must be {LOOKUP_DIGITS} ASCII digits")
        if not _is_ascii_digits(self.secret, SECRET_DIGITS):
            raise ValueError(f"secret part must be {SECRET_DIGITS} ASCII digits")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<hidden>)"

    __str__ = __repr__

    @property
    def check(self) -> str:
        return check_digit(self.lookup + self.secret)

    @property
    def digits(self) -> str:
        """All 28 digits, ungrouped."""
        return self.lookup + self.secret + self.check

    def display(self, *, arabic_indic: bool = False) -> str:
        """Groups of four joined by dashes, for reading aloud and copying.

        ``arabic_indic=True`` writes ٠-٩ instead of 0-9; ``parse`` accepts both.
        Templates must isolate it (``<bdi dir="ltr">``) so an Arabic page does
        not reorder the groups.
        """
        digits = self.digits
        groups = [digits[i : i + GROUP_SIZE] for i in range(0, len(digits), GROUP_SIZE)]
        text = GROUP_SEPARATOR.join(groups)
        return text.translate(_ARABIC_INDIC) if arabic_indic else text


class ParsedCode(TrackingCode):
    """A code as typed: well formed with a correct check digit, not yet verified."""


def _random_digits(count: int) -> str:
    return str(secrets.randbelow(10**count)).zfill(count)


def generate(*, is_taken: Callable[[str], bool] | None = None, attempts: int = 20) -> TrackingCode:
    """A new random code. ``is_taken(lookup)`` says whether a live code already uses a lookup part.

    The secret is drawn once; only the lookup part is redrawn on a collision.
    ``is_taken`` is a courtesy that keeps collisions rare: the database's
    unique constraint on live lookup parts is what guarantees uniqueness, so
    the caller still retries on ``IntegrityError``. Raises
    ``LookupSpaceExhausted`` after ``attempts`` taken lookup parts in a row.
    """
    secret = _random_digits(SECRET_DIGITS)
    for _attempt in range(attempts):
        lookup = _random_digits(LOOKUP_DIGITS)
        if is_taken is None or not is_taken(lookup):
            return TrackingCode(lookup=lookup, secret=secret)
    raise LookupSpaceExhausted(f"no free lookup part in {attempts} attempts")


def parse(typed: str) -> ParsedCode | None:
    """The code in what a person typed or pasted, or None if it is not a valid code.

    Accepts Latin, Arabic-Indic (٠١٢) and Persian (۰۱۲) digits, and between
    them spaces, dashes, dots, commas and invisible bidi marks. Anything else
    (letters, too few or too many digits, a wrong check digit) gives None, so
    the caller answers "not a valid code" without a lookup or an attempt.
    """
    if not typed or len(typed) > MAX_INPUT_LENGTH:
        return None
    digits: list[str] = []
    for char in typed:
        if char.isdecimal():
            digits.append(str(unicodedata.decimal(char)))
        elif not (
            char.isspace() or char in _SEPARATORS or unicodedata.category(char) in {"Pd", "Cf"}
        ):
            return None
    text = "".join(digits)
    if len(text) != CODE_DIGITS or _damm(text) != 0:
        return None
    return ParsedCode(
        lookup=text[:LOOKUP_DIGITS], secret=text[LOOKUP_DIGITS : LOOKUP_DIGITS + SECRET_DIGITS]
    )


def _cost() -> str:
    cost = "production"
    if settings.configured:
        cost = getattr(settings, "NAMA_TRACKING_HASH_COST", "production")
    if cost not in _COSTS:
        raise ImproperlyConfigured(
            "NAMA_TRACKING_HASH_COST must be 'production' (the default) or 'test'"
        )
    return str(cost)


@functools.cache
def _hasher(cost: str) -> PasswordHasher:
    return PasswordHasher.from_parameters(_COSTS[cost])


@functools.cache
def _dummy_hash(cost: str) -> str:
    # A hash of a secret nobody knows, made with the current parameters so
    # that checking against it costs what checking a real hash costs.
    return _hasher(cost).hash(_random_digits(SECRET_DIGITS))


def hash_secret(secret: str) -> str:
    """The salted Argon2id hash to store for ``secret`` (``$argon2id$v=19$m=...``)."""
    return _hasher(_cost()).hash(secret)


def verify_secret(secret: str, stored_hash: str) -> bool:
    """True if ``secret`` matches ``stored_hash``. Constant-time; never raises on a mismatch.

    A stored hash that is not a valid Argon2 hash also gives False.
    """
    try:
        return _hasher(_cost()).verify(stored_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def verify_against_nothing(secret: str) -> bool:
    """Spend the time of a real check, then answer False.

    For a lookup part that matches no live code: the answer and its timing
    must not tell a guesser whether the lookup part exists.
    """
    verify_secret(secret, _dummy_hash(_cost()))
    return False


def needs_rehash(stored_hash: str) -> bool:
    """True when ``stored_hash`` was made with other parameters than the current ones.

    After a successful ``verify_secret``, store ``hash_secret(secret)`` again.
    """
    try:
        return _hasher(_cost()).check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
