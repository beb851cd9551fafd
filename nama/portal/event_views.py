"""Public events: the list (upcoming and past), the month calendar, one event
with its registration form, the page after registering, and cancelling with
the cancel code.

Only published events are shown; drafts and cancelled events are 404 with
no hint that they exist. After registering, the cancel code travels to the
next page in a one-shot cookie (``nama.core.oneshot``), never in a URL or a
session, and is shown once. Nothing about the device is stored; the rate
limit counts a short-lived keyed hash of the connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from nama.core import ratelimit
from nama.core.http import no_store
from nama.core.oneshot import oneshot_clear, oneshot_read, oneshot_set
from nama.outreach import event_services as services
from nama.outreach.event_selectors import (
    IMAGE_CSP,
    event_get_published,
    event_is_full,
    events_past,
    events_upcoming,
    image_content_type,
)
from nama.outreach.models import PublicEvent, RegistrationStatus
from nama.portal.event_calendar import month_of, parse_month
from nama.portal.event_forms import RegistrationForm

__all__ = [
    "cancel_link",
    "cancel_registration",
    "event_detail",
    "event_image",
    "event_list",
    "event_registered",
    "events_calendar",
]

CODE_COOKIE = "nama_event_code_once"
CANCEL_COOKIE = "nama_event_cancel_once"
CANCEL_SCOPE = "outreach.event_cancel"
PAST_PER_PAGE = 10
DIRECTIONS = {"ar": "rtl", "ckb": "rtl", "en": "ltr"}


@dataclass(frozen=True)
class Shown:
    """An event with the title and description in the language shown."""

    event: PublicEvent
    title: str
    title_language: str
    description: str
    description_language: str

    @property
    def title_direction(self) -> str:
        return DIRECTIONS.get(self.title_language, "auto")

    @property
    def description_direction(self) -> str:
        return DIRECTIONS.get(self.description_language, "auto")


def shown(event: PublicEvent, language: str | None) -> Shown:
    title_language, title = event.title_in(language)
    description_language, description = event.description_in(language)
    return Shown(event, title, title_language, description, description_language)


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    language = get_language()
    now = timezone.now()
    upcoming = [shown(e, language) for e in events_upcoming(now)[:50]]
    page = Paginator(events_past(now), PAST_PER_PAGE).get_page(request.GET.get("page"))
    past = [shown(e, language) for e in page.object_list]
    context = {"upcoming": upcoming, "past": past, "page": page, "month": timezone.localdate()}
    return render(request, "portal/event_list.html", context)


@require_safe
def events_calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    month = month_of(parse_month(request.GET.get("month"), today), today)
    language = get_language()
    entries: dict[int, Shown] = {}
    for week in month.weeks:
        for day in week:
            day.events = [entries.setdefault(e.pk, shown(e, language)) for e in day.events]
    return render(request, "portal/event_calendar.html", {"month": month})


def _render_event(
    request: HttpRequest, event: PublicEvent, form: RegistrationForm | None, status: int = 200
) -> HttpResponse:
    wanted = request.GET.get("lang") or get_language()
    open_now = event.registration_is_open()
    if form is None and open_now:
        form = RegistrationForm(request=request)
    if form is not None:
        form.describe_fields()
    context = {
        "entry": shown(event, wanted),
        "form": form if open_now else None,
        "open_now": open_now,
        "is_past": event.is_past(),
        "retention_days": int(getattr(settings, "NAMA_EVENT_REGISTRATION_RETENTION_DAYS", 90)),
        "full": event_is_full(event),
    }
    return no_store(render(request, "portal/event_detail.html", context, status=status))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_get_published(pk=pk)
    if request.method != "POST":
        return _render_event(request, event, None)
    form = RegistrationForm(request.POST, request=request)
    if not event.registration_is_open():
        return _render_event(request, event, None, status=400)
    if not form.is_valid():
        return _render_event(request, event, form, status=400)
    window = int(getattr(settings, "NAMA_EVENT_REGISTER_WINDOW_SECONDS", 3600))
    try:
        registration, code = services.registration_submit(
            event=event,
            data=form.service_data(),
            language=get_language() or settings.LANGUAGE_CODE,
            base_url=request.build_absolute_uri("/"),
            client_key_for_ratelimit=ratelimit.client_key(
                request, scope=services.REGISTER_SCOPE, window_seconds=window
            ),
        )
    except services.RegistrationThrottled as exc:
        form.add_error(None, ValidationError(ratelimit.TOO_MANY_ATTEMPTS, code="throttled"))
        response = _render_event(request, event, form, status=429)
        response["Retry-After"] = str(max(1, exc.retry_after))
        return response
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _render_event(request, event, form, status=400)
    response = HttpResponseRedirect(reverse("portal:event_registered", args=[event.pk]))
    oneshot_set(response, CODE_COOKIE, f"{registration.status}:{code.display()}")
    return response


@never_cache
@require_safe
def event_registered(request: HttpRequest, pk: int) -> HttpResponse:
    """After registering: registered or waiting, and the cancel code, shown once."""
    event = event_get_published(pk=pk)
    secret = oneshot_read(request, CODE_COOKIE) or ""
    status, _sep, code = secret.partition(":")
    context = {
        "entry": shown(event, get_language()),
        "status": status if status in RegistrationStatus.values else "",
        "code": code,
    }
    response = no_store(render(request, "portal/event_registered.html", context))
    oneshot_clear(request, response, CODE_COOKIE)
    response["Referrer-Policy"] = "no-referrer"
    return response


def _cancel_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = no_store(render(request, "portal/event_cancel.html", context, status=status))
    # Not "no-referrer": browsers would then send "Origin: null" with the form and
    # the CSRF check would refuse it. The code is never in this page's address.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_safe
def cancel_link(request: HttpRequest, code: str) -> HttpResponse:
    """The e-mail's link: the code moves to a one-shot cookie and the browser goes on
    to the cancel page, so the code leaves the address bar and the history at once
    (and never reaches the language links of the page)."""
    response = HttpResponseRedirect(reverse("portal:event_cancel_start"))
    oneshot_set(response, CANCEL_COOKIE, code[:100])
    response["Referrer-Policy"] = "no-referrer"
    return no_store(response)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cancel_registration(request: HttpRequest) -> HttpResponse:
    """A code from the e-mail's link (one-shot cookie) or typed (POST): a page asking
    to confirm; POST with ``confirm``: cancelled. An unknown code and a used one get
    the same answer."""
    limit = int(getattr(settings, "NAMA_EVENT_CANCEL_LIMIT", 30))
    window = int(getattr(settings, "NAMA_EVENT_CANCEL_WINDOW_SECONDS", 600))
    if request.method == "POST":
        code = str(request.POST.get("code", ""))[:100]
    else:
        code = oneshot_read(request, CANCEL_COOKIE) or ""
    response = _cancel_step(request, code, limit=limit, window=window)
    oneshot_clear(request, response, CANCEL_COOKIE)
    return response


def _cancel_step(request: HttpRequest, code: str, *, limit: int, window: int) -> HttpResponse:
    if not code.strip():
        return _cancel_page(request, {"step": "ask"})
    result = ratelimit.throttle_client(
        request, scope=CANCEL_SCOPE, limit=limit, window_seconds=window
    )
    if not result.allowed:
        response = _cancel_page(request, {"step": "throttled"}, status=429)
        response["Retry-After"] = str(max(1, result.retry_after))
        return response
    if request.method == "POST" and request.POST.get("confirm"):
        cancelled = services.registration_cancel(code=code)
        if cancelled is None:
            return _cancel_page(request, {"step": "unknown"}, status=404)
        context = {"step": "done", "entry": shown(cancelled.event, get_language())}
        return _cancel_page(request, context)
    registration = services.registration_by_code(code=code)
    if registration is None:
        return _cancel_page(request, {"step": "unknown"}, status=404)
    context = {
        "step": "confirm",
        "code": services.normalise_code(code),
        "entry": shown(registration.event, get_language()),
        "waiting": registration.status == RegistrationStatus.WAITLISTED,
    }
    return _cancel_page(request, context)


@require_safe
def event_image(request: HttpRequest, pk: int) -> FileResponse:
    """The image of a published event (re-encoded without metadata when stored)."""
    event = event_get_published(pk=pk)
    content_type = image_content_type(event)
    if content_type is None:
        raise Http404
    try:
        handle = event.image.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = IMAGE_CSP
    response["Cache-Control"] = "public, max-age=3600"
    return response
