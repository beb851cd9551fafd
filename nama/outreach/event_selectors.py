"""Reading public events: the public reads published events; editors and the
director read every event and, alone, the registrations."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from nama.outreach.event_access import can_manage_events
from nama.outreach.models import EventRegistration, EventStatus, PublicEvent, RegistrationStatus

__all__ = [
    "IMAGE_CSP",
    "event_get_for_user",
    "event_get_published",
    "event_is_full",
    "events_for_user",
    "events_in_range",
    "events_past",
    "events_published",
    "events_upcoming",
    "image_content_type",
    "registrations_for_user",
    "with_counts",
]

IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
IMAGE_CSP = "default-src 'none'; sandbox"


def with_counts(queryset: QuerySet[PublicEvent]) -> QuerySet[PublicEvent]:
    """Each event annotated with ``registered_count`` and ``waitlisted_count``."""
    return queryset.annotate(
        registered_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
        ),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
    )


def events_published() -> QuerySet[PublicEvent]:
    """Published events, in the order they take place."""
    return (
        PublicEvent.objects.filter(status=EventStatus.PUBLISHED)
        .select_related("governorate")
        .order_by("starts_at", "pk")
    )


def events_upcoming(now: Any = None) -> QuerySet[PublicEvent]:
    """Published events not over yet, the soonest first."""
    return events_published().filter(ends_at__gte=now or timezone.now())


def events_past(now: Any = None) -> QuerySet[PublicEvent]:
    """Published events that are over, the latest first."""
    return (
        events_published().filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")
    )


def events_in_range(start: Any, end: Any) -> QuerySet[PublicEvent]:
    """Published events overlapping ``[start, end)`` (aware datetimes)."""
    return events_published().filter(starts_at__lt=end, ends_at__gte=start)


def event_get_published(*, pk: Any) -> PublicEvent:
    """A published event; 404 for drafts, cancelled events and anything else."""
    try:
        return events_published().get(pk=int(pk))
    except (PublicEvent.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def events_for_user(*, user: Any) -> QuerySet[PublicEvent]:
    """Every event for editors and the director; nothing for anyone else."""
    if not can_manage_events(user):
        return PublicEvent.objects.none()
    return with_counts(PublicEvent.objects.select_related("governorate"))


def event_get_for_user(*, user: Any, pk: Any) -> PublicEvent:
    """One event for editors and the director; 404 for everyone else."""
    try:
        return events_for_user(user=user).get(pk=int(pk))
    except (PublicEvent.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def registrations_for_user(*, user: Any, event: PublicEvent) -> QuerySet[EventRegistration]:
    """The registrations of ``event`` (names and contacts): editors and the director only."""
    if not can_manage_events(user):
        raise Http404
    return (
        EventRegistration.objects.filter(event=event).select_related("governorate").order_by("pk")
    )


def event_is_full(event: PublicEvent) -> bool:
    """Whether every place is taken (new registrations go on the waiting list)."""
    if event.capacity is None:
        return False
    taken = event.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    return taken >= event.capacity


def image_content_type(event: PublicEvent) -> str | None:
    """The content type of the event's stored image; None when it has none."""
    if not event.image:
        return None
    return IMAGE_TYPES.get(event.image.name.rsplit(".", 1)[-1].lower())
