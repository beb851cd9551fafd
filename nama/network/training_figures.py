"""Figures of the trainings for reports: people trained and trainers' activity.

*People trained* are distinct people who completed a session: the session was
held and they were present on at least the share of its days that the
course asks for. A participant linked to a network member is that member
(counted once however many courses they completed); one not linked counts as
one person. Each table counts distinct people per row, so a person who
completed two courses counts once in "by course" for each course, and once
in the total.

*Trainers' activity*: per trainer, the held sessions they trained and the
participant-days of those sessions (one participant present on one day).

The tables have the shape of the reports' TABLE dicts (title, rows of
key/label/value, total), so ``reports/_chart_bars.html`` draws them. No name
and no small-count suppression: these are for staff (the reports' public
statistics apply their own disclosure control).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, ExpressionWrapper, F, IntegerField, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from nama.accounts.models import User
from nama.core.models import Governorate
from nama.network.models import (
    Course,
    Participant,
    SessionDay,
    SessionStatus,
    Sex,
    TrainingSession,
)

__all__ = ["completed_participants", "trainer_activity", "training_figures"]


def completed_participants() -> Any:
    """Participants who met their course's attendance rule in a held session."""
    days = (
        SessionDay.objects.filter(session=OuterRef("session"))
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Participant.objects.filter(session__status=SessionStatus.DONE)
        .annotate(
            total_days=Subquery(days, output_field=IntegerField()),
            present_days=Count("attendance", filter=Q(attendance__present=True)),
        )
        .annotate(
            present_x100=ExpressionWrapper(F("present_days") * 100, output_field=IntegerField()),
            needed=ExpressionWrapper(
                F("session__course__min_attendance_percent") * F("total_days"),
                output_field=IntegerField(),
            ),
        )
        .filter(total_days__gt=0, present_x100__gte=F("needed"))
    )


def _person(row: dict[str, Any]) -> str:
    return f"m{row['member_id']}" if row["member_id"] else f"p{row['pk']}"


def _table(
    title: str, counts: dict[Any, set[str]], labels: dict[Any, str], total: int
) -> dict[str, Any]:
    rows: list[dict[str, Any]] = [
        {"key": str(key), "label": labels.get(key, str(key)), "value": len(people)}
        for key, people in counts.items()
    ]
    rows.sort(key=lambda row: (-row["value"], row["label"]))
    return {"title": title, "rows": rows, "total": total}


def trainer_activity() -> dict[str, Any]:
    sessions = (
        TrainingSession.objects.filter(status=SessionStatus.DONE)
        .annotate(
            participant_days=Count("days__attendance", filter=Q(days__attendance__present=True))
        )
        .prefetch_related("trainers")
    )
    activity: dict[int, dict[str, int]] = defaultdict(lambda: {"sessions": 0, "days": 0})
    names: dict[int, str] = {}
    for session in sessions:
        for trainer in session.trainers.all():
            activity[trainer.pk]["sessions"] += 1
            activity[trainer.pk]["days"] += session.participant_days
            names[trainer.pk] = trainer.get_full_name() or trainer.get_username()
    rows: list[dict[str, Any]] = [
        {
            "key": str(pk),
            "label": names[pk],
            "sessions": values["sessions"],
            "participant_days": values["days"],
        }
        for pk, values in activity.items()
    ]
    rows.sort(key=lambda row: (-row["participant_days"], row["label"]))
    return {"title": _("Trainers' activity (held sessions)"), "rows": rows}


def training_figures() -> dict[str, Any]:
    """Every table of the figures page and API."""
    rows = list(
        completed_participants().values(
            "pk", "member_id", "sex", "governorate_id", "session__ends_on", "session__course_id"
        )
    )
    everyone = {_person(row) for row in rows}
    by: dict[str, dict[Any, set[str]]] = {
        "governorate": defaultdict(set),
        "sex": defaultdict(set),
        "year": defaultdict(set),
        "course": defaultdict(set),
    }
    for row in rows:
        person = _person(row)
        by["governorate"][row["governorate_id"]].add(person)
        by["sex"][row["sex"] or "unknown"].add(person)
        by["year"][row["session__ends_on"].year].add(person)
        by["course"][row["session__course_id"]].add(person)
    governorates = {g.pk: g.name for g in Governorate.objects.filter(pk__in=by["governorate"])}
    courses = {c.pk: c.title for c in Course.objects.filter(pk__in=by["course"])}
    sexes = {"female": str(Sex.FEMALE.label), "male": str(Sex.MALE.label)}
    sexes["unknown"] = _("not stated")
    total = len(everyone)
    by_year = _table(_("People trained by year"), by["year"], {}, total)
    by_year["rows"].sort(key=lambda row: row["key"])
    return {
        "total": total,
        "by_governorate": _table(
            _("People trained by governorate"), by["governorate"], governorates, total
        ),
        "by_sex": _table(_("People trained by sex"), by["sex"], sexes, total),
        "by_year": by_year,
        "by_course": _table(_("People trained by course"), by["course"], courses, total),
        "trainers": trainer_activity(),
        "held_sessions": TrainingSession.objects.filter(status=SessionStatus.DONE).count(),
        "trainer_count": User.objects.filter(training_sessions__status=SessionStatus.DONE)
        .distinct()
        .count(),
    }
