"""Rate limits: counting, windows, separation, and that the cache never holds an address or code.

No database and no sleeps: every call takes ``now=``, a fixed clock.
"""

from __future__ import annotations

import pickle
import re
from typing import cast

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import translation
from pytest_django.fixtures import Settings

from nama.core import ratelimit, tracking
from nama.core.ratelimit import (
    DAY,
    KEY_PREFIX,
    client_key,
    hit,
    lookup_key,
    reset,
    throttle_client,
    throttle_lookup,
)

# 2025-06-15 16:00:00 UTC: a multiple of an hour, so windows start here.
T0 = 1_750_003_200
ADDRESS = "203.0.113.77"
OTHER_ADDRESS = "198.51.100.23"
LOOKUP = "482913"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    caches["default"].clear()


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # For the calls that take no now= (the view decorator): a window boundary
    # must never fall between two requests of one test.
    monkeypatch.setattr(ratelimit, "_clock", lambda: T0 + 30)


def locmem() -> LocMemCache:
    return cast(LocMemCache, caches["default"])


def stored_items() -> list[tuple[str, object]]:
    """Every (key, value) in the test cache, values unpickled."""
    # LocMemCache keeps pickled values in a private OrderedDict, keys made by make_key().
    entries: dict[str, bytes] = getattr(locmem(), "_cache")  # noqa: B009
    return [(key, pickle.loads(value)) for key, value in entries.items()]  # noqa: S301


def request_from(address: str, forwarded_for: str | None = None) -> HttpRequest:
    request = RequestFactory().post("/track/", REMOTE_ADDR=address)
    if forwarded_for is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return request


# --- counting -------------------------------------------------------------------------


def test_the_hit_after_the_limit_is_refused() -> None:
    key = client_key(ADDRESS, scope="test.form", now=T0)
    results = [hit(key, scope="test.form", limit=3, window_seconds=60, now=T0) for _ in range(4)]
    assert [r.allowed for r in results] == [True, True, True, False]
    assert [r.remaining for r in results] == [2, 1, 0, 0]
    assert [r.retry_after for r in results] == [0, 0, 0, 60]


def test_retry_after_is_the_time_left_in_the_window() -> None:
    key = client_key(ADDRESS, scope="test.form", now=T0)
    for _ in range(2):
        result = hit(key, scope="test.form", limit=1, window_seconds=3600, now=T0 + 3000.5)
    assert not result.allowed
    assert result.retry_after == 600


def test_the_window_expires() -> None:
    def attempt(now: int) -> bool:
        return throttle_client(
            ADDRESS, scope="test.form", limit=2, window_seconds=60, now=now
        ).allowed

    assert [attempt(T0), attempt(T0 + 10), attempt(T0 + 59)] == [True, True, False]
    assert [attempt(T0 + 60), attempt(T0 + 61), attempt(T0 + 119)] == [True, True, False]


def test_refused_hits_keep_being_refused_until_the_window_ends() -> None:
    results = [
        throttle_client(ADDRESS, scope="test.form", limit=5, window_seconds=60, now=T0 + i % 60)
        for i in range(50)
    ]
    assert sum(r.allowed for r in results) == 5
    assert all(not r.allowed for r in results[5:])


def test_scopes_do_not_interfere() -> None:
    for _ in range(3):
        throttle_client(ADDRESS, scope="test.one", limit=3, window_seconds=60, now=T0)
    assert not throttle_client(
        ADDRESS, scope="test.one", limit=3, window_seconds=60, now=T0
    ).allowed
    assert throttle_client(ADDRESS, scope="test.two", limit=3, window_seconds=60, now=T0).allowed


def test_clients_do_not_interfere() -> None:
    for _ in range(3):
        throttle_client(ADDRESS, scope="test.form", limit=3, window_seconds=60, now=T0)
    assert not throttle_client(
        ADDRESS, scope="test.form", limit=3, window_seconds=60, now=T0
    ).allowed
    assert throttle_client(
        OTHER_ADDRESS, scope="test.form", limit=3, window_seconds=60, now=T0
    ).allowed


def test_lookup_parts_and_clients_are_counted_apart() -> None:
    for _ in range(3):
        throttle_lookup(LOOKUP, scope="test.track", limit=3, window_seconds=60, now=T0)
    assert not throttle_lookup(
        LOOKUP, scope="test.track", limit=3, window_seconds=60, now=T0
    ).allowed
    assert throttle_lookup("482914", scope="test.track", limit=3, window_seconds=60, now=T0).allowed
    assert throttle_client(LOOKUP, scope="test.track", limit=3, window_seconds=60, now=T0).allowed


def test_reset_forgets_the_count() -> None:
    key = lookup_key(LOOKUP, scope="test.track", window_seconds=60, now=T0)
    for _ in range(4):
        hit(key, scope="test.track", limit=3, window_seconds=60, now=T0)
    reset(key, scope="test.track", window_seconds=60, now=T0)
    assert hit(key, scope="test.track", limit=3, window_seconds=60, now=T0).remaining == 2


def test_a_thousand_wrong_guesses_at_one_code_get_ten_checks(settings: Settings) -> None:
    settings.NAMA_TRACKING_HASH_COST = "test"
    code = tracking.generate()
    stored = tracking.hash_secret(code.secret)
    checked = 0
    for attempt in range(1000):
        # A distributed guesser: every attempt from another address.
        address = f"10.{attempt // 250}.{attempt % 250}.1"
        assert throttle_client(
            address, scope="test.track", limit=20, window_seconds=3600, now=T0 + attempt
        ).allowed
        guess = tracking.TrackingCode(lookup=code.lookup, secret=f"{attempt:021d}")
        result = throttle_lookup(
            guess.lookup, scope="test.track", limit=10, window_seconds=3600, now=T0 + attempt
        )
        if not result.allowed:
            assert result.retry_after == 3600 - attempt
            continue
        checked += 1
        assert not tracking.verify_secret(guess.secret, stored)
    assert checked == 10


# --- what the cache holds -------------------------------------------------------------


def test_the_cache_holds_neither_the_address_nor_the_lookup_part(settings: Settings) -> None:
    settings.NAMA_TRUSTED_PROXY_COUNT = 1
    request = request_from("192.0.2.1", forwarded_for=ADDRESS)
    throttle_client(request, scope="test.track", limit=5, window_seconds=3600, now=T0)
    throttle_client("2001:db8:1234:5678::1", scope="test.track", limit=5, window_seconds=60, now=T0)
    throttle_lookup(LOOKUP, scope="test.track", limit=5, window_seconds=3600, now=T0)
    items = stored_items()
    assert len(items) == 3
    for key, value in items:
        assert re.fullmatch(r":1:nama:rl:test\.track:[0-9]+:[0-9a-f]{32}", key), key
        for secret in (ADDRESS, "192.0.2.1", "2001:db8", LOOKUP):
            assert secret not in key
        assert value == 1


def test_a_key_does_not_contain_its_input_and_changes_with_the_window() -> None:
    today = client_key(ADDRESS, scope="test.form", now=T0)
    assert re.fullmatch(r"[0-9a-f]{32}", today)
    assert client_key(ADDRESS, scope="test.form", now=T0 + 1) == today
    assert client_key(ADDRESS, scope="test.form", now=T0 + DAY) != today
    assert client_key(ADDRESS, scope="test.other", now=T0) != today
    assert client_key(ADDRESS, scope="test.form", window_seconds=3600, now=T0) != today
    assert lookup_key(ADDRESS, scope="test.form", now=T0) != today


def test_a_day_window_is_the_utc_date() -> None:
    midnight = T0 - T0 % DAY
    key = client_key(ADDRESS, scope="test.form", now=midnight)
    assert client_key(ADDRESS, scope="test.form", now=midnight + DAY - 1) == key
    assert client_key(ADDRESS, scope="test.form", now=midnight - 1) != key


def test_the_key_depends_on_the_index_key(settings: Settings) -> None:
    before = client_key(ADDRESS, scope="test.form", now=T0)
    settings.NAMA_INDEX_KEY = "another-index-key-0123456789"
    assert client_key(ADDRESS, scope="test.form", now=T0) != before


def test_a_short_index_key_is_refused(settings: Settings) -> None:
    settings.NAMA_INDEX_KEY = "short"
    with pytest.raises(ImproperlyConfigured, match="NAMA_INDEX_KEY"):
        client_key(ADDRESS, scope="test.form")


def test_hit_refuses_a_key_that_is_not_one_of_ours() -> None:
    with pytest.raises(ValueError, match="client_key"):
        hit(ADDRESS, scope="test.form", limit=3, window_seconds=60)
    assert stored_items() == []


@pytest.mark.parametrize("scope", ["", "Test", "a b", "x" * 65, "tést"])
def test_a_malformed_scope_is_refused(scope: str) -> None:
    with pytest.raises(ValueError, match="scope"):
        client_key(ADDRESS, scope=scope)


def test_ipv6_clients_are_counted_per_64_network() -> None:
    key = client_key("2001:db8:1:2::1", scope="test.form", now=T0)
    assert client_key("2001:db8:1:2:ffff:1:2:3", scope="test.form", now=T0) == key
    assert client_key("2001:db8:1:3::1", scope="test.form", now=T0) != key


def test_an_ipv4_mapped_address_counts_as_the_ipv4_address() -> None:
    key = client_key(ADDRESS, scope="test.form", now=T0)
    assert client_key(f"::ffff:{ADDRESS}", scope="test.form", now=T0) == key


def test_the_client_comes_from_the_socket_unless_proxies_are_trusted(settings: Settings) -> None:
    direct = client_key(ADDRESS, scope="test.form", now=T0)
    spoofed = request_from(OTHER_ADDRESS, forwarded_for=ADDRESS)
    assert client_key(spoofed, scope="test.form", now=T0) != direct
    settings.NAMA_TRUSTED_PROXY_COUNT = 1
    assert client_key(spoofed, scope="test.form", now=T0) == direct


# --- the view decorator ---------------------------------------------------------------


@ratelimit.ratelimit("test.view", 2, 60)
def limited_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@ratelimit.ratelimit("test.post", 1, 60, methods=("post",))
def post_limited_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def test_the_view_answers_429_with_retry_after_and_a_translated_message() -> None:
    responses = [limited_view(request_from(ADDRESS)) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    refused = responses[-1]
    assert refused["Retry-After"] == "30"
    assert refused["Cache-Control"] == "no-store"
    assert refused["Content-Type"] == "text/plain; charset=utf-8"
    with translation.override("en"):
        expected = str(ratelimit.TOO_MANY_ATTEMPTS)
    assert expected == "Too many attempts. Please wait a while and try again."
    with translation.override("en"):
        assert limited_view(request_from(ADDRESS)).content.decode() == expected
    assert ADDRESS.encode() not in refused.content


def test_the_view_limit_is_per_client() -> None:
    for _ in range(3):
        limited_view(request_from(ADDRESS))
    assert limited_view(request_from(OTHER_ADDRESS)).status_code == 200


def test_only_the_listed_methods_are_counted() -> None:
    factory = RequestFactory()
    for _ in range(5):
        assert post_limited_view(factory.get("/", REMOTE_ADDR=ADDRESS)).status_code == 200
    assert post_limited_view(factory.post("/", REMOTE_ADDR=ADDRESS)).status_code == 200
    assert post_limited_view(factory.post("/", REMOTE_ADDR=ADDRESS)).status_code == 429


def test_the_view_can_count_by_another_key() -> None:
    @ratelimit.ratelimit(
        "test.keyed",
        1,
        60,
        key=lambda request: lookup_key(LOOKUP, scope="test.keyed", window_seconds=60),
    )
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    assert view(request_from(ADDRESS)).status_code == 200
    assert view(request_from(OTHER_ADDRESS)).status_code == 429
    assert all(KEY_PREFIX + "test.keyed:" in key for key, _ in stored_items())
