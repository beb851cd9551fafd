"""The members' space services: moderation flow, reports, rate limits, sanitising, photos."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from nama.core.audit import AuditEntry
from nama.network import space_services as services
from nama.network.models import (
    CommentStatus,
    Post,
    PostPhoto,
    PostReport,
    PostStatus,
    ReportReason,
    ReportStatus,
)
from nama.network.space_selectors import moderation_queue, reported_comments
from nama.network.tests.factories import member_with_account
from nama.testing.images import gps_jpeg, metadata_left

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


def write(user: Any, **fields: Any) -> Post:
    values: dict[str, Any] = {
        "kind": "experience",
        "language": "ar",
        "title": "تجربة في الرصد",
        "body": "نص التجربة",
    }
    values.update(fields)
    return services.post_create(by=user, **values)


@pytest.fixture
def sara(governorates: Any) -> Any:
    return member_with_account()


@pytest.fixture
def omar(governorates: Any) -> Any:
    return member_with_account(username="member_omar", name="عمر كريم", gov="erbil")


def test_a_first_post_waits_then_later_posts_reach_the_feed_at_once(sara: Any, personas: Any):
    first = write(sara.user)
    assert first.status == PostStatus.PENDING
    assert first.published_at is None
    second = write(sara.user)
    assert second.status == PostStatus.PENDING  # still no approved post
    services.post_approve(post=first, by=personas.editor)
    first.refresh_from_db()
    assert first.status == PostStatus.APPROVED
    assert first.published_at is not None
    third = write(sara.user)
    assert third.status == PostStatus.APPROVED


def test_a_member_with_an_open_report_waits_for_moderation_again(
    sara: Any, omar: Any, personas: Any
):
    first = write(sara.user)
    services.post_approve(post=first, by=personas.editor)
    services.post_report(post=first, by=omar.user, reason=ReportReason.OTHER)
    assert write(sara.user).status == PostStatus.PENDING


def test_a_safety_report_takes_the_post_out_of_the_feed_and_into_the_queue(
    sara: Any, omar: Any, personas: Any
):
    post = write(sara.user)
    services.post_approve(post=post, by=personas.editor)
    assert moderation_queue(user=personas.editor) == []
    report = services.post_report(
        post=post, by=omar.user, reason=ReportReason.EXACT_PLACE, note="the street is named"
    )
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING
    queue = moderation_queue(user=personas.editor)
    assert [item.post.pk for item in queue] == [post.pk]
    assert queue[0].post.open_reports == 1  # type: ignore[attr-defined]
    services.post_approve(post=post, by=personas.editor, reason="place removed by the author")
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    assert moderation_queue(user=personas.editor) == []


def test_another_report_keeps_the_post_visible_but_queued(sara: Any, omar: Any, personas: Any):
    post = write(sara.user)
    services.post_approve(post=post, by=personas.editor)
    services.post_report(post=post, by=omar.user, reason=ReportReason.ABUSIVE)
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    assert [item.post.pk for item in moderation_queue(user=personas.editor)] == [post.pk]


def test_a_reported_comment_is_queued_and_a_third_party_name_hides_it(
    sara: Any, omar: Any, personas: Any
):
    post = write(sara.user)
    services.post_approve(post=post, by=personas.editor)
    comment = services.comment_create(post=post, by=omar.user, body="تعليق")
    services.comment_report(comment=comment, by=sara.user, reason=ReportReason.THIRD_PARTY)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    assert list(reported_comments(user=personas.editor)) == [comment]
    services.comment_remove(comment=comment, by=personas.editor, reason="names a neighbour")
    assert list(reported_comments(user=personas.editor)) == []


@pytest.mark.parametrize("action", ["post_hide", "post_remove"])
def test_hiding_and_removing_need_a_reason_and_are_audited(sara: Any, personas: Any, action: str):
    post = write(sara.user)
    with pytest.raises(ValidationError):
        getattr(services, action)(post=post, by=personas.editor, reason="  ")
    getattr(services, action)(post=post, by=personas.editor, reason="exact address")
    entry = AuditEntry.objects.filter(action__startswith="network.post.").latest("id")
    assert (
        entry.action
        == {"post_hide": "network.post.hidden", "post_remove": "network.post.removed"}[action]
    )
    assert entry.reason == "exact address"
    assert entry.actor_username == personas.editor.username
    assert entry.target_id == str(post.pk)


def test_comment_moderation_needs_a_reason(sara: Any, personas: Any):
    post = write(sara.user)
    services.post_approve(post=post, by=personas.editor)
    comment = services.comment_create(post=post, by=sara.user, body="x")
    with pytest.raises(ValidationError):
        services.comment_hide(comment=comment, by=personas.editor, reason="")
    services.comment_hide(comment=comment, by=personas.editor, reason="off topic")
    assert AuditEntry.objects.filter(action="network.comment.hidden", reason="off topic").exists()


@pytest.mark.parametrize("persona", ["outsider", "trainer", "analyst", "sysadmin"])
def test_only_moderators_moderate(sara: Any, personas: Any, persona: str):
    post = write(sara.user)
    with pytest.raises(PermissionDenied):
        services.post_approve(post=post, by=getattr(personas, persona))
    with pytest.raises(PermissionDenied):
        services.post_remove(post=post, by=getattr(personas, persona), reason="x")


@pytest.mark.parametrize("persona", ["director", "training_coordinator", "editor"])
def test_moderators_moderate(sara: Any, personas: Any, persona: str):
    post = write(sara.user)
    services.post_approve(post=post, by=getattr(personas, persona))


def test_staff_without_a_member_record_cannot_post(personas: Any):
    with pytest.raises(PermissionDenied):
        write(personas.editor)


def test_a_member_who_left_cannot_post(governorates: Any):
    left = member_with_account(status="left")
    with pytest.raises(PermissionDenied):
        write(left.user)


def test_posts_are_rate_limited_per_member(sara: Any, omar: Any, settings: Any):
    settings.NAMA_SPACE_POSTS_PER_HOUR = 2
    write(sara.user)
    write(sara.user)
    with pytest.raises(ValidationError) as refused:
        write(sara.user)
    assert refused.value.code == "rate_limited"
    write(omar.user)  # another member is counted apart
    assert Post.objects.count() == 3


def test_comments_are_rate_limited(sara: Any, personas: Any, settings: Any):
    settings.NAMA_SPACE_COMMENTS_PER_HOUR = 1
    post = write(sara.user)
    services.post_approve(post=post, by=personas.editor)
    services.comment_create(post=post, by=sara.user, body="one")
    with pytest.raises(ValidationError):
        services.comment_create(post=post, by=sara.user, body="two")


def test_script_and_javascript_links_are_removed(sara: Any):
    post = write(
        sara.user,
        body='<p>hello<script>alert(1)</script> <a href="javascript:alert(2)">x</a></p>',
    )
    assert "<script" not in post.body
    assert "javascript:" not in post.body
    with pytest.raises(ValidationError):
        write(sara.user, links=["javascript:alert(1)"])
    with pytest.raises(ValidationError):
        write(sara.user, links=["ftp://example.org/file"])
    good = write(sara.user, links=["https://example.org/a", " ", "http://example.org/b"])
    assert good.links == ["https://example.org/a", "http://example.org/b"]


def test_a_photo_is_stored_without_exif_or_gps(sara: Any, tmp_path: Path):
    upload = SimpleUploadedFile("phone.jpg", gps_jpeg(), content_type="image/jpeg")
    assert metadata_left(gps_jpeg(), tmp_path)  # the original has GPS
    post = write(sara.user, photos=[(upload, "a meeting")])
    photo = post.photos.get()
    with photo.image.open("rb") as handle:
        stored = handle.read()
    assert metadata_left(stored, tmp_path) == []
    assert b"PhoneMaker" not in stored
    assert "phone" not in photo.image.name


def test_a_file_that_is_not_a_photo_is_refused(sara: Any):
    upload = SimpleUploadedFile("x.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        write(sara.user, photos=[(upload, "")])
    assert not Post.objects.exists()


def test_removing_a_post_deletes_its_photos_from_storage(
    sara: Any, personas: Any, django_capture_on_commit_callbacks: Any
):
    upload = SimpleUploadedFile("phone.jpg", gps_jpeg(), content_type="image/jpeg")
    post = write(sara.user, photos=[(upload, "")])
    name = post.photos.get().image.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_remove(post=post, by=personas.editor, reason="shows a house")
    assert not default_storage.exists(name)
    assert not PostPhoto.objects.exists()


def test_the_author_changes_a_pending_post_only(sara: Any, omar: Any, personas: Any):
    post = write(sara.user)
    fields: dict[str, Any] = {"kind": "challenge", "language": "en", "title": "New", "body": "Text"}
    with pytest.raises(PermissionDenied):
        services.post_update(post=post, by=omar.user, **fields)
    services.post_update(post=post, by=sara.user, **fields)
    post.refresh_from_db()
    assert (post.title, post.language) == ("New", "en")
    services.post_approve(post=post, by=personas.editor)
    with pytest.raises(ValidationError):
        services.post_update(post=post, by=sara.user, **fields)


def test_promoting_makes_a_news_draft_without_the_author(sara: Any, personas: Any):
    from nama.outreach.models import NewsStatus

    post = write(sara.user, pseudonym="نجمة", title="خبر من البصرة")
    with pytest.raises(ValidationError):
        services.post_promote(post=post, by=personas.editor)  # not approved yet
    services.post_approve(post=post, by=personas.editor)
    with pytest.raises(PermissionDenied):
        services.post_promote(post=post, by=personas.training_coordinator)
    item = services.post_promote(post=post, by=personas.editor)
    assert item.status == NewsStatus.DRAFT
    post.refresh_from_db()
    assert post.promoted_news == item
    texts = " ".join(f"{t.title} {t.summary} {t.body}" for t in item.translations.all())
    assert "خبر من البصرة" in texts
    assert sara.name not in texts
    assert "نجمة" not in texts


def test_settings_keep_a_default_pseudonym_and_the_digest_choice(sara: Any):
    profile = services.space_settings_update(by=sara.user, pseudonym=" نجمة ", wants_digest=True)
    assert profile.pseudonym == "نجمة"
    sara.refresh_from_db()
    assert sara.wants_digest is True


def test_reports_need_a_known_reason(sara: Any, omar: Any, personas: Any):
    post = write(sara.user)
    services.post_approve(post=post, by=personas.editor)
    with pytest.raises(ValidationError):
        services.post_report(post=post, by=omar.user, reason="whatever")
    assert not PostReport.objects.exists()
