"""The review of possible duplicates: the queue, and one pair side by side with its
decisions (merge, not a duplicate, undo a merge).

For monitors and the director only, and only for pairs whose two records they
may read with identities (``duplicates.duplicate_list_for_user``); everyone
else, analysts included, gets 404. The queue shows pseudonyms and references
and decrypts nothing; the page of a pair of persons shows both identities and
records that reading in the audit log. Decisions are POST forms that redirect
back to the pair, or show the page again with the reason for a refusal (400).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from nama.accounts.decorators import verified_staff_required
from nama.core.audit import log_action
from nama.core.evidence.models import EvidenceFile
from nama.core.forms import AccessibleFormMixin
from nama.core.http import no_store
from nama.core.models import Term
from nama.monitoring import duplicates
from nama.monitoring.models import (
    Act,
    Consent,
    DuplicateKind,
    DuplicateStatus,
    DuplicateSuggestion,
    Event,
    Information,
    Intervention,
    Involvement,
    Person,
    VerificationComment,
)
from nama.monitoring.views import IDENTITY_VIEWED, event_dates, nav_context

PAGE_SIZE = 25

View = Callable[..., HttpResponseBase]

# What the codes in DuplicateSuggestion.reasons mean, for the reviewer.
REASONS = {
    "name": gettext_lazy("names written alike"),
    "name_similar": gettext_lazy("similar names"),
    "name_latin": gettext_lazy("matched through the name in Latin letters"),
    "alias": gettext_lazy("matched through another name"),
    "birth_year": gettext_lazy("same year of birth, give or take one"),
    "birth_year_differs": gettext_lazy("years of birth differ"),
    "sex": gettext_lazy("same sex"),
    "sex_differs": gettext_lazy("sex differs"),
    "id_number": gettext_lazy("same identity document number"),
    "id_number_differs": gettext_lazy("different identity document numbers"),
    "phone": gettext_lazy("same phone number"),
    "date_same": gettext_lazy("same date"),
    "date_close": gettext_lazy("close dates"),
    "place_same": gettext_lazy("same governorate"),
    "district_same": gettext_lazy("same district"),
    "place_name": gettext_lazy("same place"),
    "act_types": gettext_lazy("same types of act"),
    "title": gettext_lazy("similar titles"),
    "victims": gettext_lazy("the same victims"),
}


def duplicate_reviewer_required(view: View) -> View:
    """Verified monitors and the director; everyone else gets 404."""

    @verified_staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not duplicates.can_review_duplicates(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class QueueFilterForm(AccessibleFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Records"),
        choices=[("", gettext_lazy("persons and events")), *DuplicateKind.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=DuplicateStatus.choices, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def chosen(self) -> tuple[str, str]:
        if not self.is_valid():
            return "", DuplicateStatus.OPEN
        return self.cleaned_data["kind"], self.cleaned_data["status"] or DuplicateStatus.OPEN


class MergeForm(AccessibleFormMixin, forms.Form):
    keep = forms.ChoiceField(label=gettext_lazy("Which record stays?"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, suggestion: DuplicateSuggestion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first, second = _label(suggestion.first), _label(suggestion.second)
        keep: Any = self.fields["keep"]
        keep.choices = [
            (
                "a",
                _("Keep %(kept)s and merge %(merged)s into it") % {"kept": first, "merged": second},
            ),
            (
                "b",
                _("Keep %(kept)s and merge %(merged)s into it") % {"kept": second, "merged": first},
            ),
        ]
        self.fields["keep"].error_messages["required"] = _("Choose the record that stays.")
        self.style_widgets()


class EmptyForm(forms.Form):
    """A decision that needs nothing but the button (errors are shown on it)."""


def _label(record: Any) -> str:
    """The pseudonym or reference, isolated left-to-right for sentences in Arabic."""
    label = record.pseudonym if isinstance(record, Person) else record.reference
    return f"\u2066{label}\u2069"


# ---------------------------------------------------------------------------
# The queue


@never_cache
@require_GET
@duplicate_reviewer_required
def duplicate_list(http_request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(http_request.GET or None)
    kind, status = form.chosen()
    suggestions = duplicates.duplicate_list_for_user(
        user=http_request.user, kind=kind, status=status
    )
    page = Paginator(suggestions, PAGE_SIZE).get_page(http_request.GET.get("page"))
    rows = [
        (suggestion, [(code, REASONS.get(code, code)) for code in suggestion.reasons])
        for suggestion in page.object_list
    ]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "status": status,
        "query": _query_without_page(http_request),
        **nav_context(http_request.user, active="duplicates"),
    }
    return no_store(render(http_request, "monitoring/duplicate_list.html", context))


def _query_without_page(http_request: HttpRequest) -> str:
    query = http_request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# ---------------------------------------------------------------------------
# One pair


@dataclass(frozen=True)
class Row:
    """One line of the comparison: a label and the two values (already text)."""

    label: str
    first: Any
    second: Any
    direction: str = ""  # of user-written values: "auto", or "ltr" for Latin text
    lines: bool = False

    @property
    def differs(self) -> bool:
        return bool(self.first or self.second) and self.first != self.second


def _compared(a: str, b: str) -> tuple[str, str]:
    """A blind index compared without showing the values: same, different, or missing."""
    if not a or not b:
        return (_("recorded") if a else "—"), (_("recorded") if b else "—")
    word = _("the same") if a == b else _("different")
    return word, word


def _person_counts(person: Person) -> dict[str, int]:
    return {
        "acts": Act.objects.filter(victim=person).count(),
        "events": Act.objects.filter(victim=person).values("event").distinct().count(),
        "involvements": Involvement.objects.filter(perpetrator=person).count(),
        "information": Information.objects.filter(source=person).count()
        + Information.objects.filter(person=person).count(),
        "interventions": Intervention.objects.filter(victim=person).count()
        + Intervention.objects.filter(by_party=person).count(),
        "consents": Consent.objects.filter(person=person).count(),
        "files": EvidenceFile.objects.of(person).present().count(),
    }


def _person_rows(a: Person, b: Person) -> list[Row]:
    counts_a, counts_b = _person_counts(a), _person_counts(b)
    id_a, id_b = _compared(a.id_number_index, b.id_number_index)
    phone_a, phone_b = _compared(a.phone_index, b.phone_index)
    rows = [
        Row(_("Name"), a.name, b.name, direction="auto"),
        Row(_("Name in Latin letters"), a.name_latin, b.name_latin, direction="ltr"),
        Row(_("Other names and spellings"), a.aliases, b.aliases, direction="auto", lines=True),
        Row(_("Sex"), a.sex.name if a.sex else "", b.sex.name if b.sex else ""),
        Row(_("Year of birth"), str(a.birth_year or ""), str(b.birth_year or "")),
        Row(_("Documented in"), a.governorate.name, b.governorate.name),
        Row(_("Identity document number"), id_a, id_b),
        Row(_("Phone"), phone_a, phone_b),
    ]
    labels = {
        "acts": _("Acts suffered"),
        "events": _("Events as a victim"),
        "involvements": _("Acts as a perpetrator"),
        "information": _("Information given or about them"),
        "interventions": _("Interventions"),
        "consents": _("Consent decisions"),
        "files": _("Files"),
    }
    rows += [Row(label, str(counts_a[key]), str(counts_b[key])) for key, label in labels.items()]
    return rows


def _event_counts(event: Event) -> dict[str, Any]:
    acts = Act.objects.filter(event=event)
    types = Term.objects.filter(pk__in=acts.values("act_type")).order_by("code")
    return {
        "types": "; ".join(term.name for term in types),
        "acts": acts.count(),
        "victims": acts.values("victim").distinct().count(),
        "sources": Information.objects.filter(event=event).count(),
        "interventions": Intervention.objects.filter(event=event).count(),
        "comments": VerificationComment.objects.filter(event=event).count(),
        "files": EvidenceFile.objects.of(event).present().count(),
    }


def _event_rows(a: Event, b: Event) -> list[Row]:
    counts_a, counts_b = _event_counts(a), _event_counts(b)
    rows = [
        Row(_("Title"), a.title, b.title, direction="auto"),
        Row(_("Verification"), a.get_verification_display(), b.get_verification_display()),
        Row(_("Dates"), event_dates(a), event_dates(b)),
        Row(_("Governorate"), a.governorate.name, b.governorate.name),
        Row(
            _("District"),
            a.district.name if a.district else "",
            b.district.name if b.district else "",
        ),
        Row(_("Place"), a.place, b.place, direction="auto"),
        Row(_("Types of act"), counts_a["types"], counts_b["types"]),
    ]
    labels = {
        "acts": _("Acts"),
        "victims": _("Victims"),
        "sources": _("Sources"),
        "interventions": _("Interventions"),
        "comments": _("Verification comments"),
        "files": _("Files"),
    }
    rows += [Row(label, str(counts_a[key]), str(counts_b[key])) for key, label in labels.items()]
    return rows


def _merge_summary(merge: Any) -> list[tuple[str, int]]:
    labels = {
        "monitoring.act.victim_id": _("acts"),
        "monitoring.act.event_id": _("acts"),
        "monitoring.involvement.perpetrator_id": _("acts as a perpetrator"),
        "monitoring.involvement.act_id": _("perpetrators of acts listed in both"),
        "monitoring.information.source_id": _("information given"),
        "monitoring.information.person_id": _("information about the person"),
        "monitoring.information.event_id": _("sources"),
        "monitoring.intervention.victim_id": _("interventions"),
        "monitoring.intervention.by_party_id": _("interventions made"),
        "monitoring.intervention.event_id": _("interventions"),
        "monitoring.consent.person_id": _("consent decisions"),
        "monitoring.eventrelation.from_event_id": _("relations to other events"),
        "monitoring.eventrelation.to_event_id": _("relations from other events"),
        "monitoring.verificationcomment.event_id": _("verification comments"),
        "core.evidencefile.owner_id": _("files"),
        "characteristics": _("characteristics"),
        "rights_affected": _("rights affected"),
    }
    summary: dict[str, int] = {}
    for move in merge.moves:
        key = move.get("m2m") or f"{move['model']}.{move['field']}"
        label = str(labels.get(key, key))
        summary[label] = summary.get(label, 0) + len(move["ids"])
    return sorted(summary.items())


def _records(suggestion: DuplicateSuggestion) -> tuple[Any, Any]:
    """The two records, fetched again for this page (their identities decrypted)."""
    if suggestion.kind == DuplicateKind.PERSON:
        persons = Person.objects.select_related("governorate", "sex", "merged_into")
        ids: tuple[Any, Any] = (suggestion.person_a_id, suggestion.person_b_id)
        found: dict[Any, Any] = {p.pk: p for p in persons.filter(pk__in=ids)}
    else:
        events = Event.objects.select_related("governorate", "district", "merged_into")
        ids = (suggestion.event_a_id, suggestion.event_b_id)
        found = {e.pk: e for e in events.filter(pk__in=ids)}
    return found[ids[0]], found[ids[1]]


def _render_pair(
    http_request: HttpRequest,
    suggestion: DuplicateSuggestion,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = http_request.user
    first, second = _records(suggestion)
    is_person = suggestion.kind == DuplicateKind.PERSON
    rows = _person_rows(first, second) if is_person else _event_rows(first, second)
    if is_person:
        # Both identities are on this page: each reading is recorded.
        for person in (first, second):
            log_action(
                user, IDENTITY_VIEWED, person, {"person": person.pk, "suggestion": suggestion.pk}
            )
    decision_forms: dict[str, forms.Form] = {
        "merge": MergeForm(prefix="merge", suggestion=suggestion),
        "not_duplicate": EmptyForm(prefix="not_duplicate"),
        "undo": EmptyForm(prefix="undo"),
    }
    decision_forms.update(bound or {})
    decision_forms["merge"].describe_fields()  # type: ignore[attr-defined]
    merge = duplicates.merge_for_suggestion(suggestion)
    shown = {"merge", "not_duplicate"} if suggestion.is_open else {"undo"} if merge else set()
    context = {
        # A refusal of a decision the page no longer offers (decided meanwhile) is
        # said at the top.
        "hidden_errors": [
            error
            for name, form in (bound or {}).items()
            if name not in shown
            for error in form.non_field_errors()
        ],
        "suggestion": suggestion,
        "is_person": is_person,
        "first": first,
        "second": second,
        "rows": rows,
        "reasons": [(code, REASONS.get(code, code)) for code in suggestion.reasons],
        "forms": decision_forms,
        "merge": merge,
        "moved": _merge_summary(merge) if merge else [],
        "kept": sum(len(k["ids"]) for k in merge.kept) if merge else 0,
        "kept_record": (merge.target if merge else None),
        "merged_record": (merge.source if merge else None),
        **nav_context(user, active="duplicates"),
    }
    return no_store(
        render(http_request, "monitoring/duplicate_detail.html", context, status=status)
    )


@never_cache
@require_GET
@duplicate_reviewer_required
def duplicate_detail(http_request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = duplicates.duplicate_get_for_user(user=http_request.user, pk=pk)
    return _render_pair(http_request, suggestion)


def _refused(
    http_request: HttpRequest,
    suggestion: DuplicateSuggestion,
    name: str,
    form: forms.Form,
    exc: ValidationError,
) -> HttpResponse:
    for error in exc.messages:
        form.add_error(None, error)
    return _render_pair(http_request, suggestion, bound={name: form}, status=400)


def _act_merge(http_request: HttpRequest, suggestion: DuplicateSuggestion) -> HttpResponse:
    form = MergeForm(http_request.POST, prefix="merge", suggestion=suggestion)
    if not form.is_valid():
        return _render_pair(http_request, suggestion, bound={"merge": form}, status=400)
    try:
        merge = duplicates.duplicate_merge(
            by=http_request.user, suggestion=suggestion, keep=form.cleaned_data["keep"]
        )
    except ValidationError as exc:
        return _refused(http_request, suggestion, "merge", form, exc)
    messages.success(
        http_request,
        _("%(merged)s was merged into %(kept)s. You can undo this below.")
        % {"merged": _label(merge.source), "kept": _label(merge.target)},
    )
    return redirect("monitoring:duplicate", pk=suggestion.pk)


def _act_not_duplicate(http_request: HttpRequest, suggestion: DuplicateSuggestion) -> HttpResponse:
    form = EmptyForm(http_request.POST, prefix="not_duplicate")
    try:
        duplicates.duplicate_mark_not_duplicate(by=http_request.user, suggestion=suggestion)
    except ValidationError as exc:
        return _refused(http_request, suggestion, "not_duplicate", form, exc)
    messages.success(
        http_request, _("Marked as not a duplicate: this pair will not be suggested again.")
    )
    return redirect("monitoring:duplicates")


def _act_undo(http_request: HttpRequest, suggestion: DuplicateSuggestion) -> HttpResponse:
    form = EmptyForm(http_request.POST, prefix="undo")
    try:
        duplicates.duplicate_undo(by=http_request.user, suggestion=suggestion)
    except ValidationError as exc:
        return _refused(http_request, suggestion, "undo", form, exc)
    messages.success(http_request, _("The merge was undone: both records are separate again."))
    return redirect("monitoring:duplicate", pk=suggestion.pk)


ACTIONS: dict[str, Callable[[HttpRequest, DuplicateSuggestion], HttpResponse]] = {
    "merge": _act_merge,
    "not-duplicate": _act_not_duplicate,
    "undo": _act_undo,
}


@never_cache
@require_POST
@duplicate_reviewer_required
def duplicate_action(http_request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One decision on a pair the reviewer may see (404 otherwise)."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    suggestion = duplicates.duplicate_get_for_user(user=http_request.user, pk=pk)
    return handler(http_request, suggestion)
