from django.urls import path

from nama.portal import complaint_urls, library_urls, report_urls, tracking_urls, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("soon/<slug:slug>/", views.coming_soon, name="coming_soon"),
]

urlpatterns += complaint_urls.urlpatterns
urlpatterns += tracking_urls.urlpatterns
urlpatterns += library_urls.urlpatterns
urlpatterns += report_urls.urlpatterns
