"""The staff workspace navigation: which sections each person sees.

Every section is listed only for the roles that will use it
(``nama.core.roles.SECTION_ROLES``). Sections whose app is not built yet are
shown as "coming soon"; an app makes its section live by naming its URL in
``SECTION_URLS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nama.core.roles import Section, can_access_workspace_section

SECTION_DESCRIPTIONS: dict[Section, Promise] = {
    Section.INTAKE: _("Log calls and triage requests from the public."),
    Section.LEGAL: _("Legal cases, hearings and deadlines."),
    Section.MONITORING: _("Document events, acts, persons and evidence."),
    Section.REPORTS: _("Statistics, dashboards and periodic reports."),
    Section.LIBRARY: _("Manuals, training resources and knowledge."),
    Section.NETWORK: _("Defenders, volunteers, trainers, courses and certificates."),
    Section.OUTREACH: _("News, statements, public events and meetings with officials."),
    Section.ADMINISTRATION: _("Staff accounts, roles, governorate scopes and vocabularies."),
}

# The URL name of each section's landing page, once its app exists.
SECTION_URLS: dict[Section, str] = {
    Section.ADMINISTRATION: "admin:index",
    Section.INTAKE: "intake:queue",
    Section.LEGAL: "legal:cases",
    Section.LIBRARY: "library:manage",
    Section.MONITORING: "monitoring:events",
    Section.NETWORK: "network:home",
    Section.OUTREACH: "outreach:home",
    Section.REPORTS: "reports:dashboard",
}


@dataclass(frozen=True)
class WorkspaceSection:
    section: Section
    label: str
    description: str
    url: str | None

    @property
    def available(self) -> bool:
        return self.url is not None


def _section_url(section: Section) -> str | None:
    name = SECTION_URLS.get(section)
    if name is None:
        return None
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def workspace_sections(user: Any) -> list[WorkspaceSection]:
    """The sections of the workspace navigation for ``user``, in a fixed order."""
    return [
        WorkspaceSection(
            section=section,
            label=str(section.label),
            description=str(SECTION_DESCRIPTIONS[section]),
            url=_section_url(section),
        )
        for section in Section
        if can_access_workspace_section(user, section)
    ]
