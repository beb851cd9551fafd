"""Every read of intake requests, scoped to the user (docs/intake.md, "Who sees what").

Two levels of access:

* **full** (narrative, thread, notes, calls, files; never the identity, which
  is revealed only through ``services.complainant_reveal``): the director,
  everywhere; hotline operators, for requests of their governorates and
  requests without a governorate.
* **status** (reference, type, governorate, urgency, status, dates): the
  legal unit for requests routed to legal (lawyers in their governorates, the
  legal coordinator everywhere), monitors for requests routed to monitoring in
  their governorates.

Everyone else (analysts for now, the system administrator, trainers,
editors, accounts without a role) sees no request: every lookup answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nama.core.roles import Role, has_role, scoped_governorates
from nama.core.scoping import get_object_for_user_or_404
from nama.intake.models import (
    CallLog,
    InternalNote,
    Message,
    MessageDirection,
    Request,
    RequestStatus,
    RouteTarget,
)

__all__ = [
    "FULL",
    "STATUS",
    "PublicMessage",
    "PublicStatus",
    "call_list_for_request",
    "message_list_for_request",
    "note_list_for_request",
    "public_status_for_request",
    "register_public_status_provider",
    "request_access_level",
    "request_full_access_list_for_user",
    "request_get_for_user",
    "request_get_full_for_user",
    "request_list_for_user",
]

FULL = "full"
STATUS = "status"

# What the complainant reads on the tracking page: whole translated sentences.
PUBLIC_STATUS_TEXT: dict[str, Promise] = {
    RequestStatus.NEW: _("We have received your request. It is waiting to be reviewed."),
    RequestStatus.TRIAGED: _("Our team is reviewing your request."),
    RequestStatus.ROUTED_LEGAL: _("Your request has been passed to our legal unit."),
    RequestStatus.ROUTED_MONITORING: _("Your request has been passed to our monitoring team."),
    RequestStatus.CLOSED: _("Your request has been closed. You can still read the messages."),
}


def _full_q(user: Any) -> Q | None:
    """Rows the user may read in full, or None for none."""
    if has_role(user, Role.DIRECTOR):
        return Q()
    if has_role(user, Role.HOTLINE_OPERATOR):
        # Requests with no governorate yet ("unknown") reach every operator.
        return Q(governorate__in=scoped_governorates(user).values("pk")) | Q(
            governorate__isnull=True
        )
    return None


def _status_q(user: Any) -> Q | None:
    """Rows the user may see at status level (routed to their unit), or None."""
    query: Q | None = None
    in_scope = Q(governorate__in=scoped_governorates(user).values("pk"))
    parts = []
    if has_role(user, Role.LEGAL_COORDINATOR):
        parts.append(Q(route_target=RouteTarget.LEGAL))
    elif has_role(user, Role.LAWYER):
        parts.append(Q(route_target=RouteTarget.LEGAL) & in_scope)
    if has_role(user, Role.MONITOR):
        parts.append(Q(route_target=RouteTarget.MONITORING) & in_scope)
    for part in parts:
        query = part if query is None else query | part
    return query


def request_full_access_list_for_user(*, user: Any) -> QuerySet[Request]:
    """Requests the user may read in full (and act on: triage, assign, route, close)."""
    full = _full_q(user)
    if full is None:
        return Request.objects.none()
    return Request.objects.filter(full)


def request_list_for_user(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Request]:
    """Requests the user may see at any level, newest first.

    ``filters`` (all optional): ``status``, ``governorate`` (slug),
    ``request_type`` (term code), ``urgency``, ``assignee`` (user id),
    ``received_before`` (date: older than). Unknown keys are ignored.
    """
    full = _full_q(user)
    status = _status_q(user)
    if full is None and status is None:
        return Request.objects.none()
    query = full if status is None else status if full is None else full | status
    requests = Request.objects.filter(query).select_related(
        "governorate", "request_type", "channel", "assignee"
    )
    filters = filters or {}
    if filters.get("status"):
        requests = requests.filter(status=filters["status"])
    if filters.get("governorate"):
        requests = requests.filter(governorate__slug=filters["governorate"])
    if filters.get("request_type"):
        requests = requests.filter(request_type__code=filters["request_type"])
    if filters.get("urgency"):
        requests = requests.filter(urgency=filters["urgency"])
    if filters.get("assignee"):
        requests = requests.filter(assignee_id=filters["assignee"])
    if isinstance(filters.get("received_before"), date):
        requests = requests.filter(received_on__lt=filters["received_before"])
    return requests.order_by("-received_on", "-id")


def request_get_for_user(*, user: Any, pk: Any) -> Request:
    """One request the user may see; 404 when missing, out of scope or malformed."""
    return get_object_for_user_or_404(request_list_for_user(user=user), pk=pk)


def request_get_full_for_user(*, user: Any, pk: Any) -> Request:
    """One request the user may read in full and act on; 404 otherwise."""
    return get_object_for_user_or_404(
        request_full_access_list_for_user(user=user).select_related(
            "governorate", "request_type", "channel", "assignee"
        ),
        pk=pk,
    )


class AccessLevels:
    """Decides the access level of many rows for one user with at most one query."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.director = has_role(user, Role.DIRECTOR)
        self.operator = has_role(user, Role.HOTLINE_OPERATOR)
        self._governorates: set[int] | None = None

    def _scope(self) -> set[int]:
        if self._governorates is None:
            self._governorates = set(scoped_governorates(self.user).values_list("pk", flat=True))
        return self._governorates

    def level(self, request: Request) -> str:
        if self.director:
            return FULL
        if self.operator and (
            request.governorate_id is None or request.governorate_id in self._scope()
        ):
            return FULL
        return STATUS


def request_access_level(*, user: Any, request: Request) -> str:
    """``"full"`` or ``"status"`` for a request already fetched through a selector."""
    return AccessLevels(user).level(request)


def message_list_for_request(*, request: Request) -> QuerySet[Message]:
    """The thread of a request fetched with full access, oldest first."""
    return Message.objects.filter(request=request).select_related("author")


def note_list_for_request(*, request: Request) -> QuerySet[InternalNote]:
    """Internal notes of a request fetched with full access; never for the complainant."""
    return InternalNote.objects.filter(request=request).select_related("author")


def call_list_for_request(*, request: Request) -> QuerySet[CallLog]:
    """Calls about a request fetched with full access, newest first."""
    return CallLog.objects.filter(request=request).select_related("operator")


@dataclass(frozen=True)
class PublicMessage:
    from_centre: bool
    body: str
    day: date


@dataclass(frozen=True)
class PublicStatus:
    status: str
    text: str
    messages: list[PublicMessage] = field(default_factory=list)


# Apps that take over a routed request (monitoring, legal) may say more about
# where it stands: ``provider(request)`` returns a whole translated sentence
# for the complainant, or None to leave the intake's own.
PublicStatusProvider = Callable[[Request], str | None]
PUBLIC_STATUS_PROVIDERS: list[PublicStatusProvider] = []


def register_public_status_provider(provider: PublicStatusProvider) -> None:
    if provider not in PUBLIC_STATUS_PROVIDERS:
        PUBLIC_STATUS_PROVIDERS.append(provider)


def _public_status_text(request: Request) -> str:
    for provider in PUBLIC_STATUS_PROVIDERS:
        text = provider(request)
        if text:
            return text
    return str(PUBLIC_STATUS_TEXT[request.status])


def public_status_for_request(request: Request) -> PublicStatus:
    """What the holder of the tracking code may read: the status in plain words (in the
    active language) and the thread, by day. No internal note, no staff name, no
    reference number, nothing about the complainant."""
    messages = [
        PublicMessage(
            from_centre=message.direction == MessageDirection.TO_COMPLAINANT,
            body=message.body,
            day=timezone.localtime(message.created_at).date(),
        )
        for message in Message.objects.filter(request=request).order_by("created_at", "id")
    ]
    return PublicStatus(status=request.status, text=_public_status_text(request), messages=messages)
