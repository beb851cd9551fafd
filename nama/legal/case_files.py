"""Documents of a legal case: stored through ``nama.core.evidence`` with custody.

Kept beside the pages (not in ``services.py``) while that module is owned by
another change; same rules: keyword-only, atomic, audited with ids only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet

from nama.core.audit import log_action
from nama.core.evidence.models import EvidenceFile
from nama.core.evidence.selectors import evidence_get_for_owner, evidence_list_for_owner
from nama.core.evidence.services import evidence_store
from nama.core.roles import Role, has_role
from nama.legal.models import LegalCase
from nama.legal.selectors import can_coordinate

__all__ = ["can_read_files", "can_work_on", "case_files_attach", "file_get", "file_list"]


def can_work_on(user: Any, case: LegalCase) -> bool:
    """Writes on a case (status, hearings, time, documents): its lawyer or the coordinator."""
    if can_coordinate(user):
        return True
    return case.lawyer_id is not None and case.lawyer_id == getattr(user, "pk", None)


def can_read_files(user: Any, case: LegalCase) -> bool:
    """A case's documents: those who work on it and the director; not the lawyers who
    only see it in their governorate's queue."""
    return can_work_on(user, case) or has_role(user, Role.DIRECTOR)


def file_list(*, user: Any, case: LegalCase) -> QuerySet[EvidenceFile]:
    if not can_read_files(user, case):
        return EvidenceFile.objects.none()
    return evidence_list_for_owner(owner=case)


def file_get(*, user: Any, case: LegalCase, uuid: Any) -> EvidenceFile:
    """One document of ``case``; 404 when missing or not for this user."""
    if not can_read_files(user, case):
        from django.http import Http404

        raise Http404
    return evidence_get_for_owner(owner=case, uuid=uuid)


@transaction.atomic
def case_files_attach(*, by: Any, case: LegalCase, files: Sequence[File]) -> list[EvidenceFile]:
    """Store documents of ``case`` (fetched through a selector); custody starts with
    their receipt. Audited with ids and the count, never the file names."""
    if not can_work_on(by, case):
        raise PermissionDenied
    stored = [evidence_store(file=file, owner=case, by=by) for file in files]
    log_action(by, "legal.case.files_attached", case, {"case": case.pk, "files": len(stored)})
    return stored
