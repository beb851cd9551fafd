"""Sessions end on idle timeout, deactivation and security changes."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from nama.accounts import services
from nama.accounts.models import User
from nama.accounts.services import SESSION_ACTIVITY_KEY, SESSION_STAMP_KEY
from nama.testing.i18n import english_url
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
WORKSPACE = "/ar/accounts/workspace/"


def set_last_activity(client: Client, seconds_ago: float) -> None:
    session = client.session
    session[SESSION_ACTIVITY_KEY] = time.time() - seconds_ago
    session.save()


def assert_logged_out_to_login(client: Client, response: object) -> None:
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response["Location"].startswith(reverse("accounts:login"))  # type: ignore[index]
    assert "_auth_user_id" not in client.session


def test_login_stores_the_stamp_and_the_first_activity(
    verified_client: ClientFor, personas: Personas
) -> None:
    client = verified_client(personas.lawyer)
    assert client.session[SESSION_STAMP_KEY] == personas.lawyer.security_stamp
    assert time.time() - client.session[SESSION_ACTIVITY_KEY] < 60


def test_an_active_session_stays(verified_client: ClientFor, personas: Personas) -> None:
    client = verified_client(personas.lawyer)
    set_last_activity(client, 29 * 60)
    assert client.get(WORKSPACE).status_code == 200
    assert time.time() - client.session[SESSION_ACTIVITY_KEY] < 60


def test_idle_timeout_logs_out(verified_client: ClientFor, personas: Personas) -> None:
    client = verified_client(personas.lawyer)
    set_last_activity(client, 31 * 60)
    response = client.get(WORKSPACE)
    assert_logged_out_to_login(client, response)
    assert response["Location"].endswith("?next=/ar/accounts/workspace/")


def test_idle_timeout_says_why(verified_client: ClientFor, personas: Personas) -> None:
    client = verified_client(personas.lawyer)
    set_last_activity(client, 31 * 60)
    page = client.get(english_url("accounts:workspace"), follow=True)
    assert [str(m) for m in page.context["messages"]] == [
        "You were logged out after 30 minutes without activity. Please log in again."
    ]


def test_idle_timeout_follows_the_setting(
    verified_client: ClientFor, personas: Personas, settings: object
) -> None:
    settings.NAMA_IDLE_TIMEOUT_MINUTES = 5  # type: ignore[attr-defined]
    client = verified_client(personas.lawyer)
    set_last_activity(client, 6 * 60)
    assert_logged_out_to_login(client, client.get(WORKSPACE))


def test_idle_timeout_also_ends_unverified_sessions(
    unverified_client: ClientFor, personas: Personas
) -> None:
    client = unverified_client(personas.lawyer)
    set_last_activity(client, 31 * 60)
    assert_logged_out_to_login(client, client.get(reverse("accounts:enrol")))


def test_an_htmx_request_is_redirected_by_header(
    verified_client: ClientFor, personas: Personas
) -> None:
    client = verified_client(personas.lawyer)
    set_last_activity(client, 31 * 60)
    response = client.get(WORKSPACE, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))


def test_an_idle_api_session_becomes_anonymous(
    verified_client: ClientFor, personas: Personas
) -> None:
    client = verified_client(personas.lawyer)
    assert client.get("/api/v1/me/").status_code == 200
    set_last_activity(client, 31 * 60)
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_deactivation_ends_sessions(verified_client: ClientFor, personas: Personas) -> None:
    lawyer = personas.lawyer
    client = verified_client(lawyer)
    stamp = lawyer.security_stamp
    lawyer.is_active = False
    lawyer.save(update_fields=["is_active"])
    lawyer.refresh_from_db()
    assert lawyer.security_stamp != stamp
    assert_logged_out_to_login(client, client.get(WORKSPACE))
    # Reactivating the account does not bring the old session back.
    lawyer.is_active = True
    lawyer.save()
    assert client.get(WORKSPACE).status_code == 302


def test_the_deactivation_service_ends_sessions(
    verified_client: ClientFor, personas: Personas
) -> None:
    client = verified_client(personas.lawyer)
    services.user_deactivate(user=personas.lawyer, by=personas.sysadmin)
    assert_logged_out_to_login(client, client.get(WORKSPACE))


def test_a_new_security_stamp_ends_every_session(
    verified_client: ClientFor, personas: Personas
) -> None:
    first = verified_client(personas.lawyer)
    second = verified_client(personas.lawyer)
    services.user_end_sessions(user=personas.lawyer, by=personas.sysadmin)
    assert_logged_out_to_login(first, first.get(WORKSPACE))
    assert_logged_out_to_login(second, second.get(WORKSPACE))


def test_the_security_change_message_is_shown(
    verified_client: ClientFor, personas: Personas
) -> None:
    client = verified_client(personas.lawyer)
    services.user_end_sessions(user=personas.lawyer, by=personas.sysadmin)
    page = client.get(english_url("accounts:workspace"), follow=True)
    assert "security settings of your account changed" in str(next(iter(page.context["messages"])))


def test_resetting_2fa_ends_sessions(verified_client: ClientFor, personas: Personas) -> None:
    client = verified_client(personas.lawyer)
    services.user_reset_2fa(user=personas.lawyer, by=personas.sysadmin)
    assert_logged_out_to_login(client, client.get(WORKSPACE))


def test_a_session_without_a_stamp_is_ended(verified_client: ClientFor, personas: Personas) -> None:
    client = verified_client(personas.lawyer)
    session = client.session
    del session[SESSION_STAMP_KEY]
    session.save()
    assert_logged_out_to_login(client, client.get(WORKSPACE))


def test_a_sessions_activity_is_not_saved_on_every_request(
    verified_client: ClientFor, personas: Personas
) -> None:
    client = verified_client(personas.lawyer)
    set_last_activity(client, 5)
    before = client.session[SESSION_ACTIVITY_KEY]
    client.get(WORKSPACE)
    assert client.session[SESSION_ACTIVITY_KEY] == before
