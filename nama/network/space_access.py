"""Who may use the members' space and who moderates it.

The space is for accepted members with a portal account: everyone else
(the public, staff without a member record, members still applying or who
left) gets 404 on its pages. Moderators (editors, the director and the
training coordinator) work on the staff moderation pages, not in the feed.
Promoting a post to public news is for those who write news (editors and
the director).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nama.core.roles import Role, has_role

if TYPE_CHECKING:
    from nama.network.models import Member

__all__ = ["can_moderate", "can_promote", "member_of"]


def _member_of(user: Any) -> Member | None:
    from nama.network.models import Member, MemberStatus

    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not getattr(user, "is_active", False):
        return None
    return (
        Member.objects.filter(user=user, status=MemberStatus.ACCEPTED)
        .select_related("governorate")
        .first()
    )


def member_of(user: Any) -> Member | None:
    """The accepted member behind a logged-in user, else None (cached on the user object)."""
    cached = getattr(user, "_nama_space_member", None)
    if cached is not None:
        return cached or None
    try:
        from nama.network.access import member_of as shared_member_of  # helper A's
    except ImportError:
        shared_member_of = _member_of
    found = shared_member_of(user)
    if user is not None and getattr(user, "is_authenticated", False):
        user._nama_space_member = found or False
    return found


def can_moderate(user: Any) -> bool:
    """Moderation queue and actions: editors, the director, the training coordinator."""
    return has_role(user, Role.EDITOR, Role.DIRECTOR, Role.TRAINING_COORDINATOR)


def can_promote(user: Any) -> bool:
    """Turning a post into a draft of public news: those who write news."""
    return has_role(user, Role.EDITOR, Role.DIRECTOR)
