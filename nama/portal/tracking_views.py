"""The "follow my request" pages: type the tracking code, then read and write.

The code travels only in the POST body of ``track``; it is never put in a URL,
a redirect, a log line or a page. A correct code opens a short tracking
session (``tracking_session``), separate from the staff session. Every answer
is ``no-store`` and sends no referrer to any other site.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from nama.core import ratelimit, tracking
from nama.core.evidence.services import EvidenceRejected
from nama.intake import services
from nama.intake.models import Request, TrackingCode
from nama.intake.selectors import public_status_for_request
from nama.portal import tracking_session
from nama.portal.tracking_forms import TrackForm, TrackMessageForm

INVALID_CODE = _("This is not a valid code. Check the digits.")
NOT_FOUND = _("We could not find a request with this code.")
SESSION_ENDED = _("Your session ended. Enter your tracking code again.")
LEFT = _("You left your request. Nothing of it stays open on this device.")
SENT = _("Your message was sent to the centre.")
REFERRER_POLICY = "same-origin"
TOO_MANY_FILES = _("You can attach at most %(limit)d files.")


def _private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """No cache anywhere keeps these pages, and no link from them leaks where they were."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"
        # Not "no-referrer": with it browsers send "Origin: null" on the pages' own POST
        # forms and Django's CSRF check refuses them. "same-origin" sends nothing to
        # any other site, and the quick exit also has rel="noreferrer".
        response["Referrer-Policy"] = REFERRER_POLICY
        return response

    return wrapped


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _max_files() -> int:
    return int(getattr(settings, "NAMA_INTAKE_MAX_FILES", 10))


def _client_key(request: HttpRequest) -> str:
    window = int(getattr(settings, "NAMA_INTAKE_TRACK_WINDOW_SECONDS", 3600))
    return ratelimit.client_key(request, scope=services.TRACK_SCOPE, window_seconds=window)


def _entry(
    request: HttpRequest, *, error: Any = None, notice: Any = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "portal/track_entry.html",
        {"error": error, "notice": notice},
        status=status,
    )


@_private
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """The entry page: one field, the tracking code, POST only."""
    if request.method == "GET":
        notice = None
        if request.GET.get("ended") == "1":
            notice = SESSION_ENDED
        elif request.GET.get("left") == "1":
            notice = LEFT
        return _entry(request, notice=notice)
    form = TrackForm(request.POST)
    if not form.is_valid():
        return _entry(request, error=INVALID_CODE, status=400)
    result = services.tracking_check(
        typed=form.cleaned_data["code"], client_key=_client_key(request)
    )
    if result.outcome == services.LookupOutcome.INVALID:
        return _entry(request, error=INVALID_CODE, status=400)
    if result.outcome == services.LookupOutcome.THROTTLED:
        response = render(
            request,
            "portal/track_throttled.html",
            {"message": ratelimit.TOO_MANY_ATTEMPTS},
            status=429,
        )
        response["Retry-After"] = str(max(1, result.retry_after))
        return response
    if result.request is None:
        # An unknown lookup part and a wrong secret: one answer, byte for byte.
        return _entry(request, error=NOT_FOUND, status=200)
    parsed = tracking.parse(form.cleaned_data["code"])
    row = (
        TrackingCode.objects.filter(lookup=parsed.lookup, revoked_at__isnull=True).first()
        if parsed is not None
        else None
    )
    if row is None:  # revoked between the check and now
        return _entry(request, error=NOT_FOUND, status=200)
    response = _see_other(reverse("portal:track_request"))
    tracking_session.start(response, request_id=result.request.pk, code_id=row.pk)
    return response


def _session_request(request: HttpRequest) -> Request | None:
    session = tracking_session.current(request)
    if session is None:
        return None
    # A code revoked (a seized phone) ends every session it opened.
    if not TrackingCode.objects.filter(pk=session.code_id, revoked_at__isnull=True).exists():
        return None
    found = Request.objects.filter(pk=session.request_id).first()
    # A request merged since the session opened hands over to the one it went into.
    seen: set[int] = set()
    while found is not None and found.merged_into_id is not None and found.pk not in seen:
        seen.add(found.pk)
        found = Request.objects.filter(pk=found.merged_into_id).first()
    return found


def _ended(request: HttpRequest) -> HttpResponse:
    response = _see_other(reverse("portal:track") + "?ended=1")
    if tracking_session.has_cookie(request):
        tracking_session.end(request, response)
    return response


@_private
@require_http_methods(["GET", "POST"])
def track_request(request: HttpRequest) -> HttpResponse:
    """The status and the thread of the request of the tracking session; write to the centre."""
    found = _session_request(request)
    if found is None:
        return _ended(request)
    errors: list[str] = []
    body = ""
    if request.method == "POST":
        form = TrackMessageForm(request.POST)
        files = request.FILES.getlist("attachments")
        if not form.is_valid():
            errors = [str(m) for field in form.errors.values() for m in field]
        elif len(files) > _max_files():
            errors = [str(TOO_MANY_FILES % {"limit": _max_files()})]
        else:
            body = form.cleaned_data["body"]
            try:
                services.message_post_by_complainant(request=found, body=body, files=files)
            except EvidenceRejected as exc:
                errors = [str(m) for m in exc.messages]
            except services.IntakeError as exc:
                errors = [str(m) for m in exc.messages]
            else:
                return _see_other(reverse("portal:track_request") + "?sent=1")
    state = public_status_for_request(found)
    return render(
        request,
        "portal/track_request.html",
        {
            "state": state,
            "closed": found.is_closed,
            "errors": errors,
            "body": body,
            "sent": request.method == "GET" and request.GET.get("sent") == "1",
            "max_files": _max_files(),
        },
        status=400 if errors else 200,
    )


@_private
@require_POST
def track_leave(request: HttpRequest) -> HttpResponse:
    """End the tracking session: its cache entry and its cookie."""
    response = _see_other(reverse("portal:track") + "?left=1")
    tracking_session.end(request, response)
    return response
