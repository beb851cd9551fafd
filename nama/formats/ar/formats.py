"""Arabic date formats Django lacks: with only these, a date and time falls back to
the English "N j, Y, P" ("Nov. 15, 2026, 10 a.m.") with Arabic words in English order.
Everything else comes from Django's own Arabic formats."""

DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 6  # Saturday, as calendars in Iraq start the week
