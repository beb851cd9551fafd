"""The legal calendar: hearings and deadlines by day, and the lawyer's iCal feed address.

A lawyer sees their own calendar; the coordinator and the director choose a
lawyer and a governorate (every lawyer by default). The feed's secret is shown
once, on the response to the POST that issued it, and never stored here
(only its hash exists, in ``CalendarFeedToken``).
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from nama.core.http import no_store
from nama.core.roles import Role, has_role
from nama.legal import services
from nama.legal.forms import CalendarFilterForm
from nama.legal.models import CalendarFeedToken, CalendarItem
from nama.legal.selectors import calendar_list_for_user, can_coordinate
from nama.legal.views import legal_staff_required, nav_context

# How far back unfinished items stay on the calendar, and how far ahead it looks.
PAST_DAYS = 30
AHEAD_DAYS = 120
FEED_PATH = "/calendar/{token}.ics"


def _chooses(user: Any) -> bool:
    """The coordinator and the director look at any lawyer's calendar."""
    return can_coordinate(user) or has_role(user, Role.DIRECTOR)


def _day(item: CalendarItem) -> date:
    if item.starts_at is not None:
        return timezone.localdate(item.starts_at)
    assert item.due_on is not None  # a deadline always has its day (a constraint)
    return item.due_on


def _days(items: list[CalendarItem]) -> list[tuple[date, list[CalendarItem]]]:
    ordered = sorted(items, key=lambda item: (_day(item), item.starts_at is None, item.pk))
    return [(day, list(group)) for day, group in groupby(ordered, key=_day)]


def _render_calendar(
    http_request: HttpRequest, *, feed_url: str = "", status: int = 200
) -> HttpResponse:
    user: Any = http_request.user
    chooses = _chooses(user)
    form = CalendarFilterForm(http_request.GET or None) if chooses else None
    chosen = form.values() if form is not None else {}
    lawyer: Any = user
    if chooses:
        lawyer = chosen.get("lawyer") or None
    items = calendar_list_for_user(
        user=user, lawyer=lawyer, governorate=chosen.get("governorate", "")
    )
    today = timezone.localdate()
    start = today - timedelta(days=PAST_DAYS)
    end = today + timedelta(days=AHEAD_DAYS)
    rows = [
        item
        for item in items
        if start <= _day(item) <= end and (item.done_at is None or _day(item) >= today)
    ]
    context = {
        **nav_context(user),
        "form": form,
        "days": _days(rows),
        "today": today,
        "feed_url": feed_url,
        "has_feed": CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).exists(),
        "is_lawyer": has_role(user, Role.LAWYER),
        "ahead_days": AHEAD_DAYS,
    }
    if form is not None:
        form.describe_fields()
    return no_store(render(http_request, "legal/calendar.html", context, status=status))


@never_cache
@require_GET
@legal_staff_required
def calendar(http_request: HttpRequest) -> HttpResponse:
    return _render_calendar(http_request)


@never_cache
@require_POST
@legal_staff_required
def calendar_feed(http_request: HttpRequest) -> HttpResponse:
    """Issue (``action=issue``) or revoke (``action=revoke``) the user's own feed secret."""
    user = http_request.user
    if http_request.POST.get("action") == "revoke":
        services.calendar_token_revoke(by=user, user=user)
        messages.success(http_request, _("Your calendar address no longer works."))
        return redirect("legal:calendar")
    token = services.calendar_token_issue(by=user, user=user)
    url = http_request.build_absolute_uri(FEED_PATH.format(token=token))
    return _render_calendar(http_request, feed_url=url)
