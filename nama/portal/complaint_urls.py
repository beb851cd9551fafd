"""Public complaint form: report a violation or ask for legal help."""

from django.urls import URLPattern, path

from nama.portal import complaint_views

urlpatterns: list[URLPattern] = [
    path("report/", complaint_views.complaint, name="complaint"),
    path("report/done/", complaint_views.complaint_done, name="complaint_done"),
]
