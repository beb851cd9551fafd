"""Demo records of outreach (``manage.py seed_demo``): news, events, meetings."""

from nama.outreach import event_demo, meeting_demo, news_demo


def seed() -> int:
    """How many records were added (0 on a second run)."""
    return sum(
        [
            news_demo.seed(),
            event_demo.seed(),
            meeting_demo.seed(),
        ]
    )
