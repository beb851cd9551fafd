"""The draft of a communication to the UN Special Procedures, from one documented act.

It follows the structure of the Special Procedures' questionnaire for
individual communications: 1. the alleged victim(s), 2. the alleged
perpetrator(s), 3. date and place, 4. description of the incident(s), 5. steps
taken to seek domestic remedies, 6. consent and the submitting organisation.
Staff complete and check it before anything is sent; nothing is stored.

It contains identities, so only users who may see the victim's identity get
it (the director, monitors in scope: ``act_get_for_un_draft``), and only when
the latest recorded decision of the victim (or of the group, for a group
victim) on sharing with UN bodies is yes (``un_sharing_consent``). The views
audit every reading with its stated reason.

``un_draft_build`` makes the sections in one language (Arabic or English);
the page shows them and ``un_draft_docx`` writes them as a Word document,
right to left for Arabic.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nama.core.dates import DatePrecision, date_with_precision
from nama.monitoring.models import Act, Consent, ConsentKind, Event, Intervention, Person
from nama.monitoring.selectors import (
    can_see_identities_of,
    event_get_for_user,
    person_get_for_user,
    person_list_for_user,
)
from nama.monitoring.services import consent_current

__all__ = [
    "LANGUAGES",
    "Block",
    "Item",
    "Section",
    "UnDraft",
    "act_get_for_un_draft",
    "un_draft_build",
    "un_draft_docx",
    "un_sharing_consent",
]

LANGUAGES = ("ar", "en")
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Item:
    label: str
    value: str


@dataclass
class Block:
    """A group of facts (one perpetrator, one intervention), with an optional heading."""

    heading: str = ""
    items: list[Item] = field(default_factory=list)


@dataclass
class Section:
    number: int
    title: str
    blocks: list[Block] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    empty: str = ""


@dataclass
class UnDraft:
    language: str
    direction: str
    title: str
    reference: str
    prepared_on: str
    notice: str
    sections: list[Section]


# ---------------------------------------------------------------------------
# Who may have it


def act_get_for_un_draft(*, user: Any, act_id: Any) -> tuple[Act, Event, Person]:
    """The act, its event and its victim, for a user who may see the victim's identity;
    404 for everyone else (analysts included), as for an act that does not exist."""
    try:
        act = Act.objects.select_related(
            "act_type", "method", "location_type", "victim_status"
        ).get(pk=int(act_id))
    except (Act.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    event = event_get_for_user(user=user, pk=act.event_id)
    victim = person_get_for_user(user=user, pk=act.victim_id)
    if not can_see_identities_of(user, victim):
        raise Http404
    return act, event, victim


def un_sharing_consent(person: Person) -> Consent | None:
    """The recorded decision that allows sharing with UN bodies, or None when the
    latest decision is no or there is none (``consent_current``)."""
    if not consent_current(person=person).get(ConsentKind.UN_SHARING, False):
        return None
    return (
        Consent.objects.filter(person=person, kind=ConsentKind.UN_SHARING, given=True)
        .select_related("recorded_by")
        .order_by("-recorded_on", "-id")
        .first()
    )


# ---------------------------------------------------------------------------
# The sections


def _day(value: date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _items(*pairs: tuple[str, Any]) -> list[Item]:
    """Facts with a value; empty ones are left out (the draft is completed by hand)."""
    return [Item(label, str(value)) for label, value in pairs if value not in (None, "")]


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def _user_name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def _victim_section(act: Act, victim: Person) -> Section:
    characteristics = ", ".join(term.name for term in victim.characteristics.all())
    if victim.is_group:
        size = (
            ngettext("%(count)s person", "%(count)s people", victim.group_size)
            % {"count": victim.group_size}
            if victim.group_size
            else _("unknown")
        )
        block = Block(
            items=_items(
                (_("Name of the group"), victim.name),
                (_("Name in Latin letters"), victim.name_latin),
                (_("Number of people in the group"), size),
                (_("Characteristics (e.g. human rights defenders, journalists)"), characteristics),
                (_("Governorate"), victim.governorate.name),
            )
        )
    else:
        block = Block(
            items=_items(
                (_("Name"), victim.name),
                (_("Name in Latin letters"), victim.name_latin),
                (_("Sex"), victim.sex.name if victim.sex else ""),
                (_("Age at the time"), act.victim_age),
                (_("Year of birth"), victim.birth_year),
                (_("Occupation"), victim.occupation),
                (_("Characteristics (e.g. human rights defender, journalist)"), characteristics),
                (_("Governorate"), victim.governorate.name),
            )
        )
    return Section(1, _("Alleged victim(s)"), blocks=[block])


def _perpetrator_section(user: Any, act: Act) -> Section:
    involvements = list(
        act.involvements.select_related("perpetrator", "perpetrator_type").order_by("id")
    )
    readable = set(
        person_list_for_user(user=user, include_merged=True)
        .filter(pk__in=[i.perpetrator_id for i in involvements if i.perpetrator_id])
        .values_list("pk", flat=True)
    )
    blocks = []
    for number, involvement in enumerate(involvements, start=1):
        person = involvement.perpetrator
        name = ""
        if person is not None:
            if person.pk in readable and can_see_identities_of(user, person) and person.name:
                name = person.name
            else:
                name = _("a documented person (identity not shown)")
        blocks.append(
            Block(
                heading=_("Perpetrator %(number)s") % {"number": number},
                items=_items(
                    (
                        _("Type of perpetrator"),
                        involvement.perpetrator_type.name if involvement.perpetrator_type else "",
                    ),
                    (_("Name"), name),
                    (_("Degree of involvement"), involvement.get_degree_display()),
                ),
            )
        )
    return Section(
        2,
        _("Alleged perpetrator(s)"),
        blocks=blocks,
        empty=_("No perpetrator is documented for this act."),
    )


def _date_and_place_section(act: Act, event: Event) -> Section:
    if act.date is not None:
        when = date_with_precision(act.date, act.date_precision)
        precision = DatePrecision(act.date_precision).label
        until = ""
    else:
        when = date_with_precision(event.start_date, event.start_precision)
        precision = DatePrecision(event.start_precision).label
        until = date_with_precision(event.end_date, event.end_precision) if event.end_date else ""
    block = Block(
        items=_items(
            (_("Date"), when),
            (_("Precision of the date"), precision),
            (_("Until"), until),
            (_("Governorate"), event.governorate.name),
            (_("District"), event.district.name if event.district else ""),
            (_("Place"), event.place),
            (_("Type of location"), act.location_type.name if act.location_type else ""),
        )
    )
    return Section(3, _("Date and place of the incident"), blocks=[block])


def _description_section(act: Act, event: Event) -> Section:
    block = Block(
        items=_items(
            (_("Type of violation"), act.act_type.name),
            (_("Method"), act.method.name if act.method else ""),
            (_("Status of the victim"), act.victim_status.name if act.victim_status else ""),
        )
    )
    return Section(
        4,
        _("Description of the incident(s)"),
        blocks=[block],
        paragraphs=_paragraphs(event.description or ""),
    )


def _remedies_section(user: Any, event: Event, victim: Person) -> Section:
    interventions = (
        Intervention.objects.filter(Q(victim=victim) | Q(event=event, victim__isnull=True))
        .select_related("intervention_type")
        .order_by("date", "id")
    )
    blocks = [
        Block(
            heading=intervention.intervention_type.name,
            items=_items(
                (_("Date"), _day(intervention.date)),
                (_("Status"), intervention.get_status_display()),
                (_("Response received"), intervention.response),
            ),
        )
        for intervention in interventions
    ]
    if event.intake_request_id is not None:
        from nama.legal.selectors import case_list_for_user

        cases = case_list_for_user(user=user).filter(intake_requests=event.intake_request_id)
        for case in cases:
            blocks.append(
                Block(
                    heading=_("Legal case"),
                    items=_items(
                        (_("Subject"), case.subject),
                        (_("Court"), case.court),
                        (_("Opened on"), _day(case.opened_on)),
                        (_("Status"), case.get_status_display()),
                        (_("Outcome"), case.get_outcome_display() if case.outcome else ""),
                    ),
                )
            )
    return Section(
        5,
        _("Steps taken to seek domestic remedies"),
        blocks=blocks,
        empty=_(
            "No intervention or legal case is recorded. Say here which complaints were made "
            "to the authorities, or why none could be made."
        ),
    )


def _consent_section(consent: Consent) -> Section:
    block = Block(
        items=_items(
            (_("Consent to sharing with UN bodies"), _("given")),
            (_("Recorded on"), _day(consent.recorded_on)),
            (_("Recorded by"), _user_name(consent.recorded_by)),
            (_("Submitted by"), str(settings.NAMA_CENTRE_NAME)),
        )
    )
    return Section(6, _("Consent and submitting organisation"), blocks=[block])


def un_draft_build(
    *, user: Any, act: Act, event: Event, victim: Person, consent: Consent, language: str
) -> UnDraft:
    """The six sections, written in ``language`` ("ar" or "en")."""
    language = language if language in LANGUAGES else LANGUAGES[0]
    with translation.override(language):
        sections = [
            _victim_section(act, victim),
            _perpetrator_section(user, act),
            _date_and_place_section(act, event),
            _description_section(act, event),
            _remedies_section(user, event, victim),
            _consent_section(consent),
        ]
        return UnDraft(
            language=language,
            direction="rtl" if translation.get_language_bidi() else "ltr",
            title=_("Draft communication to the UN Special Procedures"),
            reference=_("Event %(event)s, act %(act)s") % {"event": event.reference, "act": act.pk},
            prepared_on=_day(timezone.localdate()),
            notice=_(
                "A draft made from the centre's records: check every fact, complete what is "
                "missing and remove what the person did not agree to share before sending."
            ),
            sections=sections,
        )


# ---------------------------------------------------------------------------
# The Word document


def _right_to_left(paragraph: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.insert(0, OxmlElement("w:bidi"))
    for run in paragraph.runs:
        r_pr = run._r.get_or_add_rPr()
        r_pr.append(OxmlElement("w:rtl"))
        fonts = r_pr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            r_pr.insert(0, fonts)
        fonts.set(qn("w:cs"), "Noto Naskh Arabic")


def un_draft_docx(draft: UnDraft) -> bytes:
    """The draft as a DOCX file: headings, label-value lines, the description's paragraphs."""
    from docx import Document

    document = Document()
    rtl = draft.direction == "rtl"
    written: list[Any] = []

    def add(text: str, *, style: str | None = None, bold_label: str = "") -> None:
        paragraph = document.add_paragraph(style=style)
        if bold_label:
            paragraph.add_run(f"{bold_label}: ").bold = True
        paragraph.add_run(text)
        written.append(paragraph)

    def heading(text: str, level: int) -> None:
        written.append(document.add_heading(text, level=level))

    heading(draft.title, 0)
    add(draft.reference)
    add(draft.prepared_on)
    add(draft.notice, style="Intense Quote")
    for section in draft.sections:
        heading(f"{section.number}. {section.title}", 1)
        for block in section.blocks:
            if block.heading:
                heading(block.heading, 2)
            for item in block.items:
                add(item.value, bold_label=item.label)
        for text in section.paragraphs:
            add(text)
        if not section.blocks and not section.paragraphs and section.empty:
            add(section.empty)
    if rtl:
        for paragraph in written:
            _right_to_left(paragraph)
    document.core_properties.title = draft.title
    document.core_properties.language = draft.language
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
