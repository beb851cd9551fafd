"""Staff pages of the institutions the centre meets: the list, one institution's
history of meetings and commitments, adding and editing one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from nama.outreach import meeting_services as services
from nama.outreach.meeting_forms import InstitutionForm
from nama.outreach.meeting_selectors import (
    MeetingFilters,
    commitment_list_for_user,
    institution_get_for_user,
    institution_list_for_user,
    meeting_list_for_user,
    open_commitments_by_institution,
)
from nama.outreach.meeting_views import meeting_staff_required, render_page
from nama.outreach.models.meetings import Institution


@never_cache
@require_GET
@meeting_staff_required
def institutions(request: HttpRequest) -> HttpResponse:
    rows = institution_list_for_user(user=request.user)
    return render_page(request, "outreach/meeting_institutions.html", {"rows": rows})


@never_cache
@require_GET
@meeting_staff_required
def institution(request: HttpRequest, pk: int) -> HttpResponse:
    """One institution: its meetings and every commitment it made, newest first."""
    current = institution_get_for_user(user=request.user, pk=pk)
    counts = open_commitments_by_institution(user=request.user, institution=current.pk)
    context = {
        "institution": current,
        "counts": counts[0] if counts else None,
        "meetings": meeting_list_for_user(
            user=request.user, filters=MeetingFilters(institution=current.pk)
        ),
        "commitments": commitment_list_for_user(user=request.user)
        .filter(institution=current)
        .order_by("-meeting__held_on", "pk"),
    }
    return render_page(request, "outreach/meeting_institution.html", context)


def _render_form(
    request: HttpRequest, form: InstitutionForm, current: Institution | None, status: int = 200
) -> HttpResponse:
    form.describe_fields()
    context = {"form": form, "institution": current}
    return render_page(request, "outreach/meeting_institution_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@meeting_staff_required
def institution_add(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, InstitutionForm(), None)
    form = InstitutionForm(request.POST)
    if not form.is_valid():
        return _render_form(request, form, None, status=400)
    created = services.institution_save(by=request.user, data=form.service_data())
    messages.success(request, _("The institution was added."))
    return redirect("outreach:institution", pk=created.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@meeting_staff_required
def institution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    current = institution_get_for_user(user=request.user, pk=pk)
    if request.method != "POST":
        return _render_form(request, InstitutionForm(institution=current), current)
    form = InstitutionForm(request.POST, institution=current)
    if not form.is_valid():
        return _render_form(request, form, current, status=400)
    services.institution_save(by=request.user, data=form.service_data(), institution=current)
    messages.success(request, _("The institution was saved."))
    return redirect("outreach:institution", pk=current.pk)
