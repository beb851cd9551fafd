"""Requests routed to the monitoring team become draft events, once, prefilled and linked
both ways; a request without a governorate waits for triage."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext

from nama.core.audit import AuditEntry
from nama.core.models import Governorate, Term
from nama.intake import services as intake
from nama.intake.models import Request, RequestStatus
from nama.monitoring import selectors, services
from nama.monitoring.models import Event, Person, VerificationState
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db

NARRATIVE = "اعتقلوا أخي سعد من أمام البيت في حي الجهاد ولم نعرف مكانه"
NO_GOVERNORATE = "Set the governorate (triage) before routing to the monitoring team."


@pytest.fixture
def make_request(personas: Personas, vocabularies: None) -> Callable[..., Request]:
    """A violation report logged by the director (no tracking code)."""

    def make(governorate: str | None = "baghdad", **extra: Any) -> Request:
        request, _code = intake.request_create_by_operator(
            by=personas.director,
            data={
                "request_type": Term.objects.of("request_type").get(code="01"),
                "governorate": Governorate.objects.get(slug=governorate) if governorate else None,
                "narrative": NARRATIVE,
                "name": "أم سعد",
                "phone": "07705550101",
                **extra,
            },
            issue_code=False,
        )
        return request

    return make


def route(request: Request, by: Any) -> Request:
    return intake.request_route(by=by, request=request, target="monitoring")


def test_routing_creates_one_prefilled_draft_event(
    make_request: Callable[..., Request], personas: Personas
) -> None:
    request = make_request(incident_date=date(2025, 11, 17), incident_date_precision="month")
    route(request, personas.operator)

    request.refresh_from_db()
    assert request.status == RequestStatus.ROUTED_MONITORING
    assert request.route_target == "monitoring"
    assert request.route_handled is True
    event = Event.objects.get()
    assert event.verification == VerificationState.DRAFT
    assert event.intake_request == request
    assert list(request.monitoring_events.all()) == [event]
    assert event.governorate.slug == "baghdad"
    assert event.description == NARRATIVE
    assert (event.start_date, event.start_precision) == (date(2025, 11, 1), "month")
    assert (event.end_date, event.end_precision) == (None, "unknown")
    assert request.reference in event.title
    assert event.created_by == personas.operator
    # No person comes over from the intake: the complainant stays there.
    assert not Person.objects.exists()
    assert not event.acts.exists()
    # The title is neutral: nothing of the narrative or the complainant in it.
    assert "سعد" not in event.title
    entry = AuditEntry.objects.get(action="monitoring.event.documented")
    assert entry.data["request"] == request.pk
    assert "سعد" not in str(entry.data)


@pytest.mark.parametrize(
    ("given", "precision", "stored"),
    [
        (date(2025, 11, 17), "exact", date(2025, 11, 17)),
        (date(2025, 11, 17), "year", date(2025, 1, 1)),
        (None, "unknown", None),
    ],
)
def test_the_incident_date_becomes_the_start(
    make_request: Callable[..., Request],
    personas: Personas,
    given: date | None,
    precision: str,
    stored: date | None,
) -> None:
    request = make_request(incident_date=given, incident_date_precision=precision)
    route(request, personas.operator)
    event = Event.objects.get(intake_request=request)
    assert (event.start_date, event.start_precision) == (stored, precision)


def test_an_erbil_request_becomes_an_erbil_event_for_the_erbil_monitor(
    make_request: Callable[..., Request], personas: Personas
) -> None:
    request = make_request("erbil")
    route(request, personas.director)
    event = Event.objects.get(intake_request=request)
    assert event.governorate.slug == "erbil"
    assert selectors.event_get_for_user(user=personas.monitor_erbil, pk=event.pk) == event
    assert not selectors.event_list_for_user(user=personas.monitor_baghdad).exists()


def test_routing_twice_does_not_create_a_second_event(
    make_request: Callable[..., Request], personas: Personas
) -> None:
    request = make_request()
    route(request, personas.operator)
    first = Event.objects.get()
    route(request, personas.director)
    request.refresh_from_db()
    assert list(Event.objects.all()) == [first]
    assert request.monitoring_events.count() == 1
    assert request.route_handled is True
    assert AuditEntry.objects.filter(action="monitoring.event.documented").count() == 1


def test_routing_again_after_the_event_was_verified_leaves_it_alone(
    make_request: Callable[..., Request], personas: Personas, term: Callable[[str, str], Term]
) -> None:
    request = make_request()
    route(request, personas.operator)
    event = Event.objects.get()
    victim = services.person_create(
        by=personas.monitor_baghdad, governorate=event.governorate, data={"name": "سعد"}
    )
    services.act_add(
        by=personas.monitor_baghdad,
        event=event,
        victim=victim,
        given=services.ActInput(victim=0, act_type=term("act_type", "0403")),
    )
    services.event_submit(by=personas.monitor_baghdad, event=event)
    services.event_verify(
        by=personas.director, event=event, violation_status=term("violation_status", "02")
    )
    route(request, personas.operator)
    event.refresh_from_db()
    assert Event.objects.count() == 1
    assert event.verification == VerificationState.VERIFIED


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_request_without_governorate_is_refused_and_nothing_changes(
    make_request: Callable[..., Request], personas: Personas, language: str
) -> None:
    request = make_request(governorate=None)
    status_before = request.status
    with translation.override(language):
        with pytest.raises(intake.IntakeError) as caught:
            route(request, personas.operator)
        assert caught.value.code == "governorate"
        assert caught.value.messages == [gettext(NO_GOVERNORATE)]
    if language == "en":
        assert caught.value.messages == [NO_GOVERNORATE]
    request.refresh_from_db()
    assert request.status == status_before
    assert request.status != RequestStatus.ROUTED_MONITORING
    assert request.route_target == ""
    assert request.routed_at is None
    assert request.route_handled is False
    assert not Event.objects.exists()
    assert not AuditEntry.objects.filter(action="intake.request.routed").exists()


def test_after_triage_sets_the_governorate_routing_works(
    make_request: Callable[..., Request], personas: Personas
) -> None:
    request = make_request(governorate=None)
    with pytest.raises(intake.IntakeError):
        route(request, personas.operator)
    request.refresh_from_db()
    intake.request_triage(
        by=personas.operator, request=request, governorate=Governorate.objects.get(slug="erbil")
    )
    route(request, personas.operator)
    assert Event.objects.get(intake_request=request).governorate.slug == "erbil"


def test_routing_to_legal_creates_no_event(
    make_request: Callable[..., Request], personas: Personas
) -> None:
    request = make_request()
    intake.request_route(by=personas.operator, request=request, target="legal")
    assert not Event.objects.exists()


def test_the_monitor_who_submitted_an_event_from_a_request_cannot_verify_it(
    make_request: Callable[..., Request], personas: Personas, term: Callable[[str, str], Term]
) -> None:
    request = make_request()
    route(request, personas.operator)
    event = Event.objects.get()
    victim = services.person_create(
        by=personas.monitor_baghdad, governorate=event.governorate, data={"name": "سعد"}
    )
    services.act_add(
        by=personas.monitor_baghdad,
        event=event,
        victim=victim,
        given=services.ActInput(victim=0, act_type=term("act_type", "0403")),
    )
    services.event_submit(by=personas.monitor_baghdad, event=event)
    with pytest.raises(services.MonitoringError):
        services.event_verify(
            by=personas.monitor_baghdad,
            event=event,
            violation_status=term("violation_status", "01"),
        )
