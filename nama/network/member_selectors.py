"""Every read of network members, scoped to the user (docs/network.md, "Members").

* **Training coordinator, director**: every member in every status and
  governorate (applications included).
* **Trainer**: the accepted members of their own governorates.
* Everyone else: nothing (lists empty, one member 404).

What of a member a reader may see (contacts, protection) is decided by
``nama.network.access``; the selectors only decide *which* members.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, TextField
from django.db.models.functions import Cast

from nama.core.fields import blind_index_filter
from nama.core.models import Governorate, Term
from nama.core.roles import Role, has_role
from nama.core.scoping import get_object_for_user_or_404, scope_by_governorate
from nama.network.access import can_review_applications, can_see_all_members
from nama.network.models import Member, MemberStatus
from nama.reports.disclosure import default_threshold, suppress_table

__all__ = [
    "AREA_VOCABULARY",
    "MemberFilters",
    "application_list_for_user",
    "area_terms",
    "member_counts",
    "member_filter",
    "member_get_for_user_or_404",
    "member_list_for_user",
]

# Areas of work are the HURIDOCS "rights affected" terms (vocabularies.yaml).
AREA_VOCABULARY = "right_affected"
COUNT_DIMENSIONS = ("governorate", "area")


def area_terms() -> QuerySet[Term]:
    """The active terms members choose their areas of work from."""
    return Term.objects.of(AREA_VOCABULARY).active().order_by("sort_order", "code")


def member_list_for_user(*, user: Any) -> QuerySet[Member]:
    """Members the user may read: all for the coordinator and the director,
    accepted members of their governorates for trainers, none for others."""
    members = Member.objects.select_related("governorate")
    if can_see_all_members(user):
        return members
    if has_role(user, Role.TRAINER):
        accepted = members.filter(status=MemberStatus.ACCEPTED)
        # Trainers are never nationwide by role: their own governorates only.
        return accepted.filter(governorate__in=_own_governorates(user))
    return Member.objects.none()


def _own_governorates(user: Any) -> QuerySet[Governorate]:
    """The governorates on the account; a trainer who also holds a nationwide
    role reads everything through that role, so this is only for trainers."""
    return scope_by_governorate(Governorate.objects.all(), user, field="pk")


def member_get_for_user_or_404(*, user: Any, pk: Any) -> Member:
    """One member the user may read; 404 for missing and out of scope alike."""
    return get_object_for_user_or_404(member_list_for_user(user=user), pk=pk)


def application_list_for_user(*, user: Any) -> QuerySet[Member]:
    """Applications waiting for review, oldest first: reviewers only."""
    if not can_review_applications(user):
        return Member.objects.none()
    waiting = member_list_for_user(user=user).filter(status=MemberStatus.APPLIED)
    return waiting.order_by("created_at", "pk")


@dataclass(frozen=True)
class MemberFilters:
    """The directory's filters; empty values filter nothing."""

    kind: str = ""
    governorate: Governorate | None = None
    area: Term | None = None
    language: str = ""
    skill: str = ""
    status: str = ""
    name: str = ""


def member_filter(members: QuerySet[Member], filters: MemberFilters) -> QuerySet[Member]:
    """Narrow an already scoped queryset. The name goes through its blind index:
    every word typed must match a word of the name (normalised)."""
    if filters.kind:
        members = members.filter(kind=filters.kind)
    if filters.governorate is not None:
        members = members.filter(governorate=filters.governorate)
    if filters.area is not None:
        members = members.filter(
            pk__in=Member.objects.filter(areas_of_work=filters.area).values("pk")
        )
    if filters.language:
        # JSON "contains" is not available on SQLite; the list's text holds each
        # code in quotes ('["ar", "ckb"]') on both databases, so "ar" never
        # matches inside another code.
        members = members.annotate(languages_text=Cast("languages", TextField())).filter(
            languages_text__contains=json.dumps(filters.language)
        )
    if filters.skill:
        members = members.filter(skills__icontains=filters.skill)
    if filters.status:
        members = members.filter(status=filters.status)
    if filters.name.strip():
        members = blind_index_filter(members, "name_tokens", filters.name)
    return members


def member_counts(*, by: str, threshold: int | None = None) -> dict[str, Any]:
    """De-identified counts of accepted members by ``governorate`` or ``area``
    (area of work), shaped like ``nama.reports.indicators`` tables with small
    numbers hidden (``nama.reports.disclosure``): a count of 1 to 4 could point
    at a person. A member with several areas counts once in each; the total
    is the number of members.
    """
    if by not in COUNT_DIMENSIONS:
        raise ValueError(f"member_counts(by=...) must be one of {COUNT_DIMENSIONS}")
    accepted = Member.objects.filter(status=MemberStatus.ACCEPTED)
    rows: list[dict[str, Any]]
    if by == "governorate":
        found = dict(
            accepted.values_list("governorate")
            .annotate(n=Count("pk"))
            .values_list("governorate", "n")
        )
        rows = [
            {"key": g.slug, "label": g.name, "value": found.get(g.pk, 0)}
            for g in Governorate.objects.order_by("sort_order", "slug")
        ]
    else:
        found = dict(
            Term.objects.filter(network_members__status=MemberStatus.ACCEPTED)
            .annotate(n=Count("network_members"))
            .values_list("pk", "n")
        )
        rows = [
            {"key": t.code, "label": t.name, "value": found.get(t.pk, 0)}
            for t in Term.objects.of(AREA_VOCABULARY).order_by("sort_order", "code")
            if found.get(t.pk, 0) or t.retired_at is None
        ]
    table = {"dimension": by, "rows": rows, "total": accepted.count()}
    return suppress_table(table, default_threshold() if threshold is None else threshold)
