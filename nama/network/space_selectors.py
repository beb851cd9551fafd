"""Reads of the members' space, scoped by who asks.

Members see approved posts and their own pending ones; a hidden or removed
post answers 404 to every member, its author included. Moderators read
everything on the staff pages. Author names go through :func:`author_label`
(pseudonym first) or :func:`moderator_label` (the member reference), never
``post.author.name`` in a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from nama.core.scoping import get_object_for_user_or_404
from nama.network.models import (
    Comment,
    CommentStatus,
    Member,
    Post,
    PostReport,
    PostStatus,
    ReportStatus,
    SpaceProfile,
)
from nama.network.space_access import can_moderate, member_of

__all__ = [
    "QueueItem",
    "author_label",
    "comment_get_for_member",
    "comment_get_for_moderator",
    "comment_label",
    "comments_for_member",
    "moderation_queue",
    "moderator_label",
    "post_feed_for_member",
    "post_get_for_member",
    "post_get_for_moderator",
    "post_list_for_member",
    "reported_comments",
    "space_profile_of",
]


def author_label(post: Post) -> str:
    """What members (and the digest) see as the author: the pseudonym, else the name."""
    return post.shown_author


def comment_label(comment: Comment) -> str:
    return comment.shown_author


def moderator_label(item: Post | Comment) -> str:
    """What moderators see: the member reference, with the pseudonym if any."""
    return item.moderator_author


def _require_member(user: Any) -> Member:
    member = member_of(user)
    if member is None:
        raise Http404
    return member


def post_list_for_member(*, user: Any) -> QuerySet[Post]:
    """Approved posts and the member's own pending ones; nothing for non-members."""
    member = member_of(user)
    if member is None:
        return Post.objects.none()
    visible = Q(status=PostStatus.APPROVED) | Q(status=PostStatus.PENDING, author=member)
    return (
        Post.objects.filter(visible)
        .select_related("author")
        .annotate(comment_count=Count("comments", filter=Q(comments__status=CommentStatus.VISIBLE)))
    )


def post_feed_for_member(*, user: Any, kind: str = "", language: str = "") -> QuerySet[Post]:
    """The feed: newest first, optionally one kind and one language."""
    posts = post_list_for_member(user=user)
    if kind:
        posts = posts.filter(kind=kind)
    if language:
        posts = posts.filter(language=language)
    return posts.prefetch_related("photos").order_by("-created_at", "-pk")


def post_get_for_member(*, user: Any, pk: Any) -> Post:
    """One post the member may read, or 404 (missing, hidden, removed, someone's pending)."""
    _require_member(user)
    return get_object_for_user_or_404(
        post_list_for_member(user=user).prefetch_related("photos"), pk=pk
    )


def comments_for_member(*, post: Post) -> QuerySet[Comment]:
    return post.comments.filter(status=CommentStatus.VISIBLE).select_related("author")


def comment_get_for_member(*, user: Any, pk: Any) -> Comment:
    """A visible comment on a post the member may read, or 404."""
    posts = post_list_for_member(user=user).filter(status=PostStatus.APPROVED)
    comments = Comment.objects.filter(status=CommentStatus.VISIBLE, post__in=posts)
    return get_object_for_user_or_404(comments.select_related("post", "author"), pk=pk)


def space_profile_of(*, user: Any) -> SpaceProfile:
    """The member's space settings (unsaved defaults when there are none yet)."""
    member = _require_member(user)
    profile = SpaceProfile.objects.filter(member=member).first()
    return profile or SpaceProfile(member=member)


# ---------------------------------------------------------------------------
# Moderators


def _open_reports() -> QuerySet[PostReport]:
    return PostReport.objects.filter(status=ReportStatus.OPEN)


def _moderator_posts() -> QuerySet[Post]:
    open_post_reports = _open_reports().filter(post=OuterRef("pk"), comment__isnull=True)
    return (
        Post.objects.select_related("author", "moderated_by", "promoted_news")
        .annotate(
            open_reports=Count(
                "reports",
                filter=Q(reports__status=ReportStatus.OPEN, reports__comment__isnull=True),
            ),
            reported=Exists(open_post_reports),
        )
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=_open_reports().filter(comment__isnull=True),
                to_attr="open_report_list",
            )
        )
    )


def post_get_for_moderator(*, user: Any, pk: Any) -> Post:
    """Any post, for moderators (staff view); 404 for everyone else."""
    if not can_moderate(user):
        raise Http404
    return get_object_for_user_or_404(_moderator_posts().prefetch_related("photos"), pk=pk)


def comment_get_for_moderator(*, user: Any, pk: Any) -> Comment:
    if not can_moderate(user):
        raise Http404
    return get_object_for_user_or_404(Comment.objects.select_related("post", "author"), pk=pk)


@dataclass(frozen=True)
class QueueItem:
    post: Post
    first_post: bool


def moderation_queue(*, user: Any) -> list[QueueItem]:
    """Pending posts and posts with open reports, oldest first; 404 for non-moderators."""
    if not can_moderate(user):
        raise Http404
    posts = list(
        _moderator_posts()
        .filter(Q(status=PostStatus.PENDING) | Q(reported=True))
        .order_by("created_at", "pk")
    )
    authors_with_approved = set(
        Post.objects.filter(
            author_id__in={p.author_id for p in posts}, published_at__isnull=False
        ).values_list("author_id", flat=True)
    )
    return [QueueItem(post=p, first_post=p.author_id not in authors_with_approved) for p in posts]


def reported_comments(*, user: Any) -> QuerySet[Comment]:
    """Comments with open reports, for moderators."""
    if not can_moderate(user):
        raise Http404
    open_comment_reports = _open_reports().filter(comment=OuterRef("pk"))
    return (
        Comment.objects.filter(Exists(open_comment_reports))
        .select_related("post", "author")
        .prefetch_related(Prefetch("reports", queryset=_open_reports(), to_attr="open_report_list"))
        .order_by("created_at", "pk")
    )
