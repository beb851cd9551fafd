"""The legal unit's demo records: added once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from nama.legal.models import CalendarItem, Consultation, LegalCase

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_legal_unit_once(settings: object) -> None:
    settings.NAMA_DEMO_MODE = True  # type: ignore[attr-defined]
    call_command("seed_demo", stdout=StringIO())
    assert LegalCase.objects.count() == 2
    assert LegalCase.objects.filter(lawyer__username="demo-lawyer").count() == 1
    assert CalendarItem.objects.count() == 1
    assert Consultation.objects.count() == 1
    call_command("seed_demo", stdout=StringIO())
    assert LegalCase.objects.count() == 2
