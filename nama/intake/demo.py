"""Demo requests for ``manage.py seed_demo`` (demo mode only): a queue to try.

Made through the services, like real ones, by the demo operator and the
public; invented narratives, invented names, numbers from the 0770 000 0xxx
range. Idempotent: nothing is added once any demo request exists.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from nama.accounts.models import User
from nama.core.models import Governorate, Term
from nama.intake import services
from nama.intake.models import Request

# (governorate, type code, urgency, days ago, anonymous, narrative, status)
DEMO_REQUESTS: tuple[tuple[str | None, str, str, int, bool, str, str], ...] = (
    (
        "baghdad",
        "01",
        "emergency",
        0,
        True,
        "اعتُقل أخي فجر اليوم من منزلنا في الكرادة ولم نعرف مكانه.",
        "new",
    ),
    (
        "baghdad",
        "02",
        "normal",
        1,
        False,
        "أنا صحفية وتلقيت استدعاءً للتحقيق بسبب تقرير نشرته، وأحتاج محاميًا.",
        "new",
    ),
    (
        "baghdad",
        "01",
        "urgent",
        5,
        True,
        "تعرض المتظاهرون في ساحة التحرير للضرب، ومعي صور.",
        "triaged",
    ),
    (
        "baghdad",
        "03",
        "urgent",
        9,
        False,
        "أتلقى تهديدات هاتفية بعد مشاركتي في ورشة عن حقوق المرأة.",
        "new",
    ),
    ("erbil", "01", "normal", 2, True, "منع ناشط من دخول مبنى المحافظة وصودر هاتفه.", "new"),
    (
        "erbil",
        "02",
        "normal",
        12,
        False,
        "Activist summoned by the security court; needs advice on rights.",
        "triaged",
    ),
    (None, "04", "normal", 3, True, "أريد أن أعرف كيف أقدم شكوى إلى مفوضية حقوق الإنسان.", "new"),
    (
        "basra",
        "01",
        "normal",
        20,
        True,
        "فصل موظف من عمله بعد مشاركته في احتجاج على انقطاع الكهرباء.",
        "closed",
    ),
)


def seed() -> int:
    """Add the demo requests once; returns how many were added."""
    if Request.objects.exists():
        return 0
    operator = User.objects.filter(username="demo-operator").first()
    director = User.objects.filter(username="demo-director").first()
    if operator is None or director is None:
        return 0
    added = 0
    with transaction.atomic():
        for index, (slug, code, urgency, days, anonymous, narrative, status) in enumerate(
            DEMO_REQUESTS
        ):
            data: dict[str, Any] = {
                "request_type": Term.objects.of("request_type").get(code=code),
                "governorate": Governorate.objects.filter(slug=slug).first() if slug else None,
                "narrative": narrative,
                "urgency": urgency,
                "anonymous": anonymous,
                "consent_document": True,
            }
            if not anonymous:
                data.update(
                    name=f"مراجع تجريبي {index + 1}",
                    phone=f"0770000{index + 1:04d}",
                    consent_contact=True,
                    contact_method="phone",
                )
            if anonymous:
                request, _public_code = services.request_submit_public(data=data)
            else:
                request, _staff_code = services.request_create_by_operator(
                    by=operator, data=data, issue_code=True
                )
                services.call_log_add(
                    by=operator, request=request, duration_seconds=180 + index * 30
                )
            Request.objects.filter(pk=request.pk).update(
                received_on=timezone.localdate() - timedelta(days=days)
            )
            request.refresh_from_db()
            if status == "triaged":
                services.request_triage(by=operator, request=request)
            elif status == "closed":
                services.message_post_by_staff(
                    by=operator,
                    request=request,
                    body="شكرًا لتواصلك معنا. أحلنا معلوماتك إلى فريق الرصد للتوثيق.",
                )
                services.request_close(
                    by=director, request=request, reason="وُثّقت المعلومات وأُغلق الطلب"
                )
            added += 1
    return added
