"""Staff roles (DESIGN.md §2) and the permission predicates built on them.

A role is a Django group whose name is the role's stable slug (``lawyer``,
``director``...). Code never compares group names directly: it asks
``roles_of(user)`` or one of the predicates below. Each predicate writes one
condition per line so that the tests in ``nama/accounts/tests/test_roles.py``
prove every branch.

Roles answer *what kind of thing* a person may do; governorates answer *where*.
``scoped_governorates`` gives the "where"; selectors (``<app>/selectors.py``,
see ``nama.core.scoping``) combine both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from nama.core.models import Governorate

# Where roles_of() keeps its answer on the user object (one object per request).
_CACHE_ATTRIBUTE = "_nama_roles_cache"


class Role(models.TextChoices):
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")
    LAWYER = "lawyer", _("Lawyer")
    LEGAL_COORDINATOR = "legal_coordinator", _("Legal coordinator")
    MONITOR = "monitor", _("Monitor")
    ANALYST = "analyst", _("Analyst")
    DIRECTOR = "director", _("Director")
    TRAINER = "trainer", _("Trainer")
    TRAINING_COORDINATOR = "training_coordinator", _("Training coordinator")
    EDITOR = "editor", _("Editor")
    SYSADMIN = "sysadmin", _("System administrator")


# Roles whose work covers the whole country: they are not limited to the
# governorates on their account (DESIGN.md §2).
NATIONWIDE_ROLES = frozenset({Role.DIRECTOR, Role.ANALYST, Role.LEGAL_COORDINATOR})


class Section(models.TextChoices):
    """The areas of the staff workspace; apps add their pages under these."""

    INTAKE = "intake", _("Intake queue")
    LEGAL = "legal", _("Legal cases")
    MONITORING = "monitoring", _("Monitoring")
    REPORTS = "reports", _("Reports")
    LIBRARY = "library", _("Library")
    NETWORK = "network", _("Network")
    OUTREACH = "outreach", _("Outreach")
    ADMINISTRATION = "administration", _("Administration")


# Who may use each workspace section. The system administrator manages users
# and vocabularies and never sees case content, so appears only under
# administration; the director reads everything else.
SECTION_ROLES: dict[Section, frozenset[Role]] = {
    Section.INTAKE: frozenset({Role.HOTLINE_OPERATOR, Role.LEGAL_COORDINATOR, Role.DIRECTOR}),
    Section.LEGAL: frozenset({Role.LAWYER, Role.LEGAL_COORDINATOR, Role.DIRECTOR}),
    Section.MONITORING: frozenset({Role.MONITOR, Role.DIRECTOR}),
    Section.REPORTS: frozenset({Role.ANALYST, Role.DIRECTOR}),
    Section.LIBRARY: frozenset(set(Role) - {Role.SYSADMIN}),
    Section.NETWORK: frozenset({Role.TRAINER, Role.TRAINING_COORDINATOR, Role.DIRECTOR}),
    Section.OUTREACH: frozenset({Role.EDITOR, Role.DIRECTOR}),
    Section.ADMINISTRATION: frozenset({Role.SYSADMIN}),
}


def _is_active_user(user: Any) -> bool:
    if user is None:
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(getattr(user, "is_active", False))


def roles_of(user: Any) -> frozenset[Role]:
    """The roles the user holds; empty for anonymous and deactivated users.

    The answer is cached on the user object, which lives for one request;
    ``forget_roles`` (called when the user's groups change) drops it.
    Groups that are not roles are ignored.
    """
    if not _is_active_user(user):
        return frozenset()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    names = user.groups.filter(name__in=Role.values).values_list("name", flat=True)
    roles = frozenset(Role(name) for name in names)
    setattr(user, _CACHE_ATTRIBUTE, roles)
    return roles


def forget_roles(user: Any) -> None:
    """Drop the cached answer of ``roles_of`` for this user object."""
    if user is not None and hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def has_role(user: Any, *roles: Role | str) -> bool:
    """True when the user holds at least one of ``roles``."""
    held = roles_of(user)
    return any(Role(role) in held for role in roles)


def has_any_role(user: Any) -> bool:
    """True for staff who hold a role; an account without one sees no workspace section."""
    return bool(roles_of(user))


def can_use_admin(user: Any) -> bool:
    """The Django admin (users, roles, vocabularies): system administrators only."""
    if not _is_active_user(user):
        return False
    if user.is_superuser:
        return True
    return has_role(user, Role.SYSADMIN)


def can_see_identities(user: Any) -> bool:
    """Whether identifying fields may be revealed (with a stated reason): directors only."""
    return has_role(user, Role.DIRECTOR)


def sees_all_governorates(user: Any) -> bool:
    """Directors, analysts and legal coordinators work nationwide."""
    return bool(roles_of(user) & NATIONWIDE_ROLES)


def scoped_governorates(user: Any) -> QuerySet[Governorate]:
    """The governorates whose records the user's roles may reach.

    Every governorate for nationwide roles, the account's own governorates for
    the others, none for anonymous or deactivated users. This is the "where"
    only: a selector still checks that the role may read the kind of record.
    """
    from nama.core.models import Governorate

    if not _is_active_user(user):
        return Governorate.objects.none()
    if sees_all_governorates(user):
        return Governorate.objects.all()
    return Governorate.objects.filter(staff=user)


def can_access_workspace_section(user: Any, section: Section | str) -> bool:
    """Whether the workspace shows ``section`` to the user (and its pages let them in)."""
    section = Section(section)
    if section == Section.ADMINISTRATION:
        return can_use_admin(user)
    return bool(roles_of(user) & SECTION_ROLES[section])


# What the system administrator's group may do in the admin: manage accounts,
# edit vocabularies, read governorates, unlock locked-out logins. Nothing that
# reaches case content.
SYSADMIN_PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("accounts", "view_user"),
    ("accounts", "add_user"),
    ("accounts", "change_user"),
    ("core", "view_governorate"),
    ("core", "view_vocabulary"),
    ("core", "change_vocabulary"),
    ("core", "view_term"),
    ("core", "add_term"),
    ("core", "change_term"),
    ("legal", "view_lawyerprofile"),
    ("legal", "add_lawyerprofile"),
    ("legal", "change_lawyerprofile"),
    ("axes", "view_accessattempt"),
    ("axes", "delete_accessattempt"),
    ("axes", "view_accessfailurelog"),
    ("axes", "view_accesslog"),
)


def ensure_roles(*, verbosity: int = 0) -> int:
    """Create the role groups and the system administrator's permissions; idempotent.

    Runs after every ``migrate`` (post_migrate) and from ``seed_demo``.
    Returns how many groups were created.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    created = 0
    for role in Role:
        _group, was_created = Group.objects.get_or_create(name=role.value)
        created += int(was_created)

    # post_migrate runs app by app; make sure the permissions exist already.
    for app_label in sorted({app_label for app_label, _codename in SYSADMIN_PERMISSIONS}):
        try:
            app_config = apps.get_app_config(app_label)
        except LookupError:
            continue
        create_permissions(app_config, verbosity=verbosity)
    wanted = Q(pk__in=[])
    for app_label, codename in SYSADMIN_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    permissions = Permission.objects.filter(wanted)
    sysadmin = Group.objects.get(name=Role.SYSADMIN.value)
    sysadmin.permissions.add(*permissions)
    return created
