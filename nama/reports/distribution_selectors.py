"""Reads of the distribution log, for reports staff only (others get nothing or 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from nama.core.scoping import get_object_for_user_or_404
from nama.reports.access import can_use_reports
from nama.reports.models import Body, BodyKind, BuildStatus, Dispatch, ReportBuild

__all__ = [
    "body_get_for_user",
    "body_list_for_user",
    "build_choices_for_user",
    "dispatch_get_for_user",
    "dispatch_list_for_user",
    "received_by_body",
]


# Bodies are listed in the order of their kinds' declaration: UN first.
KIND_ORDER = {kind: position for position, kind in enumerate(BodyKind.values)}


def _kind_order() -> Case:
    return Case(
        *(When(kind=kind, then=Value(position)) for kind, position in KIND_ORDER.items()),
        default=Value(len(KIND_ORDER)),
        output_field=IntegerField(),
    )


def body_list_for_user(
    user: Any, *, kind: str = "", include_inactive: bool = False, q: str = ""
) -> QuerySet[Body]:
    """Bodies with their number of dispatches, by kind then name; ``q`` searches the name,
    the contact person and the e-mail address."""
    if not can_use_reports(user):
        return Body.objects.none()
    bodies = Body.objects.annotate(dispatch_count=Count("dispatches"))
    if kind and kind in BodyKind.values:
        bodies = bodies.filter(kind=kind)
    if not include_inactive:
        bodies = bodies.filter(active=True)
    q = q.strip()
    if q:
        bodies = bodies.filter(
            Q(name__icontains=q) | Q(contact_name__icontains=q) | Q(email__icontains=q)
        )
    return bodies.order_by(_kind_order(), "name", "pk")


def body_get_for_user(user: Any, pk: Any) -> Body:
    """One body (active or not); 404 when missing or for users outside reports."""
    return get_object_for_user_or_404(body_list_for_user(user, include_inactive=True), pk=pk)


def dispatch_list_for_user(
    user: Any,
    *,
    body: Body | None = None,
    year: int | None = None,
    build: ReportBuild | None = None,
) -> QuerySet[Dispatch]:
    """What was sent, newest first, with the body, the report and who sent it."""
    if not can_use_reports(user):
        return Dispatch.objects.none()
    dispatches = Dispatch.objects.select_related("body", "build__report", "sent_by")
    if body is not None:
        dispatches = dispatches.filter(body=body)
    if year is not None:
        dispatches = dispatches.filter(sent_on__year=year)
    if build is not None:
        dispatches = dispatches.filter(build=build)
    return dispatches.order_by("-sent_on", "-pk")


def dispatch_get_for_user(user: Any, pk: Any) -> Dispatch:
    return get_object_for_user_or_404(dispatch_list_for_user(user), pk=pk)


def build_choices_for_user(user: Any) -> QuerySet[ReportBuild]:
    """Builds that may be sent: finished ones, newest report first."""
    if not can_use_reports(user):
        return ReportBuild.objects.none()
    return (
        ReportBuild.objects.filter(status=BuildStatus.DONE)
        .select_related("report")
        .order_by("-report__period_end", "report__reference", "-number")
    )


def received_by_body(user: Any, year: int) -> list[tuple[Body, list[Dispatch]]]:
    """Each body with what it was sent in ``year`` (oldest first): every active body,
    and inactive ones that received something that year. Two queries in all."""
    if not can_use_reports(user):
        return []
    received: dict[int, list[Dispatch]] = {}
    bodies: dict[int, Body] = {}
    dispatches = (
        Dispatch.objects.filter(sent_on__year=year)
        .select_related("body", "build__report", "sent_by")
        .order_by("sent_on", "pk")
    )
    for dispatch in dispatches:
        bodies.setdefault(dispatch.body_id, dispatch.body)
        received.setdefault(dispatch.body_id, []).append(dispatch)
    for body in Body.objects.filter(active=True).exclude(pk__in=list(bodies)):
        bodies[body.pk] = body
    ordered = sorted(
        bodies.values(),
        key=lambda b: (KIND_ORDER.get(b.kind, len(KIND_ORDER)), b.name.casefold(), b.pk),
    )
    return [(body, received.get(body.pk, [])) for body in ordered]
