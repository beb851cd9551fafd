"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def nama(request: HttpRequest) -> dict[str, Any]:
    return {
        "NAMA_CENTRE_NAME": settings.NAMA_CENTRE_NAME,
        "NAMA_QUICK_EXIT_URL": settings.NAMA_QUICK_EXIT_URL,
        "NAMA_DEMO": settings.DEBUG and settings.NAMA_DEMO_MODE,
    }
