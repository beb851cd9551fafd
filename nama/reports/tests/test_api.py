"""The statistics API: exact for report staff, published and suppressed for everyone else."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from nama.reports import indicators, services
from nama.reports.indicators import StatsFilters
from nama.reports.models import ReportBuild

pytestmark = pytest.mark.django_db

URL = "/api/v1/statistics/"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _client() -> APIClient:
    """A client that asks for English answers (the API follows Accept-Language)."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def _staff(user: Any) -> APIClient:
    client = _client()
    client.force_authenticate(user)
    return client


@pytest.fixture
def published(sample: Any, personas: Any, django_capture_on_commit_callbacks: Any) -> ReportBuild:
    report = services.report_create(
        by=personas.analyst,
        data={
            "title": "Second half of 2025",
            "language": "en",
            "period_kind": "custom",
            "period_start": date(2025, 7, 1),
            "period_end": date(2025, 12, 31),
            "minimum_status": "02",
            "audience": "public",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        build = services.build_request(by=personas.analyst, report=report)
    build.refresh_from_db()
    return services.build_approve(by=personas.director, build=build)


def test_staff_get_exact_figures_for_any_period(sample: Any, personas: Any) -> None:
    response = _staff(personas.analyst).get(
        URL, {"indicator": "acts", "by": "governorate", "start": "2025-01-01", "end": "2025-12-31"}
    )
    assert response.status_code == 200
    body = response.json()
    filters = StatsFilters(start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert body["exact"] is True
    assert body["total"] == indicators.total("acts", filters)
    assert [row["value"] for row in body["rows"]] == [
        row["value"] for row in indicators.breakdown("acts", "governorate", filters)["rows"]
    ]
    assert any(0 < row["value"] < 5 for row in body["rows"])


def test_the_public_gets_nothing_before_a_report_is_published(sample: Any) -> None:
    response = _client().get(URL, {"indicator": "acts"})
    assert response.status_code == 400
    assert "published reports" in response.json()["detail"]


def test_the_public_gets_published_suppressed_figures(published: ReportBuild) -> None:
    client = _client()
    inside = client.get(
        URL, {"indicator": "acts", "by": "governorate", "start": "2025-08-01", "end": "2025-09-30"}
    )
    assert inside.status_code == 200
    body = inside.json()
    assert body["exact"] is False
    assert body["report"] == published.report.reference
    for row in body["rows"]:
        assert row["value"] is None or row["value"] == 0 or row["value"] >= 5
    outside = client.get(URL, {"indicator": "acts", "start": "2025-01-01", "end": "2025-12-31"})
    assert outside.status_code == 400
    default = client.get(URL, {"indicator": "victims", "by": "sex"}).json()
    assert (default["start"], default["end"]) == ("2025-07-01", "2025-12-31")
    # A period inside the report answers for the whole report period: no day-by-day
    # subtraction of two answers.
    assert (body["start"], body["end"]) == ("2025-07-01", "2025-12-31")


def test_the_public_may_not_narrow_published_figures(published: ReportBuild) -> None:
    client = _client()
    by_governorate = client.get(URL, {"indicator": "acts", "governorate": "baghdad"})
    assert by_governorate.status_code == 200
    for extra in ({"sex": "01"}, {"act_type": "04"}, {"characteristic": "03"}):
        refused = client.get(URL, {"indicator": "acts", "governorate": "baghdad", **extra})
        assert refused.status_code == 400
        assert "governorate only" in refused.json()["detail"]


def test_other_staff_are_the_public(published: ReportBuild, personas: Any) -> None:
    for persona in ("lawyer", "monitor_baghdad", "sysadmin", "outsider"):
        body = _staff(getattr(personas, persona)).get(URL, {"indicator": "acts"}).json()
        assert body["exact"] is False, persona


def test_bad_requests_are_explained(sample: Any, personas: Any) -> None:
    client = _staff(personas.analyst)
    assert client.get(URL, {"indicator": "nothing"}).status_code == 400
    assert client.get(URL, {"indicator": "acts", "start": "2025-13-01"}).status_code == 400
    wrong = client.get(URL, {"indicator": "requests", "by": "act_type"})
    assert wrong.status_code == 400
    assert "does not apply" in wrong.json()["detail"]
    filtered = client.get(URL, {"indicator": "requests", "sex": "01"})
    assert filtered.status_code == 400


def test_published_reports_api(published: ReportBuild) -> None:
    client = _client()
    listing = client.get("/api/v1/reports/").json()["results"]
    assert [item["id"] for item in listing] == [published.pk]
    detail = client.get(f"/api/v1/reports/{published.pk}/").json()
    assert detail["fingerprint"] == published.fingerprint
    assert detail["tables"]["by_governorate"]["rows"]
    assert detail["files"]["pdf"].endswith(f"/reports/{published.pk}/pdf/")
    assert client.get("/api/v1/reports/999999/").status_code == 404


def test_an_unpublished_build_is_not_in_the_public_api(
    sample: Any, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report = services.report_create(
        by=personas.analyst,
        data={
            "title": "Draft",
            "language": "ar",
            "period_kind": "year",
            "period_start": date(2025, 1, 1),
            "period_end": date(2025, 12, 31),
            "minimum_status": "02",
            "audience": "public",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        build = services.build_request(by=personas.analyst, report=report)
    client = _client()
    assert client.get(f"/api/v1/reports/{build.pk}/").status_code == 404
    assert client.get("/api/v1/reports/").json()["results"] == []


def test_anonymous_statistics_are_throttled_staff_are_not(
    published: ReportBuild, personas: Any, settings: Any
) -> None:
    settings.NAMA_SEARCH_LIMIT = 2
    client = _client()
    codes = [client.get(URL, {"indicator": "acts"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    staff = _staff(personas.analyst)
    assert {staff.get(URL, {"indicator": "acts"}).status_code for _ in range(3)} == {200}
