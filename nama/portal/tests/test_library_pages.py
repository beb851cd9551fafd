"""The public library pages: browse, search, read, download, collections; who sees what."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from nama.accounts.models import User
from nama.core.models import Term
from nama.core.reference_data import load_reference_data
from nama.library import services
from nama.library.models import Collection, Resource
from nama.library.tests.factories import add_resource as add
from nama.testing.documents import docx_bytes
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
LIBRARY = "/en/library/"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SECRET = "Internal safety plan"


def page(resource: Resource) -> str:
    return f"/en/library/{resource.pk}/"


def download(resource: Resource) -> str:
    return f"/en/library/{resource.pk}/download/"


@pytest.fixture
def terms(db: None) -> dict[str, Term]:
    load_reference_data()
    topics = Term.objects.of("library_topic")
    return {"basics": topics.get(code="01"), "torture": topics.get(code="06")}


@pytest.fixture
def manual(personas: Personas) -> Collection:
    return services.collection_save(
        by=personas.editor,
        data={"title": "Monitoring manual", "slug": "monitoring-manual", "description": "Chapters"},
    )


@pytest.fixture
def public(personas: Personas, terms: dict[str, Term], manual: Collection) -> Resource:
    return add(
        personas.editor,
        title="Documenting detention",
        summary="How to write down what a detainee tells you",
        body="First paragraph.\n\nSecond <b>paragraph</b>.",
        authors="Sara Ali",
        published_on=date(2024, 5, 1),
        language="en",
        collection=manual,
        position=1,
        topics=[terms["torture"]],
    )


@pytest.fixture
def internal(personas: Personas, terms: dict[str, Term], manual: Collection) -> Resource:
    return add(
        personas.editor,
        title=SECRET,
        summary="Only for staff: detention visits",
        visibility="internal",
        language="en",
        collection=manual,
        position=2,
        topics=[terms["basics"]],
        file=(docx_bytes("staff only"), "plan.docx"),
    )


@pytest.fixture
def internal_only_collection(personas: Personas) -> Collection:
    collection = services.collection_save(
        by=personas.editor, data={"title": "Staff handbook", "slug": "staff-handbook"}
    )
    add(personas.editor, title="Handbook chapter", visibility="internal", collection=collection)
    return collection


# ---------------------------------------------------------------------------
# Who sees internal resources


def test_the_public_never_sees_an_internal_resource(
    client: Client,
    public: Resource,
    internal: Resource,
    internal_only_collection: Collection,
    terms: dict[str, Term],
) -> None:
    assert client.get(page(internal)).status_code == 404
    assert client.get(download(internal)).status_code == 404
    home = client.get(LIBRARY).content.decode()
    assert SECRET not in home
    assert "Documenting detention" in home
    assert "Staff handbook" not in home
    assert f"?topic={terms['basics'].pk}" not in home  # a topic only the internal one has
    found = client.get(LIBRARY, {"q": "detention"}).content.decode()
    assert SECRET not in found
    assert "Documenting" in found
    assert client.get(LIBRARY, {"q": "staff"}).content.decode().count("nama-library-item") == 0
    collection = client.get("/en/library/collections/monitoring-manual/").content.decode()
    assert SECRET not in collection
    assert "(1 resource)" in collection
    assert client.get("/en/library/collections/staff-handbook/").status_code == 404
    # The public resource does not point to its internal neighbour in the collection.
    assert page(internal) not in client.get(page(public)).content.decode()


def test_collection_and_topic_counts_count_only_what_the_reader_may_read(
    client: Client,
    personas: Personas,
    verified_client: ClientFor,
    public: Resource,
    internal: Resource,
    terms: dict[str, Term],
) -> None:
    internal.topics.add(terms["torture"])  # now shared with the public resource
    html = client.get(LIBRARY).content.decode()
    assert "(1 resource)" in html
    assert "(2 resources)" not in html
    assert '<span class="nama-library-count">1</span>' in html
    assert '<span class="nama-library-count">2</span>' not in html
    staff = verified_client(personas.analyst).get(LIBRARY).content.decode()
    assert "(2 resources)" in staff
    assert '<span class="nama-library-count">2</span>' in staff


def test_a_password_only_session_reads_as_the_public(
    unverified_client: ClientFor, personas: Personas, internal: Resource
) -> None:
    client = unverified_client(personas.analyst)
    assert client.get(page(internal)).status_code == 404
    assert SECRET not in client.get(LIBRARY).content.decode()


@pytest.mark.parametrize("name", ["analyst", "director", "editor", "lawyer"])
def test_staff_of_the_library_see_internal_resources_marked_internal(
    name: str,
    personas: Personas,
    verified_client: ClientFor,
    public: Resource,
    internal: Resource,
) -> None:
    client = verified_client(personas.get(name))
    response = client.get(page(internal))
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert "nama-library-internal" in response.content.decode()
    home = client.get(LIBRARY).content.decode()
    assert SECRET in home
    assert "(2 resources)" in home
    found = client.get(LIBRARY, {"q": "detention"}).content.decode()
    assert "Internal</mark> safety plan" in found or "Internal safety plan" in found
    assert "nama-library-internal" in found
    assert client.get(download(internal)).status_code == 200


def test_the_system_administrator_reads_as_the_public(
    personas: Personas, verified_client: ClientFor, internal: Resource
) -> None:
    client = verified_client(personas.sysadmin)
    assert client.get(page(internal)).status_code == 404
    assert client.get(download(internal)).status_code == 404
    assert SECRET not in client.get(LIBRARY).content.decode()
    assert SECRET not in client.get(LIBRARY, {"q": "safety"}).content.decode()


# ---------------------------------------------------------------------------
# Escaping


def test_a_script_in_a_title_or_summary_is_escaped_everywhere(
    client: Client, personas: Personas, manual: Collection
) -> None:
    resource = add(
        personas.editor,
        title=f"Guide {XSS}",
        summary=f"Summary {XSS}",
        body=f"Body {XSS}",
        collection=manual,
    )
    pages = [
        client.get(LIBRARY),
        client.get(LIBRARY, {"q": "guide"}),
        client.get(LIBRARY, {"q": "summary"}),
        client.get(LIBRARY, {"q": "alert"}),
        client.get(page(resource)),
        client.get("/en/library/collections/monitoring-manual/"),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;" in html or "&lt;/script&gt;" in html


def test_the_query_is_escaped_on_the_page(client: Client, public: Resource) -> None:
    html = client.get(LIBRARY, {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)" not in html


# ---------------------------------------------------------------------------
# Browsing, searching and filtering


def test_browsing_lists_collections_topics_and_the_latest_resources(
    client: Client, public: Resource, terms: dict[str, Term]
) -> None:
    html = client.get(LIBRARY).content.decode()
    assert 'href="/en/library/collections/monitoring-manual/"' in html
    assert f'href="/en/library/?topic={terms["torture"].pk}"' in html
    assert f'href="{page(public)}"' in html
    assert 'role="search"' in html
    assert 'name="robots"' not in html


def test_search_ranks_and_highlights_with_type_language_and_collection(
    client: Client, public: Resource
) -> None:
    html = client.get(LIBRARY, {"q": "detention"}).content.decode()
    assert "<mark>detention</mark>" in html.lower() or "<mark>Detention</mark>" in html
    assert "1 resource found." in html
    assert "Monitoring manual" in html
    assert "English" in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_word_typed_without_hamza_finds_the_word_with_it(
    client: Client, personas: Personas
) -> None:
    resource = add(personas.editor, title="أسئلة شائعة عن الاحتجاز")
    html = client.get("/ar/library/", {"q": "اسئلة"}).content.decode()
    assert f'href="/ar/library/{resource.pk}/"' in html
    assert "<mark>" in html


def test_filters_narrow_browsing_and_search(
    client: Client,
    personas: Personas,
    public: Resource,
    terms: dict[str, Term],
    manual: Collection,
) -> None:
    arabic = add(
        personas.editor, title="Detention guide in Arabic", language="ar", topics=[terms["basics"]]
    )
    video = add(
        personas.editor,
        title="Detention video",
        language="en",
        video_url="https://video.example.org/watch/1",
    )
    cases: list[tuple[dict[str, Any], Resource, list[Resource]]] = [
        ({"topic": terms["torture"].pk}, public, [arabic, video]),
        ({"topic": terms["basics"].pk}, arabic, [public, video]),
        ({"collection": manual.slug}, public, [arabic, video]),
        ({"type": "video"}, video, [public, arabic]),
        ({"language": "ar"}, arabic, [public, video]),
    ]
    for filters, kept, dropped in cases:
        for extra in ({}, {"q": "detention"}):
            html = client.get(LIBRARY, {**filters, **extra}).content.decode()
            assert f'href="{page(kept)}"' in html, (filters, extra)
            for other in dropped:
                assert f'href="{page(other)}"' not in html, (filters, extra, other.title)


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "abc"},
        {"topic": "999999"},
        {"collection": "no-such"},
        {"type": "<script>"},
        {"language": "fr"},
        {"page": ""},
        {"page": "abc"},
        {"page": "-3"},
        {"page": "99999999999999999999"},
        {"q": "detention", "page": "abc"},
        {"q": "detention", "page": "0"},
        {"q": "detention", "page": "500"},
        {"q": "detention", "topic": "x", "type": "nope"},
        {"q": "x" * 5000},
        {"q": "\x00"},
    ],
)
def test_invalid_parameters_are_ignored_not_an_error(
    client: Client, public: Resource, params: dict[str, str]
) -> None:
    response = client.get(LIBRARY, params)
    assert response.status_code == 200
    if "q" not in params or params["q"] == "detention":
        assert f'href="{page(public)}"' in response.content.decode()


def test_pagination_keeps_the_query_and_the_filters(client: Client, personas: Personas) -> None:
    for n in range(25):
        add(personas.editor, title=f"Torture prevention note {n}", language="en")
    html = client.get(LIBRARY, {"q": "torture", "language": "en"}).content.decode()
    assert "25 resources found." in html
    assert html.count('class="nama-library-item"') == 20
    assert 'href="?q=torture&amp;language=en&amp;page=2"' in html
    assert 'aria-current="page"' in html
    second = client.get(LIBRARY, {"q": "torture", "language": "en", "page": "2"}).content.decode()
    assert second.count('class="nama-library-item"') == 5
    assert 'href="?q=torture&amp;language=en&amp;page=1"' in second
    browse = client.get(LIBRARY, {"language": "en"}).content.decode()
    assert 'href="?language=en&amp;page=2"' in browse
    assert (
        client.get(LIBRARY, {"page": "2"}).content.decode().count('class="nama-library-item"') == 5
    )


def test_a_query_longer_than_200_characters_is_cut(client: Client, public: Resource) -> None:
    response = client.get(LIBRARY, {"q": "detention " + "y" * 400})
    assert response.status_code == 200
    assert f'value="detention {"y" * 190}"' in response.content.decode()  # 200 characters


# ---------------------------------------------------------------------------
# A resource's page


def test_the_resource_page_shows_its_details_and_neighbours(
    client: Client, personas: Personas, public: Resource, manual: Collection, terms: dict[str, Term]
) -> None:
    second = add(personas.editor, title="Chapter two", collection=manual, position=5)
    html = client.get(page(public)).content.decode()
    assert "Sara Ali" in html
    assert 'datetime="2024-05-01"' in html
    assert 'href="/en/library/collections/monitoring-manual/"' in html
    assert f'href="/en/library/?topic={terms["torture"].pk}"' in html
    assert "<p>First paragraph.</p>" in html
    assert "Second &lt;b&gt;paragraph&lt;/b&gt;." in html
    assert f'rel="next" href="{page(second)}"' in html
    assert "human-rights defenders" not in html  # the audience is "general public"
    assert "general public" in html
    back = client.get(page(second)).content.decode()
    assert f'rel="prev" href="{page(public)}"' in back


def test_a_video_is_an_external_link_that_sends_no_referrer(
    client: Client, personas: Personas
) -> None:
    video = add(personas.editor, title="Video", video_url="https://video.example.org/watch/1")
    html = client.get(page(video)).content.decode()
    assert 'href="https://video.example.org/watch/1" rel="noopener noreferrer"' in html
    assert "on another website" in html


def test_an_image_is_offered_as_a_download_not_shown(client: Client, personas: Personas) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    image = add(personas.editor, title="Poster", file=(buffer.getvalue(), "poster.png"))
    html = client.get(page(image)).content.decode()
    assert "<img" not in html.split('<main id="main"')[1]
    assert f'href="{download(image)}"' in html
    response = client.get(download(image))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize("pk", ["999999"])
def test_a_missing_resource_is_404(client: Client, pk: str) -> None:
    assert client.get(f"/en/library/{pk}/").status_code == 404
    assert client.get(f"/en/library/{pk}/download/").status_code == 404


# ---------------------------------------------------------------------------
# Downloads


def test_the_download_is_an_attachment_with_the_exact_bytes(
    client: Client, personas: Personas
) -> None:
    data = docx_bytes("دليل المدافعين")
    resource = add(personas.editor, title="Guide", file=(data, "دليل المدافعين.docx"))
    response = client.get(download(resource))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data  # type: ignore[attr-defined]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition
    assert "%D8%AF%D9%84%D9%8A%D9%84" in disposition  # دليل
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" not in response.get("Cache-Control", "")


def test_an_internal_download_is_not_cached(
    personas: Personas, verified_client: ClientFor, internal: Resource
) -> None:
    response = verified_client(personas.analyst).get(download(internal))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_resource_without_a_file_has_no_download(client: Client, public: Resource) -> None:
    assert client.get(download(public)).status_code == 404
    assert "/download/" not in client.get(page(public)).content.decode()


def test_the_resource_page_offers_the_download_with_name_size_and_type(
    client: Client, personas: Personas
) -> None:
    resource = add(personas.editor, title="Guide", file=(docx_bytes("x"), "guide.docx"))
    html = client.get(page(resource)).content.decode()
    assert f'href="{download(resource)}"' in html
    assert "guide.docx" in html
    assert "DOCX" in html
    assert "KB" in html


def test_a_download_can_only_be_read(client: Client, personas: Personas) -> None:
    resource = add(personas.editor, title="Guide", file=(docx_bytes("x"), "guide.docx"))
    assert client.post(download(resource)).status_code == 405


# ---------------------------------------------------------------------------
# Collections


def test_a_collection_lists_its_resources_in_order(
    client: Client, personas: Personas, manual: Collection, public: Resource
) -> None:
    first = add(personas.editor, title="Introduction chapter", collection=manual, position=0)
    html = client.get("/en/library/collections/monitoring-manual/").content.decode()
    assert html.index(page(first)) < html.index(page(public))
    assert "Chapters" in html


def test_an_unknown_collection_is_404(client: Client) -> None:
    assert client.get("/en/library/collections/nothing-here/").status_code == 404


def test_the_arabic_library_page_is_right_to_left(client: Client, public: Resource) -> None:
    html = client.get("/ar/library/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "portal/library.css" in html


def test_the_text_read_from_a_file_can_be_read_on_the_page(
    client: Client, personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        resource = add(
            personas.editor,
            title="Guide",
            file=(docx_bytes("نص الدليل <script>alert(1)</script>"), "guide.docx"),
        )
    html = client.get(page(resource)).content.decode()
    assert "Read the text of the file" in html
    assert "نص الدليل &lt;script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "Download the file to read all of it" not in html


def test_a_long_file_text_is_cut_on_the_page(
    client: Client, personas: Personas, monkeypatch: Any
) -> None:
    from nama.portal import library_views

    monkeypatch.setattr(library_views, "EXTRACTED_SHOWN", 10)
    resource = add(personas.editor, title="Guide")
    Resource.objects.filter(pk=resource.pk).update(extracted_text="كلمة " * 10)
    html = client.get(page(resource)).content.decode()
    assert "Download the file to read all of it" in html
