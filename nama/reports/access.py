"""Who may use the reports section (DESIGN.md §2).

Analysts and the director work with statistics, reports and the distribution
log; only the director approves a report for publication. Everyone else (the
system administrator included) gets 404. The public reads approved reports
and published, suppressed figures through the portal and the API.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from nama.accounts.decorators import verified_staff_required
from nama.core.roles import Role, Section, can_access_workspace_section, has_role

__all__ = ["can_approve_reports", "can_use_reports", "reports_staff_required"]

View = Callable[..., HttpResponseBase]


def can_use_reports(user: Any) -> bool:
    """Statistics, dashboards, report drafting and distribution: analysts and the director."""
    return can_access_workspace_section(user, Section.REPORTS)


def can_approve_reports(user: Any) -> bool:
    """Approving a report for the public portal, or withdrawing it: the director."""
    return has_role(user, Role.DIRECTOR)


def reports_staff_required(view: View) -> View:
    """Verified staff of the reports section; everyone else gets 404."""

    @verified_staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_use_reports(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
