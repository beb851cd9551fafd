"""The staff API of the intake queue, scoped exactly like the selectors.

Lists and details answer at the caller's level (``selectors``): **full** for
the director and the operators of the request's governorate, **status** for
the legal unit and monitors once a request was routed to them. Actions
(assign, triage, route, close, merge, reply, note, call, reissue a code,
reveal the identity) need full access; anything else answers 404. The
complainant's identity is never part of a response except ``reveal/``, for
the director and the assigned operator, with a reason, audited. Tracking
codes never appear, except the new one returned once by ``reissue-code/``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response

from nama.core.evidence.selectors import evidence_list_for_owner
from nama.core.models import Governorate, Term
from nama.intake import services
from nama.intake.models import Request, RequestStatus, RouteTarget, Urgency
from nama.intake.selectors import (
    FULL,
    AccessLevels,
    call_list_for_request,
    message_list_for_request,
    note_list_for_request,
    request_get_full_for_user,
    request_list_for_user,
)

UNKNOWN_USER = _("There is no active staff member with this user name.")

STATUS_FIELDS = (
    "id",
    "reference",
    "access",
    "status",
    "request_type",
    "governorate",
    "urgency",
    "received_on",
    "route_target",
    "routed_at",
)


class RequestSerializer(serializers.ModelSerializer[Request]):
    """A request at the caller's level: status-level rows drop everything else."""

    access = serializers.SerializerMethodField()
    request_type: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    channel: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    governorate: Any = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    assignee: Any = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Request
        fields = [
            *STATUS_FIELDS,
            "channel",
            "anonymous",
            "assignee",
            "incident_date",
            "incident_date_precision",
            "narrative_language",
            "consent_contact",
            "contact_method",
            "consent_document",
            "consent_refer",
            "closed_at",
            "route_handled",
        ]
        read_only_fields = fields

    def _level(self, instance: Request) -> str:
        levels = self.context.get("levels")
        if levels is None:
            levels = self.context["levels"] = AccessLevels(self.context["request"].user)
        return str(levels.level(instance))

    def get_access(self, instance: Request) -> str:
        return self._level(instance)

    def to_representation(self, instance: Request) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        if self._level(instance) != FULL:
            data = {key: value for key, value in data.items() if key in STATUS_FIELDS}
        return data


class ThreadMessageSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    direction = serializers.CharField()
    body = serializers.CharField()
    author: Any = serializers.CharField(source="author.username", read_only=True, allow_null=True)
    created_at = serializers.DateTimeField()


class NoteSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    body = serializers.CharField()
    author: Any = serializers.CharField(source="author.username", read_only=True, allow_null=True)
    created_at = serializers.DateTimeField()


class CallSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    operator: Any = serializers.CharField(
        source="operator.username", read_only=True, allow_null=True
    )
    started_at = serializers.DateTimeField()
    duration_seconds = serializers.IntegerField()
    summary = serializers.CharField()


class FileSerializer(serializers.Serializer[Any]):
    # The uuid, never the file name (names name people; ask for it on a page).
    uuid = serializers.UUIDField()
    kind = serializers.CharField()
    size = serializers.IntegerField()
    has_working_copy = serializers.BooleanField()


class RequestDetailSerializer(RequestSerializer):
    narrative = serializers.CharField(read_only=True)
    close_reason = serializers.CharField(read_only=True)
    route_note = serializers.CharField(read_only=True)
    merged_into: Any = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    has_complainant = serializers.SerializerMethodField()
    may_reveal_identity = serializers.SerializerMethodField()
    messages = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()
    calls = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()

    class Meta(RequestSerializer.Meta):
        fields = [
            *RequestSerializer.Meta.fields,
            "narrative",
            "close_reason",
            "route_note",
            "merged_into",
            "has_complainant",
            "may_reveal_identity",
            "messages",
            "notes",
            "calls",
            "files",
        ]
        read_only_fields = fields

    def get_has_complainant(self, instance: Request) -> bool:
        return hasattr(instance, "complainant")

    def get_may_reveal_identity(self, instance: Request) -> bool:
        return services.may_reveal_identity(user=self.context["request"].user, request=instance)

    @extend_schema_field(ThreadMessageSerializer(many=True))
    def get_messages(self, instance: Request) -> Any:
        return ThreadMessageSerializer(message_list_for_request(request=instance), many=True).data

    @extend_schema_field(NoteSerializer(many=True))
    def get_notes(self, instance: Request) -> Any:
        return NoteSerializer(note_list_for_request(request=instance), many=True).data

    @extend_schema_field(CallSerializer(many=True))
    def get_calls(self, instance: Request) -> Any:
        return CallSerializer(call_list_for_request(request=instance), many=True).data

    @extend_schema_field(FileSerializer(many=True))
    def get_files(self, instance: Request) -> Any:
        return FileSerializer(evidence_list_for_owner(owner=instance), many=True).data


class FilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=RequestStatus.choices, required=False)
    governorate = serializers.SlugField(required=False)
    request_type = serializers.CharField(max_length=32, required=False)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    received_before = serializers.DateField(required=False)


class AssignSerializer(serializers.Serializer[Any]):
    assignee = serializers.CharField(allow_null=True, help_text="A username, or null to unassign.")


class TriageSerializer(serializers.Serializer[Any]):
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    request_type: Any = serializers.SlugRelatedField(
        slug_field="code", queryset=Term.objects.of("request_type").active(), required=False
    )
    governorate: Any = serializers.SlugRelatedField(
        slug_field="slug", queryset=Governorate.objects.all(), required=False
    )


class RouteSerializer(serializers.Serializer[Any]):
    target = serializers.ChoiceField(choices=RouteTarget.choices)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500)


class BodySerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=20000)


class CallInputSerializer(serializers.Serializer[Any]):
    started_at = serializers.DateTimeField(required=False)
    duration_seconds = serializers.IntegerField(min_value=0, max_value=24 * 3600)
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True)


class MergeSerializer(serializers.Serializer[Any]):
    into = serializers.IntegerField(help_text="The id of the request to keep.")


class ContactSearchSerializer(serializers.Serializer[Any]):
    phone = serializers.CharField(max_length=50, required=False, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)


class ComplainantSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()


CODE = inline_serializer("IssuedCode", {"tracking_code": serializers.CharField()})


def _input(serializer_class: type[serializers.Serializer[Any]], request: ApiRequest) -> Any:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _refused(exc: services.IntakeError, field: str = "non_field_errors") -> ValidationError:
    return ValidationError({field: [str(m) for m in exc.messages]})


@extend_schema(
    parameters=[
        OpenApiParameter("status", str, enum=RequestStatus.values),
        OpenApiParameter("governorate", str, description="governorate slug"),
        OpenApiParameter("request_type", str, description="request_type term code"),
        OpenApiParameter("urgency", str, enum=Urgency.values),
        OpenApiParameter("received_before", str, description="YYYY-MM-DD"),
    ]
)
class RequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Request]
):
    """The intake queue: requests in the caller's scope, newest first."""

    serializer_class = RequestSerializer

    def get_queryset(self) -> QuerySet[Request]:
        filters = FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return request_list_for_user(user=self.request.user, filters=filters.validated_data)

    def get_serializer_class(self) -> Any:
        return RequestDetailSerializer if self.action == "retrieve" else RequestSerializer

    def get_object(self) -> Request:
        if self.action in {"list", "retrieve"}:
            return super().get_object()
        # Every action needs full access; status-level and out-of-scope get 404.
        return request_get_full_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def _detail(self, request: Request, status_code: int = 200) -> Response:
        request.refresh_from_db()
        data = RequestDetailSerializer(request, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    @extend_schema(request=AssignSerializer, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: ApiRequest, pk: str) -> Response:
        obj = self.get_object()
        username = _input(AssignSerializer, request)["assignee"]
        assignee = None
        if username:
            assignee = (
                get_user_model()._default_manager.filter(username=username, is_active=True).first()
            )
            if assignee is None:
                raise ValidationError({"assignee": [str(UNKNOWN_USER)]})
        try:
            services.request_assign(by=request.user, request=obj, assignee=assignee)
        except services.IntakeError as exc:
            raise _refused(exc, "assignee") from None
        return self._detail(obj)

    @extend_schema(request=TriageSerializer, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def triage(self, request: ApiRequest, pk: str) -> Response:
        obj = self.get_object()
        try:
            services.request_triage(
                by=request.user, request=obj, **_input(TriageSerializer, request)
            )
        except services.IntakeError as exc:
            raise _refused(exc) from None
        return self._detail(obj)

    @extend_schema(request=RouteSerializer, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def route(self, request: ApiRequest, pk: str) -> Response:
        obj = self.get_object()
        data = _input(RouteSerializer, request)
        try:
            services.request_route(
                by=request.user, request=obj, target=data["target"], note=data["note"]
            )
        except services.IntakeError as exc:
            raise _refused(exc) from None
        return self._detail(obj)

    @extend_schema(request=ReasonSerializer, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: ApiRequest, pk: str) -> Response:
        obj = self.get_object()
        try:
            services.request_close(
                by=request.user, request=obj, reason=_input(ReasonSerializer, request)["reason"]
            )
        except services.IntakeError as exc:
            raise _refused(exc, "reason") from None
        return self._detail(obj)

    @extend_schema(request=MergeSerializer, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: ApiRequest, pk: str) -> Response:
        source = self.get_object()
        into = _input(MergeSerializer, request)["into"]
        target = request_get_full_for_user(user=request.user, pk=into)
        try:
            services.request_merge(by=request.user, source=source, target=target)
        except services.IntakeError as exc:
            raise _refused(exc, "into") from None
        return self._detail(target)

    @extend_schema(request=BodySerializer, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request: ApiRequest, pk: str) -> Response:
        obj = self.get_object()
        body = _input(BodySerializer, request)["body"]
        services.message_post_by_staff(by=request.user, request=obj, body=body)
        return self._detail(obj, 201)

    @extend_schema(request=BodySerializer, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def notes(self, request: ApiRequest, pk: str) -> Response:
        obj = self.get_object()
        services.note_add(
            by=request.user, request=obj, body=_input(BodySerializer, request)["body"]
        )
        return self._detail(obj, 201)

    @extend_schema(request=CallInputSerializer, responses=RequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def calls(self, request: ApiRequest, pk: str) -> Response:
        obj = self.get_object()
        services.call_log_add(by=request.user, request=obj, **_input(CallInputSerializer, request))
        return self._detail(obj, 201)

    @extend_schema(request=ReasonSerializer, responses={201: CODE})
    @action(detail=True, methods=["post"], url_path="reissue-code")
    def reissue_code(self, request: ApiRequest, pk: str) -> Response:
        """Revoke the live codes and issue a new one, returned once for reading out."""
        obj = self.get_object()
        reason = _input(ReasonSerializer, request)["reason"]
        code = services.tracking_code_revoke_and_reissue(
            request=obj, by=request.user, reason=reason
        )
        response = Response({"tracking_code": code.display()}, status=201)
        response["Cache-Control"] = "no-store, private"
        return response

    @extend_schema(request=ReasonSerializer, responses={200: ComplainantSerializer})
    @action(detail=True, methods=["post"])
    def reveal(self, request: ApiRequest, pk: str) -> Response:
        """The complainant's identity, for the director or the assigned operator, audited."""
        obj = self.get_object()
        reason = _input(ReasonSerializer, request)["reason"]
        complainant = services.complainant_reveal(by=request.user, request=obj, reason=reason)
        data = ComplainantSerializer(complainant).data if complainant else None
        response = Response(data)
        response["Cache-Control"] = "no-store, private"
        return response

    @extend_schema(request=ContactSearchSerializer, responses=RequestSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="find-by-contact")
    def find_by_contact(self, request: ApiRequest) -> Response:
        """Requests of a phone number or e-mail (POST: never in a URL), in your scope."""
        data = _input(ContactSearchSerializer, request)
        found = services.request_find_by_contact(
            by=request.user, phone=data.get("phone"), email=data.get("email")
        ).select_related("governorate", "request_type", "channel", "assignee")
        return Response(
            RequestSerializer(found, many=True, context=self.get_serializer_context()).data
        )
