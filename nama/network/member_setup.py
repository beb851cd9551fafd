"""What the member part of the network app registers when Django starts."""


def ready() -> None:
    from nama.monitoring.duplicates import register_person_link
    from nama.network.models import Member

    # A member linked to a victim's record follows that record when two records
    # of one person are merged (and back again on undo).
    register_person_link(Member, "person")
