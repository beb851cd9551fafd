"""Demo statistics and reports for ``manage.py seed_demo`` (demo mode only).

About 1,500 generated, de-identified acts over the last twelve months, so
that the dashboard and the map have figures (requests and legal figures come
from the intake and legal demos: generated requests would flood the
operators' queue);
a report on the last full quarter in Arabic and one in English, each with a
case summary, built at once (PDF, DOCX, XLSX) and published by the demo
director; the bodies the centre reports to, with one dispatch. Idempotent:
nothing is added once any report exists.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from nama.accounts.models import User
from nama.monitoring.models import Event, VerificationState
from nama.reports import distribution_services, sample_data, services
from nama.reports.models import BodyKind, Channel, Report
from nama.reports.periods import period_for

CONTEXT_AR = (
    "شهد الربع استمرار الاحتجاجات المطالبة بالخدمات وفرص العمل في عدد من المحافظات، "
    "وتلقّى المركز بلاغات عن اعتقالات تعسفية وتهديدات طالت ناشطين وصحفيين.\n\n"
    "تستند الأرقام الواردة في هذا التقرير إلى الحالات التي وثّقها فريق الرصد الوطني "
    "وتحقّق منها، ولا تمثّل العدد الكلي للانتهاكات."
)
RECOMMENDATIONS_AR = (
    "ندعو الحكومة العراقية إلى الإفراج عن جميع المحتجزين بسبب ممارستهم السلمية لحقهم "
    "في التعبير والتجمع، والتحقيق في جميع ادعاءات التعذيب وسوء المعاملة.\n\n"
    "ندعو مجلس النواب إلى إقرار قانون لحماية المدافعين عن حقوق الإنسان."
)
CONTEXT_EN = (
    "During the quarter, protests demanding services and jobs continued in several "
    "governorates, and the centre received reports of arbitrary arrests and threats "
    "against activists and journalists.\n\n"
    "The figures in this report are the cases documented and verified by the national "
    "monitoring team; they are not the total number of violations."
)
RECOMMENDATIONS_EN = (
    "We call on the Government of Iraq to release everyone detained for peacefully "
    "exercising their rights to expression and assembly, and to investigate every "
    "allegation of torture and ill-treatment.\n\n"
    "We call on the Council of Representatives to adopt a law protecting human rights "
    "defenders."
)

BODIES = [
    (
        "Special Rapporteur on the situation of human rights defenders",
        BodyKind.SPECIAL_PROCEDURE,
        "hrc-sr-defenders@un.org",
        "https://www.ohchr.org/en/special-procedures/sr-human-rights-defenders",
    ),
    (
        "UNAMI Human Rights Office",
        BodyKind.UN_MECHANISM,
        "",
        "https://iraq.un.org/",
    ),
    ("Amnesty International, Middle East and North Africa", BodyKind.INGO, "", ""),
    ("لجنة حقوق الإنسان في مجلس النواب العراقي", BodyKind.PARLIAMENT, "", ""),
    ("المفوضية العليا لحقوق الإنسان في العراق", BodyKind.AUTHORITY, "", ""),
]


def _last_full_quarter(today: date) -> tuple[date, date]:
    current = period_for("quarter", today)
    previous = period_for("quarter", current.start - timedelta(days=1))
    return previous.start, previous.end


def seed() -> int:
    if Report.objects.exists():
        return 0
    analyst = User.objects.filter(username="demo-analyst").first()
    director = User.objects.filter(username="demo-director").first()
    monitor = User.objects.filter(username="demo-monitor").first()
    if analyst is None or director is None or monitor is None:
        return 0
    today = timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=365)).replace(day=1)
    counts = sample_data.generate_monitoring(
        acts=getattr(settings, "NAMA_DEMO_ACTS", 1500),
        start=start,
        end=today,
        created_by=monitor,
        verified_by=director,
        seed=2026,
    )
    added = counts.events + counts.acts

    quarter_start, quarter_end = _last_full_quarter(today)
    events = list(
        Event.objects.filter(
            verification=VerificationState.VERIFIED,
            merged_into__isnull=True,
            start_date__range=(quarter_start, quarter_end),
            violation_status__code__lte="02",
        ).order_by("start_date", "pk")[:2]
    )
    reports = [
        (
            "ar",
            "حالة حقوق الإنسان في العراق: التقرير الفصلي",
            CONTEXT_AR,
            RECOMMENDATIONS_AR,
            [
                (
                    "احتجاز متظاهر دون أمر قضائي",
                    "احتُجز شاب شارك في احتجاج سلمي تسعة أيام دون أمر قضائي ودون السماح "
                    "له بالاتصال بمحامٍ، ثم أُطلق سراحه دون توجيه اتهام.",
                ),
                (
                    "تهديد صحفية بسبب عملها",
                    "تلقّت صحفية تهديدات متكررة بالقتل بعد نشرها تقريراً عن الفساد في "
                    "إحدى الدوائر المحلية، ولم تُفتح تحقيقات في شكواها.",
                ),
            ],
        ),
        (
            "en",
            "The human-rights situation in Iraq: quarterly report",
            CONTEXT_EN,
            RECOMMENDATIONS_EN,
            [
                (
                    "Detention of a protester without a warrant",
                    "A young man who took part in a peaceful protest was held for nine days "
                    "without a warrant and without access to a lawyer, then released "
                    "without charge.",
                ),
                (
                    "Threats against a journalist for her work",
                    "A journalist received repeated death threats after publishing a report "
                    "on corruption in a local office; no investigation followed her "
                    "complaint.",
                ),
            ],
        ),
    ]
    builds = []
    for language, title, context, recommendations, summaries in reports:
        report = services.report_create(
            by=analyst,
            data={
                "title": title,
                "language": language,
                "period_kind": "quarter",
                "period_start": quarter_start,
                "period_end": quarter_end,
                "minimum_status": "02",
                "audience": "public",
                "context": context,
                "recommendations": recommendations,
            },
        )
        for event, (summary_title, text) in zip(events, summaries, strict=False):
            services.case_summary_add(
                by=analyst, report=report, event=event, title=summary_title, text=text
            )
        build = services.build_request(by=analyst, report=report)
        # Built now, so the demo shows them at once; the queued task then skips them.
        services.build_execute(build_id=build.pk)
        build.refresh_from_db()
        services.build_approve(by=director, build=build)
        builds.append(build)
        added += 1

    for name, kind, email, website in BODIES:
        body = distribution_services.body_save(
            by=analyst, data={"name": name, "kind": kind, "email": email, "website": website}
        )
        added += 1
        if kind == BodyKind.SPECIAL_PROCEDURE:
            distribution_services.dispatch_record(
                by=analyst, body=body, build=builds[-1], sent_on=today, channel=Channel.EMAIL
            )
    return added
