"""Speed of the network and outreach apps on the data of a centre grown large.

Run from the repository root::

    .venv/bin/python bench/bench_network.py                    # 100,000 members, SQLite file
    .venv/bin/python bench/bench_network.py --scale 0.1        # a tenth of everything
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nama_bench_network \\
        .venv/bin/python bench/bench_network.py                # PostgreSQL, test_nama_bench_network
    .venv/bin/python bench/bench_network.py --write            # append to bench/results.md

What it does:

1. A throw-away database as ``bench_search.py`` builds it (a temporary SQLite
   file, or ``test_<name>`` on PostgreSQL), reference data and roles loaded,
   staff accounts (training coordinator, trainers, editor, director) and one
   member with a portal account.
2. Seeded generation with ``bulk_create`` through model instances, so the
   encrypted fields are encrypted and the blind indexes computed by the
   fields' own ``pre_save`` (Django's insert compiler calls it for every
   object of a bulk insert): ``--members`` network members over the 19
   governorates with 1-3 areas of work (``right_affected`` terms),
   ``--posts`` members' posts with two comments each on average and a few
   open reports, ``--sessions`` training sessions of 40 courses with
   ``--participants`` participants, their attendance per day and
   certificates, ``--meetings`` meetings with ``--commitments`` commitments
   at 300 institutions, ``--news`` news items with their language versions.
   ``--scale`` multiplies every count. Then ``ANALYZE``.
3. For each figure, the app's selector or service (what a page calls:
   the first page evaluated and the paginator's count) against hand-written
   SQL for the same answer; both answers compared, a warm-up then
   ``--repeat`` timed runs of each, mean and p95. The raw side fetches the
   same rows but does not decrypt them; the app does (that is its cost).

Everything is seeded (``--seed``): the same command gives the same data; only
times vary.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_search as base
from django.db import connection, models

ROOT = base.ROOT
RESULTS = base.RESULTS

START = datetime(2023, 1, 1, tzinfo=UTC)
SPAN_DAYS = 3 * 365 + 180  # to mid-2026
TODAY = date(2026, 6, 30)
BATCH = 2000
LANGUAGES = ("ar", "ckb", "kmr", "en", "tk", "syc")
SKILLS = (
    "توثيق",
    "مناصرة",
    "قانون",
    "تدريب",
    "إعلام",
    "documentation",
    "advocacy",
    "legal aid",
    "first aid",
    "photography",
    "interviewing",
    "data",
)
_WORDS_TEXT = (
    "حقوق الإنسان الاعتقال التعسفي حرية التعبير النازحين المدافعين المحافظة "
    "تقرير جلسة تدريب الشرطة المحكمة الصحفيين النساء الأطفال المياه الكهرباء "
    "الانتخابات التظاهر الاحتجاز التعذيب الإخفاء القسري العدالة الانتقالية"
)
WORDS = _WORDS_TEXT.split()


# --- Generation -----------------------------------------------------------------


@contextlib.contextmanager
def _own_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the created_at/updated_at values set on the instances
    (auto_now and auto_now_add would stamp every row with the same instant)."""
    saved = []
    for model in model_classes:
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _moment(rng: random.Random) -> datetime:
    return START + timedelta(seconds=rng.randrange(SPAN_DAYS * 86400))


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _bulk(model: type[models.Model], rows: list[Any]) -> list[Any]:
    created: list[Any] = []
    for start in range(0, len(rows), BATCH):
        created.extend(model.objects.bulk_create(rows[start : start + BATCH]))  # type: ignore[attr-defined]
    return created


def _code(rng: random.Random) -> str:
    from nama.network.certificate_codes import ALPHABET, CODE_LENGTH

    return "".join(rng.choice(ALPHABET) for _ in range(CODE_LENGTH))


def _users() -> dict[str, Any]:
    from django.contrib.auth.models import Group

    from nama.accounts.models import User
    from nama.core.models import Governorate
    from nama.core.roles import Role, ensure_roles

    ensure_roles()

    def user(name: str, *roles: Role) -> Any:
        u = User.objects.create(username=name)
        u.groups.add(*Group.objects.filter(name__in=[r.value for r in roles]))
        return u

    users = {
        "coordinator": user("bench-coordinator", Role.TRAINING_COORDINATOR),
        "director": user("bench-director", Role.DIRECTOR),
        "editor": user("bench-editor", Role.EDITOR),
        "trainer": user("bench-trainer", Role.TRAINER),
        "member": user("bench-member"),
        "trainers": [user(f"bench-trainer-{i}", Role.TRAINER) for i in range(30)],
    }
    users["trainer"].governorates.add(*Governorate.objects.order_by("sort_order")[:2])
    return users


def _generate(counts: dict[str, int], seed: int, users: dict[str, Any]) -> dict[str, float]:
    seconds: dict[str, float] = {}
    rng = random.Random(seed)
    t0 = time.perf_counter()
    members = _generate_members(rng, counts["members"], users)
    seconds["members"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    seconds["comments"] = _generate_space(rng, counts["posts"], members, users)
    seconds["space"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    seconds["certificates"] = _generate_trainings(
        rng, counts["sessions"], counts["participants"], members, users
    )
    seconds["trainings"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    _generate_meetings(rng, counts["meetings"], counts["commitments"], members, users)
    seconds["meetings"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    _generate_news(rng, counts["news"], users)
    seconds["news"] = time.perf_counter() - t0
    return seconds


def _generate_members(rng: random.Random, n: int, users: dict[str, Any]) -> list[Any]:
    from nama.monitoring import namevariants
    from nama.network.member_selectors import area_terms
    from nama.network.models import Member, MemberKind, MemberStatus, RiskLevel
    from nama.reports.sample_data import _governorates

    governorates, weights = _governorates()
    areas = list(area_terms())
    kinds = list(MemberKind.values)
    statuses = [MemberStatus.ACCEPTED] * 16 + [MemberStatus.APPLIED] * 2
    statuses += [MemberStatus.DECLINED, MemberStatus.LEFT]
    rows = []
    for i in range(n):
        person = namevariants.random_person(rng)
        status = rng.choice(statuses)
        moment = _moment(rng)
        languages = ["ckb" if person.kurdish else "ar"]
        languages += rng.sample(LANGUAGES, rng.choice((0, 0, 1, 2)))
        rows.append(
            Member(
                kind=rng.choice(kinds),
                status=status,
                name=person.name,
                email=f"member{i}@example.org" if rng.random() < 0.6 else "",
                phone=f"0770{rng.randrange(10**7):07d}" if rng.random() < 0.7 else "",
                sex="female" if person.sex == "f" else "male",
                birth_year=person.birth_year,
                governorate=rng.choices(governorates, weights)[0],
                organisation=f"منظمة {rng.choice(WORDS)}" if rng.random() < 0.4 else "",
                languages=sorted(set(languages)),
                skills=", ".join(rng.sample(SKILLS, rng.randint(1, 3))),
                motivation=_text(rng, 20) if status == MemberStatus.APPLIED else "",
                risk_level=rng.choice(list(RiskLevel.values)),
                consent_at=moment,
                created_at=moment,
                updated_at=moment,
            )
        )
    with _own_timestamps(Member):
        members = _bulk(Member, rows)
    through = Member.areas_of_work.through
    links = [
        through(member_id=m.pk, term_id=t.pk)
        for m in members
        for t in rng.sample(areas, rng.randint(1, 3))
    ]
    _bulk(through, links)
    portal = next(m for m in members if m.status == MemberStatus.ACCEPTED)
    portal.user = users["member"]
    portal.save(update_fields=["user"])
    users["member_record"] = portal
    return members


def _generate_space(rng: random.Random, n: int, members: list[Any], users: dict[str, Any]) -> float:
    from nama.network.models import (
        Comment,
        CommentStatus,
        Post,
        PostKind,
        PostLanguage,
        PostReport,
        PostStatus,
        ReportReason,
    )

    accepted = [m for m in members if m.status == "accepted"]
    writers = rng.sample(accepted, min(len(accepted), max(10, n // 6)))
    writers.append(users["member_record"])
    statuses = [PostStatus.APPROVED] * 17 + [PostStatus.PENDING, PostStatus.HIDDEN]
    statuses.append(PostStatus.REMOVED)
    rows = []
    for _ in range(n):
        moment = _moment(rng)
        status = rng.choice(statuses)
        rows.append(
            Post(
                author=rng.choice(writers),
                kind=rng.choice(list(PostKind.values)),
                language=rng.choice(list(PostLanguage.values)),
                title=_text(rng, 6),
                body="<p>" + _text(rng, 60) + "</p>",
                pseudonym="مدافع" if rng.random() < 0.2 else "",
                status=status,
                published_at=moment if status != PostStatus.PENDING else None,
                created_at=moment,
                updated_at=moment,
            )
        )
    with _own_timestamps(Post, Comment, PostReport):
        posts = _bulk(Post, rows)
        comments = []
        for post in posts:
            for _ in range(rng.choice((0, 1, 2, 2, 3, 4))):
                moment = post.created_at + timedelta(hours=rng.randint(1, 72))
                comments.append(
                    Comment(
                        post=post,
                        author=rng.choice(writers),
                        body=_text(rng, 12),
                        status=CommentStatus.VISIBLE
                        if rng.random() < 0.95
                        else CommentStatus.HIDDEN,
                        created_at=moment,
                    )
                )
        comments = _bulk(Comment, comments)
        reports = []
        for post in rng.sample(posts, max(1, n // 100)):
            reports.append(
                PostReport(
                    post=post,
                    reported_by=rng.choice(writers),
                    reason=rng.choice(list(ReportReason.values)),
                    created_at=post.created_at + timedelta(days=1),
                )
            )
        for comment in rng.sample(comments, max(1, n // 200)):
            reports.append(
                PostReport(
                    post_id=comment.post_id,
                    comment=comment,
                    reported_by=rng.choice(writers),
                    reason=ReportReason.ABUSIVE,
                    created_at=comment.created_at + timedelta(days=1),
                )
            )
        _bulk(PostReport, reports)
    return float(len(comments))


def _generate_trainings(
    rng: random.Random, n_sessions: int, n_participants: int, members: list[Any], users: dict
) -> float:
    from nama.core.models import Governorate
    from nama.monitoring import namevariants
    from nama.network.models import (
        Attendance,
        Certificate,
        Course,
        Participant,
        SessionDay,
        SessionMode,
        SessionStatus,
        TrainingSession,
    )

    governorates = list(Governorate.objects.all())
    with _own_timestamps(Course, TrainingSession, Participant, Attendance):
        stamp = {"created_at": START, "updated_at": START}
        courses = _bulk(
            Course,
            [
                Course(
                    title_ar=f"دورة {i} في {rng.choice(WORDS)}",
                    title_en=f"Course {i}",
                    min_attendance_percent=rng.choice((60, 75, 80, 80, 100)),
                    **stamp,
                )
                for i in range(40)
            ],
        )
        statuses = [SessionStatus.DONE] * 16 + [SessionStatus.PLANNED] * 3
        statuses.append(SessionStatus.CANCELLED)
        sessions = []
        for _ in range(n_sessions):
            starts = (START + timedelta(days=rng.randrange(SPAN_DAYS))).date()
            length = rng.randint(1, 5)
            sessions.append(
                TrainingSession(
                    course=rng.choice(courses),
                    starts_on=starts,
                    ends_on=starts + timedelta(days=length - 1),
                    mode=rng.choice(list(SessionMode.values)),
                    governorate=rng.choice(governorates),
                    status=rng.choice(statuses),
                    capacity=30,
                    **stamp,
                )
            )
        sessions = _bulk(TrainingSession, sessions)
        through = TrainingSession.trainers.through
        _bulk(
            through,
            [
                through(trainingsession_id=s.pk, user_id=t.pk)
                for s in sessions
                for t in rng.sample(users["trainers"], rng.randint(1, 2))
            ],
        )
        days = _bulk(
            SessionDay,
            [
                SessionDay(session=s, date=s.starts_on + timedelta(days=d))
                for s in sessions
                for d in range((s.ends_on - s.starts_on).days + 1)
            ],
        )
        days_of: dict[int, list[Any]] = {}
        for day in days:
            days_of.setdefault(day.session_id, []).append(day)
        participants = []
        accepted = [m for m in members if m.status == "accepted"]
        for i in range(n_participants):
            session = sessions[i % len(sessions)]
            member = rng.choice(accepted) if rng.random() < 0.6 else None
            name = member.name if member else namevariants.random_person(rng).name
            participants.append(
                Participant(
                    session=session,
                    member=member,
                    name=name,
                    name_latin="Latin Name" if rng.random() < 0.3 else "",
                    sex=rng.choice(("female", "male", "")),
                    governorate=member.governorate if member else session.governorate,
                    pre_score=rng.randint(20, 80),
                    post_score=rng.randint(40, 100),
                    rating=rng.randint(1, 5),
                    created_at=START,
                )
            )
        # One member once per session (the unique constraint).
        seen: set[tuple[int, int]] = set()
        for p in participants:
            if p.member is not None:
                if (p.session.pk, p.member.pk) in seen:
                    p.member = None
                else:
                    seen.add((p.session.pk, p.member.pk))
        participants = _bulk(Participant, participants)
        attendance = []
        for p in participants:
            if p.session.status == SessionStatus.PLANNED:
                continue
            for day in days_of[p.session_id]:
                attendance.append(
                    Attendance(
                        participant=p, day=day, present=rng.random() < 0.85, recorded_at=START
                    )
                )
        _bulk(Attendance, attendance)
        course_of = {c.pk: c for c in courses}
        certificates = []
        for p in participants:
            if p.session.status == SessionStatus.DONE and rng.random() < 0.6:
                course = course_of[p.session.course_id]
                certificates.append(
                    Certificate(
                        participant=p,
                        code=_code(rng),
                        printed_name=p.name,
                        printed_name_latin=p.name_latin,
                        course_title_ar=course.title_ar,
                        course_title_en=course.title_en,
                        issued_at=datetime.combine(p.session.ends_on, datetime.min.time(), UTC),
                        revoked_at=START if rng.random() < 0.01 else None,
                    )
                )
        certificates = _bulk(Certificate, certificates)
    users["certificate_code"] = certificates[len(certificates) // 2].code
    return float(len(certificates))


def _generate_meetings(
    rng: random.Random, n_meetings: int, n_commitments: int, members: list[Any], users: dict
) -> None:
    from nama.core.models import Governorate
    from nama.outreach.models.meetings import (
        Commitment,
        CommitmentStatus,
        Institution,
        InstitutionKind,
        Meeting,
        MeetingConfidentiality,
    )

    governorates = list(Governorate.objects.all())
    with _own_timestamps(Institution, Meeting, Commitment):
        institutions = _bulk(
            Institution,
            [
                Institution(
                    name_ar=f"مؤسسة {i:03d} {rng.choice(WORDS)}",
                    name_en=f"Institution {i:03d}",
                    kind=rng.choice(list(InstitutionKind.values)),
                    governorate=rng.choice(governorates) if rng.random() < 0.7 else None,
                    created_at=START,
                    updated_at=START,
                )
                for i in range(300)
            ],
        )
        meetings = []
        for _ in range(n_meetings):
            moment = _moment(rng)
            restricted = rng.random() < 0.1
            meetings.append(
                Meeting(
                    held_on=moment.date(),
                    institution=rng.choice(institutions),
                    title=_text(rng, 5),
                    officials="السيد المدير العام",
                    summary=_text(rng, 80),
                    confidentiality=MeetingConfidentiality.RESTRICTED
                    if restricted
                    else MeetingConfidentiality.INTERNAL,
                    created_by=users["editor"],
                    created_at=moment,
                    updated_at=moment,
                )
            )
        meetings = _bulk(Meeting, meetings)
        staff = Meeting.staff_present.through
        _bulk(
            staff,
            [
                staff(meeting_id=m.pk, user_id=users["editor"].pk)
                for m in meetings
                if rng.random() < 0.3
            ],
        )
        defenders = Meeting.defenders.through
        accepted = [m for m in members if m.status == "accepted"]
        _bulk(
            defenders,
            [
                defenders(meeting_id=m.pk, member_id=d.pk)
                for m in meetings
                for d in rng.sample(accepted, rng.randint(0, 2))
            ],
        )
        statuses = [CommitmentStatus.OPEN] * 7 + [CommitmentStatus.IN_PROGRESS] * 3
        statuses += [CommitmentStatus.FULFILLED] * 5 + [CommitmentStatus.BROKEN] * 3
        statuses += [CommitmentStatus.WITHDRAWN] * 2
        commitments = []
        for _ in range(n_commitments):
            meeting = rng.choice(meetings)
            commitments.append(
                Commitment(
                    meeting=meeting,
                    institution_id=meeting.institution_id,
                    text=_text(rng, 15),
                    made_by="وكيل الوزارة",
                    status=rng.choice(statuses),
                    due_on=meeting.held_on + timedelta(days=rng.randint(14, 365))
                    if rng.random() < 0.8
                    else None,
                    created_by=users["editor"],
                    created_at=datetime.combine(meeting.held_on, datetime.min.time(), UTC),
                )
            )
        _bulk(Commitment, commitments)


def _generate_news(rng: random.Random, n: int, users: dict) -> None:
    from nama.core.models import Governorate
    from nama.outreach.models import NewsItem, NewsKind, NewsStatus, NewsTranslation

    governorates = list(Governorate.objects.all())
    statuses = [NewsStatus.PUBLISHED] * 17 + [NewsStatus.DRAFT, NewsStatus.REVIEW]
    statuses.append(NewsStatus.WITHDRAWN)
    with _own_timestamps(NewsItem):
        items = []
        for _ in range(n):
            moment = _moment(rng)
            status = rng.choice(statuses)
            items.append(
                NewsItem(
                    kind=rng.choice(list(NewsKind.values)),
                    status=status,
                    governorate=rng.choice(governorates) if rng.random() < 0.5 else None,
                    published_at=moment if status == NewsStatus.PUBLISHED else None,
                    created_by=users["editor"],
                    created_at=moment,
                    updated_at=moment,
                )
            )
        items = _bulk(NewsItem, items)
    versions = []
    for item in items:
        for language in ["ar", *rng.sample(["en", "ckb"], rng.randint(0, 2))]:
            versions.append(
                NewsTranslation(
                    item=item,
                    language=language,
                    title=_text(rng, 8),
                    summary=_text(rng, 25),
                    body="".join(f"<p>{_text(rng, 50)}</p>" for _ in range(4)),
                )
            )
    _bulk(NewsTranslation, versions)


# --- Raw SQL -----------------------------------------------------------------------


def _rows(sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _t(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _page(
    model: type[models.Model],
    where: str,
    params: Sequence[Any],
    order: str,
    size: int,
    join: str = "",
) -> tuple[int, list[int]]:
    """COUNT and the first page of ids, as the paginator would (raw side)."""
    table = _t(model)
    count = _rows(f"SELECT COUNT(*) FROM {table} {join} WHERE {where}", params)[0][0]
    rows = _rows(
        f"SELECT {table}.* FROM {table} {join} WHERE {where} ORDER BY {order} LIMIT {size}",
        params,
    )
    return count, [r[0] for r in rows]


def _app_page(qs: Any, size: int) -> tuple[int, list[int]]:
    """COUNT and the first page, as the views' Paginator evaluates them."""
    from django.core.paginator import Paginator

    page = Paginator(qs, size).get_page(1)
    return page.paginator.count, [obj.pk for obj in page.object_list]


# --- Figures -----------------------------------------------------------------------

Figure = tuple[str, Callable[[], Any], Callable[[], Any], Callable[[Any, Any], bool]]


def _equal(a: Any, b: Any) -> bool:
    return bool(a == b)


def _figures(users: dict[str, Any]) -> list[Figure]:
    from nama.core.fields import BlindIndexField
    from nama.core.models import Governorate, Term
    from nama.network.certificate_check import certificate_answer
    from nama.network.member_selectors import (
        MemberFilters,
        member_counts,
        member_filter,
        member_list_for_user,
    )
    from nama.network.models import (
        Attendance,
        Certificate,
        Comment,
        Course,
        Member,
        Participant,
        Post,
        PostReport,
        SessionDay,
        TrainingSession,
    )
    from nama.network.space_selectors import moderation_queue, post_feed_for_member
    from nama.network.training_figures import training_figures
    from nama.outreach.meeting_selectors import open_commitments_by_institution
    from nama.outreach.models import NewsItem, NewsTranslation
    from nama.outreach.models.meetings import Commitment, Institution, Meeting

    coordinator, trainer, editor = users["coordinator"], users["trainer"], users["editor"]
    member_user = users["member"]
    pg = connection.vendor == "postgresql"
    m = _t(Member)
    governorate = Governorate.objects.order_by("sort_order")[0]
    area = Term.objects.filter(
        pk__in=Member.areas_of_work.through.objects.values("term_id")
    ).order_by("code")[0]
    accepted = Member.objects.filter(status="accepted").order_by("pk")
    sample = accepted[min(123, accepted.count() - 1)]
    one_word = sample.name.split()[0]
    two_words = " ".join(sample.name.split()[:2])
    name_field = Member._meta.get_field("name_tokens")
    assert isinstance(name_field, BlindIndexField)
    order = f"{m}.created_at DESC, {m}.id DESC"

    def directory(filters: MemberFilters, user: Any = coordinator) -> Callable[[], Any]:
        def call() -> Any:
            qs = member_filter(member_list_for_user(user=user), filters)
            return _app_page(qs.order_by("-created_at", "-pk"), 50)

        return call

    def raw_members(where: str, params: Sequence[Any] = ()) -> Callable[[], Any]:
        join = f"JOIN {_t(Governorate)} g ON g.id = {m}.governorate_id"
        return lambda: _page(Member, where, params, order, 50, join)

    def raw_name(words: str) -> Callable[[], Any]:
        hashes = name_field.query_hashes(words)
        where = " AND ".join(f"{m}.name_tokens LIKE %s" for _ in hashes)
        return raw_members(where, [f"%{h}%" for h in hashes])

    if pg:
        speaks = f"{m}.languages @> %s::jsonb"
        speaks_param = '["ckb"]'
    else:
        speaks = f"EXISTS (SELECT 1 FROM json_each({m}.languages) WHERE value = %s)"
        speaks_param = "ckb"
    areas_table = _t(Member.areas_of_work.through)
    own = list(trainer.governorates.values_list("pk", flat=True))

    figures: list[Figure] = [
        (
            "directory, no filter (count + page of 50)",
            directory(MemberFilters()),
            raw_members("1 = 1"),
            _equal,
        ),
        (
            "directory, governorate + accepted",
            directory(MemberFilters(governorate=governorate, status="accepted")),
            raw_members(
                f"{m}.governorate_id = %s AND {m}.status = %s", [governorate.pk, "accepted"]
            ),
            _equal,
        ),
        (
            "directory, area of work",
            directory(MemberFilters(area=area)),
            raw_members(
                f"{m}.id IN (SELECT member_id FROM {areas_table} WHERE term_id = %s)", [area.pk]
            ),
            _equal,
        ),
        (
            "directory, language (ckb)",
            directory(MemberFilters(language="ckb")),
            raw_members(speaks, [speaks_param]),
            _equal,
        ),
        (
            "directory, skill contains",
            directory(MemberFilters(skill="advocacy")),
            raw_members(
                f"UPPER({m}.skills) LIKE UPPER(%s)" if not pg else f"{m}.skills ILIKE %s",
                ["%advocacy%"],
            ),
            _equal,
        ),
        (
            "directory, name search, one word (blind index)",
            directory(MemberFilters(name=one_word)),
            raw_name(one_word),
            _equal,
        ),
        (
            "directory, name search, two words (blind index)",
            directory(MemberFilters(name=two_words)),
            raw_name(two_words),
            _equal,
        ),
        (
            "directory of a trainer (2 governorates, accepted)",
            directory(MemberFilters(), user=trainer),
            raw_members(
                f"{m}.status = %s AND {m}.governorate_id IN ({', '.join(['%s'] * len(own))})",
                ["accepted", *own],
            ),
            _equal,
        ),
    ]

    # member_counts
    gov = _t(Governorate)

    def counts_app(by: str) -> Callable[[], Any]:
        def call() -> Any:
            table = member_counts(by=by)
            rows = {r["key"]: r["value"] for r in table["rows"] if r["value"]}
            return rows, table["total"]

        return call

    def counts_raw_governorate() -> Any:
        rows = _rows(
            f"SELECT g.slug, COUNT(*) FROM {m} JOIN {gov} g ON g.id = {m}.governorate_id "
            f"WHERE {m}.status = %s GROUP BY g.slug",
            ["accepted"],
        )
        total = _rows(f"SELECT COUNT(*) FROM {m} WHERE status = %s", ["accepted"])[0][0]
        return dict(rows), total

    def counts_raw_area() -> Any:
        rows = _rows(
            f"SELECT t.code, COUNT(*) FROM {areas_table} a JOIN {m} ON {m}.id = a.member_id "
            f"JOIN {_t(Term)} t ON t.id = a.term_id WHERE {m}.status = %s GROUP BY t.code",
            ["accepted"],
        )
        total = _rows(f"SELECT COUNT(*) FROM {m} WHERE status = %s", ["accepted"])[0][0]
        return dict(rows), total

    figures += [
        ("member counts by governorate", counts_app("governorate"), counts_raw_governorate, _equal),
        ("member counts by area of work", counts_app("area"), counts_raw_area, _equal),
    ]

    # Members' space
    p, c, r = _t(Post), _t(Comment), _t(PostReport)
    me = users["member_record"].pk

    def feed_app() -> Any:
        return _app_page(post_feed_for_member(user=member_user), 20)

    def feed_raw() -> Any:
        where = f"({p}.status = %s OR ({p}.status = %s AND {p}.author_id = %s))"
        params = ["approved", "pending", me]
        count = _rows(f"SELECT COUNT(*) FROM {p} WHERE {where}", params)[0][0]
        rows = _rows(
            f"SELECT {p}.*, au.*, (SELECT COUNT(*) FROM {c} WHERE {c}.post_id = {p}.id "
            f"AND {c}.status = 'visible') FROM {p} JOIN {m} au ON au.id = {p}.author_id "
            f"WHERE {where} ORDER BY {p}.created_at DESC, {p}.id DESC LIMIT 20",
            params,
        )
        return count, [row[0] for row in rows]

    def queue_app() -> Any:
        return [(item.post.pk, item.first_post) for item in moderation_queue(user=editor)]

    def queue_raw() -> Any:
        rows = _rows(
            f"SELECT {p}.id, {p}.author_id, (SELECT COUNT(*) FROM {r} WHERE {r}.post_id = {p}.id "
            f"AND {r}.status = 'open' AND {r}.comment_id IS NULL) FROM {p} "
            f"WHERE {p}.status = 'pending' OR EXISTS (SELECT 1 FROM {r} WHERE "
            f"{r}.post_id = {p}.id AND {r}.status = 'open' AND {r}.comment_id IS NULL) "
            f"ORDER BY {p}.created_at, {p}.id"
        )
        authors = sorted({row[1] for row in rows})
        published: set[int] = set()
        if authors:
            published = {
                row[0]
                for row in _rows(
                    f"SELECT DISTINCT author_id FROM {p} WHERE published_at IS NOT NULL "
                    f"AND author_id IN ({', '.join(['%s'] * len(authors))})",
                    authors,
                )
            }
        return [(row[0], row[1] not in published) for row in rows]

    figures += [
        ("members' feed (count + page of 20)", feed_app, feed_raw, _equal),
        ("moderation queue (all of it)", queue_app, queue_raw, _equal),
    ]

    # Trainings
    pt, s, sd, at, co = (
        _t(Participant),
        _t(TrainingSession),
        _t(SessionDay),
        _t(Attendance),
        _t(Course),
    )
    trainers_table = _t(TrainingSession.trainers.through)
    year = (
        "CAST(EXTRACT(YEAR FROM ends_on) AS INTEGER)"
        if pg
        else "CAST(strftime('%%Y', ends_on) AS INTEGER)"
    )
    person = "CASE WHEN p.member_id IS NULL THEN 'p' || p.id ELSE 'm' || p.member_id END"
    if pg:
        person = (
            "CASE WHEN p.member_id IS NULL THEN 'p' || p.id::text ELSE 'm' || p.member_id::text END"
        )
    done_cte = (
        f"WITH days AS (SELECT session_id, COUNT(*) AS n FROM {sd} GROUP BY session_id), "
        f"present AS (SELECT participant_id, COUNT(*) AS n FROM {at} WHERE present "
        "GROUP BY participant_id), "
        f"done AS (SELECT {person} AS person, p.governorate_id, "
        "COALESCE(NULLIF(p.sex, ''), 'unknown') AS sex, s.ends_on, s.course_id "
        f"FROM {pt} p JOIN {s} s ON s.id = p.session_id JOIN {co} c ON c.id = s.course_id "
        "JOIN days d ON d.session_id = s.id LEFT JOIN present pr ON pr.participant_id = p.id "
        "WHERE s.status = 'done' AND d.n > 0 "
        "AND COALESCE(pr.n, 0) * 100 >= c.min_attendance_percent * d.n) "
    )

    def figures_raw() -> Any:
        rows = _rows(
            done_cte + "SELECT 'total', 0, COUNT(DISTINCT person) FROM done "
            "UNION ALL SELECT 'governorate', governorate_id, COUNT(DISTINCT person) FROM done "
            "GROUP BY governorate_id "
            "UNION ALL SELECT 'course', course_id, COUNT(DISTINCT person) FROM done "
            "GROUP BY course_id "
            f"UNION ALL SELECT 'year', {year}, COUNT(DISTINCT person) FROM done "
            f"GROUP BY {year}"
        )
        sexes = _rows(done_cte + "SELECT sex, COUNT(DISTINCT person) FROM done GROUP BY sex")
        trainers = _rows(
            f"SELECT t.user_id, COUNT(*), COALESCE(SUM(pd.n), 0) FROM {trainers_table} t "
            f"JOIN {s} s ON s.id = t.trainingsession_id LEFT JOIN (SELECT d.session_id, "
            f"COUNT(*) AS n FROM {at} a JOIN {sd} d ON d.id = a.day_id WHERE a.present "
            "GROUP BY d.session_id) pd ON pd.session_id = s.id WHERE s.status = 'done' "
            "GROUP BY t.user_id"
        )
        held = _rows(f"SELECT COUNT(*) FROM {s} WHERE status = 'done'")[0][0]
        out: dict[str, Any] = {"governorate": {}, "course": {}, "year": {}}
        for kind, key, value in rows:
            if kind == "total":
                out["total"] = value
            else:
                out[kind][str(key)] = value
        out["sex"] = dict(sexes)
        out["trainers"] = {str(u): (n, int(d)) for u, n, d in trainers}
        out["held"] = held
        out["trainer_count"] = len(trainers)
        return out

    def figures_app() -> Any:
        f = training_figures()

        def table(t: dict) -> dict[str, int]:
            return {row["key"]: row["value"] for row in t["rows"]}

        return {
            "total": f["total"],
            "governorate": table(f["by_governorate"]),
            "course": table(f["by_course"]),
            "year": table(f["by_year"]),
            "sex": table(f["by_sex"]),
            "trainers": {
                row["key"]: (row["sessions"], row["participant_days"])
                for row in f["trainers"]["rows"]
            },
            "held": f["held_sessions"],
            "trainer_count": f["trainer_count"],
        }

    code = users["certificate_code"]

    def certificate_app() -> Any:
        answer = certificate_answer(code[:5] + "-" + code[5:10] + "-" + code[10:])
        return answer["found"], answer["issued_on"]

    def certificate_raw() -> Any:
        rows = _rows(
            "SELECT id, printed_name, printed_name_latin, course_title_ar, course_title_en, "
            f"course_title_ckb, issued_at, revoked_at FROM {_t(Certificate)} WHERE code = %s",
            [code],
        )
        return bool(rows), rows[0][6] if rows else None

    def certificate_same(app: Any, raw: Any) -> bool:
        return bool(app[0] and raw[0])

    figures += [
        ("training figures (every table)", figures_app, figures_raw, _equal),
        ("certificate check, one code", certificate_app, certificate_raw, certificate_same),
    ]

    # Outreach
    cm, mt, inst, g = _t(Commitment), _t(Meeting), _t(Institution), _t(Governorate)
    staff_table = _t(Meeting.staff_present.through)

    def commitments_app() -> Any:
        rows = open_commitments_by_institution(user=editor, today=TODAY)
        return [
            (
                row.pk,
                row.open_count,
                row.overdue_count,
                row.fulfilled_count,
                row.broken_count,
                row.withdrawn_count,
                [c.pk for c in row.open_commitments],
            )
            for row in rows
        ]

    def commitments_raw() -> Any:
        visible = (
            f"(m.confidentiality = 'internal' OR m.id IN (SELECT meeting_id FROM {staff_table} "
            "WHERE user_id = %s))"
        )
        is_open = "c.status IN ('open', 'in_progress')"
        rows = _rows(
            f"SELECT i.id, SUM(CASE WHEN {is_open} THEN 1 ELSE 0 END) AS o, "
            f"SUM(CASE WHEN {is_open} AND c.due_on < %s THEN 1 ELSE 0 END) AS od, "
            "SUM(CASE WHEN c.status = 'fulfilled' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN c.status = 'broken' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN c.status = 'withdrawn' THEN 1 ELSE 0 END), i.name_ar "
            f"FROM {inst} i JOIN {cm} c ON c.institution_id = i.id "
            f"JOIN {mt} m ON m.id = c.meeting_id LEFT JOIN {g} g ON g.id = i.governorate_id "
            f"WHERE {visible} GROUP BY i.id, i.name_ar ORDER BY o DESC, od DESC, i.name_ar",
            [TODAY, editor.pk],
        )
        open_rows = _rows(
            f"SELECT c.id, c.institution_id FROM {cm} c JOIN {mt} m ON m.id = c.meeting_id "
            f"WHERE {visible} AND {is_open} ORDER BY c.institution_id, c.due_on, c.id",
            [editor.pk],
        )
        by_institution: dict[int, list[int]] = {}
        for pk, institution in open_rows:
            by_institution.setdefault(institution, []).append(pk)
        return [(*row[:6], by_institution.get(row[0], [])) for row in rows]

    n, nt = _t(NewsItem), _t(NewsTranslation)

    def news_app() -> Any:
        from nama.outreach.news_selectors import news_published, pick_version

        count, items = _app_page_objects(news_published(), 10)
        return count, [(item.pk, getattr(pick_version(item, "ar"), "pk", None)) for item in items]

    def news_raw() -> Any:
        where = f"{n}.status = 'published' AND {n}.published_at IS NOT NULL"
        count = _rows(f"SELECT COUNT(*) FROM {n} WHERE {where}")[0][0]
        items = _rows(
            f"SELECT {n}.*, g.* FROM {n} LEFT JOIN {g} g ON g.id = {n}.governorate_id "
            f"WHERE {where} ORDER BY {n}.published_at DESC, {n}.id DESC LIMIT 10"
        )
        ids = [row[0] for row in items]
        versions = _rows(
            f"SELECT id, item_id, title, summary FROM {nt} "
            f"WHERE item_id IN ({', '.join(['%s'] * len(ids))}) "
            "AND language = 'ar' ORDER BY id",
            ids,
        )
        arabic = {row[1]: row[0] for row in versions}
        return count, [(pk, arabic[pk]) for pk in ids]

    figures += [
        ("open commitments by institution (editor)", commitments_app, commitments_raw, _equal),
        ("public news list, first page of 10", news_app, news_raw, _equal),
    ]
    return figures


def _app_page_objects(qs: Any, size: int) -> tuple[int, list[Any]]:
    from django.core.paginator import Paginator

    page = Paginator(qs, size).get_page(1)
    return page.paginator.count, list(page.object_list)


# --- Measuring ---------------------------------------------------------------------


class StatementCount:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.n += 1
        return execute(sql, params, many, context)


def _stats(values: Sequence[float]) -> tuple[float, float]:
    ms = [1000 * v for v in values]
    p95 = statistics.quantiles(ms, n=20)[-1] if len(ms) > 1 else ms[0]
    return statistics.fmean(ms), p95


def _measure(users: dict[str, Any], repeat: int) -> list[dict[str, Any]]:
    from django.utils import translation

    results = []
    translation.activate("ar")
    for name, app_call, raw_call, same in _figures(users):
        counter = StatementCount()
        with connection.execute_wrapper(counter):
            app_answer = app_call()
        raw_answer = raw_call()
        app_times, raw_times = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            app_call()
            app_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            raw_call()
            raw_times.append(time.perf_counter() - t0)
        app, raw = _stats(app_times), _stats(raw_times)
        equal = same(app_answer, raw_answer)
        results.append(
            {
                "name": name,
                "app": app,
                "raw": raw,
                "ratio": app[0] / raw[0] if raw[0] else float("nan"),
                "equal": equal,
                "statements": counter.n,
            }
        )
        print(
            f"  {name}: app {app[0]:.1f} ms, raw {raw[0]:.1f} ms, equal {equal}, "
            f"{counter.n} statements",
            file=sys.stderr,
        )
        if not equal:
            print(
                f"    app {str(app_answer)[:300]}\n    raw {str(raw_answer)[:300]}", file=sys.stderr
            )
    return results


def _size(tmpdir: str) -> str:
    if connection.vendor == "sqlite":
        total = sum(p.stat().st_size for p in Path(tmpdir).iterdir())
        return f"{total / 1e6:.0f} MB (SQLite file and WAL)"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return f"{cursor.fetchone()[0]} (PostgreSQL database)"


def _row_counts() -> dict[str, int]:
    from nama.network.models import (
        Attendance,
        Certificate,
        Comment,
        Member,
        Participant,
        Post,
        TrainingSession,
    )
    from nama.outreach.models import NewsItem
    from nama.outreach.models.meetings import Commitment, Meeting

    return {
        "members": Member.objects.count(),
        "areas": Member.areas_of_work.through.objects.count(),
        "posts": Post.objects.count(),
        "comments": Comment.objects.count(),
        "sessions": TrainingSession.objects.count(),
        "participants": Participant.objects.count(),
        "attendance": Attendance.objects.count(),
        "certificates": Certificate.objects.count(),
        "meetings": Meeting.objects.count(),
        "commitments": Commitment.objects.count(),
        "news": NewsItem.objects.count(),
    }


def run(counts: dict[str, int], seed: int, repeat: int) -> dict[str, Any]:
    from nama.core.reference_data import load_reference_data

    with tempfile.TemporaryDirectory(prefix="nama-bench-network-") as tmpdir:
        real_name, database = base._setup_database(tmpdir)
        try:
            load_reference_data()
            users = _users()
            generated = _generate(counts, seed, users)
            t0 = time.perf_counter()
            base._analyze()
            generated["analyze"] = time.perf_counter() - t0
            return {
                "database": database,
                "seed": seed,
                "repeat": repeat,
                "generated": generated,
                "rows": _row_counts(),
                "size": _size(tmpdir),
                "measured": _measure(users, repeat),
            }
        finally:
            base._teardown_database(real_name)


def _ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def report(result: dict[str, Any], command: str) -> str:
    g, n = result["generated"], result["rows"]
    lines = [
        f"### Network and outreach, {n['members']} members, {datetime.now(UTC):%Y-%m-%d}",
        "",
        f"- Command: `{command}`",
        f"- Machine: {base._machine()}, {result['database']}",
        f"- Data: {n['members']} members ({n['areas']} areas of work) in {g['members']:.0f} s; "
        f"{n['posts']} posts, {n['comments']} comments in {g['space']:.0f} s; "
        f"{n['sessions']} sessions, {n['participants']} participants, {n['attendance']} "
        f"attendance rows, {n['certificates']} certificates in {g['trainings']:.0f} s; "
        f"{n['meetings']} meetings, {n['commitments']} commitments in {g['meetings']:.0f} s; "
        f"{n['news']} news items in {g['news']:.0f} s; ANALYZE {g['analyze']:.0f} s; "
        f"{result['size']}",
        f"- Each figure: one warm-up, then {result['repeat']} timed runs of the app call "
        "(selector or service, pages evaluated as their Paginator does: count and first "
        "page, decrypted) and of the hand-written SQL for the same answer (same rows, "
        f"not decrypted); seed {result['seed']}",
        "",
        "| Figure | App mean | App p95 | Raw SQL mean | Raw p95 | App/raw | Equal "
        "| App statements |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for m in result["measured"]:
        times = " | ".join(_ms(v) for v in (*m["app"], *m["raw"]))
        lines.append(
            f"| {m['name']} | {times} | {m['ratio']:.2f} | {'yes' if m['equal'] else '**no**'} "
            f"| {m['statements']} |"
        )
    lines.append("")
    return "\n".join(lines)


DEFAULTS = {
    "members": 100_000,
    "posts": 20_000,
    "sessions": 2_000,
    "participants": 40_000,
    "meetings": 5_000,
    "commitments": 20_000,
    "news": 3_000,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for key, value in DEFAULTS.items():
        parser.add_argument(f"--{key}", type=int, default=value, help=f"{key} generated")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs of each figure")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--write", action="store_true", help="append to bench/results.md")
    args = parser.parse_args(argv)
    counts = {key: max(1, int(getattr(args, key) * args.scale)) for key in DEFAULTS}
    result = run(counts, args.seed, args.repeat)
    given = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--write"]
    prefix = f"DATABASE_URL={os.environ['DATABASE_URL']} " if "DATABASE_URL" in os.environ else ""
    command = f"{prefix}.venv/bin/python bench/bench_network.py {' '.join(given)}".strip()
    text = report(result, command)
    print(text)
    if args.write:
        with RESULTS.open("a", encoding="utf-8") as results:
            results.write("\n" + text)
        print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
