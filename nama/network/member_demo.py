"""Demo members for ``manage.py seed_demo``: 40 accepted members across
governorates, kinds and areas of work, four applications waiting for review,
and one member with a portal account (``demo-member``, the demo password, a
confirmed authenticator so that the demo 2FA page shows the code).

Idempotent: nothing is added once the ``demo-member`` account exists. Random
choices are seeded, so every run builds the same demo. Members are written
directly (not through the services) because there is no acting user and no
audit trail to keep for invented people.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from nama.accounts.demo import DEMO_PASSWORD
from nama.accounts.models import User
from nama.core.models import Governorate, Term
from nama.network.member_selectors import AREA_VOCABULARY
from nama.network.models import Member, MemberKind, MemberStatus, RiskLevel, Sex

DEMO_MEMBER_USERNAME = "demo-member"
ACCEPTED = 40
APPLICATIONS = 4

GIVEN_FEMALE = ["زينب", "سارة", "نور", "مريم", "هدى", "رشا", "آلاء", "شيرين", "دلنيا", "فاطمة"]
GIVEN_MALE = ["علي", "حسين", "محمد", "كريم", "عمر", "هاوري", "ئاراس", "يوسف", "مصطفى", "سامر"]
FAMILY = ["الساعدي", "الجبوري", "العبيدي", "التميمي", "الكردي", "الموسوي", "البياتي", "الدليمي"]
ORGANISATIONS = [
    "",
    "",
    "جمعية الأمل العراقية",
    "شبكة النساء العراقيات",
    "منظمة حمورابي لحقوق الإنسان",
    "مرصد الحريات الصحفية",
]
SKILLS = [
    "رصد وتوثيق الانتهاكات",
    "تدريب المدربين، السلامة الرقمية",
    "مقابلة الناجين والشهود",
    "الدعم القانوني والإحالة",
    "الإعلام والتواصل",
    "Monitoring, reporting in English",
]
GOVERNORATES = [
    "baghdad",
    "baghdad",
    "basra",
    "nineveh",
    "erbil",
    "sulaymaniyah",
    "duhok",
    "najaf",
    "karbala",
    "anbar",
    "diyala",
    "kirkuk",
    "dhiqar",
    "babil",
]
AREA_CODES = ["01", "02", "03", "09", "10", "11", "13", "15", "16", "21"]
KINDS = [
    MemberKind.DEFENDER,
    MemberKind.DEFENDER,
    MemberKind.WOMAN_DEFENDER,
    MemberKind.WOMAN_DEFENDER,
    MemberKind.VOLUNTEER,
    MemberKind.VOLUNTEER,
    MemberKind.TRAINER,
    MemberKind.MONITOR,
    MemberKind.LAWYER,
    MemberKind.ORGANISATION,
]


def _name(rng: random.Random, sex: str) -> str:
    given = GIVEN_FEMALE if sex == Sex.FEMALE else GIVEN_MALE
    return f"{rng.choice(given)} {rng.choice(GIVEN_MALE)} {rng.choice(FAMILY)}"


def _languages(rng: random.Random, governorate: str) -> list[str]:
    kurdish = governorate in {"erbil", "sulaymaniyah", "duhok"}
    languages = ["ckb", "ar"] if kurdish else ["ar"]
    if rng.random() < 0.3:
        languages.append("en")
    return languages


def _member(
    rng: random.Random, index: int, *, status: str, governorates: dict[str, Governorate]
) -> Member:
    kind = KINDS[index % len(KINDS)]
    sex = Sex.FEMALE if kind == MemberKind.WOMAN_DEFENDER or rng.random() < 0.4 else Sex.MALE
    slug = GOVERNORATES[index % len(GOVERNORATES)]
    governorate = governorates.get(slug) or next(iter(governorates.values()))
    name = (
        f"{rng.choice(ORGANISATIONS[2:])} - {governorate.name_ar}"
        if kind == MemberKind.ORGANISATION
        else _name(rng, sex)
    )
    return Member(
        kind=kind,
        status=status,
        name=name,
        email=f"member{index:02d}@demo.invalid",
        phone=f"0770{rng.randrange(1000000, 9999999)}" if rng.random() < 0.8 else "",
        sex="" if kind == MemberKind.ORGANISATION else sex,
        birth_year=None if kind == MemberKind.ORGANISATION else rng.randrange(1965, 2004),
        governorate=governorate,
        organisation=rng.choice(ORGANISATIONS),
        languages=_languages(rng, governorate.slug),
        skills=rng.choice(SKILLS),
        motivation="أريد أن أتعلم وأن أساعد في توثيق الانتهاكات في محافظتي.",
        risk_level=rng.choice(
            [RiskLevel.UNKNOWN, RiskLevel.UNKNOWN, RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH]
        ),
        protection_notes="تلقى تهديدات بعد نشر تقرير عن الاعتقالات." if rng.random() < 0.15 else "",
        consent_at=timezone.now() - timedelta(days=rng.randrange(5, 400)),
        wants_digest=rng.random() < 0.5,
    )


def _portal_account(member: Member) -> User:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from nama.accounts.otp import TOTP_DEVICE_NAME

    user = User(username=DEMO_MEMBER_USERNAME)
    user.set_password(DEMO_PASSWORD)
    user.save()
    TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
    member.user = user
    member.invited_at = timezone.now()
    member.wants_digest = True
    member.save(update_fields=["user", "invited_at", "wants_digest"])
    return user


def seed() -> int:
    """How many records were added (0 on a second run)."""
    if User.objects.filter(username=DEMO_MEMBER_USERNAME).exists():
        return 0
    governorates = {g.slug: g for g in Governorate.objects.all()}
    if not governorates:
        return 0
    areas = list(Term.objects.of(AREA_VOCABULARY).active().filter(code__in=AREA_CODES))
    rng = random.Random(8)  # noqa: S311 - a reproducible demo, not security
    reviewer = User.objects.filter(username="demo-training-coordinator").first()
    added = 0
    with transaction.atomic():
        first: Member | None = None
        for index in range(ACCEPTED + APPLICATIONS):
            status = MemberStatus.ACCEPTED if index < ACCEPTED else MemberStatus.APPLIED
            member = _member(rng, index, status=status, governorates=governorates)
            if status == MemberStatus.ACCEPTED:
                member.reviewed_by = reviewer
                member.reviewed_at = member.consent_at
            member.save()
            if areas:
                member.areas_of_work.set(rng.sample(areas, k=rng.randrange(1, 4)))
            if first is None and member.governorate.slug == "baghdad":
                first = member
            added += 1
        if first is not None:
            _portal_account(first)
            added += 1
    return added
