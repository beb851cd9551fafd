"""The project's URLs plus a neutral page on the live server, so that the
quick-exit tests never leave the machine."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from nama.urls import urlpatterns as project_urlpatterns


def elsewhere(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        "<!doctype html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"
    )


def no_content(request: HttpRequest) -> HttpResponse:
    """A navigation answered with 204 never leaves the page: what the page did
    before leaving stays visible to the test."""
    return HttpResponse(status=204)


urlpatterns = [
    path("elsewhere/", elsewhere, name="elsewhere"),
    path("no-content/", no_content, name="no_content"),
    *project_urlpatterns,
]
