"""Demo records of the legal unit for ``manage.py seed_demo`` (demo mode only).

Profiles for the demo lawyers, a case held by the Baghdad lawyer with a
hearing in three days and a note, a case waiting for a lawyer, and a
consultation. Invented people. Idempotent: nothing is added once any case
exists.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from nama.accounts.models import User
from nama.core.models import Governorate, Term
from nama.legal import services
from nama.legal.models import ItemKind, LegalCase


def seed() -> int:
    if LegalCase.objects.exists():
        return 0
    coordinator = User.objects.filter(username="demo-legal-coordinator").first()
    lawyer = User.objects.filter(username="demo-lawyer").first()
    lawyer_erbil = User.objects.filter(username="demo-lawyer-erbil").first()
    if coordinator is None or lawyer is None or lawyer_erbil is None:
        return 0
    baghdad = Governorate.objects.get(slug="baghdad")
    erbil = Governorate.objects.get(slug="erbil")
    representation = Term.objects.of("legal_service").get(code="03")
    with transaction.atomic():
        services.lawyer_profile_save(
            by=coordinator, user=lawyer, governorates=[baghdad], languages="ar, en", capacity=12
        )
        services.lawyer_profile_save(
            by=coordinator, user=lawyer_erbil, governorates=[erbil], languages="ckb, ar"
        )
        held = services.case_create(
            by=coordinator,
            client=services.client_create(
                by=coordinator, governorate=baghdad, data={"name": "موكل تجريبي أول"}
            ),
            data={
                "service": representation,
                "subject": "احتجاز ناشط بسبب منشور",
                "court": "محكمة تحقيق الكرادة",
            },
        )
        services.case_assign(by=coordinator, case=held, lawyer=lawyer)
        services.calendar_item_add(
            by=lawyer,
            case=held,
            kind=ItemKind.HEARING,
            title="جلسة تحقيق",
            starts_at=timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
            + timedelta(days=3),
            place="محكمة تحقيق الكرادة",
        )
        services.note_add(by=lawyer, case=held, body="طلبنا الإفراج بكفالة.")
        services.time_add(
            by=lawyer, case=held, worked_on=timezone.localdate(), hours=Decimal("2.5")
        )
        services.case_create(
            by=coordinator,
            client=services.client_create(
                by=coordinator, governorate=baghdad, data={"name": "موكلة تجريبية ثانية"}
            ),
            data={"service": representation, "subject": "فصل من العمل بعد المشاركة في تظاهرة"},
        )
        services.consultation_log(
            by=lawyer,
            data={
                "governorate": baghdad,
                "subject": "حق الاعتصام",
                "advice": "أبلغ السلطات المحلية مسبقًا واحتفظ بنسخة من الإشعار.",
                "follow_up_needed": False,
            },
        )
    return 3
