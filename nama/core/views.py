"""Machine endpoints of the core app."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from nama.core.health import check_health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and task-worker status: 200 when all is well, 503 otherwise."""
    report = check_health()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
