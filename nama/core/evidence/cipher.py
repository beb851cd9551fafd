"""Encryption of evidence blobs at rest: chunked AES-256-GCM under a per-file key.

Every evidence file gets its own random 256-bit data key. The key is kept in
the database row, itself encrypted with the field keys
(``EvidenceFile.blob_key`` is an ``EncryptedCharField``), so:

* neither the storage nor the database alone opens a file; both plus
  ``NAMA_FIELD_KEYS`` are needed;
* ``manage.py rotate_field_keys`` re-wraps the data keys like any other
  encrypted field, and the (large) blobs never need rewriting;
* deleting the row's key makes every copy of the blob unreadable, backups
  included, once database backups holding the key have expired.

A blob is ``MAGIC | salt (16 bytes) | chunk | chunk | ...``. Each blob derives
its own key from the data key and its random salt (HKDF-SHA256, with the blob's
role, "original" or "working", in the info), so the original and the working
copy never share a key and nonce. Plaintext is cut into 64 KiB chunks, each
sealed with AES-GCM (16-byte tag) under the nonce ``counter (11 bytes) | final
flag (1 byte)`` with the header as associated data: reordering, truncating or
extending a blob makes decryption fail (the STREAM construction of Hoang,
Reyhanitabar, Rogaway and Vizár).
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = [
    "CHUNK_SIZE",
    "BlobDecryptionError",
    "BlobEncryptor",
    "decrypt_blob",
    "new_data_key",
]

MAGIC = b"NAMAEVD1"
SALT_BYTES = 16
HEADER_BYTES = len(MAGIC) + SALT_BYTES
CHUNK_SIZE = 64 * 1024
TAG_BYTES = 16
_MAX_CHUNKS = 2**64


class BlobDecryptionError(Exception):
    """The blob is not ours, was changed, or the key does not fit."""


def new_data_key() -> str:
    """A fresh random data key, url-safe base64 (for ``EvidenceFile.blob_key``)."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def _blob_cipher(data_key: str, salt: bytes, role: str) -> AESGCM:
    try:
        raw = base64.urlsafe_b64decode(data_key.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise BlobDecryptionError("malformed data key") from exc
    if len(raw) != 32:
        raise BlobDecryptionError("malformed data key")
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=salt,
        info=b"nama evidence blob v1\x00" + role.encode("ascii"),
    ).derive(raw)
    return AESGCM(key)


def _nonce(counter: int, final: bool) -> bytes:
    if counter >= _MAX_CHUNKS:
        raise OverflowError("too many chunks")
    return counter.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


class BlobEncryptor:
    """Encrypts a stream: ``header`` first, then ``update()`` pieces, then ``finalize()``."""

    def __init__(self, data_key: str, role: str) -> None:
        salt = os.urandom(SALT_BYTES)
        self.header = MAGIC + salt
        self._aead = _blob_cipher(data_key, salt, role)
        self._buffer = bytearray()
        self._counter = 0
        self._finished = False

    def _seal(self, plaintext: bytes, final: bool) -> bytes:
        sealed = self._aead.encrypt(_nonce(self._counter, final), plaintext, self.header)
        self._counter += 1
        return sealed

    def update(self, data: bytes) -> bytes:
        """Ciphertext for every full chunk now available (maybe ``b""``)."""
        if self._finished:
            raise ValueError("encryptor already finalised")
        self._buffer += data
        out = bytearray()
        # Strictly more than one chunk: the last chunk must wait for finalize().
        while len(self._buffer) > CHUNK_SIZE:
            out += self._seal(bytes(self._buffer[:CHUNK_SIZE]), final=False)
            del self._buffer[:CHUNK_SIZE]
        return bytes(out)

    def finalize(self) -> bytes:
        """The last chunk (possibly empty), marked final."""
        if self._finished:
            raise ValueError("encryptor already finalised")
        self._finished = True
        last = self._seal(bytes(self._buffer), final=True)
        self._buffer.clear()
        return last


def _read_exactly(source: IO[bytes], size: int) -> bytes:
    parts = bytearray()
    while len(parts) < size:
        piece = source.read(size - len(parts))
        if not piece:
            break
        parts += piece
    return bytes(parts)


def decrypt_blob(source: IO[bytes], data_key: str, role: str) -> Iterator[bytes]:
    """Plaintext chunks of the blob read from ``source``; raises on any tampering."""
    header = _read_exactly(source, HEADER_BYTES)
    if len(header) != HEADER_BYTES or not header.startswith(MAGIC):
        raise BlobDecryptionError("not an evidence blob")
    aead = _blob_cipher(data_key, header[len(MAGIC) :], role)
    sealed_size = CHUNK_SIZE + TAG_BYTES
    counter = 0
    current = _read_exactly(source, sealed_size)
    while True:
        following = _read_exactly(source, sealed_size) if len(current) == sealed_size else b""
        final = not following
        try:
            yield aead.decrypt(_nonce(counter, final), current, header)
        except InvalidTag as exc:
            raise BlobDecryptionError("evidence blob fails authentication") from exc
        if final:
            return
        counter += 1
        current = following
