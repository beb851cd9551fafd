"""Health checks behind ``/healthz``: the database answers, a task worker is alive."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

IMMEDIATE_BACKENDS = {
    "django_tasks.backends.immediate.ImmediateBackend",
    "django.tasks.backends.immediate.ImmediateBackend",
}


def check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_worker() -> dict[str, Any]:
    """A worker is alive when one heartbeat is fresher than NAMA_WORKER_STALE_SECONDS."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend in IMMEDIATE_BACKENDS:
        # Tasks run inside the request: there is no separate worker to watch.
        return {"ok": True, "backend": "immediate"}
    from nama.core.models import WorkerHeartbeat

    stale_before = timezone.now() - timedelta(seconds=settings.NAMA_WORKER_STALE_SECONDS)
    try:
        alive = WorkerHeartbeat.objects.filter(last_seen__gte=stale_before).count()
        pending = _pending_tasks()
    except DatabaseError as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": alive > 0, "backend": "database", "alive": alive, "pending": pending}


def _pending_tasks() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().count()


def check_health() -> dict[str, Any]:
    database = check_database()
    worker = check_worker() if database["ok"] else {"ok": False, "error": "database"}
    healthy = database["ok"] and worker["ok"]
    return {"status": "ok" if healthy else "error", "database": database, "worker": worker}
