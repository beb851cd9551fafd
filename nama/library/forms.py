"""Forms of the library's staff pages: the list's filters, a resource, a collection.

Plain forms (not ModelForms): a ModelForm writes the cleaned values onto the
instance while validating, and the service must see the resource as it was
to know which fields changed. The fields still come from the model, so their
labels, lengths and choices stay in one place.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from nama.core.forms import AccessibleFormMixin
from nama.core.models import Term
from nama.library.files import CheckedFile, check_upload, max_bytes
from nama.library.models import Collection, Resource, ResourceType, Visibility
from nama.library.services import EDITABLE_FIELDS

__all__ = ["CollectionForm", "ResourceFilterForm", "ResourceForm"]

TOPIC_VOCABULARY = "library_topic"


def _resource_field(name: str, **kwargs: Any) -> Any:
    """The form field Django makes from the model's field (label, length, choices)."""
    field: Any = Resource._meta.get_field(name)
    return field.formfield(**kwargs)


def _collection_field(name: str, **kwargs: Any) -> Any:
    field: Any = Collection._meta.get_field(name)
    return field.formfield(**kwargs)


class StaffForm(AccessibleFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.adjust_fields()
        self.style_widgets()  # makes the bound fields, which copy labels and help texts

    def adjust_fields(self) -> None:
        """Change this form's fields (labels, choices...) before they are bound."""


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _topics(resource: Resource | None) -> Any:
    """Active topics, and the resource's own ones even if retired since (kept on save)."""
    terms = Term.objects.of(TOPIC_VOCABULARY)
    if resource is not None and resource.pk:
        current = resource.topics.values("pk")
        return terms.filter(retired_at__isnull=True) | terms.filter(pk__in=current)
    return terms.active()


# ---------------------------------------------------------------------------
# The list's filters


class ResourceFilterForm(StaffForm):
    """GET filters of the list; an invalid value is ignored, never an error page."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        required=False,
        choices=[("", _("Any visibility")), *Visibility.choices],
    )
    collection = forms.ModelChoiceField(
        label=_("Collection"),
        required=False,
        queryset=Collection.objects.all(),
        empty_label=_("Any collection"),
    )
    resource_type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("Any type")), *ResourceType.choices],
    )

    def values(self) -> dict[str, Any]:
        """The valid values, each on its own (an old link keeps its other filters)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "q": (cleaned.get("q") or "").strip(),
            "visibility": cleaned.get("visibility") or "",
            "collection": cleaned.get("collection"),
            "resource_type": cleaned.get("resource_type") or "",
        }


# ---------------------------------------------------------------------------
# One resource


class ResourceForm(StaffForm):
    """Everything a manager sets on a resource; the file is checked by its bytes."""

    title = _resource_field("title")
    summary = _resource_field("summary", widget=forms.Textarea(attrs={"rows": 3}))
    body = _resource_field(
        "body",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The text of the resource, if it has one. A file's text is read by itself."),
    )
    language = _resource_field("language")
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Term.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience = _resource_field("audience")
    visibility = _resource_field(
        "visibility",
        help_text=_("Public resources are shown to everyone in the library of the website."),
    )
    collection = _resource_field("collection", required=False, empty_label=_("Not in a collection"))
    position = _resource_field(
        "position",
        required=False,
        help_text=_("Resources of a collection are listed by this number, smallest first."),
    )
    authors = _resource_field("authors")
    published_on = _resource_field("published_on", widget=DateInput())
    video_url = _resource_field(
        "video_url",
        assume_scheme="https",
        help_text=_("An address starting with https://"),
    )
    file = forms.FileField(label=_("File"), required=False, widget=forms.FileInput)
    remove_file = forms.BooleanField(label=_("Remove the file"), required=False)

    def __init__(self, *args: Any, resource: Resource | None = None, **kwargs: Any) -> None:
        self.resource = resource
        if resource is not None and "initial" not in kwargs:
            initial: dict[str, Any] = {key: getattr(resource, key) for key in EDITABLE_FIELDS}
            initial["collection"] = resource.collection_id
            initial["topics"] = [term.pk for term in resource.topics.all()]
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)

    def adjust_fields(self) -> None:
        resource = self.resource
        topics: Any = self.fields["topics"]
        topics.queryset = _topics(resource).order_by("sort_order", "code")
        file_field = self.fields["file"]
        file_field.help_text = _(
            "PDF, Word document (DOCX) or image (JPEG, PNG, WebP, GIF), up to %(limit)s. "
            "The text of a PDF or DOCX file is read automatically."
        ) % {"limit": filesizeformat(max_bytes())}
        file_field.widget.attrs["accept"] = (
            ".pdf,.docx,.jpg,.jpeg,.png,.webp,.gif,application/pdf,"
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document,image/*"
        )
        if resource is None or not resource.has_file:
            del self.fields["remove_file"]
        else:
            file_field.label = _("Replace the file")
        for name in ("title", "summary", "body", "authors"):
            self.fields[name].widget.attrs["dir"] = "auto"
        self.fields["video_url"].widget.attrs["dir"] = "ltr"

    def clean_video_url(self) -> str:
        url: str = self.cleaned_data.get("video_url") or ""
        if url and urlsplit(url).scheme.lower() != "https":
            raise ValidationError(_("Enter an address that starts with https://"), code="not_https")
        return url

    def clean_position(self) -> int:
        return self.cleaned_data.get("position") or 0

    def clean_file(self) -> CheckedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if not upload:
            return None
        return check_upload(upload, name=upload.name or "file", size=upload.size)

    def service_data(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in EDITABLE_FIELDS}

    def checked_file(self) -> CheckedFile | None:
        checked: CheckedFile | None = self.cleaned_data.get("file")
        return checked

    def file_removal_asked(self) -> bool:
        return bool(self.cleaned_data.get("remove_file"))


# ---------------------------------------------------------------------------
# Collections


class CollectionForm(StaffForm):
    title = _collection_field("title")
    description = _collection_field("description", widget=forms.Textarea(attrs={"rows": 3}))
    language = _collection_field("language")
    slug = _collection_field(
        "slug",
        required=False,
        # Not the model's "address": in Arabic that word is also the one for "title".
        label=_("Web address"),
        help_text=_(
            "The last part of the collection's web address: Latin letters, digits and "
            "hyphens. Made from the title when left empty."
        ),
    )

    def __init__(self, *args: Any, collection: Collection | None = None, **kwargs: Any) -> None:
        self.collection = collection
        if collection is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                key: getattr(collection, key)
                for key in ("title", "description", "language", "slug")
            }
        super().__init__(*args, **kwargs)

    def adjust_fields(self) -> None:
        for name in ("title", "description"):
            self.fields[name].widget.attrs["dir"] = "auto"
        self.fields["slug"].widget.attrs["dir"] = "ltr"

    def clean_slug(self) -> str:
        slug: str = (self.cleaned_data.get("slug") or "").strip().lower()
        taken = Collection.objects.filter(slug=slug)
        if self.collection is not None:
            taken = taken.exclude(pk=self.collection.pk)
        if slug and taken.exists():
            raise ValidationError(_("Another collection already has this address."), code="taken")
        return slug

    def service_data(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in ("title", "description", "language", "slug")}
