"""Network objects for tests. ``member`` makes an accepted member directly;
``member_with_account`` gives one a portal account (a user with no staff role,
a confirmed authenticator) so that ``verified_client(member.user)`` logs in."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from nama.accounts.models import User
from nama.core.models import Governorate
from nama.network.models import Member, MemberKind, MemberStatus
from nama.testing.factories import UserFactory, governorate


def member(
    *,
    name: str = "سارة أحمد",
    kind: str = MemberKind.DEFENDER,
    status: str = MemberStatus.ACCEPTED,
    gov: Governorate | str = "baghdad",
    **fields: Any,
) -> Member:
    if isinstance(gov, str):
        gov = governorate(gov)
    fields.setdefault("consent_at", timezone.now())
    return Member.objects.create(name=name, kind=kind, status=status, governorate=gov, **fields)


def member_with_account(*, username: str = "member_sara", **fields: Any) -> Member:
    found = member(**fields)
    user: User = UserFactory.create(username=username, roles=[], governorates=[])
    found.user = user
    found.invited_at = timezone.now()
    found.save(update_fields=["user", "invited_at"])
    return found
