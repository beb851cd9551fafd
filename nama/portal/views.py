"""Public pages of the portal."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from nama.portal.services import PUBLIC_SERVICES, public_service_get


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"services": PUBLIC_SERVICES})


def coming_soon(request: HttpRequest, slug: str) -> HttpResponse:
    service = public_service_get(slug=slug)
    if service is None or service.available:
        raise Http404
    return render(request, "portal/coming_soon.html", {"service": service})
