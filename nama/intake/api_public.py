"""The public API: submit a complaint, follow it with the tracking code, write to the centre.

No login and no session (``authentication_classes = []``); rate limits go
through ``nama.core.ratelimit`` (keyed hashes of the address, never the
address). Nothing here reads or stores the user agent, and the tracking code
travels only in POST bodies. An unknown lookup part and a wrong secret get
byte-identical answers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from nama.core import ratelimit
from nama.core.evidence.services import EvidenceRejected
from nama.core.models import Governorate, Term
from nama.intake import services
from nama.intake.models import ContactMethod, DatePrecision, NarrativeLanguage, Urgency
from nama.intake.selectors import PublicStatus, public_status_for_request

INVALID_CODE = _("This is not a valid code. Check the digits.")
NOT_FOUND = _("We could not find a request with this code.")
ANONYMOUS_WITH_IDENTITY = _(
    "You chose to stay anonymous, so leave your name, phone and e-mail empty."
)
NAMED_WITHOUT_IDENTITY = _("Give a name, a phone number or an e-mail, or choose to stay anonymous.")
CONTACT_WITHOUT_CONSENT = _("Tell us that we may contact you, or choose not to be contacted.")
TOO_MANY_FILES = _("You can attach at most %(limit)d files.")


def _max_files() -> int:
    return int(getattr(settings, "NAMA_INTAKE_MAX_FILES", 10))


class _NoStore:
    """Every public answer may carry a code or a thread: never cached anywhere."""

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response["Cache-Control"] = "no-store, private"
        return response


class PublicView(_NoStore, APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes: list[Any] = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]


def _request_types() -> QuerySet[Term]:
    return Term.objects.of("request_type").active()


class ComplaintSerializer(serializers.Serializer[Any]):
    request_type = serializers.SlugRelatedField(slug_field="code", queryset=Term.objects.none())
    governorate = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Governorate.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    narrative = serializers.CharField(max_length=20000, trim_whitespace=True)
    narrative_language = serializers.ChoiceField(choices=NarrativeLanguage.choices, required=False)
    incident_date = serializers.DateField(required=False, allow_null=True, default=None)
    incident_date_precision = serializers.ChoiceField(choices=DatePrecision.choices, required=False)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    # None when not given: anonymous unless a name, phone or e-mail is given.
    anonymous = serializers.BooleanField(required=False, allow_null=True, default=None)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    consent_contact = serializers.BooleanField(required=False, default=False)
    contact_method = serializers.ChoiceField(
        choices=ContactMethod.choices, required=False, default=ContactMethod.NONE
    )
    consent_document = serializers.BooleanField(required=False, default=False)
    consent_refer = serializers.BooleanField(required=False, default=False)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["request_type"]
        field.queryset = _request_types()

    def validate_attachments(self, value: list[Any]) -> list[Any]:
        if len(value) > _max_files():
            raise serializers.ValidationError(TOO_MANY_FILES % {"limit": _max_files()})
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        identity = any(str(attrs.get(key) or "").strip() for key in services.IDENTITY_FIELDS)
        if attrs.get("anonymous") is True and identity:
            raise serializers.ValidationError({"anonymous": [ANONYMOUS_WITH_IDENTITY]})
        if attrs.get("anonymous") is False and not identity:
            raise serializers.ValidationError({"name": [NAMED_WITHOUT_IDENTITY]})
        if attrs.get("contact_method") != ContactMethod.NONE and not attrs.get("consent_contact"):
            raise serializers.ValidationError({"contact_method": [CONTACT_WITHOUT_CONSENT]})
        return attrs


class CodeResponseSerializer(serializers.Serializer[Any]):
    tracking_code = serializers.CharField(help_text="Shown once; keep it safe.")


class PublicMessageSerializer(serializers.Serializer[Any]):
    from_centre = serializers.BooleanField()
    body = serializers.CharField()
    date = serializers.DateField(source="day")


class PublicStatusSerializer(serializers.Serializer[Any]):
    status = serializers.CharField()
    status_text = serializers.CharField(source="text")
    messages = PublicMessageSerializer(many=True)


ERROR = inline_serializer("PublicError", {"detail": serializers.CharField()})


def _client_key(request: ApiRequest, scope: str, window: int) -> str:
    return ratelimit.client_key(request._request, scope=scope, window_seconds=window)


def _throttled(retry_after: int) -> Response:
    response = Response(
        {"detail": str(ratelimit.TOO_MANY_ATTEMPTS)}, status=status.HTTP_429_TOO_MANY_REQUESTS
    )
    response["Retry-After"] = str(max(1, retry_after))
    return response


def _evidence_errors(exc: DjangoValidationError) -> Response:
    return Response({"attachments": [str(m) for m in exc.messages]}, status=400)


class ComplaintView(PublicView):
    """Submit a complaint (no login). Answers the tracking code, shown once."""

    @extend_schema(
        request={
            "application/json": ComplaintSerializer,
            "multipart/form-data": ComplaintSerializer,
        },
        responses={201: CodeResponseSerializer, 400: OpenApiResponse(), 429: ERROR},
        auth=[],
    )
    def post(self, request: ApiRequest) -> Response:
        serializer = ComplaintSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        files = data.pop("attachments", [])
        window = int(getattr(settings, "NAMA_INTAKE_SUBMIT_WINDOW_SECONDS", 3600))
        try:
            _created, code = services.request_submit_public(
                data=data,
                files=files,
                client_key_for_ratelimit=_client_key(request, services.SUBMIT_SCOPE, window),
            )
        except services.SubmissionThrottled as exc:
            return _throttled(exc.retry_after)
        except EvidenceRejected as exc:
            return _evidence_errors(exc)
        return Response({"tracking_code": code.display()}, status=status.HTTP_201_CREATED)


class TrackSerializer(serializers.Serializer[Any]):
    # Never echoed back in an error: it may be a real code.
    tracking_code = serializers.CharField(max_length=200, trim_whitespace=False)


class TrackMessageSerializer(TrackSerializer):
    body = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def validate_attachments(self, value: list[Any]) -> list[Any]:
        if len(value) > _max_files():
            raise serializers.ValidationError(TOO_MANY_FILES % {"limit": _max_files()})
        return value


def _check(request: ApiRequest, typed: str) -> services.LookupResult:
    window = int(getattr(settings, "NAMA_INTAKE_TRACK_WINDOW_SECONDS", 3600))
    return services.tracking_check(
        typed=typed, client_key=_client_key(request, services.TRACK_SCOPE, window)
    )


def _failure(result: services.LookupResult) -> Response:
    if result.outcome == services.LookupOutcome.INVALID:
        return Response({"tracking_code": [str(INVALID_CODE)]}, status=400)
    if result.outcome == services.LookupOutcome.THROTTLED:
        return _throttled(result.retry_after)
    # Unknown lookup part and wrong secret: one answer, byte for byte.
    return Response({"detail": str(NOT_FOUND)}, status=404)


def _status_response(state: PublicStatus, code: int = 200) -> Response:
    return Response(PublicStatusSerializer(state).data, status=code)


class TrackView(PublicView):
    """Follow a request with its tracking code (in the body, never in the URL)."""

    @extend_schema(
        request=TrackSerializer,
        responses={200: PublicStatusSerializer, 400: OpenApiResponse(), 404: ERROR, 429: ERROR},
        auth=[],
    )
    def post(self, request: ApiRequest) -> Response:
        serializer = TrackSerializer(data=request.data)
        if not serializer.is_valid():
            return Response({"tracking_code": [str(INVALID_CODE)]}, status=400)
        result = _check(request, serializer.validated_data["tracking_code"])
        if result.request is None:
            return _failure(result)
        return _status_response(public_status_for_request(result.request))


class TrackMessageView(PublicView):
    """Write to the centre about a request, with optional files."""

    @extend_schema(
        request={
            "application/json": TrackMessageSerializer,
            "multipart/form-data": TrackMessageSerializer,
        },
        responses={201: PublicStatusSerializer, 400: OpenApiResponse(), 404: ERROR, 429: ERROR},
        auth=[],
    )
    def post(self, request: ApiRequest) -> Response:
        serializer = TrackMessageSerializer(data=request.data)
        if not serializer.is_valid():
            errors = dict(serializer.errors)
            if "tracking_code" in errors:
                errors["tracking_code"] = [str(INVALID_CODE)]
            return Response(errors, status=400)
        result = _check(request, serializer.validated_data["tracking_code"])
        if result.request is None:
            return _failure(result)
        try:
            services.message_post_by_complainant(
                request=result.request,
                body=serializer.validated_data["body"],
                files=serializer.validated_data["attachments"],
            )
        except EvidenceRejected as exc:
            return _evidence_errors(exc)
        except services.IntakeError as exc:
            return Response({"body": [str(m) for m in exc.messages]}, status=400)
        return _status_response(public_status_for_request(result.request), 201)
