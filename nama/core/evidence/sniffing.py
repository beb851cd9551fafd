"""What a file really is, decided by its bytes (DESIGN.md §4, "Evidence").

Neither the file name nor the type the browser declared is trusted: a web page
renamed ``photo.jpg`` is still a web page. :func:`sniff` reads the magic bytes
(and, for office documents, the names inside the zip container) and either
returns a :class:`Sniffed` type from the allow-list or raises
:class:`EvidenceRejected` with a message a complainant can read.

Allowed: JPEG, PNG, GIF, WebP; PDF; DOCX, XLSX, PPTX and OpenDocument text,
spreadsheet and presentation (without macros); MP3, MP4/M4A/MOV/3GP, OGG/Opus,
WAV, AMR (phone voice notes); plain UTF-8 text. Everything else is refused,
and some things by name, with their own message: HTML, SVG and XML (whatever
the extension), executables and scripts, archives other than office documents.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = ["EvidenceRejected", "Kind", "Sniffed", "sniff"]

# How much of the start of a file the magic-byte checks look at.
HEAD_BYTES = 4096
# A text file is read in blocks of this size to check it is UTF-8 throughout.
_TEXT_BLOCK = 64 * 1024
# Office documents have a few hundred entries; a zip with far more is not one.
_MAX_ZIP_ENTRIES = 10_000

UNSUPPORTED = _(
    "This kind of file cannot be accepted. Please send a photo (JPEG, PNG, GIF or "
    "WebP), a PDF, an office document (DOCX, XLSX, PPTX or ODT), an audio or video "
    "recording, or plain text."
)
MARKUP = _("Web pages, SVG images and XML files cannot be accepted, whatever their name.")
EXECUTABLE = _("Programs and scripts cannot be accepted.")
ARCHIVE = _("Compressed archives cannot be accepted. Please send the files one by one.")
MACROS = _(
    "Office documents with macros cannot be accepted. Please save the document "
    "without macros and send it again."
)
EMPTY = _("The file is empty.")


class EvidenceRejected(ValidationError):
    """The file is refused: wrong type or too large. ``messages`` are translated."""


class Kind:
    """What staff see a file as; the values of ``EvidenceFile.kind``."""

    IMAGE = "image"
    PDF = "pdf"
    DOCUMENT = "document"
    AUDIO = "audio"
    VIDEO = "video"
    TEXT = "text"


@dataclass(frozen=True)
class Sniffed:
    """The detected type: MIME type, kind, and the extensions it may carry."""

    content_type: str
    kind: str
    extensions: tuple[str, ...]

    @property
    def extension(self) -> str:
        """The canonical extension (with the dot), for download names."""
        return self.extensions[0]


JPEG = Sniffed("image/jpeg", Kind.IMAGE, (".jpg", ".jpeg"))
PNG = Sniffed("image/png", Kind.IMAGE, (".png",))
GIF = Sniffed("image/gif", Kind.IMAGE, (".gif",))
WEBP = Sniffed("image/webp", Kind.IMAGE, (".webp",))
PDF = Sniffed("application/pdf", Kind.PDF, (".pdf",))
DOCX = Sniffed(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.DOCUMENT,
    (".docx",),
)
XLSX = Sniffed(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Kind.DOCUMENT,
    (".xlsx",),
)
PPTX = Sniffed(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    Kind.DOCUMENT,
    (".pptx",),
)
ODT = Sniffed("application/vnd.oasis.opendocument.text", Kind.DOCUMENT, (".odt",))
ODS = Sniffed("application/vnd.oasis.opendocument.spreadsheet", Kind.DOCUMENT, (".ods",))
ODP = Sniffed("application/vnd.oasis.opendocument.presentation", Kind.DOCUMENT, (".odp",))
MP3 = Sniffed("audio/mpeg", Kind.AUDIO, (".mp3",))
M4A = Sniffed("audio/mp4", Kind.AUDIO, (".m4a", ".mp4"))
MP4 = Sniffed("video/mp4", Kind.VIDEO, (".mp4", ".m4v"))
MOV = Sniffed("video/quicktime", Kind.VIDEO, (".mov", ".qt"))
THREE_GP = Sniffed("video/3gpp", Kind.VIDEO, (".3gp", ".3g2"))
OGG_AUDIO = Sniffed("audio/ogg", Kind.AUDIO, (".ogg", ".opus", ".oga"))
OGG_VIDEO = Sniffed("video/ogg", Kind.VIDEO, (".ogv", ".ogg"))
WAV = Sniffed("audio/wav", Kind.AUDIO, (".wav",))
AMR = Sniffed("audio/amr", Kind.AUDIO, (".amr",))
AMR_WB = Sniffed("audio/amr-wb", Kind.AUDIO, (".awb", ".amr"))
TEXT = Sniffed("text/plain", Kind.TEXT, (".txt", ".text", ".md", ".csv"))

# Every type the service can store, by MIME type (for tests and documentation).
_ALL = (JPEG, PNG, GIF, WEBP, PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, MP3, M4A, MP4, MOV)
ALLOWED = {
    t.content_type: t for t in (*_ALL, THREE_GP, OGG_AUDIO, OGG_VIDEO, WAV, AMR, AMR_WB, TEXT)
}

_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": ODS,
    b"application/vnd.oasis.opendocument.presentation": ODP,
}
# ISO base media file format brands (bytes 8-12 after "ftyp").
_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "}
_QUICKTIME_BRANDS = {b"qt  "}
_3GP_PREFIXES = (b"3gp", b"3g2", b"3ge", b"3gg", b"3gs")
_VIDEO_BRANDS = {
    b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"mp71", b"avc1",
    b"M4V ", b"M4VH", b"M4VP", b"MSNV", b"NDAS", b"dash", b"f4v ", b"mmp4", b"XAVC",
}  # fmt: skip
# Old QuickTime files start with an atom other than "ftyp".
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"pnot"}

_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"\x00asm",  # WebAssembly
    b"dex\n",  # Android
)
_ARCHIVE_MAGIC = (
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",  # zstd
    b"MSCF",  # cab
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2: old .doc/.xls, .msi, encrypted OOXML
)
# Text that a browser or an interpreter would treat as something else.
_MARKUP_ANYWHERE = re.compile(
    rb"<\s*(?:script|html|svg|iframe|object|embed|body|head|meta|link|style|"
    rb"x:script|!doctype|\?xml)\b",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _reject(message: Any, code: str) -> EvidenceRejected:
    return EvidenceRejected(message, code=code)


def _read_head(file: IO[bytes]) -> bytes:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return head


def _is_mp3_frame(head: bytes) -> bool:
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version = (head[1] >> 3) & 0x03
    layer = (head[1] >> 1) & 0x03
    bitrate = head[2] >> 4
    sample_rate = (head[2] >> 2) & 0x03
    return version != 1 and layer == 1 and bitrate not in (0, 15) and sample_rate != 3


def _iso_media(head: bytes) -> Sniffed | None:
    if len(head) < 12:
        return None
    atom = head[4:8]
    if atom == b"ftyp":
        brand = head[8:12]
        if brand in _AUDIO_BRANDS:
            return M4A
        if brand in _QUICKTIME_BRANDS:
            return MOV
        if brand.startswith(_3GP_PREFIXES):
            return THREE_GP
        if brand in _VIDEO_BRANDS:
            return MP4
        # HEIC/AVIF photos and other ISO-BMFF formats are not on the list.
        raise _reject(UNSUPPORTED, "evidence_type")
    if atom in _QUICKTIME_ATOMS:
        return MOV
    return None


def _ogg(head: bytes) -> Sniffed:
    # The first page carries the codec's identification header.
    if b"\x80theora" in head[:512]:
        return OGG_VIDEO
    return OGG_AUDIO


def _zip_container(file: IO[bytes], head: bytes) -> Sniffed:
    """An office document, recognised by the files inside it; any other zip is refused."""
    # OpenDocument: an uncompressed first entry "mimetype" holding the type.
    if head[26:28] == b"\x08\x00" and head[30:38] == b"mimetype" and head[8:10] == b"\x00\x00":
        extra = int.from_bytes(head[28:30], "little")
        start = 38 + extra
        for mimetype, sniffed in _ODF_MIMETYPES.items():
            if head[start : start + len(mimetype)] == mimetype:
                _check_zip(file, odf=True)
                return sniffed
    names = _check_zip(file, odf=False)
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
        if "ppt/presentation.xml" in names:
            return PPTX
    raise _reject(ARCHIVE, "evidence_archive")


def _check_zip(file: IO[bytes], *, odf: bool) -> set[str]:
    """The entry names of a readable zip without macros (nothing is decompressed)."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise _reject(UNSUPPORTED, "evidence_type") from exc
    finally:
        file.seek(0)
    if len(infos) > _MAX_ZIP_ENTRIES:
        raise _reject(ARCHIVE, "evidence_archive")
    names = {info.filename for info in infos}
    lowered = {name.lower() for name in names}
    macros = any(name.endswith("vbaproject.bin") for name in lowered) or (
        odf and any(name.startswith("basic/") or name.startswith("scripts/") for name in lowered)
    )
    if macros:
        raise _reject(MACROS, "evidence_macros")
    return names


def _check_text(file: IO[bytes], head: bytes) -> Sniffed:
    """Plain UTF-8 text with no control characters and nothing a browser would run."""
    body = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    stripped = body.lstrip()
    if stripped.startswith(b"#!") or stripped.startswith(b"%!"):
        raise _reject(EXECUTABLE, "evidence_executable")
    if stripped.startswith(b"<"):
        raise _reject(MARKUP, "evidence_markup")
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    file.seek(0)
    tail = b""
    try:
        while block := file.read(_TEXT_BLOCK):
            try:
                text = decoder.decode(block)
            except UnicodeDecodeError as exc:
                raise _reject(UNSUPPORTED, "evidence_type") from exc
            if _CONTROL.search(text):
                raise _reject(UNSUPPORTED, "evidence_type")
            # Keep a little of the previous block so a tag split across blocks is seen.
            if _MARKUP_ANYWHERE.search(tail + block):
                raise _reject(MARKUP, "evidence_markup")
            tail = block[-32:]
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise _reject(UNSUPPORTED, "evidence_type") from exc
    finally:
        file.seek(0)
    return TEXT


def sniff(file: IO[bytes]) -> Sniffed:
    """The allowed type of ``file`` (a seekable binary file), or :class:`EvidenceRejected`.

    Reads from the start and leaves the file positioned at 0. Only the head is
    read, except for zip containers (their central directory) and text (the
    whole file, to make sure it is UTF-8 and has no markup).
    """
    head = _read_head(file)
    if not head:
        raise _reject(EMPTY, "evidence_empty")
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_container(file, head)
    if head.startswith(b"#!AMR-WB\n"):
        return AMR_WB
    # Before the shebang check: AMR voice notes start with "#!AMR".
    if head.startswith(b"#!AMR\n"):
        return AMR
    if head.startswith(b"OggS"):
        return _ogg(head)
    if head.startswith(b"ID3") or _is_mp3_frame(head):
        return MP3
    iso = _iso_media(head)
    if iso is not None:
        return iso
    if head.startswith(_EXECUTABLE_MAGIC):
        raise _reject(EXECUTABLE, "evidence_executable")
    if head.startswith(_ARCHIVE_MAGIC) or head[257:262] == b"ustar" or head.startswith(b"PK"):
        raise _reject(ARCHIVE, "evidence_archive")
    return _check_text(file, head)
