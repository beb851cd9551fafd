"""The public "join the network" form.

Anti-abuse exactly like the complaint form (``AntiAbuseFormMixin``: honeypot,
proof of work, no-JavaScript fallback); the rate limit is counted by
``member_services.application_submit``. Works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nama.core.antiabuse import AntiAbuseFormMixin
from nama.core.forms import AccessibleFormMixin
from nama.core.models import Governorate, Term
from nama.network.member_selectors import area_terms
from nama.network.member_services import NEEDS_CONTACT
from nama.network.models import MemberKind, MemberLanguage

__all__ = ["JoinForm"]

CONSENT_REQUIRED = _("Please tick the box to agree, or we cannot keep your application.")


class AreaField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Term) -> str:
        return obj.name


class JoinForm(AntiAbuseFormMixin, AccessibleFormMixin, forms.Form):
    antiabuse_scope = "network.join"

    kind = forms.ChoiceField(
        label=_("How do you work for human rights?"),
        choices=MemberKind.choices,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        help_text=_("For an organisation, its name."),
    )
    governorate = forms.ChoiceField(label=_("Governorate where you work"))
    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        required=False,
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
    areas_of_work = AreaField(
        label=_("Areas of work (optional)"),
        queryset=Term.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak (optional)"),
        choices=MemberLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.CharField(
        label=_("Your skills and experience (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    motivation = forms.CharField(
        label=_("Why do you want to join? (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the centre keeps what I wrote in this form to review my application "
            "and, if I am accepted, to contact me about the network."
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
        areas: Any = self.fields["areas_of_work"]
        areas.queryset = area_terms()
        for name in ("name", "organisation", "skills", "motivation"):
            self.fields[name].widget.attrs["dir"] = "auto"
        self.style_widgets()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        has_contact = any(str(cleaned.get(name) or "").strip() for name in ("email", "phone"))
        if not has_contact and not self.has_error("email"):
            self.add_error("email", NEEDS_CONTACT)
        return cleaned

    def service_data(self) -> dict[str, Any]:
        """The validated values in the shape ``application_submit`` takes."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "name": data["name"].strip(),
            "governorate": Governorate.objects.get(slug=data["governorate"]),
            "email": (data.get("email") or "").strip(),
            "phone": (data.get("phone") or "").strip(),
            "organisation": (data.get("organisation") or "").strip(),
            "languages": list(data.get("languages") or []),
            "skills": (data.get("skills") or "").strip(),
            "motivation": (data.get("motivation") or "").strip(),
        }
