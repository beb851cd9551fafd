"""The demo events of ``seed_demo``: added once, verified by someone other than the author."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from nama.monitoring.models import Act, Event, VerificationState
from nama.monitoring.selectors import act_list_counted

pytestmark = pytest.mark.django_db


def test_seed_demo_documents_three_events_once(settings: object) -> None:
    settings.NAMA_DEMO_MODE = True  # type: ignore[attr-defined]
    call_command("seed_demo", stdout=StringIO())
    # The reports' demo adds generated events (references "S..."); these are monitoring's own.
    events = Event.objects.filter(reference__startswith="E-")
    assert events.count() == 3
    verified = events.get(verification=VerificationState.VERIFIED)
    assert verified.verified_by != verified.created_by
    own_acts = act_list_counted(minimum_status="01").filter(event__in=events)
    assert own_acts.count() == 6
    assert Act.objects.filter(event__in=events).count() == 8

    call_command("seed_demo", stdout=StringIO())
    assert Event.objects.filter(reference__startswith="E-").count() == 3
