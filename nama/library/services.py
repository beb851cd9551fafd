"""Every change to the library: atomic, by a library manager, audited, re-indexed."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from nama.core.audit import log_action
from nama.core.models import Term
from nama.library import extraction
from nama.library.access import can_manage_library
from nama.library.files import CheckedFile
from nama.library.models import (
    Collection,
    ExtractionStatus,
    FileKind,
    Resource,
    ResourceType,
)
from nama.library.search import resource_index, resource_unindex

__all__ = [
    "collection_delete",
    "collection_save",
    "extraction_request",
    "resource_create",
    "resource_delete",
    "resource_extract_text",
    "resource_update",
]

logger = logging.getLogger(__name__)

# The fields a manager edits; everything else is set by the service.
EDITABLE_FIELDS = (
    "title",
    "summary",
    "body",
    "language",
    "audience",
    "visibility",
    "collection",
    "position",
    "authors",
    "published_on",
    "video_url",
)


def _require_manager(by: Any) -> None:
    if not can_manage_library(by):
        raise PermissionDenied("library managers only")


def _resource_type(resource: Resource) -> str:
    if resource.file_kind in (FileKind.PDF, FileKind.DOCX):
        return ResourceType.DOCUMENT
    if resource.file_kind == FileKind.IMAGE:
        return ResourceType.IMAGE
    if resource.video_url:
        return ResourceType.VIDEO
    return ResourceType.TEXT


def _attach(resource: Resource, checked: CheckedFile) -> None:
    if resource.file:
        _delete_file_on_commit(resource.file.name)
    resource.file.save(checked.name, checked.content, save=False)
    resource.file_name = checked.name
    resource.file_kind = checked.kind
    resource.file_content_type = checked.content_type
    resource.file_size = checked.size
    resource.file_sha256 = checked.sha256
    resource.extracted_text = ""
    resource.extraction_progress = 0
    resource.extraction_error = ""
    needs_text = checked.kind in (FileKind.PDF, FileKind.DOCX)
    resource.extraction_status = ExtractionStatus.PENDING if needs_text else ExtractionStatus.NONE


def _detach(resource: Resource) -> None:
    if resource.file:
        _delete_file_on_commit(resource.file.name)
    resource.file = ""
    resource.file_name = ""
    resource.file_kind = FileKind.NONE
    resource.file_content_type = ""
    resource.file_size = 0
    resource.file_sha256 = ""
    resource.extracted_text = ""
    resource.extraction_status = ExtractionStatus.NONE
    resource.extraction_progress = 0
    resource.extraction_error = ""


def _delete_file_on_commit(name: str) -> None:
    from django.core.files.storage import default_storage

    transaction.on_commit(lambda: default_storage.delete(name))


def _finish_save(resource: Resource, *, topics: Iterable[Term] | None) -> None:
    resource.resource_type = _resource_type(resource)
    resource.save()
    if topics is not None:
        resource.topics.set(list(topics))
    resource_index(resource)
    if resource.extraction_status == ExtractionStatus.PENDING:
        extraction_request(resource=resource)


@transaction.atomic
def resource_create(
    *,
    by: Any,
    data: dict[str, Any],
    topics: Iterable[Term] = (),
    file: CheckedFile | None = None,
) -> Resource:
    """Add a resource; a PDF or DOCX file has its text extracted in the background."""
    _require_manager(by)
    resource = Resource(created_by=by, **{k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    if file is not None:
        _attach(resource, file)
    _finish_save(resource, topics=topics)
    log_action(
        by,
        "library.resource.created",
        resource,
        {"visibility": resource.visibility, "file": resource.file_kind or None},
    )
    return resource


@transaction.atomic
def resource_update(
    *,
    resource: Resource,
    by: Any,
    data: dict[str, Any],
    topics: Iterable[Term] | None = None,
    file: CheckedFile | None = None,
    remove_file: bool = False,
) -> Resource:
    """Change a resource; a new file replaces the old one (and its extracted text)."""
    _require_manager(by)
    changed = [k for k, v in data.items() if k in EDITABLE_FIELDS and getattr(resource, k) != v]
    for key in changed:
        setattr(resource, key, data[key])
    if file is not None:
        _attach(resource, file)
        changed.append("file")
    elif remove_file and resource.file:
        _detach(resource)
        changed.append("file")
    _finish_save(resource, topics=topics)
    log_action(by, "library.resource.changed", resource, {"fields": changed})
    return resource


@transaction.atomic
def resource_delete(*, resource: Resource, by: Any) -> None:
    """Remove a resource, its file and its index entry."""
    _require_manager(by)
    if resource.file:
        _delete_file_on_commit(resource.file.name)
    log_action(by, "library.resource.deleted", resource, {"resource": resource.pk})
    resource_unindex(resource)
    resource.delete()


def extraction_request(*, resource: Resource) -> None:
    """Queue the text extraction of the resource's file once the transaction commits."""
    from nama.library.tasks import extract_resource_text

    Resource.objects.filter(pk=resource.pk).update(
        extraction_status=ExtractionStatus.PENDING, extraction_progress=0, extraction_error=""
    )
    resource.extraction_status = ExtractionStatus.PENDING
    resource.extraction_progress = 0
    pk = resource.pk
    transaction.on_commit(lambda: extract_resource_text.enqueue(pk))


@transaction.atomic
def extraction_retry(*, resource: Resource, by: Any) -> None:
    """Extract the text again (after a failure, or a worker that stopped mid-way)."""
    _require_manager(by)
    if resource.file_kind not in (FileKind.PDF, FileKind.DOCX):
        return
    extraction_request(resource=resource)
    log_action(by, "library.resource.extraction_retried", resource, {})


def _set_progress(pk: int, percent: int) -> None:
    Resource.objects.filter(pk=pk, extraction_status=ExtractionStatus.RUNNING).update(
        extraction_progress=max(0, min(99, percent))
    )


def resource_extract_text(*, resource_id: int) -> str:
    """Run by the task worker: read the file's text, store it, re-index. Returns the status.

    The row is claimed with one conditional UPDATE (pending → running), so a
    task queued twice runs once. Progress is written after each step outside
    any transaction, so the staff page sees it move.
    """
    claimed = Resource.objects.filter(
        pk=resource_id, extraction_status=ExtractionStatus.PENDING
    ).update(extraction_status=ExtractionStatus.RUNNING, extraction_progress=0)
    if not claimed:
        return "skipped"
    resource = Resource.objects.get(pk=resource_id)
    try:
        with resource.file.open("rb") as handle:
            data = handle.read()
        extract = (
            extraction.extract_pdf
            if resource.file_kind == FileKind.PDF
            else extraction.extract_docx
        )
        text = extract(data, lambda percent: _set_progress(resource_id, percent))
    except (extraction.ExtractionError, OSError) as error:
        logger.warning("library: text extraction failed for resource %s: %s", resource_id, error)
        Resource.objects.filter(pk=resource_id).update(
            extraction_status=ExtractionStatus.FAILED, extraction_error=str(error)[:300]
        )
        return ExtractionStatus.FAILED
    with transaction.atomic():
        updated = Resource.objects.filter(
            pk=resource_id, extraction_status=ExtractionStatus.RUNNING
        ).update(
            extracted_text=text,
            extraction_status=ExtractionStatus.DONE,
            extraction_progress=100,
        )
        if updated:  # not replaced by a new file meanwhile
            resource_index(Resource.objects.get(pk=resource_id))
    return ExtractionStatus.DONE if updated else "skipped"


@transaction.atomic
def collection_save(
    *, by: Any, data: dict[str, Any], collection: Collection | None = None
) -> Collection:
    """Create or change a collection; its address is made from the title when empty."""
    _require_manager(by)
    created = collection is None
    collection = collection or Collection()
    for key in ("title", "description", "language", "slug"):
        if key in data:
            setattr(collection, key, data[key])
    if not collection.slug:
        collection.slug = _unique_slug(collection.title, exclude=collection.pk)
    collection.save()
    log_action(by, "library.collection.saved", collection, {"created": created})
    for resource in collection.resources.all():  # the collection's name is searchable
        resource_index(resource)
    return collection


def _unique_slug(title: str, *, exclude: int | None) -> str:
    base = slugify(title)[:60] or "collection"
    slug, n = base, 1
    others = Collection.objects.exclude(pk=exclude) if exclude else Collection.objects.all()
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def collection_delete(*, collection: Collection, by: Any) -> None:
    """Remove a collection; its resources stay, outside any collection."""
    _require_manager(by)
    log_action(by, "library.collection.deleted", collection, {"collection": collection.pk})
    resources = list(collection.resources.all())
    collection.delete()
    for resource in resources:
        resource.refresh_from_db()
        resource_index(resource)
