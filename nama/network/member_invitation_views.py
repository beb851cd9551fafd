"""The page where an invited member chooses their first password.

Reachable logged out, through the one-time link of the invitation e-mail
(``member_services.member_invite``). The token dies once a password is set;
after that the member logs in at ``accounts:login`` like staff and enrols
their authenticator (the 2FA gate of ``StaffSecurityMiddleware`` forces it).

As Django's own password reset does, the first visit moves the token from the
URL into the session and redirects to ``.../set-password/``: the token then
never appears in a ``Referer`` header or in the request log of a form sent
with a mistake. The page is never cached and sends no referrer.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from nama.core.http import no_store
from nama.network import member_services as services
from nama.network.member_forms import InvitationPasswordForm

SESSION_TOKEN = "_nama_invitation_token"  # noqa: S105 - a session key, not a secret
SET_PASSWORD = "set-password"  # noqa: S105 - a path segment


def _render(request: HttpRequest, context: dict[str, object], status: int = 200) -> HttpResponse:
    response = no_store(render(request, "network/member_invitation.html", context, status=status))
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    if token != SET_PASSWORD:
        if services.invitation_user(uidb64, token) is None:
            return _render(request, {"invalid": True}, status=404)
        request.session[SESSION_TOKEN] = token
        url = reverse("network:invitation", kwargs={"uidb64": uidb64, "token": SET_PASSWORD})
        response = HttpResponseRedirect(url)
        response["Referrer-Policy"] = "no-referrer"
        return no_store(response)
    user = services.invitation_user(uidb64, request.session.get(SESSION_TOKEN, ""))
    if user is None:
        return _render(request, {"invalid": True}, status=404)
    if request.method != "POST":
        form = InvitationPasswordForm(user)
        form.describe_fields()
        return _render(request, {"form": form, "username": user.get_username()})
    form = InvitationPasswordForm(user, request.POST)
    if not form.is_valid():
        form.describe_fields()
        return _render(request, {"form": form, "username": user.get_username()}, status=400)
    services.invitation_accept(user=user, password=form.cleaned_data["new_password1"])
    request.session.pop(SESSION_TOKEN, None)
    return _render(request, {"done": True, "username": user.get_username()})
