"""Member pages of the network section (``/<lang>/network/``, namespace ``network``)."""

from django.urls import URLPattern, path

from nama.network import member_invitation_views, member_views

urlpatterns: list[URLPattern] = [
    path("", member_views.home, name="home"),
    path("members/", member_views.members, name="members"),
    path("members/new/", member_views.member_create, name="member_create"),
    path("members/counts/", member_views.counts, name="counts"),
    path("members/<int:pk>/", member_views.member, name="member"),
    path("members/<int:pk>/edit/", member_views.member_edit, name="member_edit"),
    path("members/<int:pk>/leave/", member_views.member_leave, name="member_leave"),
    path("members/<int:pk>/person/", member_views.member_link_person, name="member_link_person"),
    path("members/<int:pk>/invite/", member_views.member_invite, name="member_invite"),
    path("applications/", member_views.applications, name="applications"),
    path(
        "applications/<int:pk>/accept/",
        member_views.application_accept,
        name="application_accept",
    ),
    path(
        "applications/<int:pk>/decline/",
        member_views.application_decline,
        name="application_decline",
    ),
    path(
        "invitation/<str:uidb64>/<str:token>/",
        member_invitation_views.invitation,
        name="invitation",
    ),
]
