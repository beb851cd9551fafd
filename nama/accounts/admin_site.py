"""The admin site: system administrators (and superusers) past their second factor only.

Installed through ``NamaAdminConfig.default_site``, so ``django.contrib.admin.site``
is this site. It has no login form of its own: anonymous visitors go to the
staff login (with 2FA); logged-in staff without the right get 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from nama.accounts.otp import is_verified
from nama.core.roles import can_use_admin


class NamaAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_active:
            return False
        if not user.is_staff:
            return False
        if not is_verified(user):
            return False
        return can_use_admin(user)

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.user.is_authenticated:
            raise PermissionDenied
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url)
