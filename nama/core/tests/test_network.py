"""client_ip: X-Forwarded-For only as far as NAMA_TRUSTED_PROXY_COUNT says."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from nama.core.network import client_ip


def request(remote: str = "203.0.113.9", forwarded_for: str | None = None) -> Any:
    extra: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


def test_it_uses_the_socket_address_by_default() -> None:
    assert client_ip(request(forwarded_for="1.2.3.4")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.1", "198.51.100.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_it_reads_the_address_the_outermost_trusted_proxy_saw(
    settings: object, count: int, forwarded_for: str, expected: str
) -> None:
    settings.NAMA_TRUSTED_PROXY_COUNT = count  # type: ignore[attr-defined]
    assert client_ip(request(remote="10.0.0.2", forwarded_for=forwarded_for)) == expected


@pytest.mark.parametrize("forwarded_for", [None, "", "not-an-address", "198.51.100.1"])
def test_it_falls_back_to_the_socket_when_the_header_does_not_fit(
    settings: object, forwarded_for: str | None
) -> None:
    settings.NAMA_TRUSTED_PROXY_COUNT = 2  # type: ignore[attr-defined]
    assert client_ip(request(remote="10.0.0.2", forwarded_for=forwarded_for)) == "10.0.0.2"


def test_settings_hand_the_address_to_django_axes() -> None:
    from django.conf import settings

    assert settings.AXES_CLIENT_IP_CALLABLE == "nama.core.network.client_ip"
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
