"""Staff pages of meetings with officials, under /<language>/outreach/meetings/.

Editors and the director only (``nama.outreach.meeting_access``); everyone
else gets 404, as for a page that does not exist, and a restricted meeting is
404 to anyone who may not see it. Reads through ``meeting_selectors``, writes
through ``meeting_services``. A refused form is shown again (400) with its
errors and everything typed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nama.accounts.decorators import verified_staff_required
from nama.core.forms import add_service_error
from nama.core.http import no_store
from nama.outreach import meeting_services as services
from nama.outreach.meeting_access import can_name_defenders, can_use_meetings
from nama.outreach.meeting_forms import (
    CommitmentForm,
    CommitmentStatusForm,
    FollowUpForm,
    MeetingFilterForm,
    MeetingForm,
)
from nama.outreach.meeting_selectors import (
    MeetingFilters,
    commitment_get_for_user,
    event_links_for_user,
    followup_get_for_user,
    followups_of_user,
    linkable_reports,
    meeting_defenders_for_user,
    meeting_get_for_user,
    meeting_list_for_user,
    open_commitments_by_institution,
)
from nama.outreach.models.meetings import Meeting

PAGE_SIZE = 50

View = Callable[..., HttpResponseBase]


def meeting_staff_required(view: View) -> View:
    """Verified editors and the director; everyone else gets 404."""

    @verified_staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_use_meetings(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("today", timezone.localdate())
    return no_store(render(request, template, context, status=status))


# ---------------------------------------------------------------------------
# The list


@never_cache
@require_GET
@meeting_staff_required
def meetings(request: HttpRequest) -> HttpResponse:
    """Meetings the user may read, newest first, with filters."""
    form = MeetingFilterForm(request.GET or None)
    chosen = form.values() if request.GET else MeetingFilterForm().values()
    rows = meeting_list_for_user(user=request.user, filters=MeetingFilters(**chosen))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render_page(request, "outreach/meeting_list.html", context)


# ---------------------------------------------------------------------------
# One meeting


def _detail(
    request: HttpRequest,
    meeting: Meeting,
    *,
    commitment_form: CommitmentForm | None = None,
    followup_form: FollowUpForm | None = None,
    status_forms: dict[int, CommitmentStatusForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    status_forms = status_forms or {}
    commitments = list(meeting.commitments.all())
    for commitment in commitments:
        form = status_forms.get(commitment.pk) or CommitmentStatusForm(commitment=commitment)
        form.describe_fields()
        commitment.status_form = form  # type: ignore[attr-defined]
    commitment_form = commitment_form or CommitmentForm()
    followup_form = followup_form or FollowUpForm(meeting=meeting, initial={"owner": user.pk})
    commitment_form.describe_fields()
    followup_form.describe_fields()
    readable_reports = linkable_reports(user=user).values("pk")
    context = {
        "meeting": meeting,
        "commitments": commitments,
        "followups": list(meeting.followups.all()),
        "commitment_form": commitment_form,
        "followup_form": followup_form,
        "events": event_links_for_user(user=user, meeting=meeting),
        "reports": meeting.reports.filter(pk__in=readable_reports),
        "names_defenders": can_name_defenders(user),
        "defenders": meeting_defenders_for_user(user=user, meeting=meeting),
        "defender_links": meeting.defenders.count(),
    }
    return render_page(request, "outreach/meeting_detail.html", context, status=status)


@never_cache
@require_GET
@meeting_staff_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, meeting_get_for_user(user=request.user, pk=pk))


def _render_form(
    request: HttpRequest, form: MeetingForm, meeting: Meeting | None, status: int = 200
) -> HttpResponse:
    form.describe_fields()
    context = {"form": form, "meeting": meeting}
    return render_page(request, "outreach/meeting_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@meeting_staff_required
def meeting_add(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        initial = {"staff_present": [request.user.pk], "held_on": timezone.localdate()}
        return _render_form(request, MeetingForm(user=request.user, initial=initial), None)
    form = MeetingForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            created = services.meeting_create(
                by=request.user, data=form.service_data(), **form.links()
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The meeting was recorded."))
            return redirect("outreach:meeting", pk=created.pk)
    return _render_form(request, form, None, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
@meeting_staff_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    current = meeting_get_for_user(user=request.user, pk=pk)
    if request.method != "POST":
        return _render_form(request, MeetingForm(user=request.user, meeting=current), current)
    form = MeetingForm(request.POST, user=request.user, meeting=current)
    if form.is_valid():
        try:
            services.meeting_update(
                by=request.user, meeting=current, data=form.service_data(), **form.links()
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("outreach:meeting", pk=current.pk)
    return _render_form(request, form, current, status=400)


# ---------------------------------------------------------------------------
# Commitments and follow-ups of one meeting


@never_cache
@require_POST
@meeting_staff_required
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    current = meeting_get_for_user(user=request.user, pk=pk)
    form = CommitmentForm(request.POST)
    if form.is_valid():
        cleaned = form.cleaned_data
        services.commitment_add(
            by=request.user,
            meeting=current,
            text=cleaned["text"],
            made_by=cleaned.get("made_by") or "",
            due_on=cleaned.get("due_on"),
        )
        messages.success(request, _("The commitment was added."))
        return redirect(reverse("outreach:meeting", args=[current.pk]) + "#commitments")
    return _detail(request, current, commitment_form=form, status=400)


@never_cache
@require_POST
@meeting_staff_required
def commitment_update(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = commitment_get_for_user(user=request.user, pk=pk)
    form = CommitmentStatusForm(request.POST, commitment=commitment)
    if form.is_valid():
        cleaned = form.cleaned_data
        try:
            services.commitment_update(
                by=request.user,
                commitment=commitment,
                status=cleaned["status"],
                notes=cleaned.get("notes") or "",
                due_on=cleaned.get("due_on"),
                reason=cleaned.get("reason") or "",
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The commitment was saved."))
            url = reverse("outreach:meeting", args=[commitment.meeting_id])
            return redirect(f"{url}#commitment-{commitment.pk}")
    current = meeting_get_for_user(user=request.user, pk=commitment.meeting_id)
    return _detail(request, current, status_forms={commitment.pk: form}, status=400)


@never_cache
@require_POST
@meeting_staff_required
def followup_add(request: HttpRequest, pk: int) -> HttpResponse:
    current = meeting_get_for_user(user=request.user, pk=pk)
    form = FollowUpForm(request.POST, meeting=current)
    if form.is_valid():
        cleaned = form.cleaned_data
        try:
            services.followup_add(
                by=request.user,
                meeting=current,
                text=cleaned["text"],
                owner=cleaned["owner"],
                due_on=cleaned["due_on"],
                commitment=cleaned.get("commitment"),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The follow-up action was added."))
            return redirect(reverse("outreach:meeting", args=[current.pk]) + "#followups")
    return _detail(request, current, followup_form=form, status=400)


def _close_followup(request: HttpRequest, pk: int, *, cancel: bool) -> HttpResponse:
    followup = followup_get_for_user(user=request.user, pk=pk)
    try:
        if cancel:
            services.followup_cancel(
                by=request.user, followup=followup, reason=request.POST.get("reason", "")[:1000]
            )
        else:
            services.followup_complete(by=request.user, followup=followup)
    except ValidationError:
        messages.info(request, _("This action was already closed."))
    except PermissionDenied as exc:
        raise Http404 from exc
    if request.headers.get("HX-Request"):
        # htmx swaps the row in place; the page keeps its scroll position.
        followup = followup_get_for_user(user=request.user, pk=pk)
        context = {"followup": followup, "show_meeting": request.POST.get("mine") == "1"}
        return render_page(request, "outreach/meeting_followup_row.html", context)
    if request.POST.get("mine") == "1":
        return redirect("outreach:my_followups")
    return redirect(reverse("outreach:meeting", args=[followup.meeting_id]) + "#followups")


@never_cache
@require_POST
@meeting_staff_required
def followup_done(request: HttpRequest, pk: int) -> HttpResponse:
    return _close_followup(request, pk, cancel=False)


@never_cache
@require_POST
@meeting_staff_required
def followup_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _close_followup(request, pk, cancel=True)


# ---------------------------------------------------------------------------
# Across meetings


@never_cache
@require_GET
@meeting_staff_required
def commitments(request: HttpRequest) -> HttpResponse:
    """Open commitments by institution, with what was kept and broken."""
    rows = open_commitments_by_institution(user=request.user)
    totals = {
        name: sum(getattr(row, f"{name}_count") for row in rows)
        for name in ("open", "overdue", "fulfilled", "broken")
    }
    return render_page(
        request, "outreach/meeting_commitments.html", {"rows": rows, "totals": totals}
    )


@never_cache
@require_GET
@meeting_staff_required
def my_followups(request: HttpRequest) -> HttpResponse:
    closed = request.GET.get("closed") == "1"
    rows = followups_of_user(user=request.user, include_closed=closed)
    context = {"followups": rows, "closed": closed}
    return render_page(request, "outreach/meeting_my_followups.html", context)
