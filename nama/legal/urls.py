"""Staff pages of the legal unit, under /<language>/legal/."""

from django.urls import path

from nama.legal import calendar_views, case_views, views

app_name = "legal"

urlpatterns = [
    path("", views.cases, name="cases"),
    path("cases/<int:pk>/", case_views.case_detail, name="case"),
    path("cases/<int:pk>/files/<uuid:uuid>/", case_views.case_evidence, name="case_evidence"),
    path("cases/<int:pk>/<slug:action>/", case_views.case_action, name="case_action"),
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("calendar/feed/", calendar_views.calendar_feed, name="calendar_feed"),
    path("workload/", views.workload, name="workload"),
    path("consultations/", views.consultations, name="consultations"),
    path(
        "consultations/<int:pk>/convert/",
        views.consultation_convert,
        name="consultation_convert",
    ),
]
