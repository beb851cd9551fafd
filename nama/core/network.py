"""The client's address, trusting X-Forwarded-For only as far as the deployment says.

django-axes calls ``client_ip`` (``AXES_CLIENT_IP_CALLABLE``) to key lockouts
by user name and address. Anyone can send an ``X-Forwarded-For`` header, so it
is ignored unless ``NAMA_TRUSTED_PROXY_COUNT`` says how many reverse proxies
stand in front of Nama. Each of them appends the address it received the
request from, so with N trusted proxies the client is the N-th entry from the
right; whatever the client itself put in the header lies further left and is
never read.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address as this deployment can know it."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxy_count = int(getattr(settings, "NAMA_TRUSTED_PROXY_COUNT", 0))
    if proxy_count <= 0:
        return _valid_ip(remote_addr) or remote_addr or None
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) >= proxy_count:
        address = _valid_ip(forwarded[-proxy_count])
        if address:
            return address
    # Not what the configured proxies would send: fall back to the socket.
    return _valid_ip(remote_addr) or remote_addr or None
