"""What the news part of the outreach app registers when Django starts."""


def ready() -> None:
    from nama.outreach import news_search

    news_search.register()
