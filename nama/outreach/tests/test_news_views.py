"""Staff pages of news and statements: who opens what, the form, the workflow buttons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nama.accounts.models import User
from nama.outreach.models import NewsItem, NewsKind, NewsStatus
from nama.outreach.news_services import news_create, news_publish, news_submit_for_review
from nama.testing.images import gps_jpeg
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
HOME = "/en/outreach/"
LIST = "/en/outreach/news/"
NEW = "/en/outreach/news/add/"
SCRIPT = "<script>alert(1)</script>"
AR = {"title": "خبر عن ورشة", "summary": "ملخص", "body": "نص الخبر"}


def page(item: NewsItem, action: str = "") -> str:
    return f"/en/outreach/news/{item.pk}/{action + '/' if action else ''}"


def form_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": "news", "governorate": ""}
    for language in ("ar", "en", "ckb"):
        for field in ("title", "summary", "body", "image_alt"):
            data[f"{language}_{field}"] = ""
    data.update({"ar_title": AR["title"], "ar_summary": AR["summary"], "ar_body": AR["body"]})
    data.update(changes)
    return data


def make(by: User, kind: str = NewsKind.NEWS) -> NewsItem:
    return news_create(by=by, kind=kind, translations={"ar": AR})


@pytest.mark.parametrize(
    "who", ["outsider", "trainer", "training_coordinator", "analyst", "sysadmin"]
)
def test_other_staff_get_404_everywhere(personas: Personas, verified_client: ClientFor, who: str):
    item = make(personas.editor)
    client = verified_client(getattr(personas, who))
    for url in (HOME, LIST, NEW, page(item), page(item, "edit"), page(item, "image")):
        assert client.get(url).status_code == 404, url
    for action in ("submit", "publish", "unpublish", "return", "delete"):
        assert client.post(page(item, action), {"reason": "x"}).status_code == 404
    assert client.post(NEW, form_data()).status_code == 404
    item.refresh_from_db()
    assert item.status == NewsStatus.DRAFT
    assert NewsItem.objects.count() == 1


def test_anonymous_is_sent_to_login(client: Client, personas: Personas):
    assert client.get(LIST).status_code == 302


def test_home_links_only_to_pages_that_exist(personas: Personas, verified_client: ClientFor):
    response = verified_client(personas.editor).get(HOME)
    assert response.status_code == 200
    assert 'href="/en/outreach/news/"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_create_with_versions_and_image(personas: Personas, verified_client: ClientFor):
    client = verified_client(personas.editor)
    assert client.get(NEW).status_code == 200
    image = SimpleUploadedFile("p.jpg", gps_jpeg(), content_type="image/jpeg")
    data = form_data(en_title="Workshop news", en_body=f"Hello {SCRIPT}", image=image)
    response = client.post(NEW, data)
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert item.status == NewsStatus.DRAFT
    assert sorted(t.language for t in item.translations.all()) == ["ar", "en"]
    assert "<script" not in item.translations.get(language="en").body
    preview = client.get(page(item))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Workshop news" in html
    assert 'lang="en" dir="ltr"' in html
    assert 'lang="ar" dir="rtl"' in html
    assert "<script>alert" not in html
    image_response = client.get(page(item, "image"))
    assert image_response.status_code == 200
    assert b"Exif" not in b"".join(image_response.streaming_content)  # type: ignore[attr-defined]


def test_refused_form_keeps_everything_typed(personas: Personas, verified_client: ClientFor):
    client = verified_client(personas.editor)
    data = form_data(ar_title="", en_title="Kept title", en_summary="Kept summary", en_body="")
    response = client.post(NEW, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kept title" in html
    assert "Kept summary" in html
    assert html.count("Please give this version a title.") == 1
    assert "Please write the text of this version." in html
    assert not NewsItem.objects.exists()


def test_refused_form_in_arabic_is_translated(personas: Personas, verified_client: ClientFor):
    client = verified_client(personas.editor)
    empty = form_data(ar_title="", ar_summary="", ar_body="")
    response = client.post("/ar/outreach/news/add/", empty)
    assert response.status_code == 400
    assert not NewsItem.objects.exists()


def test_not_an_image_is_refused(personas: Personas, verified_client: ClientFor):
    client = verified_client(personas.editor)
    bad = SimpleUploadedFile("x.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = client.post(NEW, form_data(image=bad))
    assert response.status_code == 400
    assert "choose it again" in response.content.decode()
    assert not NewsItem.objects.exists()


def test_list_filters_by_status(personas: Personas, verified_client: ClientFor):
    draft = make(personas.editor)
    published = news_create(
        by=personas.editor, kind="news", translations={"ar": {"title": "منشور", "body": "x"}}
    )
    news_publish(item=published, by=personas.editor)
    client = verified_client(personas.editor)
    html = client.get(LIST, {"status": "published"}).content.decode()
    assert "منشور" in html
    assert AR["title"] not in html
    html = client.get(LIST, {"status": "draft"}).content.decode()
    assert AR["title"] in html
    assert "منشور" not in html
    assert client.get(LIST, {"status": "nonsense"}).status_code == 200
    assert draft.pk


def test_editor_sends_statement_for_review_and_director_publishes(
    personas: Personas, verified_client: ClientFor
):
    item = make(personas.editor, kind=NewsKind.STATEMENT)
    editor = verified_client(personas.editor)
    html = editor.get(page(item)).content.decode()
    assert page(item, "publish") not in html
    assert editor.post(page(item, "submit")).status_code == 302
    item.refresh_from_db()
    assert item.status == NewsStatus.REVIEW
    assert editor.post(page(item, "publish")).status_code == 404
    item.refresh_from_db()
    assert item.status == NewsStatus.REVIEW
    director = verified_client(personas.director)
    assert page(item, "publish") in director.get(page(item)).content.decode()
    assert director.post(page(item, "publish")).status_code == 302
    item.refresh_from_db()
    assert item.status == NewsStatus.PUBLISHED
    # The editor may no longer edit or withdraw it.
    assert editor.get(page(item, "edit")).status_code == 404
    assert editor.post(page(item, "unpublish"), {"reason": "x"}).status_code == 404
    # The director withdraws it, with a reason.
    assert director.post(page(item, "unpublish"), {"reason": ""}).status_code == 400
    assert director.post(page(item, "unpublish"), {"reason": "superseded"}).status_code == 302
    item.refresh_from_db()
    assert item.status == NewsStatus.WITHDRAWN


def test_editor_publishes_news(personas: Personas, verified_client: ClientFor):
    item = make(personas.editor)
    news_submit_for_review(item=item, by=personas.editor)
    client = verified_client(personas.editor)
    assert client.post(page(item, "publish")).status_code == 302
    item.refresh_from_db()
    assert item.status == NewsStatus.PUBLISHED
    assert client.post(page(item, "delete")).status_code == 302
    assert NewsItem.objects.filter(pk=item.pk).exists()  # published: not deleted


def test_edit_keeps_and_changes_versions(personas: Personas, verified_client: ClientFor):
    item = make(personas.editor)
    client = verified_client(personas.editor)
    assert AR["title"] in client.get(page(item, "edit")).content.decode()
    data = form_data(ckb_title="هەواڵ", ckb_body="دەق", kind="statement")
    assert client.post(page(item, "edit"), data).status_code == 302
    item.refresh_from_db()
    assert item.kind == NewsKind.STATEMENT
    assert sorted(t.language for t in item.translations.all()) == ["ar", "ckb"]


def test_editor_cannot_relabel_a_statement_in_review(
    personas: Personas, verified_client: ClientFor
):
    item = make(personas.editor, kind=NewsKind.STATEMENT)
    news_submit_for_review(item=item, by=personas.editor)
    client = verified_client(personas.editor)
    response = client.post(page(item, "edit"), form_data(kind="news", ar_title="تغيير"))
    assert response.status_code == 400
    assert "تغيير" in response.content.decode()
    item.refresh_from_db()
    assert item.kind == NewsKind.STATEMENT
    assert item.translations.get().title == AR["title"]
