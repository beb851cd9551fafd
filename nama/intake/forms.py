"""Forms of the staff intake pages: the call screen, the queue's filters, the request's actions.

Every form renders through ``core/_field.html``; a refused form is shown
again with its errors next to the fields and everything typed kept.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nama.core.forms import AccessibleFormMixin
from nama.core.models import Governorate, Term
from nama.core.roles import Role, scoped_governorates
from nama.intake.models import ContactMethod, DatePrecision, RequestStatus, RouteTarget, Urgency
from nama.intake.services import may_be_assigned

# How old an open request must be to stand out in the queue, and the age filter.
AGE_CHOICES = [
    ("", _("Any age")),
    ("2", _("Waiting more than 2 days")),
    ("7", _("Waiting more than a week")),
    ("30", _("Waiting more than a month")),
]
ASSIGNED_CHOICES = [
    ("", _("Anyone")),
    ("me", _("Assigned to me")),
    ("none", _("Not assigned")),
]
OPEN = "open"
_CALL_SALT = "nama.intake.call.started"
# A call screen left open longer than this gives no automatic duration.
MAX_CALL_SECONDS = 4 * 60 * 60


class TermField(forms.ModelChoiceField[Term]):
    def label_from_instance(self, obj: Term) -> str:
        return obj.name


def _governorate_choices(user: Any, empty: Any) -> list[tuple[str, Any]]:
    return [("", empty)] + [
        (g.slug, g.name) for g in scoped_governorates(user).order_by("sort_order", "slug")
    ]


def _all_governorate_choices(empty: Any) -> list[tuple[str, Any]]:
    return [("", empty)] + [
        (g.slug, g.name) for g in Governorate.objects.order_by("sort_order", "slug")
    ]


def _governorate(slug: str) -> Governorate | None:
    return Governorate.objects.filter(slug=slug).first() if slug else None


class StaffForm(AccessibleFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


# ---------------------------------------------------------------------------
# The queue


class QueueFilterForm(StaffForm):
    """GET filters of the triage queue; an invalid value is ignored, never an error page."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), (OPEN, _("Open (new or triaged)")), *RequestStatus.choices],
    )
    governorate = forms.ChoiceField(label=_("Governorate"), required=False)
    request_type = forms.ChoiceField(label=_("Type of request"), required=False)
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[("", _("Any urgency")), *Urgency.choices]
    )
    age = forms.ChoiceField(label=_("Age"), required=False, choices=AGE_CHOICES)
    assigned = forms.ChoiceField(label=_("Assigned"), required=False, choices=ASSIGNED_CHOICES)

    FIELDS = ("status", "governorate", "request_type", "urgency", "age", "assigned")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        governorate: Any = self.fields["governorate"]
        governorate.choices = _governorate_choices(user, _("Any governorate"))
        request_type: Any = self.fields["request_type"]
        request_type.choices = [("", _("Any type"))] + [
            (t.code, t.name) for t in Term.objects.of("request_type").order_by("code")
        ]

    def valid_values(self) -> dict[str, Any]:
        """The fields whose values are valid, each on its own: an invalid value (an old
        link, a hand-made URL) is dropped without dropping the others."""
        self.is_valid()
        return self.cleaned_data

    def selector_filters(self, user: Any) -> dict[str, Any]:
        """The valid filters in the shape of ``request_list_for_user(filters=...)``."""
        data = self.valid_values()
        filters: dict[str, Any] = {
            key: data[key] for key in ("governorate", "request_type", "urgency") if data.get(key)
        }
        status = data.get("status")
        if status and status != OPEN:
            filters["status"] = status
        if data.get("age"):
            filters["received_before"] = timezone.localdate() - timedelta(days=int(data["age"]))
        if data.get("assigned") == "me":
            filters["assignee"] = user.pk
        return filters

    def wants_open_only(self) -> bool:
        return self.valid_values().get("status") == OPEN

    def wants_unassigned(self) -> bool:
        return self.valid_values().get("assigned") == "none"

    def chosen(self) -> dict[str, str]:
        """The valid, non-empty choices: what the queue remembers."""
        data = self.valid_values()
        return {key: data[key] for key in self.FIELDS if data.get(key)}


# ---------------------------------------------------------------------------
# The call screen


class NoEchoTextInput(forms.TextInput):
    """A text input that never writes a value back into the page (a tracking code)."""

    def format_value(self, value: Any) -> str | None:
        return None


class LookupForm(StaffForm):
    """Find the caller's earlier requests by phone number, e-mail or tracking code."""

    phone = forms.CharField(
        label=_("Phone number"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "dir": "ltr", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    tracking_code = forms.CharField(
        label=_("Tracking code"),
        max_length=80,
        required=False,
        help_text=_("Latin or Arabic-Indic digits, with or without spaces or dashes."),
        widget=NoEchoTextInput(
            attrs={
                "dir": "ltr",
                "autocomplete": "off",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The call screen opens with the cursor here.
        self.fields["phone"].widget.attrs["autofocus"] = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed = any(str(data.get(k) or "").strip() for k in ("phone", "email", "tracking_code"))
        if not typed and not self.errors:
            raise forms.ValidationError(
                _("Type a phone number, an e-mail or a tracking code."), code="empty"
            )
        return data


def call_started_token() -> str:
    """A signed time stamp put in the call form when the screen opens."""
    return signing.Signer(salt=_CALL_SALT).sign(str(int(timezone.now().timestamp())))


def call_started_at(token: str) -> tuple[datetime, int] | None:
    """(start time, seconds since) from :func:`call_started_token`, or None if unusable."""
    try:
        seconds = int(signing.Signer(salt=_CALL_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    started = datetime.fromtimestamp(seconds, tz=UTC)
    elapsed = int((timezone.now() - started).total_seconds())
    if not 0 <= elapsed <= MAX_CALL_SECONDS:
        return None
    return started, elapsed


class CallDetailsMixin(forms.Form):
    """When, how long, what was said: the part of every call form."""

    started = forms.CharField(widget=forms.HiddenInput, required=False)
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"),
        min_value=0,
        max_value=24 * 60,
        required=False,
        help_text=_("Leave empty to count from when this page was opened."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
    )
    summary = forms.CharField(
        label=_("Summary of the call"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def call_timing(self) -> tuple[datetime | None, int]:
        """(started_at or None, duration in seconds)."""
        data = self.cleaned_data
        timing = call_started_at(data.get("started") or "")
        minutes = data.get("duration_minutes")
        if timing is None:
            return None, (minutes or 0) * 60
        started, elapsed = timing
        return started, elapsed if minutes is None else minutes * 60


class NewCallRequestForm(CallDetailsMixin, StaffForm):
    """A call that brings a new request: what happened, who calls (optional), the call."""

    request_type = TermField(
        label=_("Type of request"),
        queryset=Term.objects.none(),
        to_field_name="code",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    narrative = forms.CharField(
        label=_("What the caller says happened"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
    )
    governorate = forms.ChoiceField(label=_("Governorate where it happened"), required=False)
    incident_date = forms.DateField(
        label=_("Date of the incident"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    incident_date_precision = forms.ChoiceField(
        label=_("Precision of the date"),
        choices=[
            (DatePrecision.EXACT, _("The exact day")),
            (DatePrecision.MONTH, _("Only the month")),
            (DatePrecision.YEAR, _("Only the year")),
        ],
        initial=DatePrecision.EXACT,
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    anonymous = forms.BooleanField(
        label=_("The caller stays anonymous (nothing identifying is kept)"),
        required=False,
        initial=True,
    )
    name = forms.CharField(label=_("Caller's name"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Caller's phone number"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "dir": "ltr", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Caller's e-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Caller's address"),
        max_length=1000,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    consent_contact = forms.BooleanField(label=_("We may contact the caller"), required=False)
    contact_method = forms.ChoiceField(
        label=_("How to contact the caller"), choices=ContactMethod.choices, initial="none"
    )
    consent_document = forms.BooleanField(
        label=_("We may document what the caller told us"), required=False
    )
    consent_refer = forms.BooleanField(
        label=_("We may refer the request to another organisation"), required=False
    )
    issue_code = forms.BooleanField(
        label=_("Give the caller a tracking code to read out now"),
        required=False,
        initial=True,
    )

    IDENTITY = ("name", "phone", "email", "address")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request_type: Any = self.fields["request_type"]
        request_type.queryset = Term.objects.of("request_type").active().order_by("code")
        governorate: Any = self.fields["governorate"]
        governorate.choices = _all_governorate_choices(_("Unknown"))
        if not self.is_bound:
            self.initial.setdefault("started", call_started_token())
        self.style_widgets()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("anonymous"):
            if any(str(data.get(k) or "").strip() for k in self.IDENTITY):
                self.add_error(
                    "anonymous",
                    _(
                        "The caller is marked anonymous but you typed a name or contact. "
                        "Untick the anonymous box to keep them, or clear them."
                    ),
                )
            data["consent_contact"] = False
            data["contact_method"] = ContactMethod.NONE
        method = data.get("contact_method")
        if method and method != ContactMethod.NONE and not data.get("consent_contact"):
            self.add_error(
                "contact_method", _("Choose how to contact the caller only if they agreed.")
            )
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        anonymous = bool(data.get("anonymous"))
        return {
            "request_type": data["request_type"],
            "governorate": _governorate(data.get("governorate") or ""),
            "narrative": data["narrative"],
            "incident_date": data.get("incident_date"),
            "incident_date_precision": data.get("incident_date_precision"),
            "urgency": data.get("urgency") or Urgency.NORMAL,
            "anonymous": anonymous,
            **{key: "" if anonymous else data.get(key, "") for key in self.IDENTITY},
            "consent_contact": bool(data.get("consent_contact")),
            "contact_method": data.get("contact_method") or ContactMethod.NONE,
            "consent_document": bool(data.get("consent_document")),
            "consent_refer": bool(data.get("consent_refer")),
        }


class CallOnRequestForm(CallDetailsMixin, StaffForm):
    """A call about a request that already exists."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("started", call_started_token())
        self.style_widgets()


# ---------------------------------------------------------------------------
# Actions on one request


class TriageForm(StaffForm):
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    request_type = TermField(
        label=_("Type of request"), queryset=Term.objects.none(), to_field_name="code"
    )
    governorate = forms.ChoiceField(label=_("Governorate"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request_type: Any = self.fields["request_type"]
        request_type.queryset = Term.objects.of("request_type").active().order_by("code")
        governorate: Any = self.fields["governorate"]
        governorate.choices = _all_governorate_choices(_("Unknown"))
        self.style_widgets()

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "urgency": data["urgency"],
            "request_type": data["request_type"],
            "governorate": _governorate(data.get("governorate") or ""),
        }


class AssignForm(StaffForm):
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)

    def __init__(self, *args: Any, request: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["assignee"]
        field.choices = [("", _("Nobody"))] + [
            (str(u.pk), u.get_full_name() or u.get_username()) for u in assignable_users(request)
        ]
        self.style_widgets()

    def chosen_user(self) -> Any:
        pk = self.cleaned_data.get("assignee")
        return get_user_model()._default_manager.filter(pk=pk).first() if pk else None


def assignable_users(request: Any) -> list[Any]:
    """Active operators whose governorates cover ``request``, and the directors."""
    users = (
        get_user_model()
        ._default_manager.filter(
            is_active=True, groups__name__in=[Role.HOTLINE_OPERATOR, Role.DIRECTOR]
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return [user for user in users if may_be_assigned(user, request)]


class RouteForm(StaffForm):
    target = forms.ChoiceField(
        label=_("Route to"), choices=RouteTarget.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Why, and what the unit should know"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class ReasonForm(StaffForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
        help_text=_("Kept in the record. Do not write names here."),
    )


class MergeForm(StaffForm):
    into = forms.CharField(
        label=_("Reference of the request to keep"),
        max_length=20,
        help_text=_(
            "For example R-2026-000123. This request is closed and everything moves there."
        ),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )


class ReplyForm(StaffForm):
    body = forms.CharField(
        label=_("Reply to the complainant"),
        max_length=20000,
        help_text=_(
            "The complainant reads it on the tracking page. Never write a tracking code here."
        ),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class NoteForm(StaffForm):
    body = forms.CharField(
        label=_("Internal note"),
        max_length=20000,
        help_text=_("Staff only: never shown to the complainant."),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
