"""Background tasks of the library (run by ``manage.py run_worker``)."""

from __future__ import annotations

from django_tasks import task

from nama.library import services


@task()
def extract_resource_text(resource_id: int) -> str:
    """Read the text of a resource's PDF or DOCX file and index it."""
    return services.resource_extract_text(resource_id=resource_id)
