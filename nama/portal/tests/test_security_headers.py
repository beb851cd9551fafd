"""What a hostile page, a crawler or a shoulder-surfer must not get from the public pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/ar/", "/en/", "/ckb/", "/ar/soon/report/", "/en/soon/join/", "/ar/nothing-here/"]


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_the_home_page_has_a_strict_content_security_policy(client: Client) -> None:
    csp = csp_directives(client.get("/ar/")["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    for values in csp.values():
        assert "'unsafe-inline'" not in values
        assert "'unsafe-eval'" not in values


def test_the_home_page_sends_the_security_headers(client: Client) -> None:
    response = client.get("/ar/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_no_public_page_loads_anything_from_another_host(
    client: Client, settings, url: str
) -> None:
    settings.NAMA_QUICK_EXIT_URL = "https://exit.example/weather"
    html = client.get(url).content.decode()
    external = re.findall(r'(?:src|href|action|srcset|poster)\s*=\s*"((?:https?:)?//[^"]*)"', html)
    assert external == ["https://exit.example/weather"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_no_public_page_has_inline_script_or_style(client: Client, url: str) -> None:
    html = client.get(url).content.decode()
    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == []
    assert "<style" not in html
    assert not re.search(r"\sstyle\s*=", html)
    assert not re.search(r"\son[a-z]+\s*=", html), "no inline event handlers"


def test_the_stylesheet_loads_nothing_from_another_host() -> None:
    from django.contrib.staticfiles import finders

    css = Path(str(finders.find("css/nama.css"))).read_text(encoding="utf-8")
    assert re.findall(r"url\(\s*['\"]?(?:https?:)?//", css) == []
    assert "@import" not in css


@pytest.mark.parametrize("secure", [True, False])
def test_the_language_cookie_is_httponly_samesite_and_secure_when_configured(
    client: Client, secure: bool
) -> None:
    with override_settings(LANGUAGE_COOKIE_SECURE=secure):
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/ar/soon/news/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/soon/news/"
    cookie = response.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert bool(cookie["secure"]) is secure


def test_the_language_cookie_then_chooses_the_language_of_the_root(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "ckb", "next": "/ar/"})
    assert client.get("/")["Location"] == "/ckb/"
