"""Searching costs the database real work: anonymous searches are rate-limited.

One limit per client (``NAMA_SEARCH_LIMIT`` searches a minute, default 60),
shared by the search pages and the search API, counted with the keyed hashes
of ``nama.core.ratelimit`` (no address is stored). Staff signed in with
their second factor are not limited.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from nama.core import ratelimit

__all__ = ["SCOPE", "search_refused"]

SCOPE = "search"
WINDOW_SECONDS = 60


def limit() -> int:
    return int(getattr(settings, "NAMA_SEARCH_LIMIT", 60))


def search_refused(request: HttpRequest, user: Any) -> ratelimit.RateLimitResult | None:
    """None when ``user`` (who the search runs as) may search now; else the refusal.

    ``user`` is the reader after the second-factor check (pages) or the API's
    authenticated user: a password-only session is counted like the public.
    """
    if getattr(user, "is_authenticated", False):
        return None
    result = ratelimit.throttle_client(
        request, scope=SCOPE, limit=limit(), window_seconds=WINDOW_SECONDS
    )
    return None if result.allowed else result
