"""A staff account given the lawyer role gets a lawyer profile at once, serving the
governorates of the account, so that the coordinator's suggestions and workload
include them before anyone edits the profile in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed

from nama.core.roles import Role
from nama.legal.models import LawyerProfile


def ensure_lawyer_profile(user: Any) -> LawyerProfile | None:
    """The user's lawyer profile, created if they hold the lawyer role and have none."""
    if not user.groups.filter(name=Role.LAWYER.value).exists():
        return None
    profile, created = LawyerProfile.objects.get_or_create(user=user)
    if created:
        profile.governorates.set(user.governorates.all())
    return profile


def _groups_changed(sender: Any, instance: Any, action: str, reverse: bool, **kwargs: Any) -> None:
    if action != "post_add":
        return
    users = [instance] if not reverse else list(instance.user_set.all())
    if reverse and instance.name != Role.LAWYER.value:
        return
    for user in users:
        ensure_lawyer_profile(user)


def connect() -> None:
    m2m_changed.connect(
        _groups_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="legal.ensure_lawyer_profile",
    )


__all__ = ["connect", "ensure_lawyer_profile"]
