"""Which index entries a person may find, asked of the apps that own them.

Every app that feeds internal entries registers a *scope* for its kind: a
function that takes the user and returns the queryset of records that user may
read, straight from the app's selector (``request_list_for_user``,
``event_list_for_user``...), or ``None`` when the user may read none. The
search then allows an internal entry only when its object id is in that
queryset, inside the same SQL statement, so a staff member never finds more
than the selector lets them open, and pagination and counts stay exact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.functions import Cast

from nama.searchindex.backends import KindScope

__all__ = ["KindInfo", "kind_info", "register_scope", "registered_kinds", "scopes_for"]

ScopeFunction = Callable[[Any], "models.QuerySet[Any] | None"]


@dataclass(frozen=True)
class KindInfo:
    kind: str
    label: Any  # a lazy translation: "Library resource", "Request"...
    scope: ScopeFunction


_REGISTRY: dict[str, KindInfo] = {}


def register_scope(kind: str, *, label: Any, scope: ScopeFunction) -> None:
    """Declare ``kind`` and the selector deciding who may find its internal entries."""
    _REGISTRY[kind] = KindInfo(kind=kind, label=label, scope=scope)


def registered_kinds() -> list[KindInfo]:
    return list(_REGISTRY.values())


def kind_info(kind: str) -> KindInfo | None:
    return _REGISTRY.get(kind)


def queryset_scope(kind: str, queryset: models.QuerySet[Any]) -> KindScope:
    """The SQL of ``queryset``'s primary keys as text, for ``object_id IN (...)``."""
    ids = queryset.order_by().annotate(_search_id=Cast("pk", models.CharField())).values(
        "_search_id"
    )
    sql, params = ids.query.sql_with_params()
    return KindScope(kind=kind, sql=sql, params=tuple(params))


def scopes_for(user: Any, *, kinds: list[str] | None = None) -> list[KindScope]:
    """One scope per registered kind the user may read something of."""
    scopes = []
    for info in _REGISTRY.values():
        if kinds is not None and info.kind not in kinds:
            continue
        queryset = info.scope(user)
        if queryset is not None:
            scopes.append(queryset_scope(info.kind, queryset))
    return scopes
