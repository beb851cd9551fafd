"""Reads of evidence files, always through their owner.

Evidence has no scope of its own: whoever may read the owner (an intake
request, a monitoring event, a legal case) may list its evidence. Fetch the
owner with the owning app's scoped selector first (an outsider gets 404
there), then its files here. Reading the *content* goes through
``services.evidence_open`` / ``evidence_download_response``, which record
custody.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet

from nama.core.evidence.models import CustodyEvent, EvidenceFile
from nama.core.scoping import get_object_for_user_or_404

__all__ = ["custody_list_for_evidence", "evidence_get_for_owner", "evidence_list_for_owner"]


def evidence_list_for_owner(
    *, owner: models.Model, include_deleted: bool = False
) -> QuerySet[EvidenceFile]:
    """The evidence files of ``owner`` (already fetched through a scoped selector)."""
    files = EvidenceFile.objects.of(owner).select_related("created_by")
    return files if include_deleted else files.present()


def evidence_get_for_owner(*, owner: models.Model, uuid: Any) -> EvidenceFile:
    """One file of ``owner`` by its ``uuid``; 404 when missing, deleted, of another
    owner or malformed."""
    return get_object_for_user_or_404(evidence_list_for_owner(owner=owner), uuid=uuid)


def custody_list_for_evidence(*, evidence: EvidenceFile) -> QuerySet[CustodyEvent]:
    """The custody trail of one file, oldest first, with the acting users."""
    return evidence.custody_events.select_related("actor").order_by("at", "id")
