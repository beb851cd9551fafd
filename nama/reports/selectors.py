"""Every read of reports and builds, scoped to the user.

Staff of the reports section (analysts, the director) read every report and
build; everyone else reads only published builds, through ``published_*``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from nama.core.scoping import get_object_for_user_or_404
from nama.reports.access import can_use_reports
from nama.reports.models import Report, ReportBuild, ReportCaseSummary

__all__ = [
    "build_get_for_user",
    "case_summary_get_for_user",
    "published_build_get",
    "published_builds",
    "report_get_for_user",
    "report_list_for_user",
]


def report_list_for_user(*, user: Any) -> QuerySet[Report]:
    if not can_use_reports(user):
        return Report.objects.none()
    return Report.objects.select_related("governorate", "created_by")


def report_get_for_user(*, user: Any, pk: Any) -> Report:
    return get_object_for_user_or_404(report_list_for_user(user=user), pk=pk)


def build_get_for_user(*, user: Any, report: Report, number: Any) -> ReportBuild:
    builds = (
        ReportBuild.objects.filter(report=report)
        if can_use_reports(user)
        else ReportBuild.objects.none()
    )
    return get_object_for_user_or_404(builds.select_related("report"), number=number)


def case_summary_get_for_user(*, user: Any, report: Report, pk: Any) -> ReportCaseSummary:
    summaries = (
        ReportCaseSummary.objects.filter(report=report)
        if can_use_reports(user)
        else ReportCaseSummary.objects.none()
    )
    return get_object_for_user_or_404(summaries, pk=pk)


def published_builds() -> QuerySet[ReportBuild]:
    """Builds on the public portal, newest period first."""
    return (
        ReportBuild.objects.filter(approved_at__isnull=False, withdrawn_at__isnull=True)
        .select_related("report", "report__governorate")
        .order_by("-report__period_end", "-approved_at")
    )


def published_build_get(*, pk: Any) -> ReportBuild:
    return get_object_for_user_or_404(published_builds(), pk=pk)
