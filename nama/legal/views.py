"""Staff pages of the legal unit: the case list (the landing page), the workload and
the consultations. The page of one case is in ``case_views``, the calendar in
``calendar_views``.

Every read goes through ``nama.legal.selectors`` (out of scope answers 404)
and every write through ``nama.legal.services``. Actions are plain POST forms
that redirect on success and show the page again (400) with the errors and
what was typed on failure.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nama.accounts.decorators import verified_staff_required
from nama.core.http import no_store
from nama.core.roles import Role, Section, can_access_workspace_section, has_role
from nama.legal import services
from nama.legal.forms import NOBODY, CaseFilterForm, ConsultationForm, ConvertForm
from nama.legal.models import CalendarItem, ItemKind
from nama.legal.selectors import (
    can_coordinate,
    case_list_for_user,
    consultation_list_for_user,
)
from nama.legal.selectors import workload as workload_rows

PAGE_SIZE = 30
UPCOMING_DAYS = 14

View = Callable[..., HttpResponseBase]


def legal_staff_required(view: View) -> View:
    """Verified staff whose roles include the legal section; everyone else gets 404."""

    @verified_staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_access_workspace_section(request.user, Section.LEGAL):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def may_log_consultations(user: Any) -> bool:
    return has_role(user, Role.LAWYER, Role.LEGAL_COORDINATOR, Role.HOTLINE_OPERATOR)


def may_convert(user: Any) -> bool:
    return has_role(user, Role.LAWYER, Role.LEGAL_COORDINATOR)


def consultation_staff_required(view: View) -> View:
    """The legal section, and hotline operators (who give first advice on the phone)."""

    @verified_staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not (
            can_access_workspace_section(user, Section.LEGAL)
            or has_role(user, Role.HOTLINE_OPERATOR)
        ):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def nav_context(user: Any) -> dict[str, Any]:
    return {
        "can_coordinate": can_coordinate(user),
        "in_legal_section": can_access_workspace_section(user, Section.LEGAL),
    }


def _page(http_request: HttpRequest, items: Any, param: str = "page") -> Any:
    return Paginator(items, PAGE_SIZE).get_page(http_request.GET.get(param))


# ---------------------------------------------------------------------------
# The case list


def _lawyer_sections(http_request: HttpRequest) -> dict[str, Any]:
    user: Any = http_request.user
    now = timezone.now()
    today = timezone.localdate()
    open_cases = case_list_for_user(user=user, status="open")
    items = CalendarItem.objects.filter(
        case__in=case_list_for_user(user=user, status="open", mine=True).values("pk"),
        done_at__isnull=True,
    ).select_related("case")
    return {
        "mine": _page(http_request, open_cases.filter(lawyer=user)),
        "unassigned": open_cases.filter(lawyer__isnull=True)[:PAGE_SIZE],
        "hearings": items.filter(
            kind=ItemKind.HEARING,
            starts_at__gte=now,
            starts_at__lte=now + timedelta(days=UPCOMING_DAYS),
        ).order_by("starts_at"),
        "overdue": items.filter(kind=ItemKind.DEADLINE, due_on__lt=today).order_by("due_on"),
        "upcoming_days": UPCOMING_DAYS,
    }


def _coordinator_sections(http_request: HttpRequest) -> dict[str, Any]:
    user = http_request.user
    form = CaseFilterForm(http_request.GET or None)
    chosen = form.values() if http_request.GET else {"status": "open"}
    status = "" if chosen.get("status") == "all" else chosen.get("status", "open")
    cases = case_list_for_user(user=user, status=status)
    if chosen.get("governorate"):
        cases = cases.filter(governorate__slug=chosen["governorate"])
    if chosen.get("lawyer") == NOBODY:
        cases = cases.filter(lawyer__isnull=True)
    elif chosen.get("lawyer"):
        cases = cases.filter(lawyer_id=int(chosen["lawyer"]))
    unassigned = case_list_for_user(user=user, status="open").filter(lawyer__isnull=True)
    query = http_request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "unassigned": unassigned.order_by("opened_on", "id")[:PAGE_SIZE],
        "unassigned_count": unassigned.count(),
        "cases": _page(http_request, cases),
        "query": query.urlencode(),
    }


@never_cache
@require_GET
@legal_staff_required
def cases(http_request: HttpRequest) -> HttpResponse:
    """Lawyers: their cases, their governorates' queue, hearings soon, deadlines passed.
    The coordinator and the director: every case, the unassigned first, with filters."""
    user = http_request.user
    lawyer_view = has_role(user, Role.LAWYER) and not (
        can_coordinate(user) or has_role(user, Role.DIRECTOR)
    )
    context = nav_context(user)
    context["lawyer_view"] = lawyer_view
    context.update(
        _lawyer_sections(http_request) if lawyer_view else _coordinator_sections(http_request)
    )
    return no_store(render(http_request, "legal/case_list.html", context))


# ---------------------------------------------------------------------------
# Workload (the coordinator)


@never_cache
@require_GET
@legal_staff_required
def workload(http_request: HttpRequest) -> HttpResponse:
    """Each lawyer: governorates served, open cases against capacity, hearings soon."""
    user = http_request.user
    if not can_coordinate(user):
        raise Http404
    now = timezone.now()
    hearings = dict(
        CalendarItem.objects.filter(
            kind=ItemKind.HEARING,
            done_at__isnull=True,
            starts_at__gte=now,
            starts_at__lte=now + timedelta(days=UPCOMING_DAYS),
            case__lawyer__isnull=False,
        )
        .values_list("case__lawyer")
        .annotate(n=Count("pk"))
        .values_list("case__lawyer", "n")
    )
    rows = [
        {
            "profile": profile,
            "hearings": hearings.get(profile.user_id, 0),
            "full": getattr(profile, "open_cases", 0) >= profile.capacity,
        }
        for profile in workload_rows()
    ]
    context = {**nav_context(user), "rows": rows, "upcoming_days": UPCOMING_DAYS}
    return no_store(render(http_request, "legal/workload.html", context))


# ---------------------------------------------------------------------------
# Consultations


def _render_consultations(
    http_request: HttpRequest, *, form: ConsultationForm | None = None, status: int = 200
) -> HttpResponse:
    user = http_request.user
    form = form or ConsultationForm()
    form.describe_fields()
    items = consultation_list_for_user(user=user).select_related(
        "governorate", "service", "given_by", "converted_to"
    )
    context = {
        **nav_context(user),
        "form": form,
        "may_log": may_log_consultations(user),
        "may_convert": may_convert(user),
        "convert_form": ConvertForm(),
        "page": _page(http_request, items),
        "follow_up_count": items.filter(follow_up_needed=True, converted_to__isnull=True).count(),
    }
    return no_store(render(http_request, "legal/consultations.html", context, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
@consultation_staff_required
def consultations(http_request: HttpRequest) -> HttpResponse:
    """The consultations the user may read, and the one-minute log form."""
    if http_request.method != "POST":
        return _render_consultations(http_request)
    if not may_log_consultations(http_request.user):
        raise Http404
    form = ConsultationForm(http_request.POST)
    if not form.is_valid():
        return _render_consultations(http_request, form=form, status=400)
    try:
        services.consultation_log(by=http_request.user, data=form.service_data())
    except ValidationError as exc:
        for error in exc.messages:
            form.add_error(None, error)
        return _render_consultations(http_request, form=form, status=400)
    messages.success(http_request, _("The consultation was logged."))
    return redirect("legal:consultations")


@never_cache
@require_POST
@consultation_staff_required
def consultation_convert(http_request: HttpRequest, pk: int) -> HttpResponse:
    """Turn a consultation into a case: the coordinator and lawyers."""
    user = http_request.user
    if not may_convert(user):
        raise Http404
    consultation = consultation_list_for_user(user=user).filter(pk=pk).first()
    if consultation is None:
        raise Http404
    form = ConvertForm(http_request.POST)
    if not form.is_valid():
        messages.error(http_request, _("Choose the service of the case."))
        return redirect("legal:consultations")
    try:
        case = services.consultation_convert(
            by=user, consultation=consultation, service=form.chosen_service()
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(http_request, error)
        return redirect("legal:consultations")
    messages.success(
        http_request,
        _("The consultation became case %(reference)s.") % {"reference": case.reference},
    )
    if case_list_for_user(user=user).filter(pk=case.pk).exists():
        return redirect("legal:case", pk=case.pk)
    return redirect("legal:consultations")
