"""Reporting periods: a month, a quarter, a year, or any span of days."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import formats, translation
from django.utils.translation import gettext as _

__all__ = ["Period", "month_starts", "period_for"]


@dataclass(frozen=True)
class Period:
    kind: str  # PeriodKind value
    start: date
    end: date

    def label(self, language: str | None = None) -> str:
        """The period in words, in ``language`` (or the active language)."""
        with translation.override(language or translation.get_language()):
            if self.kind == "month":
                return formats.date_format(self.start, "YEAR_MONTH_FORMAT")
            if self.kind == "quarter":
                return _("Quarter %(quarter)s of %(year)s") % {
                    "quarter": (self.start.month - 1) // 3 + 1,
                    "year": self.start.year,
                }
            if self.kind == "year":
                return str(self.start.year)
            return _("%(start)s to %(end)s") % {
                "start": formats.date_format(self.start, "DATE_FORMAT"),
                "end": formats.date_format(self.end, "DATE_FORMAT"),
            }


def period_for(kind: str, day: date, end: date | None = None) -> Period:
    """The month, quarter or year containing ``day``; a custom period ``day``..``end``."""
    if kind == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(kind, day.replace(day=1), day.replace(day=last))
    if kind == "quarter":
        first_month = (day.month - 1) // 3 * 3 + 1
        last_month = first_month + 2
        last = calendar.monthrange(day.year, last_month)[1]
        return Period(kind, date(day.year, first_month, 1), date(day.year, last_month, last))
    if kind == "year":
        return Period(kind, date(day.year, 1, 1), date(day.year, 12, 31))
    if end is None or end < day:
        raise ValueError("a custom period needs an end on or after its start")
    return Period("custom", day, end)


def month_starts(start: date, end: date) -> list[date]:
    """The first day of every month from ``start``'s month to ``end``'s month."""
    months = []
    current = start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months
