"""Small response helpers shared by every app's views."""

from __future__ import annotations

from typing import TypeVar

from django.http import HttpResponseBase

__all__ = ["no_store"]

ResponseT = TypeVar("ResponseT", bound=HttpResponseBase)


def no_store(response: ResponseT) -> ResponseT:
    """Mark a page that shows case content (narratives, identities, notes, internal
    resources): never kept by a browser or a proxy."""
    response["Cache-Control"] = "no-store, private"
    return response
