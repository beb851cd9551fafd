"""What the public can do on the portal, listed once for the home page and the
"coming soon" pages.

A service whose feature has not landed yet has no ``url_name``: its card links
to ``portal:coming_soon`` with its slug, and only these slugs are accepted
there. When a feature lands, give its service the ``url_name`` of the real page.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PublicService:
    slug: str
    title: Promise
    summary: Promise
    url_name: str = ""
    # Appended to the page's URL, e.g. "type=legal" to preselect a request type.
    query: str = ""
    # For members' pages: the card leads through the sign-in page to the page.
    sign_in: bool = False

    @property
    def available(self) -> bool:
        return bool(self.url_name)

    @property
    def url(self) -> str:
        if self.url_name and self.sign_in:
            return f"{reverse('accounts:login')}?{urlencode({'next': reverse(self.url_name)})}"
        if self.url_name:
            url = reverse(self.url_name)
            return f"{url}?{self.query}" if self.query else url
        return reverse("portal:coming_soon", kwargs={"slug": self.slug})


PUBLIC_SERVICES: tuple[PublicService, ...] = (
    PublicService(
        slug="report",
        title=_("Report a violation"),
        summary=_(
            "Tell us about a human rights violation that happened to you or to someone "
            "else. You can do so without giving your name."
        ),
        url_name="portal:complaint",
    ),
    PublicService(
        slug="legal-help",
        title=_("Ask for legal help"),
        summary=_(
            "Ask our lawyers for advice, a consultation or representation before the courts."
        ),
        url_name="portal:complaint",
        query="type=legal",
    ),
    PublicService(
        slug="track",
        title=_("Follow your request"),
        summary=_(
            "Enter the tracking code you were given to see where your request stands "
            "and to write to us."
        ),
        url_name="portal:track",
    ),
    PublicService(
        slug="library",
        title=_("Library"),
        summary=_("Guides, training materials and publications on human rights."),
        url_name="portal:library",
    ),
    PublicService(
        slug="reports",
        title=_("Reports"),
        summary=_(
            "Periodic reports on the human-rights situation in Iraq, with the figures behind them."
        ),
        url_name="portal:reports",
    ),
    PublicService(
        slug="news",
        title=_("News and statements"),
        summary=_("The centre's news and statements."),
        url_name="portal:news",
    ),
    PublicService(
        slug="events",
        title=_("Debates and events"),
        summary=_(
            "Public debates, workshops and sessions across Iraq: see what is coming and register."
        ),
        url_name="portal:events",
    ),
    PublicService(
        slug="join",
        title=_("Join the network"),
        summary=_(
            "Join our network of human rights defenders and volunteers, "
            "and take part in our trainings."
        ),
        url_name="portal:join",
    ),
    PublicService(
        slug="members",
        title=_("Members' space"),
        summary=_(
            "For members of the network: share experiences, challenges and news with other "
            "defenders."
        ),
        url_name="space:home",
        sign_in=True,
    ),
    PublicService(
        slug="certificates",
        title=_("Check a certificate"),
        summary=_("Check that a training certificate of the centre is genuine."),
        url_name="portal:certificate_verify",
    ),
)


def public_service_get(*, slug: str) -> PublicService | None:
    """The public service with this slug, or None when there is none."""
    return next((s for s in PUBLIC_SERVICES if s.slug == slug), None)
