"""Meetings with officials: staff pages under /<language>/outreach/ (namespace ``outreach``)."""

from django.urls import path

from nama.outreach import meeting_institution_views as institution_views
from nama.outreach import meeting_views as views

urlpatterns = [
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_add, name="meeting_add"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/commitments/", views.commitment_add, name="commitment_add"),
    path("meetings/<int:pk>/follow-ups/", views.followup_add, name="followup_add"),
    path("commitments/", views.commitments, name="commitments"),
    path("commitments/<int:pk>/", views.commitment_update, name="commitment_update"),
    path("follow-ups/", views.my_followups, name="my_followups"),
    path("follow-ups/<int:pk>/done/", views.followup_done, name="followup_done"),
    path("follow-ups/<int:pk>/cancel/", views.followup_cancel, name="followup_cancel"),
    path("institutions/", institution_views.institutions, name="institutions"),
    path("institutions/new/", institution_views.institution_add, name="institution_add"),
    path("institutions/<int:pk>/", institution_views.institution, name="institution"),
    path(
        "institutions/<int:pk>/edit/", institution_views.institution_edit, name="institution_edit"
    ),
]
