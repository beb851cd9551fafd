"""What the news part of the outreach app registers when Django starts."""


def ready() -> None:
    return None
