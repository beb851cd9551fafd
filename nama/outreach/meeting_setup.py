"""What the meeting part of the outreach app registers when Django starts."""


def ready() -> None:
    from nama.core.worker import register_periodic
    from nama.outreach.meeting_services import followups_remind_due

    # Follow-up reminders: checked every 15 minutes, each action e-mailed at most once a day.
    register_periodic("outreach.followup_reminders", followups_remind_due, every_seconds=900)
