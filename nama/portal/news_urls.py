from django.urls import path

from nama.portal import news_feeds, news_views

urlpatterns = [
    path("news/", news_views.news_list, name="news"),
    path("news/<int:pk>/", news_views.news_item, name="news_item"),
    path("news/<int:pk>/image/", news_views.news_image, name="news_image"),
    path("news/feed/rss/", news_feeds.NewsRssFeed(), name="news_rss"),
    path("news/feed/atom/", news_feeds.NewsAtomFeed(), name="news_atom"),
]
