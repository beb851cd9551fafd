"""The month calendar of public events: weeks of days, each with its events.

Weeks start on Saturday (the Iraqi week). Days are those of ``TIME_ZONE``
(Asia/Baghdad): an event is on every local day it overlaps. Built from the
published events only (``event_selectors.events_in_range``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

from nama.outreach.event_selectors import events_in_range

__all__ = ["Day", "Month", "month_of", "parse_month"]

FIRST_WEEKDAY = calendar.SATURDAY
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


@dataclass
class Day:
    day: date
    in_month: bool
    is_today: bool
    events: list[Any] = field(default_factory=list)


@dataclass
class Month:
    first: date
    weeks: list[list[Day]]
    weekdays: list[tuple[str, str]]  # (full name, abbreviation), Saturday first
    previous: date
    next: date

    @property
    def days_with_events(self) -> list[Day]:
        return [d for week in self.weeks for d in week if d.in_month and d.events]

    @property
    def key(self) -> str:
        return f"{self.first:%Y-%m}"


def parse_month(value: str | None, today: date) -> date:
    """The first day of the month ``YYYY-MM``; this month when absent or odd."""
    match = _MONTH.fullmatch((value or "").strip())
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1900 <= year <= 2200 and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def month_of(first: date, today: date | None = None) -> Month:
    today = today or timezone.localdate()
    weeks_of_dates = calendar.Calendar(FIRST_WEEKDAY).monthdatescalendar(first.year, first.month)
    grid_start, grid_end = weeks_of_dates[0][0], weeks_of_dates[-1][-1] + timedelta(days=1)
    days: dict[date, Day] = {}
    weeks = []
    for week in weeks_of_dates:
        row = []
        for day in week:
            cell = Day(day=day, in_month=day.month == first.month, is_today=day == today)
            days[day] = cell
            row.append(cell)
        weeks.append(row)
    for event in events_in_range(_aware(grid_start), _aware(grid_end)):
        start = timezone.localtime(event.starts_at).date()
        end = timezone.localtime(event.ends_at).date()
        day = max(start, grid_start)
        while day <= end and day < grid_end:
            days[day].events.append(event)
            day += timedelta(days=1)
    order = [(FIRST_WEEKDAY + i) % 7 for i in range(7)]
    weekdays = [(str(WEEKDAYS[i]), str(WEEKDAYS_ABBR[i])) for i in order]
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Month(first=first, weeks=weeks, weekdays=weekdays, previous=previous, next=following)
