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

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models.functions import Cast

from nama.searchindex.backends import KindScope

__all__ = [
    "Document",
    "KindInfo",
    "kind_info",
    "queryset_scope",
    "register_model",
    "register_scope",
    "registered_kinds",
    "scopes_for",
]

# A scope answers with a queryset (the records the user may read), True (every
# record of the kind: no subquery needed) or None (none).
ScopeFunction = Callable[[Any], "models.QuerySet[Any] | bool | None"]


@dataclass(frozen=True)
class KindInfo:
    kind: str
    label: Any  # a lazy translation: "Library resource", "Request"...
    scope: ScopeFunction
    reindex: Callable[[], int] | None = None  # re-index every record of the kind


_REGISTRY: dict[str, KindInfo] = {}


def register_scope(
    kind: str,
    *,
    label: Any,
    scope: ScopeFunction,
    reindex: Callable[[], int] | None = None,
) -> None:
    """Declare ``kind`` and the selector deciding who may find its internal entries."""
    _REGISTRY[kind] = KindInfo(kind=kind, label=label, scope=scope, reindex=reindex)


def registered_kinds() -> list[KindInfo]:
    return list(_REGISTRY.values())


def kind_info(kind: str) -> KindInfo | None:
    return _REGISTRY.get(kind)


def queryset_scope(kind: str, queryset: models.QuerySet[Any]) -> KindScope:
    """The SQL of ``queryset``'s primary keys as text, for ``object_id IN (...)``.

    An empty queryset (``.none()``) allows nothing.
    """
    ids = (
        queryset.order_by().annotate(_search_id=Cast("pk", models.CharField())).values("_search_id")
    )
    try:
        sql, params = ids.query.sql_with_params()
    except EmptyResultSet:
        return KindScope(kind=kind, sql="SELECT NULL WHERE 1 = 0")
    return KindScope(kind=kind, sql=sql, params=tuple(params))


def scopes_for(user: Any, *, kinds: list[str] | None = None) -> list[KindScope]:
    """One scope per registered kind the user may read something of."""
    scopes = []
    for info in _REGISTRY.values():
        if kinds is not None and info.kind not in kinds:
            continue
        allowed = info.scope(user)
        if allowed is True:
            scopes.append(KindScope(kind=info.kind))
        elif allowed is not None and allowed is not False:
            scopes.append(queryset_scope(info.kind, allowed))
    return scopes


@dataclass(frozen=True)
class Document:
    """What one record puts in the index (see ``services.index_entry``)."""

    title: str
    url: str
    summary: str = ""
    body: str = ""
    visibility: str = "internal"
    language: str = ""


def register_model(
    kind: str,
    model: type[models.Model],
    *,
    label: Any,
    scope: ScopeFunction,
    document: Callable[[Any], Document | None],
) -> None:
    """Index ``model``'s records as ``kind`` whenever they are saved, and find them
    through ``scope``.

    ``document(record)`` says what to index, or ``None`` to leave the record
    out. Only text already stored in clear belongs in the index: encrypted
    fields (narratives, summaries, names) must never be copied into it.
    Records changed with ``QuerySet.update()`` bypass the signal; run
    ``manage.py rebuild_search_index`` after such bulk changes.
    """
    from django.db.models.signals import post_delete, post_save

    from nama.searchindex import services

    def index(record: Any) -> None:
        doc = document(record)
        if doc is None:
            services.remove_entry(kind, record.pk)
            return
        services.index_entry(
            kind,
            record.pk,
            title=doc.title,
            summary=doc.summary,
            body=doc.body,
            visibility=doc.visibility,
            language=doc.language,
            url=doc.url,
        )

    def saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if not raw:  # fixtures load rows half-built
            index(instance)

    def deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
        services.remove_entry(kind, instance.pk)

    def reindex() -> int:
        count = 0
        for record in model._default_manager.all().iterator(chunk_size=500):
            index(record)
            count += 1
        return count

    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"searchindex.{kind}.save")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"searchindex.{kind}.del")
    register_scope(kind, label=label, scope=scope, reindex=reindex)
