"""``GET /api/v1/search/?q=``: the site search as JSON, public or staff-scoped by who asks.

Anonymous callers find public entries only and are throttled per client
(``nama.searchindex.throttle``, shared with the search pages);
staff also find the records their selectors let them read
(``nama.searchindex.selectors.search_for_user``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from nama.core import ratelimit
from nama.searchindex.selectors import search_for_user
from nama.searchindex.throttle import search_refused

MAX_QUERY_CHARS = 200


HIT = inline_serializer(
    "SearchHit",
    fields={
        "kind": serializers.CharField(),
        "title": serializers.CharField(),
        "title_html": serializers.CharField(help_text="escaped HTML, matches in <mark>"),
        "snippet": serializers.CharField(help_text="escaped HTML, matches in <mark>"),
        "url": serializers.CharField(),
        "language": serializers.CharField(),
        "score": serializers.FloatField(),
    },
)


def throttled(request: Request) -> Response | None:
    """429 with Retry-After when an anonymous caller is over the search limit (shared by
    the search and statistics endpoints); None when the request may go on."""
    refused = search_refused(request._request, request.user)
    if refused is None:
        return None
    response = Response({"detail": str(ratelimit.TOO_MANY_ATTEMPTS)}, status=429)
    response["Retry-After"] = str(max(1, refused.retry_after))
    return response


class SearchView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True),
            OpenApiParameter("kind", OpenApiTypes.STR, description="e.g. library.resource"),
            OpenApiParameter("language", OpenApiTypes.STR, enum=["ar", "en", "ckb"]),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses=inline_serializer(
            "SearchResults",
            fields={
                "count": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "pages": serializers.IntegerField(),
                "results": HIT,
            },
        ),
    )
    def get(self, request: Request) -> Response:
        """Ranked results (title, snippet, URL) for the words in ``q``."""
        refused = throttled(request)
        if refused is not None:
            return refused
        params = request.query_params
        kind = params.get("kind", "")
        page = search_for_user(
            user=request.user,
            query=params.get("q", "")[:MAX_QUERY_CHARS],
            kinds=[kind] if kind else None,
            language=params.get("language", "")[:8] or None,
            page=params.get("page", 1),
        )
        results: list[dict[str, Any]] = [
            {
                "kind": hit.kind,
                "title": hit.title,
                "title_html": str(hit.title_html),
                "snippet": str(hit.snippet),
                "url": hit.href,
                "language": hit.language,
                "score": round(hit.score, 4),
            }
            for hit in page.hits
        ]
        response = Response(
            {"count": page.total, "page": page.page, "pages": page.pages, "results": results}
        )
        response["Cache-Control"] = "private, no-store"
        return response
