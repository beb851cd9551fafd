from django.urls import path

from nama.outreach import news_views

urlpatterns = [
    path("", news_views.home, name="home"),
    path("news/", news_views.news_list, name="news"),
    path("news/add/", news_views.news_create, name="news_create"),
    path("news/<int:pk>/", news_views.news_item, name="news_item"),
    path("news/<int:pk>/edit/", news_views.news_edit, name="news_edit"),
    path("news/<int:pk>/image/", news_views.news_image, name="news_image"),
    path("news/<int:pk>/submit/", news_views.news_submit, name="news_submit"),
    path("news/<int:pk>/return/", news_views.news_return, name="news_return"),
    path("news/<int:pk>/publish/", news_views.news_publish, name="news_publish"),
    path("news/<int:pk>/unpublish/", news_views.news_unpublish, name="news_unpublish"),
    path("news/<int:pk>/delete/", news_views.news_delete, name="news_delete"),
]
