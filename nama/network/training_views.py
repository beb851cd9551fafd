"""Staff pages of trainings: courses and their sessions, adding and changing them,
and the figures (``/<lang>/network/trainings/...``).

The training coordinator manages all of it; trainers read the courses and
the sessions they train; the director reads. Everyone else gets 404. The pages
of one session (participants, attendance, certificates) are in
``training_session_views``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from nama.accounts.decorators import verified_staff_required
from nama.core.forms import add_service_error
from nama.core.http import no_store
from nama.network import training_services as services
from nama.network.training_access import (
    can_manage_courses,
    can_read_trainings,
    can_see_training_figures,
)
from nama.network.training_figures import training_figures
from nama.network.training_forms import CourseForm, SessionForm
from nama.network.training_selectors import (
    course_get_for_manager,
    course_get_for_user,
    course_list_for_user,
    session_get_for_editor,
    session_list_for_user,
)

View = Callable[..., HttpResponseBase]


def training_staff_required(view: View) -> View:
    """Verified trainers, the training coordinator and the director; others 404."""

    @verified_staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_read_trainings(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def render_training(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("can_manage_courses", can_manage_courses(request.user))
    return no_store(render(request, template, context, status=status))


@never_cache
@require_GET
@training_staff_required
def courses(request: HttpRequest) -> HttpResponse:
    """The courses, and the sessions the user may see, coming first."""
    context = {
        "courses": course_list_for_user(user=request.user).order_by("-active", "title_ar", "pk"),
        "sessions": session_list_for_user(user=request.user).order_by("-starts_on", "-pk")[:20],
        "can_see_figures": can_see_training_figures(request.user),
    }
    return render_training(request, "network/training_courses.html", context)


@never_cache
@require_GET
@training_staff_required
def course(request: HttpRequest, pk: int) -> HttpResponse:
    found = course_get_for_user(user=request.user, pk=pk)
    context = {
        "course": found,
        "resources": found.resources.order_by("title", "pk"),
        "sessions": session_list_for_user(user=request.user, course=found).order_by(
            "-starts_on", "-pk"
        ),
    }
    return render_training(request, "network/training_course.html", context)


def _course_form(
    request: HttpRequest, form: CourseForm, found: Any, status: int = 200
) -> HttpResponse:
    form.describe_fields()
    return render_training(
        request, "network/training_course_form.html", {"form": form, "course": found}, status
    )


@never_cache
@require_http_methods(["GET", "POST"])
@training_staff_required
def course_add(request: HttpRequest) -> HttpResponse:
    if not can_manage_courses(request.user):
        raise Http404
    if request.method != "POST":
        return _course_form(request, CourseForm(), None)
    form = CourseForm(request.POST)
    if form.is_valid():
        try:
            found = services.course_create(
                by=request.user,
                data=form.service_data(),
                resources=form.cleaned_data["resources"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The course was added."))
            return redirect("network:course", pk=found.pk)
    return _course_form(request, form, None, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
@training_staff_required
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = course_get_for_manager(user=request.user, pk=pk)
    if request.method != "POST":
        return _course_form(request, CourseForm(course=found), found)
    form = CourseForm(request.POST)
    if form.is_valid():
        try:
            services.course_update(
                course=found,
                by=request.user,
                data=form.service_data(),
                resources=form.cleaned_data["resources"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The course was saved."))
            return redirect("network:course", pk=found.pk)
    return _course_form(request, form, found, status=400)


def _session_form(
    request: HttpRequest, form: SessionForm, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    form.describe_fields()
    return render_training(
        request, "network/training_session_form.html", {"form": form, **context}, status
    )


@never_cache
@require_http_methods(["GET", "POST"])
@training_staff_required
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = course_get_for_manager(user=request.user, pk=pk)
    context = {"course": found, "session": None}
    if request.method != "POST":
        return _session_form(request, SessionForm(user=request.user), context)
    form = SessionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            session = services.session_create(
                by=request.user,
                course=found,
                data=form.service_data(),
                trainers=form.chosen_trainers() or [],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The session was added."))
            return redirect("network:session", pk=session.pk)
    return _session_form(request, form, context, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
@training_staff_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_editor(user=request.user, pk=pk)
    context = {"course": session.course, "session": session}
    if request.method != "POST":
        return _session_form(request, SessionForm(user=request.user, session=session), context)
    form = SessionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.session_update(
                session=session,
                by=request.user,
                data=form.service_data(),
                trainers=form.chosen_trainers(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("network:session", pk=session.pk)
    return _session_form(request, form, context, status=400)


@never_cache
@require_GET
@verified_staff_required
def figures(request: HttpRequest) -> HttpResponse:
    """People trained by governorate, sex, year and course; trainers' activity."""
    if not can_see_training_figures(request.user):
        raise Http404
    context = {"figures": training_figures()}
    return render_training(request, "network/training_figures.html", context)
