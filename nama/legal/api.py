"""The legal API under /api/v1/legal/: cases, consultations, hearings and deadlines.

Scoped exactly like the pages: every read goes through ``nama.legal.selectors``,
so a case out of the caller's scope, or any case for a caller without a legal
role, answers 404 (lists answer empty). Writes go through
``nama.legal.services``; a refusal (``PermissionDenied``) answers 403 when the
caller may read the case (the director, a lawyer looking at the queue) and a
refusal with a message (``LegalError``) answers 400.

Who sees what on a case:

* everyone who may read it: reference, status, service, subject, court,
  governorate, lawyer, dates and summary, its hearings and deadlines;
* the coordinator and the assigned lawyer only (``selectors.can_read_notes``):
  the client's identity, the court case number, the opposing party and the
  privileged notes. The director sees every case, but like any other reader
  never the client's identity or the notes. Each response carrying a client's
  identity is audited as ``legal.client.identity_viewed``.
* ``notes/`` answers 404 to anyone who may not read the notes (even when they
  may read the case), so its existence tells nothing.

Consultations: the person who asked and how to reach them are left out for
readers who are neither the coordinator, a lawyer nor the one who logged it
(the director). Nothing is cached.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from nama.core.audit import log_action
from nama.core.roles import Role, has_role
from nama.legal import selectors as sel
from nama.legal import services
from nama.legal.api_serializers import (
    CONVERTED,
    FEED,
    CalendarInputSerializer,
    CalendarItemSerializer,
    CaseAssignSerializer,
    CaseDetailSerializer,
    CaseFilterSerializer,
    CaseNoteSerializer,
    CaseSerializer,
    CaseStatusInputSerializer,
    ConsultationConvertSerializer,
    ConsultationSerializer,
    HearingFilterSerializer,
    TimeEntrySerializer,
)
from nama.legal.models import CalendarItem, CaseNote, CaseStatus, Consultation, LegalCase

NO_LAWYER = _("There is no active lawyer with this user name.")
ONLY_COORDINATOR = _("Only the legal coordinator assigns cases.")
NO_CONSULTATIONS = _("Only lawyers, the legal coordinator and hotline operators log advice.")
NO_CONVERSION = _("Only lawyers and the legal coordinator open cases.")
ONLY_LAWYERS = _("Only lawyers have a calendar feed.")


def _input(serializer_class: type[serializers.Serializer[Any]], request: ApiRequest) -> Any:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _filters(serializer_class: type[serializers.Serializer[Any]], request: ApiRequest) -> Any:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _refused(exc: DjangoValidationError) -> ValidationError:
    return ValidationError({"non_field_errors": [str(m) for m in exc.messages]})


# ---------------------------------------------------------------------------
# Views


class LegalViewSet(viewsets.GenericViewSet[Any]):
    """Nothing cached."""

    def finalize_response(
        self, request: ApiRequest, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"
        return response


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=["open", *CaseStatus.values]),
            OpenApiParameter("mine", bool, description="only the cases assigned to you"),
        ]
    )
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, LegalViewSet):
    """Legal cases in the caller's scope, newest first."""

    queryset = LegalCase.objects.none()  # the schema's model; rows come from the selectors
    serializer_class = CaseSerializer

    def get_queryset(self) -> QuerySet[LegalCase]:
        given = _filters(CaseFilterSerializer, self.request)
        return sel.case_list_for_user(
            user=self.request.user, status=given.get("status", ""), mine=given["mine"]
        )

    def get_serializer_class(self) -> Any:
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    def get_object(self) -> LegalCase:
        return sel.case_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def retrieve(self, request: ApiRequest, pk: str) -> Response:
        case = self.get_object()
        data = CaseDetailSerializer(case, context=self.get_serializer_context()).data
        if data["client"] is not None:
            log_action(
                request.user,
                "legal.client.identity_viewed",
                case,
                {"case": case.pk, "client": case.client_id, "via": "api"},
            )
        return Response(data)

    def _case(self, case: LegalCase, status_code: int = 200) -> Response:
        case.refresh_from_db()
        return Response(CaseSerializer(case).data, status=status_code)

    @extend_schema(request=CaseAssignSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: ApiRequest, pk: str) -> Response:
        """Assign (or transfer) the case to a lawyer; the coordinator only."""
        case = self.get_object()
        if not sel.can_coordinate(request.user):
            raise PermissionDenied(str(ONLY_COORDINATOR))
        data = _input(CaseAssignSerializer, request)
        lawyer = (
            get_user_model()
            ._default_manager.filter(username=data["username"], is_active=True)
            .first()
        )
        if lawyer is None:
            raise ValidationError({"username": [str(NO_LAWYER)]})
        try:
            services.case_assign(by=request.user, case=case, lawyer=lawyer, reason=data["reason"])
        except services.LegalError as exc:
            raise ValidationError({"username": [str(m) for m in exc.messages]}) from None
        return self._case(case)

    @extend_schema(request=CaseStatusInputSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def set_status(self, request: ApiRequest, pk: str) -> Response:
        """Change the status; closing needs an outcome. The assigned lawyer or the coordinator."""
        case = self.get_object()
        data = _input(CaseStatusInputSerializer, request)
        try:
            services.case_set_status(by=request.user, case=case, **data)
        except services.LegalError as exc:
            raise _refused(exc) from None
        return self._case(case)

    @extend_schema(methods=["GET"], request=None, responses=CaseNoteSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=CaseNoteSerializer, responses={201: CaseNoteSerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def notes(self, request: ApiRequest, pk: str) -> Response:
        """Privileged notes: 404 for anyone but the assigned lawyer and the coordinator."""
        case = self.get_object()
        if not sel.can_read_notes(request.user, case):
            raise Http404
        if request.method == "POST":
            body = _input(CaseNoteSerializer, request)["body"]
            try:
                note: CaseNote = services.note_add(by=request.user, case=case, body=body)
            except services.LegalError as exc:
                raise ValidationError({"body": [str(m) for m in exc.messages]}) from None
            return Response(CaseNoteSerializer(note).data, status=status.HTTP_201_CREATED)
        notes = sel.note_list_for_case(user=request.user, case=case)
        return Response(CaseNoteSerializer(notes, many=True).data)

    @extend_schema(request=CalendarInputSerializer, responses={201: CalendarItemSerializer})
    @action(detail=True, methods=["post"])
    def calendar(self, request: ApiRequest, pk: str) -> Response:
        """Add a hearing (``starts_at``) or a deadline (``due_on``)."""
        case = self.get_object()
        data = _input(CalendarInputSerializer, request)
        try:
            item = services.calendar_item_add(by=request.user, case=case, **data)
        except services.LegalError as exc:
            raise _refused(exc) from None
        return Response(CalendarItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TimeEntrySerializer, responses={201: TimeEntrySerializer})
    @action(detail=True, methods=["post"])
    def time(self, request: ApiRequest, pk: str) -> Response:
        """Log hours worked on the case."""
        case = self.get_object()
        data = _input(TimeEntrySerializer, request)
        try:
            entry = services.time_add(
                by=request.user,
                case=case,
                worked_on=data["worked_on"],
                hours=data["hours"],
                description=data.get("description", ""),
            )
        except services.LegalError as exc:
            raise _refused(exc) from None
        return Response(TimeEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class ConsultationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, LegalViewSet
):
    """Advice given, newest first: the coordinator and the director see all, lawyers
    those of their governorates and their own, hotline operators their own."""

    queryset = Consultation.objects.none()
    serializer_class = ConsultationSerializer

    def get_queryset(self) -> QuerySet[Consultation]:
        return sel.consultation_list_for_user(user=self.request.user).select_related(
            "governorate", "service", "given_by", "converted_to"
        )

    def get_object(self) -> Consultation:
        consultation: Consultation = super().get_object()
        return consultation

    def create(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        """Log advice given (in a minute)."""
        user = request.user
        if not (
            sel.can_coordinate(user)
            or has_role(user, Role.LAWYER)
            or has_role(user, Role.HOTLINE_OPERATOR)
        ):
            raise PermissionDenied(str(NO_CONSULTATIONS))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            consultation = services.consultation_log(by=user, data=dict(serializer.validated_data))
        except services.LegalError as exc:
            raise _refused(exc) from None
        data = ConsultationSerializer(consultation, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConsultationConvertSerializer, responses={201: CONVERTED})
    @action(detail=True, methods=["post"])
    def convert(self, request: ApiRequest, pk: str) -> Response:
        """Turn the consultation into a case (the person who asked becomes the client)."""
        consultation = self.get_object()
        if not (sel.can_coordinate(request.user) or has_role(request.user, Role.LAWYER)):
            raise PermissionDenied(str(NO_CONVERSION))
        service = _input(ConsultationConvertSerializer, request)["service"]
        try:
            case = services.consultation_convert(
                by=request.user, consultation=consultation, service=service
            )
        except services.LegalError as exc:
            raise _refused(exc) from None
        return Response(
            {"case": case.pk, "reference": case.reference}, status=status.HTTP_201_CREATED
        )


def _on_or_after(day: date) -> Q:
    return Q(due_on__gte=day) | Q(starts_at__date__gte=day)


def _on_or_before(day: date) -> Q:
    return Q(due_on__lte=day) | Q(starts_at__date__lte=day)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("lawyer", str, description='"me", or a lawyer\'s user name'),
            OpenApiParameter("governorate", str, description="governorate slug"),
            OpenApiParameter("from", OpenApiTypes.DATE, description="YYYY-MM-DD"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="YYYY-MM-DD"),
        ]
    )
)
class HearingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, LegalViewSet):
    """Hearings and deadlines of the cases the caller may read, soonest first."""

    queryset = CalendarItem.objects.none()
    serializer_class = CalendarItemSerializer

    def get_queryset(self) -> QuerySet[CalendarItem]:
        user = self.request.user
        if self.action != "list":
            return sel.calendar_list_for_user(user=user)
        given = _filters(HearingFilterSerializer, self.request)
        lawyer = given.get("lawyer", "")
        items = sel.calendar_list_for_user(
            user=user,
            lawyer=user if lawyer == "me" else None,
            governorate=given.get("governorate", ""),
        )
        if lawyer and lawyer != "me":
            items = items.filter(case__lawyer__username=lawyer)
        if given.get("from"):
            items = items.filter(_on_or_after(given["from"]))
        if given.get("to"):
            items = items.filter(_on_or_before(given["to"]))
        return items

    @extend_schema(request=None, responses=CalendarItemSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: ApiRequest, pk: str) -> Response:
        """Mark a hearing or deadline done (the case's lawyer or the coordinator)."""
        item: CalendarItem = self.get_object()
        services.calendar_item_done(by=request.user, item=item)
        return Response(CalendarItemSerializer(item).data)


class CalendarTokenView(APIView):
    """The address of your iCal feed: POST issues a new one (the older stops working)
    and returns it once; DELETE revokes it. Lawyers only."""

    def _check(self, request: ApiRequest) -> None:
        if not has_role(request.user, Role.LAWYER):
            raise PermissionDenied(str(ONLY_LAWYERS))

    @extend_schema(request=None, responses={201: FEED})
    def post(self, request: ApiRequest) -> Response:
        self._check(request)
        token = services.calendar_token_issue(by=request.user, user=request.user)
        path = reverse("legal-calendar-feed", kwargs={"token": token})
        response = Response({"url": request.build_absolute_uri(path)}, status=201)
        response["Cache-Control"] = "no-store, private"
        return response

    @extend_schema(request=None, responses={204: OpenApiResponse(description="revoked")})
    def delete(self, request: ApiRequest) -> Response:
        self._check(request)
        services.calendar_token_revoke(by=request.user, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
