"""Login, two-factor enrolment and verification, password change, the workspace home.

The flow: ``login`` (user name and password) → ``enrol`` when the person has
no confirmed authenticator yet, otherwise ``verify`` → the page they asked for.
Until the second step succeeds StaffSecurityMiddleware lets them reach only
these pages, logout and the public site.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from nama.accounts import otp, services
from nama.accounts.decorators import verified_staff_required
from nama.accounts.demo import demo_code_for
from nama.accounts.forms import CodeForm, EnrolCodeForm, LoginForm, StaffPasswordChangeForm
from nama.accounts.selectors import governorate_list_for_user
from nama.accounts.workspace import workspace_sections
from nama.core.roles import Role, roles_of, sees_all_governorates

# Session keys of this module.
BACKUP_CODES_KEY = "nama_backup_codes"
OTP_FAILURES_KEY = "nama_otp_failures"


def otp_failure_limit() -> int:
    return int(getattr(settings, "NAMA_OTP_FAILURE_LIMIT", 5))


def _next_url(request: HttpRequest) -> str:
    """The validated ``next`` parameter, or an empty string."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _after_verification(request: HttpRequest) -> HttpResponseRedirect:
    return redirect(_next_url(request) or reverse(settings.LOGIN_REDIRECT_URL))


def _code_error(result: otp.Verification) -> str:
    if result.outcome is otp.Outcome.THROTTLED:
        return _("Too many wrong codes in a row. Wait a minute, then type the newest code.")
    return _(
        "That code is not right, or it was already used. Check that the time on your "
        "phone is correct and type the code your app shows now."
    )


class LoginView(auth_views.LoginView):
    """User name and password; the second factor follows on its own page."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        return _with_next(reverse("accounts:verify"), self.get_redirect_url())


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@never_cache
@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: QR code, secret, one code to confirm."""
    user = request.user
    next_url = _next_url(request)
    if otp.is_enrolled(user):
        return redirect(_with_next(reverse("accounts:verify"), next_url))
    device = otp.pending_totp_device(user)
    form = EnrolCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = otp.verify_code(user, form.cleaned_data["code"], device=device)
        if result.accepted:
            codes = services.user_enrol_totp(user=user, device=device, session=request.session)  # type: ignore[arg-type]
            device.refresh_from_db()
            otp_login(request, device)
            request.session.cycle_key()
            request.session[BACKUP_CODES_KEY] = codes
            return redirect(_with_next(reverse("accounts:backup_codes"), next_url))
        form.add_error("code", _code_error(result))
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": otp.qr_code_svg(device),
        "secret": otp.secret_base32(device),
        "demo_code": demo_code_for(user, device),
    }
    return render(request, "accounts/enrol.html", context)


@never_cache
@verified_staff_required
@require_http_methods(["GET", "POST"])
def backup_codes(request: HttpRequest) -> HttpResponse:
    """Show freshly issued backup codes once; POST issues a new set."""
    next_url = _next_url(request)
    if request.method == "POST":
        codes = services.user_regenerate_backup_codes(user=request.user)  # type: ignore[arg-type]
        request.session[BACKUP_CODES_KEY] = codes
        return redirect(_with_next(reverse("accounts:backup_codes"), next_url))
    context = {
        "codes": request.session.pop(BACKUP_CODES_KEY, None),
        "remaining": otp.remaining_backup_codes(request.user),
        "next": next_url or reverse(settings.LOGIN_REDIRECT_URL),
    }
    return render(request, "accounts/backup_codes.html", context)


@never_cache
@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second factor: a code from the authenticator app or a backup code."""
    user = request.user
    if otp.is_verified(user):
        return _after_verification(request)
    device = otp.confirmed_totp_device(user)
    if device is None:
        return redirect(_with_next(reverse("accounts:enrol"), _next_url(request)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = otp.verify_code(user, form.cleaned_data["code"])
        if result.accepted:
            otp_login(request, result.device)
            # A new session id for the now fully authenticated session.
            request.session.cycle_key()
            request.session.pop(OTP_FAILURES_KEY, None)
            if isinstance(result.device, StaticDevice):
                _warn_backup_code_used(request)
            return _after_verification(request)
        return _verification_failed(request, form, result, device)
    context = {"form": form, "next": _next_url(request), "demo_code": demo_code_for(user, device)}
    return render(request, "accounts/verify.html", context)


def _verification_failed(
    request: HttpRequest, form: CodeForm, result: otp.Verification, device: Any
) -> HttpResponse:
    """Count the failure (session and django-axes); log out after too many."""
    username = request.user.get_username()
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    failures = int(request.session.get(OTP_FAILURES_KEY, 0)) + 1
    if failures >= otp_failure_limit():
        logout(request)
        messages.error(
            request,
            _("Too many wrong codes. You have been logged out; log in again to try once more."),
        )
        return redirect("accounts:login")
    request.session[OTP_FAILURES_KEY] = failures
    form.add_error("code", _code_error(result))
    device.refresh_from_db()
    context = {
        "form": form,
        "next": _next_url(request),
        "demo_code": demo_code_for(request.user, device),
    }
    return render(request, "accounts/verify.html", context)


def _warn_backup_code_used(request: HttpRequest) -> None:
    remaining = otp.remaining_backup_codes(request.user)
    messages.warning(
        request,
        ngettext(
            "You used a backup code. %(count)d backup code is left.",
            "You used a backup code. %(count)d backup codes are left.",
            remaining,
        )
        % {"count": remaining},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's password: this session stays, every other session ends."""

    template_name = "accounts/password_change.html"
    form_class = StaffPasswordChangeForm
    success_url = reverse_lazy("accounts:workspace")

    def form_valid(self, form: Any) -> HttpResponse:
        # The parent saves the password and calls update_session_auth_hash, so
        # this session keeps its (new) hash while the others no longer match.
        response = super().form_valid(form)
        services.audit(self.request.user, "accounts.user.password_changed", self.request.user)
        messages.success(self.request, _("Your password was changed. Other sessions were ended."))
        return response


@never_cache
@verified_staff_required
def workspace(request: HttpRequest) -> HttpResponse:
    """The staff home: the sections this person's roles may use."""
    user = request.user
    if not roles_of(user):
        from nama.network.space_access import member_of

        if member_of(user) is not None:  # a network member: their home is the members' space
            return redirect("space:home")
    roles = sorted(roles_of(user), key=lambda role: list(Role).index(role))
    context = {
        "sections": workspace_sections(user),
        "roles": [role.label for role in roles],
        "nationwide": sees_all_governorates(user),
        "governorates": governorate_list_for_user(user=user),
        "backup_codes_left": otp.remaining_backup_codes(user),
    }
    return render(request, "accounts/workspace.html", context)
