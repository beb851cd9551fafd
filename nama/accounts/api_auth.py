"""API authentication: session auth that demands a 2FA-verified session."""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request


class VerifiedSessionAuthentication(SessionAuthentication):
    """Session authentication for the browsable API, only once 2FA is verified."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        is_verified = getattr(request._request.user, "is_verified", None)
        if callable(is_verified) and not is_verified():
            return None
        return user, None
