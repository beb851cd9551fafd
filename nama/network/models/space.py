"""The members' space: posts, photos, comments, reports and the weekly digest.

Accepted members with a portal account share experiences, challenges and
news. Nothing here is public: posts reach members only (an editor may
promote one to a draft of public news, which then goes through the news
workflow). A member may write under a pseudonym; other members, the API and
the digest then never see the author's name. Titles, bodies, comments and
report notes are free text about people, so they are encrypted at rest.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nama.core.fields import EncryptedCharField, EncryptedTextField

__all__ = [
    "SAFETY_REASONS",
    "Comment",
    "CommentStatus",
    "Post",
    "PostKind",
    "PostLanguage",
    "PostPhoto",
    "PostReport",
    "PostStatus",
    "ReportReason",
    "ReportStatus",
    "SpaceDigest",
    "SpaceProfile",
]


class PostKind(models.TextChoices):
    EXPERIENCE = "experience", _("experience")
    CHALLENGE = "challenge", _("challenge")
    NEWS = "news", _("human-rights news")


class PostLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    KURDISH = "ckb", _("Kurdish (Sorani)")


class PostStatus(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    APPROVED = "approved", _("approved")
    HIDDEN = "hidden", _("hidden")
    REMOVED = "removed", _("removed")


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", _("visible")
    HIDDEN = "hidden", _("hidden")
    REMOVED = "removed", _("removed")


class ReportReason(models.TextChoices):
    EXACT_PLACE = "exact_place", _("it shows an exact place (home, office, meeting point)")
    THIRD_PARTY = "third_party", _("it names a third party")
    UNSAFE = "unsafe", _("it puts someone at risk in another way")
    ABUSIVE = "abusive", _("it is abusive or hateful")
    OTHER = "other", _("something else")


# Reasons that take a post out of the feed until a moderator decides.
SAFETY_REASONS = frozenset({ReportReason.EXACT_PLACE, ReportReason.THIRD_PARTY})


class ReportStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class SpaceProfile(models.Model):
    """A member's settings in the space: the default pseudonym of new posts."""

    member = models.OneToOneField(
        "network.Member",
        on_delete=models.CASCADE,
        related_name="space_profile",
        verbose_name=_("member"),
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=60, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("members' space profile")
        verbose_name_plural = _("members' space profiles")

    def __str__(self) -> str:
        return f"space profile of M-{self.member_id}"


class Post(models.Model):
    author = models.ForeignKey(
        "network.Member",
        on_delete=models.CASCADE,
        related_name="space_posts",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind of post"), max_length=16, choices=PostKind.choices)
    language = models.CharField(_("language"), max_length=4, choices=PostLanguage.choices)
    title = EncryptedCharField(_("title"), max_length=200)
    # Sanitised HTML (nama.core.richtext.sanitise_html), stored by the services.
    body = EncryptedTextField(_("text"), max_length=20000)
    # Shown instead of the author's name when set.
    pseudonym = models.CharField(_("pseudonym"), max_length=60, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PostStatus.choices, default=PostStatus.PENDING
    )
    moderation_reason = models.TextField(_("moderation reason"), max_length=2000, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    # When the post reached the feed (approved by a moderator or at once).
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    promoted_news = models.ForeignKey(
        "outreach.NewsItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("promoted to news"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("members' post")
        verbose_name_plural = _("members' posts")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="network_post_status_pub"),
        ]

    def __str__(self) -> str:
        return f"P-{self.pk}"

    @property
    def reference(self) -> str:
        return f"P-{self.pk:05d}" if self.pk else "P-new"

    @property
    def is_visible(self) -> bool:
        return self.status == PostStatus.APPROVED

    @property
    def shown_author(self) -> str:
        """What members see as the author: the pseudonym, else the member's name."""
        return self.pseudonym or self.author.name

    @property
    def moderator_author(self) -> str:
        """What moderators see: the member reference, with the pseudonym if any."""
        reference = self.author.reference
        return f"{reference} ({self.pseudonym})" if self.pseudonym else reference


def _photo_path(_instance: Any, _filename: str) -> str:
    return f"network/space/{uuid.uuid4().hex}"


class PostPhoto(models.Model):
    """A photo of a post, re-encoded without metadata (``nama.core.images``)."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="photos", verbose_name=_("post")
    )
    image = models.FileField(_("photo"), upload_to=_photo_path)
    content_type = models.CharField(_("content type"), max_length=40)
    alt_text = models.CharField(_("description of the photo"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo of a post")
        verbose_name_plural = _("photos of posts")

    def __str__(self) -> str:
        return f"photo {self.pk} of P-{self.post_id}"


class Comment(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="comments", verbose_name=_("post")
    )
    author = models.ForeignKey(
        "network.Member",
        on_delete=models.CASCADE,
        related_name="space_comments",
        verbose_name=_("author"),
    )
    body = EncryptedTextField(_("comment"), max_length=4000)
    pseudonym = models.CharField(_("pseudonym"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CommentStatus.choices, default=CommentStatus.VISIBLE
    )
    moderation_reason = models.TextField(_("moderation reason"), max_length=2000, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"C-{self.pk}"

    @property
    def shown_author(self) -> str:
        return self.pseudonym or self.author.name

    @property
    def moderator_author(self) -> str:
        reference = self.author.reference
        return f"{reference} ({self.pseudonym})" if self.pseudonym else reference


class PostReport(models.Model):
    """A member flags a post or one of its comments (``comment`` set) for moderation."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="reports", verbose_name=_("post")
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("comment"),
    )
    reported_by = models.ForeignKey(
        "network.Member",
        on_delete=models.CASCADE,
        related_name="space_reports",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=16, choices=ReportReason.choices)
    note = EncryptedTextField(_("note"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report of a post")
        verbose_name_plural = _("reports of posts")
        indexes = [models.Index(fields=["status", "post"], name="network_postreport_open")]

    def __str__(self) -> str:
        return f"report {self.pk} of P-{self.post_id}"


class SpaceDigest(models.Model):
    """One weekly digest sent (``week`` is the ISO week, so two workers send it once)."""

    week = models.CharField(_("week"), max_length=10, unique=True)
    sent_at = models.DateTimeField(_("sent at"))
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")

    def __str__(self) -> str:
        return f"digest {self.week}"
