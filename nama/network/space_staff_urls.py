"""Moderation of the members' space, in the network section (namespace ``network``)."""

from django.urls import path

from nama.network import space_staff_views

urlpatterns = [
    path("moderation/", space_staff_views.moderation, name="moderation"),
    path("moderation/posts/<int:pk>/", space_staff_views.moderation_post, name="moderation_post"),
    path(
        "moderation/posts/<int:pk>/promote/",
        space_staff_views.moderation_promote,
        name="moderation_promote",
    ),
    path(
        "moderation/comments/<int:pk>/",
        space_staff_views.moderation_comment,
        name="moderation_comment",
    ),
]
