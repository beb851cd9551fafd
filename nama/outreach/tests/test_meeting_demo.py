"""Demo meetings: added once, dates relative to today, every state present."""

from __future__ import annotations

import pytest

from nama.core.reference_data import load_reference_data
from nama.core.roles import Role
from nama.outreach import meeting_demo
from nama.outreach.meeting_selectors import followups_of_user, open_commitments_by_institution
from nama.outreach.models.meetings import Commitment, CommitmentStatus, Institution, Meeting
from nama.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_seed_adds_meetings_once() -> None:
    load_reference_data()
    assert meeting_demo.seed() == 0  # no demo users yet
    editor = UserFactory.create(username="demo-editor", roles=[Role.EDITOR])
    director = UserFactory.create(username="demo-director", roles=[Role.DIRECTOR])
    added = meeting_demo.seed()
    assert added > 20
    assert Institution.objects.count() == 6
    assert Meeting.objects.count() == 8
    assert set(Commitment.objects.values_list("status", flat=True)) == set(CommitmentStatus.values)
    assert Meeting.objects.filter(confidentiality="restricted").count() == 1
    assert followups_of_user(user=editor).exists()
    assert followups_of_user(user=director).exists()
    assert any(row.overdue_count for row in open_commitments_by_institution(user=director))
    assert meeting_demo.seed() == 0
    assert Meeting.objects.count() == 8
