"""A report from set-up to the public portal: build, rebuild from the snapshot, approve.

The build runs through the task (the immediate backend in tests) when the
transaction commits, as the worker would run it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from nama.core.audit import AuditEntry
from nama.monitoring.models import Event, VerificationState
from nama.reports import content, services
from nama.reports.models import BuildStatus, Report, ReportBuild
from nama.testing.documents import poppler_output

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    return poppler_output("pdftotext", data)


def _report(personas: Any, **extra: Any) -> Report:
    data = {
        "title": "Human rights in Iraq, 2025",
        "language": "en",
        "period_kind": "year",
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
        "governorate": None,
        "minimum_status": "02",
        "audience": "public",
        "context": "Protests continued in the south.",
        "recommendations": "Release detained protesters.",
        **extra,
    }
    return services.report_create(by=personas.analyst, data=data)


def _build(personas: Any, report: Report, capture: Any) -> ReportBuild:
    with capture(execute=True):
        build = services.build_request(by=personas.analyst, report=report)
    build.refresh_from_db()
    return build


@pytest.fixture
def built(
    sample: Any, personas: Any, django_capture_on_commit_callbacks: Any
) -> tuple[Report, ReportBuild]:
    report = _report(personas)
    event = Event.objects.filter(verification=VerificationState.VERIFIED).first()
    assert event is not None
    services.case_summary_add(
        by=personas.analyst,
        report=report,
        event=event,
        title="Detention of a protester",
        text="A young man was held for nine days without charge.",
    )
    return report, _build(personas, report, django_capture_on_commit_callbacks)


def test_build_freezes_inputs_computes_figures_and_writes_three_files(built: Any) -> None:
    report, build = built
    assert build.status == BuildStatus.DONE
    assert build.progress == 100
    assert build.inputs["title"] == report.title
    assert build.inputs["case_summaries"][0]["title"] == "Detention of a protester"
    assert build.data["fingerprint"] == build.fingerprint
    assert len(build.fingerprint) == 64
    for kind in ("pdf", "docx", "xlsx"):
        assert getattr(build, kind).size > 1000
    text = _pdf_text(build.pdf.read())
    assert "Human rights in Iraq, 2025" in text
    assert "Detention of a protester" in text
    assert AuditEntry.objects.filter(action="reports.build.requested").exists()


def test_a_rebuild_from_the_snapshot_gives_the_same_content(
    built: Any, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _, build = built
    first = _pdf_text(build.pdf.read())
    again = services.build_render(build.data)
    assert _pdf_text(again["pdf"]) == first
    # The records still give the same figures.
    assert services.build_verify(build=build)
    assert content.figures_fingerprint(build.inputs) == build.fingerprint


def test_new_records_change_the_fingerprint_but_not_the_frozen_build(
    built: Any, personas: Any
) -> None:
    _, build = built
    frozen = dict(build.data)
    acts = build.data["headline"][0]["value"]
    from nama.reports import sample_data

    sample_data.generate_monitoring(
        acts=40,
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        created_by=personas.monitor_baghdad,
        verified_by=personas.director,
        seed=99,
    )
    assert not services.build_verify(build=build)
    build.refresh_from_db()
    assert build.data == frozen
    assert build.data["headline"][0]["value"] == acts


def test_small_cells_are_hidden_in_a_public_build(built: Any) -> None:
    _, build = built
    threshold = build.data["threshold"]
    for table in build.data["tables"].values():
        for row in table["rows"]:
            assert row["value"] is None or row["value"] == 0 or row["value"] >= threshold
    for row in build.data["cross"]["rows"]:
        for value in row["values"]:
            assert value is None or value == 0 or value >= threshold


def test_an_internal_build_keeps_exact_numbers_and_cannot_be_published(
    sample: Any, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report = _report(personas, audience="internal")
    build = _build(personas, report, django_capture_on_commit_callbacks)
    data: dict[str, Any] = build.data or {}
    values = [row["value"] for table in data["tables"].values() for row in table["rows"]]
    assert None not in values
    assert any(0 < value < 5 for value in values)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.build_approve(by=personas.director, build=build)


def test_the_director_approves_and_the_public_reads_it(
    built: Any, personas: Any, client: Any, verified_client: Any
) -> None:
    report, build = built
    public_page = reverse("portal:report", args=[build.pk])
    assert client.get(public_page).status_code == 404
    assert client.get(reverse("portal:report_download", args=[build.pk, "pdf"])).status_code == 404

    approve = reverse("reports:build_approve", args=[report.pk, build.number])
    assert verified_client(personas.analyst).post(approve).status_code == 404
    response = verified_client(personas.director).post(approve)
    assert response.status_code == 302
    build.refresh_from_db()
    assert build.is_published

    page = client.get("/en/reports/")
    assert "Human rights in Iraq, 2025" in page.content.decode()
    detail = client.get(f"/en/reports/{build.pk}/")
    assert detail.status_code == 200
    download = client.get(f"/en/reports/{build.pk}/pdf/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    withdraw = reverse("reports:build_withdraw", args=[report.pk, build.number])
    refused = verified_client(personas.director).post(withdraw, {"reason": ""})
    assert refused.status_code == 400
    verified_client(personas.director).post(withdraw, {"reason": "A figure was wrong."})
    assert client.get(f"/en/reports/{build.pk}/").status_code == 404


def test_outsiders_never_reach_staff_pages(built: Any, personas: Any, verified_client: Any) -> None:
    report, build = built
    urls = [
        reverse("reports:dashboard"),
        reverse("reports:reports"),
        reverse("reports:report", args=[report.pk]),
        reverse("reports:build_download", args=[report.pk, build.number, "pdf"]),
        reverse("reports:build_progress", args=[report.pk, build.number]),
    ]
    for persona in ("outsider", "sysadmin", "lawyer", "monitor_baghdad", "editor"):
        client = verified_client(getattr(personas, persona))
        for url in urls:
            assert client.get(url).status_code == 404, (persona, url)
    for persona in ("analyst", "director"):
        client = verified_client(getattr(personas, persona))
        for url in urls:
            assert client.get(url).status_code == 200, (persona, url)


def test_report_form_keeps_what_was_typed(personas: Any, verified_client: Any) -> None:
    client = verified_client(personas.analyst)
    response = client.post(
        "/en/reports/manage/reports/new/",
        {
            "title": "Custom <script>alert(1)</script>",
            "language": "ar",
            "period_kind": "custom",
            "period_start": "2026-03-01",
            "period_end": "2026-02-01",
            "minimum_status": "02",
            "audience": "public",
            "context": "Kept text",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The end of the period must be on or after its start." in html
    assert "Kept text" in html
    assert "<script>alert(1)</script>" not in html
    assert not Report.objects.exists()


def test_dashboard_shows_exact_figures_map_and_tables(
    sample: Any, personas: Any, verified_client: Any
) -> None:
    client = verified_client(personas.analyst)
    response = client.get("/en/reports/manage/?start=2025-01-01&end=2025-12-31")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    assert "Violations by governorate" in html
    assert "<text" not in html
    bad = client.get("/en/reports/manage/?start=2025-12-01&end=2025-01-01")
    assert bad.status_code == 200
    assert "The end of the period must be on or after its start." in bad.content.decode()


def test_dashboard_figures_are_kept_for_the_same_filters(
    sample: Any, personas: Any, verified_client: Any, settings: Any
) -> None:
    from django.core.cache import cache

    from nama.reports import views

    cache.clear()
    settings.NAMA_DASHBOARD_CACHE_SECONDS = 300
    filters = views.DashboardFilterForm({"start": "2025-01-01", "end": "2025-12-31"}).filters()
    first, when = views._cached_figures(filters)
    from nama.reports import sample_data

    sample_data.generate_monitoring(
        acts=30,
        start=date(2025, 5, 1),
        end=date(2025, 5, 31),
        created_by=personas.monitor_baghdad,
        verified_by=personas.director,
        seed=5,
    )
    again, when_again = views._cached_figures(filters)
    assert (again, when_again) == (first, when)
    settings.NAMA_DASHBOARD_CACHE_SECONDS = 0
    fresh, _when = views._cached_figures(filters)
    assert fresh["headline"][0]["value"] > first["headline"][0]["value"]
    cache.clear()


def test_the_site_search_finds_a_report_only_while_it_is_published(
    built: Any, personas: Any
) -> None:
    from django.contrib.auth.models import AnonymousUser

    from nama.searchindex.selectors import search_for_user

    _, build = built

    def found(user: Any) -> int:
        return search_for_user(user=user, query="protesters Iraq", kinds=["reports.report"]).total

    assert found(AnonymousUser()) == 0
    assert found(personas.analyst) == 0
    services.build_approve(by=personas.director, build=build)
    assert found(AnonymousUser()) == 1
    services.build_withdraw(by=personas.director, build=build, reason="A figure was wrong.")
    assert found(AnonymousUser()) == 0


def test_outsiders_change_nothing(built: Any, personas: Any, verified_client: Any) -> None:
    report, build = built
    summary = report.case_summaries.get()
    gets = [
        reverse("reports:report_new"),
        reverse("reports:report_edit", args=[report.pk]),
    ]
    posts = [
        (reverse("reports:report_edit", args=[report.pk]), {"title": "Changed"}),
        (reverse("reports:summary_add", args=[report.pk]), {"event": "E-1", "title": "x"}),
        (reverse("reports:summary_remove", args=[report.pk, summary.pk]), {}),
        (reverse("reports:build_new", args=[report.pk]), {}),
        (reverse("reports:build_verify", args=[report.pk, build.number]), {}),
        (reverse("reports:build_approve", args=[report.pk, build.number]), {}),
        (reverse("reports:build_withdraw", args=[report.pk, build.number]), {"reason": "x"}),
    ]
    for persona in ("outsider", "sysadmin", "lawyer", "monitor_baghdad", "editor"):
        client = verified_client(getattr(personas, persona))
        for url in gets:
            assert client.get(url).status_code == 404, (persona, url)
        for url, data in posts:
            assert client.post(url, data).status_code == 404, (persona, url)
    report.refresh_from_db()
    assert report.title == "Human rights in Iraq, 2025"
    assert report.case_summaries.count() == 1
    assert report.builds.count() == 1
    build.refresh_from_db()
    assert not build.is_published
