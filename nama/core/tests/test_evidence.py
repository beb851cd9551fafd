"""The evidence service: storage, encryption at rest, working copies, custody, downloads."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import time, timedelta
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.utils import timezone
from PIL import Image

from nama.core.audit import AuditEntry
from nama.core.evidence import cipher, selectors, services
from nama.core.evidence import storage as evidence_storage
from nama.core.evidence.models import CustodyAction, CustodyEvent, EvidenceFile
from nama.core.evidence.services import (
    EvidenceError,
    EvidenceRejected,
    download_name,
    evidence_delete,
    evidence_download_response,
    evidence_open,
    evidence_rekey,
    evidence_remove_orphans,
    evidence_store,
    evidence_verify,
    make_file,
)
from nama.core.tests.test_evidence_sniffing import (
    ARABIC_TEXT,
    HTML,
    SVG,
    docx_bytes,
    image_bytes,
)
from nama.testing.images import exiftool_json, gps_jpeg

pytestmark = pytest.mark.django_db

SECRET_LINE = "Statement of the witness: the checkpoint at kilometre 7."


def all_blobs() -> set[str]:
    return set(evidence_storage.list_blobs())


def read_stored(name: str) -> bytes:
    with evidence_storage.get_storage().open(name, "rb") as handle:
        data: bytes = handle.read()
    return data


@pytest.fixture(autouse=True)
def fresh_storage(monkeypatch):
    """Each test gets its own empty evidence storage."""
    storage = InMemoryStorage()
    monkeypatch.setattr(evidence_storage, "get_storage", lambda: storage)
    return storage


@pytest.fixture
def owner(governorates):
    return governorates["baghdad"]


@pytest.fixture
def monitor(personas):
    return personas.monitor_baghdad


@pytest.fixture
def director(personas):
    return personas.director


@pytest.fixture
def photo(owner, monitor):
    return evidence_store(
        file=SimpleUploadedFile("صورة الحاجز.jpg", gps_jpeg(), "image/jpeg"),
        owner=owner,
        by=monitor,
    )


# --- Storing ------------------------------------------------------------------


def test_it_stores_a_photo_with_its_hash_type_and_owner(photo, owner, monitor):
    original = gps_jpeg()
    photo.refresh_from_db()
    assert photo.kind == "image"
    assert photo.content_type == "image/jpeg"
    assert photo.size == len(original)
    assert photo.sha256 == hashlib.sha256(original).hexdigest()
    assert photo.original_name == "صورة الحاجز.jpg"
    assert photo.owner == owner
    assert photo.created_by == monitor
    assert photo.has_working_copy
    assert photo.working_content_type == "image/jpeg"


def test_the_working_copy_has_no_metadata_at_all(photo, monitor, tmp_path):
    before = exiftool_json(gps_jpeg(), tmp_path)
    assert any("GPS" in key for key in before), "the sample must carry GPS to prove anything"

    copy = b"".join(evidence_open(evidence=photo, by=monitor))

    tags = exiftool_json(copy, tmp_path)
    assert not [key for key in tags if "GPS" in key]
    for group in ("EXIF:", "XMP:", "ICC_Profile:", "IPTC:", "MakerNotes:", "Photoshop:"):
        assert not [key for key in tags if key.startswith(group)], group
    assert "File:Comment" not in tags
    assert b"Ahmed" not in copy
    assert b"PhoneMaker" not in copy
    # Turned upright by its EXIF orientation before the orientation tag was dropped.
    assert Image.open(io.BytesIO(copy)).size == (6, 8)


def test_the_original_is_unchanged_after_the_working_copy_was_made(photo, director):
    assert evidence_verify(evidence=photo) is True
    original = b"".join(
        evidence_open(evidence=photo, by=director, original=True, reason="court request")
    )
    assert original == gps_jpeg()


def test_storage_holds_only_ciphertext(owner, monitor, photo):
    text = evidence_store(
        file=make_file(SECRET_LINE.encode(), "statement.txt"), owner=owner, by=monitor
    )
    for evidence, forbidden in ((text, SECRET_LINE.encode()[:24]), (photo, b"\xff\xd8\xff")):
        for name in (evidence.original_blob, evidence.working_blob):
            if not name:
                continue
            raw = read_stored(name)
            assert raw.startswith(cipher.MAGIC)
            assert forbidden not in raw
            assert b"JFIF" not in raw
            assert b"Exif" not in raw
    assert text.original_blob.startswith("evidence/")
    assert "statement" not in text.original_blob


def test_the_file_name_is_not_in_the_database(photo):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT original_name, blob_key FROM core_evidencefile WHERE id = %s", [photo.pk]
        )
        stored_name, stored_key = cursor.fetchone()
    assert stored_name
    assert "الحاجز" not in stored_name
    assert ".jpg" not in stored_name
    # The blob key is wrapped by the field keys, never stored as it is.
    assert stored_key != EvidenceFile.objects.get(pk=photo.pk).blob_key


def test_a_docx_is_accepted_as_a_document_and_served_as_received(owner, monitor):
    data = docx_bytes()
    evidence = evidence_store(file=make_file(data, "إفادة.docx"), owner=owner, by=monitor)
    assert evidence.kind == "document"
    assert not evidence.has_working_copy
    assert b"".join(evidence_open(evidence=evidence, by=monitor)) == data
    event = evidence.custody_events.get(action=CustodyAction.VIEWED)
    assert event.original is True


def test_a_large_file_round_trips_across_many_chunks(owner, monitor):
    data = b"%PDF-1.7\n" + bytes(range(256)) * 1200  # about 300 KB: several chunks
    evidence = evidence_store(file=make_file(data, "report.pdf"), owner=owner, by=monitor)
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert b"".join(evidence_open(evidence=evidence, by=monitor)) == data
    assert evidence_verify(evidence=evidence)


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("photo.jpg", HTML, "evidence_markup"),
        ("drawing.svg", SVG, "evidence_markup"),
        ("notes.txt", b"#!/usr/bin/env python3\nimport os\n", "evidence_executable"),
    ],
)
def test_refused_files_leave_nothing_behind(owner, monitor, name, data, code):
    blobs = all_blobs()
    with pytest.raises(EvidenceRejected) as caught:
        evidence_store(file=SimpleUploadedFile(name, data, "image/jpeg"), owner=owner, by=monitor)
    assert caught.value.code == code
    assert not EvidenceFile.objects.exists()
    assert all_blobs() == blobs


def test_oversize_files_are_refused_by_their_declared_size(owner, monitor, settings):
    settings.NAMA_EVIDENCE_MAX_BYTES = 100
    with pytest.raises(EvidenceRejected) as caught:
        evidence_store(file=make_file(b"a" * 101, "long.txt"), owner=owner, by=monitor)
    assert caught.value.code == "evidence_too_large"
    assert "100" in caught.value.messages[0]


def test_oversize_files_are_refused_while_streaming_when_the_size_lies(owner, monitor, settings):
    settings.NAMA_EVIDENCE_MAX_BYTES = 100
    blobs = all_blobs()
    lying = make_file(b"a" * 5000, "long.txt")
    lying.size = 10
    with pytest.raises(EvidenceRejected) as caught:
        evidence_store(file=lying, owner=owner, by=monitor)
    assert caught.value.code == "evidence_too_large"
    assert not EvidenceFile.objects.exists()
    assert all_blobs() == blobs


def test_a_public_upload_records_no_user_and_only_the_day(owner):
    evidence = evidence_store(file=make_file(ARABIC_TEXT, "رسالة.txt"), owner=owner, by=None)
    assert evidence.created_by is None
    assert timezone.localtime(evidence.created_at).time() == time.min
    received = evidence.custody_events.get()
    assert (received.action, received.actor, received.at) == ("received", None, evidence.created_at)
    # The audit log would keep the exact time: the public receipt is not in it.
    assert not AuditEntry.objects.filter(target_id=str(evidence.pk)).exists()


def test_an_undecodable_image_is_kept_without_a_working_copy(owner, monitor, director):
    broken = b"\xff\xd8\xff\xe0" + b"\x00" * 40
    evidence = evidence_store(file=make_file(broken, "broken.jpg"), owner=owner, by=monitor)
    assert evidence.kind == "image"
    assert not evidence.has_working_copy
    with pytest.raises(EvidenceError):
        evidence_open(evidence=evidence, by=monitor)
    assert b"".join(evidence_open(evidence=evidence, by=director, original=True, reason="r")) == (
        broken
    )


def test_images_beyond_the_pixel_limit_are_not_decoded(owner, monitor, settings):
    settings.NAMA_EVIDENCE_MAX_PIXELS = 20
    evidence = evidence_store(
        file=make_file(image_bytes("PNG"), "big.png"), owner=owner, by=monitor
    )
    assert not evidence.has_working_copy


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "GIF"])
def test_other_image_formats_get_working_copies(owner, monitor, fmt):
    evidence = evidence_store(
        file=make_file(image_bytes(fmt), f"image.{fmt.lower()}"), owner=owner, by=monitor
    )
    copy = b"".join(evidence_open(evidence=evidence, by=monitor))
    decoded = Image.open(io.BytesIO(copy))
    assert decoded.size == (8, 6)
    assert decoded.format == ("PNG" if fmt == "GIF" else fmt)
    assert evidence.working_sha256 == hashlib.sha256(copy).hexdigest()


# --- Failures leave nothing behind ------------------------------------------------


class FlakyStorage(InMemoryStorage):
    """Saves ``good_saves`` files, then writes half of the next one and fails."""

    def __init__(self, good_saves: int) -> None:
        super().__init__()
        self.good_saves = good_saves

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        if self.good_saves == 0:
            content.seek(0)
            super().save(name, ContentFile(content.read(30)), max_length)
            raise OSError("disk full")
        self.good_saves -= 1
        return super().save(name, content, max_length)


@pytest.mark.parametrize("good_saves", [0, 1], ids=["original fails", "working copy fails"])
def test_a_storage_failure_half_way_leaves_no_blob_and_no_row(
    owner, monitor, monkeypatch, good_saves
):
    flaky = FlakyStorage(good_saves)
    monkeypatch.setattr(evidence_storage, "get_storage", lambda: flaky)
    with pytest.raises(OSError, match="disk full"):
        evidence_store(file=make_file(gps_jpeg(), "photo.jpg"), owner=owner, by=monitor)
    assert not flaky.listdir("evidence")[0] or all(
        not flaky.listdir(f"evidence/{folder}")[1] for folder in flaky.listdir("evidence")[0]
    )
    assert not EvidenceFile.objects.exists()
    assert not CustodyEvent.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="core.evidence.").exists()


def test_a_database_failure_after_storing_removes_the_blobs(owner, monitor, monkeypatch):
    blobs = all_blobs()

    def broken_audit(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(services, "log_action", broken_audit)
    with pytest.raises(RuntimeError):
        evidence_store(file=make_file(gps_jpeg(), "photo.jpg"), owner=owner, by=monitor)
    assert all_blobs() == blobs
    assert not EvidenceFile.objects.exists()


# --- Reading and downloading ------------------------------------------------------


def test_the_download_is_an_attachment_that_nothing_renders(photo, monitor):
    response = evidence_download_response(evidence=photo, by=monitor)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert "%D8%B5%D9%88%D8%B1%D8%A9" in response["Content-Disposition"]  # صورة
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    body = b"".join(response.streaming_content)  # type: ignore[arg-type]
    assert int(response["Content-Length"]) == len(body) == photo.working_size
    assert b"PhoneMaker" not in body


def test_the_download_keeps_its_headers_through_the_middleware(photo, monitor, rf):
    from django.conf import settings as django_settings
    from django.utils.module_loading import import_string

    response = evidence_download_response(evidence=photo, by=monitor)
    csp_middleware = import_string(
        next(m for m in django_settings.MIDDLEWARE if m.startswith("csp."))
    )(lambda request: response)
    processed = csp_middleware(rf.get("/"))
    assert processed["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_original_needs_a_reason(photo, director):
    with pytest.raises(EvidenceError):
        evidence_open(evidence=photo, by=director, original=True)
    with pytest.raises(EvidenceError):
        evidence_download_response(evidence=photo, by=director, original=True, reason="  ")
    assert not photo.custody_events.filter(action__in=["viewed", "downloaded"]).exists()


def test_download_names_match_the_content(owner, monitor):
    text = evidence_store(file=make_file(b"plain words", "notes.exe"), owner=owner, by=monitor)
    assert download_name(text, original=True) == "notes.exe.txt"
    gif = evidence_store(file=make_file(image_bytes("GIF"), "انفجار.gif"), owner=owner, by=monitor)
    assert download_name(gif, original=False) == "انفجار.png"
    assert download_name(gif, original=True) == "انفجار.gif"
    spoofed = evidence_store(
        file=make_file(b"plain words", "photo\u202egpj.txt"), owner=owner, by=monitor
    )
    assert "\u202e" not in download_name(spoofed, original=True)
    unnamed = evidence_store(file=make_file(b"plain words", ""), owner=owner, by=monitor)
    assert download_name(unnamed, original=True) == f"evidence-{str(unnamed.uuid)[:8]}.txt"


def test_verify_notices_a_changed_blob(photo):
    storage = evidence_storage.get_storage()
    raw = bytearray(read_stored(photo.original_blob))
    raw[-5] ^= 0x01
    storage.delete(photo.original_blob)
    storage.save(photo.original_blob, ContentFile(bytes(raw)))
    assert evidence_verify(evidence=photo) is False


# --- Custody and audit ------------------------------------------------------------


def test_every_access_is_in_the_custody_log_with_who(
    photo, monitor, director, django_capture_on_commit_callbacks
):
    b"".join(evidence_open(evidence=photo, by=monitor))
    evidence_download_response(evidence=photo, by=director, original=True, reason="court file 12")
    b"".join(evidence_open(evidence=photo, by=director, export=True, reason="UN submission"))
    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(evidence=photo, by=director, reason="retention period over")

    trail = [
        (e.action, e.actor, e.original, e.note)
        for e in selectors.custody_list_for_evidence(evidence=photo)
    ]
    assert trail == [
        ("received", monitor, True, ""),
        ("working_copy_made", monitor, False, ""),
        ("viewed", monitor, False, ""),
        ("downloaded", director, True, "court file 12"),
        ("exported", director, False, "UN submission"),
        ("deleted", director, False, "retention period over"),
    ]


def test_custody_events_are_in_the_audit_log_without_the_file_name(
    photo, monitor, director, django_capture_on_commit_callbacks
):
    evidence_download_response(evidence=photo, by=director, original=True, reason="court")
    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(evidence=photo, by=director, reason="duplicate upload")

    entries = list(AuditEntry.objects.filter(target_id=str(photo.pk)).order_by("id"))
    assert [(e.action, e.actor_id) for e in entries] == [
        ("core.evidence.received", monitor.pk),
        ("core.evidence.working_copy_made", monitor.pk),
        ("core.evidence.downloaded", director.pk),
        ("core.evidence.deleted", director.pk),
    ]
    for entry in entries:
        assert entry.target_type == "core.evidencefile"
        assert entry.data["evidence"] == str(photo.uuid)
        assert entry.data["sha256"] == photo.sha256
        dumped = json.dumps(entry.data, ensure_ascii=False) + entry.reason
        assert "الحاجز" not in dumped
        assert ".jpg" not in dumped


# --- Deletion -----------------------------------------------------------------------


def test_deletion_removes_the_blobs_and_keeps_a_tombstone(
    photo, owner, director, django_capture_on_commit_callbacks
):
    names = {photo.original_blob, photo.working_blob}
    assert names <= all_blobs()
    sha256 = photo.sha256

    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(evidence=photo, by=director, reason="asked by the complainant")

    assert not names & all_blobs()
    tombstone = EvidenceFile.objects.get(pk=photo.pk)
    assert tombstone.is_deleted
    assert tombstone.sha256 == sha256
    assert (tombstone.original_name, tombstone.blob_key) == ("", "")
    assert (tombstone.original_blob, tombstone.working_blob) == ("", "")
    assert photo.is_deleted
    with pytest.raises(EvidenceError):
        evidence_open(evidence=photo, by=director, original=True, reason="x")
    with pytest.raises(EvidenceError):
        evidence_delete(evidence=photo, by=director, reason="again")
    assert list(selectors.evidence_list_for_owner(owner=owner)) == []
    assert list(selectors.evidence_list_for_owner(owner=owner, include_deleted=True)) == [photo]


def test_deletion_needs_a_reason(photo, director):
    with pytest.raises(EvidenceError):
        evidence_delete(evidence=photo, by=director, reason=" ")
    assert not EvidenceFile.objects.get(pk=photo.pk).is_deleted


# --- Selectors ------------------------------------------------------------------------


def test_evidence_is_found_only_through_its_owner(photo, owner, governorates):
    assert selectors.evidence_get_for_owner(owner=owner, uuid=photo.uuid) == photo
    assert selectors.evidence_get_for_owner(owner=owner, uuid=str(photo.uuid)) == photo
    with pytest.raises(Http404):
        selectors.evidence_get_for_owner(owner=governorates["erbil"], uuid=photo.uuid)
    with pytest.raises(Http404):
        selectors.evidence_get_for_owner(owner=owner, uuid="not-a-uuid")


# --- Keys -----------------------------------------------------------------------------


def test_rotating_the_field_keys_rewraps_the_blob_keys(photo, monitor, settings):
    old_keys = list(settings.NAMA_FIELD_KEYS)
    new_key = Fernet.generate_key().decode()
    blob_names = (photo.original_blob, photo.working_blob)
    stored_blobs = [read_stored(name) for name in blob_names]

    settings.NAMA_FIELD_KEYS = [new_key, *old_keys]
    call_command("rotate_field_keys", stdout=io.StringIO())
    settings.NAMA_FIELD_KEYS = [new_key]  # the old keys are gone

    evidence = EvidenceFile.objects.get(pk=photo.pk)
    assert evidence.original_name == "صورة الحاجز.jpg"
    assert evidence_verify(evidence=evidence)
    assert Image.open(io.BytesIO(b"".join(evidence_open(evidence=evidence, by=monitor))))
    # The blobs were not rewritten: only their keys were re-wrapped.
    assert [read_stored(name) for name in blob_names] == stored_blobs


def test_rekeying_rewrites_the_blobs_under_a_fresh_key(
    photo, director, django_capture_on_commit_callbacks
):
    old_names = {photo.original_blob, photo.working_blob}
    old_key = photo.blob_key
    with django_capture_on_commit_callbacks(execute=True):
        evidence_rekey(evidence=photo, by=director)
    assert photo.blob_key != old_key
    assert not old_names & all_blobs()
    assert {photo.original_blob, photo.working_blob} <= all_blobs()
    assert evidence_verify(evidence=photo)
    assert (
        b"".join(evidence_open(evidence=photo, by=director, original=True, reason="check"))
        == gps_jpeg()
    )
    assert AuditEntry.objects.filter(action="core.evidence.rekeyed", actor_id=director.pk).exists()


def test_rekeying_refuses_a_changed_original(photo, director):
    storage = evidence_storage.get_storage()
    other = evidence_storage.write_blob(
        [b"something else"],
        data_key=photo.blob_key,
        evidence_id=photo.uuid.hex,
        role="original",
        written=[],
    )
    storage.delete(photo.original_blob)
    storage.save(photo.original_blob, ContentFile(read_stored(other.name)))
    storage.delete(other.name)
    blobs = all_blobs()
    with pytest.raises(EvidenceError):
        evidence_rekey(evidence=photo, by=director)
    assert all_blobs() == blobs


# --- Orphans ----------------------------------------------------------------------------


def test_orphan_blobs_are_removed_once_old_enough(photo):
    orphan = evidence_storage.write_blob(
        [b"left over by a rolled-back upload"],
        data_key=photo.blob_key,
        evidence_id="ffffffffffffffffffffffffffffffff",
        role="original",
        written=[],
    )
    assert evidence_remove_orphans() == []  # too young: maybe still uploading
    assert evidence_remove_orphans(older_than=timedelta(0), dry_run=True) == [orphan.name]
    assert orphan.name in all_blobs()
    assert evidence_remove_orphans(older_than=timedelta(0)) == [orphan.name]
    assert orphan.name not in all_blobs()
    assert {photo.original_blob, photo.working_blob} <= all_blobs()
