"""Training objects for the tests of trainings and certificates (no tests here).

``held_session`` makes a course (3 days, 60 % needed), a held session in
Baghdad trained by ``trainer``, and participants with the days they attended.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from nama.accounts.models import User
from nama.core.models import Governorate
from nama.network import training_services as services
from nama.network.models import (
    Course,
    Participant,
    SessionStatus,
    TrainingSession,
)
from nama.testing.factories import governorate

START = date(2026, 10, 5)
END = date(2026, 10, 7)


def course(coordinator: User, **data: Any) -> Course:
    data.setdefault("title_ar", "أساسيات رصد انتهاكات حقوق الإنسان")
    data.setdefault("title_en", "Basics of human-rights monitoring")
    data.setdefault("min_attendance_percent", 60)
    return services.course_create(by=coordinator, data=data)


def session(
    coordinator: User,
    *,
    of: Course | None = None,
    trainers: list[User] | None = None,
    gov: Governorate | str = "baghdad",
    status: str = SessionStatus.PLANNED,
    starts_on: date = START,
    ends_on: date = END,
    **data: Any,
) -> TrainingSession:
    if isinstance(gov, str):
        gov = governorate(gov)
    data.setdefault("place", "قاعة المركز")
    return services.session_create(
        by=coordinator,
        course=of or course(coordinator),
        data={
            "starts_on": starts_on,
            "ends_on": ends_on,
            "governorate": gov,
            "status": status,
            **data,
        },
        trainers=trainers or [],
    )


def participant(by: User, training: TrainingSession, name: str, **data: Any) -> Participant:
    return services.participant_add(session=training, by=by, name=name, **data)


def attend(by: User, training: TrainingSession, present_days: dict[Participant, int]) -> None:
    """Each participant present on their first n days."""
    days = list(training.days.order_by("date"))
    for index, day in enumerate(days):
        services.attendance_record(
            session=training,
            day=day,
            by=by,
            present=[p.pk for p, n in present_days.items() if index < n],
        )


def held_session(
    coordinator: User, trainer: User
) -> tuple[TrainingSession, dict[str, Participant]]:
    """A held 3-day session: Sara (3 days) and Ali (2) met the 60 % rule; Huda (1) did not."""
    training = session(coordinator, trainers=[trainer])
    people = {
        "sara": participant(trainer, training, "سارة أحمد", name_latin="Sara Ahmed", sex="female"),
        "ali": participant(trainer, training, "علي حسن", name_latin="Ali Hassan", sex="male"),
        "huda": participant(trainer, training, "هدى كريم", sex="female"),
    }
    attend(trainer, training, {people["sara"]: 3, people["ali"]: 2, people["huda"]: 1})
    services.session_set_status(session=training, by=trainer, status=SessionStatus.DONE)
    return training, people
