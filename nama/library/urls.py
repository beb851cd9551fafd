from django.urls import path

from nama.library import views

app_name = "library"

urlpatterns = [
    path("", views.manage, name="manage"),
]
