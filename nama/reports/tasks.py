"""Background tasks of the reports app (run by ``manage.py run_worker``)."""

from __future__ import annotations

from django_tasks import task

from nama.reports import services


@task()
def build_report(build_id: int) -> str:
    """Compute a report build's figures and write its PDF, DOCX and XLSX."""
    return services.build_execute(build_id=build_id)
