"""Forms of the distribution pages: a body, the bodies' filters, a dispatch, a response.

Plain forms with fields made from the models (labels, lengths and choices in
one place), as in the library: the service sees the objects as they were.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from nama.reports.distribution_services import BODY_FIELDS
from nama.reports.forms import DateInput, StaffForm
from nama.reports.models import Body, BodyKind, Dispatch, ReportBuild

__all__ = ["BodyFilterForm", "BodyForm", "DispatchForm", "ResponseForm", "YearForm"]


def _field(model: Any, name: str, **kwargs: Any) -> Any:
    field: Any = model._meta.get_field(name)
    return field.formfield(**kwargs)


class BuildChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        build: ReportBuild = obj
        return f"{build.report.reference} / {build.number}: {build.report.title}"


# ---------------------------------------------------------------------------
# Bodies


class BodyFilterForm(StaffForm):
    """GET filters of the bodies list; an invalid value is ignored."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *BodyKind.choices]
    )
    inactive = forms.BooleanField(label=_("Also those no longer reported to"), required=False)

    def values(self) -> dict[str, Any]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "q": (cleaned.get("q") or "").strip(),
            "kind": cleaned.get("kind") or "",
            "include_inactive": bool(cleaned.get("inactive")),
        }


class BodyForm(StaffForm):
    name = _field(Body, "name")
    kind = _field(Body, "kind")
    contact_name = _field(Body, "contact_name")
    email = _field(Body, "email")
    phone = _field(Body, "phone")
    website = _field(Body, "website", assume_scheme="https")
    address = _field(Body, "address", widget=forms.Textarea(attrs={"rows": 2}))
    notes = _field(Body, "notes", widget=forms.Textarea(attrs={"rows": 3}))
    active = _field(Body, "active")

    def __init__(self, *args: Any, body: Body | None = None, **kwargs: Any) -> None:
        self.body = body
        if body is not None and "initial" not in kwargs:
            kwargs["initial"] = {key: getattr(body, key) for key in BODY_FIELDS}
        super().__init__(*args, **kwargs)

    def adjust_fields(self) -> None:
        for name in ("name", "contact_name", "address", "notes"):
            self.fields[name].widget.attrs["dir"] = "auto"
        for name in ("email", "phone", "website"):
            self.fields[name].widget.attrs["dir"] = "ltr"
        if self.body is None:
            del self.fields["active"]

    def service_data(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in BODY_FIELDS if key in self.cleaned_data}


# ---------------------------------------------------------------------------
# Dispatches


class DispatchForm(StaffForm):
    body = forms.ModelChoiceField(label=_("Sent to"), queryset=Body.objects.none())
    build = BuildChoiceField(
        label=_("Report"),
        queryset=ReportBuild.objects.none(),
        required=False,
        empty_label=_("Not a report (name it below)"),
        help_text=_("Only reports that are ready can be chosen."),
    )
    item_title = _field(Dispatch, "item_title")
    sent_on = _field(Dispatch, "sent_on", widget=DateInput())
    channel = _field(Dispatch, "channel")
    notes = _field(Dispatch, "notes", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self,
        *args: Any,
        bodies: Any,
        builds: Any,
        dispatch: Dispatch | None = None,
        **kwargs: Any,
    ) -> None:
        self.dispatch = dispatch
        self._bodies = bodies
        self._builds = builds
        if dispatch is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "body": dispatch.body_id,
                "build": dispatch.build_id,
                "item_title": dispatch.item_title,
                "sent_on": dispatch.sent_on,
                "channel": dispatch.channel,
                "notes": dispatch.notes,
            }
        super().__init__(*args, **kwargs)

    def adjust_fields(self) -> None:
        body: Any = self.fields["body"]
        build: Any = self.fields["build"]
        bodies, builds = self._bodies, self._builds
        if self.dispatch is not None:  # its own body and report stay choosable
            bodies = bodies | Body.objects.filter(pk=self.dispatch.body_id)
            if self.dispatch.build_id:
                builds = builds | ReportBuild.objects.filter(pk=self.dispatch.build_id)
        body.queryset = bodies.distinct()
        build.queryset = builds.distinct()
        self.fields["item_title"].widget.attrs["dir"] = "auto"
        self.fields["notes"].widget.attrs["dir"] = "auto"

    def clean_sent_on(self) -> Any:
        sent_on = self.cleaned_data.get("sent_on")
        if sent_on and sent_on > timezone.localdate():
            raise ValidationError(_("The sending date cannot be in the future."), code="future")
        return sent_on

    def clean_item_title(self) -> str:
        return (self.cleaned_data.get("item_title") or "").strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            not cleaned.get("build")
            and not cleaned.get("item_title")
            and "build" not in self.errors
        ):
            raise ValidationError(_("Choose a report or name what was sent."), code="what")
        return cleaned

    def service_data(self) -> dict[str, Any]:
        return {
            key: self.cleaned_data[key]
            for key in ("body", "build", "item_title", "sent_on", "channel", "notes")
        }


class ResponseForm(StaffForm):
    response_on = _field(Dispatch, "response_on", required=True, widget=DateInput())
    response = _field(Dispatch, "response", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, dispatch: Dispatch, **kwargs: Any) -> None:
        self.dispatch = dispatch
        if "initial" not in kwargs:
            kwargs["initial"] = {
                "response_on": dispatch.response_on,
                "response": dispatch.response,
            }
        super().__init__(*args, **kwargs)

    def adjust_fields(self) -> None:
        self.fields["response"].required = True
        self.fields["response"].widget.attrs["dir"] = "auto"
        self.fields["response"].help_text = _(
            "What the body answered, in short, or that it acknowledged receipt."
        )

    def clean_response_on(self) -> Any:
        response_on = self.cleaned_data.get("response_on")
        if response_on and response_on < self.dispatch.sent_on:
            raise ValidationError(
                _("The response cannot have come before the sending date (%(date)s).")
                % {"date": formats.date_format(self.dispatch.sent_on, "DATE_FORMAT")},
                code="before_sending",
            )
        if response_on and response_on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code="future")
        return response_on


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
