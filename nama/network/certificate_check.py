"""The public answer about a certificate code, shared by the portal page and the API.

Only what is printed on the certificate: the name (in the page's language),
the course and the date of issue, and whether it was revoked. The same keys
whether the code is known or not. Every lookup counts against a per-client
limit (``nama.core.ratelimit``: a short-lived keyed hash, never the address),
which makes listing certificates by guessing codes hopeless on top of the
75 random bits of a code.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from nama.core import ratelimit
from nama.network.training_selectors import certificate_lookup

__all__ = ["SCOPE", "certificate_answer", "throttle"]

SCOPE = "network.certificate"


def limit() -> int:
    return int(getattr(settings, "NAMA_CERTIFICATE_CHECK_LIMIT", 30))


def window_seconds() -> int:
    return int(getattr(settings, "NAMA_CERTIFICATE_CHECK_WINDOW_SECONDS", 3600))


def throttle(request: HttpRequest) -> ratelimit.RateLimitResult:
    """Count one lookup for this client (pages and API share the budget)."""
    return ratelimit.throttle_client(
        request, scope=SCOPE, limit=limit(), window_seconds=window_seconds()
    )


def certificate_answer(typed: str) -> dict[str, Any]:
    """What the public may know about the certificate with this code."""
    certificate = certificate_lookup(typed)
    if certificate is None:
        return {"found": False, "revoked": False, "name": "", "course": "", "issued_on": None}
    language = (translation.get_language() or "ar").split("-")[0]
    return {
        "found": True,
        "revoked": certificate.is_revoked,
        "name": certificate.name_for(language),
        "course": certificate.course_title,
        "issued_on": certificate.issued_at.date(),
    }
