"""The weekly digest of the members' space: one e-mail per member who asked for it.

The worker checks every day (``space_setup``); the first check of each ISO
week sends the digest of the posts that reached the feed since the last
one. The week is claimed by inserting its unique row, so two workers (or a
restarted one) never send it twice; if sending fails the claim is rolled
back and tried again at the next check.

The e-mail lists each post's kind, title and author as members see it (the
pseudonym when there is one) and a link; never a body, never a post that is
pending, hidden or removed. Each member gets their own e-mail: recipients
never see each other's addresses.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nama.core.audit import log_action

__all__ = ["digest_posts", "digest_recipients", "digest_send_weekly", "digest_text"]

DAY = 24 * 60 * 60


def _week_of(moment: datetime) -> str:
    year, week, _day = timezone.localtime(moment).isocalendar()
    return f"{year}-W{week:02d}"


def digest_posts(*, since: datetime, until: datetime) -> list:
    """Posts that reached the feed in (since, until], oldest first."""
    from nama.network.models import Post, PostStatus

    return list(
        Post.objects.filter(
            status=PostStatus.APPROVED, published_at__gt=since, published_at__lte=until
        )
        .select_related("author")
        .order_by("published_at", "pk")
    )


def digest_recipients() -> list:
    """Accepted members with an active account who asked for the digest and gave an e-mail."""
    from nama.network.models import Member, MemberStatus

    members = Member.objects.filter(
        status=MemberStatus.ACCEPTED,
        wants_digest=True,
        user__isnull=False,
        user__is_active=True,
    )
    # The e-mail is encrypted: whether it is set is only known once decrypted.
    return [member for member in members if member.email]


def _site_url(path: str) -> str:
    base = str(getattr(settings, "NAMA_SITE_URL", "")).rstrip("/")
    return f"{base}{path}"


def digest_text(posts: list) -> str:
    """The body of the e-mail, in the current language."""
    from nama.network.space_selectors import author_label

    lines = [
        _("New posts in the members' space this week:"),
        "",
    ]
    for post in posts:
        lines.append(f"* [{post.get_kind_display()}] {post.title}")
        lines.append("  " + _("by %(author)s") % {"author": author_label(post)})
        lines.append("  " + _site_url(reverse("space:post", args=[post.pk])))
        lines.append("")
    lines.append(
        _(
            "You receive this e-mail because you asked for the weekly digest. "
            "You can stop it in your settings in the members' space."
        )
    )
    return "\n".join(lines)


def digest_send_weekly(*, now: datetime | None = None) -> int:
    """Send this week's digest if it was not sent yet; returns the number of e-mails."""
    from nama.network.models import SpaceDigest

    now = now or timezone.now()
    week = _week_of(now)
    if SpaceDigest.objects.filter(week=week).exists():
        return 0
    last = SpaceDigest.objects.order_by("-sent_at").first()
    since = last.sent_at if last else now - timedelta(days=7)
    try:
        with transaction.atomic():
            digest = SpaceDigest.objects.create(week=week, sent_at=now)
            posts = digest_posts(since=since, until=now)
            recipients = digest_recipients() if posts else []
            if recipients:
                with translation.override(settings.LANGUAGE_CODE):
                    subject = _("Nama: new posts in the members' space")
                    body = digest_text(posts)
                send_mass_mail(
                    [(subject, body, None, [member.email]) for member in recipients],
                    fail_silently=False,
                )
            digest.post_count = len(posts)
            digest.recipient_count = len(recipients)
            digest.save(update_fields=["post_count", "recipient_count"])
            log_action(
                None,
                "network.digest.sent",
                digest,
                {"week": week, "posts": len(posts), "recipients": len(recipients)},
            )
    except IntegrityError:
        return 0  # another worker claimed this week first
    return len(recipients)


def digest_check() -> None:
    """The daily periodic job (``nama.core.worker``)."""
    digest_send_weekly()
