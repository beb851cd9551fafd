"""Placeholder: the search page is being written."""

from django.http import Http404, HttpRequest, HttpResponse


def search(request: HttpRequest) -> HttpResponse:
    raise Http404
