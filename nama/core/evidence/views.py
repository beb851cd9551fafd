"""The download step every app's evidence view ends with."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from nama.core.evidence.models import EvidenceFile
from nama.core.evidence.services import EvidenceError, evidence_download_response


def download_or_back(
    http_request: HttpRequest, *, evidence: EvidenceFile, back: str, **back_kwargs: Any
) -> HttpResponseBase:
    """The working copy of ``evidence`` (fetched through its owner's scoped selector) as
    a download, custody recorded; when it has none (an image that could not be
    cleaned), back to the owner's page ``back`` with a message."""
    try:
        return evidence_download_response(evidence=evidence, by=http_request.user)
    except EvidenceError:
        messages.error(
            http_request,
            _(
                "This file has no cleaned copy. Ask the director for the original; "
                "it is handed out only with a reason."
            ),
        )
        return redirect(back, **back_kwargs)
