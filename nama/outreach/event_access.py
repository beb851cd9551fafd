"""Who may manage public events and read their registrations (DESIGN.md §2).

Editors and the director prepare, publish and cancel events and see who
registered (names and contacts); everyone else gets 404 on those pages and
API endpoints. The public sees published events only.
"""

from __future__ import annotations

from typing import Any

from nama.core.roles import Role, has_role

__all__ = ["can_manage_events"]


def can_manage_events(user: Any) -> bool:
    """Public events and their registrations: editors and the director."""
    return has_role(user, Role.EDITOR, Role.DIRECTOR)
