"""What the members' space registers when Django starts: the daily digest check.

Members' posts are deliberately not registered in the site search: they are
for members only, and the public search must never find them.
"""

DAY = 24 * 60 * 60


def ready() -> None:
    from nama.core.worker import register_periodic
    from nama.network.space_digest import digest_check

    # Checked daily; sends on the first check of each ISO week (space_digest).
    register_periodic("network.space.digest", digest_check, every_seconds=DAY)
