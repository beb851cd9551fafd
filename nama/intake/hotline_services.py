"""Writes and lookups of the hotline operator's call screen (docs/intake.md, "The hotline").

Built on ``nama.intake.services``: a call that brings a new request creates
the request and its call log in one transaction; a caller who already has a
request is found by phone number (``services.request_find_by_contact``) or by
tracking code (:func:`request_find_by_tracking_code`), and the call is added
to that request instead of creating a duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from nama.core import ratelimit, tracking
from nama.core.audit import log_action
from nama.intake import services
from nama.intake.models import Request
from nama.intake.selectors import request_full_access_list_for_user

__all__ = ["StaffLookup", "request_create_from_call", "request_find_by_tracking_code"]


def request_create_from_call(
    *,
    by: Any,
    data: dict[str, Any],
    started_at: datetime | None,
    duration_seconds: int,
    summary: str = "",
    issue_code: bool = True,
) -> tuple[Request, tracking.TrackingCode | None]:
    """A new request from a hotline call, with the call in its call log.

    ``data`` as for ``services.request_create_by_operator``. Returns the
    request and, with ``issue_code``, the **plain** code for the operator to
    read out once. Nothing is kept if any part fails.
    """
    with transaction.atomic():
        request, code = services.request_create_by_operator(by=by, data=data, issue_code=issue_code)
        services.call_log_add(
            by=by,
            request=request,
            started_at=started_at,
            duration_seconds=duration_seconds,
            summary=summary,
        )
    return request, code


@dataclass(frozen=True)
class StaffLookup:
    outcome: services.LookupOutcome
    request: Request | None = None
    retry_after: int = 0


def request_find_by_tracking_code(*, by: Any, typed: str) -> StaffLookup:
    """The request a caller's tracking code opens, if ``by`` may read it in full.

    The same check as the public tracking page (``services.tracking_check``),
    throttled per staff member and per lookup part, so the hotline screen
    cannot be used to try codes in bulk. A code of a request outside the
    operator's governorates answers NOT_FOUND, like a wrong code. Audited with
    the outcome and the request's id, never the code.
    """
    *_limits, window = services.track_limits()
    client = ratelimit.client_key(
        f"staff-{by.pk}", scope=services.TRACK_SCOPE, window_seconds=window
    )
    result = services.tracking_check(typed=typed, client_key=client)
    request = result.request
    if (
        request is not None
        and not request_full_access_list_for_user(user=by).filter(pk=request.pk).exists()
    ):
        result = services.LookupResult(services.LookupOutcome.NOT_FOUND)
        request = None
    if result.outcome is not services.LookupOutcome.INVALID:
        log_action(
            by,
            "intake.tracking_code.checked_by_staff",
            request,
            {"outcome": result.outcome.value, "request": request.pk if request else None},
        )
    return StaffLookup(result.outcome, request, result.retry_after)
