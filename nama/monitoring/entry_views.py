"""The event entry page: an event with its victims, acts, perpetrators and sources.

A monitor fills it in one sitting. Rows are added without reloading (htmx
asks ``entry_row`` for one blank row and its formset's new row count);
without JavaScript an "add a row" button re-posts the page with one more
blank row, keeping everything typed. Saving calls
``services.event_document`` once (all or nothing) and leads to the event's
page; a refused save shows the page again (400) with every row as typed and
the errors next to the fields. Only those who document (monitors, the
director) reach these pages; everyone else gets 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from nama.accounts.decorators import verified_staff_required
from nama.core.http import no_store
from nama.monitoring import selectors, services
from nama.monitoring.entry_forms import (
    KINDS,
    MAX_ROWS,
    EventEntry,
    blank_row,
    with_one_more_row,
)

View = Callable[..., HttpResponseBase]


def documenters_only(view: View) -> View:
    """Verified staff who document events (monitors, the director); others get 404."""

    @verified_staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not selectors.can_document(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _render(request: HttpRequest, entry: EventEntry, *, status: int = 200) -> HttpResponse:
    entry.prepare()
    context = {"entry": entry, "refused": status == 400}
    return no_store(render(request, "monitoring/entry.html", context, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
@documenters_only
def event_new(request: HttpRequest) -> HttpResponse:
    """GET: the blank page. POST: save the event (or, ``add=<prefix>``, one more row)."""
    user = request.user
    if request.method != "POST":
        return _render(request, EventEntry(user=user))
    adding = request.POST.get("add", "")
    if adding in KINDS.values():
        # Without JavaScript: the same page with one more blank row, no errors yet.
        data = with_one_more_row(request.POST, adding)
        return _render(request, EventEntry(user=user, data=data, quiet=True))
    entry = EventEntry(user=user, data=request.POST)
    if not entry.is_valid():
        return _render(request, entry, status=400)
    try:
        event = services.event_document(by=user, **entry.service_kwargs())
    except services.MonitoringError as exc:
        for message in exc.messages:
            entry.event.add_error(None, message)
        return _render(request, entry, status=400)
    messages.success(
        request,
        _("Event %(reference)s was saved as a draft.") % {"reference": event.reference},
    )
    return redirect("monitoring:event", pk=event.pk)


def _count(request: HttpRequest, *names: str) -> int | None:
    for name in names:
        value = request.GET.get(name, "")
        if value.isdigit():
            return int(value)
    return None


@never_cache
@require_GET
@documenters_only
def entry_row(request: HttpRequest, kind: str) -> HttpResponse:
    """One blank row of ``kind`` (victim, act, perpetrator, source) at ``index``.

    ``index`` may also come as the formset's ``<prefix>-TOTAL_FORMS`` (what
    the page's "add" buttons send); the answer carries that count plus one,
    swapped into the page out of band.
    """
    if kind not in KINDS:
        raise Http404
    prefix = KINDS[kind]
    index = _count(request, "index", f"{prefix}-TOTAL_FORMS")
    if index is None or index >= MAX_ROWS:
        return HttpResponse(status=400)
    victims = _count(request, "victims", "victims-TOTAL_FORMS") or 1
    form = blank_row(kind, index, victims=victims)
    context = {"form": form, "kind": kind, "prefix": prefix, "total": index + 1}
    return no_store(render(request, "monitoring/entry.html#new_row", context))
