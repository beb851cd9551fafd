"""Events in the search index: title, reference and place, never the description.

The description and everything about persons are encrypted at rest and never
copied into the (unencrypted) index. Staff find an event only when
``event_list_for_user`` lets them read it (merged events are left out).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from nama.searchindex.scopes import Document, register_model
from nama.searchindex.services import site_path
from nama.searchindex.text import all_names, join

KIND = "monitoring.event"


def _document(event: Any) -> Document:
    return Document(
        title=event.title,
        summary=join(
            event.reference,
            event.place,
            all_names(event.district),
            all_names(event.governorate),
        ),
        url=site_path("monitoring:event", event.pk),
    )


def _scope(user: Any) -> Any:
    from nama.monitoring.selectors import event_list_for_user

    return event_list_for_user(user=user)


def register() -> None:
    from nama.monitoring.models import Event

    register_model(KIND, Event, label=_("Documented event"), scope=_scope, document=_document)
