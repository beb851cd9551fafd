"""The hotline operator's call screen (docs/intake.md, "The hotline").

One page, keyboard first: the cursor starts in the lookup's phone field;
Enter searches. If the caller already has a request it is listed with a small
form that adds this call to it (no duplicate). Otherwise the form below logs
a new request and the call together; the tracking code, if one is issued, is
shown once on the request's page for the operator to read out.

The call's start is a signed time stamp written into the page when it
opens, so the duration fills itself in without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nama.core.evidence.sniffing import EvidenceRejected
from nama.core.oneshot import oneshot_clear
from nama.intake import services
from nama.intake.forms import (
    CallOnRequestForm,
    LookupForm,
    NewCallRequestForm,
    call_started_token,
)
from nama.intake.hotline_services import request_create_from_call, request_find_by_tracking_code
from nama.intake.models import Request
from nama.intake.selectors import request_full_access_list_for_user, request_get_full_for_user
from nama.intake.views import (
    CODE_COOKIE,
    hand_over_code,
    intake_staff_required,
    no_store,
    read_handed_code,
)

LOOKUP_MESSAGES = {
    services.LookupOutcome.INVALID: gettext_lazy(
        "This is not a complete tracking code. Ask the caller to read it again, digit by digit."
    ),
    services.LookupOutcome.NOT_FOUND: gettext_lazy(
        "No request you can open matches this tracking code. The code may be wrong or revoked."
    ),
    services.LookupOutcome.THROTTLED: gettext_lazy(
        "Too many tracking codes were tried. Wait a while, or find the request by phone number."
    ),
}


def _operator_only(user: Any) -> None:
    if not services.may_log_calls(user):
        raise Http404


def _render(
    http_request: HttpRequest,
    *,
    lookup: LookupForm | None = None,
    new: NewCallRequestForm | None = None,
    found: list[Request] | None = None,
    bound_call: CallOnRequestForm | None = None,
    searched: bool = False,
    lookup_message: str = "",
    status: int = 200,
) -> HttpResponse:
    lookup = lookup or LookupForm(prefix="find")
    new = new or NewCallRequestForm(prefix="new")
    for form in (lookup, new):
        form.describe_fields()
    started = new["started"].value() or ""
    context = {
        "lookup": lookup,
        "new": new,
        "found": [
            (
                request,
                bound_call
                if bound_call is not None and bound_call.prefix == f"call{request.pk}"
                else CallOnRequestForm(prefix=f"call{request.pk}", initial={"started": started}),
            )
            for request in (found or [])
        ],
        "searched": searched,
        "lookup_message": lookup_message,
    }
    return no_store(render(http_request, "intake/call.html", context, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
@intake_staff_required
def call(http_request: HttpRequest) -> HttpResponse:
    """GET: the screen. POST: a new request from this call."""
    _operator_only(http_request.user)
    if http_request.method != "POST":
        return _render(http_request)
    new = NewCallRequestForm(http_request.POST, prefix="new")
    if not new.is_valid():
        return _render(http_request, new=new, status=400)
    started_at, seconds = new.call_timing()
    try:
        request, code = request_create_from_call(
            by=http_request.user,
            data=new.service_data(),
            started_at=started_at,
            duration_seconds=seconds,
            summary=new.cleaned_data["summary"],
            issue_code=new.cleaned_data["issue_code"],
        )
    except (services.IntakeError, EvidenceRejected) as exc:
        for error in exc.messages:
            new.add_error(None, error)
        return _render(http_request, new=new, status=400)
    messages.success(
        http_request,
        _("Request %(reference)s was created and the call logged.")
        % {"reference": request.reference},
    )
    if request_full_access_list_for_user(user=http_request.user).filter(pk=request.pk).exists():
        response = redirect("intake:request", pk=request.pk)
    else:
        # A call about a governorate the operator does not cover: the request goes
        # to that governorate's operators, the code is still read out here.
        response = redirect("intake:call_done")
    if code is not None:
        hand_over_code(response, request, code.display())
    return response


@never_cache
@require_GET
@intake_staff_required
def call_done(http_request: HttpRequest) -> HttpResponse:
    """After a call whose request the operator cannot open: its reference and the code, once."""
    _operator_only(http_request.user)
    handed = read_handed_code(http_request)
    reference = ""
    if handed is not None:
        reference = (
            Request.objects.filter(pk=handed[0]).values_list("reference", flat=True).first() or ""
        )
    code = handed[1] if handed else None
    context = {"reference": reference, "code": code, "code_groups": code.split("-") if code else []}
    response = no_store(render(http_request, "intake/call_done.html", context))
    oneshot_clear(http_request, response, CODE_COOKIE)
    return response


@never_cache
@require_POST
@intake_staff_required
def call_lookup(http_request: HttpRequest) -> HttpResponse:
    """Find the caller's requests by phone, e-mail or tracking code (POST: never in a URL)."""
    user = http_request.user
    _operator_only(user)
    lookup = LookupForm(http_request.POST, prefix="find")
    # Keep the call's start so the duration still counts from the first screen.
    new = NewCallRequestForm(
        prefix="new", initial={"started": http_request.POST.get("started") or call_started_token()}
    )
    if not lookup.is_valid():
        return _render(http_request, lookup=lookup, new=new, status=400)
    data = lookup.cleaned_data
    found: dict[int, Request] = {}
    message = ""
    if data.get("phone") or data.get("email"):
        for request in services.request_find_by_contact(
            by=user, phone=data.get("phone"), email=data.get("email")
        ).select_related("governorate", "request_type"):
            found[request.pk] = request
    if data.get("tracking_code"):
        result = request_find_by_tracking_code(by=user, typed=data["tracking_code"])
        if result.request is not None:
            found[result.request.pk] = result.request
        else:
            message = str(LOOKUP_MESSAGES[result.outcome])
    # The typed code is not sent back to the page.
    lookup = LookupForm(
        prefix="find", initial={"phone": data.get("phone"), "email": data.get("email")}
    )
    return _render(
        http_request,
        lookup=lookup,
        new=new,
        found=sorted(found.values(), key=lambda r: (r.received_on, r.pk), reverse=True),
        searched=True,
        lookup_message=message,
    )


@never_cache
@require_POST
@intake_staff_required
def call_add(http_request: HttpRequest, pk: int) -> HttpResponse:
    """This call is about request ``pk``: add it to the request's call log."""
    _operator_only(http_request.user)
    request = request_get_full_for_user(user=http_request.user, pk=pk)
    form = CallOnRequestForm(http_request.POST, prefix=f"call{request.pk}")
    if not form.is_valid():
        form.describe_fields()
        new = NewCallRequestForm(
            prefix="new", initial={"started": form.data.get(f"call{pk}-started")}
        )
        return _render(
            http_request, new=new, found=[request], bound_call=form, searched=True, status=400
        )
    started_at, seconds = form.call_timing()
    services.call_log_add(
        by=http_request.user,
        request=request,
        started_at=started_at,
        duration_seconds=seconds,
        summary=form.cleaned_data["summary"],
    )
    messages.success(http_request, _("The call was added to this request."))
    return redirect("intake:request", pk=request.pk)
