"""Demo public events (``manage.py seed_demo``): six published events, upcoming
and past, in several governorates and one online, in Arabic and English; a
draft; a few registrations (phone numbers only, so no e-mail goes out).

Written by ``demo-editor``. Dates are relative to today (Baghdad time).
Idempotent: nothing is added when an event exists already.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from nama.core.models import Governorate
from nama.outreach.event_services import event_create, event_publish, registration_submit
from nama.outreach.models import EventKind, PublicEvent

__all__ = ["seed"]

# (kind, governorate slug or "" for online, days from today, hour, hours long,
#  capacity, Arabic title, English title, Arabic description, English description, venue)
EVENTS: list[tuple[Any, ...]] = [
    (
        EventKind.DEBATE,
        "baghdad",
        9,
        16,
        2,
        80,
        "حوار عام: حرية التعبير والقوانين الجديدة",
        "Public debate: freedom of expression and the new laws",
        "<p>نقاش مفتوح مع صحفيين ومحامين وأعضاء في مجلس النواب حول مشاريع القوانين "
        "التي تمس حرية التعبير.</p>",
        "<p>An open debate with journalists, lawyers and members of parliament on the draft "
        "laws that affect freedom of expression.</p>",
        "قاعة المركز، الكرادة",
    ),
    (
        EventKind.WORKSHOP,
        "basra",
        16,
        10,
        5,
        25,
        "ورشة: توثيق الانتهاكات البيئية",
        "Workshop: documenting environmental violations",
        "<p>ورشة عملية ليوم واحد عن جمع الأدلة وحمايتها في قضايا تلوث المياه.</p>",
        "<p>A one-day practical workshop on gathering and protecting evidence in cases of "
        "water pollution.</p>",
        "فندق شط العرب",
    ),
    (
        EventKind.SESSION,
        "",
        4,
        19,
        1,
        None,
        "جلسة عبر الإنترنت: السلامة الرقمية للمدافعات",
        "Online session: digital safety for women defenders",
        "<p>جلسة قصيرة عن حماية الحسابات والهواتف، مع وقت للأسئلة.</p>",
        "<p>A short session on protecting accounts and phones, with time for questions.</p>",
        "",
    ),
    (
        EventKind.WORKSHOP,
        "erbil",
        23,
        9,
        6,
        30,
        "ورشة: آليات الأمم المتحدة لحقوق الإنسان",
        "Workshop: United Nations human-rights mechanisms",
        "<p>كيف تُكتب التقارير الموازية وكيف تُرسل البلاغات إلى المقررين الخاصين.</p>",
        "<p>How to write shadow reports and send communications to special rapporteurs.</p>",
        "قاعة جامعة صلاح الدين",
    ),
    (
        EventKind.DEBATE,
        "nineveh",
        -20,
        11,
        3,
        60,
        "حوار: عودة النازحين إلى سنجار",
        "Debate: the return of displaced people to Sinjar",
        "<p>حوار مع ممثلين عن النازحين والسلطات المحلية ومنظمات المجتمع المدني.</p>",
        "<p>A debate with representatives of displaced people, local authorities and civil "
        "society organisations.</p>",
        "مركز الموصل الثقافي",
    ),
    (
        EventKind.SESSION,
        "najaf",
        -45,
        17,
        2,
        40,
        "جلسة توعية: حقوق الموقوفين",
        "Awareness session: the rights of detainees",
        "<p>ما الذي يحق للموقوف وعائلته، وكيف يطلبون المساعدة القانونية.</p>",
        "<p>What detainees and their families are entitled to, and how to ask for legal aid.</p>",
        "قاعة نقابة المحامين",
    ),
]

DRAFT = (
    EventKind.OTHER,
    "dhiqar",
    40,
    10,
    3,
    50,
    "لقاء مفتوح مع المدافعين في الناصرية (مسودة)",
    "",
    "",
    "",
    "",
)

# Phone numbers only: the demo sends no e-mail.
REGISTRATIONS = [
    ("زينب حسن", "07701000001", "baghdad"),
    ("علي كريم", "07701000002", "baghdad"),
    ("Sara Ahmed", "07501000003", "erbil"),
    ("مريم جاسم", "07801000004", "basra"),
]


def _data(row: tuple[Any, ...], today: Any) -> dict[str, Any]:
    kind, slug, days, hour, hours, capacity, ar, en, ar_text, en_text, venue = row
    starts = timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour)))
    return {
        "kind": kind,
        "title_ar": ar,
        "title_en": en,
        "description_ar": ar_text,
        "description_en": en_text,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=hours),
        "online": not slug,
        "online_link": "" if slug else "https://meet.example.org/nama-digital-safety",
        "governorate": Governorate.objects.filter(slug=slug).first() if slug else None,
        "venue": venue,
        "capacity": capacity,
        "registration_open": True,
        "registration_deadline": None,
    }


@transaction.atomic
def seed() -> int:
    if PublicEvent.objects.exists():
        return 0
    editor = get_user_model().objects.filter(username="demo-editor").first()
    if editor is None or not Governorate.objects.exists():
        return 0
    today = timezone.localdate()
    added = 0
    published = []
    for row in EVENTS:
        event = event_create(by=editor, data=_data(row, today))
        event_publish(event=event, by=editor)
        published.append(event)
        added += 1
    event_create(by=editor, data=_data(DRAFT, today))
    added += 1
    first_upcoming = published[0]
    for name, phone, slug in REGISTRATIONS:
        registration_submit(
            event=first_upcoming,
            data={
                "name": name,
                "phone": phone,
                "governorate": Governorate.objects.filter(slug=slug).first(),
            },
        )
        added += 1
    return added
