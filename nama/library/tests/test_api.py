"""The library API and the search API: public or staff-scoped by who asks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from nama.library.models import Resource
from nama.library.tests.factories import add_resource
from nama.searchindex.models import SearchEntry

pytestmark = pytest.mark.django_db

RESOURCES = "/api/v1/library/resources/"
SEARCH = "/api/v1/search/"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shelf(personas: Any, topics: None) -> dict[str, Resource]:
    from nama.core.models import Term

    women = Term.objects.of("library_topic").get(code="03")
    return {
        "public": add_resource(
            personas.editor, title="دليل حقوق المرأة", summary="للجميع", topics=[women]
        ),
        "internal": add_resource(
            personas.editor, title="دليل داخلي للرصد", visibility="internal", body="خطة الرصد"
        ),
    }


def post(client: Client, path: str, data: Any) -> Any:
    return client.post(
        path, json.dumps(data), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


def titles(response: Any) -> set[str]:
    return {row["title"] for row in response.json()["results"]}


def test_the_public_lists_public_resources_only(client: Client, shelf: Any) -> None:
    response = client.get(RESOURCES)

    assert response.status_code == 200
    assert titles(response) == {"دليل حقوق المرأة"}
    row = response.json()["results"][0]
    assert row["topics"] == ["03"]
    assert row["url"] == f"/ar/library/{shelf['public'].pk}/"
    assert "body" not in row


def test_an_internal_resource_is_404_for_the_public(client: Client, shelf: Any) -> None:
    assert client.get(f"{RESOURCES}{shelf['internal'].pk}/").status_code == 404
    assert client.get(f"{RESOURCES}{shelf['public'].pk}/").json()["body"] == ""


@pytest.mark.parametrize("name", ["analyst", "director", "editor", "lawyer"])
def test_staff_list_internal_resources_too(
    verified_client: Any, personas: Any, shelf: Any, name: str
) -> None:
    response = verified_client(personas.get(name)).get(RESOURCES)
    assert titles(response) == {"دليل حقوق المرأة", "دليل داخلي للرصد"}


@pytest.mark.parametrize("name", ["sysadmin", "outsider"])
def test_accounts_without_library_access_read_like_the_public(
    verified_client: Any, personas: Any, shelf: Any, name: str
) -> None:
    client = verified_client(personas.get(name))
    assert titles(client.get(RESOURCES)) == {"دليل حقوق المرأة"}
    assert client.get(f"{RESOURCES}{shelf['internal'].pk}/").status_code == 404


def test_filters_narrow_the_list(client: Client, shelf: Any) -> None:
    assert titles(client.get(RESOURCES, {"topic": "03"})) == {"دليل حقوق المرأة"}
    assert titles(client.get(RESOURCES, {"topic": "04"})) == set()
    assert titles(client.get(RESOURCES, {"topic": "nonsense"})) == set()
    assert titles(client.get(RESOURCES, {"type": "text", "language": "ar"})) == {"دليل حقوق المرأة"}
    assert titles(client.get(RESOURCES, {"language": "en"})) == set()


def test_an_editor_adds_a_resource_with_json(
    verified_client: Any, personas: Any, topics: None
) -> None:
    response = post(
        verified_client(personas.editor),
        RESOURCES,
        {
            "title": "مبادئ باريس",
            "summary": "مبادئ المؤسسات الوطنية",
            "body": "نص المبادئ",
            "language": "ar",
            "visibility": "public",
            "topics": ["08"],
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["topics"], body["body"]) == ("مبادئ باريس", ["08"], "نص المبادئ")
    assert SearchEntry.objects.filter(kind="library.resource", object_id=str(body["id"])).exists()


def test_bad_input_gets_translated_field_errors(
    verified_client: Any, personas: Any, topics: None
) -> None:
    response = post(
        verified_client(personas.editor),
        RESOURCES,
        {"title": "", "visibility": "secret", "topics": ["77"], "video_url": "javascript:alert(1)"},
    )

    assert response.status_code == 400
    assert set(response.json()) >= {"title", "visibility", "topics", "video_url"}
    assert not Resource.objects.exists()


@pytest.mark.parametrize("name", ["analyst", "director", "sysadmin", "outsider"])
def test_only_managers_write(verified_client: Any, personas: Any, shelf: Any, name: str) -> None:
    client = verified_client(personas.get(name))
    data = {"title": "x", "visibility": "public"}
    assert post(client, RESOURCES, data).status_code == 403
    resource = shelf["public"]
    assert client.delete(f"{RESOURCES}{resource.pk}/").status_code in (403, 404)
    assert Resource.objects.count() == 2


def test_anonymous_writes_are_refused(client: Client) -> None:
    assert post(client, RESOURCES, {"title": "x", "visibility": "public"}).status_code in (401, 403)
    assert not Resource.objects.exists()


def test_an_editor_changes_and_removes_a_resource(
    verified_client: Any, personas: Any, shelf: Any
) -> None:
    client = verified_client(personas.editor)
    path = f"{RESOURCES}{shelf['public'].pk}/"
    response = client.patch(
        path, json.dumps({"visibility": "internal"}), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["visibility"] == "internal"

    assert client.delete(path).status_code == 204
    assert not Resource.objects.filter(pk=shelf["public"].pk).exists()


def test_search_answers_ranked_results_with_snippets_and_urls(client: Client, shelf: Any) -> None:
    response = client.get(SEARCH, {"q": "حقوق المراه"})  # taa marbuta typed as heh

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [hit] = body["results"]
    assert hit["kind"] == "library.resource"
    assert hit["url"] == f"/ar/library/{shelf['public'].pk}/"
    assert "<mark>حقوق</mark>" in hit["title_html"]
    assert response["Cache-Control"] == "private, no-store"


def test_search_never_shows_internal_resources_to_the_public(client: Client, shelf: Any) -> None:
    assert client.get(SEARCH, {"q": "الرصد"}).json()["count"] == 0


def test_staff_search_finds_internal_resources(
    verified_client: Any, personas: Any, shelf: Any
) -> None:
    response = verified_client(personas.analyst).get(SEARCH, {"q": "الرصد"})
    assert [hit["title"] for hit in response.json()["results"]] == ["دليل داخلي للرصد"]


def test_a_script_in_a_title_is_escaped_in_search_results(client: Client, personas: Any) -> None:
    add_resource(personas.editor, title=f"دليل {SCRIPT}", summary=f"ملخص {SCRIPT} دليل")

    [hit] = client.get(SEARCH, {"q": "دليل"}).json()["results"]
    assert "<script>" not in hit["title_html"]
    assert "<script>" not in hit["snippet"]
    assert "&lt;script&gt;" in hit["snippet"]
    assert hit["title"] == f"دليل {SCRIPT}"  # plain text, for clients to escape


@override_settings(NAMA_SEARCH_LIMIT=3)
def test_anonymous_search_is_throttled(client: Client, shelf: Any) -> None:
    codes = [client.get(SEARCH, {"q": "دليل"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_an_empty_query_answers_nothing(client: Client, shelf: Any) -> None:
    assert client.get(SEARCH, {"q": "  "}).json() == {
        "count": 0,
        "page": 1,
        "pages": 1,
        "results": [],
    }


@pytest.mark.parametrize("name", ["outsider", "sysadmin"])
def test_search_api_gives_accounts_without_access_public_entries_only(
    verified_client: Any, personas: Any, shelf: Any, name: str
) -> None:
    client = verified_client(personas.get(name))
    assert client.get(SEARCH, {"q": "الرصد"}).json()["count"] == 0
    assert client.get(SEARCH, {"q": "الرصد", "kind": "library.resource"}).json()["count"] == 0
    assert client.get(SEARCH, {"q": "حقوق"}).json()["count"] == 1
