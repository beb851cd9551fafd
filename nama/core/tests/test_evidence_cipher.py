"""Evidence blobs: chunked AES-GCM that refuses reordered, truncated or extended data."""

from __future__ import annotations

import io
import os

import pytest

from nama.core.evidence.cipher import (
    CHUNK_SIZE,
    HEADER_BYTES,
    TAG_BYTES,
    BlobDecryptionError,
    BlobEncryptor,
    decrypt_blob,
    new_data_key,
)


def encrypt(data: bytes, key: str, role: str = "original", piece: int = 10_000) -> bytes:
    encryptor = BlobEncryptor(key, role)
    out = bytearray(encryptor.header)
    for start in range(0, len(data), piece):
        out += encryptor.update(data[start : start + piece])
    out += encryptor.finalize()
    return bytes(out)


def decrypt(blob: bytes, key: str, role: str = "original") -> bytes:
    return b"".join(decrypt_blob(io.BytesIO(blob), key, role))


@pytest.mark.parametrize(
    "size", [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE, 3 * CHUNK_SIZE + 7]
)
def test_it_round_trips_at_every_chunk_boundary(size):
    key = new_data_key()
    data = os.urandom(size)
    blob = encrypt(data, key)
    chunks = max(1, -(-size // CHUNK_SIZE))
    assert len(blob) == HEADER_BYTES + size + chunks * TAG_BYTES
    assert decrypt(blob, key) == data


def test_equal_files_encrypt_differently():
    key = new_data_key()
    assert encrypt(b"same", key) != encrypt(b"same", key)


def test_the_wrong_key_or_role_fails():
    key = new_data_key()
    blob = encrypt(b"evidence", key)
    with pytest.raises(BlobDecryptionError):
        decrypt(blob, new_data_key())
    with pytest.raises(BlobDecryptionError):
        decrypt(blob, key, role="working")


def test_truncation_at_a_chunk_boundary_is_detected():
    key = new_data_key()
    blob = encrypt(os.urandom(3 * CHUNK_SIZE + 5), key)
    cut = HEADER_BYTES + 2 * (CHUNK_SIZE + TAG_BYTES)
    with pytest.raises(BlobDecryptionError):
        decrypt(blob[:cut], key)


def test_reordered_chunks_are_detected():
    key = new_data_key()
    blob = encrypt(os.urandom(3 * CHUNK_SIZE + 5), key)
    sealed = CHUNK_SIZE + TAG_BYTES
    first = blob[HEADER_BYTES : HEADER_BYTES + sealed]
    second = blob[HEADER_BYTES + sealed : HEADER_BYTES + 2 * sealed]
    swapped = blob[:HEADER_BYTES] + second + first + blob[HEADER_BYTES + 2 * sealed :]
    with pytest.raises(BlobDecryptionError):
        decrypt(swapped, key)


def test_appended_data_is_detected():
    key = new_data_key()
    with pytest.raises(BlobDecryptionError):
        decrypt(encrypt(b"evidence", key) + b"\x00" * 40, key)


def test_a_foreign_file_is_not_a_blob():
    with pytest.raises(BlobDecryptionError):
        decrypt(b"\xff\xd8\xff" + b"\x00" * 100, new_data_key())


def test_a_malformed_data_key_fails_cleanly():
    with pytest.raises(BlobDecryptionError):
        BlobEncryptor("not base64!", "original")
