"""Background tasks of the members' space (run by ``manage.py run_worker``)."""

from __future__ import annotations

from django_tasks import task

from nama.network.space_digest import digest_send_weekly


@task()
def send_weekly_digest() -> int:
    """Send this week's digest of new posts if it was not sent yet; returns the e-mails sent."""
    return digest_send_weekly()
