"""The outreach API under /api/v1/: news and events (public), meetings (staff)."""

from nama.outreach import event_api_urls, meeting_api_urls, news_api_urls

urlpatterns = news_api_urls.urlpatterns + event_api_urls.urlpatterns + meeting_api_urls.urlpatterns
