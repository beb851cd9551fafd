"""Staff pages of public events, under /<language>/outreach/events/.

Editors and the director (``event_access.can_manage_events``) list, write,
publish and cancel events and read who registered; everyone else gets 404.
Pages with registrations carry names and contacts: ``no_store`` and every
read is audited (ids only). A refused form is shown again (400) with its
errors and everything typed, except the image.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nama.accounts.decorators import verified_staff_required
from nama.core.audit import log_action
from nama.core.forms import add_service_error
from nama.core.http import no_store
from nama.outreach import event_services as services
from nama.outreach.event_access import can_manage_events
from nama.outreach.event_forms import CancelEventForm, EventFilterForm, EventForm
from nama.outreach.event_selectors import (
    IMAGE_CSP,
    event_get_for_user,
    events_for_user,
    image_content_type,
    registrations_for_user,
)
from nama.outreach.models import EventRegistration, EventStatus, PublicEvent, RegistrationStatus

View = Callable[..., HttpResponseBase]
PAGE_SIZE = 30


def events_staff_required(view: View) -> View:
    """Verified editors and the director; everyone else gets 404."""

    @verified_staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_manage_events(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return no_store(render(request, template, context, status=status))


@never_cache
@require_GET
@events_staff_required
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    chosen = form.values() if request.GET else {"status": "", "when": ""}
    events = events_for_user(user=request.user)
    now = timezone.now()
    if chosen["status"]:
        events = events.filter(status=chosen["status"])
    if chosen["when"] == "upcoming":
        events = events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    elif chosen["when"] == "past":
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        events = events.order_by("-starts_at", "-pk")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return _render(request, "outreach/event_list.html", context)


def _save(request: HttpRequest, form: EventForm, event: PublicEvent | None) -> PublicEvent | None:
    try:
        if event is None:
            return services.event_create(
                by=request.user, data=form.service_data(), image=form.cleaned_data.get("image")
            )
        return services.event_update(
            event=event,
            by=request.user,
            data=form.service_data(),
            image=form.cleaned_data.get("image"),
            remove_image=bool(form.cleaned_data.get("remove_image")),
        )
    except ValidationError as error:
        add_service_error(form, error)
    return None


def _form_page(request: HttpRequest, event: PublicEvent | None) -> HttpResponse:
    if request.method == "POST":
        form = EventForm(request.POST, request.FILES, event=event)
        if form.is_valid():
            saved = _save(request, form, event)
            if saved is not None:
                messages.success(request, _("The event was saved."))
                return redirect("outreach:event", saved.pk)
        form.describe_fields()
        context = {"form": form, "event": event, "image_again": bool(request.FILES.get("image"))}
        return _render(request, "outreach/event_form.html", context, status=400)
    form = EventForm(event=event)
    form.describe_fields()
    return _render(request, "outreach/event_form.html", {"form": form, "event": event})


@never_cache
@require_http_methods(["GET", "POST"])
@events_staff_required
def event_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@never_cache
@require_http_methods(["GET", "POST"])
@events_staff_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_get_for_user(user=request.user, pk=pk)
    if event.status == EventStatus.CANCELLED:
        raise Http404
    return _form_page(request, event)


def _detail(
    request: HttpRequest,
    event: PublicEvent,
    cancel: CancelEventForm | None = None,
    status: int = 200,
) -> HttpResponse:
    cancel = cancel or CancelEventForm()
    cancel.describe_fields()
    versions = [
        {
            "language": code,
            "title": getattr(event, f"title_{code}"),
            "description": getattr(event, f"description_{code}"),
            "direction": "ltr" if code == "en" else "rtl",
        }
        for code in event.languages()
    ]
    context = {"event": event, "versions": versions, "cancel_form": cancel}
    return _render(request, "outreach/event_detail.html", context, status=status)


@never_cache
@require_GET
@events_staff_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, event_get_for_user(user=request.user, pk=pk))


@require_POST
@events_staff_required
def event_publish(request: HttpRequest, pk: int) -> HttpResponseBase:
    event = event_get_for_user(user=request.user, pk=pk)
    try:
        services.event_publish(event=event, by=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The event is on the website."))
    return redirect("outreach:event", event.pk)


@require_POST
@events_staff_required
def event_cancel(request: HttpRequest, pk: int) -> HttpResponseBase:
    event = event_get_for_user(user=request.user, pk=pk)
    form = CancelEventForm(request.POST)
    if not form.is_valid():
        return _detail(request, event, cancel=form, status=400)
    try:
        services.event_cancel(event=event, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The event is cancelled and off the website."))
    return redirect("outreach:event", event.pk)


def _registrations(request: HttpRequest, event: PublicEvent, how: str) -> list[EventRegistration]:
    rows = list(registrations_for_user(user=request.user, event=event))
    log_action(
        request.user,
        "outreach.registration.viewed",
        event,
        {"event": event.pk, "rows": len(rows), "how": how},
    )
    return rows


@never_cache
@require_GET
@events_staff_required
def event_registrations(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_get_for_user(user=request.user, pk=pk)
    rows = _registrations(request, event, "page")
    groups = [
        (status, label, [r for r in rows if r.status == status])
        for status, label in RegistrationStatus.choices
    ]
    context = {"event": event, "groups": groups, "total": len(rows)}
    return _render(request, "outreach/event_registrations.html", context)


@require_POST
@events_staff_required
def event_attendance(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Tick who came (the boxes of the registered people sent together)."""
    event = event_get_for_user(user=request.user, pk=pk)
    came = {value for value in request.POST.getlist("attended") if value.isdigit()}
    for registration in registrations_for_user(user=request.user, event=event).filter(
        status=RegistrationStatus.REGISTERED
    ):
        attended = str(registration.pk) in came
        if registration.attended != attended:
            services.registration_mark_attended(
                registration=registration, by=request.user, attended=attended
            )
    messages.success(request, _("Attendance saved."))
    return redirect("outreach:event_registrations", event.pk)


@never_cache
@require_GET
@events_staff_required
def event_registrations_csv(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_get_for_user(user=request.user, pk=pk)
    rows = _registrations(request, event, "csv")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-registrations.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 (Arabic names) with a BOM
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            _("E-mail"),
            _("Phone"),
            _("Organisation"),
            _("Governorate"),
            _("Status"),
            _("Attended"),
            _("Registered on"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                _safe_cell(v)
                for v in (
                    row.name,
                    row.email,
                    row.phone,
                    row.organisation,
                    row.governorate.name if row.governorate else "",
                    row.get_status_display(),
                    _("yes") if row.attended else "",
                    timezone.localtime(row.created_at).date().isoformat(),
                )
            ]
        )
    return no_store(response)


def _safe_cell(value: Any) -> str:
    """No spreadsheet formulas from what the public typed."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@never_cache
@require_GET
@events_staff_required
def event_image(request: HttpRequest, pk: int) -> FileResponse:
    """The image of any event, for staff previews (the public one is ``portal:event_image``)."""
    event = event_get_for_user(user=request.user, pk=pk)
    content_type = image_content_type(event)
    if content_type is None:
        raise Http404
    try:
        handle = event.image.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = IMAGE_CSP
    return no_store(response)
