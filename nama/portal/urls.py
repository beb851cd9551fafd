from django.urls import path

from nama.portal import (
    certificate_urls,
    complaint_urls,
    event_urls,
    join_urls,
    library_urls,
    news_urls,
    report_urls,
    tracking_urls,
    views,
)

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("soon/<slug:slug>/", views.coming_soon, name="coming_soon"),
]

urlpatterns += complaint_urls.urlpatterns
urlpatterns += tracking_urls.urlpatterns
urlpatterns += library_urls.urlpatterns
urlpatterns += report_urls.urlpatterns
urlpatterns += join_urls.urlpatterns
urlpatterns += certificate_urls.urlpatterns
urlpatterns += news_urls.urlpatterns
urlpatterns += event_urls.urlpatterns
