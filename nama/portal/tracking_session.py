"""A short, separate session for the "follow my request" pages.

Not Django's session (which belongs to staff): a random opaque token in its own
cookie, mapped in the cache to the request's id and the time of the last
activity. The cache key is an HMAC of the token, so a cache dump alone does not
give a usable cookie. The tracking code is never stored. The session ends after
``NAMA_TRACK_IDLE_MINUTES`` (default 15) without activity, when the complainant
leaves, or when the browser closes (the cookie has no Max-Age).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

COOKIE_NAME = "nama_track"
CACHE_PREFIX = "nama:track:"
# Path "/" so that the session follows the language switcher (/ar/, /ckb/, /en/).
COOKIE_PATH = "/"

# The clock, replaced by tests that move time forward.
_clock: Callable[[], float] = time.time


def idle_seconds() -> int:
    return int(getattr(settings, "NAMA_TRACK_IDLE_MINUTES", 15)) * 60


def _cache_key(token: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode("utf-8"),
        b"nama track session\x00" + token.encode("utf-8"),
        hashlib.sha256,
    ).hexdigest()
    return CACHE_PREFIX + digest


@dataclass(frozen=True)
class TrackingSession:
    request_id: int
    # The id of the tracking code's row (never the code): revoking it ends the session.
    code_id: int


def start(response: HttpResponse, *, request_id: int, code_id: int) -> None:
    """Open a tracking session for ``request_id`` and set its cookie on ``response``."""
    token = secrets.token_urlsafe(32)
    cache.set(
        _cache_key(token),
        {"request": request_id, "code": code_id, "seen": _clock()},
        timeout=idle_seconds(),
    )
    response.set_cookie(
        COOKIE_NAME,
        token,
        path=COOKIE_PATH,
        secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
        httponly=True,
        samesite="Strict",
    )


def current(request: HttpRequest) -> TrackingSession | None:
    """The live tracking session of ``request``, refreshing its idle clock; else None.

    An expired entry is deleted at once.
    """
    token = request.COOKIES.get(COOKIE_NAME, "")
    if not token or len(token) > 100:
        return None
    key = _cache_key(token)
    data = cache.get(key)
    if not isinstance(data, dict):
        return None
    now = _clock()
    if now - float(data.get("seen", 0)) > idle_seconds():
        cache.delete(key)
        return None
    data["seen"] = now
    cache.set(key, data, timeout=idle_seconds())
    return TrackingSession(request_id=int(data["request"]), code_id=int(data["code"]))


def end(request: HttpRequest, response: HttpResponse) -> None:
    """Forget the session: its cache entry and its cookie."""
    token = request.COOKIES.get(COOKIE_NAME, "")
    if token and len(token) <= 100:
        cache.delete(_cache_key(token))
    response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, samesite="Strict")


def has_cookie(request: HttpRequest) -> bool:
    return COOKIE_NAME in request.COOKIES
