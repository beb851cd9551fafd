"""Public events in site search: one public entry per language of a published event.

Only published events are indexed (``event_services`` indexes on publication
and changes and removes the entries when an event is cancelled), so the
public never finds a draft. Each language is its own entry (object id
``<pk>-<language>``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from nama.core.richtext import html_to_text
from nama.searchindex import services as index
from nama.searchindex.models import SearchEntry, Visibility

__all__ = ["KIND", "event_index", "event_unindex", "register"]

KIND = "outreach.event"


def event_unindex(event: Any) -> None:
    """Remove every entry of the event."""
    ids = SearchEntry.objects.filter(kind=KIND, object_id__startswith=f"{event.pk}-").values_list(
        "object_id", flat=True
    )
    for object_id in list(ids):
        if object_id.split("-", 1)[0] == str(event.pk):
            index.remove_entry(KIND, object_id)


def event_index(event: Any) -> None:
    """Index each language of a published event; anything else is removed."""
    from nama.outreach.models import EventStatus

    event_unindex(event)
    if event.status != EventStatus.PUBLISHED:
        return
    url = index.site_path("portal:event", event.pk)
    place = event.venue if not event.online else ""
    for language in event.languages():
        title = getattr(event, f"title_{language}")
        body = html_to_text(getattr(event, f"description_{language}") or "")
        index.index_entry(
            KIND,
            f"{event.pk}-{language}",
            title=title,
            summary=place,
            body=body,
            visibility=Visibility.PUBLIC,
            language=language,
            url=f"{url}?lang={language}",
        )


def _scope(_user: Any) -> None:
    """No internal entries: everyone finds published events, nobody finds drafts."""
    return None


def _reindex_all() -> int:
    from nama.outreach.models import PublicEvent

    count = 0
    for event in PublicEvent.objects.iterator(chunk_size=200):
        event_index(event)
        count += 1
    return count


def register() -> None:
    from nama.searchindex.scopes import register_scope

    register_scope(KIND, label=_("Public events"), scope=_scope, reindex=_reindex_all)
