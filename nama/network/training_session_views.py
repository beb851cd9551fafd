"""The pages of one training session: participants, the attendance sheet of a day,
scores and feedback, issuing, downloading and revoking certificates.

Trainers of the session and the training coordinator change it; the director
reads it; other trainers and everyone else get 404. The attendance sheet
saves at once: htmx posts the whole day's sheet on every tick (the last post
wins), and without JavaScript its button posts the same form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nama.core.forms import add_service_error
from nama.network import certificate_render
from nama.network import training_services as services
from nama.network.models import Certificate, SessionDay, SessionStatus, TrainingSession
from nama.network.training_access import can_edit_session, can_revoke_certificates
from nama.network.training_forms import FeedbackForm, ParticipantForm, RevokeForm
from nama.network.training_selectors import (
    attendance_grid,
    attendance_state,
    certificate_get_for_user,
    participant_get_for_editor,
    session_get_for_editor,
    session_get_for_user,
)
from nama.network.training_views import render_training, training_staff_required


def _session_page(
    request: HttpRequest,
    session: TrainingSession,
    *,
    form: ParticipantForm | None = None,
    issued: services.IssueResult | None = None,
    status: int = 200,
) -> HttpResponse:
    editable = can_edit_session(request.user, session)
    if editable and form is None:
        form = ParticipantForm(user=request.user)
    if form is not None:
        form.describe_fields()
    context = {
        "session": session,
        "course": session.course,
        "days": list(session.days.all()),
        "states": attendance_state(session),
        "can_edit": editable,
        "can_revoke": can_revoke_certificates(request.user),
        "held": session.status == SessionStatus.DONE,
        "form": form,
        "issued": issued,
        "certificate_count": Certificate.objects.filter(participant__session=session).count(),
    }
    return render_training(request, "network/training_session.html", context, status)


@never_cache
@require_GET
@training_staff_required
def session(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_page(request, session_get_for_user(user=request.user, pk=pk))


@never_cache
@require_POST
@training_staff_required
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = session_get_for_editor(user=request.user, pk=pk)
    form = ParticipantForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.participant_add(
                session=found,
                by=request.user,
                member=data["member"],
                name=data["name"],
                name_latin=data["name_latin"],
                sex=data["sex"],
                governorate=data["governorate"],
                organisation=data["organisation"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The participant was added."))
            return redirect("network:session", pk=found.pk)
    return _session_page(request, found, form=form, status=400)


@never_cache
@require_POST
@training_staff_required
def session_status(request: HttpRequest, pk: int) -> HttpResponse:
    found = session_get_for_editor(user=request.user, pk=pk)
    wanted = request.POST.get("status", "")
    if wanted not in SessionStatus.values:
        return _session_page(request, found, status=400)
    services.session_set_status(session=found, by=request.user, status=wanted)
    messages.success(request, _("The session's status was changed."))
    return redirect("network:session", pk=found.pk)


def _day(found: TrainingSession, day_pk: int) -> SessionDay:
    return get_object_or_404(SessionDay, pk=day_pk, session=found)


@never_cache
@require_http_methods(["GET", "POST"])
@training_staff_required
def attendance(request: HttpRequest, pk: int, day: int) -> HttpResponse:
    """The sheet of one day: a checkbox per participant, saved at once."""
    if request.method == "POST":
        found = session_get_for_editor(user=request.user, pk=pk)
    else:
        found = session_get_for_user(user=request.user, pk=pk)
    the_day = _day(found, day)
    saved = None
    if request.method == "POST":
        valid = {p.pk for p in found.participants.all()}
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()} & valid
        count = services.attendance_record(
            session=found, day=the_day, by=request.user, present=present
        )
        saved = {"present": count, "total": len(valid)}
        if not request.headers.get("HX-Request"):
            messages.success(request, _("The attendance was saved."))
            return redirect("network:attendance", pk=found.pk, day=the_day.pk)
    grid = attendance_grid(found)
    participants = [
        {"participant": p, "present": grid.get((p.pk, the_day.pk), False)}
        for p in found.participants.order_by("pk")
    ]
    context = {
        "session": found,
        "course": found.course,
        "day": the_day,
        "days": list(found.days.all()),
        "rows": participants,
        "can_edit": can_edit_session(request.user, found),
        "saved": saved,
        "recorded": any((p.pk, the_day.pk) in grid for p in found.participants.all()),
    }
    template = "network/training_attendance.html"
    if request.headers.get("HX-Request"):
        template += "#saved"
    return render_training(request, template, context)


@never_cache
@require_http_methods(["GET", "POST"])
@training_staff_required
def participant_feedback(request: HttpRequest, pk: int, participant: int) -> HttpResponse:
    found = session_get_for_editor(user=request.user, pk=pk)
    person = participant_get_for_editor(user=request.user, session=found, pk=participant)
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.participant_scores(
                    participant=person,
                    by=request.user,
                    pre_score=data["pre_score"],
                    post_score=data["post_score"],
                )
                services.participant_feedback(
                    participant=person,
                    by=request.user,
                    rating=data["rating"],
                    comment=data["feedback"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The scores and feedback were saved."))
                return redirect("network:session", pk=found.pk)
        status = 400
    else:
        form = FeedbackForm(participant=person)
    form.describe_fields()
    context = {"session": found, "course": found.course, "participant": person, "form": form}
    return render_training(request, "network/training_participant.html", context, status)


@never_cache
@require_POST
@training_staff_required
def certificates_issue(request: HttpRequest, pk: int) -> HttpResponse:
    found = session_get_for_editor(user=request.user, pk=pk)
    try:
        result = services.certificates_issue(session=found, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("network:session", pk=found.pk)
    return _session_page(request, found, issued=result)


def _language(request: HttpRequest) -> str:
    language = request.GET.get("lang", "ar")
    if language not in certificate_render.CERTIFICATE_LANGUAGES:
        raise Http404
    return language


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_GET
@training_staff_required
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = certificate_get_for_user(user=request.user, pk=pk)
    language = _language(request)
    pdf = certificate_render.render_certificates_pdf(
        [certificate],
        language=language,
        base_url=certificate_render.public_base_url(request),
    )
    name = certificate_render.certificate_filename(certificate, language)
    return _download(pdf, name, "application/pdf")


@never_cache
@require_GET
@training_staff_required
def certificates_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Every valid certificate of the session: one PDF (a page each) or a zip."""
    found = session_get_for_user(user=request.user, pk=pk)
    language = _language(request)
    certificates = list(
        Certificate.objects.filter(participant__session=found, revoked_at__isnull=True)
        .select_related("participant__session__governorate")
        .order_by("participant__pk")
    )
    if not certificates:
        raise Http404
    base_url = certificate_render.public_base_url(request)
    if request.GET.get("format") == "zip":
        content = certificate_render.render_certificates_zip(
            certificates, language=language, base_url=base_url
        )
        return _download(content, f"certificates-S{found.pk:05d}-{language}.zip", "application/zip")
    pdf = certificate_render.render_certificates_pdf(
        certificates, language=language, base_url=base_url
    )
    return _download(pdf, f"certificates-S{found.pk:05d}-{language}.pdf", "application/pdf")


@never_cache
@require_http_methods(["GET", "POST"])
@training_staff_required
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_revoke_certificates(request.user):
        raise Http404
    certificate = certificate_get_for_user(user=request.user, pk=pk)
    form = RevokeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.certificate_revoke(
                certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The certificate was revoked."))
            return redirect("network:session", pk=certificate.participant.session_id)
        status = 400
    form.describe_fields()
    context: dict[str, Any] = {
        "certificate": certificate,
        "session": certificate.participant.session,
        "form": form,
    }
    return render_training(request, "network/training_certificate_revoke.html", context, status)
