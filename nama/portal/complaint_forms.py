"""The public complaint form: report a violation or ask for legal help.

Works without JavaScript: every field is always shown, and the server decides.
When "stay anonymous" is chosen, the name, phone and e-mail are dropped here
(and again by ``request_submit_public``), so nothing identifying is kept.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from nama.core.antiabuse import AntiAbuseFormMixin
from nama.core.evidence.services import TOO_LARGE, max_bytes
from nama.core.evidence.sniffing import ALLOWED
from nama.core.forms import AccessibleFormMixin
from nama.core.models import Governorate, Term
from nama.intake.api_public import CONTACT_WITHOUT_CONSENT, NAMED_WITHOUT_IDENTITY, TOO_MANY_FILES
from nama.intake.models import ContactMethod, DatePrecision, Urgency

VIOLATION = "01"
LEGAL_HELP = "02"
# ``?type=`` on the form's address -> code of the ``request_type`` vocabulary.
TYPE_PARAMETER = {"violation": VIOLATION, "legal": LEGAL_HELP}

ANONYMOUS = "anonymous"
NAMED = "named"
IDENTITY_FIELDS = ("name", "phone", "email")

FILES_AGAIN = _(
    "Your files were not sent. For your safety the page does not keep them: "
    "please choose them again before sending."
)


def max_files() -> int:
    return int(getattr(settings, "NAMA_INTAKE_MAX_FILES", 10))


def accepted_types() -> str:
    """The ``accept`` attribute: every extension and MIME type the evidence service stores.

    Only a hint for the file picker; the server checks every file by its content.
    """
    extensions = sorted({ext for kind in ALLOWED.values() for ext in kind.extensions})
    return ",".join([*extensions, *sorted(ALLOWED)])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True
    template_name = "django/forms/widgets/file.html"


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        if len(files) > max_files():
            raise forms.ValidationError(TOO_MANY_FILES % {"limit": max_files()}, code="too_many")
        limit = max_bytes()
        for file in files:
            if file.size is not None and file.size > limit:
                raise forms.ValidationError(
                    TOO_LARGE, code="evidence_too_large", params={"limit": filesizeformat(limit)}
                )
        return list(files)


class RequestTypeField(forms.ModelChoiceField[Term]):
    def label_from_instance(self, obj: Term) -> str:
        return obj.name


class ComplaintForm(AntiAbuseFormMixin, AccessibleFormMixin, forms.Form):
    antiabuse_scope = "intake.complaint"

    request_type = RequestTypeField(
        label=_("What is your request about?"),
        queryset=Term.objects.none(),
        to_field_name="code",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    governorate = forms.ChoiceField(
        label=_("Governorate where it happened"),
        required=False,
        help_text=_("You do not have to say where it happened."),
    )
    narrative = forms.CharField(
        label=_("What happened?"),
        max_length=20000,
        help_text=_(
            "Tell us in your own words what happened, to whom, where and when, as far as you "
            "know. Write in Arabic, Kurdish or English."
        ),
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
    )
    incident_date = forms.DateField(
        label=_("Date it happened (if you know it)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    incident_date_precision = forms.ChoiceField(
        label=_("How sure are you of this date?"),
        choices=[
            (DatePrecision.EXACT, _("The exact day")),
            (DatePrecision.MONTH, _("Only the month")),
            (DatePrecision.YEAR, _("Only the year")),
        ],
        initial=DatePrecision.EXACT,
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=[
            (Urgency.NORMAL, _("Not urgent")),
            (Urgency.URGENT, _("Urgent: it needs attention within days")),
            (Urgency.EMERGENCY, _("Emergency: someone is in danger now")),
        ],
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    identity = forms.ChoiceField(
        label=_("Do you want to give your name?"),
        choices=[
            (ANONYMOUS, _("No, I want to stay anonymous")),
            (NAMED, _("Yes, I give my name or a way to reach me")),
        ],
        initial=ANONYMOUS,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Your phone number (optional)"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "dir": "ltr", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail (optional)"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    consent_contact = forms.BooleanField(label=_("You may contact me"), required=False)
    contact_method = forms.ChoiceField(
        label=_("How may we contact you?"),
        choices=ContactMethod.choices,
        initial=ContactMethod.NONE,
    )
    consent_document = forms.BooleanField(
        label=_("You may use what I tell you to document the violation"),
        required=False,
        help_text=_("Your name is never published."),
    )
    consent_refer = forms.BooleanField(
        label=_("You may pass my request to another organisation that can help"),
        required=False,
    )
    attachments = MultipleFileField(
        label=_("Photos, documents or recordings (optional)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request_type: Any = self.fields["request_type"]
        request_type.queryset = Term.objects.of("request_type").active().order_by("code")
        governorate: Any = self.fields["governorate"]
        governorate.choices = [("", _("I prefer not to say"))] + [
            (g.slug, g.name) for g in Governorate.objects.order_by("sort_order", "slug")
        ]
        self.fields["attachments"].help_text = _(
            "You can attach up to %(count)d files of up to %(size)s each."
        ) % {"count": max_files(), "size": filesizeformat(max_bytes())}
        self.fields["attachments"].widget.attrs["accept"] = accepted_types()
        self.style_widgets()

    @property
    def identity_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in IDENTITY_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("identity") == ANONYMOUS:
            # Without JavaScript every field is visible: an anonymous person may
            # have typed a name anyway. It is dropped, never stored.
            for name in IDENTITY_FIELDS:
                data[name] = ""
            data["consent_contact"] = False
            data["contact_method"] = ContactMethod.NONE
        elif (
            data.get("identity") == NAMED
            and not any(str(data.get(name) or "").strip() for name in IDENTITY_FIELDS)
            and not self.has_error("email")
        ):
            self.add_error("name", NAMED_WITHOUT_IDENTITY)
        method = data.get("contact_method")
        if method and method != ContactMethod.NONE and not data.get("consent_contact"):
            self.add_error("contact_method", CONTACT_WITHOUT_CONSENT)
        return data

    def service_data(self) -> dict[str, Any]:
        """The validated values in the shape ``request_submit_public`` takes."""
        data = self.cleaned_data
        slug = data.get("governorate") or ""
        anonymous = data["identity"] == ANONYMOUS
        return {
            "request_type": data["request_type"],
            "governorate": Governorate.objects.filter(slug=slug).first() if slug else None,
            "narrative": data["narrative"],
            "incident_date": data.get("incident_date"),
            "incident_date_precision": data.get("incident_date_precision"),
            "urgency": data.get("urgency") or Urgency.NORMAL,
            "anonymous": anonymous,
            "name": "" if anonymous else data.get("name", ""),
            "phone": "" if anonymous else data.get("phone", ""),
            "email": "" if anonymous else data.get("email", ""),
            "consent_contact": bool(data.get("consent_contact")) and not anonymous,
            "contact_method": data.get("contact_method") or ContactMethod.NONE,
            "consent_document": bool(data.get("consent_document")),
            "consent_refer": bool(data.get("consent_refer")),
        }
