"""Demo library for ``manage.py seed_demo`` (demo mode only).

A training manual in three chapters, a Word guide and a PDF whose text the
task worker extracts (watch the progress on the staff page), a video link, a
resource in Sorani and an internal protocol for monitors. Idempotent: nothing
is added once any resource exists.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.db import transaction

from nama.accounts.models import User
from nama.core.models import Term
from nama.library import files, services
from nama.library.models import Resource
from nama.testing.documents import docx_bytes, pdf_bytes

CHAPTERS = [
    (
        "الفصل الأول: ما هو الرصد؟",
        "تعريف رصد انتهاكات حقوق الإنسان وأهدافه ومبادئه.",
        "الرصد هو جمع المعلومات عن حالة حقوق الإنسان على مدى فترة من الزمن والتحقق منها "
        "واستخدامها لتحسين حماية هذه الحقوق. يقوم الرصد على مبادئ: عدم الإضرار، واحترام "
        "الولاية، والدقة، والحياد، والسرية، والموافقة المستنيرة.\n\n"
        "يبدأ الراصد بتحديد ما يرصده: أي الحقوق، وفي أي محافظة، وخلال أي فترة.",
    ),
    (
        "الفصل الثاني: مقابلة الضحايا والشهود",
        "كيف نجري مقابلة آمنة تحترم كرامة الضحية وتحمي الشاهد.",
        "قبل المقابلة: اختر مكاناً آمناً، واشرح الغرض من المقابلة، واطلب الموافقة المستنيرة "
        "على تسجيل المعلومات وعلى مشاركتها. أثناء المقابلة: اسأل أسئلة مفتوحة، ولا تقاطع، "
        "ولا تعد بما لا تستطيع تقديمه. بعد المقابلة: احفظ الملاحظات في مكان آمن.",
    ),
    (
        "الفصل الثالث: التحقق من المعلومات وتوثيقها",
        "مصادر المعلومات، وموثوقيتها، وتسجيل الأفعال في نظام التوثيق.",
        "كل فعل يوثق بضحية واحدة ونوع فعل واحد. تُقارن رواية الضحية بروايات الشهود "
        "والوثائق والصور. لا يُعتمد حدث في الإحصاءات قبل أن يتحقق منه راصد ثانٍ.",
    ),
]


def _topic(code: str) -> Term:
    return Term.objects.of("library_topic").get(code=code)


def _file(data: bytes, name: str) -> files.CheckedFile:
    return files.check_upload(io.BytesIO(data), name=name, size=len(data))


def seed() -> int:
    if Resource.objects.exists():
        return 0
    editor = User.objects.filter(username="demo-editor").first()
    if editor is None:
        return 0
    added: list[Any] = []
    with transaction.atomic():
        manual = services.collection_save(
            by=editor,
            data={
                "title": "دليل تدريبي: رصد انتهاكات حقوق الإنسان وتوثيقها",
                "description": "دليل المركز لتدريب الراصدين والمدافعين، في ثلاثة فصول.",
                "slug": "monitoring-manual",
                "language": "ar",
            },
        )
        for position, (title, summary, body) in enumerate(CHAPTERS, start=1):
            added.append(
                services.resource_create(
                    by=editor,
                    data={
                        "title": title,
                        "summary": summary,
                        "body": body,
                        "language": "ar",
                        "visibility": "public",
                        "audience": "defenders",
                        "collection": manual,
                        "position": position,
                        "authors": "وحدة الرصد والتوثيق",
                        "published_on": date(2026, 3, position),
                    },
                    topics=[_topic("02")],
                )
            )
        guide = docx_bytes(
            "دليل المدافعات عن حقوق المرأة: الحماية والأمن الرقمي",
            "تواجه المدافعات عن حقوق الإنسان مخاطر خاصة: التشهير والتهديد والعنف الإلكتروني.",
            "نصائح: استخدم كلمات مرور قوية، وفعّل التحقق بخطوتين، ولا تنشر موقعك.",
            table=[["الخطر", "ما العمل"], ["رسائل تهديد", "احفظها ووثقها وأبلغ المركز"]],
        )
        added.append(
            services.resource_create(
                by=editor,
                data={
                    "title": "دليل المدافعات عن حقوق المرأة: الحماية والأمن الرقمي",
                    "summary": "إرشادات عملية للحماية الشخصية والرقمية.",
                    "language": "ar",
                    "visibility": "public",
                    "audience": "defenders",
                    "authors": "مركز النماء",
                    "published_on": date(2026, 5, 10),
                },
                topics=[_topic("03"), _topic("09")],
                file=_file(guide, "دليل-المدافعات.docx"),
            )
        )
        istanbul = pdf_bytes(
            "The Istanbul Protocol: documenting torture",
            "Medical and legal documentation of torture and ill-treatment.",
            "Interviews must be safe, private and based on informed consent.",
        )
        added.append(
            services.resource_create(
                by=editor,
                data={
                    "title": "The Istanbul Protocol in brief",
                    "summary": "A summary of the UN manual on documenting torture.",
                    "language": "en",
                    "visibility": "public",
                    "audience": "monitors",
                    "published_on": date(2026, 6, 26),
                },
                topics=[_topic("06"), _topic("08")],
                file=_file(istanbul, "istanbul-protocol.pdf"),
            )
        )
        added.append(
            services.resource_create(
                by=editor,
                data={
                    "title": "الاستعراض الدوري الشامل: كيف تشارك منظمات المجتمع المدني",
                    "summary": "محاضرة مسجلة عن تقديم تقارير أصحاب المصلحة.",
                    "language": "ar",
                    "visibility": "public",
                    "audience": "defenders",
                    "video_url": "https://www.ohchr.org/en/hr-bodies/upr/upr-main",
                },
                topics=[_topic("08")],
            )
        )
        added.append(
            services.resource_create(
                by=editor,
                data={
                    "title": "مافەکانی مرۆڤ: ڕێبەرێکی کورت",
                    "summary": "ناساندنی مافە بنەڕەتییەکانی مرۆڤ بۆ چالاکوانان.",
                    "body": "هەموو مرۆڤێک ئازاد لەدایک دەبێت و لە کەرامەت و مافدا یەکسانن.",
                    "language": "ckb",
                    "visibility": "public",
                    "audience": "general",
                },
                topics=[_topic("01")],
            )
        )
        added.append(
            services.resource_create(
                by=editor,
                data={
                    "title": "بروتوكول داخلي: سلامة الراصدين في الميدان",
                    "summary": (
                        "للاستخدام الداخلي فقط: خطوات قبل الزيارة الميدانية وأثناءها وبعدها."
                    ),
                    "body": (
                        "أبلغ منسق المحافظة بمكانك قبل كل زيارة، ولا تحمل قوائم بأسماء الضحايا."
                    ),
                    "language": "ar",
                    "visibility": "internal",
                    "audience": "monitors",
                },
                topics=[_topic("09")],
            )
        )
    return len(added) + 1
