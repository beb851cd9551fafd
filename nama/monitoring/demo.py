"""Demo events for ``manage.py seed_demo`` (demo mode only): something to verify and count.

Made through the services by the demo monitors, with invented people. One
event in Baghdad is verified (by the director, not its author), one waits for
verification, one in Erbil is a draft. Idempotent: nothing is added once any
event exists.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from nama.accounts.models import User
from nama.core.models import District, Governorate, Term
from nama.monitoring import services
from nama.monitoring.models import Event


def _term(vocabulary: str, code: str) -> Term:
    return Term.objects.of(vocabulary).get(code=code)


def seed() -> int:
    """Add the demo events once; returns how many were added."""
    if Event.objects.exists():
        return 0
    monitor = User.objects.filter(username="demo-monitor").first()
    monitor_erbil = User.objects.filter(username="demo-monitor-erbil").first()
    director = User.objects.filter(username="demo-director").first()
    if monitor is None or monitor_erbil is None or director is None:
        return 0
    today = timezone.localdate()
    baghdad = Governorate.objects.get(slug="baghdad")
    erbil = Governorate.objects.get(slug="erbil")
    protester = _term("victim_characteristic", "05")
    journalist = _term("victim_characteristic", "03")
    male, female = _term("sex", "02"), _term("sex", "01")
    with transaction.atomic():
        verified = services.event_document(
            by=monitor,
            data={
                "title": "تفريق تظاهرة سلمية بالقوة في ساحة التحرير",
                "description": "أطلقت القوات الأمنية الغاز المسيل للدموع واعتقلت متظاهرين.",
                "governorate": baghdad,
                "district": District.objects.filter(governorate=baghdad).first(),
                "place": "ساحة التحرير",
                "start_date": today - timedelta(days=20),
                "start_precision": "exact",
            },
            victims=[
                services.PersonInput(
                    data={"name": "متظاهر تجريبي أول", "sex": male}, characteristics=[protester]
                ),
                services.PersonInput(
                    data={"name": "متظاهرة تجريبية ثانية", "sex": female},
                    characteristics=[protester],
                ),
                services.PersonInput(
                    data={"name": "صحفي تجريبي", "sex": male}, characteristics=[journalist]
                ),
            ],
            acts=[
                services.ActInput(victim=index, act_type=_term("act_type", code))
                for index in range(3)
                for code in ("0201", "0401")
            ],
            perpetrators=[
                services.PerpetratorInput(perpetrator_type=_term("perpetrator_type", "0101"))
            ],
        )
        services.event_submit(by=monitor, event=verified)
        services.event_verify(
            by=director, event=verified, violation_status=_term("violation_status", "01")
        )
        waiting = services.event_document(
            by=monitor,
            data={
                "title": "تهديد صحفية بعد نشر تحقيق",
                "governorate": baghdad,
                "start_date": today.replace(day=1),
                "start_precision": "month",
            },
            victims=[
                services.PersonInput(
                    data={"name": "صحفية تجريبية", "sex": female}, characteristics=[journalist]
                )
            ],
            acts=[services.ActInput(victim=0, act_type=_term("act_type", "0601"))],
        )
        services.event_submit(by=monitor, event=waiting)
        services.event_document(
            by=monitor_erbil,
            data={
                "title": "اعتقال ناشط بسبب منشور على الإنترنت",
                "governorate": erbil,
                "start_date": today - timedelta(days=3),
                "start_precision": "exact",
            },
            victims=[services.PersonInput(data={"name": "ناشط تجريبي", "sex": male})],
            acts=[services.ActInput(victim=0, act_type=_term("act_type", "0401"))],
            perpetrators=[
                services.PerpetratorInput(perpetrator_type=_term("perpetrator_type", "0106"))
            ],
        )
    return 3
