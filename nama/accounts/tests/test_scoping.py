"""The selector pattern (nama.core.scoping) proven on governorates and lawyers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from nama.accounts.models import User
from nama.accounts.selectors import (
    governorate_list_for_user,
    lawyer_get_for_user,
    lawyer_list_for_user,
)
from nama.core.models import Governorate, Term
from nama.core.roles import Role
from nama.core.scoping import _is_many_valued, get_object_for_user_or_404, scope_by_governorate
from nama.testing.factories import UserFactory, governorate
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db


def test_scope_by_governorate_keeps_everything_for_nationwide_roles(personas: Personas) -> None:
    staff = User.objects.all()
    assert scope_by_governorate(staff, personas.director, field="governorates") is staff


def test_scope_by_governorate_keeps_only_the_users_governorates(personas: Personas) -> None:
    governorate("basra")
    scoped = scope_by_governorate(Governorate.objects.all(), personas.lawyer, field="pk")
    assert list(scoped) == [personas.baghdad]


def test_many_valued_paths_are_told_from_single_valued_ones() -> None:
    assert _is_many_valued(User, "governorates")
    assert _is_many_valued(Governorate, "staff")
    assert not _is_many_valued(Governorate, "pk")
    assert not _is_many_valued(Term, "vocabulary__key")
    assert _is_many_valued(Term, "vocabulary__terms")
    assert not _is_many_valued(Term, "no_such_field")


def test_scope_by_governorate_lists_a_many_to_many_row_once(personas: Personas) -> None:
    both = UserFactory.create(username="both", governorates=[personas.baghdad, personas.erbil])
    viewer = UserFactory.create(
        roles=[Role.MONITOR], governorates=[personas.baghdad, personas.erbil]
    )
    scoped = scope_by_governorate(User.objects.filter(pk=both.pk), viewer, field="governorates")
    assert list(scoped) == [both]


def test_scope_by_governorate_gives_anonymous_users_nothing(personas: Personas) -> None:
    assert not scope_by_governorate(Governorate.objects.all(), AnonymousUser(), field="pk").exists()


def test_get_object_for_user_or_404_returns_an_object_in_scope(personas: Personas) -> None:
    scoped = governorate_list_for_user(user=personas.lawyer)
    assert get_object_for_user_or_404(scoped, slug="baghdad") == personas.baghdad


def test_get_object_for_user_or_404_hides_objects_out_of_scope_like_missing_ones(
    personas: Personas,
) -> None:
    scoped = governorate_list_for_user(user=personas.lawyer)
    with pytest.raises(Http404) as out_of_scope:
        get_object_for_user_or_404(scoped, slug="erbil")
    with pytest.raises(Http404) as missing:
        get_object_for_user_or_404(scoped, slug="atlantis")
    assert str(out_of_scope.value) == str(missing.value)


def test_get_object_for_user_or_404_answers_404_to_malformed_lookups(personas: Personas) -> None:
    with pytest.raises(Http404):
        get_object_for_user_or_404(Governorate.objects.all(), pk="not-a-number")


def test_lawyers_see_the_lawyers_of_their_governorates(personas: Personas) -> None:
    personas.create("other_lawyer")
    assert list(lawyer_list_for_user(user=personas.lawyer)) == [personas.lawyer]


def test_lawyer_gets_404_for_a_lawyer_in_another_governorate(personas: Personas) -> None:
    personas.create("other_lawyer")
    with pytest.raises(Http404):
        lawyer_get_for_user(user=personas.lawyer, username="other_lawyer")


def test_coordinator_and_director_see_every_lawyer(personas: Personas) -> None:
    expected = [personas.lawyer, personas.other_lawyer]
    assert list(lawyer_list_for_user(user=personas.legal_coordinator)) == expected
    assert list(lawyer_list_for_user(user=personas.director)) == expected


@pytest.mark.parametrize("name", ["outsider", "operator", "monitor_baghdad", "analyst", "sysadmin"])
def test_roles_outside_the_legal_unit_get_404_for_any_lawyer(personas: Personas, name: str) -> None:
    personas.create("lawyer")
    assert not lawyer_list_for_user(user=personas.get(name)).exists()
    with pytest.raises(Http404):
        lawyer_get_for_user(user=personas.get(name), username="lawyer")


def test_deactivated_lawyers_are_not_listed(personas: Personas) -> None:
    lawyer = personas.lawyer
    lawyer.is_active = False
    lawyer.save()
    assert not lawyer_list_for_user(user=personas.director).exists()
