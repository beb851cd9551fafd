"""E-mails to people who registered for a public event, in the language of the
page they registered from: the confirmation (with the cancel link), a place
freed from the waiting list, the time or place changed, the event cancelled.

They name the event, its time and place; never anything else about the
person. Sent after the transaction commits; a failed e-mail is logged (ids
only) and never undoes the registration.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from nama.core.richtext import html_to_text

__all__ = [
    "event_when_where",
    "send_cancelled",
    "send_changed",
    "send_confirmation",
    "send_promoted",
]

logger = logging.getLogger(__name__)


def event_when_where(event: Any) -> str:
    """The start, the end and the place, in the active language and TIME_ZONE."""
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    facts = {
        "starts": formats.date_format(starts, "DATETIME_FORMAT"),
        "ends": formats.date_format(ends, "DATETIME_FORMAT"),
    }
    lines = [_("Starts: %(starts)s") % facts, _("Ends: %(ends)s") % facts]
    if event.online:
        lines.append(_("Online: %(link)s") % {"link": event.online_link})
    else:
        place = ", ".join(
            part
            for part in (event.venue, event.governorate.name if event.governorate else "")
            if part
        )
        lines.append(_("Place: %(place)s") % {"place": place})
    return "\n".join(lines)


def _send(registration: Any, subject: str, body: str) -> None:
    try:
        send_mail(
            subject=subject,
            message=body,
            from_email=None,
            recipient_list=[registration.email],
            fail_silently=False,
        )
    except Exception:
        logger.warning("event e-mail not sent (registration %s)", registration.pk)


def _absolute(base_url: str, path: str) -> str:
    base = base_url or str(getattr(settings, "NAMA_SITE_URL", ""))
    return f"{base.rstrip('/')}{path}"


def send_confirmation(registration: Any, event: Any, code: str, base_url: str = "") -> None:
    """The confirmation: registered or on the waiting list, with the cancel link."""
    with translation.override(registration.language):
        _language, title = event.title_in(registration.language)
        link = _absolute(base_url, reverse("portal:event_cancel", args=[code]))
        page = _absolute(base_url, reverse("portal:event", args=[event.pk]))
        if registration.status == "waitlisted":
            subject = _("You are on the waiting list: %(title)s") % {"title": title}
            opening = _(
                "All places for this event are taken, so you are on the waiting list. "
                "We will write to you if a place becomes free."
            )
        else:
            subject = _("You are registered: %(title)s") % {"title": title}
            opening = _("Thank you for registering. We look forward to seeing you.")
        body = _(
            "%(opening)s\n\n%(title)s\n%(when_where)s\n\nThe event: %(page)s\n\n"
            "If you cannot come, please cancel your registration with this link, so that "
            "someone else can have your place:\n%(link)s\n\nYour cancel code: %(code)s\n\n"
            "If you did not register, you can ignore this message."
        ) % {
            "opening": opening,
            "title": title,
            "when_where": event_when_where(event),
            "page": page,
            "link": link,
            "code": code,
        }
        _send(registration, str(subject), str(body))


def send_promoted(registration: Any, event: Any) -> None:
    """A place became free: the person is now registered."""
    with translation.override(registration.language):
        _language, title = event.title_in(registration.language)
        subject = _("A place is free for you: %(title)s") % {"title": title}
        body = _(
            "A place became free and you are now registered for this event.\n\n"
            "%(title)s\n%(when_where)s\n\n"
            "If you cannot come, please cancel with the link in your first e-mail."
        ) % {"title": title, "when_where": event_when_where(event)}
        _send(registration, str(subject), str(body))


def send_changed(registration: Any, event: Any) -> None:
    """The time or the place of the event changed."""
    with translation.override(registration.language):
        _language, title = event.title_in(registration.language)
        subject = _("Event changed: %(title)s") % {"title": title}
        body = _(
            "The time or the place of an event you registered for has changed. "
            "Here is what it is now:\n\n%(title)s\n%(when_where)s\n\n"
            "If you cannot come any more, please cancel with the link in your first e-mail."
        ) % {"title": title, "when_where": event_when_where(event)}
        _send(registration, str(subject), str(body))


def send_cancelled(registration: Any, event: Any) -> None:
    """The event is cancelled."""
    with translation.override(registration.language):
        _language, title = event.title_in(registration.language)
        subject = _("Event cancelled: %(title)s") % {"title": title}
        body = _(
            "We are sorry: this event is cancelled.\n\n%(title)s\n%(when_where)s\n\n"
            "Thank you for your interest. Other events are on our website."
        ) % {"title": title, "when_where": event_when_where(event)}
        _send(registration, str(subject), str(body))


def description_text(event: Any, language: str) -> str:
    """The event's description as plain text (for iCal and e-mails)."""
    _code, html = event.description_in(language)
    return html_to_text(html)
