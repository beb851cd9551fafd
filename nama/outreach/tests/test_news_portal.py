"""The public side of news and statements: pages, image, feeds, API and search.

Drafts, items in review and withdrawn items are invisible everywhere (page
404, absent from the list, the feeds, the API and search); published items
are visible in the page's language, else in Arabic.
"""

from __future__ import annotations

from collections.abc import Callable

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nama.accounts.models import User
from nama.outreach.models import NewsItem, NewsKind
from nama.outreach.news_services import (
    news_create,
    news_publish,
    news_submit_for_review,
    news_unpublish,
)
from nama.searchindex import services as search
from nama.testing.images import gps_jpeg
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
AR_TITLE = "بيان بشأن حرية التجمع السلمي"
EN_TITLE = "Statement on peaceful assembly"
CKB_TITLE = "ھەواڵی کۆبوونەوە"


def _versions(secret: str = "") -> dict[str, dict[str, str]]:
    return {
        "ar": {"title": AR_TITLE + secret, "summary": "ملخص عربي", "body": "<p>النص العربي</p>"},
        "en": {
            "title": EN_TITLE + secret,
            "summary": "",
            "body": "<p>English <strong>text</strong> about assembly.</p>",
        },
    }


@pytest.fixture
def published(personas: Personas) -> NewsItem:
    image = SimpleUploadedFile("p.jpg", gps_jpeg(), content_type="image/jpeg")
    item = news_create(
        by=personas.director, kind=NewsKind.STATEMENT, translations=_versions(), image=image
    )
    news_publish(item=item, by=personas.director)
    return item


@pytest.fixture
def hidden(personas: Personas) -> list[NewsItem]:
    """A draft, an item in review and a withdrawn item, all with the word 'zzsecret'."""
    draft = news_create(by=personas.editor, kind="news", translations=_versions(" zzsecret"))
    review = news_create(by=personas.editor, kind="news", translations=_versions(" zzsecret"))
    news_submit_for_review(item=review, by=personas.editor)
    withdrawn = news_create(by=personas.editor, kind="news", translations=_versions(" zzsecret"))
    news_publish(item=withdrawn, by=personas.editor)
    news_unpublish(item=withdrawn, by=personas.editor, reason="mistake")
    return [draft, review, withdrawn]


def test_published_item_in_the_page_language(client: Client, published: NewsItem):
    ar = client.get(f"/ar/news/{published.pk}/").content.decode()
    assert AR_TITLE in ar
    assert 'lang="ar" dir="rtl"' in ar
    en = client.get(f"/en/news/{published.pk}/").content.decode()
    assert EN_TITLE in en
    assert 'lang="en" dir="ltr"' in en
    assert "<strong>text</strong>" in en
    # Kurdish page, no Kurdish version: the Arabic one.
    ckb = client.get(f"/ckb/news/{published.pk}/").content.decode()
    assert AR_TITLE in ckb
    # A version asked for explicitly.
    assert EN_TITLE in client.get(f"/ar/news/{published.pk}/?lang=en").content.decode()


def test_list_filters_and_feed_links(client: Client, published: NewsItem, hidden: list[NewsItem]):
    response = client.get("/en/news/")
    html = response.content.decode()
    assert response.status_code == 200
    assert EN_TITLE in html
    assert "zzsecret" not in html
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'href="/en/news/feed/atom/"' in html
    assert EN_TITLE in client.get("/en/news/", {"kind": "statement"}).content.decode()
    assert EN_TITLE not in client.get("/en/news/", {"kind": "news"}).content.decode()
    assert client.get("/en/news/", {"kind": "<script>", "page": "x"}).status_code == 200


def test_list_is_paginated(client: Client, personas: Personas):
    for number in range(12):
        item = news_create(
            by=personas.editor,
            kind="news",
            translations={"ar": {"title": f"خبر رقم {number}", "body": "نص"}},
        )
        news_publish(item=item, by=personas.editor)
    first = client.get("/ar/news/").content.decode()
    assert "خبر رقم 11" in first
    assert "خبر رقم 0<" not in first
    assert "خبر رقم 0<" in client.get("/ar/news/", {"page": 2}).content.decode()


def test_hidden_items_are_404_and_absent(client: Client, hidden: list[NewsItem], personas):
    staff = Client()
    staff.force_login(personas.editor)
    for item in hidden:
        assert client.get(f"/ar/news/{item.pk}/").status_code == 404
        assert client.get(f"/en/news/{item.pk}/image/").status_code == 404
        assert client.get(f"/api/v1/news/{item.pk}/").status_code == 404
        assert staff.get(f"/en/news/{item.pk}/").status_code == 404
    assert "zzsecret" not in client.get("/en/news/feed/rss/").content.decode()
    assert "zzsecret" not in client.get("/en/news/feed/atom/").content.decode()
    assert "zzsecret" not in client.get("/api/v1/news/").content.decode()
    assert search.count("zzsecret") == 0
    assert search.count("zzsecret", include_internal=True) == 0
    found = client.get("/en/search/", {"q": "zzsecret"}).content.decode()
    for item in hidden:
        assert f"/news/{item.pk}/" not in found
    assert "Nothing matches your search" in found
    assert client.get("/en/news/999999/").status_code == 404


def test_published_item_is_found_by_public_search(client: Client, published: NewsItem):
    html = client.get("/en/search/", {"q": "assembly"}).content.decode()
    assert "Statement on peaceful" in html
    assert f"/en/news/{published.pk}/?lang=en" in html
    arabic = client.get("/ar/search/", {"q": "التجمع"}).content.decode()
    assert f"/ar/news/{published.pk}/?lang=ar" in arabic


def test_image_of_published_item_has_no_metadata(client: Client, published: NewsItem):
    response = client.get(f"/ar/news/{published.pk}/image/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert b"Exif" not in data
    assert b"PhoneMaker" not in data


def test_rss_feed_parses_per_language(client: Client, published: NewsItem, hidden):
    feed = feedparser.parse(client.get("/en/news/feed/rss/").content)
    assert not feed.bozo
    assert feed.version == "rss20"
    assert feed.feed.language == "en"
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    assert entry.title == EN_TITLE
    assert entry.link == f"http://testserver/en/news/{published.pk}/"
    assert entry.summary == "English text about assembly."
    arabic = feedparser.parse(client.get("/ar/news/feed/rss/").content)
    assert arabic.feed.language == "ar"
    assert arabic.entries[0].title == AR_TITLE
    assert arabic.entries[0].summary == "ملخص عربي"
    assert arabic.entries[0].link == f"http://testserver/ar/news/{published.pk}/"


def test_atom_feed_parses(client: Client, published: NewsItem):
    response = client.get("/ckb/news/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.version == "atom10"
    assert feed.feed.language == "ckb"
    assert feed.entries[0].title == AR_TITLE  # no Kurdish version: Arabic
    assert feed.entries[0].link == f"http://testserver/ckb/news/{published.pk}/"
    assert feed.entries[0].published_parsed is not None


def test_feed_escapes_script(client: Client, personas: Personas):
    item = news_create(
        by=personas.editor,
        kind="news",
        translations={"en": {"title": "<script>alert(1)</script>T", "body": "<script>x</script>b"}},
    )
    news_publish(item=item, by=personas.editor)
    raw = client.get("/en/news/feed/rss/").content.decode()
    assert "<script>" not in raw
    html = client.get(f"/en/news/{item.pk}/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;T" in html


def test_api_public_shape(client: Client, published: NewsItem, hidden):
    response = client.get("/api/v1/news/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["id"] == published.pk
    assert item["kind"] == "statement"
    assert item["url"].endswith(f"/news/{published.pk}/")
    assert item["image"].endswith(f"/news/{published.pk}/image/")
    assert [v["language"] for v in item["versions"]] == ["ar", "en"]
    assert "body" not in item["versions"][0]
    detail = client.get(f"/api/v1/news/{published.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert detail["versions"][1]["title"] == EN_TITLE
    assert "<strong>text</strong>" in detail["versions"][1]["body"]
    assert client.get("/api/v1/news/", {"kind": "news"}).json()["count"] == 0


def test_api_is_read_only(client: Client, published: NewsItem, personas):
    assert client.post("/api/v1/news/", {}).status_code in {401, 403, 405}
    assert client.delete(f"/api/v1/news/{published.pk}/").status_code in {401, 403, 405}
    assert NewsItem.objects.filter(pk=published.pk).exists()
