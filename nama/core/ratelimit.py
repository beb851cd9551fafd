"""Rate limits keyed by short-lived keyed hashes (DESIGN.md §4, "Anonymous intake").

An anonymous complainant's IP address must not be stored anywhere, not even in
the cache that counts their attempts. So a counter is never keyed by an
address (or by a tracking code's lookup part) but by an HMAC of it:

* The HMAC key is a sub-key of ``settings.NAMA_INDEX_KEY`` for the purpose
  ``"ratelimit"`` (HKDF-SHA256, the construction of ``nama.core.crypto``), so
  every web process computes the same key and a cache dump alone cannot be
  reversed to addresses.
* The HMAC input includes the scope and the number of the current time window
  (``window_seconds`` since the Unix epoch; a day by default, i.e. the UTC
  date). The same address gives unrelated keys in the next window, so keys
  stop linking visits once the window is over, and the counters themselves
  expire with it.
* IPv6 clients are counted per /64 network: one home or phone usually owns a
  whole /64 and could otherwise rotate through 2**64 addresses.

Counters are fixed windows aligned to the epoch: ``hit`` adds 1 to
``nama:rl:<scope>:<window number>:<key>`` with ``cache.add`` then
``cache.incr`` (atomic on Redis and locmem) and refuses once the count passes
the limit. ``retry_after`` is the time left in the window. Across a window
boundary a client can get up to twice the limit in a short time; the limits
are chosen with that in mind.

Nothing here logs, and nothing here stores the address or the lookup part.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import math
import re
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _

from nama.core.crypto import derive_key
from nama.core.network import client_ip

__all__ = [
    "DAY",
    "KEY_PREFIX",
    "TOO_MANY_ATTEMPTS",
    "RateLimitResult",
    "client_key",
    "hit",
    "lookup_key",
    "ratelimit",
    "reset",
    "throttle_client",
    "throttle_lookup",
    "too_many_requests",
]

KEY_PREFIX = "nama:rl:"
DAY = 24 * 60 * 60
# Same shape as crypto.INDEX_HEX_LENGTH: 128 bits of HMAC-SHA256.
KEY_HEX_LENGTH = 32
_KEY = re.compile(rf"[0-9a-f]{{{KEY_HEX_LENGTH}}}")
_SCOPE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
# Clients whose address Nama cannot know share one counter.
_UNKNOWN_ADDRESS = "unknown"

TOO_MANY_ATTEMPTS = _("Too many attempts. Please wait a while and try again.")

ViewT = TypeVar("ViewT", bound=Callable[..., HttpResponseBase])


@dataclass(frozen=True)
class RateLimitResult:
    """What ``hit`` decided.

    ``retry_after`` is 0 when allowed, else the seconds until the window ends.
    """

    allowed: bool
    remaining: int
    retry_after: int


# The clock, replaced by tests that need a frozen time without passing now=.
_clock: Callable[[], float] = time.time


def _now(now: float | None) -> float:
    return _clock() if now is None else now


def _check_scope(scope: str) -> None:
    if not _SCOPE.fullmatch(scope):
        raise ValueError("scope must be 1-64 of a-z 0-9 _ . - (e.g. 'intake.track')")


def _window_number(moment: float, window_seconds: int) -> int:
    if window_seconds < 1:
        raise ValueError("window_seconds must be at least 1")
    return int(moment // window_seconds)


def _keyed(kind: str, value: str, *, scope: str, window_seconds: int, now: float | None) -> str:
    _check_scope(scope)
    window = _window_number(_now(now), window_seconds)
    message = "\x00".join([kind, scope, str(window_seconds), str(window), value])
    digest = hmac.new(
        derive_key(b"nama blind index\x00ratelimit"), message.encode("utf-8"), hashlib.sha256
    )
    return digest.hexdigest()[:KEY_HEX_LENGTH]


def _address_of(request_or_address: HttpRequest | str) -> str:
    if isinstance(request_or_address, str):
        address = request_or_address.strip()
    else:
        address = client_ip(request_or_address) or ""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or _UNKNOWN_ADDRESS
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def client_key(
    request_or_address: HttpRequest | str,
    *,
    scope: str,
    window_seconds: int = DAY,
    now: float | None = None,
) -> str:
    """The keyed hash standing for a client in ``scope`` during the current window.

    Give a request (its address comes from ``nama.core.network.client_ip``,
    which honours ``NAMA_TRUSTED_PROXY_COUNT``) or an address. The address is
    not kept; only this hash, which changes with every window, reaches the
    cache.
    """
    address = _address_of(request_or_address)
    return _keyed("client", address, scope=scope, window_seconds=window_seconds, now=now)


def lookup_key(
    lookup: str, *, scope: str, window_seconds: int = DAY, now: float | None = None
) -> str:
    """The keyed hash standing for a tracking code's lookup part (never the code itself)."""
    return _keyed("lookup", lookup, scope=scope, window_seconds=window_seconds, now=now)


def _cache_key(key: str, *, scope: str, window: int) -> str:
    _check_scope(scope)
    if not _KEY.fullmatch(key):
        # Refuse anything that is not one of our hashes: it might be an address.
        raise ValueError("rate-limit keys come from client_key() or lookup_key()")
    return f"{KEY_PREFIX}{scope}:{window}:{key}"


def hit(
    key: str, *, scope: str, limit: int, window_seconds: int, now: float | None = None
) -> RateLimitResult:
    """Count one attempt for ``key`` in ``scope``; refuse past ``limit`` per window."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    moment = _now(now)
    window = _window_number(moment, window_seconds)
    cache_key = _cache_key(key, scope=scope, window=window)
    seconds_left = max(1, math.ceil((window + 1) * window_seconds - moment))
    if cache.add(cache_key, 1, timeout=seconds_left):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:
            # Expired between add and incr: this is the first hit of a new counter.
            cache.add(cache_key, 1, timeout=seconds_left)
            count = 1
    allowed = count <= limit
    return RateLimitResult(
        allowed=allowed,
        remaining=max(0, limit - count),
        retry_after=0 if allowed else seconds_left,
    )


def reset(key: str, *, scope: str, window_seconds: int, now: float | None = None) -> None:
    """Forget the attempts counted for ``key`` in the current window."""
    window = _window_number(_now(now), window_seconds)
    cache.delete(_cache_key(key, scope=scope, window=window))


def throttle_client(
    request_or_address: HttpRequest | str,
    *,
    scope: str,
    limit: int,
    window_seconds: int,
    now: float | None = None,
) -> RateLimitResult:
    """``hit`` for the client of a request (or an address): per connection."""
    key = client_key(request_or_address, scope=scope, window_seconds=window_seconds, now=now)
    return hit(key, scope=scope, limit=limit, window_seconds=window_seconds, now=now)


def throttle_lookup(
    lookup: str, *, scope: str, limit: int, window_seconds: int, now: float | None = None
) -> RateLimitResult:
    """``hit`` for a tracking code's lookup part: per code, whoever guesses.

    Pass ``ParsedCode.lookup`` only after ``parse`` succeeded, so typos cost
    the owner nothing.
    """
    key = lookup_key(lookup, scope=scope, window_seconds=window_seconds, now=now)
    return hit(key, scope=scope, limit=limit, window_seconds=window_seconds, now=now)


def too_many_requests(result: RateLimitResult) -> HttpResponse:
    """A 429 with ``Retry-After`` and a translated plain-text message."""
    response = HttpResponse(
        str(TOO_MANY_ATTEMPTS), status=429, content_type="text/plain; charset=utf-8"
    )
    response["Retry-After"] = str(max(1, result.retry_after))
    response["Cache-Control"] = "no-store"
    return response


def ratelimit(
    scope: str,
    limit: int,
    window_seconds: int,
    *,
    key: Callable[[HttpRequest], str] | None = None,
    methods: Collection[str] | None = None,
) -> Callable[[ViewT], ViewT]:
    """Decorate a view: past ``limit`` requests per window it answers 429.

    ``key(request)`` gives the keyed hash to count by (default: the client, via
    ``client_key``). ``methods`` limits counting to some HTTP methods, e.g.
    ``("POST",)`` so that showing a form is free and submitting it is counted.
    """
    _check_scope(scope)
    counted = None if methods is None else {method.upper() for method in methods}

    def decorator(view: ViewT) -> ViewT:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if counted is None or request.method in counted:
                if key is None:
                    request_key = client_key(request, scope=scope, window_seconds=window_seconds)
                else:
                    request_key = key(request)
                result = hit(request_key, scope=scope, limit=limit, window_seconds=window_seconds)
                if not result.allowed:
                    return too_many_requests(result)
            return view(request, *args, **kwargs)

        return cast(ViewT, wrapped)

    return decorator
