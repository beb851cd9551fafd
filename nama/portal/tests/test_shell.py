"""The page shell: messages, error pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.contrib.staticfiles import finders
from django.shortcuts import render
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_messages_are_announced_errors_as_alerts(rf: RequestFactory) -> None:
    request = rf.get("/en/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    messages.success(request, "Saved.")
    messages.error(request, "Could not save.")
    with translation.override("en"):
        html = render(request, "portal/home.html").content.decode()
    assert '<div class="alert alert-success" role="status">Saved.</div>' in html
    assert '<div class="alert alert-danger" role="alert">Could not save.</div>' in html


def test_the_404_page_is_in_the_language_of_the_url(client: Client) -> None:
    response = client.get("/ckb/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ckb" dir="rtl">' in html
    assert "data-quick-exit" in html
    assert 'href="/ckb/">' in html, "a way back to the home page"


def test_the_500_page_stands_alone_with_a_quick_exit(rf: RequestFactory, settings) -> None:
    settings.NAMA_QUICK_EXIT_URL = "https://exit.example/"
    with translation.override("ar"):
        response = server_error(rf.get("/ar/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in html
    assert 'href="https://exit.example/" rel="noreferrer" data-quick-exit' in html
    assert "bootstrap.rtl.min.css" in html


def test_the_stylesheet_uses_logical_properties_only() -> None:
    """One stylesheet serves RTL and LTR (DESIGN.md §5): no left/right/top/bottom."""
    css = Path(str(finders.find("css/nama.css"))).read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    physical = re.findall(
        r"(?:margin|padding|border|inset)-(?:left|right|top|bottom)\b"
        r"|(?<![-\w])(?:left|right|top|bottom)\s*:"
        r"|(?:text-align|float|clear)\s*:\s*(?:left|right)",
        css,
    )
    assert physical == []
