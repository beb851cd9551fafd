"""Search as a given person: public entries for everyone, plus what their selectors allow."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from nama.searchindex import services
from nama.searchindex.backends import KindScope
from nama.searchindex.scopes import scopes_for

__all__ = ["PER_PAGE", "SearchPage", "search_for_user", "search_page"]

PER_PAGE = 20
MAX_PAGE = 50  # deep pages are never useful and cost a full ranking each


@dataclass(frozen=True)
class SearchPage:
    query: str
    hits: list[services.SearchHit]
    total: int
    page: int
    per_page: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.total // self.per_page)))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def last_number(self) -> int:
        return (self.page - 1) * self.per_page + len(self.hits)


def _page_number(page: Any) -> int:
    try:
        number = int(str(page))
    except (TypeError, ValueError):
        return 1
    return max(1, min(MAX_PAGE, number))


def search_page(
    query: str,
    *,
    include_public: bool,
    scopes: Sequence[KindScope],
    kinds: Sequence[str] | None = None,
    language: str | None = None,
    page: Any = 1,
    per_page: int = PER_PAGE,
) -> SearchPage:
    """One page of ranked hits and the total, for the given permissions."""
    number = _page_number(page)
    options: dict[str, Any] = {
        "include_public": include_public,
        "scopes": scopes,
        "kinds": kinds,
        "language": language or None,
    }
    total = services.count(query, **options)
    hits = (
        services.search(query, limit=per_page, offset=(number - 1) * per_page, **options)
        if total
        else []
    )
    return SearchPage(query=query, hits=hits, total=total, page=number, per_page=per_page)


def search_for_user(
    *,
    user: Any,
    query: str,
    kinds: Sequence[str] | None = None,
    language: str | None = None,
    page: Any = 1,
    per_page: int = PER_PAGE,
) -> SearchPage:
    """Site-wide search: public entries, plus every internal entry the user's selectors allow."""
    scopes = scopes_for(user, kinds=list(kinds) if kinds is not None else None)
    return search_page(
        query,
        include_public=True,
        scopes=scopes,
        kinds=kinds,
        language=language,
        page=page,
        per_page=per_page,
    )
