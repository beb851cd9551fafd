"""Fixtures of the library tests: reference data (topics) and personas."""

from __future__ import annotations

import pytest

from nama.core.reference_data import load_reference_data


@pytest.fixture
def topics(db: None) -> None:
    load_reference_data()
