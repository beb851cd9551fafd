"""Demo news and statements for ``manage.py seed_demo`` (demo mode only).

Eight published items (news and statements) in Arabic and English, three of
them also in Kurdish (Sorani), two with an image; one draft and one
statement waiting in review for the director (``demo-director``). Written by
``demo-editor``; statements published by ``demo-director``. Idempotent:
nothing is added once any news item exists.
"""

from __future__ import annotations

import io
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from PIL import Image

from nama.accounts.models import User
from nama.core.images import clean_image_upload
from nama.core.models import Governorate
from nama.outreach.models import NewsItem, NewsKind
from nama.outreach.news_services import news_create, news_publish, news_submit_for_review

# (kind, governorate slug, days ago, colour of the image or "", {language: (title, summary, body)})
PUBLISHED = [
    (
        NewsKind.STATEMENT,
        "",
        2,
        "",
        {
            "ar": (
                "بيان بشأن حماية المدافعين عن حقوق الإنسان",
                "يدعو المركز السلطات إلى ضمان سلامة المدافعين "
                "عن حقوق الإنسان والتحقيق في التهديدات.",
                "يتابع المركز بقلق تزايد التهديدات الموجهة إلى المدافعين عن حقوق الإنسان.\n\n"
                "ويدعو السلطات إلى فتح تحقيقات مستقلة وضمان حق الجميع في التعبير والتجمع السلمي.",
            ),
            "en": (
                "Statement on the protection of human rights defenders",
                "The centre calls on the authorities to keep defenders safe "
                "and to investigate threats.",
                "The centre is concerned by the growing threats against human rights defenders.\n\n"
                "It calls on the authorities to open independent investigations and to guarantee "
                "the rights to expression and peaceful assembly.",
            ),
            "ckb": (
                "بەیاننامە دەربارەی پاراستنی بەرگریکارانی مافی مرۆڤ",
                "سەنتەر داوا لە دەسەڵاتداران دەکات پارێزگاری لە بەرگریکاران بکەن.",
                "سەنتەر بە نیگەرانییەوە هەڕەشەکانی سەر بەرگریکارانی مافی مرۆڤ بەدواداچوون دەکات.",
            ),
        },
    ),
    (
        NewsKind.NEWS,
        "baghdad",
        5,
        "#2a6f97",
        {
            "ar": (
                "ورشة تدريبية عن توثيق الانتهاكات في بغداد",
                "شارك خمسة وعشرون مدافعاً ومدافعة في ورشة لمدة ثلاثة أيام.",
                "نظم المركز ورشة تدريبية عن منهجية توثيق انتهاكات حقوق الإنسان "
                "وفق المعايير الدولية.",
            ),
            "en": (
                "Training workshop on documenting violations in Baghdad",
                "Twenty-five defenders took part in a three-day workshop.",
                "The centre held a workshop on documenting human rights violations to "
                "international standards.",
            ),
        },
    ),
    (
        NewsKind.NEWS,
        "erbil",
        9,
        "#6a994e",
        {
            "ar": (
                "جلسة حوارية حول حرية الصحافة في أربيل",
                "صحفيون وناشطون يناقشون التحديات التي تواجه العمل الصحفي.",
                "استضاف المركز جلسة حوارية شارك فيها صحفيون وممثلون عن منظمات المجتمع المدني.",
            ),
            "en": (
                "Public debate on press freedom in Erbil",
                "Journalists and activists discuss the challenges of reporting.",
                "The centre hosted a debate with journalists and civil society organisations.",
            ),
            "ckb": (
                "دانیشتنێکی گفتوگۆ دەربارەی ئازادیی ڕۆژنامەگەری لە هەولێر",
                "ڕۆژنامەنووسان و چالاکوانان باسی ئاستەنگەکان دەکەن.",
                "سەنتەر دانیشتنێکی گفتوگۆی ڕێکخست بە بەشداریی ڕۆژنامەنووسان.",
            ),
        },
    ),
    (
        NewsKind.STATEMENT,
        "",
        14,
        "",
        {
            "ar": (
                "بيان في اليوم الدولي لمساندة ضحايا التعذيب",
                "يجدد المركز التزامه بدعم الضحايا وذويهم.",
                "في هذا اليوم يجدد المركز دعوته إلى تجريم التعذيب بكل أشكاله ومحاسبة مرتكبيه.",
            ),
            "en": (
                "Statement on the International Day in Support of Victims of Torture",
                "The centre renews its commitment to victims and their families.",
                "On this day the centre renews its call to criminalise torture in all its forms "
                "and to hold those responsible to account.",
            ),
        },
    ),
    (
        NewsKind.NEWS,
        "basra",
        20,
        "",
        {
            "ar": (
                "فريق الرصد يزور البصرة لمتابعة أوضاع المحتجزين",
                "زيارة ميدانية للاطلاع على ظروف الاحتجاز.",
                "أجرى فريق الرصد زيارة ميدانية إلى البصرة للاطلاع على ظروف الاحتجاز.",
            ),
            "en": (
                "Monitoring team visits Basra to follow up on detainees",
                "A field visit to look into conditions of detention.",
                "The monitoring team made a field visit to Basra "
                "to look into conditions of detention.",
            ),
        },
    ),
    (
        NewsKind.NEWS,
        "",
        27,
        "",
        {
            "ar": (
                "إطلاق دليل الحماية الرقمية للناشطين",
                "دليل جديد في مكتبة المركز عن الأمان الرقمي.",
                "أصدر المركز دليلاً عملياً عن حماية الهواتف والحسابات والمراسلات.",
            ),
            "en": (
                "Digital protection guide for activists released",
                "A new guide on digital security in the centre's library.",
                "The centre published a practical guide to protecting phones, "
                "accounts and messages.",
            ),
            "ckb": (
                "ڕێبەری پاراستنی دیجیتاڵی بۆ چالاکوانان",
                "ڕێبەرێکی نوێ لە کتێبخانەی سەنتەر.",
                "سەنتەر ڕێبەرێکی کرداریی بۆ پاراستنی مۆبایل و هەژمارەکان بڵاوکردەوە.",
            ),
        },
    ),
    (
        NewsKind.STATEMENT,
        "",
        35,
        "",
        {
            "ar": (
                "بيان حول حق التظاهر السلمي",
                "يؤكد المركز أن التظاهر السلمي حق يكفله الدستور.",
                "يؤكد المركز أن التظاهر السلمي حق يكفله الدستور والمواثيق الدولية.",
            ),
            "en": (
                "Statement on the right to peaceful protest",
                "The centre affirms that peaceful protest is a constitutional right.",
                "The centre affirms that peaceful protest is guaranteed by the constitution and "
                "by international law.",
            ),
        },
    ),
    (
        NewsKind.NEWS,
        "nineveh",
        42,
        "",
        {
            "ar": (
                "لقاء مع ممثلي مجلس محافظة نينوى",
                "بحث اللقاء ملف المفقودين وتعويض المتضررين.",
                "التقى وفد المركز ممثلين عن مجلس المحافظة لبحث ملف المفقودين.",
            ),
            "en": (
                "Meeting with Nineveh provincial council",
                "The meeting covered missing persons and compensation.",
                "A delegation of the centre met the provincial council about missing persons.",
            ),
        },
    ),
]

DRAFT = {
    "ar": ("مسودة: تقرير الربع الأخير", "", "نص قيد الكتابة."),
    "en": ("Draft: last quarter's report", "", "Text being written."),
}
IN_REVIEW = {
    "ar": (
        "بيان بشأن أوضاع النازحين في المخيمات",
        "بانتظار موافقة المدير.",
        "يطالب المركز بتحسين الخدمات الأساسية في المخيمات.",
    ),
    "en": (
        "Statement on displaced people in camps",
        "Waiting for the director's approval.",
        "The centre calls for better basic services in the camps.",
    ),
}


def _versions(texts: dict[str, tuple[str, str, str]]) -> dict[str, dict[str, str]]:
    return {
        language: {"title": title, "summary": summary, "body": body}
        for language, (title, summary, body) in texts.items()
    }


def _image(colour: str) -> object:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 400), colour).save(buffer, "JPEG", quality=80)
    buffer.seek(0)
    return clean_image_upload(buffer)


@transaction.atomic
def seed() -> int:
    if NewsItem.objects.exists():
        return 0
    editor = User.objects.filter(username="demo-editor").first()
    director = User.objects.filter(username="demo-director").first()
    if editor is None or director is None:
        return 0
    now = timezone.now()
    added = 0
    for kind, slug, days, colour, texts in PUBLISHED:
        versions = _versions(texts)
        if colour:
            for version in versions.values():
                version["image_alt"] = versions["en"]["title"]
        item = news_create(
            by=editor,
            kind=kind,
            translations=versions,
            image=_image(colour) if colour else None,
            governorate=Governorate.objects.filter(slug=slug).first() if slug else None,
        )
        news_submit_for_review(item=item, by=editor)
        news_publish(item=item, by=director if kind == NewsKind.STATEMENT else editor)
        NewsItem.objects.filter(pk=item.pk).update(published_at=now - timedelta(days=days))
        added += 1
    news_create(by=editor, kind=NewsKind.NEWS, translations=_versions(DRAFT))
    review = news_create(by=editor, kind=NewsKind.STATEMENT, translations=_versions(IN_REVIEW))
    news_submit_for_review(item=review, by=editor)
    return added + 2
