"""The admin site: system administrators with verified 2FA only; no case content."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

import nama.core.audit
from nama.accounts.admin_site import NamaAdminSite
from nama.accounts.models import User
from nama.accounts.otp import issue_backup_codes
from nama.core.models import Term
from nama.core.roles import Role
from nama.testing.factories import TermFactory, UserFactory, enrol_totp
from nama.testing.i18n import english_url
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
INDEX = "/ar/admin/"


@pytest.fixture
def audit_log(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Records log_action calls (the real audit log is another module's business)."""
    calls: list[tuple[Any, ...]] = []

    def log_action(
        actor: Any, action: str, target: Any = None, data: Any = None, *, reason: str = ""
    ) -> None:
        calls.append((actor, action, target, data, reason))

    monkeypatch.setattr(nama.core.audit, "log_action", log_action, raising=False)
    return calls


def test_the_admin_site_is_namas() -> None:
    assert isinstance(admin.site._wrapped, NamaAdminSite)  # type: ignore[attr-defined]


def test_anonymous_visitors_are_sent_to_the_staff_login(client: Client) -> None:
    response = client.get(INDEX, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert response.status_code == 200
    assert "accounts/login.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("name", ["analyst", "director", "lawyer", "outsider"])
def test_it_refuses_verified_staff_who_are_not_sysadmins(
    verified_client: ClientFor, personas: Personas, name: str
) -> None:
    response = verified_client(personas.get(name)).get(INDEX, follow=True)
    assert response.status_code == 403


def test_it_refuses_an_unverified_sysadmin(
    unverified_client: ClientFor, personas: Personas
) -> None:
    enrol_totp(personas.sysadmin)
    response = unverified_client(personas.sysadmin).get(INDEX)
    assert response["Location"].startswith(reverse("accounts:verify"))


def test_it_refuses_a_sysadmin_without_staff_status(
    verified_client: ClientFor, personas: Personas
) -> None:
    User.objects.filter(pk=personas.sysadmin.pk).update(is_staff=False)
    assert verified_client(personas.sysadmin).get(INDEX, follow=True).status_code == 403


def test_it_lets_a_verified_sysadmin_in(verified_client: ClientFor, personas: Personas) -> None:
    assert verified_client(personas.sysadmin).get(INDEX).status_code == 200


def test_it_lets_a_verified_superuser_in(verified_client: ClientFor) -> None:
    root = UserFactory.create(is_superuser=True, is_staff=True)
    assert verified_client(root).get(INDEX).status_code == 200


def test_it_registers_no_case_content_nor_secrets() -> None:
    labels = {model._meta.label for model in admin.site._registry}
    assert {"accounts.User", "core.Governorate", "core.Vocabulary", "core.Term"} <= labels
    assert not labels & {
        "auth.Group",
        "otp_totp.TOTPDevice",
        "otp_static.StaticDevice",
        "authtoken.TokenProxy",
    }


def test_the_sysadmin_sees_exactly_the_administration_models(
    verified_client: ClientFor, personas: Personas
) -> None:
    response = verified_client(personas.sysadmin).get(INDEX)
    models = {
        model["object_name"] for app in response.context["app_list"] for model in app["models"]
    }
    assert models == {
        "User",
        "Governorate",
        "Vocabulary",
        "Term",
        "AccessAttempt",
        "AccessFailureLog",
        "AccessLog",
        "LawyerProfile",
    }


def test_the_sysadmin_edits_lawyer_profiles(verified_client: ClientFor, personas: Personas) -> None:
    client = verified_client(personas.sysadmin)
    assert client.get("/en/admin/legal/lawyerprofile/").status_code == 200
    assert client.get("/en/admin/legal/lawyerprofile/add/").status_code == 200


def test_the_user_list_and_form_work(verified_client: ClientFor, personas: Personas) -> None:
    client = verified_client(personas.sysadmin)
    personas.create("lawyer")
    assert client.get("/ar/admin/accounts/user/").status_code == 200
    response = client.get(english_url("admin:accounts_user_change", personas.lawyer.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Legal coordinator" in html  # roles by their display names
    assert "is_superuser" not in html


def test_roles_and_governorates_are_set_in_the_form_and_audited(
    verified_client: ClientFor, personas: Personas, audit_log: list[tuple[Any, ...]]
) -> None:
    client = verified_client(personas.sysadmin)
    lawyer = personas.lawyer
    url = reverse("admin:accounts_user_change", args=[lawyer.pk])
    form = {
        "username": "lawyer",
        "first_name": "",
        "last_name": "",
        "email": "",
        "digits": "latin",
        "is_active": "on",
        "groups": [Group.objects.get(name=Role.MONITOR).pk],
        "governorates": [personas.erbil.pk],
    }
    response = client.post(url, form)
    assert response.status_code == 302
    lawyer.refresh_from_db()
    assert list(lawyer.groups.values_list("name", flat=True)) == ["monitor"]
    assert list(lawyer.governorates.all()) == [personas.erbil]
    assert audit_log[-1][:4] == (
        personas.sysadmin,
        "accounts.user.roles_changed",
        lawyer,
        {"roles": ["monitor"], "governorates": ["erbil"]},
    )


def test_giving_the_sysadmin_role_grants_staff_status(
    verified_client: ClientFor, personas: Personas
) -> None:
    client = verified_client(personas.sysadmin)
    editor = personas.editor
    form = {
        "username": "editor",
        "digits": "latin",
        "is_active": "on",
        "groups": [Group.objects.get(name=Role.SYSADMIN).pk],
    }
    client.post(reverse("admin:accounts_user_change", args=[editor.pk]), form)
    editor.refresh_from_db()
    assert editor.is_staff


def test_a_sysadmin_cannot_change_their_own_roles(
    verified_client: ClientFor, personas: Personas
) -> None:
    sysadmin = personas.sysadmin
    client = verified_client(sysadmin)
    form = {
        "username": "sysadmin",
        "digits": "latin",
        "groups": [Group.objects.get(name=Role.DIRECTOR).pk],
    }
    client.post(reverse("admin:accounts_user_change", args=[sysadmin.pk]), form)
    assert list(sysadmin.groups.values_list("name", flat=True)) == ["sysadmin"]
    sysadmin.refresh_from_db()
    assert sysadmin.is_active


def test_users_cannot_be_deleted(verified_client: ClientFor, personas: Personas) -> None:
    client = verified_client(personas.sysadmin)
    url = reverse("admin:accounts_user_delete", args=[personas.lawyer.pk])
    assert client.get(url).status_code == 403


def test_the_reset_2fa_action_removes_devices_ends_sessions_and_is_audited(
    verified_client: ClientFor, personas: Personas, audit_log: list[tuple[Any, ...]]
) -> None:
    lawyer_client = verified_client(personas.lawyer)
    issue_backup_codes(personas.lawyer)
    client = verified_client(personas.sysadmin)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [personas.lawyer.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=personas.lawyer).exists()
    assert not StaticDevice.objects.filter(user=personas.lawyer).exists()
    assert lawyer_client.get("/ar/accounts/workspace/")["Location"].startswith(
        reverse("accounts:login")
    )
    assert [(c[0], c[1], c[2]) for c in audit_log if c[1] == "accounts.user.2fa_reset"] == [
        (personas.sysadmin, "accounts.user.2fa_reset", personas.lawyer)
    ]


def test_the_sign_out_everywhere_action_ends_sessions(
    verified_client: ClientFor, personas: Personas
) -> None:
    lawyer_client = verified_client(personas.lawyer)
    client = verified_client(personas.sysadmin)
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "end_sessions", "_selected_action": [personas.lawyer.pk]},
    )
    assert lawyer_client.get("/ar/accounts/workspace/").status_code == 302


def test_the_reset_works_without_an_audit_log(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nama.accounts import services

    monkeypatch.delattr(nama.core.audit, "log_action", raising=False)
    enrol_totp(personas.lawyer)
    assert services.user_reset_2fa(user=personas.lawyer, by=personas.sysadmin) == 1


def test_governorates_are_read_only(verified_client: ClientFor, personas: Personas) -> None:
    client = verified_client(personas.sysadmin)
    assert client.get(reverse("admin:core_governorate_changelist")).status_code == 200
    assert client.get(reverse("admin:core_governorate_add")).status_code == 403
    response = client.post(
        reverse("admin:core_governorate_change", args=[personas.baghdad.pk]),
        {"name_en": "Changed"},
    )
    assert response.status_code == 403
    personas.baghdad.refresh_from_db()
    assert personas.baghdad.name_en == "Baghdad"


def test_term_names_can_be_edited_but_not_their_code(
    verified_client: ClientFor, personas: Personas
) -> None:
    term = TermFactory.create(code="01", name_en="Old")
    client = verified_client(personas.sysadmin)
    response = client.post(
        reverse("admin:core_term_change", args=[term.pk]),
        {"code": "99", "name_ar": "جديد", "name_en": "New", "name_ckb": "", "sort_order": 0},
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.code, term.name_en) == ("01", "New")


def test_terms_are_retired_and_restored_never_deleted(
    verified_client: ClientFor, personas: Personas, audit_log: list[tuple[Any, ...]]
) -> None:
    term = TermFactory.create()
    client = verified_client(personas.sysadmin)
    changelist = reverse("admin:core_term_changelist")
    assert client.get(reverse("admin:core_term_delete", args=[term.pk])).status_code == 403
    client.post(changelist, {"action": "delete_selected", "_selected_action": [term.pk]})
    assert Term.objects.filter(pk=term.pk).exists()
    client.post(changelist, {"action": "retire", "_selected_action": [term.pk]})
    term.refresh_from_db()
    assert term.is_retired
    assert client.get(changelist + "?status=retired").context["cl"].result_count == 1
    client.post(changelist, {"action": "restore", "_selected_action": [term.pk]})
    term.refresh_from_db()
    assert not term.is_retired
    assert [c[1] for c in audit_log] == ["core.term.retired", "core.term.restored"]


def test_vocabularies_can_be_renamed_but_not_added_or_deleted(
    verified_client: ClientFor, personas: Personas
) -> None:
    term = TermFactory.create()
    vocabulary = term.vocabulary
    client = verified_client(personas.sysadmin)
    assert client.get(reverse("admin:core_vocabulary_add")).status_code == 403
    delete = reverse("admin:core_vocabulary_delete", args=[vocabulary.pk])
    assert client.get(delete).status_code == 403
    response = client.post(
        reverse("admin:core_vocabulary_change", args=[vocabulary.pk]),
        {"name_ar": "اسم", "name_en": "Renamed", "name_ckb": ""},
    )
    assert response.status_code == 302
    vocabulary.refresh_from_db()
    assert vocabulary.name_en == "Renamed"
