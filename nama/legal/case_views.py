"""The page of one legal case, its actions and its documents.

The case is always fetched with ``selectors.case_get_for_user`` (lawyer B gets
404 on lawyer A's case and on every action on it). What each reader sees:

* the client's identity: the coordinator and the assigned lawyer; others read
  "Client #id";
* privileged notes (and their form): ``selectors.can_read_notes`` only;
* documents: those who work on the case and the director (``case_files``).

A service that refuses for lack of right (``PermissionDenied``) answers 404
like anything out of scope.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from nama.core.evidence.views import download_or_back
from nama.core.http import no_store
from nama.intake.selectors import request_list_for_user
from nama.legal import case_files, services
from nama.legal.forms import (
    AssignForm,
    AttachForm,
    DeadlineForm,
    DoneForm,
    HearingForm,
    NoteForm,
    StatusForm,
    TimeForm,
)
from nama.legal.models import CalendarItem, CaseAssignment, ItemKind, LegalCase
from nama.legal.selectors import (
    can_coordinate,
    can_read_notes,
    case_get_for_user,
    case_list_for_user,
    note_list_for_case,
)
from nama.legal.views import legal_staff_required, nav_context


def _forms(case: LegalCase) -> dict[str, Any]:
    return {
        "assign": AssignForm(
            prefix="assign", case=case, initial={"lawyer": str(case.lawyer_id or "")}
        ),
        "status": StatusForm(
            prefix="status", initial={"status": case.status, "outcome": case.outcome}
        ),
        "note": NoteForm(prefix="note"),
        "hearing": HearingForm(prefix="hearing"),
        "deadline": DeadlineForm(prefix="deadline"),
        "time": TimeForm(prefix="time"),
        "attach": AttachForm(prefix="attach"),
    }


def _requests(user: Any, case: LegalCase) -> list[tuple[Any, bool]]:
    """(request, may open it) for the intake requests the case came from."""
    linked = list(case.intake_requests.only("pk", "reference"))
    readable = set(
        request_list_for_user(user=user)
        .filter(pk__in=[r.pk for r in linked])
        .values_list("pk", flat=True)
    )
    return [(r, r.pk in readable) for r in linked]


def _hours(total: Decimal | None) -> str:
    """3.50 → "3.5", 4.00 → "4"."""
    return f"{(total or Decimal('0')).normalize():f}"


def _render_case(
    http_request: HttpRequest,
    case: LegalCase,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = http_request.user
    forms = _forms(case)
    forms.update(bound or {})
    for form in forms.values():
        form.describe_fields()
    time_entries = case.time_entries.select_related("lawyer")
    context = {
        **nav_context(user),
        "case": case,
        "forms": forms,
        "bound": bound or {},
        "shows_identity": can_read_notes(user, case),
        "reads_notes": can_read_notes(user, case),
        "works_on": case_files.can_work_on(user, case),
        "coordinates": can_coordinate(user),
        "notes": note_list_for_case(user=user, case=case),
        "requests": _requests(user, case),
        "assignments": CaseAssignment.objects.filter(case=case).select_related(
            "lawyer", "assigned_by"
        ),
        "items": CalendarItem.objects.filter(case=case).order_by(
            "done_at", "due_on", "starts_at", "id"
        ),
        "time_entries": time_entries,
        "total_hours": _hours(time_entries.aggregate(total=Sum("hours"))["total"]),
        "reads_files": case_files.can_read_files(user, case),
        "files": case_files.file_list(user=user, case=case),
    }
    return no_store(render(http_request, "legal/case_detail.html", context, status=status))


@never_cache
@require_GET
@legal_staff_required
def case_detail(http_request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=http_request.user, pk=pk)
    return _render_case(http_request, case)


def _done(http_request: HttpRequest, case: LegalCase, message: str) -> HttpResponse:
    """Back to the case, or to the list when the user no longer reads it."""
    messages.success(http_request, message)
    if not case_list_for_user(user=http_request.user).filter(pk=case.pk).exists():
        return redirect("legal:cases")
    return redirect("legal:case", pk=case.pk)


def _run(
    http_request: HttpRequest,
    case: LegalCase,
    name: str,
    form: Any,
    write: Callable[[], Any],
    message: str,
) -> HttpResponse:
    """Validate ``form``, run ``write``; the page again (400) with what was typed on refusal."""
    if not form.is_valid():
        return _render_case(http_request, case, bound={name: form}, status=400)
    try:
        write()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        for error in exc.messages:
            form.add_error(None, error)
        return _render_case(http_request, case, bound={name: form}, status=400)
    return _done(http_request, case, message)


def _act_assign(http_request: HttpRequest, case: LegalCase) -> HttpResponse:
    user = http_request.user
    if not can_coordinate(user):
        raise Http404
    form = AssignForm(http_request.POST, prefix="assign", case=case)
    return _run(
        http_request,
        case,
        "assign",
        form,
        lambda: services.case_assign(
            by=user, case=case, lawyer=form.chosen_lawyer(), reason=form.cleaned_data["reason"]
        ),
        _("The case was assigned."),
    )


def _act_status(http_request: HttpRequest, case: LegalCase) -> HttpResponse:
    form = StatusForm(http_request.POST, prefix="status")
    return _run(
        http_request,
        case,
        "status",
        form,
        lambda: services.case_set_status(
            by=http_request.user,
            case=case,
            status=form.cleaned_data["status"],
            outcome=form.cleaned_data["outcome"],
        ),
        _("The status was saved."),
    )


def _act_note(http_request: HttpRequest, case: LegalCase) -> HttpResponse:
    if not can_read_notes(http_request.user, case):
        raise Http404
    form = NoteForm(http_request.POST, prefix="note")
    return _run(
        http_request,
        case,
        "note",
        form,
        lambda: services.note_add(by=http_request.user, case=case, body=form.cleaned_data["body"]),
        _("The note was added."),
    )


def _act_hearing(http_request: HttpRequest, case: LegalCase) -> HttpResponse:
    form = HearingForm(http_request.POST, prefix="hearing")
    return _run(
        http_request,
        case,
        "hearing",
        form,
        lambda: services.calendar_item_add(
            by=http_request.user,
            case=case,
            kind=ItemKind.HEARING,
            title=form.cleaned_data["title"],
            starts_at=form.starts_at(),
            place=form.cleaned_data["place"],
        ),
        _("The hearing was added."),
    )


def _act_deadline(http_request: HttpRequest, case: LegalCase) -> HttpResponse:
    form = DeadlineForm(http_request.POST, prefix="deadline")
    return _run(
        http_request,
        case,
        "deadline",
        form,
        lambda: services.calendar_item_add(
            by=http_request.user,
            case=case,
            kind=ItemKind.DEADLINE,
            title=form.cleaned_data["title"],
            due_on=form.cleaned_data["due_on"],
        ),
        _("The deadline was added."),
    )


def _act_done(http_request: HttpRequest, case: LegalCase) -> HttpResponse:
    form = DoneForm(http_request.POST, prefix="done")
    if not form.is_valid():
        raise Http404
    item = CalendarItem.objects.filter(case=case, pk=form.cleaned_data["item"]).first()
    if item is None:
        raise Http404
    try:
        services.calendar_item_done(by=http_request.user, item=item)
    except PermissionDenied:
        raise Http404 from None
    return _done(http_request, case, _("Marked as done."))


def _act_time(http_request: HttpRequest, case: LegalCase) -> HttpResponse:
    form = TimeForm(http_request.POST, prefix="time")
    return _run(
        http_request,
        case,
        "time",
        form,
        lambda: services.time_add(
            by=http_request.user,
            case=case,
            worked_on=form.cleaned_data["worked_on"],
            hours=form.cleaned_data["hours"],
            description=form.cleaned_data["description"],
        ),
        _("The time was logged."),
    )


def _act_attach(http_request: HttpRequest, case: LegalCase) -> HttpResponse:
    form = AttachForm(http_request.POST, http_request.FILES, prefix="attach")
    return _run(
        http_request,
        case,
        "attach",
        form,
        lambda: case_files.case_files_attach(
            by=http_request.user, case=case, files=[form.cleaned_data["upload"]]
        ),
        _("The document was added."),
    )


ACTIONS: dict[str, Callable[[HttpRequest, LegalCase], HttpResponse]] = {
    "assign": _act_assign,
    "status": _act_status,
    "note": _act_note,
    "hearing": _act_hearing,
    "deadline": _act_deadline,
    "done": _act_done,
    "time": _act_time,
    "attach": _act_attach,
}


@never_cache
@require_POST
@legal_staff_required
def case_action(http_request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One action on a case the user may read; the services check who may write."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    case = case_get_for_user(user=http_request.user, pk=pk)
    return handler(http_request, case)


@never_cache
@require_GET
@legal_staff_required
def case_evidence(http_request: HttpRequest, pk: int, uuid: str) -> HttpResponseBase:
    """The cleaned working copy of a document of the case (custody recorded)."""
    case = case_get_for_user(user=http_request.user, pk=pk)
    evidence = case_files.file_get(user=http_request.user, case=case, uuid=uuid)
    return download_or_back(http_request, evidence=evidence, back="legal:case", pk=case.pk)
