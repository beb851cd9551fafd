"""Public event pages: list, calendar, one event, registering (anti-abuse, consent,
rate limit, nothing about the device), the code shown once, cancelling, iCal."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from nama.core.antiabuse import issue_challenge, solves
from nama.outreach import event_services as services
from nama.outreach.models import EventRegistration, PublicEvent, RegistrationStatus
from nama.outreach.tests.event_helpers import AR_TITLE, EN_TITLE, local, make_event, register
from nama.testing.personas import Personas
from nama.testing.public import solve_pow

pytestmark = pytest.mark.django_db

NAME = "سارة محمود العبيدي"
EMAIL = "sara.m@example.org"
PHONE = "07801234567"
ADDRESS = "198.51.100.23"
AGENT = "Mozilla/5.0 (Linux; Android 9; SM-J600F) TestAgent/1.0"
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(autouse=True)
def _setup(settings: Any) -> None:
    settings.NAMA_POW_DIFFICULTY = 4
    settings.NAMA_POW_MIN_SECONDS = 0
    cache.clear()


@pytest.fixture
def event(personas: Personas) -> PublicEvent:
    return make_event(personas.editor, capacity=1)


def form_data(**extra: Any) -> dict[str, Any]:
    challenge = issue_challenge(scope="outreach.event_register")
    data: dict[str, Any] = {
        "name": NAME,
        "email": EMAIL,
        "phone": PHONE,
        "organisation": "شبكة نساء نينوى",
        "governorate": "erbil",
        "consent": "on",
        "pow_challenge": challenge.token,
        "pow_solution": solve_pow(challenge.token, challenge.difficulty),
        "website": "",
    }
    data.update(extra)
    return data


def post(client: Client, event: PublicEvent, data: dict[str, Any], lang: str = "ar") -> Any:
    return client.post(
        f"/{lang}/events/{event.pk}/", data, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT
    )


def test_lists_show_published_upcoming_and_past_only(client: Client, personas: Personas) -> None:
    editor = personas.editor
    upcoming = make_event(editor, title_ar="فعالية قادمة")
    past = make_event(editor, title_ar="فعالية سابقة", starts_at=local(-5), ends_at=local(-5, 12))
    make_event(editor, publish=False, title_ar="مسودة لا تظهر")
    cancelled = make_event(editor, title_ar="فعالية ملغاة")
    services.event_cancel(event=cancelled, by=editor, reason="x")
    html = client.get("/ar/events/").content.decode()
    assert f'href="/ar/events/{upcoming.pk}/"' in html
    assert f'href="/ar/events/{past.pk}/"' in html
    assert html.index("فعالية قادمة") < html.index("فعالية سابقة")
    assert "مسودة لا تظهر" not in html
    assert "فعالية ملغاة" not in html
    assert 'href="/ar/events/calendar.ics"' in html
    english = client.get("/en/events/").content.decode()
    assert EN_TITLE in english


def test_drafts_and_cancelled_events_are_404(client: Client, personas: Personas) -> None:
    editor = personas.editor
    draft = make_event(editor, publish=False)
    cancelled = make_event(editor)
    services.event_cancel(event=cancelled, by=editor, reason="x")
    for pk in (draft.pk, cancelled.pk, 999999):
        for suffix in ("", "registered/", "event.ics", "image/"):
            assert client.get(f"/en/events/{pk}/{suffix}").status_code == 404
        assert post(client, PublicEvent(pk=pk), form_data()).status_code == 404
    assert not EventRegistration.objects.exists()


def test_event_page_in_the_language_with_a_fallback_to_arabic(
    client: Client, personas: Personas
) -> None:
    event = make_event(personas.editor, title_ckb="")
    english = client.get(f"/en/events/{event.pk}/").content.decode()
    assert f'lang="en" dir="ltr">{EN_TITLE}</h1>' in english
    kurdish = client.get(f"/ckb/events/{event.pk}/").content.decode()
    assert f'lang="ar" dir="rtl">{AR_TITLE}</h1>' in kurdish
    assert "Asia/Baghdad" not in english
    # 16:00 Baghdad time, shown as such (the database holds 13:00 UTC).
    assert "4 p.m." in english or "16:00" in english


def test_script_in_titles_and_places_is_escaped(client: Client, personas: Personas) -> None:
    event = make_event(
        personas.editor, title_ar=SCRIPT, title_en=SCRIPT, venue=SCRIPT, description_ar=SCRIPT
    )
    for url in (
        "/ar/events/",
        f"/ar/events/{event.pk}/",
        f"/ar/events/calendar/?month={event.starts_at:%Y-%m}",
    ):
        html = client.get(url).content.decode()
        assert SCRIPT not in html, url
        assert "&lt;script&gt;" in html, url


def test_registering_stores_it_and_shows_the_code_once(
    client: Client,
    event: PublicEvent,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, event, form_data())
    assert response.status_code == 302
    assert response["Location"] == f"/ar/events/{event.pk}/registered/"
    assert "code" not in response["Location"].lower()
    found = EventRegistration.objects.get()
    assert (found.name, found.email, found.phone) == (NAME, EMAIL, PHONE)
    assert found.governorate is not None
    assert found.governorate.slug == "erbil"
    assert found.status == RegistrationStatus.REGISTERED
    assert found.consent_at is not None
    assert found.language == "ar"
    done = client.get(response["Location"])
    html = done.content.decode()
    code = html.split('id="cancel-code">', 1)[1].split("<", 1)[0]
    assert services.registration_by_code(code=code) == found
    for typed in (NAME, EMAIL, PHONE):
        assert typed not in html
    assert "no-store" in done["Cache-Control"]
    # Shown once: a reload no longer has it.
    again = client.get(response["Location"]).content.decode()
    assert code not in again
    assert not Session.objects.exists()
    assert len(mailoutbox) == 1
    assert code in mailoutbox[0].body


def test_no_address_or_user_agent_is_stored(client: Client, event: PublicEvent) -> None:
    post(client, event, form_data())
    found = EventRegistration.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM outreach_eventregistration WHERE id = %s", [found.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    for trace in (ADDRESS, "198.51", "TestAgent", "Android", NAME, EMAIL, PHONE):
        assert trace not in row


def test_full_event_puts_people_on_the_waiting_list(client: Client, event: PublicEvent) -> None:
    register(event, 1)
    page = client.get(f"/en/events/{event.pk}/").content.decode()
    assert "Join the waiting list" in page
    response = post(client, event, form_data(), lang="en")
    html = client.get(response["Location"]).content.decode()
    assert "You are on the waiting list" in html
    statuses = sorted(EventRegistration.objects.values_list("status", flat=True))
    assert statuses == ["registered", "waitlisted"]


def test_consent_is_required_and_everything_typed_is_kept(
    client: Client, event: PublicEvent
) -> None:
    data = form_data()
    del data["consent"]
    response = post(client, event, data, lang="en")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Please tick the box to agree" in html
    for typed in (NAME, EMAIL, PHONE, "شبكة نساء نينوى"):
        assert typed in html
    assert 'value="erbil" selected' in html
    assert not EventRegistration.objects.exists()


def test_an_email_or_a_phone_is_required(client: Client, event: PublicEvent) -> None:
    response = post(client, event, form_data(email="", phone=""), lang="en")
    assert response.status_code == 400
    assert "Please give an e-mail address or a phone number." in response.content.decode()


@pytest.mark.parametrize(
    "tampered",
    [{"website": "http://spam.example"}, {"pow_challenge": "forged"}, {"pow_solution": "wrong"}],
)
def test_anti_abuse_refusals_store_nothing_and_keep_what_was_typed(
    client: Client, event: PublicEvent, tampered: dict[str, str]
) -> None:
    data = form_data(**tampered)
    if tampered.get("pow_solution") == "wrong":
        data["pow_solution"] = next(
            str(n) for n in range(1000) if not solves(data["pow_challenge"], str(n), 4)
        )
    response = post(client, event, data, lang="en")
    assert response.status_code == 400
    assert not EventRegistration.objects.exists()
    html = response.content.decode()
    assert NAME in html
    assert EMAIL in html


def test_a_challenge_of_another_form_is_refused(client: Client, event: PublicEvent) -> None:
    challenge = issue_challenge(scope="network.join")
    data = form_data(
        pow_challenge=challenge.token,
        pow_solution=solve_pow(challenge.token, challenge.difficulty),
    )
    assert post(client, event, data).status_code == 400
    assert not EventRegistration.objects.exists()


def test_a_duplicate_is_refused_without_saying_who(client: Client, event: PublicEvent) -> None:
    register(event, 1, name="ليلى الأولى", email=EMAIL)
    response = post(client, event, form_data(phone=""), lang="en")
    html = response.content.decode()
    assert response.status_code == 400
    assert "cannot be registered again for this event" in html
    assert "ليلى" not in html
    assert NAME in html  # what was typed is kept
    assert EventRegistration.objects.count() == 1


def test_registrations_are_rate_limited(client: Client, personas: Personas, settings: Any) -> None:
    settings.NAMA_EVENT_REGISTER_LIMIT = 2
    event = make_event(personas.editor)
    for n in range(2):
        response = post(client, event, form_data(email=f"p{n}@example.org", phone=""))
        assert response.status_code == 302
    response = post(client, event, form_data(email="p9@example.org", phone=""), lang="en")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many attempts" in response.content.decode()
    assert "p9@example.org" in response.content.decode()
    assert EventRegistration.objects.count() == 2


def test_closed_registration_shows_no_form_and_refuses_posts(
    client: Client, personas: Personas
) -> None:
    event = make_event(personas.editor, registration_open=False)
    html = client.get(f"/en/events/{event.pk}/").content.decode()
    assert "Registration for this event is closed." in html
    assert 'id="register-form"' not in html
    assert post(client, event, form_data()).status_code == 400
    assert not EventRegistration.objects.exists()


def test_the_cancel_link_works_once(client: Client, event: PublicEvent) -> None:
    registration, code = register(event, 1)
    link = f"/en/events/cancel/{code.display()}/"
    redirect = client.get(link)
    assert redirect.status_code == 302
    assert redirect["Location"] == "/en/events/cancel/"
    page = client.get("/en/events/cancel/")
    assert page.status_code == 200
    assert code.display() not in page.content.decode().split("<main", 1)[0]
    assert redirect["Referrer-Policy"] == "no-referrer"
    assert page["Referrer-Policy"] == "same-origin"
    assert "Cancel your registration?" in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED  # GET changes nothing
    done = client.post("/en/events/cancel/", {"code": code.display(), "confirm": "1"})
    assert done.status_code == 200
    assert "Your registration is cancelled" in done.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    used = client.get(link, follow=True)
    made_up = client.get("/en/events/cancel/ABCD-EFGH-JKMN-PQRS/", follow=True)
    assert used.status_code == made_up.status_code == 404
    # A used code and a made-up one get the same page (but for the form's CSRF token).
    assert _without_csrf(used.content) == _without_csrf(made_up.content)
    assert (
        client.post("/en/events/cancel/", {"code": code.display(), "confirm": "1"}).status_code
        == 404
    )


def _without_csrf(content: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content.decode())


def test_a_typed_code_leads_to_the_confirmation(client: Client, event: PublicEvent) -> None:
    _registration, code = register(event, 1)
    assert "Type the cancel code" in client.get("/en/events/cancel/").content.decode()
    response = client.post("/en/events/cancel/", {"code": code.value.lower()})
    assert response.status_code == 200
    assert "Cancel your registration?" in response.content.decode()


def test_cancel_attempts_are_throttled(client: Client, event: PublicEvent, settings: Any) -> None:
    settings.NAMA_EVENT_CANCEL_LIMIT = 3
    for _ in range(3):
        made_up = client.get("/en/events/cancel/AAAA-BBBB-CCCC-DDDD/", follow=True)
        assert made_up.status_code == 404
    _registration, code = register(event, 1)
    assert client.post("/en/events/cancel/", {"code": code.value}).status_code == 429


def test_calendar_month_table_with_links_and_navigation(client: Client, personas: Personas) -> None:
    event = make_event(personas.editor)
    month = timezone.localtime(event.starts_at).strftime("%Y-%m")
    response = client.get(f"/ar/events/calendar/?month={month}")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert '<table class="table table-bordered nama-month"' in html
    assert html.count('<th scope="col">') == 7
    assert html.count(f'href="/ar/events/{event.pk}/"') == 2  # the table and the phone list
    assert 'rel="prev"' in html
    assert 'rel="next"' in html
    assert client.get("/ar/events/calendar/?month=nonsense").status_code == 200
    assert client.get("/ar/events/calendar/?month=1500-99").status_code == 200
    english = client.get(f"/en/events/calendar/?month={month}").content.decode()
    assert '<abbr title="Saturday">' in english.split('<th scope="col">')[1]


def test_ical_feed_parses_and_holds_published_events(client: Client, personas: Personas) -> None:
    editor = personas.editor
    event = make_event(editor)
    online = make_event(
        editor, online=True, online_link="https://meet.example.org/x", governorate=None
    )
    draft = make_event(editor, publish=False)
    cancelled = make_event(editor)
    services.event_cancel(event=cancelled, by=editor, reason="x")
    response = client.get("/en/events/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    items = {str(c["uid"]): c for c in calendar.walk("VEVENT")}
    assert set(items) == {f"nama-outreach-event-{event.pk}", f"nama-outreach-event-{online.pk}"}
    item = items[f"nama-outreach-event-{event.pk}"]
    assert str(item["summary"]) == EN_TITLE
    assert item.decoded("dtstart") == event.starts_at
    assert item.decoded("dtstart").utcoffset().total_seconds() == 0
    assert "Baghdad" in str(item["location"])
    assert str(item["url"]).endswith(f"/en/events/{event.pk}/")
    assert str(items[f"nama-outreach-event-{online.pk}"]["location"]) == "Online"
    # Arabic summaries at /ar/; the same UID and DTSTAMP on every request.
    arabic = Calendar.from_ical(client.get("/ar/events/calendar.ics").content)
    ar_item = next(c for c in arabic.walk("VEVENT") if str(c["uid"]) == str(item["uid"]))
    assert str(ar_item["summary"]) == AR_TITLE
    assert ar_item.decoded("dtstamp") == item.decoded("dtstamp")
    assert draft.pk
    assert cancelled.pk


def test_one_event_as_ics(client: Client, personas: Personas) -> None:
    event = make_event(personas.editor)
    response = client.get(f"/ar/events/{event.pk}/event.ics")
    calendar = Calendar.from_ical(response.content)
    (item,) = calendar.walk("VEVENT")
    assert str(item["summary"]) == AR_TITLE
    assert item.decoded("dtend") == event.ends_at


def test_site_search_finds_published_events_only(client: Client, personas: Personas) -> None:
    editor = personas.editor
    published = make_event(editor, title_ar="حوار عن المياه في البصرة")
    make_event(editor, publish=False, title_ar="مسودة عن المياه")
    cancelled = make_event(editor, title_ar="ملغاة عن المياه")
    services.event_cancel(event=cancelled, by=editor, reason="x")
    html = client.get("/ar/search/", {"q": "المياه"}).content.decode()
    assert f"/ar/events/{published.pk}/" in html
    assert "مسودة" not in html
    assert "ملغاة" not in html
