"""The members' space (``/<lang>/members/``, namespace ``space``): members with accounts."""

from django.urls import path

from nama.network import space_views

app_name = "space"

urlpatterns = [
    path("", space_views.home, name="home"),
    path("new/", space_views.post_new, name="new"),
    path("posts/<int:pk>/", space_views.post_detail, name="post"),
    path("posts/<int:pk>/edit/", space_views.post_edit, name="edit"),
    path("posts/<int:pk>/comment/", space_views.comment_new, name="comment"),
    path("posts/<int:pk>/report/", space_views.post_report, name="report"),
    path("comments/<int:pk>/report/", space_views.comment_report, name="comment_report"),
    path("photos/<int:pk>/", space_views.photo, name="photo"),
    path("settings/", space_views.space_settings, name="settings"),
]
