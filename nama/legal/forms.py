"""Forms of the legal unit's staff pages: the case list's filters, the case's actions,
the calendar's choices and the one-minute consultation log.

Every form renders through ``core/_field.html``; a refused form is shown again
with its errors and everything typed kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nama.core.evidence.services import max_bytes
from nama.core.forms import AccessibleFormMixin
from nama.core.models import Governorate, Term
from nama.legal.models import CaseOutcome, CaseStatus, LawyerProfile, LegalCase
from nama.legal.selectors import lawyer_suggestions

ALL = "all"
OPEN = "open"
NOBODY = "none"


class StaffForm(AccessibleFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def _service_choices(empty: Any = None) -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = [("", empty)] if empty is not None else []
    return choices + [
        (t.code, t.name) for t in Term.objects.of("legal_service").active().order_by("code")
    ]


def _service(code: str) -> Term | None:
    if not code:
        return None
    return Term.objects.of("legal_service").filter(code=code).first()


def _governorate_choices(empty: Any = None) -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = [("", empty)] if empty is not None else []
    return choices + [(g.slug, g.name) for g in Governorate.objects.order_by("sort_order", "slug")]


def display_name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def _lawyer_choices(empty: Any) -> list[tuple[str, Any]]:
    profiles = LawyerProfile.objects.select_related("user").order_by(
        "user__first_name", "user__username"
    )
    return [("", empty)] + [(str(p.user_id), display_name(p.user)) for p in profiles]


# ---------------------------------------------------------------------------
# The case list (coordinator and director)


class CaseFilterForm(StaffForm):
    """GET filters of the case list; an invalid value is ignored, never an error page."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (OPEN, _("Open (not closed)")),
            *CaseStatus.choices,
            (ALL, _("Any status")),
        ],
    )
    governorate = forms.ChoiceField(label=_("Governorate"), required=False)
    lawyer = forms.ChoiceField(label=_("Lawyer"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        governorate: Any = self.fields["governorate"]
        governorate.choices = _governorate_choices(_("Any governorate"))
        lawyer: Any = self.fields["lawyer"]
        lawyer.choices = [*_lawyer_choices(_("Any lawyer")), (NOBODY, _("Not assigned"))]

    def values(self) -> dict[str, str]:
        """The valid values, each on its own (an old link keeps its other filters)."""
        self.is_valid()
        data = {key: self.cleaned_data.get(key) or "" for key in ("governorate", "lawyer")}
        data["status"] = self.cleaned_data.get("status") or OPEN
        return data


# ---------------------------------------------------------------------------
# Actions on one case


class AssignForm(StaffForm):
    lawyer = forms.ChoiceField(
        label=_("Lawyer"),
        help_text=_("Lawyers serving the case's governorate come first, the least loaded first."),
    )
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)

    def __init__(self, *args: Any, case: LegalCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["lawyer"]
        choices: list[tuple[str, Any]] = [("", _("Choose a lawyer"))]
        profile: Any
        for profile in lawyer_suggestions(case=case):
            places = ", ".join(g.name for g in profile.governorates.all()) or "—"
            label = _("%(name)s · %(places)s · %(open)s of %(capacity)s open cases") % {
                "name": display_name(profile.user),
                "places": places,
                "open": profile.open_cases,
                "capacity": profile.capacity,
            }
            choices.append((str(profile.user_id), label))
        field.choices = choices

    def chosen_lawyer(self) -> Any:
        return get_user_model().objects.get(pk=int(self.cleaned_data["lawyer"]))


class StatusForm(StaffForm):
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=CaseOutcome.choices,
        required=False,
        help_text=_("Needed when the case is closed."),
    )


class NoteForm(StaffForm):
    body = forms.CharField(
        label=_("Privileged note"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        max_length=20000,
        help_text=_("Read only by the lawyer holding the case and the legal coordinator."),
    )


class HearingForm(StaffForm):
    title = forms.CharField(label=_("What"), max_length=300, required=False)
    day = forms.DateField(label=_("Day"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=TimeInput())
    place = forms.CharField(label=_("Court or place"), max_length=300, required=False)

    def starts_at(self) -> datetime:
        naive = datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        return timezone.make_aware(naive)


class DeadlineForm(StaffForm):
    title = forms.CharField(label=_("What"), max_length=300, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())


class DoneForm(StaffForm):
    item = forms.IntegerField(widget=forms.HiddenInput)


class TimeForm(StaffForm):
    worked_on = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0.25, max_value=24, max_digits=5, decimal_places=2
    )
    description = forms.CharField(label=_("What was done"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"worked_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["hours"].widget.attrs["step"] = "0.25"


class AttachForm(StaffForm):
    upload = forms.FileField(
        label=_("Document"),
        help_text=_("Kept unchanged and encrypted; every download is recorded."),
    )

    def clean_upload(self) -> UploadedFile:
        file: UploadedFile = self.cleaned_data["upload"]
        limit = max_bytes()
        if file.size is not None and file.size > limit:
            raise forms.ValidationError(
                _("The file is too large. The largest file that can be sent is %(limit)s."),
                code="evidence_too_large",
                params={"limit": filesizeformat(limit)},
            )
        return file


# ---------------------------------------------------------------------------
# Calendar


class CalendarFilterForm(StaffForm):
    lawyer = forms.ChoiceField(label=_("Lawyer"), required=False)
    governorate = forms.ChoiceField(label=_("Governorate"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lawyer: Any = self.fields["lawyer"]
        lawyer.choices = _lawyer_choices(_("Every lawyer"))
        governorate: Any = self.fields["governorate"]
        governorate.choices = _governorate_choices(_("Any governorate"))

    def values(self) -> dict[str, str]:
        self.is_valid()
        return {key: self.cleaned_data.get(key) or "" for key in ("lawyer", "governorate")}


# ---------------------------------------------------------------------------
# Consultations


class ConsultationForm(StaffForm):
    governorate = forms.ChoiceField(label=_("Governorate"))
    subject = forms.CharField(label=_("Subject"), max_length=300)
    service = forms.ChoiceField(label=_("Service"), required=False)
    asked_by = forms.CharField(label=_("Who asked (optional)"), max_length=300, required=False)
    contact = forms.CharField(
        label=_("How to reach them (optional)"), max_length=300, required=False
    )
    question = forms.CharField(
        label=_("Question"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        max_length=10000,
    )
    advice = forms.CharField(
        label=_("Advice given"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        max_length=10000,
    )
    follow_up_needed = forms.BooleanField(label=_("Follow-up needed"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        governorate: Any = self.fields["governorate"]
        governorate.choices = _governorate_choices(_("Choose the governorate"))
        service: Any = self.fields["service"]
        service.choices = _service_choices(_("Not said"))

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["governorate"] = Governorate.objects.get(slug=data["governorate"])
        data["service"] = _service(data.get("service") or "")
        return data


class ConvertForm(StaffForm):
    service = forms.ChoiceField(label=_("Service of the case"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service: Any = self.fields["service"]
        service.choices = _service_choices()
        service.initial = "03"

    def chosen_service(self) -> Term:
        term = _service(self.cleaned_data["service"])
        assert term is not None  # the choices are the vocabulary's codes
        return term
