"""The library's side of search: what a resource puts in the index, and who finds it.

Public resources are public entries; internal ones are found through
``resource_list_for_user`` (``nama.searchindex.scopes``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from nama.searchindex import services as index

if TYPE_CHECKING:
    from nama.library.models import Resource

__all__ = ["KIND", "register", "resource_index", "resource_unindex"]

KIND = "library.resource"


def _summary(resource: Resource) -> str:
    parts = [resource.summary, resource.authors]
    if resource.collection_id:
        parts.append(resource.collection.title)  # type: ignore[union-attr]
    return "\n".join(p for p in parts if p)


def resource_index(resource: Resource) -> None:
    """Put the resource (title; summary, authors, collection; text and file text) in the index."""
    index.index_entry(
        KIND,
        resource.pk,
        title=resource.title,
        summary=_summary(resource),
        body="\n".join(p for p in (resource.body, resource.extracted_text) if p),
        visibility=resource.visibility,
        language=resource.language,
        url=index.site_path("portal:library_resource", resource.pk),
    )


def resource_unindex(resource: Resource) -> None:
    index.remove_entry(KIND, resource.pk)


def _scope(user: Any) -> bool:
    """Library staff read every resource (``resource_list_for_user`` is unfiltered for
    them), so no subquery is needed; others find public entries only."""
    from nama.library.access import can_read_internal

    return can_read_internal(user)


def _reindex_all() -> int:
    from nama.library.models import Resource

    count = 0
    for resource in Resource.objects.select_related("collection").iterator(chunk_size=500):
        resource_index(resource)
        count += 1
    return count


def register() -> None:
    from nama.searchindex.scopes import register_scope

    register_scope(KIND, label=_("Library resource"), scope=_scope, reindex=_reindex_all)
