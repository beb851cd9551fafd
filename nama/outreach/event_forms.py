"""Forms of the staff pages of public events: the event, the reason to cancel it,
the list's filter.

Times are typed in the site's time zone (``TIME_ZONE``, Asia/Baghdad) with
``datetime-local`` inputs; Django makes them aware. Each title and
description widget carries the ``lang`` and ``dir`` of its language.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from nama.core.forms import AccessibleFormMixin
from nama.core.images import CleanImage, clean_image_upload, max_image_bytes
from nama.core.models import Governorate
from nama.outreach.event_services import EVENT_FIELDS
from nama.outreach.models import EVENT_LANGUAGES, EventKind, EventStatus, PublicEvent

__all__ = ["CancelEventForm", "EventFilterForm", "EventForm"]

DIRECTIONS = {"ar": "rtl", "ckb": "rtl", "en": "ltr"}
LANGUAGE_LABELS = {"ar": _("Arabic"), "en": _("English"), "ckb": _("Kurdish (Sorani)")}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.Field:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "dir": "ltr"}, format=DATETIME_FORMAT
        ),
    )


class _StaffForm(AccessibleFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.adjust_fields()
        self.style_widgets()

    def adjust_fields(self) -> None:
        """Change fields before they are bound (labels, widgets)."""


class EventForm(_StaffForm):
    kind = forms.ChoiceField(label=_("Kind of event"), choices=EventKind.choices)
    starts_at = _datetime_field(_("Starts"), help_text=_("Baghdad time."))
    ends_at = _datetime_field(_("Ends"))
    online = forms.BooleanField(label=_("Online event"), required=False)
    online_link = forms.URLField(
        label=_("Link to join online"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr"}),
        help_text=_("Shown on the public page of the event."),
    )
    governorate = forms.ModelChoiceField(
        label=_("Governorate"),
        queryset=Governorate.objects.all(),
        required=False,
        empty_label=_("Choose a governorate"),
    )
    venue = forms.CharField(
        label=_("Venue"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("A public place: a hall, a hotel, a university."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Leave empty for no limit. Past it, people go on a waiting list."),
    )
    registration_open = forms.BooleanField(
        label=_("Take registrations"), required=False, initial=True
    )
    registration_deadline = _datetime_field(
        _("Registration closes"), required=False, help_text=_("Optional; Baghdad time.")
    )
    image = forms.FileField(label=_("Image"), required=False, widget=forms.FileInput)
    image_alt = forms.CharField(
        label=_("Description of the image"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)

    def __init__(self, *args: Any, event: PublicEvent | None = None, **kwargs: Any) -> None:
        self.event = event
        if event is not None and "initial" not in kwargs:
            initial = {name: getattr(event, name) for name in EVENT_FIELDS}
            initial["governorate"] = event.governorate_id
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)

    def adjust_fields(self) -> None:
        for code in EVENT_LANGUAGES:
            attrs = {"lang": code, "dir": DIRECTIONS[code]}
            title = forms.CharField(
                required=code == "ar", max_length=300, widget=forms.TextInput(attrs=attrs)
            )
            title.label = _("Title") if code == "ar" else _("Title (optional)")
            description = forms.CharField(
                required=False,
                max_length=50_000,
                widget=forms.Textarea(attrs={**attrs, "rows": "6"}),
            )
            description.label = _("Description")
            description.help_text = _(
                "Paragraphs are separated by an empty line. Simple HTML is allowed."
            )
            self.fields[f"title_{code}"] = title
            self.fields[f"description_{code}"] = description
        image = self.fields["image"]
        image.help_text = _(
            "JPEG, PNG or WebP, up to %(megabytes)d MB. Location and camera details are removed."
        ) % {"megabytes": max_image_bytes() // (1024 * 1024)}
        image.widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        if self.event is None or not self.event.image:
            del self.fields["remove_image"]

    def versions(self) -> list[dict[str, Any]]:
        """Title and description per language, for the template."""
        return [
            {
                "language": code,
                "label": LANGUAGE_LABELS[code],
                "fields": [self[f"title_{code}"], self[f"description_{code}"]],
            }
            for code in EVENT_LANGUAGES
        ]

    def clean_image(self) -> CleanImage | None:
        upload: UploadedFile | None = self.cleaned_data.get("image")
        if not upload:
            return None
        return clean_image_upload(upload)

    def service_data(self) -> dict[str, Any]:
        cleaned = self.cleaned_data
        return {name: cleaned.get(name) for name in EVENT_FIELDS}


class CancelEventForm(_StaffForm):
    reason = forms.CharField(
        label=_("Why is the event cancelled?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_(
            "Kept in the audit log. People who registered with an e-mail address are told "
            "the event is cancelled, not why."
        ),
    )


class EventFilterForm(_StaffForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *EventStatus.choices]
    )
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Upcoming and past")), ("upcoming", _("Upcoming")), ("past", _("Past"))],
    )

    def values(self) -> dict[str, str]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {"status": cleaned.get("status") or "", "when": cleaned.get("when") or ""}
