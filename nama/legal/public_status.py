"""What the complainant's tracking page says about a request that became a legal case.

Plain words only: never the case's reference, the lawyer, the court, notes
or documents.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from nama.intake.models import Request, RouteTarget
from nama.legal.models import CaseStatus, LegalCase


def public_status_text(request: Request) -> str | None:
    if request.route_target != RouteTarget.LEGAL or request.is_closed:
        return None
    case = LegalCase.objects.filter(intake_requests=request).order_by("-id").first()
    if case is None:
        return None
    if case.status == CaseStatus.CLOSED:
        return _("The legal unit has finished working on your request.")
    if case.lawyer_id is not None:
        return _("A lawyer of our legal unit is working on your request.")
    return _("Our legal unit is choosing a lawyer for your request.")
