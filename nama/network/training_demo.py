"""Demo trainings for ``manage.py seed_demo``: three courses (linked to the demo
library's resources when there are some), six sessions in several
governorates trained by ``demo-trainer``, participants with attendance,
scores and feedback, and certificates issued for the held sessions.

Idempotent: nothing is added once any course exists. Random choices are
seeded, so every run builds the same demo.
"""

# Arabic demo text is the point here.
# ruff: noqa: RUF001

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from nama.accounts.models import User
from nama.core.models import Governorate
from nama.library.models import Resource
from nama.network import training_services as services
from nama.network.models import (
    Course,
    Member,
    MemberStatus,
    SessionMode,
    SessionStatus,
    TrainingSession,
)

COURSES = [
    {
        "title_ar": "أساسيات رصد انتهاكات حقوق الإنسان وتوثيقها",
        "title_en": "Basics of monitoring and documenting human-rights violations",
        "title_ckb": "بنەماکانی چاودێری و بەڵگەنامەکردنی پێشێلکارییەکانی مافی مرۆڤ",
        "description": "دورة تأسيسية للمدافعين الجدد في الشبكة.",
        "curriculum": "ما هو الرصد\nمقابلة الضحايا والشهود\nالتحقق والتوثيق\nالسلامة الرقمية",
        "min_attendance_percent": 80,
        "library": "الفصل",
    },
    {
        "title_ar": "حماية المدافعات عن حقوق الإنسان",
        "title_en": "Protection of women human-rights defenders",
        "title_ckb": "",
        "description": "تقييم المخاطر وخطط الحماية الفردية والجماعية.",
        "curriculum": "تقييم المخاطر\nخطة الحماية\nالدعم النفسي والاجتماعي",
        "min_attendance_percent": 75,
        "library": "",
    },
    {
        "title_ar": "المناصرة وكتابة التقارير الموجهة إلى آليات الأمم المتحدة",
        "title_en": "Advocacy and reporting to UN mechanisms",
        "title_ckb": "",
        "description": "كيف نكتب تقريراً موازياً وبلاغاً إلى المقررين الخاصين.",
        "curriculum": "آليات الأمم المتحدة\nالتقرير الموازي\nالبلاغات الفردية",
        "min_attendance_percent": 100,
        "library": "",
    },
]

# (course index, governorate slug, days from today to the first day, length, mode, place)
SESSIONS = [
    (0, "baghdad", -60, 3, SessionMode.IN_PERSON, "قاعة المركز، الكرادة"),
    (0, "basra", -35, 3, SessionMode.IN_PERSON, "فندق البصرة الدولي"),
    (1, "erbil", -20, 2, SessionMode.IN_PERSON, "قاعة منظمة شريكة"),
    (2, "baghdad", -10, 2, SessionMode.ONLINE, ""),
    (1, "nineveh", 14, 2, SessionMode.IN_PERSON, "جامعة الموصل"),
    (0, "najaf", 30, 3, SessionMode.IN_PERSON, ""),
]

FIRST_NAMES = [
    ("زينب", "Zainab", "female"),
    ("مصطفى", "Mustafa", "male"),
    ("نور", "Noor", "female"),
    ("حيدر", "Haider", "male"),
    ("رنا", "Rana", "female"),
    ("كاوە", "Kawa", "male"),
    ("شيماء", "Shaimaa", "female"),
    ("عمر", "Omar", "male"),
]
LAST_NAMES = [("الجبوري", "Al-Jubouri"), ("العبيدي", "Al-Obaidi"), ("حسن", "Hassan")]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


@transaction.atomic
def seed() -> int:
    """How many records were added (0 on a second run)."""
    if Course.objects.exists():
        return 0
    coordinator = _user("demo-training-coordinator")
    trainer = _user("demo-trainer")
    if coordinator is None or trainer is None:
        return 0
    rng = random.Random(8)  # noqa: S311 - a reproducible demo, not a secret
    added = 0
    courses = []
    for spec in COURSES:
        data = {k: v for k, v in spec.items() if k != "library"}
        prefix = str(spec["library"])
        resources = (
            list(Resource.objects.filter(title__startswith=prefix).order_by("pk")[:5])
            if prefix
            else list(Resource.objects.order_by("pk")[:1])
        )
        courses.append(services.course_create(by=coordinator, data=data, resources=resources))
        added += 1
    members = list(Member.objects.filter(status=MemberStatus.ACCEPTED).order_by("pk")[:4])
    today = timezone.localdate()
    for index, (course_index, slug, offset, length, mode, place) in enumerate(SESSIONS):
        governorate = Governorate.objects.filter(slug=slug).first()
        if governorate is None:
            continue
        starts = today + timedelta(days=offset)
        session = services.session_create(
            by=coordinator,
            course=courses[course_index],
            data={
                "starts_on": starts,
                "ends_on": starts + timedelta(days=length - 1),
                "mode": mode,
                "place": place,
                "governorate": governorate,
                "capacity": 25,
            },
            trainers=[trainer],
        )
        added += 1 + session.days.count()
        added += _participants(session, index, trainer, members, rng, starts)
        if starts + timedelta(days=length) <= today:
            services.session_set_status(session=session, by=trainer, status=SessionStatus.DONE)
            result = services.certificates_issue(session=session, by=trainer)
            added += len(result.issued)
    return added


def _participants(
    session: TrainingSession,
    index: int,
    trainer: User,
    members: list[Member],
    rng: random.Random,
    starts: date,
) -> int:
    people = []
    if index == 0:
        for member in members:
            people.append(services.participant_add(session=session, by=trainer, member=member))
    for number in range(8 - len(people)):
        first_ar, first_en, sex = FIRST_NAMES[(index * 3 + number) % len(FIRST_NAMES)]
        last_ar, last_en = LAST_NAMES[(index + number) % len(LAST_NAMES)]
        people.append(
            services.participant_add(
                session=session,
                by=trainer,
                name=f"{first_ar} {last_ar}",
                name_latin=f"{first_en} {last_en}",
                sex=sex,
                organisation=rng.choice(["", "منظمة تموز", "جمعية الأمل", "شبكة النساء"]),
            )
        )
    if starts > timezone.localdate():
        return len(people)
    days = list(session.days.order_by("date"))
    for day in days:
        if day.date > timezone.localdate():
            break
        present = [p.pk for p in people if rng.random() < 0.85]
        services.attendance_record(session=session, day=day, by=trainer, present=present)
    for person in people:
        pre = rng.randint(30, 65)
        services.participant_scores(
            participant=person,
            by=trainer,
            pre_score=pre,
            post_score=min(100, pre + rng.randint(10, 35)),
        )
        services.participant_feedback(
            participant=person, by=trainer, rating=rng.randint(3, 5), comment=""
        )
    return len(people) * (1 + len(days))
