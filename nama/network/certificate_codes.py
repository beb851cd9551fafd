"""Verification codes of training certificates.

Format
    15 characters of Crockford's base32 (0-9 and A-Z without I, L, O, U), that
    is 75 random bits from ``secrets``: far too many to guess, and short
    enough to read out or type from paper. Shown in three groups of five,
    ``K7M2Q-9XH4T-R3WZB``; stored in the database without the dashes.

Typing
    ``parse`` accepts what a person types or scans: lower case, spaces,
    dashes, invisible bidi marks, Arabic-Indic and Persian digits, and the
    letters Crockford's alphabet reads as digits (O as 0, I and L as 1).

Unlike a tracking code the certificate code is not a secret: it is printed
on the certificate and in its QR code, and what it opens (the printed name,
the course and the date of issue) is what the certificate already shows. It
must still be unguessable, so that nobody can list the people trained by the
centre, and it is never written to a log.
"""

from __future__ import annotations

import secrets
import unicodedata

__all__ = ["ALPHABET", "CODE_LENGTH", "display", "generate", "parse"]

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 15
GROUP = 5
MAX_INPUT_LENGTH = 64
_READ_AS = {"O": "0", "I": "1", "L": "1"}
_SEPARATORS = frozenset(" -_.\u2010\u2011\u2012\u2013\u2014\u2212")


def generate() -> str:
    """A new code, canonical form (no dashes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def display(code: str) -> str:
    """``K7M2Q9XH4TR3WZB`` -> ``K7M2Q-9XH4T-R3WZB``."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def parse(typed: str) -> str | None:
    """The canonical code in what was typed, or None when it cannot be one."""
    if not typed or len(typed) > MAX_INPUT_LENGTH:
        return None
    chars: list[str] = []
    for char in typed:
        if char.isdecimal():
            chars.append(str(unicodedata.decimal(char)))
            continue
        if char.isspace() or char in _SEPARATORS or unicodedata.category(char) in {"Pd", "Cf"}:
            continue
        upper = char.upper()
        upper = _READ_AS.get(upper, upper)
        if upper not in ALPHABET:
            return None
        chars.append(upper)
    code = "".join(chars)
    if len(code) != CODE_LENGTH:
        return None
    return code
