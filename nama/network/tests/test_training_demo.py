"""The demo trainings: added once, with certificates for the held sessions."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from nama.network import training_demo
from nama.network.models import Certificate, Course, SessionStatus, TrainingSession

pytestmark = pytest.mark.django_db


def test_the_demo_adds_courses_sessions_and_certificates_once(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.NAMA_DEMO_MODE = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    assert Course.objects.count() == 3
    assert TrainingSession.objects.count() == 6
    assert TrainingSession.objects.values("governorate").distinct().count() >= 4
    assert TrainingSession.objects.filter(trainers__username="demo-trainer").count() == 6
    held = TrainingSession.objects.filter(status=SessionStatus.DONE)
    assert held.count() == 4
    assert Certificate.objects.exists()
    assert Course.objects.filter(resources__isnull=False).exists()
    assert training_demo.seed() == 0
    assert Course.objects.count() == 3
