"""Every write and every read of evidence files goes through these services.

They are keyword-only, take the acting user as ``by=``, and record a custody
event for each receipt, view, download, export and deletion, mirrored in the
audit log (ids, action and hash; never the file name). Access control is the
caller's: fetch the *owner* (intake request, event, case...) through its
scoped selector first, then its evidence with
``nama.core.evidence.selectors``.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import uuid
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import PurePath
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import models, transaction
from django.http import StreamingHttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from nama.core.audit import log_action
from nama.core.evidence import sanitise
from nama.core.evidence.cipher import new_data_key
from nama.core.evidence.models import CustodyAction, CustodyEvent, EvidenceFile
from nama.core.evidence.sniffing import ALLOWED, EvidenceRejected, Sniffed, sniff
from nama.core.evidence.storage import (
    BlobTooLarge,
    delete_blobs,
    list_blobs,
    modified_time,
    read_blob,
    write_blob,
)

__all__ = [
    "EvidenceError",
    "EvidenceRejected",
    "evidence_delete",
    "evidence_download_response",
    "evidence_open",
    "evidence_rekey",
    "evidence_remove_orphans",
    "evidence_store",
    "evidence_verify",
    "max_bytes",
]

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
ORIGINAL = "original"
WORKING = "working"

TOO_LARGE = _("The file is too large. The largest file that can be sent is %(limit)s.")
# Served to browsers with every download: nothing in it may run or render.
DOWNLOAD_CSP = "default-src 'none'; sandbox"
# Bidi controls can disguise an extension ("photo‮gpj.exe"); control characters
# and path separators have no place in a download name.
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class EvidenceError(Exception):
    """The evidence cannot be used this way (deleted, no reason given, no copy)."""


def max_bytes() -> int:
    """The size limit of one file (``settings.NAMA_EVIDENCE_MAX_BYTES``, default 25 MB)."""
    return int(getattr(settings, "NAMA_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _too_large(limit: int) -> EvidenceRejected:
    return EvidenceRejected(
        TOO_LARGE, code="evidence_too_large", params={"limit": filesizeformat(limit)}
    )


def _receipt_time(by: Any) -> datetime:
    """Now, or for a public upload only the day: no exact submission time is kept."""
    now = timezone.now()
    if by is not None and getattr(by, "is_authenticated", False):
        return now
    day = timezone.localdate(now)
    return timezone.make_aware(datetime.combine(day, time.min))


def _user(by: Any) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _record(
    evidence: EvidenceFile,
    action: str,
    *,
    by: Any,
    original: bool = False,
    note: str = "",
    at: datetime | None = None,
    audit: bool = True,
) -> CustodyEvent:
    event = CustodyEvent.objects.create(
        evidence=evidence,
        action=action,
        actor=_user(by),
        at=at or timezone.now(),
        original=original,
        note=note,
    )
    if audit:
        log_action(
            _user(by),
            f"core.evidence.{action}",
            evidence,
            {
                "evidence": str(evidence.uuid),
                "action": action,
                "sha256": evidence.sha256,
                "original": original,
            },
            reason=note,
        )
    return event


def _clean_name(name: str) -> str:
    name = unicodedata.normalize("NFC", PurePath(name.replace("\\", "/")).name)
    name = _UNSAFE_NAME.sub("", name).strip(" .")
    return name[:255]


def _binary(file: File) -> IO[bytes]:
    inner = getattr(file, "file", None)
    handle: Any = inner if inner is not None else file
    return handle


@transaction.atomic
def _store_rows(*, evidence: EvidenceFile, by: Any) -> EvidenceFile:
    """The row and its first custody events; the blobs are already stored."""
    received_at = evidence.created_at
    evidence.save(force_insert=True)
    # A public upload's receipt is not in the audit log: its entry would carry
    # the exact time, which DESIGN.md §4 forbids keeping for anonymous people.
    public = _user(by) is None
    _record(
        evidence, CustodyAction.RECEIVED, by=by, original=True, at=received_at, audit=not public
    )
    if evidence.has_working_copy:
        _record(evidence, CustodyAction.WORKING_COPY_MADE, by=by, at=received_at, audit=not public)
    return evidence


def _working_copy(source: IO[bytes], sniffed: Sniffed) -> sanitise.WorkingCopy | None:
    if not sanitise.can_sanitise(sniffed):
        return None
    try:
        return sanitise.sanitise_image(source, sniffed)
    except sanitise.SanitiseError as exc:
        # The original is evidence even if it cannot be decoded: keep it,
        # without a working copy (staff then need the original, with a reason).
        logger.warning("evidence: no working copy made: %s", exc)
        return None


def evidence_store(*, file: File, owner: models.Model, by: Any = None) -> EvidenceFile:
    """Receive ``file`` as evidence of ``owner``; returns the saved :class:`EvidenceFile`.

    Checks the size (``NAMA_EVIDENCE_MAX_BYTES``) and the type by content,
    raising :class:`EvidenceRejected` (a ``ValidationError`` with a translated
    message) for anything refused. Streams the file once: SHA-256 of the bytes
    as they arrived, encryption, storage. Images get a sanitised working copy
    (no metadata); if one cannot be made the original is still kept.

    ``by`` is the staff member, or ``None`` for a public upload: then no user,
    no IP address or user agent, and only the day of receipt are recorded.
    Nothing is left behind on failure: no row, no blob.
    """
    if owner.pk is None:
        raise ValueError("evidence owner must be saved first")
    limit = max_bytes()
    declared = getattr(file, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise _too_large(limit)
    source = _binary(file)
    sniffed = sniff(source)

    evidence = EvidenceFile(
        uuid=uuid.uuid4(),
        original_name=_clean_name(getattr(file, "name", "") or ""),
        content_type=sniffed.content_type,
        kind=sniffed.kind,
        blob_key=new_data_key(),
        created_at=_receipt_time(by),
        created_by=_user(by),
    )
    evidence.owner = owner
    written: list[str] = []
    try:
        source.seek(0)
        blob = write_blob(
            iter(lambda: source.read(64 * 1024), b""),
            data_key=evidence.blob_key,
            evidence_id=evidence.uuid.hex,
            role=ORIGINAL,
            max_bytes=limit,
            written=written,
        )
        evidence.original_blob = blob.name
        evidence.size = blob.size
        evidence.sha256 = blob.sha256
        # After the size check, and outside the transaction: decoding takes a while.
        working = _working_copy(source, sniffed)
        if working is not None:
            copy = write_blob(
                [working.data],
                data_key=evidence.blob_key,
                evidence_id=evidence.uuid.hex,
                role=WORKING,
                written=written,
            )
            evidence.working_blob = copy.name
            evidence.working_content_type = working.content_type
            evidence.working_size = copy.size
            evidence.working_sha256 = copy.sha256
        _store_rows(evidence=evidence, by=by)
    except BaseException as exc:
        try:
            delete_blobs(written)
        except Exception:
            # The blob is unreadable without the key that was never saved.
            logger.exception("evidence: could not remove a blob after a failed upload")
        if isinstance(exc, BlobTooLarge):
            raise _too_large(limit) from None
        raise
    return evidence


def _check_usable(evidence: EvidenceFile) -> None:
    if evidence.is_deleted:
        raise EvidenceError("this evidence file was deleted")


def _choose_blob(evidence: EvidenceFile, *, original: bool, reason: str) -> tuple[str, str]:
    """(blob name, role) to hand out; the original needs a stated reason."""
    _check_usable(evidence)
    if original:
        if not reason.strip():
            raise EvidenceError("handing out the original needs a reason")
        return evidence.original_blob, ORIGINAL
    if evidence.has_working_copy:
        return evidence.working_blob, WORKING
    if sanitise.can_sanitise(ALLOWED[evidence.content_type]):
        # An image whose working copy could not be made would leak its metadata.
        raise EvidenceError("no sanitised working copy; download the original with a reason")
    # No sanitiser for this kind (PDF, documents, audio, video, text): the file
    # is handed out as received.
    return evidence.original_blob, ORIGINAL


def _stream(evidence: EvidenceFile, name: str, role: str) -> Iterator[bytes]:
    return read_blob(name, data_key=evidence.blob_key, role=role)


def evidence_open(
    *,
    evidence: EvidenceFile,
    by: Any,
    original: bool = False,
    reason: str = "",
    export: bool = False,
) -> Iterator[bytes]:
    """The decrypted content, as an iterator of byte chunks; records the access.

    Staff get the sanitised working copy; the original only with
    ``original=True`` and a ``reason``. The custody event is ``viewed``, or
    ``exported`` with ``export=True`` (a report or a bundle sent outside).
    ``b"".join(evidence_open(...))`` gives the whole file. Raises
    :class:`EvidenceError` for a deleted file or a missing reason, and
    ``cipher.BlobDecryptionError`` while reading if the blob was tampered with.
    """
    name, role = _choose_blob(evidence, original=original, reason=reason)
    action = CustodyAction.EXPORTED if export else CustodyAction.VIEWED
    with transaction.atomic():
        _record(evidence, action, by=by, original=role == ORIGINAL, note=reason)
    return _stream(evidence, name, role)


def download_name(evidence: EvidenceFile, *, original: bool) -> str:
    """The file name offered to the browser, with an extension that matches the content.

    A name whose extension does not fit what the bytes are ("notes.exe" that
    is really text) gets the right one appended; the working copy of a GIF,
    re-encoded as PNG, is offered as ".png".
    """
    received = ALLOWED.get(evidence.content_type)
    served = received if original else ALLOWED.get(evidence.working_content_type) or received
    name = _clean_name(evidence.original_name or "") or f"evidence-{str(evidence.uuid)[:8]}"
    if served is None or received is None:
        return f"{name}.bin"
    stem, dot, suffix = name.rpartition(".")
    extension = f".{suffix.lower()}" if dot and stem else ""
    if extension in served.extensions:
        return name
    if extension in received.extensions:
        return f"{stem}{served.extension}"
    return f"{name}{served.extension}"


def evidence_download_response(
    *,
    evidence: EvidenceFile,
    by: Any,
    original: bool = False,
    reason: str = "",
) -> StreamingHttpResponse:
    """A download of the working copy (or the original, with a reason); records it.

    Always an attachment, never shown inline: ``application/octet-stream``,
    ``X-Content-Type-Options: nosniff``, ``Cache-Control: no-store`` and a
    sandboxing Content-Security-Policy. The name keeps Arabic letters
    (RFC 6266 ``filename*``) and gets the extension of the detected type.
    """
    name, role = _choose_blob(evidence, original=original, reason=reason)
    with transaction.atomic():
        _record(evidence, CustodyAction.DOWNLOADED, by=by, original=role == ORIGINAL, note=reason)
    response = StreamingHttpResponse(
        _stream(evidence, name, role), content_type="application/octet-stream"
    )
    size = evidence.size if role == ORIGINAL else evidence.working_size
    if size is not None:
        response["Content-Length"] = str(size)
    disposition = content_disposition_header(
        as_attachment=True, filename=download_name(evidence, original=role == ORIGINAL)
    )
    response["Content-Disposition"] = disposition or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Referrer-Policy"] = "no-referrer"
    return response


def evidence_delete(*, evidence: EvidenceFile, by: Any, reason: str) -> EvidenceFile:
    """Delete the file for good; the row stays as a tombstone with its custody trail.

    The blob key and the file name are erased in the same transaction as the
    custody event, so even a blob that survives somewhere (a backup, a failed
    storage call) can no longer be read; the blobs themselves are removed once
    the transaction commits. ``reason`` is required.
    """
    if not reason.strip():
        raise EvidenceError("deleting evidence needs a reason")
    names = [evidence.original_blob, evidence.working_blob]
    with transaction.atomic():
        locked = EvidenceFile.objects.select_for_update().get(pk=evidence.pk)
        _check_usable(locked)
        locked.deleted_at = timezone.now()
        locked.blob_key = ""
        locked.original_name = ""
        locked.original_blob = ""
        locked.working_blob = ""
        locked.save(
            update_fields=[
                "deleted_at",
                "blob_key",
                "original_name",
                "original_blob",
                "working_blob",
            ]
        )
        _record(locked, CustodyAction.DELETED, by=by, note=reason)
        transaction.on_commit(lambda: delete_blobs(names), robust=True)
    evidence.refresh_from_db()
    return evidence


def evidence_verify(*, evidence: EvidenceFile) -> bool:
    """True when the stored original still decrypts to bytes with the recorded SHA-256."""
    _check_usable(evidence)
    digest = hashlib.sha256()
    size = 0
    try:
        for chunk in read_blob(evidence.original_blob, data_key=evidence.blob_key, role=ORIGINAL):
            digest.update(chunk)
            size += len(chunk)
    except Exception:
        logger.warning("evidence %s: original unreadable during verification", evidence.uuid)
        return False
    return size == evidence.size and digest.hexdigest() == evidence.sha256


def evidence_rekey(*, evidence: EvidenceFile, by: Any = None) -> EvidenceFile:
    """Re-encrypt the blobs under a fresh data key; for a data key that may have leaked.

    Rotating ``NAMA_FIELD_KEYS`` does not need this (``rotate_field_keys``
    re-wraps the data keys); this rewrites the blobs themselves. The original
    must still match its SHA-256, or nothing changes and :class:`EvidenceError`
    is raised. The old blobs are removed once the new key is committed.
    """
    _check_usable(evidence)
    new_key = new_data_key()
    written: list[str] = []
    old_names = [evidence.original_blob, evidence.working_blob]
    try:
        original = write_blob(
            read_blob(evidence.original_blob, data_key=evidence.blob_key, role=ORIGINAL),
            data_key=new_key,
            evidence_id=evidence.uuid.hex,
            role=ORIGINAL,
            written=written,
        )
        if original.sha256 != evidence.sha256:
            raise EvidenceError("the stored original no longer matches its SHA-256")
        working_name = ""
        if evidence.working_blob:
            working = write_blob(
                read_blob(evidence.working_blob, data_key=evidence.blob_key, role=WORKING),
                data_key=new_key,
                evidence_id=evidence.uuid.hex,
                role=WORKING,
                written=written,
            )
            working_name = working.name
        with transaction.atomic():
            locked = EvidenceFile.objects.select_for_update().get(pk=evidence.pk)
            if locked.is_deleted or locked.original_blob != evidence.original_blob:
                raise EvidenceError("the evidence changed while it was being re-encrypted")
            locked.blob_key = new_key
            locked.original_blob = original.name
            locked.working_blob = working_name
            locked.save(update_fields=["blob_key", "original_blob", "working_blob"])
            log_action(
                _user(by),
                "core.evidence.rekeyed",
                locked,
                {"evidence": str(locked.uuid), "sha256": locked.sha256},
            )
            transaction.on_commit(lambda: delete_blobs(old_names), robust=True)
    except BaseException:
        try:
            delete_blobs(written)
        except Exception:
            logger.exception("evidence: could not remove a blob after a failed re-encryption")
        raise
    evidence.refresh_from_db()
    return evidence


def evidence_remove_orphans(
    *, older_than: timedelta = timedelta(days=1), dry_run: bool = False
) -> list[str]:
    """Delete blobs that no evidence row refers to; returns their names.

    Orphans arise when the caller's transaction rolls back after
    :func:`evidence_store` saved its blobs (their key went with the rolled-back
    row, so they are unreadable), or when a storage deletion failed. Blobs
    younger than ``older_than`` are left alone: their upload may still be in
    progress. Blobs whose age the storage cannot tell are never deleted.
    """
    referenced: set[str] = set()
    for original, working in EvidenceFile.objects.values_list("original_blob", "working_blob"):
        referenced.update((original, working))
    cutoff = timezone.now() - older_than
    removed: list[str] = []
    for name in list_blobs():
        if name in referenced:
            continue
        modified = modified_time(name)
        if modified is None or modified > cutoff:
            continue
        removed.append(name)
        if not dry_run:
            delete_blobs([name])
    if removed and not dry_run:
        log_action(None, "core.evidence.orphans_removed", data={"count": len(removed)})
    return removed


def make_file(data: bytes, name: str) -> File:
    """A Django ``File`` over bytes (for services and tests that build files in memory)."""
    return File(io.BytesIO(data), name=name)
