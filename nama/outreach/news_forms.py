"""Forms of the news staff pages: an item with its language versions, the list's
filter, and the reason for withdrawing an item.

One form holds every language version: fields ``<language>_<field>``
(``ar_title``, ``en_body``...), each widget with the ``lang`` and ``dir`` of
its language, grouped per language by :meth:`NewsForm.versions`. A version
left empty is not written; a version begun needs a title and a text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from nama.core.forms import AccessibleFormMixin
from nama.core.images import CleanImage, clean_image_upload, max_image_bytes
from nama.core.models import Governorate
from nama.outreach.models import NewsItem, NewsKind, NewsLanguage, NewsStatus
from nama.outreach.news_services import LANGUAGES, NO_BODY, NO_TITLE, NO_VERSION

__all__ = ["NewsFilterForm", "NewsForm", "UnpublishForm", "Version"]

DIRECTIONS = {"ar": "rtl", "ckb": "rtl", "en": "ltr"}
FIELD_LABELS = {
    "title": _("Title"),
    "summary": _("Summary"),
    "body": _("Text"),
    "image_alt": _("Description of the image"),
}
FIELD_HELP = {
    "summary": _("One or two sentences, shown in lists and feeds."),
    "body": _(
        "Paragraphs are separated by an empty line. You may use simple HTML: "
        "headings, lists, bold, italics, quotes and links."
    ),
    "image_alt": _("For readers who cannot see the image."),
}


class _StaffForm(AccessibleFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.adjust_fields()
        self.style_widgets()

    def adjust_fields(self) -> None:
        """Change fields before they are bound (labels, widgets)."""


@dataclass(frozen=True)
class Version:
    """The fields of one language version, for the template."""

    language: str
    label: Any
    direction: str
    fields: list[Any]
    has_errors: bool


class NewsForm(_StaffForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=NewsKind.choices,
        widget=forms.RadioSelect,
        initial=NewsKind.NEWS,
        help_text=_("A statement speaks for the centre: the director publishes it."),
    )
    governorate = forms.ModelChoiceField(
        label=_("Governorate"),
        queryset=Governorate.objects.all(),
        required=False,
        empty_label=_("All of Iraq / not about one governorate"),
    )
    image = forms.FileField(label=_("Image"), required=False, widget=forms.FileInput)
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)

    def __init__(self, *args: Any, item: NewsItem | None = None, **kwargs: Any) -> None:
        self.item = item
        if item is not None and "initial" not in kwargs:
            initial: dict[str, Any] = {"kind": item.kind, "governorate": item.governorate_id}
            for version in item.translations.all():
                for name in FIELD_LABELS:
                    initial[f"{version.language}_{name}"] = getattr(version, name)
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)

    def adjust_fields(self) -> None:
        for language in LANGUAGES:
            for name, label in FIELD_LABELS.items():
                attrs = {"lang": language, "dir": DIRECTIONS[language]}
                field: forms.Field
                if name in ("summary", "body"):
                    attrs["rows"] = "3" if name == "summary" else "10"
                    field = forms.CharField(
                        required=False,
                        max_length=1000 if name == "summary" else 200_000,
                        widget=forms.Textarea(attrs=attrs),
                    )
                else:
                    field = forms.CharField(
                        required=False, max_length=300, widget=forms.TextInput(attrs=attrs)
                    )
                field.label = label
                field.help_text = FIELD_HELP.get(name, "")
                self.fields[f"{language}_{name}"] = field
        image = self.fields["image"]
        image.help_text = _(
            "JPEG, PNG or WebP, up to %(megabytes)d MB. Location and camera details are removed."
        ) % {"megabytes": max_image_bytes() // (1024 * 1024)}
        image.widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        if self.item is None or not self.item.image:
            del self.fields["remove_image"]
        else:
            image.label = _("Replace the image")

    def versions(self) -> list[Version]:
        labels = dict(NewsLanguage.choices)
        out = []
        for language in LANGUAGES:
            bound = [self[f"{language}_{name}"] for name in FIELD_LABELS]
            out.append(
                Version(
                    language=language,
                    label=labels[language],
                    direction=DIRECTIONS[language],
                    fields=bound,
                    has_errors=any(b.errors for b in bound),
                )
            )
        return out

    def clean_image(self) -> CleanImage | None:
        upload: UploadedFile | None = self.cleaned_data.get("image")
        if not upload:
            return None
        return clean_image_upload(upload)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        started = 0
        for language in LANGUAGES:
            values = {n: (cleaned.get(f"{language}_{n}") or "").strip() for n in FIELD_LABELS}
            if not any(values.values()):
                continue
            started += 1
            if not values["title"]:
                self.add_error(f"{language}_title", NO_TITLE)
            if not values["body"]:
                self.add_error(f"{language}_body", NO_BODY)
        if not started:
            self.add_error(None, NO_VERSION)
        return cleaned

    def translations(self) -> dict[str, dict[str, str]]:
        cleaned = self.cleaned_data
        return {
            language: {n: cleaned.get(f"{language}_{n}") or "" for n in FIELD_LABELS}
            for language in LANGUAGES
        }


class NewsFilterForm(_StaffForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *NewsStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("News and statements")), *NewsKind.choices]
    )

    def values(self) -> dict[str, str]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {"status": cleaned.get("status") or "", "kind": cleaned.get("kind") or ""}


class UnpublishForm(_StaffForm):
    reason = forms.CharField(
        label=_("Why is this item withdrawn?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Kept in the audit log. The public only sees that the item is gone."),
    )
