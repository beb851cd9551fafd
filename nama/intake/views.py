"""Staff pages of the intake: the triage queue and the page of one request.

Every read goes through ``nama.intake.selectors`` (out of scope answers 404)
and every write through ``nama.intake.services``. Actions are plain POST
forms (no JavaScript needed) that redirect back to the request on success
and show the page again with the form's errors, and what was typed, on
failure. A tracking code issued here is handed to the next page in a one-shot
cookie (``nama.core.oneshot``), never in the session, a URL or a log line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nama.accounts.decorators import verified_staff_required
from nama.core.evidence.selectors import evidence_get_for_owner, evidence_list_for_owner
from nama.core.evidence.views import download_or_back
from nama.core.http import no_store
from nama.core.oneshot import oneshot_clear, oneshot_read, oneshot_set
from nama.core.roles import Section, can_access_workspace_section
from nama.intake import services
from nama.intake.forms import (
    AssignForm,
    CallOnRequestForm,
    MergeForm,
    NoteForm,
    QueueFilterForm,
    ReasonForm,
    ReplyForm,
    RouteForm,
    TriageForm,
)
from nama.intake.models import Request, RequestStatus, TrackingCode, Urgency
from nama.intake.selectors import (
    FULL,
    AccessLevels,
    call_list_for_request,
    message_list_for_request,
    note_list_for_request,
    request_access_level,
    request_full_access_list_for_user,
    request_get_for_user,
    request_get_full_for_user,
    request_list_for_user,
)

QUEUE_FILTERS_KEY = "nama_intake_queue_filters"
CODE_COOKIE = "nama_staff_code"
PAGE_SIZE = 50
# What the queue shows before anyone chooses: for those who triage, the
# requests still to be handled; for the others (the legal coordinator, who
# sees only routed requests), everything they may see.
TRIAGE_DEFAULT_FILTERS = {"status": "open"}
OPEN_STATUSES = (RequestStatus.NEW, RequestStatus.TRIAGED)
# The action forms drawn only while a request is open.
OPEN_ONLY_FORMS = frozenset({"triage", "assign", "route", "merge", "close"})

View = Callable[..., HttpResponseBase]


def old_after_days() -> int:
    """An open request waiting this many days or more stands out in the queue."""
    return int(getattr(settings, "NAMA_INTAKE_OLD_AFTER_DAYS", 3))


def intake_staff_required(view: View) -> View:
    """Verified staff whose roles include the intake section; everyone else gets 404."""

    @verified_staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_access_workspace_section(request.user, Section.INTAKE):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def hand_over_code(response: HttpResponse, request: Request, code: str) -> None:
    """Let the next page of ``request`` show ``code`` once."""
    oneshot_set(response, CODE_COOKIE, f"{request.pk}:{code}")


def read_handed_code(http_request: HttpRequest) -> tuple[int, str] | None:
    """(request id, code) handed over by :func:`hand_over_code`, or None."""
    value = oneshot_read(http_request, CODE_COOKIE)
    pk, _sep, code = (value or "").partition(":")
    if not pk.isdigit() or not code:
        return None
    return int(pk), code


def _code_for(http_request: HttpRequest, request: Request) -> str | None:
    handed = read_handed_code(http_request)
    return handed[1] if handed is not None and handed[0] == request.pk else None


# ---------------------------------------------------------------------------
# The queue


@dataclass(frozen=True)
class QueueRow:
    request: Request
    full: bool
    waiting_days: int
    is_old: bool
    is_urgent: bool
    is_emergency: bool


def default_filters(user: Any) -> dict[str, str]:
    return dict(TRIAGE_DEFAULT_FILTERS) if services.may_log_calls(user) else {}


def _queue_form(http_request: HttpRequest) -> QueueFilterForm:
    """The filters asked for, else the ones remembered in the session, else open requests."""
    user = http_request.user
    if "filter" in http_request.GET:
        form = QueueFilterForm(http_request.GET, user=user)
        http_request.session[QUEUE_FILTERS_KEY] = form.chosen()
        return form
    remembered = http_request.session.get(QUEUE_FILTERS_KEY)
    if not isinstance(remembered, dict):
        remembered = default_filters(user)
    form = QueueFilterForm(remembered, user=user)
    return form


def _rows(user: Any, requests: list[Request]) -> list[QueueRow]:
    levels = AccessLevels(user)
    today = timezone.localdate()
    old = old_after_days()
    rows = []
    for request in requests:
        waiting = (today - request.received_on).days
        rows.append(
            QueueRow(
                request=request,
                full=levels.level(request) == FULL,
                waiting_days=waiting,
                is_old=request.status in OPEN_STATUSES and waiting >= old,
                is_urgent=request.urgency == Urgency.URGENT,
                is_emergency=request.urgency == Urgency.EMERGENCY,
            )
        )
    return rows


@never_cache
@require_GET
@intake_staff_required
def queue(http_request: HttpRequest) -> HttpResponse:
    user = http_request.user
    if "reset" in http_request.GET:
        http_request.session.pop(QUEUE_FILTERS_KEY, None)
        return redirect("intake:queue")
    form = _queue_form(http_request)
    requests = request_list_for_user(user=user, filters=form.selector_filters(user))
    if form.wants_open_only():
        requests = requests.filter(status__in=OPEN_STATUSES)
    if form.wants_unassigned():
        requests = requests.filter(assignee__isnull=True)
    page = Paginator(requests, PAGE_SIZE).get_page(http_request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": _rows(user, list(page.object_list)),
        "old_after_days": old_after_days(),
        "can_log_calls": services.may_log_calls(user),
        "filtered": form.chosen() != default_filters(user),
    }
    return no_store(render(http_request, "intake/queue.html", context))


# ---------------------------------------------------------------------------
# One request


def _action_forms(request: Request) -> dict[str, Any]:
    return {
        "triage": TriageForm(
            prefix="triage",
            initial={
                "urgency": request.urgency,
                "request_type": request.request_type.code,
                "governorate": request.governorate.slug if request.governorate else "",
            },
        ),
        "assign": AssignForm(
            prefix="assign",
            request=request,
            initial={"assignee": str(request.assignee_id or "")},
        ),
        "route": RouteForm(prefix="route"),
        "close": ReasonForm(prefix="close"),
        "merge": MergeForm(prefix="merge"),
        "reply": ReplyForm(prefix="reply"),
        "note": NoteForm(prefix="note"),
        "call": CallOnRequestForm(prefix="call"),
        "reissue": ReasonForm(prefix="reissue"),
        "reveal": ReasonForm(prefix="reveal"),
    }


def _render_detail(
    http_request: HttpRequest,
    request: Request,
    *,
    bound: dict[str, Any] | None = None,
    complainant: Any = None,
    revealed: bool = False,
    status: int = 200,
) -> HttpResponse:
    user = http_request.user
    if request_access_level(user=user, request=request) != FULL:
        return no_store(
            render(http_request, "intake/request_status.html", {"req": request}, status=status)
        )
    forms = _action_forms(request)
    forms.update(bound or {})
    for form in forms.values():
        form.describe_fields()
    code = _code_for(http_request, request)
    live_codes = TrackingCode.objects.filter(request=request, revoked_at__isnull=True)
    context = {
        "req": request,
        "forms": forms,
        "thread": message_list_for_request(request=request),
        "notes": note_list_for_request(request=request),
        "calls": call_list_for_request(request=request),
        "files": evidence_list_for_owner(owner=request),
        "merged": Request.objects.filter(merged_into=request).only("pk", "reference"),
        "live_code_count": live_codes.count(),
        "code": code,
        "code_groups": code.split("-") if code else [],
        "may_reveal": services.may_reveal_identity(user=user, request=request),
        "complainant": complainant,
        "revealed": revealed,
        "bound": bound or {},
        # A refusal of a form the page no longer shows (the request was closed
        # meanwhile) is said at the top.
        "closed_errors": [
            error
            for name, form in (bound or {}).items()
            if request.is_closed and name in OPEN_ONLY_FORMS
            for error in form.non_field_errors()
        ],
    }
    response = no_store(render(http_request, "intake/request_detail.html", context, status=status))
    oneshot_clear(http_request, response, CODE_COOKIE)
    return response


@never_cache
@require_GET
@intake_staff_required
def request_detail(http_request: HttpRequest, pk: int) -> HttpResponse:
    request = request_get_for_user(user=http_request.user, pk=pk)
    return _render_detail(http_request, request)


def _done(http_request: HttpRequest, request: Request, message: str) -> HttpResponse:
    """Back to the request, or to the queue when the action took it out of the user's
    scope (triaged into another governorate)."""
    messages.success(http_request, message)
    if not request_list_for_user(user=http_request.user).filter(pk=request.pk).exists():
        return redirect("intake:queue")
    return redirect("intake:request", pk=request.pk)


def _refused(
    http_request: HttpRequest, request: Request, name: str, form: Any, exc: Exception
) -> HttpResponse:
    errors = getattr(exc, "messages", [str(exc)])
    for error in errors:
        form.add_error(None, error)
    return _render_detail(http_request, request, bound={name: form}, status=400)


def _act_triage(http_request: HttpRequest, request: Request) -> HttpResponse:
    form = TriageForm(http_request.POST, prefix="triage")
    if not form.is_valid():
        return _render_detail(http_request, request, bound={"triage": form}, status=400)
    try:
        services.request_triage(by=http_request.user, request=request, **form.service_kwargs())
    except services.IntakeError as exc:
        return _refused(http_request, request, "triage", form, exc)
    return _done(http_request, request, _("The request was marked as triaged."))


def _act_assign(http_request: HttpRequest, request: Request) -> HttpResponse:
    form = AssignForm(http_request.POST, prefix="assign", request=request)
    if not form.is_valid():
        return _render_detail(http_request, request, bound={"assign": form}, status=400)
    try:
        services.request_assign(by=http_request.user, request=request, assignee=form.chosen_user())
    except services.IntakeError as exc:
        return _refused(http_request, request, "assign", form, exc)
    return _done(http_request, request, _("The assignment was saved."))


def _act_route(http_request: HttpRequest, request: Request) -> HttpResponse:
    form = RouteForm(http_request.POST, prefix="route")
    if not form.is_valid():
        return _render_detail(http_request, request, bound={"route": form}, status=400)
    try:
        services.request_route(
            by=http_request.user,
            request=request,
            target=form.cleaned_data["target"],
            note=form.cleaned_data["note"],
        )
    except services.IntakeError as exc:
        return _refused(http_request, request, "route", form, exc)
    return _done(http_request, request, _("The request was routed."))


def _act_close(http_request: HttpRequest, request: Request) -> HttpResponse:
    form = ReasonForm(http_request.POST, prefix="close")
    if not form.is_valid():
        return _render_detail(http_request, request, bound={"close": form}, status=400)
    try:
        services.request_close(
            by=http_request.user, request=request, reason=form.cleaned_data["reason"]
        )
    except services.IntakeError as exc:
        return _refused(http_request, request, "close", form, exc)
    return _done(http_request, request, _("The request was closed."))


def _act_merge(http_request: HttpRequest, request: Request) -> HttpResponse:
    form = MergeForm(http_request.POST, prefix="merge")
    if not form.is_valid():
        return _render_detail(http_request, request, bound={"merge": form}, status=400)
    reference = form.cleaned_data["into"].strip().upper()
    target = (
        request_full_access_list_for_user(user=http_request.user)
        .filter(reference=reference)
        .first()
    )
    if target is None:
        # Out of scope and missing look the same.
        form.add_error("into", _("No request you can open has this reference."))
        return _render_detail(http_request, request, bound={"merge": form}, status=400)
    try:
        services.request_merge(by=http_request.user, source=request, target=target)
    except services.IntakeError as exc:
        return _refused(http_request, request, "merge", form, exc)
    return _done(
        http_request,
        target,
        _("Request %(source)s was merged into this one.") % {"source": request.reference},
    )


def _act_reply(http_request: HttpRequest, request: Request) -> HttpResponse:
    form = ReplyForm(http_request.POST, prefix="reply")
    if not form.is_valid():
        return _render_detail(http_request, request, bound={"reply": form}, status=400)
    try:
        services.message_post_by_staff(
            by=http_request.user, request=request, body=form.cleaned_data["body"]
        )
    except services.IntakeError as exc:
        return _refused(http_request, request, "reply", form, exc)
    return _done(http_request, request, _("Your reply was sent."))


def _act_note(http_request: HttpRequest, request: Request) -> HttpResponse:
    form = NoteForm(http_request.POST, prefix="note")
    if not form.is_valid():
        return _render_detail(http_request, request, bound={"note": form}, status=400)
    try:
        services.note_add(by=http_request.user, request=request, body=form.cleaned_data["body"])
    except services.IntakeError as exc:
        return _refused(http_request, request, "note", form, exc)
    return _done(http_request, request, _("The note was added."))


def _act_call(http_request: HttpRequest, request: Request) -> HttpResponse:
    form = CallOnRequestForm(http_request.POST, prefix="call")
    if not form.is_valid():
        return _render_detail(http_request, request, bound={"call": form}, status=400)
    started_at, seconds = form.call_timing()
    try:
        services.call_log_add(
            by=http_request.user,
            request=request,
            started_at=started_at,
            duration_seconds=seconds,
            summary=form.cleaned_data["summary"],
        )
    except services.IntakeError as exc:
        return _refused(http_request, request, "call", form, exc)
    return _done(http_request, request, _("The call was added to this request."))


def _act_reissue(http_request: HttpRequest, request: Request) -> HttpResponse:
    form = ReasonForm(http_request.POST, prefix="reissue")
    if not form.is_valid():
        return _render_detail(http_request, request, bound={"reissue": form}, status=400)
    try:
        code = services.tracking_code_revoke_and_reissue(
            request=request, by=http_request.user, reason=form.cleaned_data["reason"]
        )
    except services.IntakeError as exc:
        return _refused(http_request, request, "reissue", form, exc)
    response = _done(
        http_request, request, _("The old codes no longer work. Read the new code out now.")
    )
    hand_over_code(response, request, code.display())
    return response


def _act_reveal(http_request: HttpRequest, request: Request) -> HttpResponse:
    form = ReasonForm(http_request.POST, prefix="reveal")
    if not form.is_valid():
        return _render_detail(http_request, request, bound={"reveal": form}, status=400)
    try:
        complainant = services.complainant_reveal(
            by=http_request.user, request=request, reason=form.cleaned_data["reason"]
        )
    except PermissionDenied:
        raise Http404 from None
    except services.IntakeError as exc:
        return _refused(http_request, request, "reveal", form, exc)
    # Shown on this response only: a reload asks for a reason again.
    return _render_detail(http_request, request, complainant=complainant, revealed=True)


ACTIONS: dict[str, Callable[[HttpRequest, Request], HttpResponse]] = {
    "triage": _act_triage,
    "assign": _act_assign,
    "route": _act_route,
    "close": _act_close,
    "merge": _act_merge,
    "reply": _act_reply,
    "note": _act_note,
    "call": _act_call,
    "reissue": _act_reissue,
    "reveal": _act_reveal,
}


@never_cache
@require_POST
@intake_staff_required
def request_action(http_request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One action on a request; only for those who may read it in full (404 otherwise)."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    request = request_get_full_for_user(user=http_request.user, pk=pk)
    return handler(http_request, request)


@never_cache
@require_http_methods(["GET"])
@intake_staff_required
def evidence_download(http_request: HttpRequest, pk: int, uuid: str) -> HttpResponseBase:
    """The sanitised working copy of a file of the request (custody recorded)."""
    request = request_get_full_for_user(user=http_request.user, pk=pk)
    evidence = evidence_get_for_owner(owner=request, uuid=uuid)
    return download_or_back(http_request, evidence=evidence, back="intake:request", pk=request.pk)
