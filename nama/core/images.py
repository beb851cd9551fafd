"""Photos for public or shared pages: checked by content, re-encoded without metadata.

A photo a defender posts, or a news image, can carry the GPS position and the
phone's serial number in its EXIF block. :func:`clean_image_upload` accepts
JPEG, PNG, WebP and GIF (kept as a still PNG) by their bytes
(``nama.core.evidence.sniffing``), refuses anything larger than
``NAMA_IMAGE_MAX_BYTES``, and returns the pixels only,
re-encoded by ``nama.core.evidence.sanitise`` (EXIF orientation applied, every
other block dropped). The original is never stored.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from nama.core.evidence.sanitise import SanitiseError, sanitise_image
from nama.core.evidence.sniffing import EvidenceRejected, Kind, sniff

__all__ = ["CleanImage", "clean_image_upload", "max_image_bytes"]

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}

NOT_AN_IMAGE = _("Please choose a photo (JPEG, PNG or WebP).")
UNREADABLE = _("This photo could not be read. Please choose another one.")


def max_image_bytes() -> int:
    return int(getattr(settings, "NAMA_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    extension: str

    def as_file(self, prefix: str) -> ContentFile[bytes]:
        """A file with a random name (the uploaded name is never kept)."""
        return ContentFile(self.data, name=f"{prefix}/{uuid.uuid4().hex}.{self.extension}")


def _size_of(upload: Any) -> int | None:
    size = getattr(upload, "size", None)
    return int(size) if size is not None else None


def clean_image_upload(upload: IO[bytes]) -> CleanImage:
    """The upload's pixels without metadata; raises ``ValidationError`` with a readable message."""
    size = _size_of(upload)
    limit = max_image_bytes()
    if size is not None and size > limit:
        raise ValidationError(
            _("The photo is larger than %(megabytes)d MB.") % {"megabytes": limit // (1024 * 1024)},
            code="too_large",
        )
    try:
        sniffed = sniff(upload)
    except EvidenceRejected as exc:
        raise ValidationError(NOT_AN_IMAGE, code="not_image") from exc
    if sniffed.kind != Kind.IMAGE:
        raise ValidationError(NOT_AN_IMAGE, code="not_image")
    try:
        copy = sanitise_image(upload, sniffed)
    except SanitiseError as exc:
        raise ValidationError(UNREADABLE, code="unreadable") from exc
    return CleanImage(copy.data, copy.content_type, _EXTENSIONS[copy.content_type])
