"""The events API: ``GET /api/v1/events/`` and ``/api/v1/events/<id>/`` (public,
published events only, never who registered), and
``GET /api/v1/events/<id>/registrations/`` (editors and the director only;
everyone else who is logged in gets 404, an anonymous caller 401/403).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from nama.core.audit import log_action
from nama.outreach.event_access import can_manage_events
from nama.outreach.event_selectors import (
    event_get_for_user,
    events_past,
    events_published,
    events_upcoming,
    registrations_for_user,
)
from nama.outreach.models import EVENT_LANGUAGES, EventRegistration, PublicEvent

__all__ = ["EventRegistrationsView", "EventViewSet"]


class PublicEventSerializer(serializers.ModelSerializer[PublicEvent]):
    kind = serializers.CharField(read_only=True, help_text="debate, workshop, session or other")
    governorate = serializers.SerializerMethodField()
    titles = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    ical = serializers.SerializerMethodField()
    registration_open = serializers.SerializerMethodField()

    class Meta:
        model = PublicEvent
        fields = [
            "id",
            "kind",
            "titles",
            "starts_at",
            "ends_at",
            "online",
            "online_link",
            "governorate",
            "venue",
            "capacity",
            "registration_open",
            "registration_deadline",
            "url",
            "ical",
            "updated_at",
        ]

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_governorate(self, event: PublicEvent) -> str | None:
        return event.governorate.slug if event.governorate else None

    def get_titles(self, event: PublicEvent) -> dict[str, str]:
        return {code: getattr(event, f"title_{code}") for code in event.languages()}

    def get_url(self, event: PublicEvent) -> str:
        return self._absolute(reverse("portal:event", args=[event.pk]))

    def get_ical(self, event: PublicEvent) -> str:
        return self._absolute(reverse("portal:event_ics", args=[event.pk]))

    def get_registration_open(self, event: PublicEvent) -> bool:
        return event.registration_is_open()


class PublicEventDetailSerializer(PublicEventSerializer):
    descriptions = serializers.SerializerMethodField()

    class Meta(PublicEventSerializer.Meta):
        fields = [*PublicEventSerializer.Meta.fields, "descriptions"]

    def get_descriptions(self, event: PublicEvent) -> dict[str, str]:
        """Sanitised HTML per language."""
        return {
            code: getattr(event, f"description_{code}")
            for code in EVENT_LANGUAGES
            if getattr(event, f"description_{code}")
        }


class EventRegistrationSerializer(serializers.ModelSerializer[EventRegistration]):
    governorate = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text="registered, waitlisted or cancelled")

    class Meta:
        model = EventRegistration
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "organisation",
            "governorate",
            "status",
            "attended",
            "created_at",
        ]

    def get_governorate(self, registration: EventRegistration) -> str | None:
        return registration.governorate.slug if registration.governorate else None


class EventsThrottle(AnonRateThrottle):
    scope = "events_api"
    rate = "120/minute"


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("when", OpenApiTypes.STR, enum=["upcoming", "past"])],
        description="Published public events, in the order they take place (past: latest first).",
    ),
    retrieve=extend_schema(description="One published event with its descriptions."),
)
class EventViewSet(viewsets.ReadOnlyModelViewSet[PublicEvent]):
    permission_classes = [AllowAny]
    throttle_classes = [EventsThrottle]

    def get_serializer_class(self) -> Any:
        return PublicEventDetailSerializer if self.action == "retrieve" else PublicEventSerializer

    def get_queryset(self) -> QuerySet[PublicEvent]:
        when = self.request.query_params.get("when", "")
        now = timezone.now()
        if when == "upcoming":
            return events_upcoming(now)
        if when == "past":
            return events_past(now)
        return events_published()


class EventRegistrationsView(APIView):
    """Who registered for an event (names and contacts): editors and the director."""

    @extend_schema(responses=EventRegistrationSerializer(many=True))
    def get(self, request: ApiRequest, pk: int) -> Response:
        if not can_manage_events(request.user):
            raise NotFound
        event = event_get_for_user(user=request.user, pk=pk)
        rows = list(registrations_for_user(user=request.user, event=event))
        log_action(
            request.user,
            "outreach.registration.viewed",
            event,
            {"event": event.pk, "rows": len(rows), "how": "api"},
        )
        response = Response({"results": EventRegistrationSerializer(rows, many=True).data})
        response["Cache-Control"] = "no-store, private"
        return response
