"""The lawyers' iCal feeds, mounted unprefixed at /calendar/ (no language in the address)."""

from django.urls import re_path

from nama.legal import ical

urlpatterns = [
    # token_urlsafe(32) gives 43 characters of A-Z a-z 0-9 - _.
    re_path(
        r"^(?P<token>[A-Za-z0-9_-]{20,100})\.ics$",
        ical.calendar_feed,
        name="legal-calendar-feed",
    ),
]
