"""A secret shown once on the next page: encrypted, signed, short-lived cookies.

POST-redirect-GET pages that must show a secret exactly once (a new tracking
code, to the complainant who asked for it or to the operator who reads it
out) carry it in a cookie holding it **encrypted** (``nama.core.crypto``) and
signed with a time stamp, ``HttpOnly`` and ``SameSite=Strict``. The page that
shows it deletes the cookie, so a reload shows advice instead of the secret.

Why not ``request.session``: sessions live in the database, so the plain
secret would sit in the ``django_session`` table (DESIGN.md §4: a tracking
code is stored only as a hash).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from nama.core import crypto

__all__ = ["oneshot_clear", "oneshot_read", "oneshot_set"]

DEFAULT_MAX_AGE = 10 * 60
_PATH = "/"


def _signer(name: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"nama.oneshot.{name}")


def oneshot_set(
    response: HttpResponse, name: str, secret: str, *, max_age: int = DEFAULT_MAX_AGE
) -> None:
    """Put ``secret`` in the cookie ``name`` of ``response`` for the next page."""
    response.set_cookie(
        name,
        _signer(name).sign(crypto.encrypt(secret)),
        max_age=max_age,
        path=_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def oneshot_read(request: HttpRequest, name: str, *, max_age: int = DEFAULT_MAX_AGE) -> str | None:
    """The secret of cookie ``name``, or ``None`` when absent, expired or forged.

    Call :func:`oneshot_clear` on the response that shows it.
    """
    sealed = request.COOKIES.get(name)
    if not sealed:
        return None
    try:
        return crypto.decrypt(_signer(name).unsign(sealed, max_age=max_age))
    except (signing.BadSignature, crypto.DecryptionError):
        return None


def oneshot_clear(request: HttpRequest, response: HttpResponse, name: str) -> None:
    """Delete cookie ``name`` if the browser sent it."""
    if name in request.COOKIES:
        response.delete_cookie(name, path=_PATH, samesite="Strict")
