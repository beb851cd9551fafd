"""The members' space pages: who gets in, what members see, what never leaks."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from nama.core.audit import AuditEntry
from nama.network import space_services as services
from nama.network.models import Comment, Post, PostReport, PostStatus, ReportReason
from nama.network.tests.factories import member, member_with_account
from nama.testing.images import gps_jpeg

pytestmark = pytest.mark.django_db

REAL_NAME = "زينب حسين الساعدي"
PSEUDONYM = "وردة الجنوب"
SECRET_TITLE = "اجتماع المدافعين السري"


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    cache.clear()


@pytest.fixture
def zainab(governorates: Any) -> Any:
    return member_with_account(username="member_zainab", name=REAL_NAME)


@pytest.fixture
def omar(governorates: Any) -> Any:
    return member_with_account(username="member_omar", name="عمر كريم", gov="erbil")


def approved_post(author: Any, editor: Any, **fields: Any) -> Post:
    values: dict[str, Any] = {
        "kind": "experience",
        "language": "ar",
        "title": SECRET_TITLE,
        "body": "نص التجربة",
    }
    values.update(fields)
    post = services.post_create(by=author.user, **values)
    services.post_approve(post=post, by=editor)
    post.refresh_from_db()
    return post


# ---------------------------------------------------------------------------
# Who gets in


def test_the_public_gets_404_everywhere(zainab: Any, personas: Any):
    post = approved_post(zainab, personas.editor)
    client = Client()
    for url in [
        "/ar/members/",
        "/ar/members/new/",
        f"/ar/members/posts/{post.pk}/",
        "/ar/members/settings/",
        "/ar/network/moderation/",
        f"/ar/network/moderation/posts/{post.pk}/",
    ]:
        response = client.get(url)
        assert response.status_code in (302, 404), url
        if response.status_code == 302:  # staff pages send anonymous users to the login
            assert "/accounts/login/" in response["Location"]
        assert SECRET_TITLE not in response.content.decode()
    assert client.get("/ar/members/").status_code == 404
    assert client.get(f"/ar/members/posts/{post.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["outsider", "trainer", "editor", "director", "sysadmin"])
def test_staff_without_a_member_record_get_404_in_the_space(
    zainab: Any, personas: Any, verified_client: Any, persona: str
):
    post = approved_post(zainab, personas.editor)
    client = verified_client(getattr(personas, persona))
    assert client.get("/ar/members/").status_code == 404
    assert client.get(f"/ar/members/posts/{post.pk}/").status_code == 404
    assert client.post("/ar/members/new/", {"title": "x"}).status_code == 404


@pytest.mark.parametrize("persona", ["outsider", "trainer", "analyst", "sysadmin"])
def test_staff_who_do_not_moderate_get_404_on_the_moderation_pages(
    zainab: Any, personas: Any, verified_client: Any, persona: str
):
    post = services.post_create(
        by=zainab.user, kind="experience", language="ar", title="t", body="b"
    )
    client = verified_client(getattr(personas, persona))
    assert client.get("/ar/network/moderation/").status_code == 404
    assert client.get(f"/ar/network/moderation/posts/{post.pk}/").status_code == 404
    response = client.post(f"/ar/network/moderation/posts/{post.pk}/", {"action": "approve"})
    assert response.status_code == 404
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING


def test_a_member_who_left_or_is_still_applying_gets_404(governorates: Any, verified_client: Any):
    left = member_with_account(username="left", status="left")
    assert verified_client(left.user).get("/ar/members/").status_code == 404


def test_members_are_sent_from_the_workspace_to_the_space(zainab: Any, verified_client: Any):
    response = verified_client(zainab.user).get("/ar/accounts/workspace/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/members/"


def test_staff_stay_on_the_workspace(personas: Any, verified_client: Any):
    assert verified_client(personas.editor).get("/ar/accounts/workspace/").status_code == 200


# ---------------------------------------------------------------------------
# What members see


def test_a_member_sees_approved_posts_and_own_pending_ones_only(
    zainab: Any, omar: Any, personas: Any, verified_client: Any
):
    approved = approved_post(zainab, personas.editor, title="منشور موافق عليه")
    pending = services.post_create(
        by=omar.user, kind="challenge", language="ar", title="منشور ينتظر", body="b"
    )
    as_zainab = verified_client(zainab.user).get("/ar/members/").content.decode()
    assert "منشور موافق عليه" in as_zainab
    assert "منشور ينتظر" not in as_zainab
    as_omar = verified_client(omar.user).get("/ar/members/").content.decode()
    assert "منشور ينتظر" in as_omar
    assert verified_client(zainab.user).get(f"/ar/members/posts/{pending.pk}/").status_code == 404
    assert verified_client(omar.user).get(f"/ar/members/posts/{pending.pk}/").status_code == 200
    assert verified_client(omar.user).get(f"/ar/members/posts/{approved.pk}/").status_code == 200


@pytest.mark.parametrize("action", ["post_hide", "post_remove"])
def test_a_hidden_or_removed_post_is_404_for_every_member_even_its_author(
    zainab: Any, omar: Any, personas: Any, verified_client: Any, action: str
):
    post = approved_post(zainab, personas.editor)
    getattr(services, action)(post=post, by=personas.editor, reason="exact place")
    for someone in (zainab, omar):
        client = verified_client(someone.user)
        assert client.get(f"/ar/members/posts/{post.pk}/").status_code == 404
        assert SECRET_TITLE not in client.get("/ar/members/").content.decode()


def test_the_feed_filters_by_kind_and_language(zainab: Any, personas: Any, verified_client: Any):
    approved_post(zainab, personas.editor, title="Arabic experience")
    approved_post(zainab, personas.editor, title="English news", kind="news", language="en")
    client = verified_client(zainab.user)
    page = client.get("/ar/members/?kind=news").content.decode()
    assert "English news" in page
    assert "Arabic experience" not in page
    page = client.get("/ar/members/?language=ar").content.decode()
    assert "Arabic experience" in page
    assert "English news" not in page


def test_a_pseudonymous_post_never_shows_the_author_name_to_other_members(
    zainab: Any, omar: Any, personas: Any, verified_client: Any
):
    post = approved_post(zainab, personas.editor, pseudonym=PSEUDONYM)
    services.comment_create(post=post, by=zainab.user, body="تعليق", pseudonym=PSEUDONYM)
    client = verified_client(omar.user)
    for url in ["/ar/members/", f"/ar/members/posts/{post.pk}/"]:
        page = client.get(url).content.decode()
        assert PSEUDONYM in page
        assert REAL_NAME not in page
        for word in REAL_NAME.split():
            assert word not in page
    # Moderators see the member reference, not the name.
    staff_page = verified_client(personas.editor).get(f"/ar/network/moderation/posts/{post.pk}/")
    assert zainab.reference in staff_page.content.decode()
    assert REAL_NAME not in staff_page.content.decode()


def test_without_a_pseudonym_the_name_is_shown(
    zainab: Any, omar: Any, personas: Any, verified_client: Any
):
    post = approved_post(zainab, personas.editor)
    page = verified_client(omar.user).get(f"/ar/members/posts/{post.pk}/").content.decode()
    assert REAL_NAME in page


def test_pages_are_not_stored_and_not_indexed(zainab: Any, verified_client: Any):
    response = verified_client(zainab.user).get("/ar/members/")
    assert "no-store" in response["Cache-Control"]
    assert 'name="robots" content="noindex' in response.content.decode()


# ---------------------------------------------------------------------------
# Writing


def test_a_member_writes_a_first_post_that_waits_for_moderation(zainab: Any, verified_client: Any):
    client = verified_client(zainab.user)
    assert client.get("/en/members/new/").status_code == 200
    response = client.post(
        "/en/members/new/",
        {
            "kind": "experience",
            "language": "ar",
            "title": "تجربتي",
            "body": "<p>نص</p><script>alert(1)</script>",
            "pseudonym": "",
            "links": "https://example.org/report\n",
            "photo": SimpleUploadedFile("phone.jpg", gps_jpeg(), content_type="image/jpeg"),
            "photo_alt": "a hall",
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/members/posts/{post.pk}/"
    assert post.status == PostStatus.PENDING
    assert "<script" not in post.body
    assert post.photos.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "waiting for moderation" in page


def test_a_refused_post_keeps_what_was_typed(zainab: Any, verified_client: Any):
    response = verified_client(zainab.user).post(
        "/en/members/new/",
        {
            "kind": "experience",
            "language": "ar",
            "title": "عنوان محفوظ",
            "body": "",
            "links": "javascript:alert(1)",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "عنوان محفوظ" in page
    assert "Only web addresses starting with http:// or https://" in page
    assert not Post.objects.exists()


def test_too_many_posts_answer_429_with_a_message(zainab: Any, verified_client: Any, settings: Any):
    settings.NAMA_SPACE_POSTS_PER_HOUR = 1
    client = verified_client(zainab.user)
    data = {"kind": "experience", "language": "ar", "title": "t", "body": "b"}
    assert client.post("/en/members/new/", data).status_code == 302
    response = client.post("/en/members/new/", data)
    assert response.status_code == 429
    assert "Please wait a while" in response.content.decode()
    assert Post.objects.count() == 1


def test_a_script_in_a_comment_is_not_run(
    zainab: Any, omar: Any, personas: Any, verified_client: Any
):
    post = approved_post(zainab, personas.editor)
    client = verified_client(omar.user)
    response = client.post(
        f"/ar/members/posts/{post.pk}/comment/",
        {"body": '<script>alert("x")</script><a href="javascript:alert(1)">link</a>'},
    )
    assert response.status_code == 302
    page = client.get(f"/ar/members/posts/{post.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "javascript:alert" not in page
    assert Comment.objects.count() == 1


def test_a_member_reports_an_exact_place_and_the_post_goes_back_to_the_queue(
    zainab: Any, omar: Any, personas: Any, verified_client: Any
):
    post = approved_post(zainab, personas.editor)
    client = verified_client(omar.user)
    assert client.get(f"/ar/members/posts/{post.pk}/report/").status_code == 200
    response = client.post(
        f"/ar/members/posts/{post.pk}/report/",
        {"reason": ReportReason.EXACT_PLACE, "note": "the house is named"},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING
    assert PostReport.objects.get().reported_by == omar
    queue = verified_client(personas.editor).get("/ar/network/moderation/").content.decode()
    assert f"/ar/network/moderation/posts/{post.pk}/" in queue


def test_settings_save_the_pseudonym_and_the_digest_choice(zainab: Any, verified_client: Any):
    client = verified_client(zainab.user)
    assert client.get("/ar/members/settings/").status_code == 200
    response = client.post("/ar/members/settings/", {"pseudonym": PSEUDONYM, "wants_digest": "on"})
    assert response.status_code == 302
    zainab.refresh_from_db()
    assert zainab.wants_digest
    assert PSEUDONYM in client.get("/ar/members/new/").content.decode()  # the default


# ---------------------------------------------------------------------------
# Photos


def test_photos_are_served_to_members_only_inline_with_nosniff(
    zainab: Any, omar: Any, personas: Any, verified_client: Any
):
    upload = SimpleUploadedFile("phone.jpg", gps_jpeg(), content_type="image/jpeg")
    post = services.post_create(
        by=zainab.user,
        kind="experience",
        language="ar",
        title="t",
        body="b",
        photos=[(upload, "")],
    )
    photo = post.photos.get()
    url = f"/ar/members/photos/{photo.pk}/"
    assert verified_client(omar.user).get(url).status_code == 404  # pending: not yet
    response = verified_client(zainab.user).get(url)
    assert response.status_code == 200
    services.post_approve(post=post, by=personas.editor)
    response = verified_client(omar.user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert verified_client(personas.editor).get(url).status_code == 200  # moderator
    assert Client().get(url).status_code == 404
    assert verified_client(personas.outsider).get(url).status_code == 404
    csp = response.get("Content-Security-Policy", "")
    assert not csp or "img-src 'self'" in csp


# ---------------------------------------------------------------------------
# Moderation pages


def test_an_editor_approves_a_first_post_from_the_queue(
    zainab: Any, personas: Any, verified_client: Any
):
    post = services.post_create(
        by=zainab.user, kind="experience", language="ar", title="أول منشور", body="b"
    )
    client = verified_client(personas.editor)
    queue = client.get("/ar/network/moderation/")
    assert queue.status_code == 200
    assert "أول منشور" in queue.content.decode()
    assert REAL_NAME not in queue.content.decode()
    response = client.post(f"/ar/network/moderation/posts/{post.pk}/", {"action": "approve"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    assert AuditEntry.objects.filter(action="network.post.approved").count() == 1


def test_removing_from_the_page_needs_a_reason(zainab: Any, personas: Any, verified_client: Any):
    post = approved_post(zainab, personas.editor)
    client = verified_client(personas.director)
    url = f"/en/network/moderation/posts/{post.pk}/"
    response = client.post(url, {"action": "remove", "reason": ""})
    assert response.status_code == 400
    assert "Please give the reason" in response.content.decode()
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    assert client.post(url, {"action": "remove", "reason": "names a neighbour"}).status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.REMOVED
    entry = AuditEntry.objects.get(action="network.post.removed")
    assert entry.reason == "names a neighbour"


def test_a_reported_comment_is_decided_on_the_queue_page(
    zainab: Any, omar: Any, personas: Any, verified_client: Any
):
    post = approved_post(zainab, personas.editor)
    comment = services.comment_create(post=post, by=omar.user, body="تعليق مسيء")
    services.comment_report(comment=comment, by=zainab.user, reason=ReportReason.ABUSIVE)
    client = verified_client(personas.training_coordinator)
    assert "تعليق مسيء" in client.get("/ar/network/moderation/").content.decode()
    url = f"/ar/network/moderation/comments/{comment.pk}/"
    assert client.post(url, {"action": "hide", "reason": ""}).status_code == 400
    assert client.post(url, {"action": "hide", "reason": "abusive"}).status_code == 302
    comment.refresh_from_db()
    assert comment.status == "hidden"


def test_an_editor_promotes_an_approved_post_to_a_news_draft(
    zainab: Any, personas: Any, verified_client: Any
):
    post = approved_post(zainab, personas.editor, pseudonym=PSEUDONYM)
    client = verified_client(personas.editor)
    response = client.post(f"/ar/network/moderation/posts/{post.pk}/promote/")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.promoted_news is not None
    # The training coordinator moderates but does not write news.
    other = approved_post(zainab, personas.editor)
    response = verified_client(personas.training_coordinator).post(
        f"/ar/network/moderation/posts/{other.pk}/promote/"
    )
    assert response.status_code == 404


def test_a_member_record_without_an_account_is_not_a_login(governorates: Any):
    found = member(name="بلا حساب")
    assert found.user is None


def test_the_author_changes_a_pending_post_and_nobody_else_can(
    zainab: Any, omar: Any, verified_client: Any
):
    post = services.post_create(
        by=zainab.user, kind="experience", language="ar", title="قبل", body="b"
    )
    url = f"/ar/members/posts/{post.pk}/edit/"
    data = {"kind": "challenge", "language": "ar", "title": "بعد", "body": "نص"}
    assert verified_client(omar.user).get(url).status_code == 404
    assert verified_client(omar.user).post(url, data).status_code == 404
    client = verified_client(zainab.user)
    assert "قبل" in client.get(url).content.decode()
    assert client.post(url, data).status_code == 302
    post.refresh_from_db()
    assert post.title == "بعد"


def test_a_member_without_the_second_factor_is_sent_to_verify(zainab: Any, unverified_client: Any):
    response = unverified_client(zainab.user).get("/ar/members/")
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
    assert "/members/" not in response["Location"].split("?")[0]


def test_a_member_reports_a_comment_from_its_page(
    zainab: Any, omar: Any, personas: Any, verified_client: Any
):
    post = approved_post(zainab, personas.editor)
    comment = services.comment_create(post=post, by=omar.user, body="تعليق")
    client = verified_client(zainab.user)
    url = f"/ar/members/comments/{comment.pk}/report/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "bogus"}).status_code == 400
    assert client.post(url, {"reason": ReportReason.ABUSIVE}).status_code == 302
    assert PostReport.objects.get().comment == comment
    services.comment_remove(comment=comment, by=personas.editor, reason="abusive")
    assert client.get(url).status_code == 404
