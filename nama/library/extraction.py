"""Text out of PDF and DOCX files, in steps, so the page can show progress.

PDF: poppler's ``pdftotext`` (Debian ``poppler-utils``), which keeps Arabic in
logical order, run page batch by page batch in a subprocess with a time limit
(a hostile PDF cannot take the worker down). DOCX: python-docx, paragraphs
and table cells in document order.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = ["ExtractionError", "extract_docx", "extract_pdf"]

PAGES_PER_STEP = 10
TIMEOUT_SECONDS = 60
MAX_CHARS = 500_000

Progress = Callable[[int], None]  # percent done


class ExtractionError(Exception):
    """The file's text cannot be read; the message is for the log, not for users."""


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ExtractionError(f"{name} is not installed (Debian package poppler-utils)")
    return path


def _run(args: list[str]) -> str:
    try:
        done = subprocess.run(  # noqa: S603 - no shell; args are a fixed program and our paths
            args, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise ExtractionError(f"{Path(args[0]).name} took too long") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()[:200]
        raise ExtractionError(f"{Path(args[0]).name} failed: {message}")
    return done.stdout.decode("utf-8", "replace")


def pdf_page_count(path: str) -> int:
    info = _run([_program("pdfinfo"), path])
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    if not match:
        raise ExtractionError("pdfinfo did not give a page count")
    return int(match.group(1))


def _pdf_batches(path: str, pages: int) -> Iterator[tuple[str, int]]:
    program = _program("pdftotext")
    for first in range(1, pages + 1, PAGES_PER_STEP):
        last = min(pages, first + PAGES_PER_STEP - 1)
        text = _run([program, "-enc", "UTF-8", "-f", str(first), "-l", str(last), path, "-"])
        yield text, last


def extract_pdf(data: bytes, progress: Progress) -> str:
    """The text of a PDF, reporting progress after every batch of pages."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        pages = pdf_page_count(handle.name)
        parts: list[str] = []
        size = 0
        for text, last in _pdf_batches(handle.name, pages):
            parts.append(text)
            size += len(text)
            progress(int(last * 100 / max(pages, 1)))
            if size >= MAX_CHARS:
                break
    return _tidy("".join(parts))


def extract_docx(data: bytes, progress: Progress) -> str:
    """The text of a DOCX: paragraphs, then table cells."""
    import docx  # python-docx; imported here so the web process loads it only when needed
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise ExtractionError(f"not a readable DOCX: {error}") from error
    parts = [paragraph.text for paragraph in document.paragraphs]
    progress(50)
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    progress(100)
    return _tidy("\n".join(parts))


def _tidy(text: str) -> str:
    text = text.replace("\x0c", "\n")  # page breaks from pdftotext
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()[:MAX_CHARS]
