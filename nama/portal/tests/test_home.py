from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from nama.portal.services import PUBLIC_SERVICES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "opening_tag"),
    [
        ("/ar/", '<html lang="ar" dir="rtl">'),
        ("/ckb/", '<html lang="ckb" dir="rtl">'),
        ("/en/", '<html lang="en" dir="ltr">'),
    ],
)
def test_it_sets_language_and_direction_on_the_html_element(
    client: Client, url: str, opening_tag: str
) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert opening_tag in response.content.decode()


def test_it_uses_the_rtl_bootstrap_for_arabic_and_kurdish(client: Client) -> None:
    for url in ("/ar/", "/ckb/"):
        assert "bootstrap.rtl.min.css" in client.get(url).content.decode()
    english = client.get("/en/").content.decode()
    assert "bootstrap.min.css" in english
    assert "bootstrap.rtl.min.css" not in english


def test_the_root_redirects_to_arabic_by_default(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_the_root_redirects_to_english_for_an_english_browser(client: Client) -> None:
    response = client.get("/", headers={"accept-language": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_it_links_every_public_service(client: Client) -> None:
    html = client.get("/en/").content.decode()
    with translation.override("en"):
        for service in PUBLIC_SERVICES:
            assert f'href="{service.url}"' in html
            assert escape(str(service.title)) in html
    coming = [service for service in PUBLIC_SERVICES if not service.available]
    assert html.count("Coming soon") == len(coming)


def test_it_has_a_staff_sign_in_link(client: Client) -> None:
    assert 'href="/en/accounts/login/"' in client.get("/en/").content.decode()


def test_it_has_a_skip_link_to_the_main_content(client: Client) -> None:
    html = client.get("/ar/").content.decode()
    assert 'class="nama-skip-link" href="#main"' in html
    assert '<main id="main"' in html


def test_it_has_the_quick_exit_as_a_plain_link(client: Client, settings) -> None:
    settings.NAMA_QUICK_EXIT_URL = "https://example.org/weather"
    html = client.get("/ar/").content.decode()
    assert (
        '<a class="nama-quick-exit__button" href="https://example.org/weather" '
        'rel="noreferrer" data-quick-exit>'
    ) in html


def test_it_gives_plain_safety_advice(client: Client) -> None:
    html = client.get("/en/").content.decode()
    assert "private (incognito) window" in html
    assert "press Esc twice" in html


def test_it_asks_for_the_htmx_config_that_the_csp_needs(client: Client) -> None:
    html = client.get("/ar/").content.decode()
    assert '"includeIndicatorStyles":false' in html
    assert '"historyCacheSize":0' in html


def test_every_static_file_it_references_exists(client: Client) -> None:
    html = client.get("/ar/").content.decode() + client.get("/en/").content.decode()
    paths = set(re.findall(r'(?:src|href)="/static/([^"]+)"', html))
    assert {
        "vendor/bootstrap/bootstrap.rtl.min.css",
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "vendor/vazirmatn/Vazirmatn-Regular.woff2",
        "css/nama.css",
        "js/nama.js",
    } <= paths
    for path in paths:
        assert finders.find(path), path


def test_it_sets_no_cookie_on_a_visitor(client: Client) -> None:
    response = client.get("/ar/")
    assert not response.cookies


def test_the_members_card_leads_through_sign_in_to_the_members_space(client: Client) -> None:
    html = client.get("/ar/").content.decode()
    assert 'href="/ar/accounts/login/?next=%2Far%2Fmembers%2F"' in html
