from django.urls import path

from nama.reports import api

urlpatterns = [
    path("statistics/", api.StatisticsView.as_view(), name="api-statistics"),
    path("reports/", api.PublishedReportList.as_view(), name="api-reports"),
    path("reports/<int:pk>/", api.PublishedReportDetail.as_view(), name="api-report"),
]
