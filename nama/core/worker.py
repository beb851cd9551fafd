"""The task worker's heartbeat, so ``/healthz`` can tell whether a worker is alive."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import close_old_connections
from django.utils import timezone

from nama.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15

# Jobs the worker runs now and then (registered by apps in ``ready()``):
# name → (function, interval in seconds). Each must be safe when several
# workers run it at once.
PERIODIC: dict[str, tuple[Callable[[], Any], int]] = {}


def register_periodic(name: str, job: Callable[..., Any], *, every_seconds: int) -> None:
    PERIODIC[name] = (job, every_seconds)


def run_periodic(last_run: dict[str, float], now: float) -> list[str]:
    """Run the periodic jobs that are due (``last_run`` is updated); returns their names."""
    ran = []
    for name, (job, every) in PERIODIC.items():
        if now - last_run.get(name, float("-inf")) < every:
            continue
        last_run[name] = now
        try:
            job()
        except Exception:
            logger.exception("periodic job %s failed", name)
        ran.append(name)
    return ran


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
        last_run: dict[str, float] = {}
        while not self.stopped.is_set():
            try:
                beat(self.worker_id, started_at=self.started_at)
                run_periodic(last_run, time.monotonic())
            finally:
                close_old_connections()
            self.stopped.wait(self.interval)
