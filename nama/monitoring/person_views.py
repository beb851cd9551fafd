"""Staff pages of the persons in the monitoring records: the list and one person's page.

A person is shown by pseudonym to everyone who may read the record, and by
name (with the other identifying fields) only to those
``selectors.can_see_identities_of`` allows; each page view that shows names is
audited once (``monitoring.person.identity_viewed``, ids only). Searching by
name or phone goes through the blind indexes and only for those who may see
the identities found; analysts find persons by pseudonym only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from nama.core.audit import log_action
from nama.core.evidence.selectors import evidence_get_for_owner, evidence_list_for_owner
from nama.core.evidence.views import download_or_back
from nama.core.fields import blind_index_q
from nama.core.models import Governorate
from nama.core.roles import Role, has_role
from nama.monitoring import matching, services
from nama.monitoring.forms import AttachForm, ConsentForm, PersonSearchForm
from nama.monitoring.models import (
    Act,
    Consent,
    ConsentKind,
    Information,
    Intervention,
    Involvement,
    Person,
)
from nama.monitoring.selectors import (
    can_document,
    can_see_identities_of,
    event_list_for_user,
    person_get_for_user,
    person_list_for_user,
)
from nama.monitoring.views import (
    IDENTITY_VIEWED,
    PAGE_SIZE,
    PersonLabels,
    event_dates,
    monitoring_reader_required,
    nav_context,
    no_store,
)


def _identity_scope(user: Any) -> Q:
    """Persons whose identities the user may see (``can_see_identities_of`` as a filter)."""
    if has_role(user, Role.DIRECTOR):
        return Q()
    if not has_role(user, Role.MONITOR):
        return Q(pk__in=[])
    own = Governorate.objects.filter(staff=user).values("pk")
    return Q(created_by=user) | Q(governorate__in=own)


def _search(user: Any, persons: QuerySet[Person], query: str) -> QuerySet[Person]:
    """By pseudonym for everyone; by name, phone or ID number (blind indexes and the
    name skeletons of duplicate detection) only among
    the persons whose identities the user may see, so a search is never an oracle."""
    found = Q(pseudonym__iexact=query.strip())
    if can_document(user):
        by_identity = Q(pk__in=[])
        for field in ("name_tokens", "phone_index", "id_number_index"):
            match = blind_index_q(Person, field, query)
            if match is not None:
                by_identity |= match
        # Spellings too: every name skeleton typed (عبدالله finds عبد الله, Muhammad محمد).
        keys = matching.query_keys(query)
        if keys:
            by_keys = Q()
            for key in keys:
                by_keys &= Q(match_keys__contains=key)
            by_identity |= by_keys
        found |= by_identity & _identity_scope(user)
    return persons.filter(found)


@never_cache
@require_GET
@monitoring_reader_required
def person_list(http_request: HttpRequest) -> HttpResponse:
    user = http_request.user
    form = PersonSearchForm(http_request.GET)
    persons = person_list_for_user(user=user).prefetch_related("characteristics")
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    if query.strip():
        persons = _search(user, persons, query)
    page = Paginator(persons.order_by("-id"), PAGE_SIZE).get_page(http_request.GET.get("page"))
    shown = list(page.object_list)
    counts = dict(
        Act.objects.filter(
            victim__in=[p.pk for p in shown],
            event__in=event_list_for_user(user=user).order_by().values("pk"),
        )
        .values("victim")
        .annotate(n=Count("pk"))
        .values_list("victim", "n")
    )
    labels = PersonLabels(user)
    rows = [(labels.show(person), counts.get(person.pk, 0)) for person in shown]
    context = {
        "form": form,
        "query": query,
        "page": page,
        "rows": rows,
        "may_search_names": can_document(user),
        **nav_context(user, active="persons"),
    }
    labels.audit(None)
    return no_store(render(http_request, "monitoring/person_list.html", context))


def _render_person(
    http_request: HttpRequest,
    person: Person,
    *,
    form: ConsentForm | None = None,
    attach: AttachForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = http_request.user
    identities = can_see_identities_of(user, person)
    readable = event_list_for_user(user=user, include_merged=True).order_by().values("pk")
    acts = (
        Act.objects.filter(victim=person, event__in=readable)
        .select_related("event", "event__governorate", "act_type")
        .order_by("-event_id", "id")
    )
    involvements = (
        Involvement.objects.filter(perpetrator=person, act__event__in=readable)
        .select_related("act__event", "act__act_type", "perpetrator_type")
        .order_by("-act__event_id", "id")
    )
    sources = (
        Information.objects.filter(source=person, event__in=readable)
        .select_related("event", "connection", "reliability")
        .order_by("-event_id", "id")
    )
    interventions = (
        Intervention.objects.filter(victim=person)
        .filter(Q(event__isnull=True) | Q(event__in=readable))
        .select_related("event", "intervention_type")
    )
    may_record = can_document(user) and identities
    if form is None and may_record:
        form = ConsentForm(prefix="consent")
    if attach is None and may_record:
        attach = AttachForm(prefix="attach")
    if attach is not None:
        attach.describe_fields()
    if form is not None:
        form.describe_fields()
    context = {
        "person": person,
        "identities": identities,
        "acts": [(act, event_dates(act.event)) for act in acts],
        "involvements": involvements,
        "sources": sources,
        "interventions": interventions,
        "characteristics": list(person.characteristics.all()),
        "consent_rows": [
            (ConsentKind(kind).label, given)
            for kind, given in services.consent_current(person=person).items()
        ],
        "consent_history": Consent.objects.filter(person=person)
        .select_related("recorded_by")
        .order_by("-recorded_on", "-id"),
        "form": form,
        "attach": attach,
        "may_record": may_record,
        # Files of a person (an ID card, a medical report, a photo of an injury)
        # identify them: only for those who may see the identity.
        "files": list(evidence_list_for_owner(owner=person)) if identities else [],
        "merged": person_list_for_user(user=user)
        .filter(merged_into=person)
        .values("pk", "pseudonym"),
        **nav_context(user, active="persons"),
    }
    if identities:
        log_action(user, IDENTITY_VIEWED, person, {"person": person.pk, "persons": [person.pk]})
    return no_store(render(http_request, "monitoring/person_detail.html", context, status=status))


@never_cache
@require_GET
@monitoring_reader_required
def person_detail(http_request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get_for_user(user=http_request.user, pk=pk)
    return _render_person(http_request, person)


@never_cache
@require_POST
@monitoring_reader_required
def person_consent(http_request: HttpRequest, pk: int) -> HttpResponse:
    """Record a consent decision; for those who document and may see the person (404 else)."""
    user = http_request.user
    person = person_get_for_user(user=user, pk=pk)
    if not (can_document(user) and can_see_identities_of(user, person)):
        raise Http404
    form = ConsentForm(http_request.POST, prefix="consent")
    if not form.is_valid():
        return _render_person(http_request, person, form=form, status=400)
    try:
        services.consent_record(by=user, person=person, **form.service_kwargs())
    except ValidationError as exc:
        for error in exc.messages:
            form.add_error(None, error)
        return _render_person(http_request, person, form=form, status=400)
    messages.success(http_request, _("The consent was recorded."))
    return redirect("monitoring:person", pk=person.pk)


@never_cache
@require_POST
@monitoring_reader_required
def person_attach(http_request: HttpRequest, pk: int) -> HttpResponse:
    """Add evidence files to a person; for those who document and may see them (404 else)."""
    user = http_request.user
    person = person_get_for_user(user=user, pk=pk)
    if not (can_document(user) and can_see_identities_of(user, person)):
        raise Http404
    attach = AttachForm(http_request.POST, http_request.FILES, prefix="attach")
    if not attach.is_valid():
        return _render_person(http_request, person, attach=attach, status=400)
    try:
        stored = services.evidence_attach(
            by=user, owner=person, files=attach.cleaned_data["uploads"]
        )
    except ValidationError as exc:
        for error in exc.messages:
            attach.add_error("uploads", error)
        return _render_person(http_request, person, attach=attach, status=400)
    messages.success(
        http_request,
        ngettext("%(count)d file was added.", "%(count)d files were added.", len(stored))
        % {"count": len(stored)},
    )
    return redirect("monitoring:person", pk=person.pk)


@never_cache
@require_GET
@monitoring_reader_required
def person_evidence(http_request: HttpRequest, pk: int, uuid: str) -> HttpResponseBase:
    """The working copy of a person's file (custody recorded); identity access only."""
    user = http_request.user
    person = person_get_for_user(user=user, pk=pk)
    if not can_see_identities_of(user, person):
        raise Http404
    evidence = evidence_get_for_owner(owner=person, uuid=uuid)
    return download_or_back(http_request, evidence=evidence, back="monitoring:person", pk=person.pk)
