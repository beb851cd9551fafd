"""Template filters of the accounts pages."""

from __future__ import annotations

import math
from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def whole_minutes(value: timedelta | None) -> int:
    """A duration in minutes, rounded up (a lockout of 90 seconds reads "2 minutes")."""
    if value is None:
        return 0
    return max(1, math.ceil(value.total_seconds() / 60))
