"""StaffSecurityMiddleware: ended sessions, idle timeout and the 2FA gate.

For every request of a logged-in user, before the view runs:

1. The session ends (log out, back to the login page with a message) when the
   account's security stamp no longer matches the one stored at login (2FA
   enrolled or reset, deactivated, "sign out everywhere"), or when the session
   was idle longer than ``NAMA_IDLE_TIMEOUT_MINUTES``. A session whose user
   the auth backend refuses (deactivated: ModelBackend loads only active
   users) is flushed.
2. Until the second factor is verified, only the login, enrolment, verify and
   logout pages, the language switch and the public site (namespace
   ``portal``) are reachable; everything else (the workspace, the admin, any
   future staff app) redirects to enrolment or verification. Deny by default:
   a new staff app needs no change here to be protected.

The API is left to DRF: ``VerifiedSessionAuthentication`` refuses unverified
sessions there with 401/403 rather than an HTML redirect.

The checks run in ``process_view`` (not ``__call__``) because by then the URL
is resolved and the message framework is ready, even though this middleware
sits before MessageMiddleware.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect

from nama.accounts import otp
from nama.accounts.services import SESSION_ACTIVITY_KEY, SESSION_STAMP_KEY

# Reachable with a password but no second factor yet.
UNVERIFIED_ALLOWED_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:enrol",
        "accounts:verify",
        "set_language",
        "healthz",
    }
)
UNVERIFIED_ALLOWED_NAMESPACES = frozenset({"portal"})

# Saving the session on every request would write to the database each time;
# a resolution of half a minute is plenty for a timeout counted in minutes.
ACTIVITY_RESOLUTION_SECONDS = 30


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


class StaffSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            if SESSION_KEY in request.session:
                # The session names a user the backend refuses (deactivated,
                # deleted): drop what is left of it.
                request.session.flush()
            return None
        reason = self._session_end_reason(request, user)
        if reason is not None:
            logout(request)
            if _is_api(request):
                return None  # DRF now sees an anonymous request and answers 401/403.
            messages.warning(request, reason)
            next_url = request.get_full_path() if request.method == "GET" else None
            response = redirect_to_login(next_url) if next_url else redirect(settings.LOGIN_URL)
            return _redirect(request, response["Location"])
        self._touch(request)
        if otp.is_verified(user):
            return None
        if _is_api(request) or self._allowed_unverified(request):
            return None
        target = "accounts:enrol" if not otp.is_enrolled(user) else "accounts:verify"
        url = reverse(target)
        if request.method == "GET":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return _redirect(request, url)

    @staticmethod
    def _session_end_reason(request: HttpRequest, user: Any) -> str | None:
        if request.session.get(SESSION_STAMP_KEY) != user.security_stamp:
            return _(
                "Your session was ended because the security settings of your account "
                "changed. Please log in again."
            )
        last = request.session.get(SESSION_ACTIVITY_KEY)
        minutes = int(settings.NAMA_IDLE_TIMEOUT_MINUTES)
        if last is not None and time.time() - float(last) > minutes * 60:
            return ngettext(
                "You were logged out after %(minutes)d minute without activity. "
                "Please log in again.",
                "You were logged out after %(minutes)d minutes without activity. "
                "Please log in again.",
                minutes,
            ) % {"minutes": minutes}
        return None

    @staticmethod
    def _touch(request: HttpRequest) -> None:
        now = time.time()
        last = request.session.get(SESSION_ACTIVITY_KEY)
        if last is None or now - float(last) >= ACTIVITY_RESOLUTION_SECONDS:
            request.session[SESSION_ACTIVITY_KEY] = now

    @staticmethod
    def _allowed_unverified(request: HttpRequest) -> bool:
        match = request.resolver_match
        if match is None:
            return False
        if match.view_name in UNVERIFIED_ALLOWED_VIEWS:
            return True
        return bool(set(match.namespaces) & UNVERIFIED_ALLOWED_NAMESPACES)
