"""Where encrypted evidence blobs live, and how they get there.

Blobs go to ``storages[settings.NAMA_EVIDENCE_STORAGE]`` (default: the
``"default"`` storage). Only ciphertext ever reaches the storage. Names are
``evidence/<2 hex>/<evidence id>.<role>.<random>.bin``: they reveal neither the file
name nor the type.
"""

from __future__ import annotations

import hashlib
import secrets
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages

from nama.core.evidence.cipher import BlobEncryptor, decrypt_blob

__all__ = [
    "StoredBlob",
    "delete_blobs",
    "get_storage",
    "list_blobs",
    "modified_time",
    "read_blob",
    "write_blob",
]

# Ciphertext stays in memory up to this size, then spills to a temporary file.
_SPOOL_BYTES = 1024 * 1024
_READ_BYTES = 64 * 1024


def get_storage() -> Storage:
    """The storage holding evidence blobs."""
    return storages[getattr(settings, "NAMA_EVIDENCE_STORAGE", "default")]


def blob_name(evidence_id: str, role: str) -> str:
    # A random part keeps a re-encrypted blob from ever landing on the old name.
    return f"evidence/{evidence_id[:2]}/{evidence_id}.{role}.{secrets.token_hex(4)}.bin"


def list_blobs() -> Iterator[str]:
    """Every name under ``evidence/`` in the storage (for the orphan sweep)."""
    storage = get_storage()
    if not storage.exists("evidence"):
        return
    folders, _files = storage.listdir("evidence")
    for folder in folders:
        for name in storage.listdir(f"evidence/{folder}")[1]:
            yield f"evidence/{folder}/{name}"


@dataclass(frozen=True)
class StoredBlob:
    name: str
    size: int
    sha256: str


class BlobTooLarge(Exception):
    """More plaintext arrived than the caller allowed."""


def write_blob(
    chunks: Iterable[bytes],
    *,
    data_key: str,
    evidence_id: str,
    role: str,
    max_bytes: int | None = None,
    written: list[str],
) -> StoredBlob:
    """Encrypt ``chunks`` into storage, hashing the plaintext on the way.

    The name is appended to ``written`` *before* the storage is asked to save,
    so the caller can delete a half-written blob if saving fails.
    """
    digest = hashlib.sha256()
    size = 0
    encryptor = BlobEncryptor(data_key, role)
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
        spool.write(encryptor.header)
        for chunk in chunks:
            size += len(chunk)
            if max_bytes is not None and size > max_bytes:
                raise BlobTooLarge
            digest.update(chunk)
            spool.write(encryptor.update(chunk))
        spool.write(encryptor.finalize())
        spool.seek(0)
        name = blob_name(evidence_id, role)
        written.append(name)
        saved = get_storage().save(name, File(spool, name=name))
        if saved != name:
            written.append(saved)
    return StoredBlob(saved, size, digest.hexdigest())


def read_blob(name: str, *, data_key: str, role: str) -> Iterator[bytes]:
    """Plaintext chunks of a stored blob (authenticated chunk by chunk)."""
    with get_storage().open(name, "rb") as handle:
        source: IO[bytes] = handle
        yield from decrypt_blob(source, data_key, role)


def modified_time(name: str) -> datetime | None:
    """When the blob was last written, or ``None`` if the storage cannot tell."""
    try:
        return get_storage().get_modified_time(name)
    except (NotImplementedError, OSError):
        return None


def delete_blobs(names: Iterable[str]) -> None:
    """Delete blobs, ignoring ones already gone; storage errors propagate."""
    storage = get_storage()
    for name in names:
        if name and storage.exists(name):
            storage.delete(name)
