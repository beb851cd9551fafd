"""Staff pages of trainings, under /<lang>/network/ (namespace ``network``)."""

from django.urls import URLPattern, path

from nama.network import training_session_views as session_views
from nama.network import training_views as views

urlpatterns: list[URLPattern] = [
    path("trainings/", views.courses, name="courses"),
    path("trainings/figures/", views.figures, name="training_figures"),
    path("trainings/courses/new/", views.course_add, name="course_add"),
    path("trainings/courses/<int:pk>/", views.course, name="course"),
    path("trainings/courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("trainings/courses/<int:pk>/sessions/new/", views.session_add, name="session_add"),
    path("trainings/sessions/<int:pk>/", session_views.session, name="session"),
    path("trainings/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path(
        "trainings/sessions/<int:pk>/status/",
        session_views.session_status,
        name="session_status",
    ),
    path(
        "trainings/sessions/<int:pk>/participants/",
        session_views.participant_add,
        name="participant_add",
    ),
    path(
        "trainings/sessions/<int:pk>/participants/<int:participant>/",
        session_views.participant_feedback,
        name="participant_feedback",
    ),
    path(
        "trainings/sessions/<int:pk>/days/<int:day>/",
        session_views.attendance,
        name="attendance",
    ),
    path(
        "trainings/sessions/<int:pk>/certificates/",
        session_views.certificates_issue,
        name="certificates_issue",
    ),
    path(
        "trainings/sessions/<int:pk>/certificates/download/",
        session_views.certificates_download,
        name="certificates_download",
    ),
    path(
        "trainings/certificates/<int:pk>/download/",
        session_views.certificate_download,
        name="certificate_download",
    ),
    path(
        "trainings/certificates/<int:pk>/revoke/",
        session_views.certificate_revoke,
        name="certificate_revoke",
    ),
]
