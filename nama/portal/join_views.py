"""The public "join the network" form and the page after it.

POST-redirect-GET; the done page echoes nothing that was typed (a shared or
seized phone's history shows only that a form was sent). Like the complaint
form, nothing about the device is stored: no address, no user agent, no
session; the rate limit counts a short-lived keyed hash of the connection.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from nama.core import ratelimit
from nama.core.http import no_store
from nama.network import member_services as services
from nama.portal.join_forms import JoinForm


def _render_form(request: HttpRequest, form: JoinForm, *, status: int = 200) -> HttpResponse:
    form.describe_fields()
    return no_store(render(request, "portal/join.html", {"form": form}, status=status))


@never_cache
def join(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, JoinForm(request=request))
    form = JoinForm(request.POST, request=request)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    window = int(getattr(settings, "NAMA_NETWORK_JOIN_WINDOW_SECONDS", 3600))
    try:
        services.application_submit(
            data=form.service_data(),
            areas_of_work=form.cleaned_data["areas_of_work"],
            client_key_for_ratelimit=ratelimit.client_key(
                request, scope=services.JOIN_SCOPE, window_seconds=window
            ),
        )
    except services.ApplicationThrottled as exc:
        form.add_error(None, ValidationError(ratelimit.TOO_MANY_ATTEMPTS, code="throttled"))
        response = _render_form(request, form, status=429)
        response["Retry-After"] = str(max(1, exc.retry_after))
        return response
    return HttpResponseRedirect(reverse("portal:join_done"))


@never_cache
def join_done(request: HttpRequest) -> HttpResponse:
    return no_store(render(request, "portal/join_done.html"))
