"""Staff pages of the reports section, under /<lang>/reports/manage/ (the public
reads published reports at /<lang>/reports/, in the portal)."""

from django.urls import include, path

from nama.reports import distribution_urls, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/", views.report_list, name="reports"),
    path("reports/new/", views.report_create, name="report_new"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/summaries/", views.case_summary_add, name="summary_add"),
    path(
        "reports/<int:pk>/summaries/<int:summary_pk>/remove/",
        views.case_summary_remove,
        name="summary_remove",
    ),
    path("reports/<int:pk>/builds/", views.build_create, name="build_new"),
    path(
        "reports/<int:pk>/builds/<int:number>/progress/",
        views.build_progress,
        name="build_progress",
    ),
    path("reports/<int:pk>/builds/<int:number>/verify/", views.build_verify, name="build_verify"),
    path(
        "reports/<int:pk>/builds/<int:number>/approve/", views.build_approve, name="build_approve"
    ),
    path(
        "reports/<int:pk>/builds/<int:number>/withdraw/",
        views.build_withdraw,
        name="build_withdraw",
    ),
    # Last: "<kind>" would also match "verify", "approve" and "withdraw".
    path(
        "reports/<int:pk>/builds/<int:number>/<str:kind>/",
        views.build_download,
        name="build_download",
    ),
    path("distribution/", include(distribution_urls.urlpatterns)),
]
