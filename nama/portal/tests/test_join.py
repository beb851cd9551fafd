"""The public "join the network" form (portal:join) and its done page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client

from nama.core.antiabuse import issue_challenge, solves
from nama.core.audit import AuditEntry
from nama.core.models import Term
from nama.core.reference_data import load_reference_data
from nama.network.models import Member, MemberStatus
from nama.testing.public import solve_pow

pytestmark = pytest.mark.django_db

URL = "/ar/join/"
EN_URL = "/en/join/"
DONE = "/ar/join/done/"
NAME = "سارة محمود العبيدي"
EMAIL = "sara.m@example.org"
PHONE = "07801234567"
ADDRESS = "198.51.100.23"
AGENT = "Mozilla/5.0 (Linux; Android 9; SM-J600F) TestAgent/1.0"


@pytest.fixture(autouse=True)
def _setup(settings: Any, db: None) -> None:
    settings.NAMA_POW_DIFFICULTY = 4
    settings.NAMA_POW_MIN_SECONDS = 0
    load_reference_data()
    cache.clear()


def form_data(**extra: Any) -> dict[str, Any]:
    challenge = issue_challenge(scope="network.join")
    data: dict[str, Any] = {
        "kind": "woman_defender",
        "name": NAME,
        "governorate": "nineveh",
        "email": EMAIL,
        "phone": PHONE,
        "organisation": "شبكة نساء نينوى",
        "areas_of_work": [str(Term.objects.of("right_affected").get(code="15").pk)],
        "languages": ["ar", "en"],
        "skills": "رصد وتوثيق",
        "motivation": "أعمل مع الناجيات منذ سنوات",
        "consent": "on",
        "pow_challenge": challenge.token,
        "pow_solution": solve_pow(challenge.token, challenge.difficulty),
        "website": "",
    }
    data.update(extra)
    return data


def post(client: Client, data: dict[str, Any], url: str = URL) -> Any:
    return client.post(url, data, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)


def test_the_form_renders_in_arabic_with_the_consent_text(client: Client) -> None:
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    for name in ("kind", "name", "governorate", "email", "phone", "consent", "pow_challenge"):
        assert f'name="{name}"' in html
    assert 'id="join-privacy"' in html
    assert "data-quick-exit" in html
    assert "no-store" in response["Cache-Control"]
    english = client.get(EN_URL).content.decode()
    assert "Only the centre's training coordinator and director see your contact details" in english


def test_an_application_is_stored_and_redirects_to_a_page_that_echoes_nothing(
    client: Client,
) -> None:
    response = post(client, form_data())
    assert response.status_code == 302
    assert response["Location"] == DONE
    found = Member.objects.get()
    assert found.status == MemberStatus.APPLIED
    assert found.consent_at is not None
    assert found.name == NAME
    assert found.email == EMAIL
    assert found.phone == PHONE
    assert found.governorate.slug == "nineveh"
    assert found.languages == ["ar", "en"]
    assert list(found.areas_of_work.values_list("code", flat=True)) == ["15"]
    done = client.get(DONE)
    html = done.content.decode()
    assert done.status_code == 200
    for typed in (NAME, "سارة", EMAIL, PHONE, "شبكة نساء نينوى"):
        assert typed not in html
    assert not Session.objects.exists()


def test_no_address_or_user_agent_is_stored(client: Client) -> None:
    post(client, form_data())
    found = Member.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM network_member WHERE id = %s", [found.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    for trace in (ADDRESS, "198.51", "TestAgent", "Android"):
        assert trace not in row
    audit = " ".join(f"{e.data} {e.reason}" for e in AuditEntry.objects.all())
    for trace in (ADDRESS, "TestAgent", NAME, EMAIL, PHONE):
        assert trace not in audit
    for trace in (NAME, EMAIL, PHONE, "1234567"):
        assert trace not in row


def test_consent_is_required_and_everything_typed_is_kept(client: Client) -> None:
    data = form_data()
    del data["consent"]
    response = post(client, data, url="/en/join/")
    html = response.content.decode()
    assert response.status_code == 400
    assert not Member.objects.exists()
    assert "Please tick the box to agree" in html
    for typed in (NAME, EMAIL, PHONE, "شبكة نساء نينوى", "رصد وتوثيق", "أعمل مع الناجيات"):
        assert typed in html
    assert 'value="nineveh" selected' in html
    assert 'value="woman_defender"' in html
    assert "checked" in html


def test_an_email_or_a_phone_is_required(client: Client) -> None:
    response = post(client, form_data(email="", phone=""), url=EN_URL)
    assert response.status_code == 400
    assert "Give an e-mail address or a phone number." in response.content.decode()
    assert post(client, form_data(email="")).status_code == 302


@pytest.mark.parametrize(
    "tampered",
    [
        {"website": "http://spam.example"},
        {"pow_challenge": "forged"},
        {"pow_solution": "wrong"},
    ],
)
def test_anti_abuse_refusals_store_nothing(client: Client, tampered: dict[str, str]) -> None:
    data = form_data(**tampered)
    if tampered.get("pow_solution") == "wrong":
        # A counter that does not meet the difficulty (with 4 bits, 1 in 16 would).
        data["pow_solution"] = next(
            str(n) for n in range(1000) if not solves(data["pow_challenge"], str(n), 4)
        )
    response = post(client, data, url=EN_URL)
    assert response.status_code == 400
    assert not Member.objects.exists()
    assert NAME in response.content.decode()  # nothing typed is lost


def test_a_challenge_of_another_form_is_refused(client: Client) -> None:
    challenge = issue_challenge(scope="intake.complaint")
    data = form_data(
        pow_challenge=challenge.token,
        pow_solution=solve_pow(challenge.token, challenge.difficulty),
    )
    assert post(client, data).status_code == 400
    assert not Member.objects.exists()


def test_a_replayed_challenge_is_refused(client: Client) -> None:
    data = form_data()
    assert post(client, data).status_code == 302
    assert post(client, data).status_code == 400
    assert Member.objects.count() == 1


def test_applications_are_rate_limited(client: Client, settings: Any) -> None:
    settings.NAMA_NETWORK_JOIN_LIMIT = 2
    for _ in range(2):
        assert post(client, form_data()).status_code == 302
    response = post(client, form_data(), url=EN_URL)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many attempts" in response.content.decode()
    assert NAME in response.content.decode()
    assert Member.objects.count() == 2


def test_script_typed_in_the_form_is_escaped_in_staff_pages(client: Client) -> None:
    from nama.testing.fixtures import login_client
    from nama.testing.personas import Personas

    script = "<script>alert('x')</script>"
    post(client, form_data(name=script, organisation=script, skills=script, motivation=script))
    found = Member.objects.get()
    coordinator = login_client(Personas().training_coordinator, verified=True)
    for url in ("/en/network/applications/", f"/en/network/members/{found.pk}/"):
        html = coordinator.get(url).content.decode()
        assert script not in html
        assert "&lt;script&gt;" in html


def test_the_done_page_needs_no_submission(client: Client) -> None:
    response = client.get(DONE)
    assert response.status_code == 200
    assert "/ar/report/" in response.content.decode()
