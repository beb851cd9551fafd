"""Checking and storing a library file: PDF, DOCX or an image, by its bytes.

The type is read from the file's content (``nama.core.evidence.sniffing``), not
its name; images are re-encoded without metadata (a photo's GPS position must
not reach the public library); the stored name is random and the file is
served only as a download by views that check visibility first.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from nama.core.evidence import sniffing
from nama.core.evidence.sanitise import SanitiseError, sanitise_image
from nama.library.models import FileKind

__all__ = ["CheckedFile", "check_upload", "max_bytes"]

DEFAULT_MAX_MB = 50

UNSUPPORTED = _(
    "The library accepts PDF files, Word documents (DOCX) and images (JPEG, PNG, WebP or GIF)."
)
UNREADABLE_IMAGE = _("This image could not be read. Please save it again and upload it.")


@dataclass(frozen=True)
class CheckedFile:
    content: ContentFile[bytes]
    name: str
    kind: str
    content_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "NAMA_LIBRARY_MAX_UPLOAD_MB", DEFAULT_MAX_MB)) * 1024 * 1024


def _kind(sniffed: sniffing.Sniffed) -> str:
    if sniffed.content_type == sniffing.PDF.content_type:
        return FileKind.PDF
    if sniffed.content_type == sniffing.DOCX.content_type:
        return FileKind.DOCX
    if sniffed.kind == sniffing.Kind.IMAGE:
        return FileKind.IMAGE
    raise ValidationError(UNSUPPORTED, code="unsupported")


def _clean_name(name: str, sniffed: sniffing.Sniffed) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = "".join(ch for ch in base if ch.isprintable())[:150] or "file"
    if not base.lower().endswith(sniffed.extensions):
        base = base.rsplit(".", 1)[0] + sniffed.extensions[0]
    return base


def check_upload(file: IO[bytes], *, name: str, size: int | None = None) -> CheckedFile:
    """The file, checked, ready to save; raises ``ValidationError`` with a message to show."""
    limit = max_bytes()
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is too large: the limit is %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(limit)},
        )
    file.seek(0)
    try:
        sniffed = sniffing.sniff(file)
    except sniffing.EvidenceRejected as error:
        raise ValidationError(UNSUPPORTED, code="unsupported") from error
    kind = _kind(sniffed)
    file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The file is too large: the limit is %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(limit)},
        )
    content_type = sniffed.content_type
    if kind == FileKind.IMAGE:
        try:
            copy = sanitise_image(io.BytesIO(data), sniffed)
        except SanitiseError as error:
            raise ValidationError(UNREADABLE_IMAGE, code="unreadable") from error
        data, content_type = copy.data, copy.content_type
        if content_type != sniffed.content_type:  # a GIF becomes a still PNG
            sniffed = sniffing.PNG
    return CheckedFile(
        content=ContentFile(data),
        name=_clean_name(name, sniffed),
        kind=kind,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
