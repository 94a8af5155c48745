"""The public read side of meetings: what anyone may read, in one place. The public pages, feeds
and document library of this app and the composition root (``website``: home page, councillor
pages, site search, the open data API, the Modern.Gov-compatible service, sitemaps) reach
meetings only through this module, its URLconf and its models (as types and constants).

What is public
    * Committees and who sits on them (LGA 1972 s100G(1)(b): the council keeps a list of the
      membership of every committee), and every meeting from the moment it is scheduled, its
      time and place (s100A(6)(a)) but not the members' joining link: ``committees()``,
      ``committee_seats()``, ``meetings()``.
    * Published agendas (s100B(1)): ``agenda_items()``. An item taken in private
      (``meetings.rules.privacy``: it or its report is exempt or confidential, or it is a
      sub-item of an item that is) shows its number, title and the "Not for publication" notice
      naming the grounds (s100B(5)); never its description, papers or minute.
    * Reports and appendices published with the agenda, cleared, restricted nowhere (neither
      marked themselves nor under a private item): ``reports()``, ``appendices()``; the public
      agenda packs still safe to serve: ``agenda_packs()``, ``pack_documents()``.
    * Published minutes (s100C) with restricted minutes replaced by their notice:
      ``minutes()``, ``minutes_entries()``; decisions in the published register with the
      details of a restricted one blanked: ``decisions()``, ``public_decisions()``; the forward
      plan as published (SI 2012/2089 reg 9): ``forward_plan_entries()``; attendance statistics
      of meetings held (Sch 12 para 40): ``attendance_by_committee_for()``; the officers present
      at a meeting held, by name and role, as the minutes list them (``meeting_papers``).
    * Accepted public questions and deputations, with the asker's name only where they agreed,
      and the deadlines for sending them: ``participation()``.
    * Site search over the public index (``meetings.search``): ``search()``, ``snippet()``.

Everything here starts from a ``public()`` QuerySet. Of a withheld document only its marking
(the Schedule 12A paragraphs, or the confidential flag) is read, to print the notice in its
place; its title and content are never loaded.

URLs (permanent: the id is what counts, the slug only reads well and a wrong one redirects):
``/committees/<committee slug>/``, ``/meetings/<meeting id>/<committee slug>-<yyyy-mm-dd>/``,
``/decisions/<decision id>/``. Documents have ids ``<pk><kind digit>`` (``attachment_id``): 1 a
report, 2 an appendix, 3 the public agenda pack (main or supplement), 4 the public minutes; the
Modern.Gov service uses them as its attachment ids.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from types import SimpleNamespace

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from democracy import pdf
from democracy.richtext import sanitise
from meetings import packs
from meetings import search as search_index
from meetings.models import (
    AgendaItem,
    AgendaPack,
    Appendix,
    Attendance,
    Committee,
    CommitteeMembership,
    Decision,
    ForwardPlanEntry,
    ListedSubmission,
    Meeting,
    Minutes,
    MinutesEntry,
    OfficerPresent,
    PublicSubmission,
    Report,
    SearchEntry,
)
from meetings.models.agenda import marked, restriction_notice
from meetings.models.minutes import minutes_notice
from meetings.rules import privacy
from meetings.rules.attendance_stats import municipal_year, municipal_year_of
from meetings.rules.numbering import numbered
from meetings.search import ResultPage, SearchFilters, snippet
from meetings.services import participation as participation_services
from meetings.services.attendance_stats import attendance_by_committee_for

__all__ = [
    "APPENDIX",
    "MINUTES",
    "PACK",
    "REPORT",
    "Document",
    "Papers",
    "ResultPage",
    "Row",
    "SearchFilters",
    "absolute",
    "agenda_items",
    "agenda_packs",
    "appendices",
    "attachment_id",
    "attendance_by_committee_for",
    "committee_seats",
    "committees",
    "decisions",
    "file_size",
    "forward_plan_entries",
    "human_size",
    "meeting_papers",
    "meeting_slug",
    "meeting_url",
    "meetings",
    "meetings_with_public_agenda",
    "minutes",
    "minutes_entries",
    "municipal_year",
    "municipal_year_of",
    "pack_documents",
    "parse_attachment_id",
    "public_decisions",
    "public_meeting",
    "render_public_document_pdf",
    "reports",
    "search",
    "search_page",
    "snippet",
    "where",
]


# --- What is public: the QuerySets -------------------------------------------------------------


def committees() -> QuerySet[Committee]:
    """Every committee, current and dissolved (``.active()`` for those in being)."""
    return Committee.objects.all()


def committee_seats() -> QuerySet[CommitteeMembership]:
    """Every seat on every committee, past, present and future."""
    return CommitteeMembership.objects.all()


def meetings() -> QuerySet[Meeting]:
    """Every meeting, from the moment it is scheduled (cancelled and postponed ones included)."""
    return Meeting.all_objects.public()


def meetings_with_public_agenda() -> QuerySet[Meeting]:
    """Meetings whose agenda and public papers are open to inspection."""
    return Meeting.all_objects.with_public_agenda()


def agenda_items() -> QuerySet[AgendaItem]:
    """Items of published agendas, annotated ``is_private``, a private one's description blank."""
    return AgendaItem.all_objects.public()


def reports() -> QuerySet[Report]:
    return Report.all_objects.public()


def appendices() -> QuerySet[Appendix]:
    return Appendix.all_objects.public()


def agenda_packs() -> QuerySet[AgendaPack]:
    """Current public packs of published agendas. Before serving one, check it prints nothing
    restricted since it was built (``pack_documents`` does; ``packs.is_still_public``)."""
    return AgendaPack.all_objects.public()


def minutes() -> QuerySet[Minutes]:
    """Minutes published, as a draft or approved."""
    return Minutes.all_objects.public()


def minutes_entries() -> QuerySet[MinutesEntry]:
    """The minutes anyone may read in full (published, not restricted)."""
    return MinutesEntry.all_objects.public()


def decisions() -> QuerySet[Decision]:
    """The published decisions register, a restricted decision's details blanked."""
    return Decision.all_objects.public()


def forward_plan_entries() -> QuerySet[ForwardPlanEntry]:
    """Forward plan entries whose notice has been published, not withdrawn."""
    return ForwardPlanEntry.all_objects.public()


def search(filters: SearchFilters) -> QuerySet[SearchEntry]:
    """Public search results (``meetings.search.search``: rows rechecked against the sources'
    ``public()`` QuerySets at query time), best first, with ``rank`` and ``headline``."""
    return search_index.search(filters)


def search_page(filters: SearchFilters, *, number: int, size: int) -> ResultPage:
    """One page of public search results (``meetings.search.search_page``: the public check
    once, headlines for the page alone)."""
    return search_index.search_page(filters, number=number, size=size)


REPORT, APPENDIX, PACK, MINUTES = 1, 2, 3, 4
# Never expected (the SQL and the pure rule agree): withheld, citing confidentiality.
WITHHELD_WITHOUT_GROUNDS = {"exempt_paragraphs": [], "confidential": True}


def attachment_id(kind: int, pk: int) -> int:
    return pk * 10 + kind


def parse_attachment_id(value: int) -> tuple[int, int]:
    """(kind, pk) of an attachment id."""
    return value % 10, value // 10


def meeting_slug(meeting: Meeting) -> str:
    return meeting.public_slug


def meeting_url(meeting: Meeting) -> str:
    return meeting.get_absolute_url()


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def where(meeting: Meeting) -> str:
    if meeting.room_id:
        return str(meeting.room)
    return meeting.location_note


def file_size(file) -> int | None:
    """The stored file's size in bytes, or None when the file is missing."""
    try:
        return file.size
    except (FileNotFoundError, OSError):
        return None


def human_size(size: int | None) -> str:
    """12 KB, 1.4 MB (GOV.UK attachments)."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@dataclass
class Document:
    """A public document of a meeting: a report, an appendix, a pack or the minutes."""

    kind: int
    pk: int
    title: str
    url: str
    file_type: str  # "PDF" or "HTML"
    size: int | None = None
    item_number: str = ""
    published: object = None  # a date or datetime

    @property
    def attachment_id(self) -> int:
        return attachment_id(self.kind, self.pk)

    @property
    def size_text(self) -> str:
        return human_size(self.size)


@dataclass
class Row:
    number: str
    item: AgendaItem
    notice: str = ""  # the s100B(5) words for a private item
    report: Report | None = None
    documents: list[Document] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)  # notices for withheld appendices
    minute: MinutesEntry | None = None
    minute_notice: str = ""
    decisions: list[Decision] = field(default_factory=list)

    @property
    def sub_item(self) -> bool:
        return self.item.parent_id is not None


@dataclass
class Papers:
    meeting: Meeting
    rows: list[Row] = field(default_factory=list)
    packs: list[Document] = field(default_factory=list)
    minutes: Minutes | None = None
    minutes_documents: list[Document] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    # The officers present, by name and role only (as the minutes name them), once it was held.
    officers: list[OfficerPresent] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    @property
    def documents(self) -> list[Document]:
        docs = list(self.packs)
        for row in self.rows:
            docs.extend(row.documents)
        return docs + self.minutes_documents


def _notice(marking: dict) -> str:
    return restriction_notice(
        marking["exempt_paragraphs"],
        confidential=marking["confidential"],
        nation=settings.COUNCIL_NATION,
    )


def public_decisions() -> QuerySet[Decision]:
    """The decisions register as anyone may read it, with what its pages show of each maker."""
    return decisions().select_related(
        "decision_maker_committee", "decision_maker_councillor", "meeting__committee"
    )


def public_meeting(pk: int) -> Meeting | None:
    return meetings().select_related("committee", "room__venue").filter(pk=pk).first()


@dataclass(frozen=True)
class Participation:
    """What the public is told about asking questions and speaking at a meeting: whether it
    still takes them, the deadlines (the constitution's working days before the meeting), the
    time each speaker has, and the accepted questions and deputations (the asker's name only if
    they agreed; never an email, never a declined or pending one)."""

    takes_submissions: bool
    question_deadline: date
    deputation_deadline: date
    speaking_minutes: int
    accepted: list[ListedSubmission]

    today: date

    @property
    def questions_open(self) -> bool:
        return self.takes_submissions and self.today <= self.question_deadline

    @property
    def deputations_open(self) -> bool:
        return self.takes_submissions and self.today <= self.deputation_deadline

    @property
    def questions(self) -> list[ListedSubmission]:
        return [s for s in self.accepted if s.is_question]

    @property
    def deputations(self) -> list[ListedSubmission]:
        return [s for s in self.accepted if not s.is_question]


def participation(meeting: Meeting) -> Participation:
    return Participation(
        takes_submissions=participation_services.takes_submissions(meeting),
        question_deadline=participation_services.deadline_for(
            meeting, PublicSubmission.Kind.QUESTION
        ),
        deputation_deadline=participation_services.deadline_for(
            meeting, PublicSubmission.Kind.DEPUTATION
        ),
        speaking_minutes=participation_services.period("public_speaking_minutes"),
        accepted=public_submissions(meeting),
        today=timezone.localdate(),
    )


def public_submissions(meeting: Meeting) -> list[ListedSubmission]:
    """The meeting's accepted questions and deputations as the public may read them (one
    query; ``PublicSubmissionQuerySet.listed_for``)."""
    return PublicSubmission.all_objects.listed_for(meeting.pk)


def pack_documents(meeting: Meeting) -> list[Document]:
    """The current public packs still safe to serve (``packs.is_still_public``)."""
    current = list(
        AgendaPack.all_objects.public().filter(meeting=meeting).order_by("supplement", "kind")
    )
    if not current:
        return []
    restricted = packs.restricted_document_keys(meeting)
    documents = []
    for pack in current:
        if set(pack.document_keys) & restricted:
            continue
        pack.meeting = meeting
        name = f"Supplementary agenda {pack.supplement}" if pack.supplement else "Agenda pack"
        documents.append(
            Document(
                kind=PACK,
                pk=pack.pk,
                title=f"{name} (public)",
                url=reverse("meetings:public-pack", args=[meeting.pk, pack.url_kind]),
                file_type="PDF",
                size=file_size(pack.file),
                published=pack.built_at,
            )
        )
    return documents


def meeting_papers(meeting: Meeting, *, with_record: bool = True) -> Papers:
    """The meeting's public agenda, documents, minutes, decisions and attendance, in a fixed
    number of queries whatever the number of items."""
    papers = Papers(meeting=meeting)
    if meeting.is_published:
        _agenda(papers)
    if with_record:
        _record(papers)
    return papers


def _agenda(papers: Papers) -> None:
    meeting = papers.meeting
    items = list(AgendaItem.all_objects.public().filter(meeting=meeting).order_by("position"))
    reports = {r.item_id: r for r in Report.all_objects.public().filter(item__meeting=meeting)}
    # The marking (only) of each restricted report, for the grounds a private item's notice
    # cites (``meetings.rules.privacy``).
    markings = {
        m["item_id"]: SimpleNamespace(**m)
        for m in Report.all_objects.filter(item__meeting=meeting)
        .filter(marked())
        .values("item_id", "exempt_paragraphs", "confidential")
    }
    appendices: dict[int, list[Appendix]] = {}
    public_appendix_ids = []
    for appendix in (
        Appendix.all_objects.public().filter(report__item__meeting=meeting).order_by("position")
    ):
        appendices.setdefault(appendix.report_id, []).append(appendix)
        public_appendix_ids.append(appendix.pk)
    withheld_appendices: dict[int, list[dict]] = {}
    for marking in (
        Appendix.all_objects.filter(report__in=[r.pk for r in reports.values()])
        .exclude(pk__in=public_appendix_ids)
        .order_by("position")
        .values("report_id", "position", "exempt_paragraphs", "confidential")
    ):
        withheld_appendices.setdefault(marking["report_id"], []).append(marking)
    papers.packs = pack_documents(meeting)
    by_pk = {item.pk: item for item in items}
    for number, item in numbered(items):
        row = Row(number=number, item=item)
        if item.is_private:
            parent = by_pk.get(item.parent_id)
            grounds = privacy.item_restriction(
                item,
                report=markings.get(item.pk),
                parent=parent,
                parent_report=markings.get(item.parent_id) if parent is not None else None,
            )
            row.notice = _notice(
                asdict(grounds) if grounds.is_restricted else WITHHELD_WITHOUT_GROUNDS
            )
        report = reports.get(item.pk)
        if report is not None and not item.is_private:
            row.report = report
            row.documents.append(
                Document(
                    kind=REPORT,
                    pk=report.pk,
                    title=report.title,
                    url=reverse("meetings:public-report", args=[report.pk]),
                    file_type="HTML" if not report.pdf else "PDF",
                    size=file_size(report.pdf) if report.pdf else None,
                    item_number=number,
                    published=report.ready_at or meeting.agenda_published_at,
                )
            )
            if report.pdf:
                row.documents[-1].url = reverse("meetings:public-report-pdf", args=[report.pk])
            for appendix in appendices.get(report.pk, []):
                row.documents.append(
                    Document(
                        kind=APPENDIX,
                        pk=appendix.pk,
                        title=f"{appendix.label}: {appendix.title}",
                        url=(
                            reverse("meetings:public-appendix-pdf", args=[appendix.pk])
                            if appendix.pdf
                            else reverse("meetings:public-report", args=[report.pk])
                            + f"#appendix-{appendix.position}"
                        ),
                        file_type="PDF" if appendix.pdf else "HTML",
                        size=file_size(appendix.pdf) if appendix.pdf else None,
                        item_number=number,
                        published=report.ready_at or meeting.agenda_published_at,
                    )
                )
            row.withheld = [
                f"Appendix {m['position']}: {_notice(m)}"
                for m in withheld_appendices.get(report.pk, [])
            ]
        papers.rows.append(row)


def _record(papers: Papers) -> None:
    """Minutes (once published), decisions and attendance."""
    meeting = papers.meeting
    papers.minutes = Minutes.all_objects.public().filter(meeting=meeting).first()
    by_item = {row.item.pk: row for row in papers.rows}
    if papers.minutes is not None:
        for entry in MinutesEntry.all_objects.public().filter(minutes=papers.minutes):
            row = by_item.get(entry.item_id)
            # The minute of an item taken in private is never printed, even if left unmarked.
            if row is not None and not row.item.is_private:
                row.minute = entry
        for marking in MinutesEntry.all_objects.filter(minutes=papers.minutes).withheld():
            row = next((r for r in papers.rows if r.number == marking["number"]), None)
            if row is not None:
                row.minute_notice = _minutes_notice(marking)
        papers.minutes_documents = [
            Document(
                kind=MINUTES,
                pk=meeting.pk,
                title="Minutes"
                if papers.minutes.status == Minutes.Status.APPROVED
                else "Draft minutes",
                url=reverse("meetings:public-minutes-pdf", args=[meeting.pk]),
                file_type="PDF",
                published=papers.minutes.published_at,
            )
        ]
    papers.decisions = list(
        Decision.all_objects.public()
        .filter(meeting=meeting)
        .select_related("decision_maker_committee", "decision_maker_councillor")
    )
    for decision in papers.decisions:
        if decision.agenda_item_id in by_item:
            by_item[decision.agenda_item_id].decisions.append(decision)
    if meeting.status == Meeting.Status.HELD or papers.minutes is not None:
        papers.attendance = list(
            Attendance.objects.filter(meeting=meeting)
            .select_related("councillor", "substitute_for")
            .order_by("-presiding", "councillor__last_name", "coopted_name")
        )
        papers.officers = list(
            OfficerPresent.objects.filter(meeting=meeting).only("name", "role", "meeting_id")
        )


def _minutes_notice(marking: dict) -> str:
    return minutes_notice(
        marking["exempt_paragraphs"],
        confidential=marking["confidential"],
        nation=settings.COUNCIL_NATION,
    )


def render_public_document_pdf(kind: int, pk: int) -> bytes | None:
    """A public report or appendix written here (HTML), rendered as a tagged PDF on its own;
    None unless it is public and has text."""
    if kind == REPORT:
        report = Report.all_objects.public().select_related("item__meeting").filter(pk=pk).first()
        if report is None or not report.body_html.strip():
            return None
        return packs.render_report_pdf(report)
    if kind == APPENDIX:
        appendix = (
            Appendix.all_objects.public()
            .select_related("report__item__meeting")
            .filter(pk=pk)
            .first()
        )
        if appendix is None or not appendix.body_html.strip():
            return None
        item = appendix.report.item
        items = list(AgendaItem.all_objects.public().filter(meeting=item.meeting_id))
        number = next((n for n, i in numbered(items) if i.pk == item.pk), "")
        title = f"Agenda item {number}, {appendix.label}: {appendix.title}"
        html = render_to_string(
            "meetings/pdf/appendix.html",
            {
                "number": number,
                "appendix": appendix,
                "notice": "",
                "body": mark_safe(sanitise(appendix.body_html)),  # noqa: S308 - sanitised
                "document_title": title,
            },
        )
        return pdf.render_pdf_once(html, title=title)
    return None
