"""Forms of the reports section: dashboard filters, a report, a case summary, a withdrawal."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nama.core.forms import AccessibleFormMixin
from nama.core.models import Governorate, Term
from nama.reports.indicators import StatsFilters
from nama.reports.models import PeriodKind, Report
from nama.reports.periods import Period, period_for

__all__ = ["CaseSummaryForm", "DashboardFilterForm", "ReportForm", "WithdrawForm"]

END_BEFORE_START = _("The end of the period must be on or after its start.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class StaffForm(AccessibleFormMixin, forms.Form):
    """The reports section's forms (here and in distribution_forms.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.adjust_fields()
        self.style_widgets()

    def adjust_fields(self) -> None:
        """Change labels and choices before the bound fields copy them."""


def _status_choices() -> list[tuple[str, str]]:
    terms = Term.objects.filter(vocabulary__key="violation_status").order_by("code")
    return [(term.code, term.name) for term in terms if term.code < "04"]


def default_dashboard_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve whole months and the current one."""
    today = today or timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=365)).replace(day=1)
    return start, today


class DashboardFilterForm(StaffForm):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    governorate = forms.ModelChoiceField(
        label=_("Governorate"),
        queryset=Governorate.objects.order_by("sort_order", "slug"),
        to_field_name="slug",
        required=False,
        empty_label=_("All of Iraq"),
    )
    minimum_status = forms.ChoiceField(
        label=_("Count events that are at least"), required=False, initial="02"
    )

    def adjust_fields(self) -> None:
        field: Any = self.fields["minimum_status"]
        field.choices = _status_choices()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", END_BEFORE_START)
        return cleaned

    def filters(self) -> StatsFilters:
        """The filters asked for, with the default period for what is missing or wrong."""
        default_start, default_end = default_dashboard_period()
        cleaned = self.cleaned_data if self.is_valid() else {}
        governorate = cleaned.get("governorate")
        return StatsFilters(
            start=cleaned.get("start") or default_start,
            end=cleaned.get("end") or default_end,
            governorate=governorate.slug if governorate else "",
            minimum_status=cleaned.get("minimum_status") or "02",
        )


class ReportForm(StaffForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(label=_("Language of the report"))
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    period_start = forms.DateField(
        label=_("Start"),
        widget=DateInput(),
        help_text=_("For a month, quarter or year: any day in it."),
    )
    period_end = forms.DateField(
        label=_("End (custom period only)"), widget=DateInput(), required=False
    )
    governorate = forms.ModelChoiceField(
        label=_("Governorate"),
        queryset=Governorate.objects.order_by("sort_order", "slug"),
        required=False,
        empty_label=_("All of Iraq"),
    )
    minimum_status = forms.ChoiceField(label=_("Count events that are at least"), initial="02")
    audience = forms.ChoiceField(label=_("Audience"))
    context = forms.CharField(
        label=_("Context"),
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        required=False,
        max_length=20000,
        help_text=_("The situation in the period, in neutral language. Never names."),
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        required=False,
        max_length=20000,
    )

    def adjust_fields(self) -> None:
        fields: Any = self.fields
        fields["language"].choices = Report._meta.get_field("language").choices
        fields["audience"].choices = Report._meta.get_field("audience").choices
        fields["minimum_status"].choices = _status_choices()
        fields["title"].widget.attrs["dir"] = "auto"

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        kind, start, end = (
            cleaned.get("period_kind"),
            cleaned.get("period_start"),
            cleaned.get("period_end"),
        )
        if kind and start:
            if kind == PeriodKind.CUSTOM and not end:
                self.add_error("period_end", _("A custom period needs an end."))
            elif kind == PeriodKind.CUSTOM and end and end < start:
                self.add_error("period_end", END_BEFORE_START)
            else:
                period: Period = period_for(kind, start, end)
                cleaned["period_start"], cleaned["period_end"] = period.start, period.end
        return cleaned

    @classmethod
    def initial_for(cls, report: Report) -> dict[str, Any]:
        return {
            "title": report.title,
            "language": report.language,
            "period_kind": report.period_kind,
            "period_start": report.period_start,
            "period_end": report.period_end,
            "governorate": report.governorate,
            "minimum_status": report.minimum_status,
            "audience": report.audience,
            "context": report.context,
            "recommendations": report.recommendations,
        }


class CaseSummaryForm(StaffForm):
    event = forms.CharField(
        label=_("Event reference"),
        max_length=20,
        help_text=_("The reference of a verified event, e.g. E-2026-000012."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Summary"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text=_(
            "Written to be published: no names, no exact places, nothing that "
            "identifies a victim, a witness or a source."
        ),
    )

    def adjust_fields(self) -> None:
        fields: Any = self.fields
        fields["title"].widget.attrs["dir"] = "auto"
        fields["event"].widget.attrs["dir"] = "ltr"


class WithdrawForm(StaffForm):
    reason = forms.CharField(label=_("Why is it withdrawn?"), max_length=300)

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the report is withdrawn."))
        return reason
