"""Who may read and manage the library (DESIGN.md §2).

Everyone reads public resources. Staff who may use the library section of the
workspace (every role except the system administrator, who never reads the
centre's content) also read internal ones. Editors and training coordinators
add, change and remove resources and collections; the director reads.
"""

from __future__ import annotations

from typing import Any

from nama.core.roles import Role, Section, can_access_workspace_section, has_role

__all__ = ["can_manage_library", "can_read_internal"]


def can_read_internal(user: Any) -> bool:
    """Internal resources: staff of the library section."""
    return can_access_workspace_section(user, Section.LIBRARY)


def can_manage_library(user: Any) -> bool:
    """Adding, editing and removing resources and collections."""
    return has_role(user, Role.EDITOR, Role.TRAINING_COORDINATOR)
