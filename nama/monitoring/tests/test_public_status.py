"""The complainant's tracking page says, in plain words, whether the monitoring team has
documented what they reported, and nothing else about the event."""

from __future__ import annotations

import pytest
from django.utils import translation

from nama.core.models import Term
from nama.core.reference_data import load_reference_data
from nama.intake import services as intake
from nama.intake.selectors import public_status_for_request
from nama.monitoring import services
from nama.monitoring.models import Event
from nama.testing.personas import Personas
from nama.testing.public import submit_anonymous_request

pytestmark = pytest.mark.django_db


def test_the_tracking_page_follows_the_documentation(personas: Personas) -> None:
    load_reference_data()
    request, _code = submit_anonymous_request()
    intake.request_route(by=personas.operator, request=request, target="monitoring")
    event = Event.objects.get(intake_request=request)
    with translation.override("en"):
        documenting = public_status_for_request(request).text
        assert documenting == "Our monitoring team is documenting what you told us."

        services.act_add(
            by=personas.monitor_baghdad,
            event=event,
            victim=services.person_create(
                by=personas.monitor_baghdad, governorate=event.governorate, data={"name": "x"}
            ),
            given=services.ActInput(victim=0, act_type=Term.objects.of("act_type").get(code="01")),
        )
        services.event_submit(by=personas.monitor_baghdad, event=event)
        services.event_verify(
            by=personas.director,
            event=event,
            violation_status=Term.objects.of("violation_status").get(code="01"),
        )
        done = public_status_for_request(request).text
    assert done == "Our monitoring team has documented what you told us. Thank you."
    assert event.reference not in done


def test_a_request_routed_to_legal_is_not_described_by_monitoring(personas: Personas) -> None:
    load_reference_data()
    request, _code = submit_anonymous_request()
    intake.request_route(by=personas.operator, request=request, target="legal")
    with translation.override("en"):
        text = public_status_for_request(request).text
    # The legal unit's own wording (nama/legal/public_status.py), not the monitoring team's.
    assert text == "Our legal unit is choosing a lawyer for your request."
