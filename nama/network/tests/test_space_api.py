"""The members' space API and site search: members only, pseudonyms respected."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from nama.library.tests.factories import add_resource
from nama.network import space_services as services
from nama.network.models import Post, PostStatus
from nama.network.tests.factories import member_with_account

pytestmark = pytest.mark.django_db

POSTS = "/api/v1/network/posts/"
REAL_NAME = "زينب حسين الساعدي"
PSEUDONYM = "وردة الجنوب"
WORD = "الاعتصامات"


@pytest.fixture(autouse=True)
def _fresh_limits() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def zainab(governorates: Any) -> Any:
    return member_with_account(username="member_zainab", name=REAL_NAME)


@pytest.fixture
def omar(governorates: Any) -> Any:
    return member_with_account(username="member_omar", name="عمر كريم", gov="erbil")


@pytest.fixture
def post(zainab: Any, personas: Any) -> Post:
    created = services.post_create(
        by=zainab.user,
        kind="news",
        language="ar",
        title=f"تقرير عن {WORD} في البصرة",
        body=f"<p>{WORD} مستمرة</p>",
        pseudonym=PSEUDONYM,
    )
    services.post_approve(post=created, by=personas.editor)
    return created


def api(client: Client, url: str, **params: Any) -> Any:
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")


def test_a_member_reads_the_feed_with_the_pseudonym_only(
    post: Post, omar: Any, verified_client: Any
):
    response = api(verified_client(omar.user), POSTS)
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["author"] == PSEUDONYM
    assert item["is_mine"] is False
    text = json.dumps(response.json(), ensure_ascii=False)
    assert REAL_NAME not in text
    for word in REAL_NAME.split():
        assert word not in text
    detail = api(verified_client(omar.user), f"{POSTS}{post.pk}/")
    assert detail.json()["author"] == PSEUDONYM
    assert REAL_NAME not in json.dumps(detail.json(), ensure_ascii=False)


def test_the_public_and_staff_without_a_member_record_learn_nothing(
    post: Post, personas: Any, verified_client: Any
):
    assert api(Client(), POSTS).status_code in (401, 403)
    assert api(Client(), f"{POSTS}{post.pk}/").status_code in (401, 403)
    for persona in ("outsider", "editor", "director", "trainer"):
        client = verified_client(getattr(personas, persona))
        assert api(client, POSTS).status_code == 404, persona
        assert api(client, f"{POSTS}{post.pk}/").status_code == 404, persona
        response = client.post(
            POSTS,
            {"kind": "news", "language": "ar", "title": "t", "body": "b"},
            content_type="application/json",
        )
        assert response.status_code == 404


def test_hidden_posts_are_404_in_the_api(
    post: Post, omar: Any, personas: Any, verified_client: Any
):
    services.post_hide(post=post, by=personas.editor, reason="exact place")
    client = verified_client(omar.user)
    assert api(client, f"{POSTS}{post.pk}/").status_code == 404
    assert api(client, POSTS).json()["count"] == 0


def test_a_member_creates_a_post_through_the_api(omar: Any, verified_client: Any):
    client = verified_client(omar.user)
    response = client.post(
        POSTS,
        {
            "kind": "challenge",
            "language": "en",
            "title": "Access to courts",
            "body": "<p>ok</p><script>alert(1)</script>",
            "links": ["https://example.org/x"],
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == PostStatus.PENDING
    assert data["is_mine"] is True
    assert "<script" not in data["body"]
    bad = client.post(
        POSTS,
        {"kind": "news", "language": "ar", "title": "t", "body": "b", "links": ["javascript:x"]},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 400


def test_the_api_is_rate_limited(omar: Any, verified_client: Any, settings: Any):
    settings.NAMA_SPACE_POSTS_PER_HOUR = 1
    client = verified_client(omar.user)
    data = {"kind": "news", "language": "ar", "title": "t", "body": "b"}
    assert client.post(POSTS, data, content_type="application/json").status_code == 201
    assert client.post(POSTS, data, content_type="application/json").status_code == 429


def test_moderators_read_the_queue_with_references_not_names(
    zainab: Any, omar: Any, personas: Any, verified_client: Any
):
    pending = services.post_create(
        by=zainab.user, kind="news", language="ar", title="t", body="b", pseudonym=PSEUDONYM
    )
    response = api(verified_client(personas.editor), f"{POSTS}queue/")
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["id"] == pending.pk
    assert item["author"] == f"{zainab.reference} ({PSEUDONYM})"
    assert REAL_NAME not in json.dumps(response.json(), ensure_ascii=False)
    assert api(verified_client(omar.user), f"{POSTS}queue/").status_code == 404
    assert api(verified_client(personas.outsider), f"{POSTS}queue/").status_code == 404


# ---------------------------------------------------------------------------
# Site search: members' posts are never there for the public


def test_public_search_never_finds_a_members_post(
    post: Post, personas: Any, client: Client, verified_client: Any
):
    add_resource(personas.editor, title=f"دليل {WORD}", visibility="public")
    found = client.get("/api/v1/search/", {"q": WORD}).json()
    assert [hit["kind"] for hit in found["results"]] == ["library.resource"]  # search works
    page = client.get("/ar/search/", {"q": WORD}).content.decode()
    assert "البصرة" not in page
    assert f"/members/posts/{post.pk}/" not in page
    for user in (personas.outsider, personas.editor):
        staff = verified_client(user).get("/api/v1/search/", {"q": WORD}).json()
        assert all(hit["kind"] != "network.post" for hit in staff["results"])
        assert "البصرة" not in json.dumps(staff, ensure_ascii=False)
