"""The monitoring API: events, persons, acts, involvements, sources and interventions.

Scoped exactly like the pages: every read goes through
``nama.monitoring.selectors`` (events and persons) or
``nama.monitoring.linked_selectors`` (what hangs on them), so a record out of
the caller's scope, or any record for a caller without a monitoring role,
answers 404 (lists answer empty). Writes need ``selectors.can_document`` and
the record in the caller's own scope (403 for a reader who may not write, an
analyst say) and go through ``nama.monitoring.services``; a refusal of a
service answers 400 with its translated message.

Persons are ``{"id", "pseudonym"}`` everywhere except ``/persons/``, whose
identifying fields are in the JSON only for callers who may see them
(``selectors.can_see_identities_of``), every such response audited as
``monitoring.person.identity_viewed``. Free text written about people is left
out for analysts likewise (``api_serializers``). Nothing is cached.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response

from nama.core.audit import log_action
from nama.monitoring import linked_selectors, services
from nama.monitoring import selectors as sel
from nama.monitoring.api_serializers import (
    PERSON_DATA_FIELDS,
    ActAddSerializer,
    ActSerializer,
    BodyInputSerializer,
    CommentInputSerializer,
    ConsentCurrentSerializer,
    ConsentInputSerializer,
    EventCreateSerializer,
    EventDetailSerializer,
    EventFieldsSerializer,
    EventFilterSerializer,
    EventSerializer,
    InformationAddSerializer,
    InformationSerializer,
    InterventionAddSerializer,
    InterventionSerializer,
    InvolvementAddSerializer,
    InvolvementSerializer,
    PersonCreateSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
    ReturnInputSerializer,
    VerifyInputSerializer,
    visibility,
)
from nama.monitoring.models import (
    Act,
    Event,
    Information,
    Intervention,
    Involvement,
    Person,
    VerificationState,
)

NOT_YOURS = _("You may read this record but not change it.")
NO_DOCUMENTING = _("Only monitors and the director document violations.")


def _input(
    serializer_class: type[serializers.Serializer[Any]], request: ApiRequest, **kwargs: Any
) -> Any:
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _refused(exc: services.MonitoringError) -> ValidationError:
    return ValidationError({"non_field_errors": [str(m) for m in exc.messages]})


def _filters(serializer_class: type[serializers.Serializer[Any]], request: ApiRequest) -> Any:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _id_filters(*names: str) -> type[serializers.Serializer[Any]]:
    fields = {name: serializers.IntegerField(min_value=1, required=False) for name in names}
    return type("IdFilters", (serializers.Serializer,), fields)


def _id_parameters(*names: str) -> list[OpenApiParameter]:
    return [OpenApiParameter(name, int, description=f"the id of the {name}") for name in names]


def _person_input(data: dict[str, Any] | None) -> services.PersonInput | None:
    if data is None:
        return None
    if data.get("person") is not None:
        return services.PersonInput(person=data["person"])
    return services.PersonInput(
        data={k: v for k, v in data.items() if k in PERSON_DATA_FIELDS},
        characteristics=data.get("characteristics", ()),
    )


def _act_input(data: dict[str, Any], victim: int = 0) -> services.ActInput:
    """``victim``: the index into the victims of ``event_document`` (unused by ``act_add``)."""
    return services.ActInput(
        victim=victim,
        act_type=data["act_type"],
        method=data.get("method"),
        location_type=data.get("location_type"),
        victim_status=data.get("victim_status"),
        victim_age=data.get("victim_age"),
        date=data.get("date"),
        date_precision=data["date_precision"],
    )


class MonitoringViewSet(viewsets.GenericViewSet[Any]):
    """Shared behaviour: nothing cached, one ``Visibility`` per response, write checks."""

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["visibility"] = linked_selectors.Visibility(self.request.user)
        return context

    def finalize_response(
        self, request: ApiRequest, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"
        return response

    def _check_documenter(self) -> None:
        if not sel.can_document(self.request.user):
            raise PermissionDenied(str(NO_DOCUMENTING))

    def _check_writes_event(self, event: Event) -> None:
        self._check_documenter()
        if not linked_selectors.Visibility(self.request.user).event_details(event):
            raise PermissionDenied(str(NOT_YOURS))

    def _check_writes_person(self, person: Person) -> None:
        self._check_documenter()
        if not sel.can_see_identities_of(self.request.user, person):
            raise PermissionDenied(str(NOT_YOURS))


# ---------------------------------------------------------------------------
# Events

EVENT_FILTER_PARAMETERS = [
    OpenApiParameter("governorate", str, description="governorate slug"),
    OpenApiParameter("period_start", OpenApiTypes.DATE, description="YYYY-MM-DD"),
    OpenApiParameter("period_end", OpenApiTypes.DATE, description="YYYY-MM-DD"),
    OpenApiParameter("act_type", str, description="act_type term code (narrower terms too)"),
    OpenApiParameter(
        "perpetrator_type", str, description="perpetrator_type term code (narrower terms too)"
    ),
    OpenApiParameter("victim_characteristic", str, description="victim_characteristic code"),
    OpenApiParameter("violation_status", str, description="violation_status term code"),
    OpenApiParameter("verification", str, enum=VerificationState.values),
    OpenApiParameter("created_by_me", bool),
]


@extend_schema_view(list=extend_schema(parameters=EVENT_FILTER_PARAMETERS))
class EventViewSet(MonitoringViewSet):
    """Events in the caller's scope, newest first; a draft is documented, submitted,
    verified by someone other than its author (or returned)."""

    queryset = Event.objects.none()  # the schema's model; rows come from the selectors
    serializer_class = EventSerializer

    def get_queryset(self) -> QuerySet[Event]:
        filters = sel.EventFilters(**_filters(EventFilterSerializer, self.request))
        return (
            sel.event_list_for_user(user=self.request.user, filters=filters)
            .select_related("verified_by", "merged_into")
            .prefetch_related("rights_affected")
        )

    def get_serializer_class(self) -> Any:
        return EventSerializer if self.action == "list" else EventDetailSerializer

    def get_object(self) -> Event:
        return sel.event_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def _detail(self, event: Event, status_code: int = 200) -> Response:
        event = sel.event_get_for_user(user=self.request.user, pk=event.pk)
        data = EventDetailSerializer(event, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def _writable(self) -> Event:
        event = self.get_object()
        self._check_writes_event(event)
        return event

    def list(self, request: ApiRequest) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        data = EventSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def retrieve(self, request: ApiRequest, pk: str) -> Response:
        event = self.get_object()
        return Response(EventDetailSerializer(event, context=self.get_serializer_context()).data)

    @extend_schema(request=EventCreateSerializer, responses={201: EventDetailSerializer})
    def create(self, request: ApiRequest) -> Response:
        """Document a draft event in one go: victims (new, or ``{"person": id}``), acts
        (``{"victim": index, "act_type": code}``), perpetrators and sources."""
        self._check_documenter()
        data = dict(_input(EventCreateSerializer, request))
        victims = [_person_input(v) for v in data.pop("victims", [])]
        acts = [_act_input(a, a["victim"]) for a in data.pop("acts", [])]
        perpetrators = [
            services.PerpetratorInput(
                who=_person_input(p.get("who")),
                perpetrator_type=p.get("perpetrator_type"),
                degree=p["degree"],
                acts=p["acts"],
            )
            for p in data.pop("perpetrators", [])
        ]
        sources = [
            services.SourceInput(
                who=_person_input(s["who"]),  # type: ignore[arg-type]
                connection=s.get("connection"),
                reliability=s.get("reliability"),
                date=s.get("date"),
                summary=s.get("summary", ""),
            )
            for s in data.pop("sources", [])
        ]
        rights = data.pop("rights_affected", ())
        try:
            event = services.event_document(
                by=request.user,
                data=data,
                victims=[v for v in victims if v is not None],
                acts=acts,
                perpetrators=perpetrators,
                sources=sources,
                rights_affected=rights,
            )
        except services.MonitoringError as exc:
            raise _refused(exc) from None
        return self._detail(event, status.HTTP_201_CREATED)

    @extend_schema(request=EventFieldsSerializer, responses=EventDetailSerializer)
    def partial_update(self, request: ApiRequest, pk: str) -> Response:
        """Change the fields of a draft (the author's or a colleague's in scope)."""
        event = self._writable()
        data = dict(_input(EventFieldsSerializer, request, partial=True, instance=event))
        rights = data.pop("rights_affected", None)
        try:
            services.event_update(by=request.user, event=event, data=data, rights_affected=rights)
        except services.MonitoringError as exc:
            raise _refused(exc) from None
        return self._detail(event)

    @extend_schema(request=CommentInputSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: ApiRequest, pk: str) -> Response:
        """Send a draft for verification by someone else."""
        event = self._writable()
        comment = _input(CommentInputSerializer, request)["comment"]
        try:
            services.event_submit(by=request.user, event=event, comment=comment)
        except services.MonitoringError as exc:
            raise _refused(exc) from None
        return self._detail(event)

    @extend_schema(request=ReturnInputSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_to_author(self, request: ApiRequest, pk: str) -> Response:
        """Send a submitted or verified event back to draft, saying what needs to change."""
        event = self._writable()
        comment = _input(ReturnInputSerializer, request)["comment"]
        try:
            services.event_return(by=request.user, event=event, comment=comment)
        except services.MonitoringError as exc:
            raise _refused(exc) from None
        return self._detail(event)

    @extend_schema(request=VerifyInputSerializer, responses=EventDetailSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: ApiRequest, pk: str) -> Response:
        """Verify a submitted event and set its violation status; never by its author."""
        event = self._writable()
        data = _input(VerifyInputSerializer, request)
        try:
            services.event_verify(
                by=request.user,
                event=event,
                violation_status=data["violation_status"],
                comment=data["comment"],
            )
        except services.MonitoringError as exc:
            raise _refused(exc) from None
        return self._detail(event)

    @extend_schema(request=BodyInputSerializer, responses={201: EventDetailSerializer})
    @action(detail=True, methods=["post"])
    def comments(self, request: ApiRequest, pk: str) -> Response:
        """Add a comment to the verification conversation."""
        event = self._writable()
        try:
            services.comment_add(
                by=request.user, event=event, body=_input(BodyInputSerializer, request)["body"]
            )
        except services.MonitoringError as exc:
            raise _refused(exc) from None
        return self._detail(event, status.HTTP_201_CREATED)

    @extend_schema(request=ActAddSerializer, responses={201: ActSerializer})
    @action(detail=True, methods=["post"])
    def acts(self, request: ApiRequest, pk: str) -> Response:
        """Add an act (a victim you may read and a type of act) to a draft."""
        event = self._writable()
        data = _input(ActAddSerializer, request)
        try:
            act = services.act_add(
                by=request.user, event=event, victim=data["victim"], given=_act_input(data)
            )
        except services.MonitoringError as exc:
            raise _refused(exc) from None
        act = linked_selectors.act_get_for_user(user=request.user, pk=act.pk)
        data = ActSerializer(act, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InformationAddSerializer, responses={201: InformationSerializer})
    @action(detail=True, methods=["post"])
    def information(self, request: ApiRequest, pk: str) -> Response:
        """Add a source (a person you may read) and what they said about the event."""
        event = self._writable()
        data = _input(InformationAddSerializer, request)
        try:
            info = services.information_add(
                by=request.user,
                source=data["source"],
                event=event,
                connection=data.get("connection"),
                reliability=data.get("reliability"),
                on=data.get("date"),
                summary=data["summary"],
            )
        except services.MonitoringError as exc:
            raise _refused(exc) from None
        info = linked_selectors.information_get_for_user(user=request.user, pk=info.pk)
        data = InformationSerializer(info, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InterventionAddSerializer, responses={201: InterventionSerializer})
    @action(detail=True, methods=["post"])
    def interventions(self, request: ApiRequest, pk: str) -> Response:
        """Record an intervention for the event (and optionally one of its victims)."""
        event = self._writable()
        data = _input(InterventionAddSerializer, request)
        try:
            intervention = services.intervention_add(
                by=request.user,
                intervention_type=data["intervention_type"],
                event=event,
                victim=data.get("victim"),
                on=data.get("date"),
                status=data["status"],
                by_party=data.get("by_party"),
                response=data["response"],
                notes=data["notes"],
            )
        except services.MonitoringError as exc:
            raise _refused(exc) from None
        intervention = linked_selectors.intervention_get_for_user(
            user=request.user, pk=intervention.pk
        )
        data = InterventionSerializer(intervention, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------
# Persons


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("governorate", str, description="governorate slug")]
    )
)
class PersonViewSet(MonitoringViewSet):
    """Victims, perpetrators, sources and parties in the caller's scope; identifying
    fields only for those who may see them, audited."""

    queryset = Person.objects.none()  # the schema's model; rows come from the selectors
    serializer_class = PersonSerializer

    def get_queryset(self) -> QuerySet[Person]:
        persons = sel.person_list_for_user(user=self.request.user)
        governorate = self.request.query_params.get("governorate")
        if governorate:
            persons = persons.filter(governorate__slug=governorate)
        return persons.select_related("merged_into").prefetch_related("characteristics")

    def get_object(self) -> Person:
        return sel.person_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def _respond(self, persons: Iterable[Person], *, many: bool) -> Any:
        """Serialise, then audit every person whose identity the response carries."""
        context = self.get_serializer_context()
        rows = list(persons)
        data = PersonSerializer(rows if many else rows[0], many=many, context=context).data
        seen = visibility(context)
        for person in rows:
            if seen.person_details(person):
                log_action(
                    self.request.user,
                    "monitoring.person.identity_viewed",
                    person,
                    {"person": person.pk},
                )
        return data

    def list(self, request: ApiRequest) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self._respond(page or [], many=True))

    def retrieve(self, request: ApiRequest, pk: str) -> Response:
        return Response(self._respond([self.get_object()], many=False))

    def _fresh(self, person: Person) -> Person:
        return sel.person_get_for_user(user=self.request.user, pk=person.pk)

    @extend_schema(request=PersonCreateSerializer, responses={201: PersonSerializer})
    def create(self, request: ApiRequest) -> Response:
        """A new person in a governorate of your scope, with a new pseudonym."""
        self._check_documenter()
        data = dict(_input(PersonCreateSerializer, request))
        governorate = data.pop("governorate")
        characteristics = data.pop("characteristics", ())
        person = services.person_create(
            by=request.user, governorate=governorate, data=data, characteristics=characteristics
        )
        body = self._respond([self._fresh(person)], many=False)
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=PersonUpdateSerializer, responses=PersonSerializer)
    def partial_update(self, request: ApiRequest, pk: str) -> Response:
        """Change the given fields of a person whose identity you may see."""
        person = self.get_object()
        self._check_writes_person(person)
        data = dict(_input(PersonUpdateSerializer, request, partial=True))
        characteristics = data.pop("characteristics", None)
        services.person_update(
            by=request.user, person=person, data=data, characteristics=characteristics
        )
        return Response(self._respond([self._fresh(person)], many=False))

    @extend_schema(methods=["GET"], request=None, responses=ConsentCurrentSerializer)
    @extend_schema(
        methods=["POST"],
        request=ConsentInputSerializer,
        responses={201: ConsentCurrentSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def consents(self, request: ApiRequest, pk: str) -> Response:
        """GET: the person's current consent per kind. POST: record one decision."""
        person = self.get_object()
        if request.method == "POST":
            self._check_writes_person(person)
            data = _input(ConsentInputSerializer, request)
            try:
                services.consent_record(
                    by=request.user,
                    person=person,
                    kind=data["kind"],
                    given=data["given"],
                    recorded_on=data.get("recorded_on"),
                    note=data["note"],
                )
            except services.MonitoringError as exc:
                raise _refused(exc) from None
            current = services.consent_current(person=person)
            return Response(ConsentCurrentSerializer(current).data, status=201)
        return Response(ConsentCurrentSerializer(services.consent_current(person=person)).data)


# ---------------------------------------------------------------------------
# What hangs on events and persons (read here, written through the event)


class LinkedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, MonitoringViewSet):
    """List and retrieve through a ``linked_selectors`` list, filtered by ids."""

    filter_names: tuple[str, ...] = ()

    def scoped(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        rows = self.scoped()
        if self.action == "list":
            given = _filters(_id_filters(*self.filter_names), self.request)
            rows = rows.filter(**{f"{name}_id": value for name, value in given.items()})
        return rows


@extend_schema_view(list=extend_schema(parameters=_id_parameters("event")))
class ActViewSet(mixins.DestroyModelMixin, LinkedViewSet):
    """Acts (a victim suffering a type of act in an event) of the events you may read."""

    queryset = Act.objects.none()
    serializer_class = ActSerializer
    filter_names = ("event",)

    def scoped(self) -> QuerySet[Act]:
        return linked_selectors.act_list_for_user(
            user=self.request.user, include_merged=self.action != "list"
        )

    def get_object(self) -> Act:
        return linked_selectors.act_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def perform_destroy(self, instance: Act) -> None:
        self._check_writes_event(instance.event)
        try:
            services.act_remove(by=self.request.user, act=instance)
        except services.MonitoringError as exc:
            raise _refused(exc) from None

    @extend_schema(request=InvolvementAddSerializer, responses={201: InvolvementSerializer})
    @action(detail=True, methods=["post"])
    def involvements(self, request: ApiRequest, pk: str) -> Response:
        """Add a perpetrator (a person you may read, a type, or both) to the act."""
        act = self.get_object()
        self._check_writes_event(act.event)
        data = _input(InvolvementAddSerializer, request)
        try:
            involvement = services.involvement_add(
                by=request.user,
                act=act,
                perpetrator=data.get("perpetrator"),
                perpetrator_type=data.get("perpetrator_type"),
                degree=data["degree"],
            )
        except services.MonitoringError as exc:
            raise _refused(exc) from None
        involvement = linked_selectors.involvement_get_for_user(
            user=request.user, pk=involvement.pk
        )
        return Response(InvolvementSerializer(involvement).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(parameters=_id_parameters("act")))
class InvolvementViewSet(LinkedViewSet):
    """Perpetrators in the acts of the events you may read."""

    queryset = Involvement.objects.none()
    serializer_class = InvolvementSerializer
    filter_names = ("act",)

    def scoped(self) -> QuerySet[Involvement]:
        return linked_selectors.involvement_list_for_user(
            user=self.request.user, include_merged=self.action != "list"
        )


@extend_schema_view(list=extend_schema(parameters=_id_parameters("event", "person")))
class InformationViewSet(LinkedViewSet):
    """Sources: what a person told about an event or a person you may read."""

    queryset = Information.objects.none()
    serializer_class = InformationSerializer
    filter_names = ("event", "person")

    def scoped(self) -> QuerySet[Information]:
        return linked_selectors.information_list_for_user(
            user=self.request.user, include_merged=self.action != "list"
        )


@extend_schema_view(list=extend_schema(parameters=_id_parameters("event", "victim")))
class InterventionViewSet(LinkedViewSet):
    """Interventions for the events or the victims you may read."""

    queryset = Intervention.objects.none()
    serializer_class = InterventionSerializer
    filter_names = ("event", "victim")

    def scoped(self) -> QuerySet[Intervention]:
        return linked_selectors.intervention_list_for_user(
            user=self.request.user, include_merged=self.action != "list"
        )
