"""Scoped reads of staff accounts: the first worked example of the selector pattern.

See ``nama.core.scoping`` and docs/architecture.md, "Selectors and scoping".
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from nama.accounts.models import User
from nama.core.models import Governorate
from nama.core.roles import Role, has_role
from nama.core.scoping import get_object_for_user_or_404, scope_by_governorate


def governorate_list_for_user(*, user: Any) -> QuerySet[Governorate]:
    """The governorates the user works in (all of them for nationwide roles)."""
    return scope_by_governorate(Governorate.objects.all(), user, field="pk")


def lawyer_list_for_user(*, user: Any) -> QuerySet[User]:
    """Active lawyers the user may see, e.g. to assign a case.

    The legal unit and the director only: lawyers see the lawyers of their own
    governorates, the legal coordinator and the director all of them.
    """
    if not has_role(user, Role.LAWYER, Role.LEGAL_COORDINATOR, Role.DIRECTOR):
        return User.objects.none()
    lawyers = User.objects.filter(is_active=True, groups__name=Role.LAWYER)
    return scope_by_governorate(lawyers, user, field="governorates").order_by("username")


def lawyer_get_for_user(*, user: Any, username: str) -> User:
    """One lawyer from ``lawyer_list_for_user``; 404 when missing or out of scope."""
    return get_object_for_user_or_404(lawyer_list_for_user(user=user), username=username)
