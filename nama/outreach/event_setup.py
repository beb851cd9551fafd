"""What the event part of the outreach app registers when Django starts: the
public search kind ``outreach.event`` and the daily purge of old registrations."""

DAY = 24 * 60 * 60


def ready() -> None:
    from nama.core.worker import register_periodic
    from nama.outreach import event_search
    from nama.outreach.event_services import registrations_purge

    event_search.register()
    register_periodic("outreach.event_registrations_purge", registrations_purge, every_seconds=DAY)
