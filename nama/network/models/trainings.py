"""Trainings: courses, sessions, participants, attendance and certificates.

A course is what is taught (curriculum, library resources, the attendance a
participant needs for a certificate); a session is one run of it (dates, the
days it meets, place or online, governorate, trainers). Participants are
named as they should be printed on a certificate (encrypted: a database dump
must not list who was trained). A certificate carries a random verification
code that anyone may check on the public site; the check shows only what is
printed on the certificate (name, course, date of issue) and whether it was
revoked.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from nama.core.fields import EncryptedCharField, EncryptedTextField
from nama.network.models.members import Sex

__all__ = [
    "Attendance",
    "Certificate",
    "Course",
    "Participant",
    "SessionDay",
    "SessionMode",
    "SessionStatus",
    "TrainingSession",
]


def _in_language(ar: str, en: str, ckb: str = "") -> str:
    language = (translation.get_language() or "ar").split("-")[0]
    if language == "en":
        return en or ar
    if language == "ckb":
        return ckb or ar
    return ar or en


class Course(models.Model):
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_ckb = models.CharField(_("title (Kurdish Sorani)"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    curriculum = models.TextField(_("curriculum"), max_length=20000, blank=True)
    resources = models.ManyToManyField(
        "library.Resource",
        blank=True,
        related_name="network_courses",
        verbose_name=_("library resources"),
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (percentage of the session's days)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-active", "title_ar", "pk"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_attendance_percent__lte=100),
                name="network_course_attendance_percent",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The title in the active language (Sorani falls back to Arabic)."""
        return _in_language(self.title_ar, self.title_en, self.title_ckb)


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("held")
    CANCELLED = "cancelled", _("cancelled")


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")


class TrainingSession(models.Model):
    """One run of a course. (Named so as not to be confused with a login session.)"""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("course")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    mode = models.CharField(
        _("in person or online"),
        max_length=12,
        choices=SessionMode.choices,
        default=SessionMode.IN_PERSON,
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    governorate = models.ForeignKey(
        "core.Governorate",
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("governorate"),
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("trainers"),
    )
    capacity = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="network_session_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"S-{self.pk}"

    @property
    def reference(self) -> str:
        return f"S-{self.pk:05d}" if self.pk else "S-new"


class SessionDay(models.Model):
    """A day the session meets: attendance is recorded per day."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="days", verbose_name=_("session")
    )
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("session day")
        verbose_name_plural = _("session days")
        constraints = [
            models.UniqueConstraint(fields=["session", "date"], name="network_session_day_unique")
        ]

    def __str__(self) -> str:
        return self.date.isoformat()


class Participant(models.Model):
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("session"),
    )
    member = models.ForeignKey(
        "network.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_participations",
        verbose_name=_("network member"),
    )
    # Identifying (DESIGN.md §4): as printed on the certificates.
    name = EncryptedCharField(_("name as printed on the certificate"), max_length=200)
    name_latin = EncryptedCharField(
        _("name in Latin letters (English certificate)"), max_length=200, blank=True
    )
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    governorate = models.ForeignKey(
        "core.Governorate",
        on_delete=models.PROTECT,
        related_name="training_participants",
        verbose_name=_("governorate"),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    pre_score = models.PositiveSmallIntegerField(
        _("pre-test score"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    post_score = models.PositiveSmallIntegerField(
        _("post-test score"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    rating = models.PositiveSmallIntegerField(
        _("rating of the session (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # Free text written by the participant may name people: encrypted.
    feedback = EncryptedTextField(_("feedback"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"],
                condition=models.Q(member__isnull=False),
                name="network_participant_member_once",
            ),
            models.CheckConstraint(
                condition=models.Q(pre_score__lte=100) | models.Q(pre_score__isnull=True),
                name="network_participant_pre_score",
            ),
            models.CheckConstraint(
                condition=models.Q(post_score__lte=100) | models.Q(post_score__isnull=True),
                name="network_participant_post_score",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5) | models.Q(rating__isnull=True),
                name="network_participant_rating",
            ),
        ]

    def __str__(self) -> str:
        return f"P-{self.pk}"

    @property
    def reference(self) -> str:
        return f"P-{self.pk:05d}" if self.pk else "P-new"


class Attendance(models.Model):
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("participant"),
    )
    day = models.ForeignKey(
        SessionDay, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("day")
    )
    present = models.BooleanField(_("present"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        ordering = ["day", "participant"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="network_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}@{self.day_id}"


class Certificate(models.Model):
    """One per participant. The printed names and course titles are kept as they were
    printed, so a later correction of the participant's record does not change
    what the verification page confirms."""

    participant = models.OneToOneField(
        Participant,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("participant"),
    )
    # Crockford base32, 15 characters (75 random bits), stored without separators.
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    printed_name = EncryptedCharField(_("printed name"), max_length=200)
    printed_name_latin = EncryptedCharField(_("printed name (Latin)"), max_length=200, blank=True)
    course_title_ar = models.CharField(_("course title (Arabic)"), max_length=300)
    course_title_en = models.CharField(_("course title (English)"), max_length=300)
    course_title_ckb = models.CharField(
        _("course title (Kurdish Sorani)"), max_length=300, blank=True
    )
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.TextField(_("reason for revoking"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"C-{self.pk}"

    def __repr__(self) -> str:
        # Never the code: tracebacks and debug prints end up in logs.
        return f"<Certificate {self.pk}>"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def course_title(self) -> str:
        return _in_language(self.course_title_ar, self.course_title_en, self.course_title_ckb)

    def name_for(self, language: str) -> str:
        """The name printed on the certificate in ``language``."""
        if language == "en" and self.printed_name_latin:
            return self.printed_name_latin
        return self.printed_name
