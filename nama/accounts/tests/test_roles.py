"""Roles and the permission predicates of nama.core.roles, branch by branch."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from nama.core.models import Governorate
from nama.core.roles import (
    NATIONWIDE_ROLES,
    SECTION_ROLES,
    Role,
    Section,
    can_access_workspace_section,
    can_see_identities,
    can_use_admin,
    ensure_roles,
    forget_roles,
    has_any_role,
    has_role,
    roles_of,
    scoped_governorates,
    sees_all_governorates,
)
from nama.testing.factories import UserFactory
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db


def test_every_role_has_a_stable_slug_and_a_translated_name() -> None:
    assert Role.values == [
        "hotline_operator",
        "lawyer",
        "legal_coordinator",
        "monitor",
        "analyst",
        "director",
        "trainer",
        "training_coordinator",
        "editor",
        "sysadmin",
    ]
    assert str(Role.SYSADMIN.label) == "System administrator"


def test_migrate_creates_one_group_per_role() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_ensure_roles_is_idempotent_and_gives_sysadmins_their_permissions() -> None:
    assert ensure_roles() == 0
    Group.objects.filter(name=Role.EDITOR).delete()
    assert ensure_roles() == 1
    codenames = set(
        Group.objects.get(name=Role.SYSADMIN).permissions.values_list("codename", flat=True)
    )
    assert {"view_user", "change_user", "change_term", "view_governorate"} <= codenames
    assert "delete_user" not in codenames
    assert "change_governorate" not in codenames


def test_roles_of_an_anonymous_user_is_empty() -> None:
    assert roles_of(AnonymousUser()) == frozenset()
    assert roles_of(None) == frozenset()


def test_roles_of_a_deactivated_user_is_empty(personas: Personas) -> None:
    lawyer = personas.lawyer
    lawyer.is_active = False
    assert roles_of(lawyer) == frozenset()


def test_roles_of_ignores_groups_that_are_not_roles() -> None:
    user = UserFactory.create(roles=[Role.EDITOR])
    user.groups.add(Group.objects.create(name="book club"))
    forget_roles(user)
    assert roles_of(user) == {Role.EDITOR}


def test_roles_of_is_cached_on_the_user_object(
    personas: Personas, django_assert_num_queries: object
) -> None:
    lawyer = personas.lawyer
    forget_roles(lawyer)
    with django_assert_num_queries(1):  # type: ignore[operator]
        roles_of(lawyer)
        roles_of(lawyer)


def test_changing_groups_forgets_the_cached_roles(personas: Personas) -> None:
    lawyer = personas.lawyer
    assert roles_of(lawyer) == {Role.LAWYER}
    lawyer.groups.add(Group.objects.get(name=Role.MONITOR))
    assert roles_of(lawyer) == {Role.LAWYER, Role.MONITOR}


def test_has_role_is_true_for_any_held_role(personas: Personas) -> None:
    assert has_role(personas.lawyer, Role.LAWYER)
    assert has_role(personas.lawyer, Role.DIRECTOR, "lawyer")


def test_has_role_is_false_without_it(personas: Personas) -> None:
    assert not has_role(personas.lawyer, Role.DIRECTOR)
    assert not has_role(personas.outsider, *Role)
    assert not has_role(AnonymousUser(), Role.LAWYER)


def test_has_any_role(personas: Personas) -> None:
    assert has_any_role(personas.editor)
    assert not has_any_role(personas.outsider)


def test_can_use_admin_refuses_anonymous_users() -> None:
    assert not can_use_admin(AnonymousUser())


def test_can_use_admin_refuses_deactivated_sysadmins(personas: Personas) -> None:
    sysadmin = personas.sysadmin
    sysadmin.is_active = False
    assert not can_use_admin(sysadmin)


def test_can_use_admin_allows_superusers_without_a_role() -> None:
    assert can_use_admin(UserFactory.create(is_superuser=True))


def test_can_use_admin_allows_sysadmins(personas: Personas) -> None:
    assert can_use_admin(personas.sysadmin)


@pytest.mark.parametrize(
    "name", ["director", "analyst", "operator", "lawyer", "legal_coordinator", "outsider"]
)
def test_can_use_admin_refuses_everyone_else(personas: Personas, name: str) -> None:
    assert not can_use_admin(personas.get(name))


def test_can_see_identities_is_for_the_director_only(personas: Personas) -> None:
    allowed = {name for name, user in personas.all().items() if can_see_identities(user)}
    assert allowed == {"director"}


def test_nationwide_roles_see_all_governorates(personas: Personas) -> None:
    assert {Role.DIRECTOR, Role.ANALYST, Role.LEGAL_COORDINATOR} == NATIONWIDE_ROLES
    for name in ("director", "analyst", "legal_coordinator"):
        assert sees_all_governorates(personas.get(name))
        assert set(scoped_governorates(personas.get(name))) == set(Governorate.objects.all())


def test_scoped_roles_see_their_own_governorates(personas: Personas) -> None:
    assert not sees_all_governorates(personas.lawyer)
    assert list(scoped_governorates(personas.lawyer)) == [personas.baghdad]
    assert list(scoped_governorates(personas.monitor_erbil)) == [personas.erbil]


def test_anonymous_and_deactivated_users_have_no_governorates(personas: Personas) -> None:
    assert not scoped_governorates(AnonymousUser()).exists()
    director = personas.director
    director.is_active = False
    assert not scoped_governorates(director).exists()


def test_administration_section_follows_can_use_admin(personas: Personas) -> None:
    assert can_access_workspace_section(personas.sysadmin, Section.ADMINISTRATION)
    assert not can_access_workspace_section(personas.director, "administration")


def test_other_sections_follow_their_roles(personas: Personas) -> None:
    assert can_access_workspace_section(personas.operator, Section.INTAKE)
    assert not can_access_workspace_section(personas.operator, Section.LEGAL)
    assert not can_access_workspace_section(personas.sysadmin, Section.LEGAL)


def test_every_section_has_its_roles_and_the_sysadmin_only_administration() -> None:
    assert set(SECTION_ROLES) == set(Section)
    for section, roles in SECTION_ROLES.items():
        assert (Role.SYSADMIN in roles) == (section == Section.ADMINISTRATION)


def test_an_unknown_section_is_an_error(personas: Personas) -> None:
    with pytest.raises(ValueError, match="cases"):
        can_access_workspace_section(personas.director, "cases")
