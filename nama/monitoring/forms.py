"""Forms of the monitoring pages: the events list's filters, the edit page of a draft,
the actions on an event and the consent of a person.

Every form renders through ``core/_field.html`` (lists of checkboxes through
``monitoring/_checkboxes.html``); a refused form is shown again with its
errors next to the fields and everything typed kept. Persons are offered by
the label the page may show (a name, or the pseudonym) and resolved through
the scoped selectors, never by a raw id from the browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nama.core.dates import DatePrecision
from nama.core.evidence.services import max_bytes
from nama.core.forms import AccessibleFormMixin
from nama.core.models import District, Governorate, Term
from nama.core.roles import scoped_governorates
from nama.monitoring.models import (
    Confidentiality,
    ConsentKind,
    Event,
    InterventionStatus,
    InvolvementDegree,
    Person,
    VerificationState,
)
from nama.monitoring.selectors import EventFilters, person_list_for_user

# ?sort= values of the events list and the CSV export → what they order by.
SORTS: dict[str, Any] = {
    "-date": _("Start date, newest first"),
    "date": _("Start date, oldest first"),
    "reference": _("Reference"),
    "-reference": _("Reference, descending"),
    "governorate": _("Governorate"),
    "-governorate": _("Governorate, descending"),
}
DEFAULT_SORT = "-date"
PRECISION_CHOICES = [
    (DatePrecision.EXACT, _("The exact day")),
    (DatePrecision.MONTH, _("Only the month")),
    (DatePrecision.YEAR, _("Only the year")),
]
GIVEN_CHOICES = [("yes", _("Given")), ("no", _("Refused or withdrawn"))]
NOT_FOUND = _("No person you can open has this pseudonym.")


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "dir": "auto"})


def term_label(term: Term) -> str:
    """A term's name, narrower terms marked (``— Torture`` under ``Torture and ill-treatment``)."""
    return f"{'— ' * term.depth}{term.name}"


def term_choices(vocabulary: str, empty: Any) -> list[tuple[str, Any]]:
    terms = Term.objects.of(vocabulary).active().order_by("code")
    return [("", empty)] + [(t.code, term_label(t)) for t in terms]


class TermField(forms.ModelChoiceField[Term]):
    """A term of one vocabulary, chosen by its code (retired terms are not offered)."""

    def __init__(self, vocabulary: str, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("to_field_name", "code")
        super().__init__(queryset=Term.objects.of(vocabulary).active().order_by("code"), **kwargs)

    def label_from_instance(self, obj: Term) -> str:
        return term_label(obj)


class TermsField(forms.ModelMultipleChoiceField[Term]):
    def __init__(self, vocabulary: str, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(queryset=Term.objects.of(vocabulary).active().order_by("code"), **kwargs)

    def label_from_instance(self, obj: Term) -> str:
        return term_label(obj)


class StaffForm(AccessibleFormMixin, forms.Form):
    """Subclasses adjust their fields in :meth:`setup`, which runs before the bound
    fields are made (a label changed later would not show)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup()
        self.style_widgets()

    def setup(self) -> None:
        """Set choices and labels that depend on the page (called once, from __init__)."""


def governorate_choices(governorates: Any, empty: Any) -> list[tuple[str, Any]]:
    return [("", empty)] + [(g.slug, g.name) for g in governorates.order_by("sort_order", "slug")]


# ---------------------------------------------------------------------------
# The events list


class EventFilterForm(StaffForm):
    """GET filters of the events list (and of the CSV export); an invalid value is
    dropped on its own, never an error page."""

    governorate = forms.ChoiceField(label=_("Governorate"), required=False)
    period_start = forms.DateField(label=_("From"), required=False, widget=_date_input())
    period_end = forms.DateField(label=_("Until"), required=False, widget=_date_input())
    act_type = forms.ChoiceField(label=_("Type of act"), required=False)
    perpetrator_type = forms.ChoiceField(label=_("Type of perpetrator"), required=False)
    victim_characteristic = forms.ChoiceField(label=_("Type of victim"), required=False)
    violation_status = forms.ChoiceField(label=_("Violation status"), required=False)
    verification = forms.ChoiceField(
        label=_("Verification"),
        required=False,
        choices=[("", _("Any stage")), *VerificationState.choices],
    )
    mine = forms.BooleanField(label=_("Documented by me"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORTS.items()))

    FIELDS = (
        "governorate",
        "period_start",
        "period_end",
        "act_type",
        "perpetrator_type",
        "victim_characteristic",
        "violation_status",
        "verification",
        "mine",
        "sort",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        choices: dict[str, Any] = {
            "governorate": governorate_choices(
                scoped_governorates(self.user), _("Any governorate")
            ),
            "act_type": term_choices("act_type", _("Any act")),
            "perpetrator_type": term_choices("perpetrator_type", _("Any perpetrator")),
            "victim_characteristic": term_choices("victim_characteristic", _("Any victim")),
            "violation_status": term_choices("violation_status", _("Any status")),
        }
        for name, values in choices.items():
            field: Any = self.fields[name]
            field.choices = values

    def valid_values(self) -> dict[str, Any]:
        self.is_valid()
        return self.cleaned_data

    def chosen(self) -> dict[str, str]:
        """The valid, non-empty choices as strings: what the session remembers."""
        chosen = {}
        for key, value in self.valid_values().items():
            if key not in self.FIELDS or value in (None, "", False):
                continue
            if isinstance(value, date):
                chosen[key] = value.isoformat()
            elif value is True:
                chosen[key] = "1"
            else:
                chosen[key] = str(value)
        return chosen

    def selector_filters(self) -> EventFilters:
        data = self.valid_values()
        return EventFilters(
            governorate=data.get("governorate") or "",
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
            act_type=data.get("act_type") or "",
            perpetrator_type=data.get("perpetrator_type") or "",
            victim_characteristic=data.get("victim_characteristic") or "",
            violation_status=data.get("violation_status") or "",
            verification=data.get("verification") or "",
            created_by_me=bool(data.get("mine")),
        )

    def sort_key(self) -> str:
        return self.valid_values().get("sort") or DEFAULT_SORT


class PersonSearchForm(StaffForm):
    q = forms.CharField(
        label=_("Find a person"),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "dir": "auto",
                "autocomplete": "off",
                "aria-describedby": "person-search-help",
            }
        ),
    )


# ---------------------------------------------------------------------------
# The edit page of a draft


def _district_choices() -> list[tuple[Any, Any]]:
    """Districts grouped by governorate (``<optgroup>``), chosen by slug."""
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    districts = District.objects.select_related("governorate").order_by(
        "governorate__sort_order", "governorate__slug", "sort_order", "slug"
    )
    for district in districts:
        group = groups.setdefault(district.governorate_id, (district.governorate.name, []))
        group[1].append((district.slug, district.name))
    return [("", _("Unknown")), *groups.values()]


class EventEditForm(StaffForm):
    """The fields of a draft event (its acts, persons and sources have their own forms)."""

    title = forms.CharField(
        label=_("Title"), max_length=300, help_text=Event._meta.get_field("title").help_text
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=50000,
        required=False,
        widget=_text_area(8),
        help_text=_("What happened, as the sources told it. Encrypted; never shown to analysts."),
    )
    governorate = forms.ChoiceField(label=_("Governorate"))
    district = forms.ChoiceField(label=_("District"), required=False)
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=Event._meta.get_field("place").help_text,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"dir": "ltr", "step": "0.00001"}),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=-180,
        max_value=180,
        help_text=_("Of the place of the event, never of a home."),
        widget=forms.NumberInput(attrs={"dir": "ltr", "step": "0.00001"}),
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=_date_input())
    start_precision = forms.ChoiceField(
        label=_("How exactly the start is known"), choices=PRECISION_CHOICES, required=False
    )
    end_date = forms.DateField(label=_("End date"), required=False, widget=_date_input())
    end_precision = forms.ChoiceField(
        label=_("How exactly the end is known"), choices=PRECISION_CHOICES, required=False
    )
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), choices=Confidentiality.choices)
    index_terms = forms.CharField(
        label=_("Index terms"),
        max_length=500,
        required=False,
        help_text=Event._meta.get_field("index_terms").help_text,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    rights_affected = TermsField("right_affected", label=_("Rights affected"))

    def __init__(self, *args: Any, user: Any, event: Event, **kwargs: Any) -> None:
        if not args and "data" not in kwargs:
            kwargs.setdefault("initial", self.initial_from(event))
        self.user, self.event = user, event
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        # The governorates the user documents in, and the event's own (a monitor's
        # event documented elsewhere keeps its place).
        places = Governorate.objects.filter(
            pk__in=[
                *scoped_governorates(self.user).values_list("pk", flat=True),
                self.event.governorate_id,
            ]
        )
        governorate: Any = self.fields["governorate"]
        governorate.choices = governorate_choices(places, _("Choose…"))
        district: Any = self.fields["district"]
        district.choices = _district_choices()

    @staticmethod
    def initial_from(event: Event) -> dict[str, Any]:
        def precision(value: str) -> str:
            return value if value != DatePrecision.UNKNOWN else DatePrecision.EXACT

        return {
            "title": event.title,
            "description": event.description,
            "governorate": event.governorate.slug,
            "district": event.district.slug if event.district else "",
            "place": event.place,
            "latitude": event.latitude,
            "longitude": event.longitude,
            "start_date": event.start_date,
            "start_precision": precision(event.start_precision),
            "end_date": event.end_date,
            "end_precision": precision(event.end_precision),
            "confidentiality": event.confidentiality,
            "index_terms": event.index_terms,
            "rights_affected": [t.code for t in event.rights_affected.all()],
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slug = data.get("governorate")
        data["governorate"] = Governorate.objects.filter(slug=slug).first() if slug else None
        district_slug = data.get("district")
        district = District.objects.filter(slug=district_slug).first() if district_slug else None
        if district is not None and district.governorate_id != getattr(
            data["governorate"], "pk", None
        ):
            self.add_error("district", _("This district is not in the governorate chosen."))
        data["district"] = district
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in (
                "title",
                "description",
                "governorate",
                "district",
                "place",
                "latitude",
                "longitude",
                "start_date",
                "start_precision",
                "end_date",
                "end_precision",
                "confidentiality",
                "index_terms",
            )
        }


# ---------------------------------------------------------------------------
# Verification


class SubmitForm(StaffForm):
    comment = forms.CharField(
        label=_("Note for the verifier"),
        max_length=20000,
        required=False,
        widget=_text_area(2),
    )


class VerifyForm(StaffForm):
    violation_status = TermField(
        "violation_status",
        label=_("Violation status"),
        required=True,
        empty_label=None,
        widget=forms.RadioSelect,
        help_text=_("Only events verified as confirmed or likely count in statistics."),
    )
    comment = forms.CharField(
        label=_("Comment"), max_length=20000, required=False, widget=_text_area(2)
    )


class ReturnForm(StaffForm):
    comment = forms.CharField(
        label=_("What needs to change"),
        max_length=20000,
        widget=_text_area(2),
        help_text=_("The author reads it in the verification thread."),
    )


class CommentForm(StaffForm):
    body = forms.CharField(label=_("Comment"), max_length=20000, widget=_text_area(3))


# ---------------------------------------------------------------------------
# Files


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True
    template_name = "django/forms/widgets/file.html"


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [] if not data else (data if isinstance(data, list | tuple) else [data])
        if not files:
            raise forms.ValidationError(_("Choose at least one file."), code="required")
        limit = max_bytes()
        for file in files:
            if file.size is not None and file.size > limit:
                raise forms.ValidationError(
                    _("The file is too large. The largest file that can be sent is %(limit)s."),
                    code="evidence_too_large",
                    params={"limit": filesizeformat(limit)},
                )
        return list(files)


class AttachForm(StaffForm):
    uploads = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "Photos, documents, recordings. Kept unchanged and encrypted; photos get a "
            "cleaned copy without location data."
        ),
    )
    act = forms.ChoiceField(label=_("Evidence of"), required=False)

    def __init__(self, *args: Any, acts: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        self.acts = acts
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        self.fields["uploads"].widget.attrs["multiple"] = True
        field: Any = self.fields["act"]
        field.choices = [("", _("The event as a whole"))] + [
            (str(pk), label) for pk, label in self.acts
        ]


# ---------------------------------------------------------------------------
# Acts, perpetrators, sources, interventions: persons chosen among the event's


class PersonPickerForm(StaffForm):
    """Someone already in the event, a person found by pseudonym, or a new person by name.

    ``people`` are ``(id, label)`` of the persons of the event, labelled as the
    page may show them; ``user`` scopes the pseudonym lookup. ``cleaned_data``
    gets ``who`` (a Person or None) and ``new_name``.
    """

    person_label: Any = _("Person")
    person_required = True

    person = forms.ChoiceField(required=False)
    pseudonym = forms.CharField(
        label=_("or the pseudonym of someone else"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
        help_text=_("For example P-2026-00123."),
    )
    new_name = forms.CharField(
        label=_("or the name of a new person"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )

    def __init__(
        self, *args: Any, user: Any, people: Sequence[tuple[int, str]], **kwargs: Any
    ) -> None:
        self.user = user
        self.people = people
        self._people = {str(pk) for pk, _label in people}
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        field: Any = self.fields["person"]
        field.label = self.person_label
        field.choices = [("", _("Choose…"))] + [(str(pk), label) for pk, label in self.people]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [k for k in ("person", "pseudonym", "new_name") if (data.get(k) or "").strip()]
        data["who"] = None
        data["new_name"] = (data.get("new_name") or "").strip()
        if len(given) > 1:
            raise forms.ValidationError(
                _("Choose one person: from the list, by pseudonym, or a new name."), code="many"
            )
        if not given and self.person_required:
            self.add_error("person", _("Choose a person, or type a pseudonym or a new name."))
            return data
        readable = person_list_for_user(user=self.user)
        if "person" in given:
            data["who"] = readable.filter(pk=int(data["person"])).first()
            if data["who"] is None or data["person"] not in self._people:
                self.add_error("person", _("Choose a person from the list."))
        elif "pseudonym" in given:
            data["who"] = readable.filter(pseudonym__iexact=data["pseudonym"].strip()).first()
            if data["who"] is None:
                self.add_error("pseudonym", NOT_FOUND)
        return data


class ActAddForm(PersonPickerForm):
    person_label = _("Victim")

    new_sex = TermField("sex", label=_("Sex of the new person"))
    act_type = TermField("act_type", label=_("Type of act"), required=True)
    method = TermField("method_of_violence", label=_("Method"))
    location_type = TermField("location_type", label=_("Type of location"))
    victim_status = TermField("victim_status", label=_("Status of the victim"))
    victim_age = forms.IntegerField(
        label=_("Age at the time"),
        min_value=0,
        max_value=130,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
    )
    date = forms.DateField(label=_("Date of the act"), required=False, widget=_date_input())
    date_precision = forms.ChoiceField(
        label=_("How exactly it is known"), choices=PRECISION_CHOICES, required=False
    )


class ActRemoveForm(StaffForm):
    act = forms.IntegerField(widget=forms.HiddenInput)


class InvolvementAddForm(PersonPickerForm):
    person_label = _("Perpetrator")
    person_required = False

    act = forms.ChoiceField(label=_("In the act"))
    perpetrator_type = TermField("perpetrator_type", label=_("Type of perpetrator"))
    degree = forms.ChoiceField(
        label=_("Degree of involvement"),
        choices=InvolvementDegree.choices,
        initial=InvolvementDegree.DIRECT,
    )

    def __init__(self, *args: Any, acts: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        self.acts = acts
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        super().setup()
        field: Any = self.fields["act"]
        field.choices = [(str(pk), label) for pk, label in self.acts]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        nobody = data.get("who") is None and not data.get("new_name")
        if not self.errors and nobody and data.get("perpetrator_type") is None:
            raise forms.ValidationError(
                _("Name the perpetrator or choose the type of perpetrator."), code="perpetrator"
            )
        return data


class InformationAddForm(PersonPickerForm):
    person_label = _("Source")

    connection = TermField("source_connection", label=_("Connection to the event"))
    reliability = TermField("source_reliability", label=_("Reliability"))
    date = forms.DateField(label=_("Date of the information"), required=False, widget=_date_input())
    summary = forms.CharField(
        label=_("What the source said"), max_length=50000, required=False, widget=_text_area(3)
    )


class InterventionAddForm(StaffForm):
    intervention_type = TermField(
        "intervention_type", label=_("Type of intervention"), required=True
    )
    victim = forms.ChoiceField(label=_("For the victim"), required=False)
    date = forms.DateField(label=_("Date"), required=False, widget=_date_input())
    status = forms.ChoiceField(
        label=_("Status"), choices=InterventionStatus.choices, initial=InterventionStatus.PLANNED
    )
    response = forms.CharField(
        label=_("Response received"), max_length=20000, required=False, widget=_text_area(2)
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=20000, required=False, widget=_text_area(2)
    )

    def __init__(self, *args: Any, victims: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        self.victims = victims
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        field: Any = self.fields["victim"]
        field.choices = [("", _("The whole event"))] + [
            (str(pk), label) for pk, label in self.victims
        ]


# ---------------------------------------------------------------------------
# Consent


class ConsentForm(StaffForm):
    """A consent decision; ``people`` (event page) adds the choice of the person."""

    person = forms.ChoiceField(label=_("Person"))
    kind = forms.ChoiceField(
        label=_("Consent to"), choices=ConsentKind.choices, widget=forms.RadioSelect
    )
    given = forms.ChoiceField(label=_("Decision"), choices=GIVEN_CHOICES, widget=forms.RadioSelect)
    recorded_on = forms.DateField(label=_("Date"), required=False, widget=_date_input())
    note = forms.CharField(
        label=_("How it was given"),
        max_length=5000,
        required=False,
        widget=_text_area(2),
        help_text=_("For example: orally, by phone, in the presence of a relative."),
    )

    def __init__(
        self, *args: Any, people: Sequence[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        self.people = people
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        if self.people is None:
            del self.fields["person"]
        else:
            field: Any = self.fields["person"]
            field.choices = [("", _("Choose…"))] + [(str(pk), lbl) for pk, lbl in self.people]
        if not self.is_bound:
            self.initial.setdefault("recorded_on", timezone.localdate())

    def chosen_person(self, persons: Any) -> Person | None:
        """The person chosen, among ``persons`` (the event's, fetched in scope)."""
        pk = self.cleaned_data.get("person")
        return persons.filter(pk=pk).first() if pk and str(pk).isdigit() else None

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "given": data["given"] == "yes",
            "recorded_on": data.get("recorded_on"),
            "note": data.get("note") or "",
        }
