from django.urls import path

from nama.portal import report_views

urlpatterns = [
    path("reports/", report_views.report_list, name="reports"),
    path("reports/<int:pk>/", report_views.report_detail, name="report"),
    path("reports/<int:pk>/<str:kind>/", report_views.report_download, name="report_download"),
]
