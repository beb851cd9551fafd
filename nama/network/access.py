"""Who may use the network's member pages, and who sees what of a member (DESIGN.md §2).

* **Network staff** (trainers, the training coordinator, the director) use the
  network section. Trainers see the accepted members of their own
  governorates, without contacts or protection data.
* **The training coordinator and the director** see every member, applications
  included, with contacts (e-mail, phone), and the confidential risk level and
  protection notes; they review applications, invite members to a portal
  account and link a member to a monitoring person record.
* **A member with a portal account** is not staff: ``member_of`` gives the
  accepted member behind a logged-in user, for the members' space.

Each predicate writes one condition per line so that the tests prove every
branch (``nama/network/tests/test_member_access.py``).
"""

from __future__ import annotations

from typing import Any

from nama.core.roles import Role, has_role
from nama.network.models import Member, MemberStatus

__all__ = [
    "can_manage_members",
    "can_review_applications",
    "can_see_all_members",
    "can_see_contacts",
    "can_see_protection",
    "can_see_reports_counts",
    "can_use_network",
    "member_of",
]


def can_use_network(user: Any) -> bool:
    """The network section of the workspace: trainers, the training coordinator, the director."""
    return has_role(user, Role.TRAINER, Role.TRAINING_COORDINATOR, Role.DIRECTOR)


def can_see_all_members(user: Any) -> bool:
    """Every member in every governorate and status: the training coordinator and the director."""
    return has_role(user, Role.TRAINING_COORDINATOR, Role.DIRECTOR)


def can_see_contacts(user: Any) -> bool:
    """A member's e-mail and phone: the training coordinator and the director."""
    return has_role(user, Role.TRAINING_COORDINATOR, Role.DIRECTOR)


def can_see_protection(user: Any) -> bool:
    """Risk level and protection notes (confidential): the training coordinator and the director."""
    return has_role(user, Role.TRAINING_COORDINATOR, Role.DIRECTOR)


def can_review_applications(user: Any) -> bool:
    """Accepting and declining applications, inviting members: coordinator and director."""
    return has_role(user, Role.TRAINING_COORDINATOR, Role.DIRECTOR)


def can_manage_members(user: Any) -> bool:
    """Adding and editing members, linking them to a person record: coordinator and director."""
    return has_role(user, Role.TRAINING_COORDINATOR, Role.DIRECTOR)


def can_see_reports_counts(user: Any) -> bool:
    """The de-identified counts by governorate and area of work: network and report staff."""
    if can_use_network(user):
        return True
    return has_role(user, Role.ANALYST)


def member_of(user: Any) -> Member | None:
    """The accepted member behind a logged-in user (a portal account), else None."""
    if user is None:
        return None
    if not getattr(user, "is_authenticated", False):
        return None
    if not getattr(user, "is_active", False):
        return None
    return Member.objects.filter(user=user, status=MemberStatus.ACCEPTED).first()
