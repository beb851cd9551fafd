from datetime import timedelta
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client, override_settings
from django.utils import timezone

from nama.core.models import WorkerHeartbeat
from nama.core.worker import beat, stop

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_it_is_healthy_with_the_immediate_backend(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"]
    assert body["worker"] == {"ok": True, "backend": "immediate"}


@override_settings(TASKS=DATABASE_QUEUE)
def test_it_is_unhealthy_when_no_worker_beats(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"]["ok"] is False


@override_settings(TASKS=DATABASE_QUEUE)
def test_it_is_healthy_while_a_worker_beats(client: Client) -> None:
    beat("w1", started_at=timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"]["alive"] == 1


@override_settings(TASKS=DATABASE_QUEUE, NAMA_WORKER_STALE_SECONDS=30)
def test_a_stale_heartbeat_is_unhealthy(client: Client) -> None:
    beat("w1", started_at=timezone.now())
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - timedelta(seconds=31))
    assert client.get("/healthz").status_code == 503


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_stopped_worker_removes_its_heartbeat(client: Client) -> None:
    beat("w1", started_at=timezone.now())
    stop("w1")
    assert client.get("/healthz").status_code == 503


def test_it_is_unhealthy_when_the_database_fails(client: Client) -> None:
    with mock.patch("nama.core.health.connection") as connection:
        connection.cursor.side_effect = DatabaseError("down")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "error": "DatabaseError"}


def test_it_is_never_cached(client: Client) -> None:
    assert "no-cache" in client.get("/healthz")["Cache-Control"]
