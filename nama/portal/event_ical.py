"""Public events as iCal: the feed of every published event
(``portal:events_ical``) and one event (``portal:event_ics``).

Each event has a stable UID (``nama-outreach-event-<pk>``), a DTSTAMP that
changes only when the event does (its last change), times in UTC, and the
title in the language of the URL (``/ar/``, ``/en/``, ``/ckb/``; Arabic when
the event has no title in it). Drafts and cancelled events are never in it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, timedelta

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from nama.outreach.event_mail import description_text
from nama.outreach.event_selectors import event_get_published, events_published
from nama.outreach.models import PublicEvent

__all__ = ["build_calendar", "event_ics", "events_ical"]

# Events over for longer than this drop out of the feed (it stays small).
PAST_DAYS = 365


def _location(event: PublicEvent) -> str:
    if event.online:
        return _("Online")
    parts = [event.venue, event.governorate.name if event.governorate else ""]
    return ", ".join(part for part in parts if part)


def build_calendar(
    events: Iterable[PublicEvent],
    *,
    language: str,
    absolute: Callable[[str], str],
    name: str,
) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Nama//Public events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for event in events:
        _code, title = event.title_in(language)
        item = Event()
        item.add("uid", f"nama-outreach-event-{event.pk}")
        item.add("dtstamp", event.updated_at.astimezone(UTC))
        item.add("last-modified", event.updated_at.astimezone(UTC))
        item.add("dtstart", event.starts_at.astimezone(UTC))
        item.add("dtend", event.ends_at.astimezone(UTC))
        item.add("summary", title)
        text = description_text(event, language)
        if text:
            item.add("description", text[:4000])
        location = _location(event)
        if location:
            item.add("location", location)
        page = absolute(reverse("portal:event", args=[event.pk]))
        item.add("url", page)
        item.add("status", "CONFIRMED")
        calendar.add_component(item)
    return calendar


def _response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=600"
    return response


@require_safe
def events_ical(request: HttpRequest) -> HttpResponse:
    since = timezone.now() - timedelta(days=PAST_DAYS)
    events = events_published().filter(ends_at__gte=since)
    calendar = build_calendar(
        events,
        language=get_language() or "ar",
        absolute=request.build_absolute_uri,
        name=_("Public events"),
    )
    return _response(calendar, "events.ics")


@require_safe
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_get_published(pk=pk)
    calendar = build_calendar(
        [event],
        language=request.GET.get("lang") or get_language() or "ar",
        absolute=request.build_absolute_uri,
        name=_("Public events"),
    )
    return _response(calendar, f"event-{event.pk}.ics")
