"""Staff pages of the reports section: the dashboard, reports and their builds.

Analysts and the director only (``reports_staff_required``: everyone else
404). Figures on these pages are exact (staff see them); anything that
leaves for the public goes through a build with disclosure control.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nama.core.audit import log_action
from nama.core.http import no_store
from nama.monitoring.selectors import event_list_for_user
from nama.reports import indicators, maps, services
from nama.reports.access import can_approve_reports, reports_staff_required
from nama.reports.disclosure import default_threshold
from nama.reports.forms import CaseSummaryForm, DashboardFilterForm, ReportForm, WithdrawForm
from nama.reports.indicators import StatsFilters
from nama.reports.models import DOCUMENT_CONTENT_TYPES, BuildStatus, Report, ReportBuild
from nama.reports.selectors import (
    build_get_for_user,
    case_summary_get_for_user,
    report_get_for_user,
    report_list_for_user,
)


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("can_approve", can_approve_reports(request.user))
    return no_store(render(request, template, context, status=status))


# ---------------------------------------------------------------------------
# The dashboard


def dashboard_figures(filters: StatsFilters) -> dict[str, Any]:
    """Exact figures for the dashboard, labels in the active language."""
    headline = [
        {"key": key, "label": indicator.label, "value": indicators.total(key, filters)}
        for key, indicator in indicators.INDICATORS.items()
    ]
    tables = {
        "trend": (indicators.breakdown("acts", "month", filters), _("Violations by month")),
        "by_type": (indicators.breakdown("acts", "act_type", filters), _("Violations by type")),
        "by_governorate": (
            indicators.breakdown("acts", "governorate", filters),
            _("Violations by governorate"),
        ),
        "by_perpetrator": (
            indicators.breakdown("acts", "perpetrator_type", filters),
            _("Violations by type of perpetrator"),
        ),
        "by_sex": (indicators.breakdown("victims", "sex", filters), _("Victims by sex")),
        "by_age": (
            indicators.breakdown("victims", "age_group", filters),
            _("Victims by age at the time"),
        ),
        "by_characteristic": (
            indicators.breakdown("victims", "characteristic", filters),
            _("Victims by characteristic"),
        ),
        "requests": (
            indicators.breakdown("requests", "request_type", filters),
            _("Requests received, by type"),
        ),
        "legal": (
            indicators.breakdown("legal_cases", "service", filters),
            _("Legal cases opened, by service"),
        ),
    }
    figures: dict[str, Any] = {"headline": headline}
    for key, (table, title) in tables.items():
        table["title"] = title
        figures[key] = table
    by_governorate = figures["by_governorate"]
    figures["map"] = maps.map_context(
        {row["key"]: row["value"] for row in by_governorate["rows"] if row["key"] != "unknown"},
        threshold=default_threshold(),
        labels=maps.labels_from_table(by_governorate),
        title=_("Violations by governorate"),
    )
    return figures


def _cached_figures(filters: StatsFilters) -> tuple[dict[str, Any], datetime]:
    """The dashboard's figures, computed at most once per ``NAMA_DASHBOARD_CACHE_SECONDS``
    for the same filters and language (about ten grouped counts over every act)."""
    seconds = settings.NAMA_DASHBOARD_CACHE_SECONDS
    if not seconds:
        return dashboard_figures(filters), timezone.now()
    raw = f"{filters}|{translation.get_language()}"
    key = "reports:dashboard:" + hashlib.sha256(raw.encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = (dashboard_figures(filters), timezone.now())
        cache.set(key, cached, seconds)
    return cached


@reports_staff_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None)
    filters = form.filters()
    figures, computed_at = _cached_figures(filters)
    context = {
        "form": form,
        "filters": filters,
        "figures": figures,
        "computed_at": computed_at,
        "threshold": default_threshold(),
    }
    return _render(request, "reports/dashboard.html", context)


# ---------------------------------------------------------------------------
# Reports


@reports_staff_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    reports = report_list_for_user(user=request.user).prefetch_related("builds")
    rows = [(report, next(iter(report.builds.all()), None)) for report in reports[:200]]
    return _render(request, "reports/report_list.html", {"rows": rows})


def _report_data(form: ReportForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["governorate"] = data.get("governorate")
    return data


@reports_staff_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, initial={"period_kind": "quarter"})
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(by=request.user, data=_report_data(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Report %(reference)s created.") % {"reference": report})
            return redirect("reports:report", report.pk)
    status = 400 if form.is_bound else 200
    return _render(request, "reports/report_form.html", {"form": form}, status=status)


@reports_staff_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get_for_user(user=request.user, pk=pk)
    form = ReportForm(request.POST or None, initial=ReportForm.initial_for(report))
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(by=request.user, report=report, data=_report_data(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved. Build the report again to see the changes."))
            return redirect("reports:report", report.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "report": report}
    return _render(request, "reports/report_form.html", context, status=status)


def _detail_context(request: HttpRequest, report: Report, **extra: Any) -> dict[str, Any]:
    return {
        "report": report,
        "summaries": report.case_summaries.select_related("event__governorate"),
        "builds": list(report.builds.select_related("requested_by", "approved_by")),
        "summary_form": extra.pop("summary_form", None) or CaseSummaryForm(),
        "withdraw_form": extra.pop("withdraw_form", None) or WithdrawForm(),
        **extra,
    }


@reports_staff_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get_for_user(user=request.user, pk=pk)
    return _render(request, "reports/report_detail.html", _detail_context(request, report))


@reports_staff_required
@require_POST
def case_summary_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get_for_user(user=request.user, pk=pk)
    form = CaseSummaryForm(request.POST)
    if form.is_valid():
        event = (
            event_list_for_user(user=request.user)
            .filter(reference=form.cleaned_data["event"].strip().upper())
            .first()
        )
        if event is None:
            form.add_error("event", _("No event you may read has this reference."))
        else:
            try:
                services.case_summary_add(
                    by=request.user,
                    report=report,
                    event=event,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                )
            except ValidationError as error:
                form.add_error("event", error)
            else:
                messages.success(request, _("Case summary added."))
                return redirect("reports:report", report.pk)
    context = _detail_context(request, report, summary_form=form)
    return _render(request, "reports/report_detail.html", context, status=400)


@reports_staff_required
@require_POST
def case_summary_remove(request: HttpRequest, pk: int, summary_pk: int) -> HttpResponse:
    report = report_get_for_user(user=request.user, pk=pk)
    summary = case_summary_get_for_user(user=request.user, report=report, pk=summary_pk)
    services.case_summary_remove(by=request.user, summary=summary)
    messages.success(request, _("Case summary removed."))
    return redirect("reports:report", report.pk)


# ---------------------------------------------------------------------------
# Builds


@reports_staff_required
@require_POST
def build_create(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get_for_user(user=request.user, pk=pk)
    build = services.build_request(by=request.user, report=report)
    messages.success(
        request,
        _("Build %(number)s is waiting for the task worker; this page shows its progress.")
        % {"number": build.number},
    )
    return redirect("reports:report", report.pk)


def _build(request: HttpRequest, pk: int, number: int) -> ReportBuild:
    report = report_get_for_user(user=request.user, pk=pk)
    return build_get_for_user(user=request.user, report=report, number=number)


@reports_staff_required
@require_GET
def build_progress(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    build = _build(request, pk, number)
    return _render(request, "reports/_build.html", {"build": build, "report": build.report})


@reports_staff_required
@require_GET
def build_download(request: HttpRequest, pk: int, number: int, kind: str) -> FileResponse:
    build = _build(request, pk, number)
    if kind not in DOCUMENT_CONTENT_TYPES or build.status != BuildStatus.DONE:
        raise Http404
    stored = getattr(build, kind)
    if not stored:
        raise Http404
    log_action(request.user, "reports.build.downloaded", build, {"kind": kind})
    response = FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=f"{build.report.reference}-{build.number}.{kind}",
        content_type=DOCUMENT_CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    no_store(response)
    return response


@reports_staff_required
@require_POST
def build_verify(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    build = _build(request, pk, number)
    if services.build_verify(build=build):
        messages.success(
            request, _("The records still give the same figures as build %(n)s.") % {"n": number}
        )
    else:
        messages.warning(
            request,
            _(
                "The records have changed since build %(n)s: its figures are no longer "
                "those of today. Build the report again for current figures."
            )
            % {"n": number},
        )
    return redirect("reports:report", pk)


@reports_staff_required
@require_POST
def build_approve(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    build = _build(request, pk, number)
    if not can_approve_reports(request.user):
        raise Http404
    try:
        services.build_approve(by=request.user, build=build)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Published on the public site."))
    return redirect("reports:report", pk)


@reports_staff_required
@require_POST
def build_withdraw(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    build = _build(request, pk, number)
    if not can_approve_reports(request.user):
        raise Http404
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, build.report, withdraw_form=form)
        return _render(request, "reports/report_detail.html", context, status=400)
    try:
        services.build_withdraw(by=request.user, build=build, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Withdrawn from the public site."))
    return redirect("reports:report", pk)
