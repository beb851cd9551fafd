"""The public registration form of an event.

Anti-abuse exactly like the complaint form (``AntiAbuseFormMixin``: honeypot,
proof of work, no-JavaScript fallback); the rate limit is counted by
``event_services.registration_submit``. Works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nama.core.antiabuse import AntiAbuseFormMixin
from nama.core.forms import AccessibleFormMixin
from nama.core.models import Governorate
from nama.outreach.event_services import NEEDS_CONTACT

__all__ = ["RegistrationForm"]

CONSENT_REQUIRED = _("Please tick the box to agree, or we cannot register you.")


class RegistrationForm(AntiAbuseFormMixin, AccessibleFormMixin, forms.Form):
    antiabuse_scope = "outreach.event_register"

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        required=False,
        help_text=_("We send the confirmation and the link to cancel there."),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=50,
        required=False,
        help_text=_("Give an e-mail address, a phone number, or both."),
        widget=forms.TextInput(attrs={"type": "tel", "dir": "ltr", "autocomplete": "tel"}),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"), max_length=200, required=False
    )
    governorate = forms.ChoiceField(
        label=_("Governorate where you live (optional)"), required=False
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the centre keeps my name and contact details to organise this "
            "event and to tell me about changes to it."
        ),
        required=True,
        error_messages={"required": CONSENT_REQUIRED},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        governorate: Any = self.fields["governorate"]
        governorate.choices = [("", _("Choose a governorate"))] + [
            (g.slug, g.name) for g in Governorate.objects.order_by("sort_order", "slug")
        ]
        for name in ("name", "organisation"):
            self.fields[name].widget.attrs["dir"] = "auto"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.style_widgets()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        has_contact = any(str(cleaned.get(name) or "").strip() for name in ("email", "phone"))
        if not has_contact and not self.has_error("email"):
            self.add_error("email", NEEDS_CONTACT)
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        slug = data.get("governorate") or ""
        return {
            "name": data["name"].strip(),
            "email": (data.get("email") or "").strip(),
            "phone": (data.get("phone") or "").strip(),
            "organisation": (data.get("organisation") or "").strip(),
            "governorate": Governorate.objects.filter(slug=slug).first() if slug else None,
        }
