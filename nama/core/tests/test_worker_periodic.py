"""Periodic jobs run beside the worker's heartbeat: when due, once per interval, and a
failing job does not stop the others."""

from __future__ import annotations

import pytest

from nama.core import worker


@pytest.fixture
def jobs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    ran: list[str] = []
    monkeypatch.setattr(worker, "PERIODIC", {})

    def failing() -> None:
        ran.append("failing")
        raise RuntimeError("boom")

    worker.register_periodic("a", lambda: ran.append("a"), every_seconds=60)
    worker.register_periodic("failing", failing, every_seconds=60)
    return ran


def test_jobs_run_when_due_and_once_per_interval(jobs: list[str]) -> None:
    last: dict[str, float] = {}
    assert worker.run_periodic(last, now=1000.0) == ["a", "failing"]
    assert worker.run_periodic(last, now=1030.0) == []
    assert worker.run_periodic(last, now=1061.0) == ["a", "failing"]
    assert jobs == ["a", "failing", "a", "failing"]
