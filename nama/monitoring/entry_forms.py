"""Forms of the event entry page: an event, its victims, acts, perpetrators and sources.

One page, filled in one sitting. The event's fields are one form; victims,
acts, perpetrators and sources are formsets (prefixes ``victims``, ``acts``,
``perpetrators``, ``sources``) whose rows are added without reloading
(``entry_row``) or, without JavaScript, by re-posting the page with one more
blank row. :class:`EventEntry` holds them all, checks what spans several
rows (an act's victim must be a victim row filled in above) and turns them
into the inputs of ``services.event_document``.

Vocabulary pickers: options carry ``data-nama-norm``, the label folded by
``nama.core.text.normalize``, so the page's filter box (static/js/
monitoring-entry.js) matches Arabic typed with or without hamza, tashkeel or
teh marbuta exactly as the server's search does. Values are term codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from nama.core.dates import DatePrecision
from nama.core.forms import AccessibleFormMixin
from nama.core.models import District, Governorate
from nama.core.roles import scoped_governorates
from nama.monitoring.models import Confidentiality, Event, InvolvementDegree
from nama.monitoring.services import ActInput, PerpetratorInput, PersonInput, SourceInput
from nama.monitoring.term_widgets import (
    DistrictSelect,
    TermChoiceField,
    TermFieldMixin,
    TermMultipleField,
    Vocabularies,
)

__all__ = [
    "KINDS",
    "MAX_ROWS",
    "EventEntry",
    "Vocabularies",
    "blank_row",
    "with_one_more_row",
]

# Rows of one kind on one page; the formsets refuse more (a hand-made POST).
MAX_ROWS = 100
# The kinds of rows the page adds, and their formset prefixes.
KINDS = {"victim": "victims", "act": "acts", "perpetrator": "perpetrators", "source": "sources"}
PRECISION_CHOICES = [
    (DatePrecision.EXACT, _("The exact day")),
    (DatePrecision.MONTH, _("Only the month")),
    (DatePrecision.YEAR, _("Only the year")),
]


# ---------------------------------------------------------------------------
# Forms


def _text(label: Any, *, max_length: int = 300, ltr: bool = False, **kwargs: Any) -> Any:
    attrs = {"dir": "ltr" if ltr else "auto", "autocomplete": "off"}
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.TextInput(attrs=attrs),
        **kwargs,
    )


def _date(label: Any) -> Any:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _precision(label: Any) -> Any:
    return forms.ChoiceField(
        label=label, choices=PRECISION_CHOICES, initial=DatePrecision.EXACT, required=False
    )


def _group_size() -> Any:
    return forms.IntegerField(
        label=_("Number of people in the group"),
        required=False,
        min_value=1,
        max_value=1_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class EntryForm(AccessibleFormMixin, forms.Form):
    """A form of the entry page: Bootstrap classes, vocabularies, and a quiet mode.

    ``quiet`` forms keep what was typed but show no error: the page re-posted
    only to get one more blank row (without JavaScript).
    """

    def __init__(self, *args: Any, vocab: Vocabularies, quiet: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quiet = quiet
        for field in self.fields.values():
            if isinstance(field, TermFieldMixin):
                field.bind(vocab)
        self.style_widgets()

    @property
    def errors(self) -> ErrorDict:
        errors = super().errors  # cleans all the same: the formsets read cleaned_data
        return ErrorDict() if self.quiet else errors

    @property
    def row_number(self) -> int:
        """1 for the first row of a formset (the prefix ends with the row's index)."""
        tail = (self.prefix or "").rpartition("-")[2]
        return int(tail) + 1 if tail.isdigit() else 0

    def style_delete_box(self) -> None:
        """The formset adds its "remove" box after ``__init__``; style it like the rest."""
        if "DELETE" in self.fields:
            self.fields["DELETE"].label = _("Remove this row")
            self.fields["DELETE"].widget.attrs.update(
                {"class": "form-check-input", "data-nama-remove-row": ""}
            )

    def kept(self) -> bool:
        """A row that was filled in and not removed (formsets call this after validation)."""
        if not self.has_changed():
            return False
        return not self.cleaned_data.get("DELETE", False)


class EventForm(EntryForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        help_text=Event._meta.get_field("title").help_text,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("What happened"),
        max_length=50000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
    governorate = forms.ChoiceField(
        label=_("Governorate"),
        error_messages={"invalid_choice": _("Choose one of the governorates you cover.")},
    )
    district = forms.ChoiceField(label=_("District"), required=False, widget=DistrictSelect)
    place = _text(_("Place"), help_text=Event._meta.get_field("place").help_text)
    start_date = _date(_("Start date"))
    start_precision = _precision(_("Precision of the start date"))
    end_date = _date(_("End date"))
    end_precision = _precision(_("Precision of the end date"))
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"),
        choices=Confidentiality.choices,
        initial=Confidentiality.CONFIDENTIAL,
    )
    rights_affected = TermMultipleField("right_affected", label=_("Rights affected"))
    index_terms = _text(
        _("Index terms"),
        max_length=500,
        help_text=Event._meta.get_field("index_terms").help_text,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        governorates = list(scoped_governorates(user).order_by("sort_order", "slug"))
        self.governorates = {g.slug: g for g in governorates}
        governorate: Any = self.fields["governorate"]
        governorate.choices = [("", _("Choose the governorate"))] + [
            (g.slug, g.name) for g in governorates
        ]
        if len(governorates) == 1:
            governorate.initial = governorates[0].slug
        governorate.widget.attrs.update(
            {"data-nama-governorate-select": "", "aria-controls": "id_event-district"}
        )
        districts = list(
            District.objects.filter(governorate__in=governorates)
            .select_related("governorate")
            .order_by("governorate__sort_order", "sort_order", "slug")
        )
        self.districts = {d.slug: d for d in districts}
        grouped: dict[str, list[tuple[str, str]]] = {}
        for d in districts:
            grouped.setdefault(d.governorate.name, []).append((d.slug, d.name))
        district: Any = self.fields["district"]
        district.choices = [("", _("Unknown or several")), *grouped.items()]
        district.widget.governorate_of = {d.slug: d.governorate.slug for d in districts}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        governorate = self.governorates.get(data.get("governorate") or "")
        district = self.districts.get(data.get("district") or "")
        if governorate and district and district.governorate_id != governorate.pk:
            self.add_error("district", _("This district is not in the governorate chosen."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        governorate: Governorate = self.governorates[data["governorate"]]
        return {
            "title": data["title"].strip(),
            "description": data.get("description", ""),
            "governorate": governorate,
            "district": self.districts.get(data.get("district") or ""),
            "place": data.get("place", ""),
            "start_date": data.get("start_date"),
            "start_precision": data.get("start_precision") or DatePrecision.EXACT,
            "end_date": data.get("end_date"),
            "end_precision": data.get("end_precision") or DatePrecision.EXACT,
            "confidentiality": data["confidentiality"],
            "index_terms": data.get("index_terms", ""),
        }


class ShortcutForm(EntryForm):
    """Acts for every victim at once: 3 victims and 2 types of act make 6 acts."""

    act_types = TermMultipleField(
        "act_type",
        label=_("Every victim above suffered each of these acts"),
        help_text=_(
            "A quick way to record the same acts for every victim: 3 victims and 2 types "
            "make 6 acts. Add the acts of one victim only, or with more details, below."
        ),
    )


class VictimForm(EntryForm):
    name = _text(_("Name"))
    name_latin = _text(_("Name in Latin letters"), ltr=True)
    sex = TermChoiceField("sex", label=_("Sex"), required=False)
    age = forms.IntegerField(
        label=_("Age at the time"),
        required=False,
        min_value=0,
        max_value=130,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    occupation = _text(_("Occupation"), max_length=200)
    is_group = forms.BooleanField(label=_("A group of people"), required=False)
    group_size = _group_size()
    characteristics = TermMultipleField("victim_characteristic", label=_("Characteristics"))

    def person_input(self) -> PersonInput:
        data = self.cleaned_data
        is_group = bool(data.get("is_group") or data.get("group_size"))
        return PersonInput(
            data={
                "name": data.get("name", "").strip(),
                "name_latin": data.get("name_latin", "").strip(),
                "sex": data.get("sex"),
                "occupation": data.get("occupation", "").strip(),
                "is_group": is_group,
                "group_size": data.get("group_size") if is_group else None,
            },
            characteristics=data.get("characteristics") or (),
        )


class ActForm(EntryForm):
    victim = forms.ChoiceField(
        label=_("Victim"),
        initial="1",
        error_messages={"invalid_choice": _("There is no victim with this number above.")},
    )
    act_type = TermChoiceField("act_type", label=_("Type of act"), empty_label=_("Choose…"))
    method = TermChoiceField("method_of_violence", label=_("Method"), required=False)
    location_type = TermChoiceField("location_type", label=_("Type of location"), required=False)
    victim_status = TermChoiceField(
        "victim_status", label=_("Status of the victim"), required=False
    )
    date = _date(_("Date"))
    date_precision = _precision(_("Precision of the date"))

    def __init__(self, *args: Any, victim_choices: Sequence[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        victim: Any = self.fields["victim"]
        victim.choices = list(victim_choices)
        victim.widget.attrs["data-nama-victim-choice"] = ""

    def act_input(self, victim: int, age: int | None) -> ActInput:
        data = self.cleaned_data
        return ActInput(
            victim=victim,
            act_type=data["act_type"],
            method=data.get("method"),
            location_type=data.get("location_type"),
            victim_status=data.get("victim_status"),
            victim_age=age,
            date=data.get("date"),
            date_precision=data.get("date_precision") or DatePrecision.EXACT,
        )


class PerpetratorForm(EntryForm):
    name = _text(_("Name"))
    name_latin = _text(_("Name in Latin letters"), ltr=True)
    is_group = forms.BooleanField(label=_("A group of people"), required=False)
    group_size = _group_size()
    perpetrator_type = TermChoiceField(
        "perpetrator_type", label=_("Type of perpetrator"), required=False
    )
    degree = forms.ChoiceField(
        label=_("Degree of involvement"),
        choices=InvolvementDegree.choices,
        initial=InvolvementDegree.DIRECT,
    )

    def names_someone(self) -> bool:
        data = self.cleaned_data
        return bool(
            (data.get("name") or "").strip()
            or (data.get("name_latin") or "").strip()
            or data.get("is_group")
            or data.get("group_size")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.names_someone() and not data.get("perpetrator_type"):
            raise forms.ValidationError(
                _("Name the perpetrator or choose the type of perpetrator."), code="perpetrator"
            )
        return data

    def perpetrator_input(self) -> PerpetratorInput:
        data = self.cleaned_data
        who = None
        if self.names_someone():
            is_group = bool(data.get("is_group") or data.get("group_size"))
            who = PersonInput(
                data={
                    "name": data.get("name", "").strip(),
                    "name_latin": data.get("name_latin", "").strip(),
                    "is_group": is_group,
                    "group_size": data.get("group_size") if is_group else None,
                }
            )
        return PerpetratorInput(
            who=who,
            perpetrator_type=data.get("perpetrator_type"),
            degree=data.get("degree") or InvolvementDegree.DIRECT,
        )


class SourceForm(EntryForm):
    name = _text(_("Name"))
    name_latin = _text(_("Name in Latin letters"), ltr=True)
    phone = _text(_("Phone"), max_length=50, ltr=True)
    connection = TermChoiceField(
        "source_connection", label=_("Connection to the event"), required=False
    )
    reliability = TermChoiceField("source_reliability", label=_("Reliability"), required=False)
    date = _date(_("Date of the information"))
    summary = forms.CharField(
        label=_("What the source said"),
        max_length=50000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs["type"] = "tel"

    def source_input(self) -> SourceInput:
        data = self.cleaned_data
        return SourceInput(
            who=PersonInput(
                data={
                    "name": data.get("name", "").strip(),
                    "name_latin": data.get("name_latin", "").strip(),
                    "phone": data.get("phone", "").strip(),
                }
            ),
            connection=data.get("connection"),
            reliability=data.get("reliability"),
            date=data.get("date"),
            summary=data.get("summary", "").strip(),
        )


def _formset(form: type[EntryForm]) -> Any:
    return forms.formset_factory(
        form,
        extra=1,
        can_delete=True,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS,
    )


FORMSETS: dict[str, Any] = {
    "victims": _formset(VictimForm),
    "acts": _formset(ActForm),
    "perpetrators": _formset(PerpetratorForm),
    "sources": _formset(SourceForm),
}


# ---------------------------------------------------------------------------
# The whole page


def victim_label(number: int, name: str = "") -> str:
    label = str(_("Victim %(number)s") % {"number": number})
    return f"{label} — {name}" if name else label


def _victim_choices(victims: Any, count: int | None = None) -> list[tuple[str, str]]:
    if count is not None:
        return [(str(n), victim_label(n)) for n in range(1, count + 1)]
    choices = []
    for form in victims.forms:
        name = str(form["name"].value() or "").strip()
        choices.append((str(form.row_number), victim_label(form.row_number, name)))
    return choices or [("1", victim_label(1))]


def blank_row(kind: str, index: int, *, victims: int = 1) -> EntryForm:
    """A blank row of ``kind`` at ``index`` (the ``entry_row`` endpoint)."""
    prefix = KINDS[kind]
    vocab = Vocabularies()
    kwargs: dict[str, Any] = {"vocab": vocab}
    if prefix == "acts":
        kwargs["victim_choices"] = _victim_choices(None, count=max(1, min(victims, MAX_ROWS)))
    formset = FORMSETS[prefix](prefix=prefix)
    form: EntryForm = formset.form(
        auto_id=formset.auto_id,
        prefix=formset.add_prefix(index),
        empty_permitted=True,
        use_required_attribute=False,
        **kwargs,
    )
    formset.add_fields(form, index)
    form.style_delete_box()
    form.describe_fields()
    return form


class EventEntry:
    """Every form of the entry page, validated together, turned into service inputs."""

    def __init__(self, *, user: Any, data: Any = None, quiet: bool = False) -> None:
        self.vocab = Vocabularies()
        common: dict[str, Any] = {"vocab": self.vocab, "quiet": quiet}
        self.event = EventForm(data, user=user, prefix="event", **common)
        self.shortcut = ShortcutForm(data, prefix="shortcut", **common)
        self.victims = FORMSETS["victims"](data, prefix="victims", form_kwargs=common)
        self.acts = FORMSETS["acts"](
            data,
            prefix="acts",
            form_kwargs={**common, "victim_choices": _victim_choices(self.victims)},
        )
        self.perpetrators = FORMSETS["perpetrators"](
            data, prefix="perpetrators", form_kwargs=common
        )
        self.sources = FORMSETS["sources"](data, prefix="sources", form_kwargs=common)

    @property
    def formsets(self) -> list[Any]:
        return [self.victims, self.acts, self.perpetrators, self.sources]

    def all_forms(self) -> list[EntryForm]:
        forms_: list[EntryForm] = [self.event, self.shortcut]
        for formset in self.formsets:
            forms_.extend(formset.forms)
        return forms_

    def prepare(self) -> None:
        """Before rendering: the formsets' delete boxes styled, errors linked to fields."""
        for form in self.all_forms():
            form.style_delete_box()
            form.describe_fields()

    # -- validation ---------------------------------------------------------

    def is_valid(self) -> bool:
        results = [self.event.is_valid(), self.shortcut.is_valid()]
        results += [formset.is_valid() for formset in self.formsets]
        # The rows are checked together even when one is refused: every error at once.
        return self._check_rows() and all(results)

    def _kept(self, formset: Any) -> list[Any]:
        return [form for form in formset.forms if form.kept()]

    def _check_rows(self) -> bool:
        ok = True
        victims = self._kept(self.victims)
        numbers = {form.row_number for form in victims}
        with_acts: set[int] = set()
        seen: dict[tuple[int, str], int] = {}
        for form in self._kept(self.acts):
            if "victim" not in form.cleaned_data:
                continue  # refused already (not a number offered)
            number = int(form.cleaned_data["victim"])
            if number not in numbers:
                form.add_error(
                    "victim",
                    _("Victim %(number)s is not filled in above (or is removed).")
                    % {"number": number},
                )
                ok = False
                continue
            with_acts.add(number)
            act_type = form.cleaned_data.get("act_type")
            if act_type is None:
                continue
            key = (number, act_type.code)
            if key in seen:
                form.add_error(
                    "act_type",
                    _("This victim already has this type of act in act %(row)s.")
                    % {"row": seen[key]},
                )
                ok = False
            seen.setdefault(key, form.row_number)
        shortcut = getattr(self.shortcut, "cleaned_data", {}).get("act_types") or []
        if shortcut and not victims:
            self.shortcut.add_error("act_types", _("Add the victims first."))
            ok = False
        for form in victims:
            if not shortcut and form.row_number not in with_acts:
                form.add_error(
                    None,
                    _(
                        "Say what this victim suffered: add an act for them below, "
                        "or tick the acts that every victim suffered."
                    ),
                )
                ok = False
        if not victims:
            for form in self._kept(self.perpetrators):
                form.add_error(
                    None,
                    _(
                        "A perpetrator is linked to the acts of the event: "
                        "add the victims and their acts first."
                    ),
                )
                ok = False
        return ok

    # -- service inputs -------------------------------------------------------

    def service_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of ``services.event_document`` (after :meth:`is_valid`)."""
        victims = self._kept(self.victims)
        position = {form.row_number: i for i, form in enumerate(victims)}
        ages = [form.cleaned_data.get("age") for form in victims]
        acts = []
        for form in self._kept(self.acts):
            i = position[int(form.cleaned_data["victim"])]
            acts.append(form.act_input(i, ages[i]))
        for i in range(len(victims)):
            for act_type in self.shortcut.cleaned_data.get("act_types") or []:
                acts.append(ActInput(victim=i, act_type=act_type, victim_age=ages[i]))
        return {
            "data": self.event.service_data(),
            "rights_affected": self.event.cleaned_data.get("rights_affected") or [],
            "victims": [form.person_input() for form in victims],
            "acts": acts,
            "perpetrators": [form.perpetrator_input() for form in self._kept(self.perpetrators)],
            "sources": [form.source_input() for form in self._kept(self.sources)],
        }


def with_one_more_row(data: Any, prefix: str) -> Any:
    """A copy of the POST data whose formset ``prefix`` has one more (blank) row."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, "0"))
    except ValueError:
        return data
    data[key] = str(max(0, min(total + 1, MAX_ROWS)))
    return data
