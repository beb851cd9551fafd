"""Staff pages of the distribution log, under /<language>/reports/distribution/.

Bodies the centre reports to, what was sent to each, when, how, and what came
back. Reports staff only (``reports_staff_required``); everyone else 404.
Reads through ``distribution_selectors``, writes through
``distribution_services``; a refused form is shown again (400) with what was
typed and its errors.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nama.core.http import no_store
from nama.reports import distribution_services as services
from nama.reports.access import reports_staff_required
from nama.reports.distribution_forms import (
    BodyFilterForm,
    BodyForm,
    DispatchForm,
    ResponseForm,
    YearForm,
)
from nama.reports.distribution_selectors import (
    body_get_for_user,
    body_list_for_user,
    build_choices_for_user,
    dispatch_get_for_user,
    dispatch_list_for_user,
    received_by_body,
)
from nama.reports.models import Body, Dispatch


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return no_store(render(request, f"reports/distribution/{template}", context, status=status))


def _add_errors(form: Any, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


# ---------------------------------------------------------------------------
# Bodies


@never_cache
@require_GET
@reports_staff_required
def bodies(request: HttpRequest) -> HttpResponse:
    form = BodyFilterForm(request.GET or None)
    chosen = form.values() if request.GET else BodyFilterForm().values()
    rows = body_list_for_user(request.user, **chosen)
    return _render(request, "body_list.html", {"form": form, "bodies": rows, "chosen": chosen})


@never_cache
@require_GET
@reports_staff_required
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = body_get_for_user(request.user, pk)
    dispatches = dispatch_list_for_user(request.user, body=body)
    return _render(request, "body_detail.html", {"body": body, "dispatches": dispatches})


def _body_form(
    request: HttpRequest, form: BodyForm, body: Body | None, status: int = 200
) -> HttpResponse:
    form.describe_fields()
    return _render(request, "body_form.html", {"form": form, "body": body}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@reports_staff_required
def body_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _body_form(request, BodyForm(), None)
    form = BodyForm(request.POST)
    if form.is_valid():
        try:
            body = services.body_save(by=request.user, data=form.service_data())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The body was added."))
            return redirect("reports:body", pk=body.pk)
    return _body_form(request, form, None, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
@reports_staff_required
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = body_get_for_user(request.user, pk)
    if request.method != "POST":
        return _body_form(request, BodyForm(body=body), body)
    form = BodyForm(request.POST, body=body)
    if form.is_valid():
        try:
            services.body_save(by=request.user, data=form.service_data(), body=body)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The body was saved."))
            return redirect("reports:body", pk=body.pk)
    return _body_form(request, form, body, status=400)


@never_cache
@require_POST
@reports_staff_required
def body_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    body = body_get_for_user(request.user, pk)
    services.body_deactivate(by=request.user, body=body)
    messages.success(
        request, _("The body is no longer offered in the lists; what it received is kept.")
    )
    return redirect("reports:body", pk=body.pk)


# ---------------------------------------------------------------------------
# Dispatches


def _dispatch_form(request: HttpRequest, data: Any = None, **kwargs: Any) -> DispatchForm:
    return DispatchForm(
        data,
        bodies=body_list_for_user(request.user),
        builds=build_choices_for_user(request.user),
        **kwargs,
    )


def _render_dispatch_form(
    request: HttpRequest, form: DispatchForm, dispatch: Dispatch | None, status: int = 200
) -> HttpResponse:
    form.describe_fields()
    context = {"form": form, "dispatch": dispatch}
    return _render(request, "dispatch_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@reports_staff_required
def dispatch_new(request: HttpRequest) -> HttpResponse:
    """Log a dispatch; ``?body=`` and ``?build=`` choose them in advance."""
    if request.method != "POST":
        initial = {
            "sent_on": timezone.localdate(),
            "body": request.GET.get("body") or None,
            "build": request.GET.get("build") or None,
        }
        return _render_dispatch_form(request, _dispatch_form(request, initial=initial), None)
    form = _dispatch_form(request, request.POST)
    if form.is_valid():
        try:
            dispatch = services.dispatch_record(by=request.user, **form.service_data())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The dispatch was recorded."))
            return redirect("reports:body", pk=dispatch.body_id)
    return _render_dispatch_form(request, form, None, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
@reports_staff_required
def dispatch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dispatch = dispatch_get_for_user(request.user, pk)
    if request.method != "POST":
        return _render_dispatch_form(request, _dispatch_form(request, dispatch=dispatch), dispatch)
    form = _dispatch_form(request, request.POST, dispatch=dispatch)
    if form.is_valid():
        try:
            services.dispatch_update(by=request.user, dispatch=dispatch, data=form.service_data())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The dispatch was saved."))
            return redirect("reports:body", pk=dispatch.body_id)
    return _render_dispatch_form(request, form, dispatch, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
@reports_staff_required
def dispatch_response(request: HttpRequest, pk: int) -> HttpResponse:
    dispatch = dispatch_get_for_user(request.user, pk)
    status = 200
    form = ResponseForm(request.POST if request.method == "POST" else None, dispatch=dispatch)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.dispatch_record_response(
                    by=request.user,
                    dispatch=dispatch,
                    response=form.cleaned_data["response"],
                    response_on=form.cleaned_data["response_on"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The response was recorded."))
                return redirect("reports:body", pk=dispatch.body_id)
        status = 400
    form.describe_fields()
    context = {"form": form, "dispatch": dispatch}
    return _render(request, "response_form.html", context, status=status)


# ---------------------------------------------------------------------------
# What each body received in a year


@never_cache
@require_GET
@reports_staff_required
def received(request: HttpRequest) -> HttpResponse:
    """``?year=2026`` (the current year by default): each body and what it was sent."""
    this_year = timezone.localdate().year
    form = YearForm(request.GET)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or this_year
    rows: list[dict[str, Any]] = []
    total = reached = 0
    for body, sent in received_by_body(request.user, year):
        answered = sum(1 for d in sent if d.response_on or d.response)
        rows.append({"body": body, "dispatches": sent, "responses": answered})
        total += len(sent)
        reached += 1 if sent else 0
    context = {
        "year": year,
        "rows": rows,
        "total": total,
        "reached": reached,
        "previous_year": year - 1,
        "next_year": year + 1 if year < this_year else None,
    }
    return _render(request, "received.html", context)
