"""Forms of the member pages: the directory's filters, a member, review, invitations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from nama.core.forms import AccessibleFormMixin
from nama.core.models import Governorate, Term
from nama.network.member_selectors import MemberFilters, area_terms
from nama.network.models import Member, MemberKind, MemberLanguage, MemberStatus

__all__ = [
    "DeclineForm",
    "InvitationPasswordForm",
    "LinkPersonForm",
    "MemberFilterForm",
    "MemberForm",
    "NameSearchForm",
]


class AreaField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Term) -> str:
        return obj.name


def _member_field(name: str, **kwargs: Any) -> Any:
    field: Any = Member._meta.get_field(name)
    return field.formfield(**kwargs)


def governorate_choices(empty: Any) -> list[tuple[str, Any]]:
    return [("", empty)] + [
        (g.slug, g.name) for g in Governorate.objects.order_by("sort_order", "slug")
    ]


class MemberFilterForm(AccessibleFormMixin, forms.Form):
    """GET filters of the directory. Nothing identifying: the name search is a
    separate POST form so that a name never lands in a URL or a server log."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *MemberKind.choices]
    )
    governorate = forms.ChoiceField(label=_("Governorate"), required=False)
    area = forms.ChoiceField(label=_("Area of work"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *MemberLanguage.choices],
    )
    skill = forms.CharField(label=_("Skill"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *MemberStatus.choices],
    )

    def __init__(self, *args: Any, show_status: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        governorate: Any = self.fields["governorate"]
        governorate.choices = governorate_choices(_("Any governorate"))
        area: Any = self.fields["area"]
        area.choices = [("", _("Any area"))] + [(t.code, t.name) for t in area_terms()]
        if not show_status:
            del self.fields["status"]
        self.style_widgets()

    def values(self, *, name: str = "") -> MemberFilters:
        """The chosen filters; invalid values are ignored, never an error page."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        slug = data.get("governorate") or ""
        code = data.get("area") or ""
        return MemberFilters(
            kind=data.get("kind") or "",
            governorate=Governorate.objects.filter(slug=slug).first() if slug else None,
            area=area_terms().filter(code=code).first() if code else None,
            language=data.get("language") or "",
            skill=(data.get("skill") or "").strip(),
            status=data.get("status") or "",
            name=name,
        )


class NameSearchForm(AccessibleFormMixin, forms.Form):
    name = forms.CharField(label=_("Find by name"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"dir": "auto", "autocomplete": "off"})
        self.style_widgets()


class MemberForm(AccessibleFormMixin, forms.Form):
    """Add or edit a member (staff). Protection fields only for those who may see them."""

    kind = _member_field("kind")
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    sex = _member_field("sex")
    birth_year = forms.IntegerField(
        label=_("Year of birth"), min_value=1900, max_value=2100, required=False
    )
    governorate = forms.ModelChoiceField(
        label=_("Governorate"), queryset=Governorate.objects.order_by("sort_order", "slug")
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    areas_of_work = AreaField(
        label=_("Areas of work"),
        queryset=Term.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=MemberLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.CharField(
        label=_("Skills"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    motivation = forms.CharField(
        label=_("Why they want to join"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wants_digest = forms.BooleanField(label=_("Weekly digest e-mail"), required=False)
    risk_level = _member_field("risk_level")
    protection_notes = forms.CharField(
        label=_("Protection notes"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Confidential: only the training coordinator and the director see them."),
    )

    def __init__(
        self,
        *args: Any,
        member: Member | None = None,
        protection: bool = False,
        **kwargs: Any,
    ) -> None:
        if member is not None and not args and "data" not in kwargs:
            kwargs["initial"] = self.initial_for(member, protection=protection)
        super().__init__(*args, **kwargs)
        areas: Any = self.fields["areas_of_work"]
        current = member.areas_of_work.values("pk") if member is not None and member.pk else []
        areas.queryset = (
            Term.objects.of("right_affected").filter(retired_at__isnull=True)
            | Term.objects.filter(pk__in=current)
        ).order_by("sort_order", "code")
        if not protection:
            del self.fields["risk_level"]
            del self.fields["protection_notes"]
        for name in ("name", "organisation", "skills", "motivation", "protection_notes"):
            if name in self.fields:
                self.fields[name].widget.attrs["dir"] = "auto"
        for name in ("email", "phone"):
            self.fields[name].widget.attrs.update({"dir": "ltr", "autocomplete": "off"})
        self.style_widgets()

    @staticmethod
    def initial_for(member: Member, *, protection: bool) -> dict[str, Any]:
        names = [
            "kind",
            "name",
            "email",
            "phone",
            "sex",
            "birth_year",
            "organisation",
            "languages",
            "skills",
            "motivation",
            "wants_digest",
        ]
        if protection:
            names += ["risk_level", "protection_notes"]
        initial = {name: getattr(member, name) for name in names}
        initial["governorate"] = member.governorate_id
        initial["areas_of_work"] = list(member.areas_of_work.values_list("pk", flat=True))
        return initial

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("areas_of_work", None)
        for name in ("name", "email", "phone", "organisation", "skills", "motivation"):
            data[name] = (data.get(name) or "").strip()
        if "protection_notes" in data:
            data["protection_notes"] = (data.get("protection_notes") or "").strip()
        return data


class DeclineForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=_("Kept with the application and in the audit log; not sent to the applicant."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class LinkPersonForm(AccessibleFormMixin, forms.Form):
    person = forms.IntegerField(
        label=_("Monitoring person record number"),
        min_value=1,
        required=False,
        help_text=_("Leave empty to remove the link."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class InvitationPasswordForm(AccessibleFormMixin, SetPasswordForm):
    """Choose the first password of an invited member's account."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs.update({"dir": "ltr", "autocomplete": "new-password"})
        self.style_widgets()
