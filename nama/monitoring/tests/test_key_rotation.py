"""A new NAMA_INDEX_KEY: ``rotate_field_keys --reindex`` also recomputes the name-matching
keys, so duplicate candidates are still found afterwards."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from nama.monitoring import duplicates, services
from nama.monitoring.models import PersonMatchKey
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db


def test_reindex_recomputes_the_matching_keys(personas: Personas) -> None:
    monitor = personas.monitor_baghdad
    first = services.person_create(
        by=monitor, governorate=personas.baghdad, data={"name": "عبد الله كاظم جعفر"}
    )
    before = set(PersonMatchKey.objects.filter(person=first).values_list("key", flat=True))
    with override_settings(NAMA_INDEX_KEY="another-index-key-0123"):
        output = io.StringIO()
        call_command("rotate_field_keys", "--reindex", stdout=output)
        assert "matching keys recomputed" in output.getvalue()
        after = set(PersonMatchKey.objects.filter(person=first).values_list("key", flat=True))
        assert after
        assert not after & before
        second = services.person_create(
            by=monitor, governorate=personas.baghdad, data={"name": "عبدالله كاظم جعفر"}
        )
        found = duplicates.person_duplicate_candidates(person=second, user=monitor)
        assert [candidate.person for candidate in found] == [first]
