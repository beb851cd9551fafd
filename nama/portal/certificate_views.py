"""Public check of a training certificate: is it genuine?

``certificate_verify`` is a form to type the code printed on a certificate;
``certificate_check`` (``/<lang>/certificates/<code>/``, where the QR code on
the certificate points) answers with the printed name, the course and the
date of issue, and says so when the certificate was revoked. Nothing else
about the person is shown. A code that matches nothing gets the same page,
with "not found" and no hint why.

Against enumeration every lookup counts against a per-client limit
(``nama.core.ratelimit``, keyed by a short-lived hash, never the address).
The code is never logged: refused answers are marked as already logged so
Django's request logger does not write their path.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from nama.core import ratelimit
from nama.network import certificate_codes
from nama.network.certificate_check import certificate_answer, throttle

INVALID = _("This is not a certificate code. Check the letters and digits.")


def unlogged(response: HttpResponse) -> HttpResponse:
    """Keep Django's request logger from writing this path (it holds a code)."""
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return unlogged(response)

    return wrapped


def _throttled(request: HttpRequest, result: ratelimit.RateLimitResult) -> HttpResponse:
    response = render(
        request,
        "portal/certificate_throttled.html",
        {"message": ratelimit.TOO_MANY_ATTEMPTS},
        status=429,
    )
    response["Retry-After"] = str(max(1, result.retry_after))
    return response


@_private
@require_GET
def certificate_verify(request: HttpRequest) -> HttpResponse:
    """The form; a typed code goes to its check page."""
    typed = request.GET.get("code", "")
    if not typed.strip():
        return render(request, "portal/certificate_verify.html", {})
    code = certificate_codes.parse(typed)
    if code is None:
        # Only the format is wrong: no lookup was made, nothing is learnt.
        context = {"error": INVALID, "typed": typed[: certificate_codes.MAX_INPUT_LENGTH]}
        return render(request, "portal/certificate_verify.html", context, status=400)
    response = HttpResponseRedirect(
        reverse("portal:certificate_check", args=[certificate_codes.display(code)])
    )
    response.status_code = 303
    return response


@_private
@require_GET
def certificate_check(request: HttpRequest, code: str) -> HttpResponse:
    result = throttle(request)
    if not result.allowed:
        return _throttled(request, result)
    answer = certificate_answer(code)
    canonical = certificate_codes.parse(code)
    context = {
        "answer": answer,
        "code": certificate_codes.display(canonical) if answer["found"] and canonical else "",
    }
    status = 200 if answer["found"] else 404
    return render(request, "portal/certificate_check.html", context, status=status)
