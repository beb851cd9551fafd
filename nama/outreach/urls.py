"""Staff pages of the outreach section (``/<lang>/outreach/``, namespace ``outreach``)."""

from nama.outreach import event_urls, meeting_urls, news_urls

app_name = "outreach"

urlpatterns = news_urls.urlpatterns + event_urls.urlpatterns + meeting_urls.urlpatterns
