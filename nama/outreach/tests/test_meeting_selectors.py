"""Selectors of meetings: scope, filters, and bounded queries for the commitments view."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from nama.core.models import Term
from nama.core.reference_data import load_reference_data
from nama.outreach import meeting_selectors as sel
from nama.outreach import meeting_services as services
from nama.outreach.models.meetings import CommitmentStatus
from nama.outreach.tests.meeting_helpers import (
    make_commitment,
    make_followup,
    make_institution,
    make_meeting,
    today,
)
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db


def test_open_commitments_by_institution_takes_two_queries(
    personas: Personas, django_assert_num_queries: Any
) -> None:
    for number in range(4):
        institution = make_institution(personas.editor, name=f"وزارة {number}")
        for _ in range(3):
            meeting = make_meeting(personas.editor, institution)
            make_commitment(personas.editor, meeting)
            make_commitment(personas.editor, meeting, due_in=-1)
    editor = personas.editor
    sel.open_commitments_by_institution(user=editor)  # the roles are cached on the user
    with django_assert_num_queries(2):
        rows = sel.open_commitments_by_institution(user=editor)
        for row in rows:
            for commitment in row.open_commitments:
                assert commitment.meeting.title
    assert len(rows) == 4
    assert all(row.open_count == 6 and row.overdue_count == 3 for row in rows)


def test_counts_follow_the_reader_scope(personas: Personas) -> None:
    institution = make_institution(personas.director)
    make_commitment(personas.director, make_meeting(personas.director, institution))
    secret = make_meeting(personas.director, institution, restricted=True, staff=[])
    fulfilled = make_commitment(personas.director, secret)
    services.commitment_update(
        by=personas.director, commitment=fulfilled, status=CommitmentStatus.FULFILLED
    )
    row: Any
    (row,) = sel.open_commitments_by_institution(user=personas.editor)
    assert (row.open_count, row.fulfilled_count) == (1, 0)
    (row,) = sel.open_commitments_by_institution(user=personas.director)
    assert (row.open_count, row.fulfilled_count) == (1, 1)
    assert sel.open_commitments_by_institution(user=personas.analyst) == []


def test_meeting_filters(personas: Personas) -> None:
    load_reference_data()
    justice = make_institution(personas.editor, governorate=personas.baghdad)
    council = make_institution(personas.editor, name="مجلس أربيل", kind="council")
    old = make_meeting(personas.editor, justice, days_ago=200)
    recent = make_meeting(personas.editor, council, title="حرية التعبير", days_ago=5)
    services.meeting_update(
        by=personas.editor,
        meeting=recent,
        data={},
        topics=[Term.objects.of("right_affected").get(code="09")],
    )

    def ids(**filters: Any) -> list[int]:
        found = sel.meeting_list_for_user(
            user=personas.editor, filters=sel.MeetingFilters(**filters)
        )
        return [m.pk for m in found]

    assert ids() == [recent.pk, old.pk]
    assert ids(institution=justice.pk) == [old.pk]
    assert ids(governorate="baghdad") == [old.pk]
    assert ids(period_start=today() - timedelta(days=30)) == [recent.pk]
    assert ids(period_end=today() - timedelta(days=30)) == [old.pk]
    assert ids(topic="09") == [recent.pk]
    assert ids(q="التعبير") == [recent.pk]


def test_my_followups_and_scope(personas: Personas) -> None:
    meeting = make_meeting(personas.editor, make_institution(personas.editor))
    mine = make_followup(personas.editor, meeting)
    make_followup(personas.editor, meeting, owner=personas.director)
    assert list(sel.followups_of_user(user=personas.editor)) == [mine]
    services.followup_complete(by=personas.editor, followup=mine)
    assert list(sel.followups_of_user(user=personas.editor)) == []
    assert list(sel.followups_of_user(user=personas.editor, include_closed=True)) == [mine]
    assert not sel.followups_of_user(user=personas.analyst).exists()
