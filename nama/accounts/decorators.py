"""View decorators for staff pages.

StaffSecurityMiddleware already keeps unverified sessions away from staff
pages; decorating the view as well keeps that true if a URL is ever added to
the middleware's allow-list by mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from nama.accounts.otp import is_verified

View = Callable[..., HttpResponseBase]


def verified_staff_required(view: View) -> View:
    """Logged in, active, and past the second factor; otherwise to login or verify."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated or not user.is_active:
            return redirect_to_login(request.get_full_path())
        if not is_verified(user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:verify')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper
