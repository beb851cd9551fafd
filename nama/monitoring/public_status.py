"""What the complainant's tracking page says about a request routed to monitoring.

Registered with ``nama.intake.selectors.register_public_status_provider`` in
apps.py. Plain words only: never the event's reference, title, status codes
or anything about other people.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from nama.intake.models import Request, RouteTarget
from nama.monitoring.models import Event, VerificationState


def public_status_text(request: Request) -> str | None:
    """A sentence for a request whose event the monitoring team works on, else None."""
    if request.route_target != RouteTarget.MONITORING or request.is_closed:
        return None
    events = Event.objects.filter(intake_request=request)
    if not events.exists():
        return None
    # An event merged into another counts as the one it was merged into.
    verified = events.filter(
        Q(verification=VerificationState.VERIFIED)
        | Q(merged_into__verification=VerificationState.VERIFIED)
    )
    if verified.exists():
        return _("Our monitoring team has documented what you told us. Thank you.")
    return _("Our monitoring team is documenting what you told us.")
