"""Services of meetings with officials: audited writes, permissions, reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from nama.core.audit import AuditEntry
from nama.core.roles import Role
from nama.monitoring.models import Event
from nama.outreach import meeting_services as services
from nama.outreach.models.meetings import CommitmentStatus, FollowUpStatus
from nama.outreach.tests.meeting_helpers import (
    make_commitment,
    make_followup,
    make_institution,
    make_meeting,
)
from nama.testing.personas import Personas

pytestmark = pytest.mark.django_db


def _event(personas: Personas, reference: str = "EV-2026-0001") -> Event:
    return Event.objects.create(
        reference=reference,
        title="اعتقال متظاهرين",
        governorate=personas.baghdad,
        created_by=personas.monitor_baghdad,
    )


def test_meeting_create_is_audited_without_its_text(personas: Personas) -> None:
    institution = make_institution(personas.editor)
    meeting = make_meeting(personas.editor, institution, title="لقاء سري جداً")
    entry = AuditEntry.objects.filter(action="outreach.meeting.created").get()
    assert entry.actor_id == personas.editor.pk
    assert entry.target_id == str(meeting.pk)
    assert "سري" not in str(entry.data)
    assert list(meeting.staff_present.all()) == [personas.editor]


@pytest.mark.parametrize(
    "name", ["analyst", "monitor_baghdad", "trainer", "outsider", "sysadmin", "lawyer"]
)
def test_other_roles_cannot_write(personas: Personas, name: str) -> None:
    institution = make_institution(personas.editor)
    with pytest.raises(PermissionDenied):
        make_meeting(personas.get(name), institution)
    with pytest.raises(PermissionDenied):
        make_institution(personas.get(name), name="مجلس محافظة بغداد")


def test_editor_not_present_cannot_touch_a_restricted_meeting(personas: Personas) -> None:
    other_editor = personas._make("editor2", [Role.EDITOR], [])
    institution = make_institution(personas.director)
    meeting = make_meeting(personas.director, institution, restricted=True, staff=[personas.editor])
    with pytest.raises(PermissionDenied):
        make_commitment(other_editor, meeting)
    with pytest.raises(PermissionDenied):
        services.meeting_update(by=other_editor, meeting=meeting, data={"title": "x"})
    # The editor present may.
    make_commitment(personas.editor, meeting)


def test_an_editor_must_be_present_at_a_restricted_meeting_they_record(
    personas: Personas,
) -> None:
    institution = make_institution(personas.editor)
    with pytest.raises(ValidationError) as refused:
        make_meeting(personas.editor, institution, restricted=True, staff=[personas.director])
    assert "staff_present" in refused.value.error_dict


def test_commitment_broken_needs_a_reason_kept_in_the_audit(personas: Personas) -> None:
    meeting = make_meeting(personas.editor, make_institution(personas.editor))
    commitment = make_commitment(personas.editor, meeting)
    with pytest.raises(ValidationError):
        services.commitment_update(
            by=personas.editor, commitment=commitment, status=CommitmentStatus.BROKEN
        )
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.OPEN
    services.commitment_update(
        by=personas.editor,
        commitment=commitment,
        status=CommitmentStatus.BROKEN,
        reason="لم تتم أي زيارة",
    )
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.BROKEN
    entry = AuditEntry.objects.filter(action="outreach.commitment.updated").latest("pk")
    assert entry.reason == "لم تتم أي زيارة"
    assert entry.data["from"] == "open"
    assert entry.data["to"] == "broken"
    # Fulfilled needs no reason.
    services.commitment_update(
        by=personas.editor, commitment=commitment, status=CommitmentStatus.FULFILLED
    )


def test_followup_owner_must_see_the_meeting(personas: Personas) -> None:
    meeting = make_meeting(personas.editor, make_institution(personas.editor))
    with pytest.raises(ValidationError):
        make_followup(personas.editor, meeting, owner=personas.analyst)
    restricted = make_meeting(personas.director, meeting.institution, restricted=True, staff=[])
    with pytest.raises(ValidationError):
        make_followup(personas.director, restricted, owner=personas.editor)
    assert make_followup(personas.director, restricted).owner == personas.director


def test_followup_complete_and_cancel_are_audited_once(personas: Personas) -> None:
    meeting = make_meeting(personas.editor, make_institution(personas.editor))
    done = make_followup(personas.editor, meeting)
    dropped = make_followup(personas.editor, meeting)
    services.followup_complete(by=personas.editor, followup=done)
    services.followup_cancel(by=personas.editor, followup=dropped, reason="لم يعد ضرورياً")
    done.refresh_from_db()
    assert done.status == FollowUpStatus.DONE
    assert done.done_at is not None
    with pytest.raises(ValidationError):
        services.followup_complete(by=personas.editor, followup=done)
    actions = list(
        AuditEntry.objects.filter(action__startswith="outreach.followup.").values_list(
            "action", flat=True
        )
    )
    assert actions.count("outreach.followup.completed") == 1
    assert actions.count("outreach.followup.cancelled") == 1


def test_events_are_linked_only_by_someone_who_may_open_them(personas: Personas) -> None:
    event = _event(personas)
    institution = make_institution(personas.editor)
    with pytest.raises(PermissionDenied):
        make_meeting(personas.editor, institution, events=[event])
    meeting = make_meeting(personas.director, institution, events=[event])
    # An editor changing the meeting keeps the link they cannot see.
    services.meeting_update(
        by=personas.editor, meeting=meeting, data={"title": "عنوان جديد"}, events=[]
    )
    assert list(meeting.events.all()) == [event]


# ---------------------------------------------------------------------------
# Reminders


def test_reminders_go_once_a_day_to_owners_of_due_and_overdue_actions(
    personas: Personas, mailoutbox: list
) -> None:
    meeting = make_meeting(personas.editor, make_institution(personas.editor))
    tomorrow = make_followup(personas.editor, meeting, due_in=1, text="نص داخلي لا يرسل")
    overdue = make_followup(personas.editor, meeting, owner=personas.director, due_in=-3)
    make_followup(personas.editor, meeting, due_in=5)  # not yet
    finished = make_followup(personas.editor, meeting, due_in=0)
    services.followup_complete(by=personas.editor, followup=finished)

    now = timezone.now()
    assert services.followups_remind_due(now=now) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [personas.editor.email, personas.director.email]
    )
    assert all("نص داخلي" not in m.body for m in mailoutbox)
    assert all(f"/outreach/meetings/{meeting.pk}/" in m.body for m in mailoutbox)

    # Same day: nothing more.
    assert services.followups_remind_due(now=now + timedelta(hours=1)) == 0
    assert len(mailoutbox) == 2

    # Next day: both are still open (one now due today, one overdue): reminded again.
    assert services.followups_remind_due(now=now + timedelta(days=1)) == 2
    tomorrow.refresh_from_db()
    overdue.refresh_from_db()
    assert tomorrow.reminded_at is not None
    assert AuditEntry.objects.filter(action="outreach.followup.reminded").count() == 4


def test_no_reminder_for_done_or_cancelled_actions(personas: Personas, mailoutbox: list) -> None:
    meeting = make_meeting(personas.editor, make_institution(personas.editor))
    done = make_followup(personas.editor, meeting, due_in=-1)
    cancelled = make_followup(personas.editor, meeting, due_in=0)
    services.followup_complete(by=personas.editor, followup=done)
    services.followup_cancel(by=personas.editor, followup=cancelled)
    assert services.followups_remind_due() == 0
    assert mailoutbox == []


def test_the_reminder_job_is_registered() -> None:
    from nama.core.worker import PERIODIC

    job, every = PERIODIC["outreach.followup_reminders"]
    assert job is services.followups_remind_due
    assert every <= 3600
