from __future__ import annotations

import pytest
from django.test import Client

from nama.portal.services import PUBLIC_SERVICES

pytestmark = pytest.mark.django_db


COMING = [service.slug for service in PUBLIC_SERVICES if not service.available]
AVAILABLE = [service.slug for service in PUBLIC_SERVICES if service.available]


@pytest.mark.parametrize("slug", COMING)
@pytest.mark.parametrize("language", ["ar", "ckb", "en"])
def test_it_shows_each_service_not_built_yet_as_coming_soon(
    client: Client, slug: str, language: str
) -> None:
    response = client.get(f"/{language}/soon/{slug}/")
    assert response.status_code == 200
    assert 'class="nama-soon"' in response.content.decode()


@pytest.mark.parametrize("slug", AVAILABLE)
def test_a_service_that_exists_is_not_coming_soon(client: Client, slug: str) -> None:
    assert client.get(f"/ar/soon/{slug}/").status_code == 404


def test_it_names_the_service_in_english(client: Client) -> None:
    html = client.get("/en/soon/news/").content.decode()
    assert "<h1" in html
    assert "News and statements" in html
    assert "Coming soon" in html
    assert "data-quick-exit" in html


@pytest.mark.parametrize("slug", ["unknown", "admin", "report-x", "REPORT"])
def test_an_unknown_slug_is_404(client: Client, slug: str) -> None:
    assert client.get(f"/ar/soon/{slug}/").status_code == 404
