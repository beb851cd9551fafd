"""Demo meetings with officials (``manage.py seed_demo``): six institutions, eight
meetings over the last year, commitments in every state and follow-ups owned by
``demo-editor`` and ``demo-director``. Dates are relative to today. Idempotent:
nothing is added once any meeting exists."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from nama.accounts.models import User
from nama.core.models import Governorate, Term
from nama.outreach import meeting_services as services
from nama.outreach.models.meetings import (
    CommitmentStatus,
    Institution,
    InstitutionKind,
    Meeting,
    MeetingConfidentiality,
)

INSTITUTIONS = [
    ("وزارة العدل", "Ministry of Justice", InstitutionKind.MINISTRY, ""),
    (
        "لجنة حقوق الإنسان في مجلس النواب",
        "Human Rights Committee of the Council of Representatives",
        InstitutionKind.PARLIAMENT,
        "",
    ),
    (
        "مجلس محافظة البصرة",
        "Basra Governorate Council",
        InstitutionKind.GOVERNORATE_COUNCIL,
        "basra",
    ),
    ("قيادة شرطة نينوى", "Nineveh Police Command", InstitutionKind.SECURITY, "nineveh"),
    ("مجلس القضاء الأعلى", "Supreme Judicial Council", InstitutionKind.JUDICIARY, ""),
    (
        "مكتب حقوق الإنسان في بعثة يونامي",
        "UNAMI Human Rights Office",
        InstitutionKind.UN_INGO,
        "",
    ),
]

# (institution index, days ago, title, restricted, topics, commitments, follow-ups)
# commitment: (text, made by, due in days from the meeting, final status)
# follow-up: (text, owner key, due in days from today, done?)
MEETINGS: list[tuple[Any, ...]] = [
    (
        0,
        330,
        "أوضاع مراكز الاحتجاز والزيارات المستقلة",
        False,
        ["04", "02"],
        [
            (
                "السماح لفريق المركز بزيارة سجن الناصرية كل ثلاثة أشهر",
                "وكيل الوزارة",
                60,
                "fulfilled",
            ),
            ("نشر إحصاءات شهرية عن أعداد الموقوفين", "مدير عام دائرة الإصلاح", 90, "broken"),
        ],
        [("تقديم قائمة أسماء الفريق الزائر", "editor", -300, True)],
    ),
    (
        1,
        250,
        "مشروع قانون حرية التعبير والتظاهر السلمي",
        False,
        ["09", "10"],
        [
            ("عقد جلسة استماع للمدافعين قبل القراءة الثانية", "رئيس اللجنة", 45, "fulfilled"),
            ("حذف المادتين المقيدتين للتظاهر من المسودة", "مقرر اللجنة", 120, "in_progress"),
        ],
        [("إرسال ملاحظات المركز المكتوبة على المسودة", "director", 5, False)],
    ),
    (
        2,
        200,
        "حق الوصول إلى المياه الصالحة للشرب في البصرة",
        False,
        ["18", "19"],
        [("تخصيص موازنة لمحطات التحلية في الأقضية", "رئيس المجلس", 150, "open")],
        [("متابعة إدراج المشروع في موازنة المحافظة", "editor", -4, False)],
    ),
    (
        3,
        160,
        "ادعاءات سوء المعاملة في مراكز التوقيف",
        True,
        ["02", "03"],
        [
            ("فتح تحقيق في ثلاث شكاوى محددة", "قائد الشرطة", 30, "withdrawn"),
            ("السماح للمحامين بلقاء الموقوفين خلال 24 ساعة", "مدير الاستخبارات", 60, "open"),
        ],
        [("طلب نتائج التحقيق كتابياً", "director", 1, False)],
    ),
    (
        4,
        120,
        "تأخر البت في قضايا الموقوفين",
        False,
        ["06"],
        [("تعميم على المحاكم بالبت خلال المدد القانونية", "نائب رئيس المجلس", 40, "fulfilled")],
        [],
    ),
    (
        5,
        90,
        "إعداد تقرير مشترك عن المدافعين عن حقوق الإنسان",
        False,
        ["09", "11"],
        [("مشاركة المركز في مشاورات التقرير الدوري", "مسؤولة حقوق الإنسان", 60, "open")],
        [("إرسال بيانات المركز المجمعة عن الانتهاكات", "editor", 10, False)],
    ),
    (
        0,
        45,
        "متابعة الزيارات إلى مراكز الاحتجاز",
        False,
        ["04"],
        [("إصدار تعليمات مكتوبة لإدارات السجون بتسهيل الزيارات", "وكيل الوزارة", 20, "open")],
        [("التذكير بالتعليمات في اتصال هاتفي", "editor", 0, False)],
    ),
    (
        2,
        12,
        "حماية الناشطين البيئيين في البصرة",
        False,
        ["09", "18"],
        [("لقاء ممثلي الناشطين مع قائد الشرطة", "رئيس لجنة حقوق الإنسان في المجلس", 30, "open")],
        [("تحديد موعد اللقاء مع الناشطين", "director", 14, False)],
    ),
]


def _topics(codes: list[str]) -> list[Term]:
    return list(Term.objects.of("right_affected").filter(code__in=codes))


def seed() -> int:
    """How many records were added (0 on a second run or without the demo users)."""
    if Meeting.objects.exists():
        return 0
    editor = User.objects.filter(username="demo-editor").first()
    director = User.objects.filter(username="demo-director").first()
    if editor is None or director is None:
        return 0
    owners = {"editor": editor, "director": director}
    today = timezone.localdate()
    added = 0
    institutions = []
    for name_ar, name_en, kind, governorate in INSTITUTIONS:
        institution = Institution.objects.filter(name_ar=name_ar).first()
        if institution is None:
            institution = services.institution_save(
                by=director,
                data={
                    "name_ar": name_ar,
                    "name_en": name_en,
                    "kind": kind,
                    "governorate": Governorate.objects.filter(slug=governorate).first()
                    if governorate
                    else None,
                },
            )
            added += 1
        institutions.append(institution)
    for index, days_ago, title, restricted, topics, commitments, followups in MEETINGS:
        held_on: date = today - timedelta(days=days_ago)
        meeting = services.meeting_create(
            by=director,
            data={
                "held_on": held_on,
                "institution": institutions[index],
                "title": title,
                "officials": "المسؤول الأول في المؤسسة\nمدير مكتبه",
                "other_defenders": 2 + index % 3,
                "summary": "عرض المركز ما وثقه فريق الرصد وطلب التزامات محددة بمواعيد.",
                "confidentiality": MeetingConfidentiality.RESTRICTED
                if restricted
                else MeetingConfidentiality.INTERNAL,
            },
            staff_present=[director] if restricted else [director, editor],
            topics=_topics(topics),
        )
        added += 1
        made = []
        for text, made_by, due_in, final in commitments:
            commitment = services.commitment_add(
                by=director,
                meeting=meeting,
                text=text,
                made_by=made_by,
                due_on=held_on + timedelta(days=due_in),
            )
            if final != CommitmentStatus.OPEN:
                services.commitment_update(
                    by=director,
                    commitment=commitment,
                    status=final,
                    due_on=commitment.due_on,
                    reason="ما تبين من المتابعة" if final in ("broken", "withdrawn") else "",
                )
            made.append(commitment)
            added += 1
        for text, owner_key, due_in, done in followups:
            followup = services.followup_add(
                by=director,
                meeting=meeting,
                text=text,
                owner=owners[owner_key],
                due_on=today + timedelta(days=due_in),
                commitment=made[0] if made else None,
            )
            if done:
                services.followup_complete(by=director, followup=followup)
            added += 1
    return added
