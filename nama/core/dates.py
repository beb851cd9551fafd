"""Dates with a precision (DESIGN.md §5): "the 3rd of May", "May 2026", "2026", or unknown.

A date is stored as a full Gregorian date plus its precision; a date known
only to the month is stored on the 1st, one known only to the year on the
1st of January, and shown accordingly (``date_with_precision``).
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

__all__ = ["DatePrecision", "date_with_precision", "normalise_to_precision"]


class DatePrecision(models.TextChoices):
    EXACT = "exact", _("exact day")
    MONTH = "month", _("month only")
    YEAR = "year", _("year only")
    UNKNOWN = "unknown", _("unknown")


def normalise_to_precision(day: date | None, precision: str) -> date | None:
    """The stored form of ``day`` for ``precision``: the 1st of the month or of January."""
    if day is None or precision == DatePrecision.UNKNOWN:
        return None
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    return day


def date_with_precision(day: date | None, precision: str) -> str:
    """``day`` written no more exactly than it is known, in the active language."""
    if day is None or precision == DatePrecision.UNKNOWN:
        return str(_("unknown"))
    if precision == DatePrecision.YEAR:
        return str(day.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(day, "YEAR_MONTH_FORMAT")
    return formats.date_format(day, "DATE_FORMAT")
