from django.urls import path

from nama.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("soon/<slug:slug>/", views.coming_soon, name="coming_soon"),
]
