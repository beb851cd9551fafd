"""A lawyer's hearings and deadlines as an iCal feed: GET /calendar/<token>.ics.

Calendar programs cannot sign in, so the address itself is the secret: a
random token issued by ``services.calendar_token_issue`` (only its SHA-256 is
stored, ``services.calendar_token_user`` looks it up) and revocable at any
time. An unknown token and a revoked one answer the same 404.

Feeds end up on other people's servers (Google, Apple, Microsoft), so an
event says only the kind and the case's reference ("Hearing L-2026-000012"):
never the client, the title or place typed by a lawyer, the notes or the
court case number. Hearings are one-hour events, deadlines all-day events.

Every request is counted per client (``nama.core.ratelimit``: a keyed hash of
the address, never the address) so tokens cannot be guessed at speed; calendar
programs poll every few minutes at most, far below the limit.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from nama.core import ratelimit
from nama.legal import selectors, services
from nama.legal.models import CalendarItem, ItemKind

__all__ = ["FEED_SCOPE", "calendar_feed", "feed_calendar"]

FEED_SCOPE = "legal.ical"
HEARING_LENGTH = timedelta(hours=1)
# Items older than this drop out of the feed (it stays small).
PAST_DAYS = 180


def _limit() -> tuple[int, int]:
    """Requests allowed per client and the window (default 60 per 10 minutes)."""
    return (
        int(getattr(settings, "NAMA_LEGAL_FEED_LIMIT", 60)),
        int(getattr(settings, "NAMA_LEGAL_FEED_WINDOW_SECONDS", 600)),
    )


def _summary(item: CalendarItem) -> str:
    if item.kind == ItemKind.HEARING:
        return _("Hearing %(reference)s") % {"reference": item.case.reference}
    return _("Deadline %(reference)s") % {"reference": item.case.reference}


def feed_calendar(user: object) -> Calendar:
    """The calendar of the items of the cases assigned to ``user`` (read through the
    selectors, so a user who lost the lawyer role gets an empty calendar)."""
    since = timezone.localdate() - timedelta(days=PAST_DAYS)
    items = (
        selectors.calendar_list_for_user(user=user, lawyer=user)
        .exclude(kind=ItemKind.DEADLINE, due_on__lt=since)
        .exclude(kind=ItemKind.HEARING, starts_at__date__lt=since)
    )
    calendar = Calendar()
    calendar.add("prodid", "-//Nama//Legal calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Nama")
    with translation.override(settings.LANGUAGE_CODE):
        for item in items:
            event = Event()
            event.add("uid", f"nama-legal-item-{item.pk}")
            event.add("dtstamp", item.created_at)
            event.add("summary", _summary(item))
            if item.kind == ItemKind.HEARING and item.starts_at is not None:
                event.add("dtstart", item.starts_at)
                event.add("dtend", item.starts_at + HEARING_LENGTH)
            elif item.due_on is not None:
                event.add("dtstart", item.due_on)
                event.add("dtend", item.due_on + timedelta(days=1))
            else:  # pragma: no cover - excluded by a database constraint
                continue
            calendar.add_component(event)
    return calendar


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    limit, window = _limit()
    result = ratelimit.throttle_client(
        request, scope=FEED_SCOPE, limit=limit, window_seconds=window
    )
    if not result.allowed:
        return ratelimit.too_many_requests(result)
    user = services.calendar_token_user(token=token)
    response: HttpResponse
    if user is None:
        # The same answer for a token never issued and a revoked one.
        response = HttpResponseNotFound(b"", content_type="text/plain; charset=utf-8")
    else:
        response = HttpResponse(
            feed_calendar(user).to_ical(), content_type="text/calendar; charset=utf-8"
        )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
