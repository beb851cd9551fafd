"""Every write in the members' space: atomic, keyword-only, by the acting user, audited.

Members write posts, comments and reports; moderators approve, hide and
remove (a reason is required to hide or remove, and goes to the audit log);
editors promote a post to a draft of public news. A member's first post
waits for a moderator; later posts of a member with an approved post and no
open report against them reach the feed at once. A report that a post shows
an exact place or names a third party takes the post out of the feed until a
moderator decides; other reports leave it visible but put it in the queue.

The audit log gets ids, kinds and statuses, never titles, bodies or names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nama.core import ratelimit
from nama.core.audit import log_action
from nama.core.images import CleanImage, clean_image_upload
from nama.core.richtext import html_to_text, sanitise_html
from nama.network.models import (
    SAFETY_REASONS,
    Comment,
    CommentStatus,
    Member,
    Post,
    PostKind,
    PostLanguage,
    PostPhoto,
    PostReport,
    PostStatus,
    ReportReason,
    ReportStatus,
    SpaceProfile,
)
from nama.network.space_access import can_moderate, can_promote, member_of
from nama.network.space_digest import digest_send_weekly

__all__ = [
    "TOO_MANY",
    "clean_links",
    "comment_create",
    "comment_hide",
    "comment_keep",
    "comment_remove",
    "comment_report",
    "digest_send_weekly",
    "post_approve",
    "post_create",
    "post_hide",
    "post_promote",
    "post_remove",
    "post_report",
    "post_update",
    "space_settings_update",
]

HOUR = 60 * 60
MAX_LINKS = 5
MAX_PHOTOS = 4

TOO_MANY = _("You have written a lot in a short time. Please wait a while and try again.")
NO_TITLE = _("Please give the post a title.")
NO_BODY = _("Please write the text of the post.")
NO_COMMENT = _("Please write your comment.")
BAD_LINK = _("Only web addresses starting with http:// or https:// can be added.")
TOO_MANY_LINKS = _("A post can have at most %(count)d links.")
TOO_MANY_PHOTOS = _("A post can have at most %(count)d photos.")
REASON_REQUIRED = _("Please give the reason: the author and the audit log keep it.")
NOT_PENDING = _("Only a post still waiting for moderation can be changed.")


def _limits() -> dict[str, int]:
    return {
        "post": int(getattr(settings, "NAMA_SPACE_POSTS_PER_HOUR", 5)),
        "comment": int(getattr(settings, "NAMA_SPACE_COMMENTS_PER_HOUR", 30)),
        "report": int(getattr(settings, "NAMA_SPACE_REPORTS_PER_HOUR", 20)),
    }


def _throttle(member: Member, what: str) -> None:
    """Count one write of ``what`` for the member; refuse past the hourly limit."""
    scope = f"network.space.{what}"
    key = ratelimit.lookup_key(f"member-{member.pk}", scope=scope, window_seconds=HOUR)
    result = ratelimit.hit(key, scope=scope, limit=_limits()[what], window_seconds=HOUR)
    if not result.allowed:
        raise ValidationError(TOO_MANY, code="rate_limited")


def _require_member(by: Any) -> Member:
    member = member_of(by)
    if member is None:
        raise PermissionDenied("accepted members only")
    return member


def _require_moderator(by: Any) -> None:
    if not can_moderate(by):
        raise PermissionDenied("moderators only")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()[:2000]
    if not reason:
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    return reason


def _delete_file_on_commit(name: str) -> None:
    from django.core.files.storage import default_storage

    transaction.on_commit(lambda: default_storage.delete(name))


def clean_links(values: Iterable[str]) -> list[str]:
    """The links given (blank ones dropped, duplicates once), http/https only."""
    validator = URLValidator(schemes=["http", "https"])
    links: list[str] = []
    for value in values:
        link = (value or "").strip()
        if not link or link in links:
            continue
        if len(link) > 500:
            raise ValidationError(BAD_LINK, code="bad_link")
        try:
            validator(link)
        except ValidationError as exc:
            raise ValidationError(BAD_LINK, code="bad_link") from exc
        links.append(link)
    if len(links) > MAX_LINKS:
        raise ValidationError(TOO_MANY_LINKS % {"count": MAX_LINKS}, code="too_many_links")
    return links


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title = (title or "").strip()[:200]
    clean_body = sanitise_html(body)
    errors: dict[str, list[ValidationError]] = {}
    if not title:
        errors["title"] = [ValidationError(NO_TITLE, code="required")]
    if not html_to_text(clean_body):
        errors["body"] = [ValidationError(NO_BODY, code="required")]
    if errors:
        raise ValidationError(errors)
    return title, clean_body


def _check_choices(kind: str, language: str) -> None:
    if kind not in PostKind.values or language not in PostLanguage.values:
        raise ValidationError(_("Please choose the kind and the language of the post."))


def _has_open_reports(member: Member) -> bool:
    return PostReport.objects.filter(
        Q(post__author=member, comment__isnull=True) | Q(comment__author=member),
        status=ReportStatus.OPEN,
    ).exists()


def _trusted(member: Member) -> bool:
    """Posts reach the feed at once for a member with an approved post and no open report."""
    if not Post.objects.filter(author=member, status=PostStatus.APPROVED).exists():
        return False
    return not _has_open_reports(member)


def _add_photos(post: Post, photos: Sequence[tuple[Any, str]]) -> int:
    start = post.photos.count()
    if start + len(photos) > MAX_PHOTOS:
        raise ValidationError(TOO_MANY_PHOTOS % {"count": MAX_PHOTOS}, code="too_many_photos")
    for offset, (upload, alt_text) in enumerate(photos):
        clean = upload if isinstance(upload, CleanImage) else clean_image_upload(upload)
        photo = PostPhoto(
            post=post,
            content_type=clean.content_type,
            alt_text=(alt_text or "").strip()[:300],
            position=start + offset,
        )
        content = clean.as_file("space")
        photo.image.save(content.name or "photo", content, save=False)
        photo.save()
    return len(photos)


@transaction.atomic
def post_create(
    *,
    by: Any,
    kind: str,
    language: str,
    title: str,
    body: str,
    pseudonym: str = "",
    links: Iterable[str] = (),
    photos: Sequence[tuple[Any, str]] = (),
) -> Post:
    """A member's new post. ``photos``: (upload or ``CleanImage``, description) pairs.

    Raises ``ValidationError`` (missing title or text, a bad link, a photo that
    is not one, too many posts this hour) and ``PermissionDenied`` for non-members.
    """
    member = _require_member(by)
    _check_choices(kind, language)
    title, clean_body = _clean_text(title, body)
    clean = clean_links(links)
    _throttle(member, "post")
    trusted = _trusted(member)
    now = timezone.now()
    post = Post.objects.create(
        author=member,
        kind=kind,
        language=language,
        title=title,
        body=clean_body,
        pseudonym=(pseudonym or "").strip()[:60],
        links=clean,
        status=PostStatus.APPROVED if trusted else PostStatus.PENDING,
        published_at=now if trusted else None,
    )
    count = _add_photos(post, photos)
    log_action(
        by,
        "network.post.created",
        post,
        {
            "kind": kind,
            "language": language,
            "status": post.status,
            "pseudonymous": bool(post.pseudonym),
            "photos": count,
            "links": len(clean),
        },
    )
    return post


@transaction.atomic
def post_update(
    *,
    post: Post,
    by: Any,
    kind: str,
    language: str,
    title: str,
    body: str,
    pseudonym: str = "",
    links: Iterable[str] = (),
    photos: Sequence[tuple[Any, str]] = (),
) -> Post:
    """The author changes a post still waiting for moderation."""
    member = _require_member(by)
    if post.author_id != member.pk:
        raise PermissionDenied("the author only")
    if post.status != PostStatus.PENDING:
        raise ValidationError(NOT_PENDING, code="not_pending")
    _check_choices(kind, language)
    post.title, post.body = _clean_text(title, body)
    post.links = clean_links(links)
    post.kind = kind
    post.language = language
    post.pseudonym = (pseudonym or "").strip()[:60]
    post.save()
    count = _add_photos(post, photos)
    log_action(by, "network.post.changed", post, {"photos_added": count})
    return post


@transaction.atomic
def comment_create(*, post: Post, by: Any, body: str, pseudonym: str = "") -> Comment:
    """A member comments on an approved post."""
    member = _require_member(by)
    if post.status != PostStatus.APPROVED:
        raise PermissionDenied("approved posts only")
    clean_body = sanitise_html(body)
    if not html_to_text(clean_body):
        raise ValidationError({"body": [ValidationError(NO_COMMENT, code="required")]})
    _throttle(member, "comment")
    comment = Comment.objects.create(
        post=post, author=member, body=clean_body, pseudonym=(pseudonym or "").strip()[:60]
    )
    log_action(
        by,
        "network.comment.created",
        comment,
        {"post": post.pk, "pseudonymous": bool(comment.pseudonym)},
    )
    return comment


def _report(*, post: Post, comment: Comment | None, by: Any, reason: str, note: str) -> PostReport:
    member = _require_member(by)
    if reason not in ReportReason.values:
        raise ValidationError(_("Please choose why you report it."), code="reason")
    _throttle(member, "report")
    report = PostReport.objects.create(
        post=post,
        comment=comment,
        reported_by=member,
        reason=reason,
        note=(note or "").strip()[:2000],
    )
    # Safety first: an exact place or a third party's name leaves the feed now.
    if comment is None and reason in SAFETY_REASONS and post.status == PostStatus.APPROVED:
        post.status = PostStatus.PENDING
        post.save(update_fields=["status", "updated_at"])
    if comment is not None and reason in SAFETY_REASONS:
        comment.status = CommentStatus.HIDDEN
        comment.save(update_fields=["status"])
    return report


@transaction.atomic
def post_report(*, post: Post, by: Any, reason: str, note: str = "") -> PostReport:
    """A member flags a post they can see; it goes (back) to the moderation queue."""
    if post.status != PostStatus.APPROVED:
        raise PermissionDenied("approved posts only")
    report = _report(post=post, comment=None, by=by, reason=reason, note=note)
    log_action(
        by,
        "network.post.reported",
        post,
        {"report": report.pk, "reason": reason, "to": post.status},
    )
    return report


@transaction.atomic
def comment_report(*, comment: Comment, by: Any, reason: str, note: str = "") -> PostReport:
    """A member flags a comment; it goes to the moderation queue."""
    if comment.status != CommentStatus.VISIBLE or comment.post.status != PostStatus.APPROVED:
        raise PermissionDenied("visible comments only")
    report = _report(post=comment.post, comment=comment, by=by, reason=reason, note=note)
    log_action(
        by,
        "network.comment.reported",
        comment,
        {"report": report.pk, "reason": reason, "post": comment.post_id},
    )
    return report


def _close_reports(post: Post, by: Any, *, comment: Comment | None = None) -> int:
    reports = PostReport.objects.filter(post=post, status=ReportStatus.OPEN)
    reports = reports.filter(comment=comment) if comment else reports.filter(comment__isnull=True)
    return reports.update(status=ReportStatus.CLOSED, closed_by=by, closed_at=timezone.now())


def _moderate(post: Post, *, by: Any, status: str, reason: str, action: str) -> Post:
    previous = post.status
    now = timezone.now()
    post.status = status
    post.moderation_reason = reason
    post.moderated_by = by
    post.moderated_at = now
    if status == PostStatus.APPROVED and post.published_at is None:
        post.published_at = now
    post.save()
    closed = _close_reports(post, by)
    log_action(
        by,
        f"network.post.{action}",
        post,
        {"from": previous, "to": status, "reports_closed": closed},
        reason=reason,
    )
    return post


@transaction.atomic
def post_approve(*, post: Post, by: Any, reason: str = "") -> Post:
    """The post reaches the feed (or stays there); its open reports are closed."""
    _require_moderator(by)
    if post.status == PostStatus.REMOVED:
        raise ValidationError(_("A removed post cannot be approved."), code="removed")
    return _moderate(
        post, by=by, status=PostStatus.APPROVED, reason=(reason or "").strip(), action="approved"
    )


@transaction.atomic
def post_hide(*, post: Post, by: Any, reason: str) -> Post:
    """Out of the feed for everyone but moderators (can be approved again later)."""
    _require_moderator(by)
    return _moderate(post, by=by, status=PostStatus.HIDDEN, reason=_reason(reason), action="hidden")


@transaction.atomic
def post_remove(*, post: Post, by: Any, reason: str) -> Post:
    """Removed for good: its photos are deleted from storage too."""
    _require_moderator(by)
    reason = _reason(reason)
    for photo in list(post.photos.all()):
        if photo.image:
            _delete_file_on_commit(photo.image.name)
        photo.delete()
    return _moderate(post, by=by, status=PostStatus.REMOVED, reason=reason, action="removed")


def _moderate_comment(
    comment: Comment, *, by: Any, status: str, reason: str, action: str
) -> Comment:
    previous = comment.status
    comment.status = status
    comment.moderation_reason = reason
    comment.moderated_by = by
    comment.moderated_at = timezone.now()
    comment.save()
    closed = _close_reports(comment.post, by, comment=comment)
    log_action(
        by,
        f"network.comment.{action}",
        comment,
        {"post": comment.post_id, "from": previous, "to": status, "reports_closed": closed},
        reason=reason,
    )
    return comment


@transaction.atomic
def comment_keep(*, comment: Comment, by: Any, reason: str = "") -> Comment:
    """The reports of the comment are dismissed; it stays (or becomes again) visible."""
    _require_moderator(by)
    if comment.status == CommentStatus.REMOVED:
        raise ValidationError(_("A removed comment cannot be shown again."), code="removed")
    return _moderate_comment(
        comment, by=by, status=CommentStatus.VISIBLE, reason=(reason or "").strip(), action="kept"
    )


@transaction.atomic
def comment_hide(*, comment: Comment, by: Any, reason: str) -> Comment:
    _require_moderator(by)
    return _moderate_comment(
        comment, by=by, status=CommentStatus.HIDDEN, reason=_reason(reason), action="hidden"
    )


@transaction.atomic
def comment_remove(*, comment: Comment, by: Any, reason: str) -> Comment:
    _require_moderator(by)
    return _moderate_comment(
        comment, by=by, status=CommentStatus.REMOVED, reason=_reason(reason), action="removed"
    )


@transaction.atomic
def post_promote(*, post: Post, by: Any, kind: str = "news") -> Any:
    """A draft of public news from an approved post (the editor reviews it in the news
    pages before anything is published). The author's name is never copied; a
    pseudonym is not either: the editor decides how to credit the post."""
    if not can_promote(by):
        raise PermissionDenied("editors and the director only")
    if post.status != PostStatus.APPROVED:
        raise ValidationError(_("Only an approved post can be promoted."), code="not_approved")
    from nama.outreach.news_services import news_create

    item = news_create(
        by=by,
        kind=kind,
        translations={
            post.language: {
                "title": post.title,
                "summary": html_to_text(post.body)[:300],
                "body": post.body,
            }
        },
        # No governorate either: with a small network it could point to the author.
        governorate=None,
    )
    post.promoted_news = item
    post.save(update_fields=["promoted_news", "updated_at"])
    log_action(by, "network.post.promoted", post, {"news": item.pk})
    return item


@transaction.atomic
def space_settings_update(*, by: Any, pseudonym: str, wants_digest: bool) -> SpaceProfile:
    """A member's default pseudonym and weekly digest choice."""
    member = _require_member(by)
    profile, _created = SpaceProfile.objects.get_or_create(member=member)
    profile.pseudonym = (pseudonym or "").strip()[:60]
    profile.save()
    if member.wants_digest != bool(wants_digest):
        member.wants_digest = bool(wants_digest)
        member.save(update_fields=["wants_digest", "updated_at"])
    log_action(
        by,
        "network.space_settings.changed",
        member,
        {"pseudonymous": bool(profile.pseudonym), "wants_digest": member.wants_digest},
    )
    return profile
