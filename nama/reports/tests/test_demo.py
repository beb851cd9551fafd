"""The reports' demo: figures for the dashboard, an Arabic and an English report published."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from nama.reports.models import Body, Dispatch, Report, ReportBuild
from nama.reports.selectors import published_builds
from nama.testing.documents import poppler_output

pytestmark = pytest.mark.django_db


def test_seed_demo_publishes_an_arabic_and_an_english_report_once(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.NAMA_DEMO_MODE = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    published = list(published_builds())
    assert sorted(build.report.language for build in published) == ["ar", "en"]
    arabic = next(build for build in published if build.report.language == "ar")
    data: dict[str, Any] = arabic.data or {}
    assert data["headline"][0]["value"]
    assert len(data["case_summaries"]) == 2
    text = poppler_output("pdftotext", arabic.pdf.read())
    assert "التقرير الفصلي" in text
    assert Body.objects.count() == 5
    assert Dispatch.objects.count() == 1

    call_command("seed_demo", stdout=StringIO())
    assert Report.objects.count() == 2
    assert ReportBuild.objects.count() == 2
