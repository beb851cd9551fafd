"""Forms of the meeting pages: filters, institutions, meetings, commitments, follow-ups.

Plain forms: the services write, so the form only checks and hands over
clean values. Choices that depend on the user (staff, reports, defenders,
events) are narrowed through the selectors when the form is made.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from nama.core.forms import AccessibleFormMixin
from nama.core.models import Governorate, Term
from nama.monitoring.selectors import event_list_for_user
from nama.network.models import Member, MemberStatus
from nama.outreach.meeting_access import can_name_defenders
from nama.outreach.meeting_selectors import (
    events_by_reference,
    linkable_reports,
    outreach_staff,
)
from nama.outreach.models.meetings import (
    Commitment,
    CommitmentStatus,
    FollowUp,
    Institution,
    Meeting,
)
from nama.reports.models import Body

__all__ = [
    "CommitmentForm",
    "CommitmentStatusForm",
    "FollowUpForm",
    "InstitutionForm",
    "MeetingFilterForm",
    "MeetingForm",
]

TOPIC_VOCABULARY = "right_affected"
NO_SUCH_EVENTS = _(
    "No documented event you may open has the reference: %(references)s. "
    "Check the references, or leave them out."
)


def _model_field(model: Any, name: str, **kwargs: Any) -> Any:
    field: Any = model._meta.get_field(name)
    return field.formfield(**kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class StaffForm(AccessibleFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.adjust_fields()
        self.style_widgets()

    def adjust_fields(self) -> None:
        """Change this form's fields (choices...) before they are bound."""


class _InstitutionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class _NamedChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return getattr(obj, "name", "") or str(obj)


class _StaffChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class _ReportChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference} · {obj.title}"


def _topics() -> Any:
    return Term.objects.of(TOPIC_VOCABULARY).active()


# ---------------------------------------------------------------------------
# The list's filters


class MeetingFilterForm(StaffForm):
    """GET filters of the list; an invalid value is ignored, never an error page."""

    q = forms.CharField(label=_("Words of the title"), max_length=200, required=False)
    institution = _InstitutionChoice(
        label=_("Institution"),
        required=False,
        queryset=Institution.objects.all(),
        empty_label=_("Any institution"),
    )
    governorate = forms.ModelChoiceField(
        label=_("Governorate"),
        required=False,
        queryset=Governorate.objects.all(),
        to_field_name="slug",
        empty_label=_("Any governorate"),
    )
    period_start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    topic = forms.ModelChoiceField(
        label=_("Right discussed"),
        required=False,
        queryset=Term.objects.none(),
        to_field_name="code",
        empty_label=_("Any right"),
    )

    def adjust_fields(self) -> None:
        self.fields["topic"].queryset = _topics()  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        """The valid values, each on its own (an old link keeps its other filters)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        institution = cleaned.get("institution")
        governorate = cleaned.get("governorate")
        topic = cleaned.get("topic")
        return {
            "q": (cleaned.get("q") or "").strip(),
            "institution": institution.pk if institution else None,
            "governorate": governorate.slug if governorate else "",
            "period_start": cleaned.get("period_start"),
            "period_end": cleaned.get("period_end"),
            "topic": topic.code if topic else "",
        }


# ---------------------------------------------------------------------------
# Institutions


class InstitutionForm(StaffForm):
    name_ar = _model_field(Institution, "name_ar")
    name_en = _model_field(Institution, "name_en")
    name_ckb = _model_field(Institution, "name_ckb")
    kind = _model_field(Institution, "kind")
    governorate = _model_field(Institution, "governorate")
    body = _model_field(Institution, "body", queryset=Body.objects.filter(active=True))
    notes = _model_field(Institution, "notes", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, institution: Institution | None = None, **kwargs: Any) -> None:
        if institution is not None and not args and "data" not in kwargs:
            kwargs["initial"] = {
                "name_ar": institution.name_ar,
                "name_en": institution.name_en,
                "name_ckb": institution.name_ckb,
                "kind": institution.kind,
                "governorate": institution.governorate_id,
                "body": institution.body_id,
                "notes": institution.notes,
            }
        self.institution = institution
        super().__init__(*args, **kwargs)

    def clean_name_ar(self) -> str:
        name = (self.cleaned_data.get("name_ar") or "").strip()
        others = Institution.objects.filter(name_ar=name)
        if self.institution is not None:
            others = others.exclude(pk=self.institution.pk)
        if name and others.exists():
            raise ValidationError(_("An institution with this Arabic name exists already."))
        return name

    def service_data(self) -> dict[str, Any]:
        cleaned = self.cleaned_data
        return {
            "name_ar": cleaned["name_ar"],
            "name_en": cleaned["name_en"].strip(),
            "name_ckb": (cleaned.get("name_ckb") or "").strip(),
            "kind": cleaned["kind"],
            "governorate": cleaned.get("governorate"),
            "body": cleaned.get("body"),
            "notes": (cleaned.get("notes") or "").strip(),
        }


# ---------------------------------------------------------------------------
# Meetings


def _split_references(value: str) -> list[str]:
    return [part for part in re.split(r"[\s,،;]+", value.strip()) if part]


class MeetingForm(StaffForm):
    held_on = _model_field(Meeting, "held_on", widget=DateInput())
    institution = _InstitutionChoice(label=_("Institution"), queryset=Institution.objects.all())
    title = _model_field(Meeting, "title")
    officials = _model_field(Meeting, "officials", widget=forms.Textarea(attrs={"rows": 3}))
    staff_present = _StaffChoices(
        label=_("Centre staff present"),
        required=False,
        queryset=outreach_staff(),
        widget=forms.CheckboxSelectMultiple,
    )
    defenders = _NamedChoices(
        label=_("Defenders of the network present"),
        required=False,
        queryset=Member.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    other_defenders = _model_field(Meeting, "other_defenders", min_value=0, max_value=10000)
    topics = _NamedChoices(
        label=_("Rights discussed"),
        required=False,
        queryset=Term.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    topics_text = _model_field(Meeting, "topics_text", widget=forms.Textarea(attrs={"rows": 2}))
    summary = _model_field(Meeting, "summary", widget=forms.Textarea(attrs={"rows": 6}))
    confidentiality = _model_field(Meeting, "confidentiality", widget=forms.RadioSelect)
    reports = _ReportChoices(
        label=_("Reports presented"),
        required=False,
        queryset=Term.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    event_references = forms.CharField(
        label=_("Documented events (references)"),
        required=False,
        max_length=1000,
        help_text=_("Reference numbers of events you may open, separated by commas."),
    )

    def __init__(
        self, *args: Any, user: Any, meeting: Meeting | None = None, **kwargs: Any
    ) -> None:
        self.user = user
        self.meeting = meeting
        if meeting is not None and not args and "data" not in kwargs:
            kwargs["initial"] = self._initial(meeting)
        super().__init__(*args, **kwargs)

    def _initial(self, meeting: Meeting) -> dict[str, Any]:
        from nama.outreach.meeting_selectors import event_links_for_user

        events = event_links_for_user(user=self.user, meeting=meeting)
        return {
            **{name: getattr(meeting, name) for name in ("held_on", "title", "officials")},
            "institution": meeting.institution_id,
            "other_defenders": meeting.other_defenders,
            "topics_text": meeting.topics_text,
            "summary": meeting.summary,
            "confidentiality": meeting.confidentiality,
            "staff_present": list(meeting.staff_present.values_list("pk", flat=True)),
            "defenders": list(meeting.defenders.values_list("pk", flat=True)),
            "topics": list(meeting.topics.values_list("pk", flat=True)),
            "reports": list(meeting.reports.values_list("pk", flat=True)),
            "event_references": ", ".join(event.reference for event in events),
        }

    def adjust_fields(self) -> None:
        fields: Any = self.fields
        fields["topics"].queryset = _topics()
        fields["reports"].queryset = linkable_reports(user=self.user)
        # Fields the user could never fill are left out (and their links kept on save).
        if not fields["reports"].queryset.exists():
            del self.fields["reports"]
        if event_list_for_user(user=self.user).query.is_empty():  # may read no event at all
            del self.fields["event_references"]
        if can_name_defenders(self.user):
            fields["defenders"].queryset = Member.objects.filter(status=MemberStatus.ACCEPTED)
        else:
            del self.fields["defenders"]

    def clean_event_references(self) -> list[Any]:
        references = _split_references(self.cleaned_data.get("event_references") or "")
        found = events_by_reference(user=self.user, references=references)
        missing = [reference for reference in references if reference not in found]
        if missing:
            raise ValidationError(NO_SUCH_EVENTS, params={"references": ", ".join(missing)})
        return list(found.values())

    def service_data(self) -> dict[str, Any]:
        cleaned = self.cleaned_data
        return {
            "held_on": cleaned["held_on"],
            "institution": cleaned["institution"],
            "title": cleaned["title"].strip(),
            "officials": (cleaned.get("officials") or "").strip(),
            "other_defenders": cleaned.get("other_defenders") or 0,
            "topics_text": (cleaned.get("topics_text") or "").strip(),
            "summary": (cleaned.get("summary") or "").strip(),
            "confidentiality": cleaned["confidentiality"],
        }

    def links(self) -> dict[str, Any]:
        """The many-to-many values for the service (``defenders`` only when shown)."""
        cleaned = self.cleaned_data
        return {
            "staff_present": list(cleaned.get("staff_present") or []),
            "defenders": list(cleaned["defenders"]) if "defenders" in self.fields else None,
            "topics": list(cleaned.get("topics") or []),
            "reports": list(cleaned["reports"]) if "reports" in self.fields else None,
            "events": cleaned["event_references"] if "event_references" in self.fields else None,
        }


# ---------------------------------------------------------------------------
# Commitments and follow-ups


class CommitmentForm(StaffForm):
    text = _model_field(Commitment, "text", widget=forms.Textarea(attrs={"rows": 2}))
    made_by = _model_field(Commitment, "made_by")
    due_on = _model_field(Commitment, "due_on", widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "commitment")
        super().__init__(*args, **kwargs)


class CommitmentStatusForm(StaffForm):
    status = _model_field(Commitment, "status")
    due_on = _model_field(Commitment, "due_on", widget=DateInput())
    notes = _model_field(Commitment, "notes", widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(
        label=_("Reason (needed when broken or withdrawn)"),
        required=False,
        max_length=1000,
    )

    def __init__(self, *args: Any, commitment: Commitment, **kwargs: Any) -> None:
        self.commitment = commitment
        kwargs.setdefault("prefix", f"c{commitment.pk}")
        if not args and "data" not in kwargs:
            kwargs["initial"] = {
                "status": commitment.status,
                "due_on": commitment.due_on,
                "notes": commitment.notes,
            }
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        status = cleaned.get("status")
        needs_reason = status in (CommitmentStatus.BROKEN, CommitmentStatus.WITHDRAWN)
        if needs_reason and status != self.commitment.status and not cleaned.get("reason"):
            self.add_error("reason", _("Say why the commitment is marked broken or withdrawn."))
        return cleaned


class FollowUpForm(StaffForm):
    text = _model_field(FollowUp, "text", widget=forms.Textarea(attrs={"rows": 2}))
    owner = _StaffChoice(label=_("Owner"), queryset=outreach_staff())
    due_on = _model_field(FollowUp, "due_on", widget=DateInput())
    commitment = forms.ModelChoiceField(
        label=_("On the commitment"),
        required=False,
        queryset=Commitment.objects.none(),
        empty_label=_("None: the meeting as a whole"),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        self.meeting = meeting
        kwargs.setdefault("prefix", "followup")
        super().__init__(*args, **kwargs)

    def adjust_fields(self) -> None:
        field: Any = self.fields["commitment"]
        field.queryset = Commitment.objects.filter(meeting=self.meeting).order_by("pk")
        field.label_from_instance = lambda obj: f"{obj.pk}: {obj.text[:80]}"
