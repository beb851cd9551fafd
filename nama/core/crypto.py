"""Encryption of identifying values and keyed blind indexes (DESIGN.md §4).

A stolen database dump must contain no identifying plaintext, so names, phone
numbers, e-mail addresses and the like are stored as Fernet tokens (AES-128-CBC
with HMAC-SHA256) under keys that live outside the database:

* ``settings.NAMA_FIELD_KEYS``: Fernet keys, newest first. The first encrypts;
  every key decrypts (``MultiFernet``), which is what makes rotation possible.
  They are never derived from ``SECRET_KEY``: rotating one must not touch the
  other.
* ``settings.NAMA_INDEX_KEY``: the key of the HMAC-SHA256 blind indexes. Fernet
  tokens are randomised, so equal plaintexts never look equal; to find a
  record by phone number or by one word of a name, Nama stores a keyed hash of
  the normalised value next to the ciphertext and searches that. Each index
  purpose gets its own sub-key (HKDF), so equal values in different indexes do
  not hash alike and a dump cannot link them.

Tokens are written with a zero timestamp: Fernet would otherwise record, in
clear, the second at which each value was encrypted, and DESIGN.md §4 forbids
keeping the exact submission time of an anonymous complainant.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Callable, Iterable
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from nama.core.text import digits_only, normalize, phone_digits, tokens

__all__ = [
    "NORMALIZERS",
    "DecryptionError",
    "blind_index",
    "decrypt",
    "encrypt",
    "is_current",
    "normalize_email",
    "rotate",
    "token_indexes",
]

# Length of a blind index in hex characters: 128 bits, plenty against
# collisions, short enough to keep the indexes small.
INDEX_HEX_LENGTH = 32
# Fernet's timestamp is written in clear; see the module docstring.
_TOKEN_TIME = 0


class DecryptionError(Exception):
    """No configured key opens a stored token (a key was removed too early?)."""


def _field_keys() -> list[str]:
    keys: Any = getattr(settings, "NAMA_FIELD_KEYS", None)
    if isinstance(keys, str):
        keys = [key.strip() for key in keys.split(",")]
    keys = [key for key in (keys or []) if key]
    if not keys:
        raise ImproperlyConfigured("NAMA_FIELD_KEYS must hold at least one Fernet key")
    return keys


@functools.cache
def _multifernet() -> MultiFernet:
    fernets = []
    for position, key in enumerate(_field_keys(), start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, TypeError) as exc:
            # Name the position, never the key itself.
            raise ImproperlyConfigured(
                f"NAMA_FIELD_KEYS: key #{position} is not a valid Fernet key "
                "(32 url-safe base64-encoded bytes)"
            ) from exc
    return MultiFernet(fernets)


@functools.cache
def _newest_fernet() -> Fernet:
    return Fernet(_field_keys()[0])


@functools.cache
def derive_key(info: bytes) -> bytes:
    """A 32-byte key for one use, derived (HKDF-SHA256) from ``NAMA_INDEX_KEY``.

    ``info`` names the use; different uses never share a key. Blind indexes
    use ``b"nama blind index\x00" + purpose``; rate limits and the proof of
    work have their own names.
    """
    master = getattr(settings, "NAMA_INDEX_KEY", "") or ""
    if len(master) < 16:
        raise ImproperlyConfigured("NAMA_INDEX_KEY must be at least 16 characters long")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info)
    return hkdf.derive(master.encode("utf-8"))


def _index_subkey(purpose: str) -> bytes:
    return derive_key(b"nama blind index\x00" + purpose.encode("utf-8"))


def reset_caches() -> None:
    """Forget cached keys so new settings take effect (tests, key rotation)."""
    _multifernet.cache_clear()
    _newest_fernet.cache_clear()
    derive_key.cache_clear()


@receiver(setting_changed)
def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in {"NAMA_FIELD_KEYS", "NAMA_INDEX_KEY"}:
        reset_caches()


def encrypt(plaintext: str) -> str:
    """Encrypt ``plaintext`` under the newest field key; returns an ASCII token.

    Equal plaintexts give different tokens, so tokens cannot be compared or
    searched: that is what blind indexes are for.
    """
    token = _multifernet().encrypt_at_time(plaintext.encode("utf-8"), _TOKEN_TIME)
    return token.decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a token written by :func:`encrypt` with whichever key fits."""
    try:
        return _multifernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise DecryptionError(
            "no key in NAMA_FIELD_KEYS decrypts this value; was a retired key removed "
            "before `manage.py rotate_field_keys` ran?"
        ) from exc


def is_current(token: str) -> bool:
    """True when ``token`` is already encrypted under the newest key."""
    try:
        _newest_fernet().decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


def rotate(token: str) -> str:
    """Re-encrypt ``token`` under the newest key (``MultiFernet.rotate``).

    The token's timestamp (zero, see the module docstring) is kept.
    """
    try:
        return _multifernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise DecryptionError("no key in NAMA_FIELD_KEYS decrypts this value") from exc


def normalize_email(value: str) -> str:
    """E-mail addresses compare case-insensitively and without stray spaces."""
    return value.strip().lower()


# Named normalisers, so models and migrations can refer to them by a short
# name. Index and query always go through the same one.
NORMALIZERS: dict[str, Callable[[str], str]] = {
    "text": normalize,
    "name": normalize,
    "phone": phone_digits,
    "digits": digits_only,
    "email": normalize_email,
}


def _hmac(value: str, purpose: str) -> str:
    digest = hmac.new(_index_subkey(purpose), value.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:INDEX_HEX_LENGTH]


def blind_index(
    value: str | None, *, purpose: str, normalizer: Callable[[str], str] = normalize
) -> str:
    """Keyed hash of the normalised ``value`` for exact-match search.

    ``purpose`` names the index (e.g. ``"intake.request.phone"``) and selects
    its sub-key. An empty value (after normalising) has no index: ``""``, so
    blank fields never match each other.
    """
    normalised = normalizer(value or "")
    if not normalised:
        return ""
    return _hmac(normalised, f"exact:{purpose}")


def token_indexes(
    value: str | None, *, purpose: str, normalizer: Callable[[str], str] = normalize
) -> list[str]:
    """Keyed hashes of each distinct normalised word of ``value``, sorted.

    Lets staff find a person by any one word of a name. Sorting (rather than
    keeping word order) reveals a little less: which hash was the first name.
    """
    words: Iterable[str] = tokens(normalizer(value or ""))
    return sorted({_hmac(word, f"tokens:{purpose}") for word in words})
