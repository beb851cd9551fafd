"""Changes to the distribution log: bodies reported to, and what was sent to them.

Every function is atomic, takes the acting user as ``by=``, refuses users who
may not use the reports section and writes one audit entry (ids and field
names only: a body's contacts are not logged).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nama.core.audit import log_action
from nama.reports.access import can_use_reports
from nama.reports.models import Body, BuildStatus, Dispatch, ReportBuild

__all__ = [
    "BODY_FIELDS",
    "DISPATCH_FIELDS",
    "body_deactivate",
    "body_save",
    "dispatch_record",
    "dispatch_record_response",
    "dispatch_update",
]

# What staff set on a body and on a dispatch; the rest is set here.
BODY_FIELDS = (
    "name",
    "kind",
    "contact_name",
    "email",
    "phone",
    "address",
    "website",
    "notes",
    "active",
)
DISPATCH_FIELDS = ("body", "build", "item_title", "sent_on", "channel", "notes")


def _require_reports(by: Any) -> None:
    if not can_use_reports(by):
        raise PermissionDenied("reports staff only")


def _check_dispatch(dispatch: Dispatch) -> None:
    """What the database also refuses, said in words (and a build must be ready)."""
    build: ReportBuild | None = dispatch.build
    if build is None and not dispatch.item_title.strip():
        raise ValidationError(_("Choose a report or name what was sent."), code="what")
    if build is not None and build.status != BuildStatus.DONE:
        raise ValidationError(_("Only a report that is ready can be sent."), code="build")
    if dispatch.response_on is not None and dispatch.response_on < dispatch.sent_on:
        raise ValidationError(
            _("The response cannot have come before the report was sent."), code="response_on"
        )


@transaction.atomic
def body_save(*, by: Any, data: dict[str, Any], body: Body | None = None) -> Body:
    """Add a body or change one; logs which fields changed."""
    _require_reports(by)
    created = body is None
    body = body or Body()
    changed = [
        key for key in BODY_FIELDS if key in data and (created or getattr(body, key) != data[key])
    ]
    for key in changed:
        setattr(body, key, data[key])
    body.full_clean()
    body.save()
    log_action(by, "reports.body.saved", body, {"created": created, "fields": changed})
    return body


@transaction.atomic
def body_deactivate(*, by: Any, body: Body) -> Body:
    """No longer reported to: kept with its history, left out of the lists and choices."""
    _require_reports(by)
    if body.active:
        body.active = False
        body.save(update_fields=["active", "updated_at"])
        log_action(by, "reports.body.deactivated", body, {"body": body.pk})
    return body


@transaction.atomic
def dispatch_record(
    *,
    by: Any,
    body: Body,
    sent_on: date,
    channel: str,
    build: ReportBuild | None = None,
    item_title: str = "",
    notes: str = "",
) -> Dispatch:
    """Log that a report (a ready build) or another document was sent to ``body``."""
    _require_reports(by)
    dispatch = Dispatch(
        body=body,
        build=build,
        item_title=item_title.strip(),
        sent_on=sent_on,
        channel=channel,
        notes=notes,
        sent_by=by,
    )
    _check_dispatch(dispatch)
    dispatch.save()
    log_action(
        by,
        "reports.dispatch.saved",
        dispatch,
        {"created": True, "body": body.pk, "build": build.pk if build else None},
    )
    return dispatch


@transaction.atomic
def dispatch_update(*, by: Any, dispatch: Dispatch, data: dict[str, Any]) -> Dispatch:
    """Correct a dispatch (body, what, when, how, notes)."""
    _require_reports(by)
    if "item_title" in data:
        data = {**data, "item_title": (data["item_title"] or "").strip()}
    changed = [
        key for key in DISPATCH_FIELDS if key in data and getattr(dispatch, key) != data[key]
    ]
    for key in changed:
        setattr(dispatch, key, data[key])
    _check_dispatch(dispatch)
    dispatch.save()
    log_action(
        by,
        "reports.dispatch.saved",
        dispatch,
        {"created": False, "body": dispatch.body_id, "fields": changed},
    )
    return dispatch


@transaction.atomic
def dispatch_record_response(
    *, by: Any, dispatch: Dispatch, response: str, response_on: date
) -> Dispatch:
    """Record what the body answered, and when (not before the sending date)."""
    _require_reports(by)
    had_response = bool(dispatch.response or dispatch.response_on)
    dispatch.response = response
    dispatch.response_on = response_on
    _check_dispatch(dispatch)
    dispatch.save(update_fields=["response", "response_on"])
    log_action(
        by,
        "reports.dispatch.response",
        dispatch,
        {"body": dispatch.body_id, "replaced": had_response},
    )
    return dispatch
