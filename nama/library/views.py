"""Placeholder: the staff pages of the library are being written."""

from django.http import Http404, HttpRequest, HttpResponse


def manage(request: HttpRequest) -> HttpResponse:
    raise Http404
