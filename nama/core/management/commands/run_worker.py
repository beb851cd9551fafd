"""``manage.py run_worker``: django-tasks-db's ``db_worker`` with a heartbeat for /healthz."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from nama.core.worker import Heartbeat, stop


class Command(DBWorkerCommand):
    help = "Run the background task worker (database queue) and report its heartbeat."

    def handle(self, *args: Any, **options: Any) -> None:
        # db_worker always fills in a worker id (random unless --worker-id is given).
        worker_id = options["worker_id"]
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stopped.set()
            stop(worker_id)
