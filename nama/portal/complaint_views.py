"""The public complaint form and the page that shows the tracking code once.

POST-redirect-GET without the code in any URL or log line: between the POST
and the done page the code travels in a one-shot cookie (``nama.core.oneshot``:
encrypted, signed, ``HttpOnly``, ``SameSite=Strict``). The done page reads it
once and deletes the cookie, so a reload shows advice instead of the code.

Not ``request.session``: sessions live in the database, so the plain code
would sit in the ``django_session`` table, and the session row's expiry date
would give the exact time of an anonymous submission. This flow creates no
session at all for an anonymous visitor.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from nama.core import ratelimit
from nama.core.evidence.services import EvidenceRejected
from nama.core.http import no_store
from nama.core.oneshot import oneshot_clear, oneshot_read, oneshot_set
from nama.intake import services
from nama.portal.complaint_forms import (
    FILES_AGAIN,
    LEGAL_HELP,
    TYPE_PARAMETER,
    VIOLATION,
    ComplaintForm,
    max_files,
)

CODE_COOKIE = "nama_code_once"


def _initial_type(request: HttpRequest) -> str:
    return TYPE_PARAMETER.get(request.GET.get("type", ""), VIOLATION)


def _render_form(
    request: HttpRequest, form: ComplaintForm, *, files_dropped: bool, status: int = 200
) -> HttpResponse:
    form.describe_fields()
    if form.is_bound:
        chosen = form.data.get("request_type", "")
    else:
        chosen = str(form.initial.get("request_type", ""))
    context: dict[str, Any] = {
        "form": form,
        "legal_help": chosen == LEGAL_HELP,
        "files_dropped": files_dropped,
        "files_again": FILES_AGAIN,
        "max_files": max_files(),
    }
    return no_store(render(request, "portal/complaint_form.html", context, status=status))


@never_cache
def complaint(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = ComplaintForm(initial={"request_type": _initial_type(request)}, request=request)
        return _render_form(request, form, files_dropped=False)

    form = ComplaintForm(request.POST, request.FILES, request=request)
    files_sent = bool(request.FILES.getlist("attachments"))
    if not form.is_valid():
        return _render_form(request, form, files_dropped=files_sent)

    window = int(getattr(settings, "NAMA_INTAKE_SUBMIT_WINDOW_SECONDS", 3600))
    try:
        _created, code = services.request_submit_public(
            data=form.service_data(),
            files=form.cleaned_data["attachments"],
            client_key_for_ratelimit=ratelimit.client_key(
                request, scope=services.SUBMIT_SCOPE, window_seconds=window
            ),
        )
    except services.SubmissionThrottled as exc:
        form.add_error(None, ValidationError(ratelimit.TOO_MANY_ATTEMPTS, code="throttled"))
        response = _render_form(request, form, files_dropped=files_sent, status=429)
        response["Retry-After"] = str(max(1, exc.retry_after))
        return response
    except EvidenceRejected as exc:
        form.add_error("attachments", exc.messages)
        return _render_form(request, form, files_dropped=files_sent)

    response = HttpResponseRedirect(reverse("portal:complaint_done"))
    oneshot_set(response, CODE_COOKIE, code.display())
    return response


@never_cache
def complaint_done(request: HttpRequest) -> HttpResponse:
    code = oneshot_read(request, CODE_COOKIE)
    context = {"code": code, "groups": code.split("-") if code else []}
    response = no_store(render(request, "portal/complaint_done.html", context))
    oneshot_clear(request, response, CODE_COOKIE)
    return response
