"""Reads of the library, scoped by who asks (``nama.library.access``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from nama.core.models import Term
from nama.library.access import can_manage_library, can_read_internal
from nama.library.models import Collection, Resource, Visibility
from nama.searchindex.scopes import queryset_scope
from nama.searchindex.selectors import SearchPage, search_page

__all__ = [
    "collection_get_for_user",
    "collection_list_for_user",
    "resource_filter",
    "resource_get_for_manager",
    "resource_get_for_user",
    "resource_list_for_user",
    "resource_search",
    "topic_list_for_user",
]


def resource_list_for_user(*, user: Any) -> QuerySet[Resource]:
    """Every resource for library staff; public ones for everyone else."""
    resources = Resource.objects.select_related("collection")
    if can_read_internal(user):
        return resources
    return resources.filter(visibility=Visibility.PUBLIC)


def resource_filter(
    resources: QuerySet[Resource],
    *,
    topic: Term | None = None,
    collection: Collection | None = None,
    resource_type: str = "",
    language: str = "",
) -> QuerySet[Resource]:
    """Narrow ``resources`` by the library's browse filters (any may be empty)."""
    if topic is not None:
        resources = resources.filter(topics=topic)
    if collection is not None:
        resources = resources.filter(collection=collection)
    if resource_type:
        resources = resources.filter(resource_type=resource_type)
    if language:
        resources = resources.filter(language=language)
    return resources


def resource_get_for_user(*, user: Any, pk: Any) -> Resource:
    """One resource the user may read, or 404 (the same for missing and not allowed)."""
    try:
        return resource_list_for_user(user=user).get(pk=int(pk))
    except (Resource.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


def resource_get_for_manager(*, user: Any, pk: Any) -> Resource:
    """One resource to edit: library managers only, else 404."""
    if not can_manage_library(user):
        raise Http404
    return resource_get_for_user(user=user, pk=pk)


def collection_list_for_user(*, user: Any) -> QuerySet[Collection]:
    """Collections with at least one resource the user may read, with that count."""
    visible = Q(resources__in=resource_list_for_user(user=user))
    collections = Collection.objects.annotate(resource_count=Count("resources", filter=visible))
    if can_manage_library(user):
        return collections  # managers also see empty collections, to fill them
    return collections.filter(resource_count__gt=0)


def collection_get_for_user(*, user: Any, slug: str) -> Collection:
    try:
        return collection_list_for_user(user=user).get(slug=slug)
    except Collection.DoesNotExist:
        raise Http404 from None


def topic_list_for_user(*, user: Any) -> QuerySet[Term]:
    """Library topics of at least one resource the user may read, with that count."""
    visible = Q(library_resources__in=resource_list_for_user(user=user))
    return (
        Term.objects.of("library_topic")
        .active()
        .annotate(resource_count=Count("library_resources", filter=visible))
        .filter(resource_count__gt=0)
        .order_by("sort_order", "code")
    )


def resource_search(
    *,
    user: Any,
    query: str,
    topic: Term | None = None,
    collection: Collection | None = None,
    resource_type: str = "",
    language: str = "",
    page: Any = 1,
) -> SearchPage:
    """Library search: ranked like every search, narrowed to the resources the user
    may read that pass the browse filters (one SQL statement; the filters are a
    subquery of ``resource_list_for_user``)."""
    from nama.library.search import KIND

    resources = resource_filter(
        resource_list_for_user(user=user),
        topic=topic,
        collection=collection,
        resource_type=resource_type,
        language=language,
    )
    return search_page(
        query,
        include_public=False,
        scopes=[queryset_scope(KIND, resources)],
        kinds=[KIND],
        page=page,
    )
