from django.urls import path

from nama.portal import library_views, search_views

urlpatterns = [
    path("library/", library_views.library_home, name="library"),
    path("library/<int:pk>/", library_views.resource_detail, name="library_resource"),
    path("library/<int:pk>/download/", library_views.resource_download, name="library_download"),
    path(
        "library/collections/<slug:slug>/",
        library_views.collection_detail,
        name="library_collection",
    ),
    path("search/", search_views.search, name="search"),
]
