"""Sanitised working copies of images: pixels only, no metadata.

A phone photo carries where it was taken (GPS), the phone's make and serial
number, the time, sometimes the owner's name, in EXIF, XMP, IPTC, ICC and
comment blocks. Staff work on a copy that has none of it: the image is
decoded, turned upright by its EXIF orientation, and re-encoded from its
pixels alone. The original stays untouched (encrypted) for the record.

Decoding is guarded against decompression bombs: an image with more than
``NAMA_EVIDENCE_MAX_PIXELS`` pixels (default 64 million) is not decoded at
all, and Pillow's own bomb warning is turned into an error.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from nama.core.evidence.sniffing import GIF, JPEG, PNG, WEBP, Sniffed

__all__ = ["SanitiseError", "WorkingCopy", "sanitise_image"]

DEFAULT_MAX_PIXELS = 64_000_000
JPEG_QUALITY = 90

# Source type → (Pillow format it must decode as, output format, MIME type).
_FORMATS: dict[str, tuple[str, str, str]] = {
    JPEG.content_type: ("JPEG", "JPEG", "image/jpeg"),
    PNG.content_type: ("PNG", "PNG", "image/png"),
    WEBP.content_type: ("WEBP", "WEBP", "image/webp"),
    # An animated GIF becomes a still PNG of its first frame; the original keeps all.
    GIF.content_type: ("GIF", "PNG", "image/png"),
}


class SanitiseError(Exception):
    """No working copy can be made (undecodable, too large, not what it claimed)."""


@dataclass(frozen=True)
class WorkingCopy:
    data: bytes
    content_type: str


def max_pixels() -> int:
    return int(getattr(settings, "NAMA_EVIDENCE_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def can_sanitise(sniffed: Sniffed) -> bool:
    return sniffed.content_type in _FORMATS


def _pixels_only(image: Image.Image, output: str) -> Image.Image:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if output == "JPEG":
        mode = image.mode if image.mode in ("L", "RGB") else "RGB"
    elif output == "PNG":
        if image.mode in ("L", "LA", "RGB", "RGBA"):
            mode = image.mode
        else:
            mode = "RGBA" if has_alpha else "RGB"
    else:
        mode = "RGBA" if has_alpha else "RGB"
    clean = image.convert(mode) if image.mode != mode else image.copy()
    # convert() and copy() carry image.info over (ICC profile, comments, XMP,
    # EXIF); the encoders read some of them from there. Drop all of it.
    clean.info = {}
    return clean


def sanitise_image(source: IO[bytes], sniffed: Sniffed) -> WorkingCopy:
    """Re-encode the image in ``source`` without metadata; raises :class:`SanitiseError`."""
    if sniffed.content_type not in _FORMATS:
        raise SanitiseError(f"no sanitiser for {sniffed.content_type}")
    expected, output, content_type = _FORMATS[sniffed.content_type]
    limit = max_pixels()
    source.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source, formats=[expected]) as image:
                width, height = image.size
                if width * height > limit or width <= 0 or height <= 0:
                    raise SanitiseError(f"image of {width}x{height} pixels exceeds the limit")
                image.seek(0)
                upright = ImageOps.exif_transpose(image)
                clean = _pixels_only(upright, output)
        buffer = io.BytesIO()
        options: dict[str, object] = {}
        if output == "JPEG":
            options = {"quality": JPEG_QUALITY, "optimize": True}
        elif output == "WEBP":
            options = {"quality": JPEG_QUALITY}
        clean.save(buffer, format=output, **options)
    except SanitiseError:
        raise
    except (
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        EOFError,
    ) as exc:
        raise SanitiseError(f"{type(exc).__name__} while re-encoding the image") from exc
    finally:
        source.seek(0)
    return WorkingCopy(buffer.getvalue(), content_type)
