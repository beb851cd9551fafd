"""The task worker's heartbeat, so ``/healthz`` can tell whether a worker is alive."""

from __future__ import annotations

import socket
import threading
from datetime import datetime

from django.db import close_old_connections
from django.utils import timezone

from nama.core.models import WorkerHeartbeat

HEARTBEAT_SECONDS = 15


def beat(worker_id: str, *, started_at: datetime) -> None:
    """Record that the worker ``worker_id`` is alive now."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "started_at": started_at,
            "last_seen": timezone.now(),
        },
    )


def stop(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


class Heartbeat(threading.Thread):
    """Beats every ``HEARTBEAT_SECONDS`` in a daemon thread beside the worker loop."""

    def __init__(self, worker_id: str, interval: float = HEARTBEAT_SECONDS) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                beat(self.worker_id, started_at=self.started_at)
            finally:
                close_old_connections()
            self.stopped.wait(self.interval)
