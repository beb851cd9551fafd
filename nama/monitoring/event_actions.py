"""The actions on an event's page: plain POST forms, one per action, under
``events/<pk>/<action>/`` (nama/monitoring/views.py draws the page).

Only those who may work on the event get here (the director, monitors in
scope; 404 for everyone else). Each action validates its form, calls one
service (or, when a new person is named, creates them and the link in one
transaction), and redirects back to the event; a refusal shows the page again
with the errors next to the form, and what was typed kept (400).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from nama.monitoring import services
from nama.monitoring.forms import (
    ActAddForm,
    ActRemoveForm,
    AttachForm,
    CommentForm,
    ConsentForm,
    InformationAddForm,
    InterventionAddForm,
    InvolvementAddForm,
    ReturnForm,
    SubmitForm,
    VerifyForm,
)
from nama.monitoring.models import Act, Event, Person
from nama.monitoring.selectors import can_see_identities_of, person_list_for_user
from nama.monitoring.views import (
    EventPage,
    done,
    event_for_work,
    event_page,
    monitoring_reader_required,
    render_event,
)


def _refused(
    http_request: HttpRequest, event: Event, name: str, form: Any, exc: ValidationError
) -> HttpResponse:
    for error in exc.messages:
        form.add_error(None, error)
    return render_event(http_request, event, bound={name: form}, status=400)


def _invalid(http_request: HttpRequest, event: Event, name: str, form: Any) -> HttpResponse:
    return render_event(http_request, event, bound={name: form}, status=400)


Handler = Callable[[HttpRequest, Event], HttpResponse]


def _simple(
    name: str,
    form_class: type[Any],
    call: Callable[[Any, Event, dict[str, Any]], Any],
    message: str | Promise,
) -> Handler:
    """An action whose form needs nothing from the page: validate, call, report."""

    def handler(http_request: HttpRequest, event: Event) -> HttpResponse:
        form = form_class(http_request.POST, prefix=name)
        if not form.is_valid():
            return _invalid(http_request, event, name, form)
        try:
            call(http_request.user, event, form.cleaned_data)
        except ValidationError as exc:
            return _refused(http_request, event, name, form, exc)
        return done(http_request, event, message)

    return handler


def _person_or_new(by: Any, event: Event, data: dict[str, Any], **fields: Any) -> Person | None:
    """The person chosen in a picker, or a new one created in the event's governorate."""
    if data.get("who") is not None:
        person: Person = data["who"]
        return person
    if data.get("new_name"):
        return services.person_create(
            by=by,
            governorate=event.governorate,
            data={"name": data["new_name"], **{k: v for k, v in fields.items() if v is not None}},
        )
    return None


def _picker_action(
    name: str,
    make_form: Callable[[HttpRequest, EventPage], Any],
    call: Callable[[Any, Event, dict[str, Any]], Any],
    message: str | Promise,
) -> Handler:
    """An action whose form offers the persons of the event (and may create one)."""

    def handler(http_request: HttpRequest, event: Event) -> HttpResponse:
        page = event_page(http_request.user, event)
        form = make_form(http_request, page)
        if not form.is_valid():
            return _invalid(http_request, event, name, form)
        try:
            with transaction.atomic():
                call(http_request.user, event, form.cleaned_data)
        except ValidationError as exc:
            return _refused(http_request, event, name, form, exc)
        return done(http_request, event, message)

    return handler


def _act_add(by: Any, event: Event, data: dict[str, Any]) -> None:
    victim = _person_or_new(by, event, data, sex=data.get("new_sex"))
    assert victim is not None  # the form requires a person
    services.act_add(
        by=by,
        event=event,
        victim=victim,
        given=services.ActInput(
            victim=0,
            act_type=data["act_type"],
            method=data.get("method"),
            location_type=data.get("location_type"),
            victim_status=data.get("victim_status"),
            victim_age=data.get("victim_age"),
            date=data.get("date"),
            date_precision=data.get("date_precision") or "exact",
        ),
    )


def _involvement_add(by: Any, event: Event, data: dict[str, Any]) -> None:
    act = Act.objects.filter(event=event, pk=data["act"]).first()
    if act is None:
        raise services.MonitoringError(_("Choose an act of this event."), code="act")
    services.involvement_add(
        by=by,
        act=act,
        perpetrator=_person_or_new(by, event, data),
        perpetrator_type=data.get("perpetrator_type"),
        degree=data["degree"],
    )


def _information_add(by: Any, event: Event, data: dict[str, Any]) -> None:
    source = _person_or_new(by, event, data)
    assert source is not None  # the form requires a person
    services.information_add(
        by=by,
        source=source,
        event=event,
        connection=data.get("connection"),
        reliability=data.get("reliability"),
        on=data.get("date"),
        summary=data.get("summary") or "",
    )


def _act_remove(http_request: HttpRequest, event: Event) -> HttpResponse:
    form = ActRemoveForm(http_request.POST, prefix="act_remove")
    act = None
    if form.is_valid():
        act = Act.objects.filter(event=event, pk=form.cleaned_data["act"]).first()
    if act is None:
        messages.error(http_request, _("This act is no longer in the event."))
        return redirect("monitoring:event", pk=event.pk)
    try:
        services.act_remove(by=http_request.user, act=act)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(http_request, error)
        return redirect("monitoring:event", pk=event.pk)
    return done(http_request, event, _("The act was removed."))


def _intervention_add(http_request: HttpRequest, event: Event) -> HttpResponse:
    page = event_page(http_request.user, event)
    victims = page.victim_choices()
    form = InterventionAddForm(http_request.POST, prefix="intervention_add", victims=victims)
    if not form.is_valid():
        return _invalid(http_request, event, "intervention_add", form)
    data = form.cleaned_data
    victim = page.people[int(data["victim"])].shown.person if data.get("victim") else None
    try:
        services.intervention_add(
            by=http_request.user,
            event=event,
            victim=victim,
            intervention_type=data["intervention_type"],
            on=data.get("date"),
            status=data["status"],
            response=data.get("response") or "",
            notes=data.get("notes") or "",
        )
    except ValidationError as exc:
        return _refused(http_request, event, "intervention_add", form, exc)
    return done(http_request, event, _("The intervention was added."))


def _consent(http_request: HttpRequest, event: Event) -> HttpResponse:
    user = http_request.user
    page = event_page(user, event)
    form = ConsentForm(http_request.POST, prefix="consent", people=page.person_choices())
    if not form.is_valid():
        return _invalid(http_request, event, "consent", form)
    person = form.chosen_person(person_list_for_user(user=user).filter(pk__in=list(page.people)))
    if person is None or not can_see_identities_of(user, person):
        form.add_error("person", _("You cannot record consent for this person."))
        return _invalid(http_request, event, "consent", form)
    try:
        services.consent_record(by=user, person=person, **form.service_kwargs())
    except ValidationError as exc:
        return _refused(http_request, event, "consent", form, exc)
    return done(http_request, event, _("The consent was recorded."))


def _attach(http_request: HttpRequest, event: Event) -> HttpResponse:
    acts = event_page(http_request.user, event).act_choices()
    form = AttachForm(http_request.POST, http_request.FILES, prefix="attach", acts=acts)
    if not form.is_valid():
        return _invalid(http_request, event, "attach", form)
    owner: Any = event
    if form.cleaned_data.get("act"):
        owner = Act.objects.get(event=event, pk=int(form.cleaned_data["act"]))
    try:
        stored = services.evidence_attach(
            by=http_request.user, owner=owner, files=form.cleaned_data["uploads"]
        )
    except ValidationError as exc:
        return _refused(http_request, event, "attach", form, exc)
    count = len(stored)
    return done(
        http_request,
        event,
        ngettext("%(count)d file was added.", "%(count)d files were added.", count)
        % {"count": count},
    )


def _picker_form(form_class: type[Any], name: str, **extra: Callable[[EventPage], Any]) -> Any:
    def make(http_request: HttpRequest, page: EventPage) -> Any:
        kwargs = {key: get(page) for key, get in extra.items()}
        return form_class(
            http_request.POST,
            prefix=name,
            user=http_request.user,
            people=page.person_choices(),
            **kwargs,
        )

    return make


ACTIONS: dict[str, Handler] = {
    "submit": _simple(
        "submit",
        SubmitForm,
        lambda by, event, data: services.event_submit(by=by, event=event, comment=data["comment"]),
        gettext_lazy("The event was submitted for verification."),
    ),
    "return": _simple(
        "return",
        ReturnForm,
        lambda by, event, data: services.event_return(by=by, event=event, comment=data["comment"]),
        gettext_lazy("The event was returned to draft."),
    ),
    "verify": _simple(
        "verify",
        VerifyForm,
        lambda by, event, data: services.event_verify(
            by=by,
            event=event,
            violation_status=data["violation_status"],
            comment=data["comment"],
        ),
        gettext_lazy("The event was verified."),
    ),
    "comment": _simple(
        "comment",
        CommentForm,
        lambda by, event, data: services.comment_add(by=by, event=event, body=data["body"]),
        gettext_lazy("Your comment was added."),
    ),
    "attach": _attach,
    "act_add": _picker_action(
        "act_add", _picker_form(ActAddForm, "act_add"), _act_add, gettext_lazy("The act was added.")
    ),
    "act_remove": _act_remove,
    "involvement_add": _picker_action(
        "involvement_add",
        _picker_form(InvolvementAddForm, "involvement_add", acts=EventPage.act_choices),
        _involvement_add,
        gettext_lazy("The perpetrator was added."),
    ),
    "information_add": _picker_action(
        "information_add",
        _picker_form(InformationAddForm, "information_add"),
        _information_add,
        gettext_lazy("The source was added."),
    ),
    "intervention_add": _intervention_add,
    "consent": _consent,
}


@never_cache
@require_POST
@monitoring_reader_required
def event_action(http_request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One action on an event; only for those who may work on it (404 otherwise)."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    event = event_for_work(http_request, pk)
    if event.merged_into_id is not None:
        messages.error(http_request, _("This event was merged into another one: work there."))
        return redirect("monitoring:event", pk=event.pk)
    return handler(http_request, event)
