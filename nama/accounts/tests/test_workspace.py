"""The workspace: each role sees the sections it will use, and only those."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from nama.accounts.models import User
from nama.accounts.workspace import SECTION_URLS, workspace_sections
from nama.core.roles import Role, Section
from nama.testing.factories import UserFactory
from nama.testing.i18n import english_url
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]

ALL_BUT_ADMINISTRATION = [
    "intake",
    "legal",
    "monitoring",
    "reports",
    "library",
    "network",
    "outreach",
]

EXPECTED = {
    "operator": ["intake", "library"],
    "lawyer": ["legal", "library"],
    "other_lawyer": ["legal", "library"],
    "legal_coordinator": ["intake", "legal", "library"],
    "monitor_baghdad": ["monitoring", "library"],
    "monitor_erbil": ["monitoring", "library"],
    "analyst": ["reports", "library"],
    "director": ALL_BUT_ADMINISTRATION,
    "sysadmin": ["administration"],
    "trainer": ["library", "network"],
    "training_coordinator": ["library", "network"],
    "editor": ["library", "outreach"],
    "outsider": [],
}


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items())
def test_workspace_sections_per_persona(personas: Personas, name: str, expected: list[str]) -> None:
    assert [s.section.value for s in workspace_sections(personas.get(name))] == expected


def test_a_person_with_two_roles_sees_both_sets(personas: Personas) -> None:
    user = UserFactory.create(roles=[Role.LAWYER, Role.EDITOR])
    assert [s.section.value for s in workspace_sections(user)] == ["legal", "library", "outreach"]


def test_every_section_has_its_landing_page(personas: Personas) -> None:
    sections = {s.section.value: s for s in workspace_sections(personas.director)}
    for built in ("intake", "monitoring", "legal", "reports", "library", "network", "outreach"):
        assert sections[built].available
    assert sections["network"].url == reverse("network:home")
    assert sections["outreach"].url == reverse("outreach:home")


def test_a_section_whose_app_is_missing_is_coming_soon(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(SECTION_URLS, Section.NETWORK, "network:not_built")
    sections = {s.section.value: s for s in workspace_sections(personas.director)}
    assert not sections["network"].available
    assert sections["network"].url is None


def test_administration_links_to_the_admin(personas: Personas) -> None:
    (administration,) = workspace_sections(personas.sysadmin)
    assert administration.available
    assert administration.url == reverse("admin:index")


def test_the_page_shows_the_sections_and_roles(
    verified_client: ClientFor, personas: Personas
) -> None:
    response = verified_client(personas.lawyer).get(english_url("accounts:workspace"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Legal cases" in html
    assert "Intake queue" not in html
    assert "Administration" not in html
    # Both of a lawyer's sections have their app: none is "coming soon".
    assert english_url("library:manage") in html
    assert 'aria-disabled="true"' not in html
    assert list(response.context["governorates"]) == [personas.baghdad]
    assert "style=" not in html


def test_a_section_without_its_app_is_shown_disabled(
    verified_client: ClientFor, personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(SECTION_URLS, Section.OUTREACH, "outreach:not_built")
    html = verified_client(personas.editor).get(english_url("accounts:workspace")).content.decode()
    assert "Outreach" in html
    assert 'aria-disabled="true"' in html


def test_the_sysadmin_page_never_lists_case_sections(
    verified_client: ClientFor, personas: Personas
) -> None:
    html = (
        verified_client(personas.sysadmin).get(english_url("accounts:workspace")).content.decode()
    )
    assert english_url("admin:index") in html
    for label in ("Legal cases", "Monitoring", "Intake queue", "Reports"):
        assert label not in html


def test_nationwide_staff_are_told_so(verified_client: ClientFor, personas: Personas) -> None:
    response = verified_client(personas.analyst).get(english_url("accounts:workspace"))
    assert response.context["nationwide"]
    assert "You work in every governorate." in response.content.decode()


def test_an_account_without_a_role_is_told_to_ask_for_one(
    verified_client: ClientFor, personas: Personas
) -> None:
    response = verified_client(personas.outsider).get(english_url("accounts:workspace"))
    assert response.status_code == 200
    assert response.context["sections"] == []
    assert "has no role yet" in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client: Client) -> None:
    response = client.get(reverse("accounts:workspace"))
    assert response["Location"].startswith(reverse("accounts:login"))
