"""The site-wide search page: what the public and staff find, escaping, paging."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings

from nama.accounts.models import User
from nama.library import services
from nama.library.models import Resource
from nama.searchindex.scopes import registered_kinds
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
SEARCH = "/en/search/"
SECRET = "Internal safety plan"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def add(by: User, **data: Any) -> Resource:
    data.setdefault("visibility", "public")
    return services.resource_create(by=by, data=data)


@pytest.fixture
def public(personas: Personas) -> Resource:
    return add(personas.editor, title="Documenting detention", summary="Writing down testimony")


@pytest.fixture
def internal(personas: Personas) -> Resource:
    return add(personas.editor, title=SECRET, summary="Detention visits", visibility="internal")


def test_an_empty_query_shows_only_the_form(client: Client, public: Resource) -> None:
    response = client.get(SEARCH)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="search"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "nama-search-hit" not in html
    assert 'id="results-title"' not in html


def test_the_public_finds_public_resources_with_highlights_and_kind(
    client: Client, public: Resource, internal: Resource
) -> None:
    html = client.get(SEARCH, {"q": "detention"}).content.decode()
    assert f'href="/en/library/{public.pk}/"' in html
    assert "<mark>detention</mark>" in html.lower()
    assert "Library resource" in html
    assert SECRET not in html
    assert "1 result." in html
    assert '<meta name="robots" content="noindex">' in html


def test_the_public_never_gets_a_kind_filter_nor_internal_entries_through_it(
    client: Client, public: Resource, internal: Resource
) -> None:
    html = client.get(SEARCH, {"q": "detention", "kind": "library.resource"}).content.decode()
    assert 'name="kind"' not in html
    assert SECRET not in html
    assert f'href="/en/library/{public.pk}/"' in html


@pytest.mark.parametrize("name", ["analyst", "director", "editor"])
def test_staff_find_internal_resources_and_may_filter_by_kind(
    name: str,
    personas: Personas,
    verified_client: ClientFor,
    public: Resource,
    internal: Resource,
) -> None:
    client = verified_client(personas.get(name))
    html = client.get(SEARCH, {"q": "detention"}).content.decode()
    assert SECRET in html
    assert 'name="kind"' in html
    for info in registered_kinds():
        assert f'value="{info.kind}"' in html
    narrowed = client.get(SEARCH, {"q": "detention", "kind": "library.resource"}).content.decode()
    assert SECRET in narrowed
    assert '<option value="library.resource" selected>' in narrowed


def test_the_system_administrator_finds_only_public_entries(
    personas: Personas, verified_client: ClientFor, public: Resource, internal: Resource
) -> None:
    html = verified_client(personas.sysadmin).get(SEARCH, {"q": "detention"}).content.decode()
    assert SECRET not in html
    assert f'href="/en/library/{public.pk}/"' in html


def test_a_password_only_session_finds_only_public_entries(
    personas: Personas, unverified_client: ClientFor, internal: Resource
) -> None:
    html = unverified_client(personas.analyst).get(SEARCH, {"q": "detention"}).content.decode()
    assert SECRET not in html
    assert 'name="kind"' not in html


def test_a_script_in_a_title_is_escaped_in_results_and_snippets(
    client: Client, personas: Personas
) -> None:
    add(personas.editor, title=f"Guide {XSS}", summary=f"Summary {XSS}", body=f"alert {XSS}")
    for query in ("guide", "summary", "alert", "script"):
        html = client.get(SEARCH, {"q": query}).content.decode()
        assert "<script>alert" not in html, query
        assert "<img src=x" not in html, query
        assert "nama-search-hit" in html, query


def test_the_query_itself_is_escaped(client: Client) -> None:
    html = client.get(SEARCH, {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)" not in html


def test_a_word_typed_without_hamza_finds_the_word_with_it(
    client: Client, personas: Personas
) -> None:
    resource = add(personas.editor, title="أسئلة شائعة عن الاحتجاز")
    html = client.get("/ar/search/", {"q": "اسئلة"}).content.decode()
    assert f'href="/ar/library/{resource.pk}/"' in html
    assert "<mark>" in html


def test_pagination_keeps_the_query_and_the_kind(
    personas: Personas, verified_client: ClientFor
) -> None:
    for n in range(23):
        add(personas.editor, title=f"Torture prevention note {n}")
    client = verified_client(personas.analyst)
    html = client.get(SEARCH, {"q": "torture", "kind": "library.resource"}).content.decode()
    assert "23 results." in html
    assert html.count("nama-search-hit") == 20
    assert 'href="?q=torture&amp;kind=library.resource&amp;page=2"' in html
    assert 'aria-current="page"' in html
    second = client.get(
        SEARCH, {"q": "torture", "kind": "library.resource", "page": "2"}
    ).content.decode()
    assert second.count("nama-search-hit") == 3


@pytest.mark.parametrize(
    "params",
    [
        {"q": "detention", "page": ""},
        {"q": "detention", "page": "abc"},
        {"q": "detention", "page": "-1"},
        {"q": "detention", "page": "99999999999999999999999"},
        {"q": "detention", "kind": "no.such.kind"},
        {"q": "detention", "kind": "<script>"},
        {"q": "\x00"},
        {"q": "x" * 5000},
        {"page": "2"},
    ],
)
def test_garbage_parameters_do_not_fail(
    client: Client, public: Resource, params: dict[str, str]
) -> None:
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    if params.get("q") == "detention":
        assert f'href="/en/library/{public.pk}/"' in response.content.decode()


def test_a_query_longer_than_200_characters_is_cut(client: Client, public: Resource) -> None:
    html = client.get(SEARCH, {"q": "detention " + "y" * 400}).content.decode()
    assert f'value="detention {"y" * 190}"' in html


def test_the_search_form_is_labelled(client: Client) -> None:
    html = client.get("/ar/search/").content.decode()
    assert '<label id="site-search-label"' in html
    assert 'for="id_q"' in html
    assert '<html lang="ar" dir="rtl">' in html


def test_search_does_not_accept_posts(client: Client) -> None:
    assert client.post(SEARCH, {"q": "x"}).status_code == 405


@override_settings(NAMA_SEARCH_LIMIT=2)
def test_anonymous_searches_are_rate_limited_on_the_pages(client: Client, db: None) -> None:
    from django.core.cache import cache

    cache.clear()
    codes = [client.get("/ar/search/", {"q": "دليل"}).status_code for _ in range(2)]
    codes.append(client.get("/ar/library/", {"q": "دليل"}).status_code)
    # Browsing without a query is free.
    codes.append(client.get("/ar/library/").status_code)
    cache.clear()
    assert codes == [200, 200, 429, 200]
