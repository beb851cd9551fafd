"""Who reads and writes meetings with officials (docs/outreach.md, "Meetings with officials").

Meetings are advocacy work, and advocacy sits with outreach (DESIGN.md §2:
"editor: news, statements, library, public events"; the director "reads
everything"). So:

* **editors and the director** read and write meetings, commitments,
  follow-ups and institutions;
* a **restricted** meeting (a security body, a sensitive case) is seen only
  by the director and the centre staff recorded as present at it;
* everyone else (analysts, monitors, trainers, lawyers, the system
  administrator, staff with no role) gets 404 on every page and endpoint.
  Analysts are left out on purpose: meeting notes name officials and
  defenders and are not de-identified; the figures they need for reports
  (commitments kept and broken per institution) can be given to them later
  as counts without opening the notes.

Two links need more than the meeting: documented events are linked and shown
only to someone who may open the event (``nama.monitoring.selectors``), and
defenders of the network are named only to those who may see the network's
members with their names (the director; editors see how many attended).
"""

from __future__ import annotations

from typing import Any

from nama.core.roles import Role, has_role

__all__ = [
    "can_name_defenders",
    "can_read_meeting",
    "can_use_meetings",
    "can_write_meetings",
    "reads_restricted_meetings",
]


def can_use_meetings(user: Any) -> bool:
    """The meeting pages and API at all: editors and the director."""
    return has_role(user, Role.EDITOR, Role.DIRECTOR)


def can_write_meetings(user: Any) -> bool:
    """Recording meetings, commitments and follow-ups (any meeting the user may read)."""
    return has_role(user, Role.EDITOR, Role.DIRECTOR)


def reads_restricted_meetings(user: Any) -> bool:
    """Every restricted meeting, present or not: the director."""
    return has_role(user, Role.DIRECTOR)


def can_read_meeting(user: Any, meeting: Any) -> bool:
    """One meeting already in hand (the selectors say the same in SQL)."""
    if not can_use_meetings(user):
        return False
    if not meeting.is_restricted:
        return True
    if reads_restricted_meetings(user):
        return True
    return meeting.staff_present.filter(pk=user.pk).exists()


def can_name_defenders(user: Any) -> bool:
    """Names of the network's members who attended: those who see members with names."""
    return has_role(user, Role.DIRECTOR)
