"""Staff pages of the library, under /<language>/library/manage/."""

from django.urls import path

from nama.library import views

app_name = "library"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("new/", views.resource_create, name="resource_create"),
    path("<int:pk>/", views.resource_edit, name="resource_edit"),
    path("<int:pk>/progress/", views.resource_progress, name="resource_progress"),
    path("<int:pk>/retry/", views.resource_retry, name="resource_retry"),
    path("<int:pk>/delete/", views.resource_delete, name="resource_delete"),
    path("collections/", views.collections, name="collections"),
    path("collections/<int:pk>/", views.collection_edit, name="collection_edit"),
    path("collections/<int:pk>/delete/", views.collection_delete, name="collection_delete"),
]
