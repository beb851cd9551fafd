"""Demo posts of the members' space (``manage.py seed_demo``), idempotent.

Twelve approved posts in Arabic, English and Sorani by a few demo members
(made here, marked by their organisation, without portal accounts), one of
them under a pseudonym, a few comments, one first post still waiting for
moderation and one post reported for naming an exact place. When the
members' demo (``member_demo``) made the account ``demo-member``, that member
writes one of the posts and a comment, so logging in as ``demo-member``
shows a lively space. Everything is written straight to the tables (the
services would rate-limit and audit a demo as if people had written it).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from nama.core.richtext import sanitise_html

DEMO_ORGANISATION = "Nama demo (members' space)"

# (name, kind of member, governorate slug)
AUTHORS = [
    ("سارة الجبوري", "woman_defender", "baghdad"),
    ("Karwan Aziz", "defender", "sulaymaniyah"),
    ("حيدر الموسوي", "volunteer", "basra"),
    ("Shilan Omar", "monitor", "erbil"),
]

# (author index or "demo-member", kind, language, title, body, pseudonym)
POSTS: list[tuple[Any, str, str, str, str, str]] = [
    (
        0,
        "experience",
        "ar",
        "تجربتي في توثيق الانتهاكات خلال الاحتجاجات",
        "تعلمت أن التوثيق الجيد يبدأ بموافقة الشخص. نكتب ما حدث بدقة، ونحفظ الصور بعيداً عن الهاتف.",
        "",
    ),
    (
        1,
        "challenge",
        "ckb",
        "ئاستەنگەکانی گەیشتن بە دادگا",
        "زۆربەی بەرگریکاران تێچووی پارێزەر و گواستنەوەیان نییە. "
        "پێویستمان بە یارمەتی یاسایی زیاترە.",
        "",
    ),
    (
        2,
        "news",
        "ar",
        "ورشة عن حرية التعبير في البصرة",
        "نظم متطوعون ورشة عن حرية التعبير حضرها طلاب جامعيون، وناقشوا حدود النشر الآمن.",
        "",
    ),
    (
        3,
        "experience",
        "en",
        "What I learned from my first monitoring visit",
        "Listen first, write later. Keep names out of your notes unless the person agreed.",
        "",
    ),
    (
        0,
        "challenge",
        "ar",
        "تهديدات عبر الإنترنت للمدافعات",
        "تتعرض مدافعات كثيرات لحملات تشهير. نحتاج إلى دعم رقمي ونفسي وإلى طرق آمنة للإبلاغ.",
        "نخلة",
    ),
    (
        1,
        "news",
        "en",
        "Training on digital safety in Sulaymaniyah",
        "Twenty defenders learned to secure their phones and accounts in a two-day training.",
        "",
    ),
    (
        2,
        "experience",
        "ar",
        "كيف ساعدنا عائلة في الوصول إلى محامٍ",
        "اتصلنا بالخط الساخن للمركز، وخلال يومين تواصل محامٍ مع العائلة وشرح لها خطواتها.",
        "",
    ),
    (
        3,
        "challenge",
        "ckb",
        "کەمی زانیاری دەربارەی مافەکانی ئافرەتان",
        "لە گوندەکان زۆر کەس مافەکانی خۆیان نازانن. پێویستە کۆڕی هۆشیارکردنەوە زیاتر بکرێت.",
        "",
    ),
    (
        0,
        "news",
        "ar",
        "إطلاق دليل جديد للمدافعين في المكتبة",
        "أصدر المركز دليلاً عملياً عن التوثيق الآمن، وهو متاح في مكتبة الموقع.",
        "",
    ),
    (
        "demo-member",
        "experience",
        "ar",
        "أول اجتماع لنا مع مجلس المحافظة",
        "قدمنا مطالبنا مكتوبة، وحصلنا على وعد بالرد خلال شهر. سنتابع ونشارككم النتيجة.",
        "",
    ),
    (
        3,
        "news",
        "en",
        "Women defenders' network meets in Erbil",
        "Defenders from five governorates shared strategies for protection and advocacy.",
        "",
    ),
    (
        2,
        "challenge",
        "ar",
        "صعوبة الحصول على المعلومات من الدوائر الرسمية",
        "طلبنا بيانات عن حالات الاحتجاز ولم نحصل على رد. نبحث عن طرق قانونية لطلب المعلومات.",
        "",
    ),
]

COMMENTS = [
    (3, 0, "شكراً على المشاركة، هذه نصيحة مهمة."),
    (0, 1, "ئێمەش هەمان کێشەمان هەیە."),
    ("demo-member", 4, "نحن معكن. هل هناك جهة تساعد في الدعم الرقمي؟"),
]

PENDING_FIRST_POST = (
    "experience",
    "ar",
    "محاولتي الأولى في تنظيم جلسة توعية",
    "نظمت جلسة صغيرة في الحي عن حقوق العمال، وحضرها خمسة عشر شخصاً.",
)
REPORTED_POST = (
    "news",
    "ar",
    "وقفة احتجاجية غداً",
    "سنلتقي غداً أمام البيت رقم ١٢ في شارع الربيع الساعة الخامسة.",
)


def _governorate(slug: str) -> Any:
    from nama.core.models import Governorate

    return Governorate.objects.filter(slug=slug).first() or Governorate.objects.first()


def _demo_member() -> Any:
    from nama.network.models import Member, MemberStatus

    return Member.objects.filter(user__username="demo-member", status=MemberStatus.ACCEPTED).first()


def _author(key: Any, authors: list[Any], fallback: Any) -> Any:
    if key == "demo-member":
        return _demo_member() or fallback
    return authors[key]


@transaction.atomic
def seed() -> int:
    """How many records were added (0 on a second run)."""
    from nama.network.models import (
        Comment,
        Member,
        MemberStatus,
        Post,
        PostReport,
        PostStatus,
        ReportReason,
    )

    if Member.objects.filter(organisation=DEMO_ORGANISATION).exists():
        return 0
    if _governorate("baghdad") is None:
        return 0  # no reference data: nothing to attach members to
    now = timezone.now()
    added = 0
    authors = []
    for name, kind, slug in AUTHORS:
        authors.append(
            Member.objects.create(
                name=name,
                kind=kind,
                status=MemberStatus.ACCEPTED,
                governorate=_governorate(slug),
                organisation=DEMO_ORGANISATION,
                consent_at=now,
                languages=["ar"],
            )
        )
        added += 1
    posts = []
    for offset, (key, kind, language, title, body, pseudonym) in enumerate(POSTS):
        moment = now - timedelta(days=len(POSTS) - offset, hours=offset)
        post = Post.objects.create(
            author=_author(key, authors, authors[0]),
            kind=kind,
            language=language,
            title=title,
            body=sanitise_html(body),
            pseudonym=pseudonym,
            status=PostStatus.APPROVED,
            published_at=moment,
        )
        Post.objects.filter(pk=post.pk).update(created_at=moment)
        posts.append(post)
        added += 1
    for key, index, body in COMMENTS:
        Comment.objects.create(
            post=posts[index], author=_author(key, authors, authors[1]), body=sanitise_html(body)
        )
        added += 1
    newcomer = Member.objects.create(
        name="نور الهدى",
        kind="volunteer",
        status=MemberStatus.ACCEPTED,
        governorate=_governorate("najaf"),
        organisation=DEMO_ORGANISATION,
        consent_at=now,
    )
    kind, language, title, body = PENDING_FIRST_POST
    Post.objects.create(
        author=newcomer,
        kind=kind,
        language=language,
        title=title,
        body=sanitise_html(body),
        status=PostStatus.PENDING,
    )
    kind, language, title, body = REPORTED_POST
    reported = Post.objects.create(
        author=authors[2],
        kind=kind,
        language=language,
        title=title,
        body=sanitise_html(body),
        status=PostStatus.PENDING,  # a report of an exact place takes it out of the feed
        published_at=now - timedelta(hours=3),
    )
    PostReport.objects.create(
        post=reported,
        reported_by=authors[3],
        reason=ReportReason.EXACT_PLACE,
        note="العنوان الكامل مذكور في المنشور",
    )
    return added + 4
