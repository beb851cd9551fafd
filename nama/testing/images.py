"""Photos for tests: a phone photo full of metadata, and exiftool to read what is left."""

from __future__ import annotations

import functools
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from PIL import Image

EXIFTOOL = shutil.which("exiftool") or "/usr/bin/exiftool"
METADATA_GROUPS = ("EXIF:", "XMP:", "ICC_Profile:", "IPTC:", "MakerNotes:", "Photoshop:")


@functools.cache
def gps_jpeg() -> bytes:
    """A phone photo: GPS position, camera make, rotation, comment, XMP author, ICC profile.

    Cached: the ICC profile carries its creation time, so two calls may differ.
    """
    from PIL import ImageCms

    image = Image.new("RGB", (8, 6), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to display
    exif[0x8825] = {1: "N", 2: (33.0, 18.0, 0.0), 3: "E", 4: (44.0, 22.0, 0.0)}  # GPS IFD
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Witness</dc:creator>'
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, icc_profile=icc, comment=b"taken by Ahmed", xmp=xmp)
    return buffer.getvalue()


def exiftool_json(data: bytes, tmp_path: Path) -> dict[str, Any]:
    """Every tag exiftool finds in ``data`` (grouped: ``EXIF:Make``, ``Composite:GPS...``)."""
    path = tmp_path / "copy.bin"
    path.write_bytes(data)
    result = subprocess.run(  # noqa: S603 - fixed program, our own temp file
        [EXIFTOOL, "-json", "-G", "-a", str(path)], capture_output=True, check=True
    )
    tags: dict[str, Any] = json.loads(result.stdout)[0]
    return tags


def metadata_left(data: bytes, tmp_path: Path) -> list[str]:
    """The GPS, EXIF, XMP, ICC, IPTC and comment tags still in ``data`` (empty when clean)."""
    tags = exiftool_json(data, tmp_path)
    return [
        key
        for key in tags
        if "GPS" in key or key.startswith(METADATA_GROUPS) or key == "File:Comment"
    ]
