"""Staff pages of the monitoring team: the events list, an event's page, the edit
page of a draft and the evidence downloads (the actions on an event are in
``event_actions``, persons in ``person_views``; the entry page and the
duplicate review have their own modules).

Every read goes through ``nama.monitoring.selectors`` (out of scope answers
404) and every write through ``nama.monitoring.services``. Analysts read
events de-identified: pseudonyms instead of names, and no free text (the
description, notes, summaries and comments are encrypted because they name
people). Names shown on a page are audited once per page view
(``monitoring.person.identity_viewed`` with the ids, never the values).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from nama.accounts.decorators import verified_staff_required
from nama.core.audit import log_action
from nama.core.dates import date_with_precision
from nama.core.evidence.selectors import evidence_get_for_owner, evidence_list_for_owner
from nama.core.evidence.views import download_or_back
from nama.core.http import no_store
from nama.core.models import Governorate
from nama.core.roles import Role, has_role
from nama.monitoring import services
from nama.monitoring.forms import (
    ActAddForm,
    AttachForm,
    CommentForm,
    ConsentForm,
    EventEditForm,
    EventFilterForm,
    InformationAddForm,
    InterventionAddForm,
    InvolvementAddForm,
    ReturnForm,
    SubmitForm,
    VerifyForm,
)
from nama.monitoring.models import (
    Act,
    ConsentKind,
    Event,
    EventRelation,
    Information,
    Intervention,
    Person,
    VerificationComment,
    VerificationState,
)
from nama.monitoring.selectors import (
    act_list_for_event,
    can_document,
    can_see_identities_of,
    event_get_for_user,
    event_list_for_user,
)

EVENT_FILTERS_KEY = "nama_monitoring_event_filters"
PAGE_SIZE = 50
READERS = (Role.MONITOR, Role.DIRECTOR, Role.ANALYST)
IDENTITY_VIEWED = "monitoring.person.identity_viewed"

View = Callable[..., HttpResponseBase]


def monitoring_reader_required(view: View) -> View:
    """Verified staff who may read monitoring records (monitors, the director,
    analysts); everyone else gets 404."""

    @verified_staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not has_role(request.user, *READERS):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def optional_url(name: str, *args: Any) -> str | None:
    """The URL of a page another part of the app provides, or None while it does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def may_work_on(user: Any, event: Event) -> bool:
    """Writes on ``event``, and reading its free text: the director, and monitors for
    events of their governorates or that they documented. Never analysts."""
    if not can_document(user):
        return False
    if has_role(user, Role.DIRECTOR):
        return True
    if event.created_by_id == user.pk:
        return True
    # The monitor's own governorates, not ``scoped_governorates``: a monitor who
    # is also an analyst reads every event, but works only on their own.
    return Governorate.objects.filter(staff=user, pk=event.governorate_id).exists()


def _file_owners(event: Event) -> list[Any]:
    """The event and its acts: evidence is attached to either."""
    return [event, *Act.objects.filter(event=event).order_by("pk")]


def event_files(event: Event, page: Any) -> list[tuple[Any, str]]:
    """(file, what it is evidence of) for the event and its acts."""
    labels = dict(page.act_choices())
    files: list[tuple[Any, str]] = [(f, "") for f in evidence_list_for_owner(owner=event)]
    for act in Act.objects.filter(event=event).order_by("pk"):
        files += [(f, labels.get(act.pk, "")) for f in evidence_list_for_owner(owner=act)]
    return files


def event_dates(event: Event) -> str:
    """ "3 May 2026", "May 2026 to June 2026", or "unknown", as exactly as known."""
    start = date_with_precision(event.start_date, event.start_precision)
    if event.end_date is None or event.end_date == event.start_date:
        return start
    end = date_with_precision(event.end_date, event.end_precision)
    return _("%(start)s to %(end)s") % {"start": start, "end": end}


# ---------------------------------------------------------------------------
# Who is shown by name


@dataclass(frozen=True)
class Shown:
    """A person as this page may show them: by name, or by pseudonym only."""

    person: Person
    label: str
    named: bool


class PersonLabels:
    """Decides, person by person, whether the page shows a name, and remembers the
    ids of those shown so that the page view is audited once."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self._allowed: dict[tuple[bool, int], bool] = {}
        self.shown: set[int] = set()

    def allowed(self, person: Person) -> bool:
        key = (person.created_by_id == self.user.pk, person.governorate_id)
        if key not in self._allowed:
            self._allowed[key] = can_see_identities_of(self.user, person)
        return self._allowed[key]

    def show(self, person: Person) -> Shown:
        if self.allowed(person) and person.name:
            self.shown.add(person.pk)
            return Shown(person=person, label=person.name, named=True)
        return Shown(person=person, label=person.pseudonym, named=False)

    def choice(self, person: Person) -> tuple[int, str]:
        shown = self.show(person)
        label = f"{shown.label} ({person.pseudonym})" if shown.named else person.pseudonym
        return person.pk, label

    def audit(self, target: Any) -> None:
        if self.shown:
            log_action(self.user, IDENTITY_VIEWED, target, {"persons": sorted(self.shown)})


# ---------------------------------------------------------------------------
# The events list


SORT_ORDERS: dict[str, list[Any]] = {
    "-date": [F("start_date").desc(nulls_last=True), "-id"],
    "date": [F("start_date").asc(nulls_last=True), "id"],
    "reference": ["reference"],
    "-reference": ["-reference"],
    "governorate": ["governorate__sort_order", "governorate__slug", "-id"],
    "-governorate": ["-governorate__sort_order", "-governorate__slug", "-id"],
}
# Sortable columns: (first click, second click).
SORT_COLUMNS = {
    "date": ("-date", "date"),
    "reference": ("reference", "-reference"),
    "governorate": ("governorate", "-governorate"),
}


def sort_order(key: str, prefix: str = "") -> list[Any]:
    """The ordering of ``?sort=key``; ``prefix`` (``"event__"``) for querysets of acts."""
    order = []
    for item in SORT_ORDERS.get(key, SORT_ORDERS["-date"]):
        if isinstance(item, str):
            sign, name = ("-", item[1:]) if item.startswith("-") else ("", item)
            order.append(f"{sign}{prefix}{name}")
        else:
            expression = item.copy()
            expression.expression = F(f"{prefix}{item.expression.name}")
            order.append(expression)
    return order


def event_filter_form(http_request: HttpRequest) -> EventFilterForm:
    """The filters asked for (and remembered), else the ones remembered in the session."""
    user = http_request.user
    if "filter" in http_request.GET:
        form = EventFilterForm(http_request.GET, user=user)
        http_request.session[EVENT_FILTERS_KEY] = form.chosen()
        return form
    remembered = http_request.session.get(EVENT_FILTERS_KEY)
    return EventFilterForm(remembered if isinstance(remembered, dict) else {}, user=user)


def filtered_events(http_request: HttpRequest, form: EventFilterForm) -> Any:
    events = event_list_for_user(user=http_request.user, filters=form.selector_filters())
    return events.order_by(*sort_order(form.sort_key()))


@dataclass(frozen=True)
class EventRow:
    event: Event
    dates: str
    acts: int


@dataclass(frozen=True)
class SortLink:
    url: str
    aria_sort: str


def _sort_links(form: EventFilterForm) -> dict[str, SortLink]:
    chosen = form.chosen()
    current = form.sort_key()
    links = {}
    for column, (first, second) in SORT_COLUMNS.items():
        target = second if current == first else first
        aria = ""
        if current in (first, second):
            aria = "descending" if current.startswith("-") else "ascending"
        query = urlencode({**chosen, "filter": "1", "sort": target})
        links[column] = SortLink(url=f"?{query}", aria_sort=aria)
    return links


@never_cache
@require_GET
@monitoring_reader_required
def event_list(http_request: HttpRequest) -> HttpResponse:
    user = http_request.user
    if "reset" in http_request.GET:
        http_request.session.pop(EVENT_FILTERS_KEY, None)
        return redirect("monitoring:events")
    form = event_filter_form(http_request)
    page = Paginator(filtered_events(http_request, form), PAGE_SIZE).get_page(
        http_request.GET.get("page")
    )
    events = list(page.object_list)
    counts = dict(
        Act.objects.filter(event__in=[e.pk for e in events])
        .values("event")
        .annotate(n=Count("pk"))
        .values_list("event", "n")
    )
    rows = [EventRow(event=e, dates=event_dates(e), acts=counts.get(e.pk, 0)) for e in events]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "sort_links": _sort_links(form),
        "filtered": bool({k for k in form.chosen() if k != "sort"}),
        **nav_context(user, active="events"),
    }
    return no_store(render(http_request, "monitoring/event_list.html", context))


def nav_context(user: Any, *, active: str) -> dict[str, Any]:
    """The links of the monitoring sub-navigation this user may follow."""
    return {
        "nav_active": active,
        "entry_url": optional_url("monitoring:event_new") if can_document(user) else None,
        "export_url": reverse("monitoring:export") if may_export(user) else None,
        "duplicates_url": optional_url("monitoring:duplicates") if can_document(user) else None,
    }


def may_export(user: Any) -> bool:
    """The de-identified CSV: analysts and the director."""
    return has_role(user, Role.ANALYST, Role.DIRECTOR)


# ---------------------------------------------------------------------------
# One event


@dataclass
class ActRow:
    act: Act
    victim: Shown
    date: str
    perpetrators: list[tuple[str, bool, str]] = field(default_factory=list)


@dataclass
class PersonInEvent:
    shown: Shown
    roles: list[str]
    consents: list[tuple[Any, bool]] | None = None


def _add_role(
    people: dict[int, PersonInEvent], labels: PersonLabels, person: Person, role: str
) -> None:
    entry = people.get(person.pk)
    if entry is None:
        entry = people[person.pk] = PersonInEvent(shown=labels.show(person), roles=[])
    if role not in entry.roles:
        entry.roles.append(role)


@dataclass
class EventPage:
    """Everything the event page shows, read once for the page and its forms."""

    event: Event
    work: bool
    labels: PersonLabels
    acts: list[ActRow]
    information: list[Any]
    interventions: list[Any]
    people: dict[int, PersonInEvent]

    def person_choices(self) -> list[tuple[int, str]]:
        return [self.labels.choice(p.shown.person) for p in self.people.values()]

    def victim_choices(self) -> list[tuple[int, str]]:
        seen: dict[int, tuple[int, str]] = {}
        for row in self.acts:
            seen.setdefault(row.victim.person.pk, self.labels.choice(row.victim.person))
        return list(seen.values())

    def act_choices(self) -> list[tuple[int, str]]:
        return [
            (row.act.pk, f"{self.labels.choice(row.victim.person)[1]}: {row.act.act_type.name}")
            for row in self.acts
        ]


def event_page(user: Any, event: Event) -> EventPage:
    labels = PersonLabels(user)
    people: dict[int, PersonInEvent] = {}
    rows = []
    for act in act_list_for_event(event=event).select_related("act_type"):
        victim = labels.show(act.victim)
        _add_role(people, labels, act.victim, _("victim"))
        row = ActRow(act=act, victim=victim, date=date_with_precision(act.date, act.date_precision))
        for involvement in act.involvements.all():
            who = []
            if involvement.perpetrator is not None:
                shown = labels.show(involvement.perpetrator)
                who.append(shown.label)
                _add_role(people, labels, involvement.perpetrator, _("perpetrator"))
            if involvement.perpetrator_type is not None:
                who.append(involvement.perpetrator_type.name)
            row.perpetrators.append(
                (
                    " · ".join(who),
                    involvement.perpetrator is not None,
                    involvement.get_degree_display(),
                )
            )
        rows.append(row)
    information = []
    for info in Information.objects.filter(event=event).select_related(
        "source", "connection", "reliability"
    ):
        information.append((info, labels.show(info.source)))
        _add_role(people, labels, info.source, _("source"))
    interventions = []
    for intervention in Intervention.objects.filter(event=event).select_related(
        "victim", "intervention_type", "by_party", "by_user"
    ):
        victim_shown = labels.show(intervention.victim) if intervention.victim else None
        party = labels.show(intervention.by_party) if intervention.by_party else None
        interventions.append((intervention, victim_shown, party))
    work = may_work_on(user, event)
    if work:
        for entry in people.values():
            current = services.consent_current(person=entry.shown.person)
            entry.consents = [(ConsentKind(kind).label, given) for kind, given in current.items()]
    return EventPage(
        event=event,
        work=work,
        labels=labels,
        acts=rows,
        information=information,
        interventions=interventions,
        people=people,
    )


def _forms(user: Any, page: EventPage) -> dict[str, Any]:
    people = page.person_choices()
    return {
        "submit": SubmitForm(prefix="submit"),
        "verify": VerifyForm(prefix="verify"),
        "return": ReturnForm(prefix="return"),
        "comment": CommentForm(prefix="comment"),
        "attach": AttachForm(prefix="attach", acts=page.act_choices()),
        "act_add": ActAddForm(prefix="act_add", user=user, people=people),
        "involvement_add": InvolvementAddForm(
            prefix="involvement_add", user=user, people=people, acts=page.act_choices()
        ),
        "information_add": InformationAddForm(prefix="information_add", user=user, people=people),
        "intervention_add": InterventionAddForm(
            prefix="intervention_add", victims=page.victim_choices()
        ),
        "consent": ConsentForm(prefix="consent", people=people),
    }


def _related(user: Any, event: Event) -> list[tuple[str, Event]]:
    """The chain of events, as far as the user may read the other events."""
    readable = event_list_for_user(user=user, include_merged=True)
    related = []
    for relation in EventRelation.objects.filter(
        from_event=event, to_event__in=readable.values("pk")
    ).select_related("to_event"):
        related.append((relation.get_relation_display(), relation.to_event))
    for relation in EventRelation.objects.filter(
        to_event=event, from_event__in=readable.values("pk")
    ).select_related("from_event"):
        label = _("%(relation)s (this event)") % {"relation": relation.get_relation_display()}
        related.append((label, relation.from_event))
    return related


def _intake_link(user: Any, event: Event) -> str | None:
    from nama.intake.selectors import request_list_for_user

    if event.intake_request_id is None:
        return None
    if not request_list_for_user(user=user).filter(pk=event.intake_request_id).exists():
        return None
    return optional_url("intake:request", event.intake_request_id)


def render_event(
    http_request: HttpRequest,
    event: Event,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = http_request.user
    page = event_page(user, event)
    forms = _forms(user, page) if page.work else {}
    forms.update(bound or {})
    for form in forms.values():
        form.describe_fields()
    draft = event.verification == VerificationState.DRAFT
    comments = list(event.comments.select_related("author")) if page.work else []
    submitter = next(
        (c.author_id for c in reversed(comments) if c.kind == VerificationComment.Kind.SUBMITTED),
        None,
    )
    # Who may not verify (services.event_verify refuses them too): the author and
    # whoever submitted the event.
    author = user.pk in (event.created_by_id, submitter)
    context = {
        "event": event,
        "page": page,
        "dates": event_dates(event),
        "work": page.work,
        "draft": draft,
        "forms": forms,
        "bound": bound or {},
        "may_submit": page.work and draft,
        "may_verify": page.work and event.verification == VerificationState.SUBMITTED,
        "is_author": author,
        "may_return": page.work and not draft,
        "comments": comments,
        "files": event_files(event, page) if page.work else [],
        "file_count": sum(evidence_list_for_owner(owner=o).count() for o in _file_owners(event)),
        "related": _related(user, event),
        "intake_url": _intake_link(user, event),
        "rights": list(event.rights_affected.all()),
        "merged": event_list_for_user(user=user).filter(merged_into=event).values("pk", "reference")
        if event.merged_into_id is None
        else [],
        **nav_context(user, active=""),
    }
    # Audited before the page leaves, once, with the ids of the names it shows.
    page.labels.audit(event)
    return no_store(render(http_request, "monitoring/event_detail.html", context, status=status))


@never_cache
@require_GET
@monitoring_reader_required
def event_detail(http_request: HttpRequest, pk: int) -> HttpResponse:
    event = event_get_for_user(user=http_request.user, pk=pk)
    return render_event(http_request, event)


def event_for_work(http_request: HttpRequest, pk: int) -> Event:
    """An event the user may change; 404 otherwise (analysts, out of scope)."""
    event = event_get_for_user(user=http_request.user, pk=pk)
    if not may_work_on(http_request.user, event):
        raise Http404
    return event


@never_cache
@require_http_methods(["GET", "POST"])
@monitoring_reader_required
def event_edit(http_request: HttpRequest, pk: int) -> HttpResponse:
    user = http_request.user
    event = event_for_work(http_request, pk)
    if event.verification != VerificationState.DRAFT:
        messages.info(
            http_request, _("Only a draft can be changed. Ask the verifier to return it to you.")
        )
        return redirect("monitoring:event", pk=event.pk)
    status = 200
    if http_request.method == "POST":
        form = EventEditForm(http_request.POST, user=user, event=event)
        if form.is_valid():
            try:
                services.event_update(
                    by=user,
                    event=event,
                    data=form.service_data(),
                    rights_affected=list(form.cleaned_data["rights_affected"]),
                )
            except ValidationError as exc:
                for error in exc.messages:
                    form.add_error(None, error)
            else:
                return done(http_request, event, _("The event was saved."))
        status = 400
    else:
        form = EventEditForm(user=user, event=event)
    form.describe_fields()
    context = {"event": event, "form": form, **nav_context(user, active="")}
    return no_store(render(http_request, "monitoring/event_edit.html", context, status=status))


def done(http_request: HttpRequest, event: Event, message: str | Promise) -> HttpResponse:
    """Back to the event, or to the list when the change took it out of the user's scope."""
    messages.success(http_request, str(message))
    if (
        not event_list_for_user(user=http_request.user, include_merged=True)
        .filter(pk=event.pk)
        .exists()
    ):
        return redirect("monitoring:events")
    return redirect("monitoring:event", pk=event.pk)


@never_cache
@require_GET
@monitoring_reader_required
def evidence_download(http_request: HttpRequest, pk: int, uuid: str) -> HttpResponseBase:
    """The cleaned working copy of a file of the event or of one of its acts (custody
    recorded); not for analysts."""
    event = event_for_work(http_request, pk)
    found = [
        f for o in _file_owners(event) for f in evidence_list_for_owner(owner=o).filter(uuid=uuid)
    ]
    evidence = found[0] if found else evidence_get_for_owner(owner=event, uuid=uuid)
    return download_or_back(http_request, evidence=evidence, back="monitoring:event", pk=event.pk)
