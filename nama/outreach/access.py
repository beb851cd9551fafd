"""Who may use the outreach section and who may write and publish news (DESIGN.md §2).

Outreach staff are editors and the director. Editors write news and
statements; the director reads everything and may write too. Publication:

* a **news item** is published by an editor or the director;
* a **statement** (بيان) speaks for the centre, so only the director
  publishes it (DESIGN.md §2: "approves publication of reports and
  statements"); an editor sends it for review and the director publishes.

Taking an item off the portal (unpublish / withdraw) follows the same rule as
publishing it.
"""

from __future__ import annotations

from typing import Any

from nama.core.roles import Role, Section, can_access_workspace_section, has_role

__all__ = ["can_edit_news", "can_publish_news", "can_use_outreach"]


def can_use_outreach(user: Any) -> bool:
    """The outreach section of the workspace: editors and the director."""
    return can_access_workspace_section(user, Section.OUTREACH)


def can_edit_news(user: Any) -> bool:
    """Writing and changing news and statements, sending them for review."""
    return has_role(user, Role.EDITOR, Role.DIRECTOR)


def can_publish_news(user: Any, item: Any = None) -> bool:
    """Publishing (and unpublishing) ``item``; with no item: publishing news at all.

    Statements need the director; news items an editor or the director.
    """
    from nama.outreach.models import NewsKind

    if item is not None and item.kind == NewsKind.STATEMENT:
        return has_role(user, Role.DIRECTOR)
    return has_role(user, Role.EDITOR, Role.DIRECTOR)
