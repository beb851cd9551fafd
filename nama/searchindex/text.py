"""Small helpers for what apps put in the index."""

from __future__ import annotations

from typing import Any

__all__ = ["all_names", "join"]


def all_names(record: Any) -> str:
    """A translated record's names in every language, so each language's word finds it."""
    if record is None:
        return ""
    names = [getattr(record, f"name_{code}", "") for code in ("ar", "en", "ckb")]
    return " ".join(dict.fromkeys(n for n in names if n))


def join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)
