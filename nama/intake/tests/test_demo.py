"""The demo queue of ``seed_demo``: added once, through the services, never twice."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from nama.intake.demo import DEMO_REQUESTS
from nama.intake.models import CallLog, Complainant, Request, RequestStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_queue_once(settings: object) -> None:
    settings.NAMA_DEMO_MODE = True  # type: ignore[attr-defined]
    call_command("seed_demo", stdout=StringIO())
    assert Request.objects.count() == len(DEMO_REQUESTS)
    anonymous = [row for row in DEMO_REQUESTS if row[4]]
    assert Complainant.objects.count() == len(DEMO_REQUESTS) - len(anonymous)
    assert not Request.objects.filter(anonymous=True, created_at__isnull=False).exists()
    assert Request.objects.filter(status=RequestStatus.CLOSED).count() == 1
    assert CallLog.objects.exists()

    call_command("seed_demo", stdout=StringIO())
    assert Request.objects.count() == len(DEMO_REQUESTS)
