"""Staff pages of the library, under /<language>/library/manage/.

The list is for every staff member of the library section (internal
resources included); adding, editing and removing resources and collections
is for library managers (``nama.library.access``). Everyone else gets 404,
the same as for a page that does not exist.

Reads go through ``nama.library.selectors``, writes through
``nama.library.services``. A refused form is shown again (400) with its
errors and everything typed, except the file, which browsers never send back.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nama.accounts.decorators import verified_staff_required
from nama.core.http import no_store
from nama.library import services
from nama.library.access import can_manage_library, can_read_internal
from nama.library.forms import CollectionForm, ResourceFilterForm, ResourceForm
from nama.library.models import Collection, Resource
from nama.library.search import KIND
from nama.library.selectors import (
    collection_list_for_user,
    resource_filter,
    resource_get_for_manager,
    resource_list_for_user,
)
from nama.searchindex.scopes import queryset_scope
from nama.searchindex.selectors import search_page

PAGE_SIZE = 50

View = Callable[..., HttpResponseBase]


def library_staff_required(view: View) -> View:
    """Verified staff of the library section; everyone else gets 404."""

    @verified_staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_read_internal(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def library_manager_required(view: View) -> View:
    """Verified editors and training coordinators; everyone else gets 404."""

    @verified_staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_manage_library(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("can_manage", can_manage_library(request.user))
    return no_store(render(request, template, context, status=status))


# ---------------------------------------------------------------------------
# The list


def _rows_and_pager(
    request: HttpRequest, chosen: dict[str, Any]
) -> tuple[list[Any], dict[str, Any]]:
    """The rows of the page asked for: ranked search hits when there is a query,
    else every matching resource, newest first."""
    resources = resource_filter(
        resource_list_for_user(user=request.user),
        collection=chosen["collection"],
        resource_type=chosen["resource_type"],
    )
    if chosen["visibility"]:
        resources = resources.filter(visibility=chosen["visibility"])
    pager: dict[str, Any]
    if chosen["q"]:
        # resource_search() has no visibility filter; the same search, on this queryset.
        found = search_page(
            chosen["q"],
            include_public=False,
            scopes=[queryset_scope(KIND, resources)],
            kinds=[KIND],
            page=request.GET.get("page"),
            per_page=PAGE_SIZE,
        )
        by_id = resources.in_bulk([int(hit.object_id) for hit in found.hits])
        rows = [
            {"resource": by_id[int(hit.object_id)], "title_html": hit.title_html}
            for hit in found.hits
            if int(hit.object_id) in by_id
        ]
        pager = {"number": found.page, "pages": found.pages, "count": found.total}
    else:
        page = Paginator(resources.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        rows = [{"resource": resource, "title_html": None} for resource in page.object_list]
        pager = {
            "number": page.number,
            "pages": page.paginator.num_pages,
            "count": page.paginator.count,
        }
    pager["previous"] = pager["number"] - 1 if pager["number"] > 1 else None
    pager["next"] = pager["number"] + 1 if pager["number"] < pager["pages"] else None
    return rows, pager


@never_cache
@require_GET
@library_staff_required
def manage(request: HttpRequest) -> HttpResponse:
    """Every resource, internal ones included, with filters; links to edit for managers."""
    form = ResourceFilterForm(request.GET or None)
    chosen = form.values() if request.GET else ResourceFilterForm().values()
    rows, pager = _rows_and_pager(request, chosen)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "rows": rows, "pager": pager, "query": query.urlencode()}
    return _render(request, "library/resource_list.html", context)


# ---------------------------------------------------------------------------
# One resource


def _render_form(
    request: HttpRequest, form: ResourceForm, resource: Resource | None, status: int = 200
) -> HttpResponse:
    form.describe_fields()
    context = {
        "form": form,
        "resource": resource,
        # Browsers never send a file back: say so when the form is shown again.
        "file_again": status == 400 and bool(request.FILES.get("file")),
    }
    return _render(request, "library/resource_form.html", context, status=status)


def _saved_message(request: HttpRequest, resource: Resource) -> None:
    if resource.extracting:
        messages.success(
            request,
            _("The resource was saved. The text of its file is being read; see below."),
        )
    else:
        messages.success(request, _("The resource was saved."))


@never_cache
@require_http_methods(["GET", "POST"])
@library_manager_required
def resource_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, ResourceForm(), None)
    form = ResourceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_form(request, form, None, status=400)
    resource = services.resource_create(
        by=request.user,
        data=form.service_data(),
        topics=form.cleaned_data["topics"],
        file=form.checked_file(),
    )
    _saved_message(request, resource)
    return redirect("library:resource_edit", pk=resource.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@library_manager_required
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = resource_get_for_manager(user=request.user, pk=pk)
    if request.method != "POST":
        return _render_form(request, ResourceForm(resource=resource), resource)
    form = ResourceForm(request.POST, request.FILES, resource=resource)
    if not form.is_valid():
        return _render_form(request, form, resource, status=400)
    resource = services.resource_update(
        resource=resource,
        by=request.user,
        data=form.service_data(),
        topics=form.cleaned_data["topics"],
        file=form.checked_file(),
        remove_file=form.file_removal_asked(),
    )
    _saved_message(request, resource)
    return redirect("library:resource_edit", pk=resource.pk)


@never_cache
@require_GET
@library_manager_required
def resource_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The extraction partial alone, polled by htmx while the text is being read."""
    resource = resource_get_for_manager(user=request.user, pk=pk)
    return _render(request, "library/_extraction.html", {"resource": resource})


@never_cache
@require_POST
@library_manager_required
def resource_retry(request: HttpRequest, pk: int) -> HttpResponse:
    resource = resource_get_for_manager(user=request.user, pk=pk)
    services.extraction_retry(resource=resource, by=request.user)
    messages.success(request, _("The text of the file is being read again."))
    return redirect("library:resource_edit", pk=resource.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@library_manager_required
def resource_delete(request: HttpRequest, pk: int) -> HttpResponse:
    resource = resource_get_for_manager(user=request.user, pk=pk)
    if request.method != "POST":
        return _render(request, "library/resource_confirm_delete.html", {"resource": resource})
    services.resource_delete(resource=resource, by=request.user)
    messages.success(request, _("The resource was deleted."))
    return redirect("library:manage")


# ---------------------------------------------------------------------------
# Collections


def _collection(request: HttpRequest, pk: int) -> Collection:
    return get_object_or_404(collection_list_for_user(user=request.user), pk=pk)


@never_cache
@require_http_methods(["GET", "POST"])
@library_manager_required
def collections(request: HttpRequest) -> HttpResponse:
    """The collections with their number of resources, and the form to add one."""
    status = 200
    form = CollectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            collection = services.collection_save(by=request.user, data=form.service_data())
            messages.success(request, _("The collection was added."))
            return redirect("library:collection_edit", pk=collection.pk)
        status = 400
    form.describe_fields()
    context = {
        "form": form,
        "collections": collection_list_for_user(user=request.user).order_by("title", "pk"),
    }
    return _render(request, "library/collection_list.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@library_manager_required
def collection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    collection = _collection(request, pk)
    status = 200
    form = CollectionForm(request.POST if request.method == "POST" else None, collection=collection)
    if request.method == "POST":
        if form.is_valid():
            services.collection_save(
                by=request.user, data=form.service_data(), collection=collection
            )
            messages.success(request, _("The collection was saved."))
            return redirect("library:collection_edit", pk=collection.pk)
        status = 400
    form.describe_fields()
    resources = collection.resources.order_by("position", "title", "pk")
    context = {"form": form, "collection": collection, "resources": resources}
    return _render(request, "library/collection_form.html", context, status=status)


@never_cache
@require_POST
@library_manager_required
def collection_delete(request: HttpRequest, pk: int) -> HttpResponse:
    collection = _collection(request, pk)
    services.collection_delete(collection=collection, by=request.user)
    messages.success(
        request, _("The collection was deleted; its resources are kept, outside any collection.")
    )
    return redirect("library:collections")
