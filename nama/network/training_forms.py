"""Forms of the training pages: a course, a session, a participant, scores and
feedback, revoking a certificate.

Plain forms (the services decide what changes); the fields come from the
models so labels, lengths and choices stay in one place.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nama.accounts.models import User
from nama.core.forms import AccessibleFormMixin
from nama.core.models import Governorate
from nama.core.roles import Role, scoped_governorates
from nama.library.models import Resource
from nama.network.models import (
    Course,
    Member,
    MemberStatus,
    Participant,
    TrainingSession,
)
from nama.network.training_access import can_manage_courses

__all__ = [
    "CourseForm",
    "FeedbackForm",
    "ParticipantForm",
    "RevokeForm",
    "SessionForm",
]


def _field(model: Any, name: str, **kwargs: Any) -> Any:
    field: Any = model._meta.get_field(name)
    return field.formfield(**kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TrainingForm(AccessibleFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.adjust_fields()
        self.style_widgets()

    def adjust_fields(self) -> None:
        """Change fields (choices, labels) before they are bound."""


class CourseForm(TrainingForm):
    title_ar = _field(Course, "title_ar")
    title_en = _field(Course, "title_en")
    title_ckb = _field(Course, "title_ckb")
    description = _field(Course, "description", widget=forms.Textarea(attrs={"rows": 3}))
    curriculum = _field(Course, "curriculum", widget=forms.Textarea(attrs={"rows": 6}))
    min_attendance_percent = _field(Course, "min_attendance_percent")
    active = _field(Course, "active")
    resources = forms.ModelMultipleChoiceField(
        label=_("Library resources"),
        queryset=Resource.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, course: Course | None = None, **kwargs: Any) -> None:
        if course is not None and not args and "data" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(course, name) for name in self.base_fields if name != "resources"},
                "resources": list(course.resources.values_list("pk", flat=True)),
            }
        super().__init__(*args, **kwargs)

    def adjust_fields(self) -> None:
        field: Any = self.fields["resources"]
        field.queryset = Resource.objects.order_by("title", "pk")
        self.fields["curriculum"].help_text = _(
            "What the course covers, one topic a line. Link the manuals below."
        )
        self.fields["min_attendance_percent"].help_text = _(
            "A participant present on at least this share of the session's days gets a certificate."
        )

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "resources"}


class SessionForm(TrainingForm):
    starts_on = _field(TrainingSession, "starts_on", widget=DateInput())
    ends_on = _field(TrainingSession, "ends_on", widget=DateInput())
    mode = _field(TrainingSession, "mode")
    place = _field(TrainingSession, "place")
    governorate = forms.ModelChoiceField(label=_("Governorate"), queryset=Governorate.objects.all())
    capacity = _field(TrainingSession, "capacity")
    status = _field(TrainingSession, "status")
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        session: TrainingSession | None = None,
        **kwargs: Any,
    ) -> None:
        self.user = user
        if session is not None and not args and "data" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(session, name) for name in self.base_fields if name != "trainers"},
                "trainers": list(session.trainers.values_list("pk", flat=True)),
            }
        super().__init__(*args, **kwargs)

    def adjust_fields(self) -> None:
        if not can_manage_courses(self.user):
            # Only the coordinator decides who trains a session.
            del self.fields["trainers"]
            return
        field: Any = self.fields["trainers"]
        field.queryset = (
            User.objects.filter(groups__name=Role.TRAINER, is_active=True)
            .distinct()
            .order_by("first_name", "username")
        )
        field.label_from_instance = lambda user: user.get_full_name() or user.get_username()

    def clean(self) -> dict[str, Any] | None:
        super().clean()
        cleaned = self.cleaned_data
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day must not be before the first day."))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "trainers"}

    def chosen_trainers(self) -> list[Any] | None:
        if "trainers" not in self.fields:
            return None
        return list(self.cleaned_data["trainers"])


_MEMBER_REFERENCE = re.compile(r"^\s*(?:M-?)?0*(\d{1,9})\s*$", re.IGNORECASE)


class ParticipantForm(TrainingForm):
    member = forms.CharField(
        label=_("Network member (reference, e.g. M-00012)"), max_length=20, required=False
    )
    name = _field(Participant, "name", required=False)
    name_latin = _field(Participant, "name_latin")
    sex = _field(Participant, "sex")
    governorate = forms.ModelChoiceField(
        label=_("Governorate"), queryset=Governorate.objects.all(), required=False
    )
    organisation = _field(Participant, "organisation")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def adjust_fields(self) -> None:
        self.fields["member"].help_text = _(
            "Leave empty to add someone by name. For a member, the name and details "
            "come from the directory unless you type them."
        )
        self.fields["governorate"].help_text = _("Empty: the session's governorate.")

    def clean_member(self) -> Member | None:
        typed = self.cleaned_data.get("member", "")
        if not typed.strip():
            return None
        match = _MEMBER_REFERENCE.match(typed)
        member = None
        if match:
            member = (
                Member.objects.filter(
                    pk=int(match.group(1)),
                    status=MemberStatus.ACCEPTED,
                    governorate__in=scoped_governorates(self.user),
                ).first()
                if not can_manage_courses(self.user)
                else Member.objects.filter(
                    pk=int(match.group(1)), status=MemberStatus.ACCEPTED
                ).first()
            )
        if member is None:
            raise forms.ValidationError(_("No accepted member you may see has this reference."))
        return member

    def clean(self) -> dict[str, Any] | None:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("member") and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Give a member's reference or the name to print."))
        return cleaned


class FeedbackForm(TrainingForm):
    pre_score = _field(Participant, "pre_score")
    post_score = _field(Participant, "post_score")
    rating = forms.TypedChoiceField(
        label=_("Rating of the session"),
        choices=[("", _("not given")), *[(str(n), str(n)) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    feedback = _field(Participant, "feedback", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, participant: Participant | None = None, **kwargs: Any) -> None:
        if participant is not None and not args and "data" not in kwargs:
            kwargs["initial"] = {name: getattr(participant, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)

    def adjust_fields(self) -> None:
        for name in ("pre_score", "post_score"):
            self.fields[name].widget.attrs.update({"min": 0, "max": 100, "inputmode": "numeric"})


class RevokeForm(TrainingForm):
    reason = forms.CharField(
        label=_("Why is the certificate revoked?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
