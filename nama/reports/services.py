"""Every write of the reports app: reports, case summaries, builds, approval.

All audited (``reports.*`` actions). A build freezes the report's inputs when
it is asked for; the task worker computes the figures and writes the three
files (``build_execute``), reporting progress on the row as it goes.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nama.core.audit import log_action
from nama.monitoring.models import Event, VerificationState
from nama.reports import content
from nama.reports.access import can_approve_reports, can_use_reports
from nama.reports.models import (
    BuildStatus,
    Report,
    ReportAudience,
    ReportBuild,
    ReportCaseSummary,
)

__all__ = [
    "REPORT_FIELDS",
    "build_approve",
    "build_execute",
    "build_render",
    "build_request",
    "build_verify",
    "build_withdraw",
    "case_summary_add",
    "case_summary_remove",
    "report_create",
    "report_update",
]

logger = logging.getLogger(__name__)

REPORT_FIELDS = (
    "title",
    "language",
    "period_kind",
    "period_start",
    "period_end",
    "governorate",
    "minimum_status",
    "audience",
    "context",
    "recommendations",
)


def _require_staff(user: Any) -> None:
    if not can_use_reports(user):
        raise PermissionDenied


def _new_reference(report: Report) -> str:
    return f"R-{timezone.localdate().year}-{report.pk:03d}"


@transaction.atomic
def report_create(*, by: Any, data: dict[str, Any]) -> Report:
    _require_staff(by)
    report = Report(created_by=by, reference=f"tmp-{secrets.token_hex(6)}")
    for name in REPORT_FIELDS:
        if name in data:
            setattr(report, name, data[name])
    report.full_clean(exclude=["reference", "created_by"])
    report.save()
    report.reference = _new_reference(report)
    report.save(update_fields=["reference"])
    log_action(by, "reports.report.created", report, {"fields": sorted(data)})
    return report


@transaction.atomic
def report_update(*, by: Any, report: Report, data: dict[str, Any]) -> Report:
    _require_staff(by)
    changed = []
    for name in REPORT_FIELDS:
        if name in data and getattr(report, name) != data[name]:
            setattr(report, name, data[name])
            changed.append(name)
    if changed:
        report.full_clean(exclude=["reference", "created_by"])
        report.save()
        log_action(by, "reports.report.updated", report, {"fields": changed})
    return report


@transaction.atomic
def case_summary_add(
    *, by: Any, report: Report, event: Event, title: str, text: str
) -> ReportCaseSummary:
    """Add a de-identified summary of ``event`` (fetched through a selector) to ``report``."""
    _require_staff(by)
    if event.verification != VerificationState.VERIFIED or event.merged_into_id:
        raise ValidationError(_("Only verified events can be summarised in a report."))
    position = (report.case_summaries.aggregate(m=Max("position"))["m"] or 0) + 1
    summary = ReportCaseSummary.objects.create(
        report=report, event=event, title=title, text=text, position=position, created_by=by
    )
    log_action(by, "reports.case_summary.added", report, {"event": event.pk})
    return summary


@transaction.atomic
def case_summary_remove(*, by: Any, summary: ReportCaseSummary) -> None:
    _require_staff(by)
    report = summary.report
    event_id = summary.event_id
    summary.delete()
    log_action(by, "reports.case_summary.removed", report, {"event": event_id})


@transaction.atomic
def build_request(*, by: Any, report: Report) -> ReportBuild:
    """Freeze the report's inputs and queue the build for the task worker."""
    _require_staff(by)
    Report.objects.select_for_update().filter(pk=report.pk).first()
    number = (report.builds.aggregate(m=Max("number"))["m"] or 0) + 1
    build = ReportBuild.objects.create(
        report=report, number=number, inputs=content.report_inputs(report), requested_by=by
    )
    log_action(by, "reports.build.requested", build, {"report": report.pk, "number": number})

    def enqueue() -> None:
        from nama.reports.tasks import build_report

        build_report.enqueue(build.pk)

    transaction.on_commit(enqueue)
    return build


def _set_progress(build_id: int, percent: int) -> None:
    ReportBuild.objects.filter(pk=build_id).update(progress=percent)


def build_render(
    data: dict[str, Any], progress: Callable[[int], None] | None = None
) -> dict[str, bytes]:
    """The three documents of a build's content: ``{"pdf": ..., "docx": ..., "xlsx": ...}``.

    Rendering depends on ``data`` alone: a build rendered again from its
    stored content gives the same documents.
    """
    from nama.reports.render_docx import render_docx
    from nama.reports.render_pdf import render_pdf
    from nama.reports.render_xlsx import render_xlsx

    files = {"pdf": render_pdf(data)}
    if progress:
        progress(75)
    files["docx"] = render_docx(data)
    if progress:
        progress(90)
    files["xlsx"] = render_xlsx(data)
    return files


def _file_name(build: ReportBuild, extension: str) -> str:
    return f"{build.report.reference}-{build.number}.{extension}"


def build_execute(*, build_id: int) -> str:
    """Run by the task worker: compute the figures, write PDF, DOCX and XLSX.

    The row is claimed with a conditional UPDATE (queued -> running), so a
    task queued twice runs once. Progress is written after each step outside
    any transaction, so the staff page sees it move.
    """
    claimed = ReportBuild.objects.filter(pk=build_id, status=BuildStatus.QUEUED).update(
        status=BuildStatus.RUNNING, progress=5
    )
    if not claimed:
        return "skipped"
    build = ReportBuild.objects.select_related("report").get(pk=build_id)
    try:
        data = content.report_data(
            build.inputs, built_on=timezone.localdate(), build_number=build.number
        )
        _set_progress(build_id, 40)
        files = build_render(data, lambda percent: _set_progress(build_id, percent))
    except Exception as error:  # the build fails visibly; the worker goes on
        logger.exception("reports: build %s failed", build_id)
        ReportBuild.objects.filter(pk=build_id).update(
            status=BuildStatus.FAILED, error=str(error)[:300], finished_at=timezone.now()
        )
        return BuildStatus.FAILED
    for kind in ("pdf", "docx", "xlsx"):
        getattr(build, kind).save(_file_name(build, kind), ContentFile(files[kind]), save=False)
    build.data = data
    build.fingerprint = data["fingerprint"]
    build.status = BuildStatus.DONE
    build.progress = 100
    build.finished_at = timezone.now()
    build.save(
        update_fields=[
            "pdf",
            "docx",
            "xlsx",
            "data",
            "fingerprint",
            "status",
            "progress",
            "finished_at",
        ]
    )
    return BuildStatus.DONE


def build_verify(*, build: ReportBuild) -> bool:
    """Whether the records still give the figures of this build (same fingerprint)."""
    if build.status != BuildStatus.DONE:
        return False
    return content.figures_fingerprint(build.inputs) == build.fingerprint


@transaction.atomic
def build_approve(*, by: Any, build: ReportBuild) -> ReportBuild:
    """Publish a finished public build on the portal (the director); replaces the
    report's earlier published build."""
    if not can_approve_reports(by):
        raise PermissionDenied
    if build.status != BuildStatus.DONE:
        raise ValidationError(_("Only a finished build can be published."))
    if build.inputs.get("audience") != ReportAudience.PUBLIC:
        raise ValidationError(
            _("An internal report shows exact small numbers and cannot be published.")
        )
    now = timezone.now()
    earlier = ReportBuild.objects.filter(
        report=build.report, approved_at__isnull=False, withdrawn_at__isnull=True
    ).exclude(pk=build.pk)
    for replaced in earlier:  # saved one by one: the search index follows
        replaced.withdrawn_at = now
        replaced.save(update_fields=["withdrawn_at"])
    build.approved_by = by
    build.approved_at = now
    build.withdrawn_at = None
    build.save(update_fields=["approved_by", "approved_at", "withdrawn_at"])
    log_action(by, "reports.build.approved", build, {"fingerprint": build.fingerprint})
    return build


@transaction.atomic
def build_withdraw(*, by: Any, build: ReportBuild, reason: str) -> ReportBuild:
    """Take a published report off the portal (the director), with a reason."""
    if not can_approve_reports(by):
        raise PermissionDenied
    if not build.is_published:
        raise ValidationError(_("This build is not published."))
    build.withdrawn_at = timezone.now()
    build.save(update_fields=["withdrawn_at"])
    log_action(by, "reports.build.withdrawn", build, {}, reason=reason)
    return build
