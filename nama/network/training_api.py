"""The trainings API under /api/v1/.

- ``network/courses/`` and ``network/sessions/``: read-only, for training staff
  (trainers see the sessions they train; the coordinator and the director
  all); anyone else gets 404. No participant is named here.
- ``network/training-figures/``: the figures of ``training_figures`` for
  network staff and analysts; 404 for others.
- ``certificates/<code>/``: the public check of a certificate, the same
  answer as the portal page (printed name, course, date of issue, revoked),
  rate-limited with it; an unknown code gets 404 with the same keys.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nama.core import ratelimit
from nama.network.certificate_check import certificate_answer, throttle
from nama.network.models import Course, TrainingSession
from nama.network.training_access import can_read_trainings, can_see_training_figures
from nama.network.training_figures import training_figures
from nama.network.training_selectors import course_list_for_user, session_list_for_user


class CourseSerializer(serializers.ModelSerializer[Course]):
    resources: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    session_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "title_ar",
            "title_en",
            "title_ckb",
            "description",
            "curriculum",
            "resources",
            "min_attendance_percent",
            "active",
            "session_count",
        ]


class TrainingSessionSerializer(serializers.ModelSerializer[TrainingSession]):
    governorate: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    trainers: Any = serializers.SlugRelatedField(many=True, slug_field="username", read_only=True)
    days = serializers.SerializerMethodField()
    participant_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "course",
            "starts_on",
            "ends_on",
            "days",
            "mode",
            "place",
            "governorate",
            "trainers",
            "capacity",
            "status",
            "participant_count",
        ]

    def get_days(self, session: TrainingSession) -> list[str]:
        return [day.date.isoformat() for day in session.days.all()]


class TrainingStaffOnly(IsAuthenticated):
    """Authenticated training staff; anyone else is told the endpoint does not exist."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        if not can_read_trainings(request.user):
            raise NotFound
        return True


class CourseViewSet(viewsets.ReadOnlyModelViewSet[Course]):
    permission_classes = [TrainingStaffOnly]
    serializer_class = CourseSerializer

    def get_queryset(self) -> QuerySet[Course]:
        return (
            course_list_for_user(user=self.request.user)
            .prefetch_related("resources")
            .order_by("pk")
        )


class SessionViewSet(viewsets.ReadOnlyModelViewSet[TrainingSession]):
    permission_classes = [TrainingStaffOnly]
    serializer_class = TrainingSessionSerializer

    def get_queryset(self) -> QuerySet[TrainingSession]:
        sessions = session_list_for_user(user=self.request.user).prefetch_related("days")
        course = self.request.query_params.get("course", "")
        if course.isdigit():
            sessions = sessions.filter(course_id=int(course))
        return sessions.order_by("-starts_on", "-pk")


class TrainingFiguresView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=inline_serializer("TrainingFigures", fields={}))
    def get(self, request: Request) -> Response:
        if not can_see_training_figures(request.user):
            raise NotFound
        figures = training_figures()
        return Response(figures)


CHECK = inline_serializer(
    "CertificateCheck",
    fields={
        "found": serializers.BooleanField(),
        "revoked": serializers.BooleanField(),
        "name": serializers.CharField(),
        "course": serializers.CharField(),
        "issued_on": serializers.DateField(allow_null=True),
    },
)


class CertificateCheckView(APIView):
    """Is this certificate genuine? Public, rate-limited; the code is never logged."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: CHECK, 404: CHECK, 429: None})
    def get(self, request: Request, code: str) -> Response:
        result = throttle(request._request)
        if not result.allowed:
            refused = Response({"detail": str(ratelimit.TOO_MANY_ATTEMPTS)}, status=429)
            refused["Retry-After"] = str(max(1, result.retry_after))
            return self._private(refused)
        language = translation.get_language() or "ar"
        answer = certificate_answer(code)
        answer["language"] = language
        status = 200 if answer["found"] else 404
        return self._private(Response(answer, status=status))

    @staticmethod
    def _private(response: Response) -> Response:
        response["Cache-Control"] = "no-store, private"
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response
