"""The project's URLs plus a neutral page on the live server, so that the
quick-exit tests never leave the machine."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from nama.urls import urlpatterns as project_urlpatterns


def elsewhere(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        "<!doctype html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"
    )


urlpatterns = [path("elsewhere/", elsewhere, name="elsewhere"), *project_urlpatterns]
