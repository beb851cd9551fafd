"""Placeholder: the public library pages are being written."""

from django.http import Http404, HttpRequest, HttpResponse


def library_home(request: HttpRequest) -> HttpResponse:
    raise Http404


def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def resource_download(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def collection_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404
