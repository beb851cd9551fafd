"""Published reports in the search index: found by everyone, like the portal shows them.

A build is indexed while it is published (approved and not withdrawn) and
removed when it is withdrawn. Its text is what the public already reads: the
title, the period, the counting rule, the staff-written sections and case
summaries; never figures of unpublished builds.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from nama.searchindex.scopes import Document, register_model
from nama.searchindex.services import site_path
from nama.searchindex.text import join

KIND = "reports.report"


def _document(build: Any) -> Document | None:
    if not build.is_published or not build.data:
        return None
    data = build.data
    sections = data.get("sections", {})
    summaries = data.get("case_summaries", [])
    return Document(
        title=data.get("title", ""),
        summary=join(data.get("period", {}).get("label", ""), data.get("inclusion", "")),
        body="\n".join(
            [sections.get("context", ""), sections.get("recommendations", "")]
            + [f"{item.get('title', '')}\n{item.get('text', '')}" for item in summaries]
        ),
        visibility="public",
        language=data.get("language", ""),
        url=site_path("portal:report", build.pk),
    )


def _scope(user: Any) -> None:
    """Published reports are public entries: nothing more for anyone."""
    return None


def register() -> None:
    from nama.reports.models import ReportBuild

    register_model(KIND, ReportBuild, label=_("Published report"), scope=_scope, document=_document)
