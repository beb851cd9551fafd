"""Builders shared by the event tests (``test_event*.py``)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from nama.core.models import Governorate
from nama.outreach import event_services as services
from nama.outreach.models import EventKind, PublicEvent

AR_TITLE = "حوار عام حول حرية التعبير"
EN_TITLE = "Public debate on freedom of expression"


def local(days: int, hour: int = 10) -> datetime:
    """An aware datetime ``days`` from today at ``hour`` o'clock, Baghdad time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def event_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": EventKind.DEBATE,
        "title_ar": AR_TITLE,
        "title_en": EN_TITLE,
        "title_ckb": "",
        "description_ar": "<p>نقاش مفتوح</p>",
        "description_en": "<p>An open debate</p>",
        "description_ckb": "",
        "starts_at": local(10, 16),
        "ends_at": local(10, 18),
        "online": False,
        "online_link": "",
        "governorate": Governorate.objects.get(slug="baghdad"),
        "venue": "قاعة المركز",
        "capacity": None,
        "registration_open": True,
        "registration_deadline": None,
        "image_alt": "",
    }
    data.update(changes)
    return data


def make_event(by: Any, *, publish: bool = True, **changes: Any) -> PublicEvent:
    event = services.event_create(by=by, data=event_data(**changes))
    if publish:
        event = services.event_publish(event=event, by=by)
    return event


def register(event: PublicEvent, n: int = 1, **data: Any) -> Any:
    values = {
        "name": f"مشارك {n}",
        "email": f"person{n}@example.org",
        "phone": "",
        "organisation": "",
        "governorate": None,
    }
    values.update(data)
    return services.registration_submit(event=event, data=values, language="en")
