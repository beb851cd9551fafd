"""Every read of legal records, scoped to the user (docs/legal.md, "Who sees what").

* **Legal coordinator**: every case, notes included.
* **Lawyer**: the cases assigned to them (notes included), and the cases of
  their governorates that nobody holds yet (the queue; no notes).
* **Director**: every case, never the notes (privileged).
* Everyone else: no case (404). Hotline operators see only a case's status,
  on the request it came from (``case_status_for_request``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, DateTimeField, Q, QuerySet
from django.db.models.functions import Cast, Coalesce

from nama.core.models import Governorate
from nama.core.roles import Role, has_role
from nama.core.scoping import get_object_for_user_or_404
from nama.legal.models import (
    CalendarItem,
    CaseNote,
    CaseStatus,
    Consultation,
    LawyerProfile,
    LegalCase,
)

__all__ = [
    "calendar_list_for_user",
    "can_coordinate",
    "can_read_notes",
    "case_get_for_user",
    "case_list_for_user",
    "case_status_for_request",
    "consultation_list_for_user",
    "in_time_order",
    "lawyer_suggestions",
    "note_list_for_case",
    "workload",
]

OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED)


def can_coordinate(user: Any) -> bool:
    """Assigns lawyers, sees every case and its notes."""
    return has_role(user, Role.LEGAL_COORDINATOR)


def _lawyer_governorates(user: Any) -> QuerySet[Governorate]:
    profile = LawyerProfile.objects.filter(user=user).first()
    if profile is not None and profile.governorates.exists():
        return profile.governorates.all()
    return Governorate.objects.filter(staff=user)


def _case_q(user: Any) -> Q | None:
    if can_coordinate(user) or has_role(user, Role.DIRECTOR):
        return Q()
    if has_role(user, Role.LAWYER):
        return Q(lawyer=user) | Q(
            lawyer__isnull=True, governorate__in=_lawyer_governorates(user).values("pk")
        )
    return None


def case_list_for_user(*, user: Any, status: str = "", mine: bool = False) -> QuerySet[LegalCase]:
    """Cases the user may read, newest first; ``status`` "open" means not closed."""
    query = _case_q(user)
    if query is None:
        return LegalCase.objects.none()
    cases = LegalCase.objects.filter(query).select_related(
        "governorate", "service", "lawyer", "client"
    )
    if status == "open":
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif status:
        cases = cases.filter(status=status)
    if mine:
        cases = cases.filter(lawyer=user)
    return cases.order_by("-opened_on", "-id")


def case_get_for_user(*, user: Any, pk: Any) -> LegalCase:
    """One case the user may read; 404 when missing, out of scope or malformed."""
    return get_object_for_user_or_404(case_list_for_user(user=user), pk=pk)


def can_read_notes(user: Any, case: LegalCase) -> bool:
    """Case notes are privileged: the assigned lawyer and the coordinator only."""
    if can_coordinate(user):
        return True
    return case.lawyer_id is not None and case.lawyer_id == getattr(user, "pk", None)


def note_list_for_case(*, user: Any, case: LegalCase) -> QuerySet[CaseNote]:
    """The notes of a case fetched through a selector; none for anyone else."""
    if not can_read_notes(user, case):
        return CaseNote.objects.none()
    return CaseNote.objects.filter(case=case).select_related("author")


def calendar_list_for_user(
    *, user: Any, lawyer: Any = None, governorate: str = ""
) -> QuerySet[CalendarItem]:
    """Hearings and deadlines of the cases the user may read (a lawyer's, a governorate's)."""
    items = CalendarItem.objects.filter(case__in=case_list_for_user(user=user).values("pk"))
    if lawyer is not None:
        items = items.filter(case__lawyer=lawyer)
    if governorate:
        items = items.filter(case__governorate__slug=governorate)
    return in_time_order(items.select_related("case", "case__lawyer", "case__governorate"))


def in_time_order(items: QuerySet[CalendarItem]) -> QuerySet[CalendarItem]:
    """Hearings and deadlines by when they fall (a deadline at the start of its day),
    the same on every database (NULLs sort differently on SQLite and PostgreSQL)."""
    return items.annotate(
        moment=Coalesce("starts_at", Cast("due_on", output_field=DateTimeField()))
    ).order_by("moment", "id")


def consultation_list_for_user(*, user: Any) -> QuerySet[Consultation]:
    """Consultations: the coordinator and the director all, lawyers those of their
    governorates and their own, hotline operators their own."""
    if can_coordinate(user) or has_role(user, Role.DIRECTOR):
        return Consultation.objects.all()
    if has_role(user, Role.LAWYER):
        return Consultation.objects.filter(
            Q(given_by=user) | Q(governorate__in=_lawyer_governorates(user).values("pk"))
        )
    if has_role(user, Role.HOTLINE_OPERATOR):
        return Consultation.objects.filter(given_by=user)
    return Consultation.objects.none()


def workload() -> QuerySet[LawyerProfile]:
    """Every lawyer with the number of open cases they hold (for the coordinator)."""
    return (
        LawyerProfile.objects.select_related("user")
        .prefetch_related("governorates")
        .annotate(
            open_cases=Count(
                "user__legal_cases", filter=Q(user__legal_cases__status__in=OPEN_STATUSES)
            )
        )
        .order_by("user__first_name", "user__username")
    )


def lawyer_suggestions(*, case: LegalCase) -> list[LawyerProfile]:
    """Active lawyers serving the case's governorate, least loaded (relative to their
    capacity) first; then the other active lawyers. For the coordinator to choose."""
    lawyers = list(workload().filter(active=True, user__is_active=True))

    def key(profile: Any) -> tuple[int, float]:
        served = list(profile.governorates.all()) or list(profile.user.governorates.all())
        serves = any(g.pk == case.governorate_id for g in served)
        return (0 if serves else 1, profile.open_cases / max(1, profile.capacity))

    return sorted(lawyers, key=key)


def case_status_for_request(*, request: Any) -> list[LegalCase]:
    """The cases an intake request became, for showing their status only."""
    return list(LegalCase.objects.filter(intake_requests=request).only("pk", "reference", "status"))
