"""The "coming soon" page: for a service listed on the home page before its feature lands.

Every service is built now, so the tests list a pretend one."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.translation import gettext_lazy as _

from nama.portal import services
from nama.portal.services import PUBLIC_SERVICES, PublicService

pytestmark = pytest.mark.django_db

AVAILABLE = [service.slug for service in PUBLIC_SERVICES if service.available]
PLANNED = PublicService(slug="planned", title=_("Library"), summary=_("Library"))


@pytest.fixture
def planned(monkeypatch: pytest.MonkeyPatch) -> PublicService:
    monkeypatch.setattr(services, "PUBLIC_SERVICES", (*PUBLIC_SERVICES, PLANNED))
    return PLANNED


def test_every_service_on_the_home_page_is_built() -> None:
    assert [service.slug for service in PUBLIC_SERVICES] == AVAILABLE


@pytest.mark.parametrize("language", ["ar", "ckb", "en"])
def test_it_shows_a_service_not_built_yet_as_coming_soon(
    client: Client, planned: PublicService, language: str
) -> None:
    response = client.get(f"/{language}/soon/{planned.slug}/")

    assert response.status_code == 200
    assert 'class="nama-soon"' in response.content.decode()


@pytest.mark.parametrize("slug", AVAILABLE)
def test_a_service_that_exists_is_not_coming_soon(client: Client, slug: str) -> None:
    assert client.get(f"/ar/soon/{slug}/").status_code == 404


def test_it_names_the_service_in_english(client: Client, planned: PublicService) -> None:
    html = client.get(f"/en/soon/{planned.slug}/").content.decode()
    assert "<h1" in html
    assert "Library" in html
    assert "Coming soon" in html
    assert "data-quick-exit" in html


@pytest.mark.parametrize("slug", ["unknown", "admin", "report-x", "REPORT"])
def test_an_unknown_slug_is_404(client: Client, slug: str) -> None:
    assert client.get(f"/ar/soon/{slug}/").status_code == 404
