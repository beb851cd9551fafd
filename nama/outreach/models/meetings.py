"""Meetings with officials and decision makers, the commitments made in them, and
the follow-up actions the centre's staff take (docs/outreach.md, "Meetings with
officials").

Everything here is **internal**: only outreach staff read it, and a
*restricted* meeting only the director and the staff who were present
(``nama.outreach.meeting_access``). Officials are named in their public role,
in plain text; defenders of the network who attended are linked to their
member record (names encrypted there) and shown only to those who may see the
network's members.

An :class:`Institution` is kept apart from ``reports.Body`` (the bodies the
centre sends its reports to): a body carries contact details for dispatches
and its kinds are those of UN mechanisms and international addressees, while
meetings are mostly with Iraqi ministries, councils, courts and security
bodies, per governorate, with names in several languages. When an
institution is also a body reports are sent to, ``body`` links the two.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nama.core.models import TranslatedNameMixin

__all__ = [
    "Commitment",
    "CommitmentStatus",
    "FollowUp",
    "FollowUpStatus",
    "Institution",
    "InstitutionKind",
    "Meeting",
    "MeetingConfidentiality",
]


class InstitutionKind(models.TextChoices):
    MINISTRY = "ministry", _("ministry")
    PARLIAMENT = "parliament", _("parliament committee")
    GOVERNORATE_COUNCIL = "council", _("governorate council")
    SECURITY = "security", _("security body")
    JUDICIARY = "judiciary", _("judiciary")
    UN_INGO = "un_ingo", _("UN agency or international NGO")
    EMBASSY = "embassy", _("embassy")
    OTHER = "other", _("other")


class Institution(TranslatedNameMixin):
    """A ministry, committee, council, court, agency or embassy the centre meets."""

    kind = models.CharField(_("kind"), max_length=16, choices=InstitutionKind.choices)
    governorate = models.ForeignKey(
        "core.Governorate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("governorate"),
        help_text=_("Leave empty for a national or international institution."),
    )
    body = models.ForeignKey(
        "reports.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("also a body reports are sent to"),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_ar", "pk"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InstitutionKind.values), name="outreach_institution_kind"
            ),
            models.UniqueConstraint(fields=["name_ar"], name="outreach_institution_name_ar"),
        ]


class MeetingConfidentiality(models.TextChoices):
    INTERNAL = "internal", _("internal (outreach staff)")
    RESTRICTED = "restricted", _("restricted (the director and the staff present)")


class Meeting(models.Model):
    held_on = models.DateField(_("date"))
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("institution"),
    )
    title = models.CharField(_("title"), max_length=300)
    officials = models.TextField(
        _("officials present"),
        blank=True,
        max_length=5000,
        help_text=_("Names and posts, one per line."),
    )
    defenders = models.ManyToManyField(
        "network.Member",
        blank=True,
        related_name="+",
        verbose_name=_("defenders of the network present"),
    )
    other_defenders = models.PositiveSmallIntegerField(
        _("other defenders present"),
        default=0,
        help_text=_("How many defenders attended who are not linked to a member record."),
    )
    staff_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="outreach_meetings",
        verbose_name=_("centre staff present"),
    )
    topics = models.ManyToManyField(
        "core.Term",
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary__key": "right_affected"},
        verbose_name=_("rights discussed"),
    )
    topics_text = models.TextField(_("topics"), blank=True, max_length=5000)
    summary = models.TextField(_("summary"), blank=True, max_length=20000)
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=12,
        choices=MeetingConfidentiality.choices,
        default=MeetingConfidentiality.INTERNAL,
    )
    reports = models.ManyToManyField(
        "reports.Report", blank=True, related_name="+", verbose_name=_("reports presented")
    )
    events = models.ManyToManyField(
        "monitoring.Event", blank=True, related_name="+", verbose_name=_("documented events")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting with officials")
        verbose_name_plural = _("meetings with officials")
        constraints = [
            models.CheckConstraint(
                condition=Q(confidentiality__in=MeetingConfidentiality.values),
                name="outreach_meeting_confidentiality",
            )
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    @property
    def is_restricted(self) -> bool:
        return self.confidentiality == MeetingConfidentiality.RESTRICTED


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    FULFILLED = "fulfilled", _("fulfilled")
    BROKEN = "broken", _("broken")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Still to be kept (counted as "open" on the commitments page).
OPEN_COMMITMENT_STATUSES = (CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS)


class Commitment(models.Model):
    """What an institution promised in a meeting, and whether it kept its word."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("meeting")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("institution"),
    )
    text = models.TextField(_("commitment"), max_length=5000)
    made_by = models.CharField(
        _("made by"), max_length=300, blank=True, help_text=_("The official and their post.")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.OPEN,
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    notes = models.TextField(_("evidence and notes"), blank=True, max_length=10000)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CommitmentStatus.values),
                name="outreach_commitment_status",
            )
        ]

    def __str__(self) -> str:
        return f"C-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COMMITMENT_STATUSES


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("to do")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class FollowUp(models.Model):
    """An action the centre takes after a meeting (on one of its commitments or not)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="followups", verbose_name=_("meeting")
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("commitment"),
    )
    text = models.TextField(_("action"), max_length=5000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="outreach_followups",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FollowUpStatus.values), name="outreach_followup_status"
            ),
            models.CheckConstraint(
                condition=~Q(status=FollowUpStatus.DONE) | Q(done_at__isnull=False),
                name="outreach_followup_done_at",
            ),
        ]

    def __str__(self) -> str:
        return f"F-{self.pk}"
