"""Signal handlers of the accounts app."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from nama.accounts.models import User, new_security_stamp
from nama.accounts.services import SESSION_ACTIVITY_KEY, remember_security_stamp
from nama.core.roles import ensure_roles, forget_roles


@receiver(user_logged_in, dispatch_uid="nama.accounts.start_session")
def start_session(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """Mark the new session with the account's security stamp and a first activity time."""
    session = getattr(request, "session", None)
    if session is None:
        return
    remember_security_stamp(session, user)
    session[SESSION_ACTIVITY_KEY] = time.time()


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="nama.accounts.forget_roles")
def forget_cached_roles(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget_roles(instance)


@receiver(pre_save, sender=User, dispatch_uid="nama.accounts.deactivation_ends_sessions")
def deactivation_ends_sessions(sender: Any, instance: User, **kwargs: Any) -> None:
    """A deactivated account gets a new stamp, so its open sessions end at once.

    (Django's ModelBackend and the middleware also refuse inactive users; the
    new stamp makes sure a reactivated account does not revive old sessions.)
    """
    if instance.is_active or instance.pk is None:
        return
    if User.objects.filter(pk=instance.pk, is_active=True).exists():
        instance.security_stamp = new_security_stamp()
        instance._nama_new_stamp = True  # type: ignore[attr-defined]


@receiver(post_save, sender=User, dispatch_uid="nama.accounts.deactivation_stamp_saved")
def deactivation_stamp_saved(sender: Any, instance: User, **kwargs: Any) -> None:
    # save(update_fields=["is_active"]) would leave the new stamp unsaved.
    if getattr(instance, "_nama_new_stamp", False):
        del instance._nama_new_stamp  # type: ignore[attr-defined]
        User.objects.filter(pk=instance.pk).update(security_stamp=instance.security_stamp)


def create_roles(sender: Any, **kwargs: Any) -> None:
    """post_migrate: the role groups exist after every migrate."""
    ensure_roles(verbosity=int(kwargs.get("verbosity", 0)))
