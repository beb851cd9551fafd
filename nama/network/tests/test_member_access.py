"""nama.network.access: every predicate, every branch, for every persona."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from nama.network import access
from nama.network.models import MemberStatus
from nama.network.tests.factories import member, member_with_account
from nama.testing.personas import PERSONA_NAMES, Personas

pytestmark = pytest.mark.django_db

COORDINATION = {"training_coordinator", "director"}
NETWORK = {"trainer", "training_coordinator", "director"}

EXPECTED = {
    "can_use_network": NETWORK,
    "can_see_all_members": COORDINATION,
    "can_see_contacts": COORDINATION,
    "can_see_protection": COORDINATION,
    "can_review_applications": COORDINATION,
    "can_manage_members": COORDINATION,
    "can_see_reports_counts": NETWORK | {"analyst"},
}


@pytest.mark.parametrize("predicate", sorted(EXPECTED))
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_each_predicate_answers_for_each_persona(
    predicate: str, persona: str, personas: Personas
) -> None:
    answer = getattr(access, predicate)(personas.get(persona))
    assert answer is (persona in EXPECTED[predicate])


@pytest.mark.parametrize("predicate", sorted(EXPECTED))
def test_anonymous_and_nobody_get_nothing(predicate: str) -> None:
    assert getattr(access, predicate)(AnonymousUser()) is False
    assert getattr(access, predicate)(None) is False


def test_member_of_is_none_for_anonymous_and_missing_users(personas: Personas) -> None:
    assert access.member_of(None) is None
    assert access.member_of(AnonymousUser()) is None
    assert access.member_of(personas.trainer) is None


def test_member_of_gives_the_accepted_member_behind_an_account(governorates: dict) -> None:
    found = member_with_account()
    assert access.member_of(found.user) == found


def test_member_of_is_none_once_the_member_left_or_the_account_is_off(
    governorates: dict,
) -> None:
    found = member_with_account()
    found.status = MemberStatus.LEFT
    found.save(update_fields=["status"])
    assert access.member_of(found.user) is None
    other = member_with_account(username="member_two")
    assert other.user is not None
    other.user.is_active = False
    other.user.save(update_fields=["is_active"])
    assert access.member_of(other.user) is None


def test_member_of_ignores_applications(governorates: dict) -> None:
    found = member(status=MemberStatus.APPLIED)
    assert access.member_of(found.user) is None
