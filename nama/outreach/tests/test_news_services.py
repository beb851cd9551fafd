"""News services: creation, versions, sanitising, images, workflow and who may do what."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from nama.core.audit import AuditEntry
from nama.outreach.access import can_edit_news, can_publish_news, can_use_outreach
from nama.outreach.models import NewsItem, NewsKind, NewsStatus
from nama.outreach.news_services import (
    news_create,
    news_delete,
    news_image_remove,
    news_image_replace,
    news_publish,
    news_return_to_draft,
    news_submit_for_review,
    news_unpublish,
    news_update,
)
from nama.searchindex import services as search
from nama.testing.images import gps_jpeg, metadata_left

pytestmark = pytest.mark.django_db

AR = {"title": "بيان حول حرية التعبير", "summary": "ملخص", "body": "<p>نص البيان</p>"}
EN = {"title": "Statement on free expression", "summary": "Summary", "body": "Text of it"}


def _item(by, kind=NewsKind.NEWS, **versions):
    return news_create(by=by, kind=kind, translations=versions or {"ar": AR})


def test_access_branches(personas):
    statement = NewsItem(kind=NewsKind.STATEMENT)
    news = NewsItem(kind=NewsKind.NEWS)
    for user in (personas.editor, personas.director):
        assert can_use_outreach(user)
        assert can_edit_news(user)
        assert can_publish_news(user, news)
        assert can_publish_news(user)
    assert can_publish_news(personas.director, statement)
    assert not can_publish_news(personas.editor, statement)
    for user in (personas.outsider, personas.trainer, personas.analyst, personas.sysadmin):
        assert not can_use_outreach(user)
        assert not can_edit_news(user)
        assert not can_publish_news(user, news)
        assert not can_publish_news(user, statement)


def test_create_is_a_draft_with_sanitised_versions_and_audited(personas):
    body = (
        '<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:alert(1)">x</a>'
        '<img src=x onerror="alert(1)"></p>'
    )
    item = news_create(
        by=personas.editor,
        kind=NewsKind.STATEMENT,
        translations={"ar": AR, "en": {**EN, "body": body}, "ckb": {"title": "", "body": ""}},
        governorate=personas.baghdad,
    )
    assert item.status == NewsStatus.DRAFT
    assert item.published_at is None
    assert sorted(t.language for t in item.translations.all()) == ["ar", "en"]
    stored = item.translations.get(language="en").body
    for bad in ("<script", "onclick", "onerror", "javascript:", "<img"):
        assert bad not in stored
    entry = AuditEntry.objects.filter(action="outreach.news.created").get()
    assert entry.data["languages"] == ["ar", "en"]
    assert search.count("حرية", include_internal=True, kinds=["outreach.news"]) == 0


def test_create_needs_a_version_with_title_and_body(personas):
    with pytest.raises(ValidationError):
        news_create(by=personas.editor, kind=NewsKind.NEWS, translations={})
    with pytest.raises(ValidationError) as caught:
        news_create(by=personas.editor, kind=NewsKind.NEWS, translations={"en": {"summary": "x"}})
    assert set(caught.value.message_dict) == {"en-title", "en-body"}
    with pytest.raises(ValidationError):
        news_create(by=personas.editor, kind="advert", translations={"ar": AR})


def test_only_outreach_staff_create(personas):
    for user in (personas.outsider, personas.trainer, personas.training_coordinator):
        with pytest.raises(PermissionDenied):
            _item(user)
    assert not NewsItem.objects.exists()


def test_image_is_stored_without_metadata(personas, tmp_path: Path):
    upload = SimpleUploadedFile("phone.jpg", gps_jpeg(), content_type="image/jpeg")
    item = news_create(by=personas.editor, kind="news", translations={"ar": AR}, image=upload)
    data = item.image.read()
    assert b"Exif" not in data
    assert b"PhoneMaker" not in data
    assert metadata_left(data, tmp_path) == []
    assert "phone" not in item.image.name
    with Image.open(io.BytesIO(data)) as image:
        assert image.getexif() == {} or 0x8825 not in image.getexif()


def test_image_refused_when_not_an_image(personas):
    upload = SimpleUploadedFile("x.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        news_create(by=personas.editor, kind="news", translations={"ar": AR}, image=upload)


def test_image_replace_and_remove(personas):
    item = _item(personas.editor)
    upload = SimpleUploadedFile("a.jpg", gps_jpeg(), content_type="image/jpeg")
    news_image_replace(item=item, by=personas.editor, image=upload)
    assert item.image
    news_image_remove(item=item, by=personas.editor)
    item.refresh_from_db()
    assert not item.image


def test_news_workflow_by_an_editor_and_search(personas):
    item = _item(personas.editor, ar=AR, en=EN)
    news_submit_for_review(item=item, by=personas.editor)
    assert item.status == NewsStatus.REVIEW
    assert search.count("expression") == 0
    news_publish(item=item, by=personas.editor)
    item.refresh_from_db()
    assert item.status == NewsStatus.PUBLISHED
    first = item.published_at
    assert first is not None
    assert search.count("expression") == 1
    assert search.count("حرية") == 1
    news_unpublish(item=item, by=personas.editor, reason="error in the date")
    assert item.status == NewsStatus.WITHDRAWN
    assert search.count("expression") == 0
    entry = AuditEntry.objects.filter(action="outreach.news.withdrawn").get()
    assert entry.reason == "error in the date"
    news_publish(item=item, by=personas.editor)
    assert item.published_at == first


def test_unpublish_needs_a_reason(personas):
    item = _item(personas.editor)
    news_publish(item=item, by=personas.editor)
    with pytest.raises(ValidationError):
        news_unpublish(item=item, by=personas.editor, reason="  ")


def test_statement_needs_the_director(personas):
    item = _item(personas.editor, kind=NewsKind.STATEMENT)
    news_submit_for_review(item=item, by=personas.editor)
    with pytest.raises(PermissionDenied):
        news_publish(item=item, by=personas.editor)
    news_publish(item=item, by=personas.director)
    assert item.status == NewsStatus.PUBLISHED
    # Published statements: the editor may neither change nor withdraw them.
    with pytest.raises(PermissionDenied):
        news_update(item=item, by=personas.editor, translations={"ar": AR, "en": EN})
    with pytest.raises(PermissionDenied):
        news_unpublish(item=item, by=personas.editor, reason="x")
    news_unpublish(item=item, by=personas.director, reason="superseded")


def test_editor_cannot_turn_published_news_into_a_statement(personas):
    item = _item(personas.editor)
    news_publish(item=item, by=personas.editor)
    with pytest.raises(PermissionDenied):
        news_update(item=item, by=personas.editor, kind=NewsKind.STATEMENT)
    item.refresh_from_db()
    assert item.kind == NewsKind.NEWS


def test_wrong_transitions_are_refused(personas):
    item = _item(personas.editor)
    with pytest.raises(ValidationError):
        news_unpublish(item=item, by=personas.editor, reason="x")
    with pytest.raises(ValidationError):
        news_return_to_draft(item=item, by=personas.editor)
    news_publish(item=item, by=personas.editor)
    with pytest.raises(ValidationError):
        news_publish(item=item, by=personas.editor)
    with pytest.raises(ValidationError):
        news_submit_for_review(item=item, by=personas.editor)
    with pytest.raises(ValidationError):
        news_delete(item=item, by=personas.editor)


def test_update_replaces_versions_and_reindexes_published(personas):
    item = _item(personas.editor, ar=AR, en=EN)
    news_publish(item=item, by=personas.editor)
    news_update(item=item, by=personas.editor, translations={"ar": {**AR, "title": "عنوان جديد"}})
    assert [t.language for t in item.translations.all()] == ["ar"]
    assert search.count("expression") == 0
    assert search.count("جديد") == 1


def test_delete_a_draft(personas):
    item = _item(personas.editor)
    news_return_to_draft  # noqa: B018 - imported for the transitions test
    news_delete(item=item, by=personas.editor)
    assert not NewsItem.objects.exists()
    with pytest.raises(PermissionDenied):
        news_delete(item=_item(personas.editor), by=personas.outsider)


def test_editor_cannot_turn_a_statement_in_review_into_news(personas):
    item = _item(personas.editor, kind=NewsKind.STATEMENT)
    news_update(item=item, by=personas.editor, kind=NewsKind.NEWS)  # a draft: allowed
    news_update(item=item, by=personas.editor, kind=NewsKind.STATEMENT)
    news_submit_for_review(item=item, by=personas.editor)
    with pytest.raises(PermissionDenied):
        news_update(item=item, by=personas.editor, kind=NewsKind.NEWS)
    item.refresh_from_db()
    assert item.kind == NewsKind.STATEMENT
    news_update(item=item, by=personas.director, kind=NewsKind.NEWS)
