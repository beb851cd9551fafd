"""Trainings routes under /api/v1/ (included from nama.network.api_urls)."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import SimpleRouter

from nama.network import training_api

router = SimpleRouter()
router.register("network/courses", training_api.CourseViewSet, basename="api-network-course")
router.register("network/sessions", training_api.SessionViewSet, basename="api-network-session")

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "network/training-figures/",
        training_api.TrainingFiguresView.as_view(),
        name="api-network-training-figures",
    ),
    path(
        "certificates/<str:code>/",
        training_api.CertificateCheckView.as_view(),
        name="api-certificate-check",
    ),
    path("", include(router.urls)),
]
