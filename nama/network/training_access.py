"""Who may read and manage trainings (DESIGN.md §2, issue 8).

- The training coordinator manages every course and session, issues and
  revokes certificates.
- A trainer reads the courses and manages the sessions they train (their
  participants, attendance, scores, feedback, certificates); other sessions
  do not exist for them (404).
- The director reads everything and changes nothing.
- Everyone else (editors, lawyers, outsiders...) gets 404.

The figures (counts only, nobody named) are for network staff and for the
report staff (analysts).

Each predicate writes one condition per line so the tests can prove every branch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from nama.core.roles import Role, has_role

if TYPE_CHECKING:
    from nama.network.models import TrainingSession

__all__ = [
    "can_edit_session",
    "can_manage_courses",
    "can_manage_sessions",
    "can_read_trainings",
    "can_revoke_certificates",
    "can_see_training_figures",
    "sessions_for_user",
]


def can_read_trainings(user: Any) -> bool:
    """The course list and at least some sessions."""
    return has_role(user, Role.TRAINER, Role.TRAINING_COORDINATOR, Role.DIRECTOR)


def can_manage_courses(user: Any) -> bool:
    """Adding and changing courses, and creating sessions of any course."""
    return has_role(user, Role.TRAINING_COORDINATOR)


def can_manage_sessions(user: Any) -> bool:
    """Whether the user may change some session (their own, for trainers)."""
    return has_role(user, Role.TRAINER, Role.TRAINING_COORDINATOR)


def can_revoke_certificates(user: Any) -> bool:
    return has_role(user, Role.TRAINING_COORDINATOR)


def can_see_training_figures(user: Any) -> bool:
    return has_role(user, Role.TRAINER, Role.TRAINING_COORDINATOR, Role.DIRECTOR, Role.ANALYST)


def sessions_for_user(user: Any) -> QuerySet[TrainingSession]:
    """The sessions the user may read: all for the coordinator and the director,
    the ones they train for a trainer, none for anyone else."""
    from nama.network.models import TrainingSession

    sessions = TrainingSession.objects.all()
    if has_role(user, Role.TRAINING_COORDINATOR, Role.DIRECTOR):
        return sessions
    if has_role(user, Role.TRAINER):
        return sessions.filter(trainers=user)
    return sessions.none()


def can_edit_session(user: Any, session: TrainingSession) -> bool:
    """Participants, attendance, scores, feedback and certificates of this session."""
    if has_role(user, Role.TRAINING_COORDINATOR):
        return True
    if not has_role(user, Role.TRAINER):
        return False
    return session.trainers.filter(pk=user.pk).exists()
