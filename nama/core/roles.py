"""Roles of DESIGN.md §2 and their permission predicates (being built)."""

from __future__ import annotations

from typing import Any


def roles_of(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(user.groups.values_list("name", flat=True))
