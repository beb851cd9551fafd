"""Fixtures of the reports tests: reference data, personas and generated records."""

from __future__ import annotations

from datetime import date

import pytest

from nama.core.reference_data import load_reference_data
from nama.reports import sample_data
from nama.testing.personas import Personas

SAMPLE_START = date(2025, 1, 1)
SAMPLE_END = date(2026, 6, 30)


@pytest.fixture
def reference(db: None) -> None:
    """Every governorate and vocabulary, as ``make run`` loads them."""
    load_reference_data()


@pytest.fixture
def sample(reference: None, personas: Personas) -> sample_data.SampleCounts:
    """A few hundred generated acts, requests, consultations and cases."""
    counts = sample_data.generate_monitoring(
        acts=600,
        start=SAMPLE_START,
        end=SAMPLE_END,
        created_by=personas.monitor_baghdad,
        verified_by=personas.director,
        batch_events=80,
    )
    counts.requests = sample_data.generate_requests(count=150, start=SAMPLE_START, end=SAMPLE_END)
    counts.consultations, counts.legal_cases = sample_data.generate_legal(
        consultations=120,
        cases=60,
        start=SAMPLE_START,
        end=SAMPLE_END,
        created_by=personas.lawyer,
    )
    return counts
