from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def switcher(html: str) -> str:
    start = html.index('<nav class="nama-languages"')
    return html[start : html.index("</nav>", start)]


def test_it_links_the_same_page_in_each_language(client: Client) -> None:
    nav = switcher(client.get("/ar/soon/news/").content.decode())
    assert (
        '<a href="/ar/soon/news/" lang="ar" hreflang="ar" dir="rtl" aria-current="true">العربية</a>'
    ) in nav
    assert '<a href="/ckb/soon/news/" lang="ckb" hreflang="ckb" dir="rtl">کوردی</a>' in nav
    assert '<a href="/en/soon/news/" lang="en" hreflang="en" dir="ltr">English</a>' in nav


def test_it_marks_the_current_language(client: Client) -> None:
    nav = switcher(client.get("/en/").content.decode())
    assert nav.count("aria-current") == 1
    assert 'hreflang="en" dir="ltr" aria-current="true"' in nav


def test_it_needs_no_form_and_no_javascript(client: Client) -> None:
    nav = switcher(client.get("/ckb/").content.decode())
    assert "<form" not in nav
    assert "<script" not in nav


def test_on_a_missing_page_it_links_each_language_home(client: Client) -> None:
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    nav = switcher(response.content.decode())
    assert 'href="/ar/"' in nav
    assert 'href="/ckb/"' in nav
