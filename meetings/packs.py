"""Agenda packs: one PDF per meeting for the public and one for those entitled to the exempt
papers, plus a supplementary pack for each batch of items added after publication.

What goes in them (LGA 1972 s100B)
    The public pack (s100B(1)-(2)) has the front sheet and every report and appendix open to
    inspection; each exempt or confidential document is replaced by a one-page "Not for
    publication" sheet naming the paragraphs of Schedule 12A (Part 1 in England, Part 4 in Wales)
    or the confidential information that justify it (s100B(5)). The content of a public pack is
    read through ``Report.all_objects.public()`` and ``Appendix.all_objects.public()`` only. The
    full pack has everything, marked "Not for publication", for the members of the committee and
    officers (``meetings.permissions.can_see_restricted``). Items added after publication
    (``AgendaItem.added_late``) go into supplementary pack 1, 2, … with the chair's reasons of
    urgency (s100B(4)(b)); an item stays in the supplement it first appeared in.

How a pack is built
    1. ``plan_pack`` lists the parts in order: for each item its report (HTML, then an uploaded
       PDF if any), then each appendix; or a "Not for publication" sheet in the public pack.
       Every part has a key: the SHA-256 of what it is made from (its HTML, or the uploaded
       file's bytes, and ``democracy.pdf.PART_FORMAT``).
    2. Parts not in the cache (``RenderedPart``) are rendered, all packs' together, in a process
       pool (``democracy.pdf.prepare_many``); an unchanged part is never rendered again.
    3. Knowing every part's page count, the front sheet is rendered with the page on which each
       item's papers start (first with placeholder numbers to learn its own length; both are
       cached, so a rebuild that moves no page renders at most one front sheet per pack).
    4. ``democracy.pdf.merge`` joins the parts: one tagged PDF with an outline (a bookmark per
       item, its appendices as children) and "Page X of Y" on every page.
    5. A pack whose recipe (its parts' keys, outline and title) matches the current pack is left
       alone. Otherwise the new files are written first, then one transaction supersedes the old
       rows and inserts the new: a build that fails anywhere leaves every previous pack current.

Keeping the public pack safe after a change
    ``meetings.services.packs.request_build`` withdraws at once any public pack that prints a
    document which is now exempt or confidential (``withdraw_unsafe_public_packs``), and the
    download view checks the same before serving, so an exempt document is never served while
    the rebuild runs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from democracy import audit, pdf
from democracy.council import council
from democracy.richtext import sanitise
from democracy.services import create_audited
from democracy.validity import in_force_on
from meetings import search
from meetings.minutes_document import minutes_document, minutes_heading
from meetings.models import (
    AgendaItem,
    AgendaPack,
    Appendix,
    CommitteeMembership,
    Meeting,
    Minutes,
    MinutesEntry,
    PackBuild,
    PublicSubmission,
    RenderedPart,
    Report,
)
from meetings.models.agenda import restriction_notice
from meetings.models.packs import private_storage
from meetings.report_html import body_for_pdf
from meetings.rules import privacy
from meetings.rules.numbering import numbered

logger = logging.getLogger(__name__)

PUBLIC, FULL = AgendaPack.Kind.PUBLIC, AgendaPack.Kind.FULL
PLACEHOLDER_PAGE = 9999  # as wide as any real page number, so the front sheet's length is true
MAX_ATTEMPTS = 10


class PackBuildError(Exception):
    """A pack could not be built; the message names the document at fault."""


# --- Plans: what a pack contains -----------------------------------------------------------------


@dataclass(frozen=True)
class PartSpec:
    """One part of a pack: HTML to render, or an uploaded PDF to prepare for merging."""

    key: str
    title: str
    html: str = ""
    upload: object = None  # a FieldFile
    upload_bytes: bytes | None = None

    @property
    def is_pdf(self) -> bool:
        return self.upload_bytes is not None


@dataclass
class Section:
    """An agenda item's line on the front sheet, its bookmark and its parts."""

    number: str
    item: AgendaItem
    parts: list[PartSpec] = field(default_factory=list)
    children: list[tuple[str, int]] = field(default_factory=list)  # (bookmark, first part)
    notice: str = ""
    status: str = ""
    restricted_documents: bool = False  # it prints an exempt or confidential appendix


@dataclass
class PackPlan:
    meeting: Meeting
    kind: str
    supplement: int
    title: str
    footer_label: str
    sections: list[Section]
    document_keys: list[str]
    context: dict

    @property
    def url_kind(self) -> str:
        return AgendaPack(kind=self.kind, supplement=self.supplement).url_kind

    @property
    def item_ids(self) -> list[int]:
        return [s.item.pk for s in self.sections]


def _digest(*values: str | bytes) -> str:
    hasher = hashlib.sha256()
    for value in (pdf.PART_FORMAT, *values):
        hasher.update(value.encode() if isinstance(value, str) else value)
        hasher.update(b"\0")
    return hasher.hexdigest()


def _html_part(template: str, context: dict, title: str) -> PartSpec:
    html = render_to_string(f"meetings/pdf/{template}", {**context, "document_title": title})
    return PartSpec(key=_digest("html", title, html), title=title, html=html)


def _upload_part(file, title: str, read: dict[str, bytes]) -> PartSpec:
    """An uploaded PDF as a part, keyed by its bytes (``read`` keeps each file read once)."""
    if file.name not in read:
        with file.open("rb") as handle:
            read[file.name] = handle.read()
    data = read[file.name]
    return PartSpec(key=_digest("pdf", data), title=title, upload=file, upload_bytes=data)


def date_text(moment: datetime) -> str:
    """Thursday 10 December 2026."""
    return f"{timezone.localtime(moment):%A %-d %B %Y}"


def time_text(moment: datetime) -> str:
    """GOV.UK style: 7pm, 6:30pm, 10am, midday."""
    local = timezone.localtime(moment)
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def meeting_label(meeting: Meeting) -> str:
    """Planning Committee, 10 December 2026."""
    return f"{meeting.committee.name}, {timezone.localtime(meeting.starts_at):%-d %B %Y}"


def _notice(*sources) -> str:
    """The s100B(5) words for documents withheld because of ``sources`` (the document, its
    report, its item, the item's parent): the paragraphs of Schedule 12A, or confidentiality."""
    sources = [s for s in sources if s is not None and s.is_restricted]
    if not sources:  # withheld by ``public()`` for a reason of its own: say no more than that
        return "Not for publication: this document contains exempt or confidential information."
    paragraphs = sorted({p for s in sources for p in s.exempt_paragraphs})
    confidential = any(s.confidential for s in sources)
    return restriction_notice(paragraphs, confidential=confidential, nation=settings.COUNCIL_NATION)


@dataclass
class Agenda:
    """Everything the packs of one meeting are made from, read once per build."""

    meeting: Meeting
    numbered: list[tuple[str, AgendaItem]]
    items: dict[int, AgendaItem]
    reports: dict[int, Report]
    appendices: dict[int, list[Appendix]]
    public_reports: set[int]
    public_appendices: set[int]
    members: list[str]
    restrictions: dict[int, privacy.Restriction]  # item id -> why it is taken in private, if it is
    uploads: dict[str, bytes] = field(default_factory=dict)
    # The committee's previous meeting and its minutes once published (the papers of the
    # "Minutes of the previous meeting" item); late: published after this agenda was, so they go
    # in a supplementary pack rather than change the published one.
    previous: Meeting | None = None
    previous_minutes: Minutes | None = None

    @property
    def minutes_late(self) -> bool:
        published = self.meeting.agenda_published_at
        minutes = self.previous_minutes
        return minutes is not None and published is not None and minutes.published_at > published

    def markings(self, item: AgendaItem) -> list:
        """The markings that make ``item`` private (``meetings.rules.privacy``)."""
        parent = self.items.get(item.parent_id) if item.parent_id else None
        return privacy.restricting_markings(
            item,
            report=self.reports.get(item.pk),
            parent=parent,
            parent_report=self.reports.get(parent.pk) if parent is not None else None,
        )


def load_agenda(meeting: Meeting) -> Agenda:
    meeting = Meeting.all_objects.select_related("committee", "room__venue").get(pk=meeting.pk)
    items = list(meeting.items.order_by("position", "pk"))
    reports = Report.all_objects.filter(item__meeting=meeting).select_related("author")
    appendices = defaultdict(list)
    for appendix in Appendix.all_objects.filter(report__item__meeting=meeting).order_by(
        "report", "position"
    ):
        appendices[appendix.report_id].append(appendix)
    public_reports = set(
        Report.all_objects.public().filter(item__meeting=meeting).values_list("pk", flat=True)
    )
    public_appendices = set(
        Appendix.all_objects.public()
        .filter(report__item__meeting=meeting)
        .values_list("pk", flat=True)
    )
    reports = {r.item_id: r for r in reports}
    previous = (
        Meeting.all_objects.filter(
            committee=meeting.committee_id,
            starts_at__lt=meeting.starts_at,
            status=Meeting.Status.HELD,
        )
        .select_related("committee")
        .order_by("-starts_at")
        .first()
    )
    previous_minutes = None
    if previous is not None:
        previous_minutes = (
            Minutes.all_objects.filter(meeting=previous, published_at__isnull=False)
            .select_related("meeting__committee", "approved_at_meeting__committee")
            .first()
        )
    return Agenda(
        previous=previous,
        previous_minutes=previous_minutes,
        meeting=meeting,
        numbered=numbered(items),
        items={i.pk: i for i in items},
        reports=reports,
        appendices=appendices,
        public_reports=public_reports,
        public_appendices=public_appendices,
        members=_members(meeting),
        restrictions=privacy.agenda_privacy(items, reports),
    )


def _members(meeting: Meeting) -> list[str]:
    """The committee's membership on the day: chair, vice-chair, members, co-optees, then
    substitutes."""
    order = {
        CommitteeMembership.Role.CHAIR: 0,
        CommitteeMembership.Role.VICE_CHAIR: 1,
        CommitteeMembership.Role.MEMBER: 2,
        CommitteeMembership.Role.COOPTED_VOTING: 3,
        CommitteeMembership.Role.COOPTED_NON_VOTING: 4,
        CommitteeMembership.Role.SUBSTITUTE: 5,
    }
    seats = CommitteeMembership.objects.filter(
        in_force_on(meeting.date), committee_id=meeting.committee_id
    ).select_related("councillor")
    rows = []
    for seat in seats:
        if seat.councillor_id:
            name = seat.councillor.formal_name
            surname = seat.councillor.last_name
        else:
            name, surname = seat.coopted_name, seat.coopted_name.split()[-1]
        if seat.role != CommitteeMembership.Role.MEMBER:
            name = f"{name} ({seat.get_role_display()})"
        rows.append((order.get(seat.role, 9), surname, name))
    return [name for *_, name in sorted(rows)]


def _minutes_section(
    agenda: Agenda, section: Section, kind: str, supplement: int
) -> tuple[Section, list]:
    """The "Minutes of the previous meeting" item: the previous meeting's minutes once published
    (the public version in the public pack), or why they are not there. Minutes published after
    this agenda go in a supplementary pack, and the published pack says so."""
    previous, minutes = agenda.previous, agenda.previous_minutes
    if previous is None:
        return section, []
    held_on = f"{timezone.localtime(previous.starts_at):%-d %B %Y}"
    if minutes is None or (agenda.minutes_late and not supplement):
        # The same words either way, so late minutes leave the published pack as it was.
        section.status = f"The minutes of the meeting held on {held_on} will follow."
        return section, []
    public = kind == PUBLIC
    heading = minutes_heading(minutes)
    context = {
        **heading,
        "number": section.number,
        "minutes_list": minutes_document(minutes, public=public),
        "public": public,
    }
    restricted = MinutesEntry.all_objects.filter(minutes=minutes).withheld().exists()
    section.restricted_documents |= not public and restricted
    title = f"Agenda item {section.number}: minutes of the meeting held on {held_on}"
    if not public and restricted:
        title += " (not for publication)"
    section.parts.append(_html_part("previous_minutes.html", context, title))
    return section, [f"minutes:{minutes.pk}"]


def _section(
    agenda: Agenda, number: str, item: AgendaItem, kind: str, supplement: int = 0
) -> tuple[Section, list]:
    """The section of ``item`` in a pack of ``kind`` and the keys of the documents it prints."""
    public = kind == PUBLIC
    section = Section(number=number, item=item)
    if item.kind == AgendaItem.Kind.MINUTES:
        return _minutes_section(agenda, section, kind, supplement)
    report = agenda.reports.get(item.pk)
    private = agenda.restrictions[item.pk].is_restricted
    if private:
        section.notice = _notice(*agenda.markings(item))
    if report is None:
        return section, []
    if report.status == Report.Status.WITHDRAWN:
        section.status = "The report has been withdrawn."
        return section, []
    if report.status != Report.Status.READY:
        section.status = "Report to follow."
        return section, []
    label = meeting_label(agenda.meeting)
    if public and (private or report.pk not in agenda.public_reports):
        section.parts.append(
            _html_part(
                "not_for_publication.html",
                {"number": number, "item_title": item.title, "notice": section.notice},
                f"Agenda item {number}: not for publication",
            )
        )
        return section, []
    keys = [f"report:{report.pk}"]
    title = f"Agenda item {number}: {report.title}"
    author = report.author.get_full_name() if report.author_id else ""
    if report.body_html.strip():
        context = {
            "number": number,
            "report": report,
            "notice": section.notice if private else "",
            "meeting_label": label,
            "author": author,
            "key_decision": item.is_key_decision,
            "body": mark_safe(body_for_pdf(report)),  # noqa: S308 - sanitised just now
        }
        section.parts.append(_html_part("report.html", context, title))
    if report.pdf:
        section.parts.append(_upload_part(report.pdf, title, agenda.uploads))
    for appendix in agenda.appendices.get(report.pk, []):
        first = len(section.parts)
        restricted = appendix.pk not in agenda.public_appendices
        if public and restricted:
            section.parts.append(
                _html_part(
                    "not_for_publication.html",
                    {
                        "number": number,
                        "item_title": item.title,
                        "label": appendix.label,
                        "notice": _notice(appendix, *agenda.markings(item)),
                    },
                    f"Agenda item {number}, {appendix.label}: not for publication",
                )
            )
            section.children.append((f"{appendix.label} (not for publication)", first))
            continue
        section.restricted_documents |= restricted
        title = f"Agenda item {number}, {appendix.label}: {appendix.title}"
        if appendix.body_html.strip():
            context = {
                "number": number,
                "appendix": appendix,
                "notice": _notice(appendix) if appendix.is_restricted else "",
                "body": mark_safe(sanitise(appendix.body_html)),  # noqa: S308 - sanitised
            }
            section.parts.append(_html_part("appendix.html", context, title))
        if appendix.pdf:
            section.parts.append(_upload_part(appendix.pdf, title, agenda.uploads))
        if len(section.parts) > first:
            section.children.append((f"{appendix.label}: {appendix.title}", first))
        keys.append(f"appendix:{appendix.pk}")
    return section, keys


def plan_pack(agenda: Agenda, *, kind: str, supplement: int = 0, item_ids=None) -> PackPlan:
    """The plan of one pack: the main pack covers the items on the agenda when it was published;
    supplement ``n`` covers ``item_ids`` (items added late)."""
    meeting = agenda.meeting
    if supplement:
        chosen = [(n, i) for n, i in agenda.numbered if i.pk in set(item_ids or ())]
    else:
        chosen = [(n, i) for n, i in agenda.numbered if not i.added_late]
    sections, keys = [], []
    for number, item in chosen:
        section, printed = _section(agenda, number, item, kind, supplement)
        sections.append(section)
        keys.extend(printed)
    label = meeting_label(meeting)
    name = f"supplementary agenda {supplement}" if supplement else "agenda pack"
    # A full pack is marked only when it does print something the public may not read.
    exempt = kind == FULL and any(
        section.notice or section.restricted_documents for section in sections
    )
    title = f"{label}: {name}" + (", not for publication" if exempt else "")
    footer = label + (": not for publication" if exempt else "")
    venue = []
    if meeting.room_id:
        venue = [meeting.room.name, meeting.room.venue.name, meeting.room.venue.address]
    if meeting.location_note:
        venue.append(meeting.location_note)
    contact = council().contact_email
    context = {
        "council_name": council().name,
        "committee_name": meeting.committee.name,
        "meeting": meeting,
        "supplement": supplement,
        "full": exempt,
        "date_text": date_text(meeting.starts_at),
        "time_text": time_text(meeting.starts_at),
        "place": [v.strip().replace("\n", ", ") for v in venue if v.strip()],
        "contact": f"Democratic Services, {contact}" if contact else "",
        "members": agenda.members,
        "late_reasons": meeting.late_publication_reasons,
        # Accepted public questions and deputations (the asker's name only if they agreed).
        "public_submissions": PublicSubmission.all_objects.listed_for(meeting.pk),
    }
    return PackPlan(
        meeting=meeting,
        kind=kind,
        supplement=supplement,
        title=title,
        footer_label=footer,
        sections=sections,
        document_keys=keys,
        context=context,
    )


def _front_sheet(plan: PackPlan, pages: dict[int, int]) -> PartSpec:
    rows = []
    for section in plan.sections:
        item = section.item
        rows.append(
            {
                "item_id": item.pk,
                "number": section.number,
                "title": item.title,
                # A private item's title is public; what it is about beyond that may not be.
                "description": "" if plan.kind == PUBLIC and section.notice else item.description,
                "key_decision": item.is_key_decision,
                "notice": section.notice,
                "status": section.status,
                "urgency": item.urgency_reasons if item.added_late else "",
                "page": pages.get(item.pk),
                "sub": item.parent_id is not None,
            }
        )
    title = plan.title
    return _html_part("front_sheet.html", {**plan.context, "rows": rows}, title)


def _start_pages(plan: PackPlan, parts: dict[str, pdf.Part], front_pages: int) -> dict[int, int]:
    """The 1-based page on which each item's papers start."""
    pages, page = {}, front_pages + 1
    for section in plan.sections:
        if section.parts:
            pages[section.item.pk] = page
        page += sum(parts[spec.key].page_count for spec in section.parts)
    return pages


def _bookmarks(plan: PackPlan, parts: dict[str, pdf.Part], front: pdf.Part) -> list[pdf.Bookmark]:
    marks = [pdf.Bookmark("Front sheet and list of business", 0)]
    page = front.page_count
    for section in plan.sections:
        starts = []
        for spec in section.parts:
            starts.append(page)
            page += parts[spec.key].page_count
        anchor = front.layout.anchors.get(f"item-{section.item.pk}", 0)
        target = starts[0] if starts else anchor
        children = [pdf.Bookmark(title, starts[index]) for title, index in section.children]
        marks.append(pdf.Bookmark(f"{section.number}. {section.item.title}", target, children))
    return marks


def _recipe(plan: PackPlan, front: PartSpec, marks: list[pdf.Bookmark]) -> str:
    def flat(mark: pdf.Bookmark):
        return [mark.title, mark.page, [flat(c) for c in mark.children]]

    recipe = {
        "title": plan.title,
        "footer": plan.footer_label,
        "parts": [front.key] + [s.key for section in plan.sections for s in section.parts],
        "outline": [flat(m) for m in marks],
    }
    return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()


# --- The part cache ------------------------------------------------------------------------------


def _load_cached(keys: set[str]) -> dict[str, pdf.Part]:
    found = {}
    for row in RenderedPart.all_objects.filter(content_hash__in=keys):
        try:
            with row.file.open("rb") as handle:
                data = handle.read()
        except FileNotFoundError:  # the file went missing: render the part again
            continue
        found[row.content_hash] = pdf.Part(data, pdf.Layout.from_json(row.layout))
    return found


def _render(specs: list[PartSpec]) -> dict[str, pdf.Part]:
    """Render (or prepare) ``specs`` in parallel and store them in the cache."""
    if not specs:
        return {}
    jobs = [
        pdf.PdfJob(spec.upload_bytes, label=spec.title)
        if spec.is_pdf
        else pdf.HtmlJob(spec.html, title=spec.title)
        for spec in specs
    ]
    try:
        prepared = pdf.prepare_many(jobs)
    except pdf.PdfPartError as exc:
        raise PackBuildError(str(exc)) from exc
    rows = []
    for spec, part in zip(specs, prepared, strict=True):
        name = f"packs/parts/{spec.key}.pdf"
        if not private_storage.exists(name):
            name = private_storage.save(name, ContentFile(part.data))
        rows.append(
            RenderedPart(
                content_hash=spec.key,
                source=RenderedPart.Source.PDF if spec.is_pdf else RenderedPart.Source.HTML,
                file=name,
                page_count=part.page_count,
                layout=part.layout.to_json(),
            )
        )
    RenderedPart.all_objects.filter(content_hash__in=[r.content_hash for r in rows]).delete()
    RenderedPart.all_objects.bulk_create(rows, ignore_conflicts=True)
    return {spec.key: part for spec, part in zip(specs, prepared, strict=True)}


def prune_rendered_parts(*, unused_for: timedelta) -> int:
    """Forget cached parts that no build has used for ``unused_for`` (their rows and files).

    Only the cache is pruned: a pack is its own file, so a published pack never loses a page.
    Each row is deleted with a condition on ``last_used_at``, so a part a build has just used
    survives; a build that loaded a part before it was pruned already holds its bytes, and a
    later build renders it again."""
    cutoff = timezone.now() - unused_for
    pruned = 0
    for pk, name in RenderedPart.all_objects.filter(last_used_at__lt=cutoff).values_list(
        "pk", "file"
    ):
        deleted, _ = RenderedPart.all_objects.filter(pk=pk, last_used_at__lt=cutoff).delete()
        if deleted:
            private_storage.delete(name)
            pruned += 1
    return pruned


class PartCache:
    """Parts by key for one build: read from the cache or rendered, counting what was rendered."""

    def __init__(self) -> None:
        self.parts: dict[str, pdf.Part] = {}
        self.rendered = 0

    def ensure(self, specs: list[PartSpec]) -> None:
        wanted = {s.key: s for s in specs if s.key not in self.parts}
        if not wanted:
            return
        self.parts.update(_load_cached(set(wanted)))
        missing = [spec for key, spec in wanted.items() if key not in self.parts]
        self.parts.update(_render(missing))
        self.rendered += len(missing)

    def __getitem__(self, key: str) -> pdf.Part:
        return self.parts[key]


# --- Building -------------------------------------------------------------------------------------


@dataclass
class BuildResult:
    rendered: int = 0  # parts rendered in this build (cache misses), front sheets included
    published: list[AgendaPack] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # url kinds left as they were


def _supplements(meeting: Meeting, agenda: Agenda) -> dict[int, list[int]]:
    """Supplement number -> item ids: those already published keep their items; late items in
    none of them make the next one."""
    assigned: dict[int, list[int]] = {}
    for supplement, item_ids in (
        AgendaPack.all_objects.current()
        .filter(meeting=meeting, supplement__gt=0, kind=FULL)
        .values_list("supplement", "item_ids")
    ):
        assigned[supplement] = item_ids
    existing = {i.pk for _, i in agenda.numbered}
    assigned = {n: [i for i in ids if i in existing] for n, ids in assigned.items()}
    covered = {i for ids in assigned.values() for i in ids}
    late = [
        i.pk
        for _, i in agenda.numbered
        if i.pk not in covered
        and (i.added_late or (i.kind == AgendaItem.Kind.MINUTES and agenda.minutes_late))
    ]
    if late:
        assigned[max(assigned, default=0) + 1] = late
    return {n: ids for n, ids in assigned.items() if ids}


def plan_packs(meeting: Meeting) -> list[PackPlan]:
    """Plans of every pack the meeting should have now."""
    agenda = load_agenda(meeting)
    plans = [plan_pack(agenda, kind=kind) for kind in (PUBLIC, FULL)]
    for supplement, item_ids in sorted(_supplements(meeting, agenda).items()):
        plans += [
            plan_pack(agenda, kind=kind, supplement=supplement, item_ids=item_ids)
            for kind in (PUBLIC, FULL)
        ]
    return plans


def _assemble_all(plans: list[PackPlan], cache: PartCache):
    """Render what is missing and merge each pack: (plan, recipe, pdf bytes or None, pages)."""
    cache.ensure([spec for plan in plans for s in plan.sections for spec in s.parts])
    placeholders = {}
    for plan in plans:
        pages = {s.item.pk: PLACEHOLDER_PAGE for s in plan.sections if s.parts}
        placeholders[plan.url_kind] = _front_sheet(plan, pages)
    cache.ensure(list(placeholders.values()))
    guesses = {plan.url_kind: cache[placeholders[plan.url_kind].key].page_count for plan in plans}
    fronts: dict[str, PartSpec] = {}
    for _ in range(3):  # a front sheet whose own length changed is laid out again
        for plan in plans:
            pages = _start_pages(plan, cache.parts, guesses[plan.url_kind])
            fronts[plan.url_kind] = _front_sheet(plan, pages)
        cache.ensure(list(fronts.values()))
        moved = {
            kind: cache[spec.key].page_count
            for kind, spec in fronts.items()
            if cache[spec.key].page_count != guesses[kind]
        }
        if not moved:
            break
        guesses.update(moved)
    current = {
        (p.kind, p.supplement): p
        for p in AgendaPack.all_objects.current().filter(meeting=plans[0].meeting)
    }
    for plan in plans:
        front_spec = fronts[plan.url_kind]
        front = cache[front_spec.key]
        marks = _bookmarks(plan, cache.parts, front)
        recipe = _recipe(plan, front_spec, marks)
        existing = current.get((plan.kind, plan.supplement))
        if existing is not None and existing.content_hash == recipe:
            yield plan, recipe, None, existing.page_count
            continue
        sequence = [front] + [cache[s.key] for section in plan.sections for s in section.parts]
        data = pdf.merge(
            sequence, title=plan.title, bookmarks=marks, footer_label=plan.footer_label
        )
        yield plan, recipe, data, sum(p.page_count for p in sequence)


def build_meeting_packs(meeting: Meeting) -> BuildResult:
    """Build every pack of a published meeting and make the new ones current together.

    Nothing is replaced unless every pack was built: the files are written first, then one
    transaction (holding the meeting's row) supersedes the old rows and inserts the new ones.
    A builder that finds the same recipe already current (another build won the race) changes
    nothing."""
    result = BuildResult()
    meeting = Meeting.all_objects.get(pk=meeting.pk)
    if not meeting.is_published:
        return result
    plans = plan_packs(meeting)
    cache = PartCache()
    built = []
    try:
        for plan, recipe, data, pages in _assemble_all(plans, cache):
            if data is None:
                result.unchanged.append(plan.url_kind)
                continue
            name = f"packs/{meeting.pk}/{plan.url_kind}-{recipe[:16]}.pdf"
            name = private_storage.save(name, ContentFile(data))
            built.append((plan, recipe, name, pages))
    except Exception:
        for *_, name, _ in built:
            private_storage.delete(name)
        raise
    result.rendered = cache.rendered
    used = set(cache.parts)
    try:
        result.published = _publish(meeting, built, result)
    except Exception:
        for _, _, name, _ in built:
            private_storage.delete(name)
        raise
    RenderedPart.all_objects.filter(content_hash__in=used).update(last_used_at=timezone.now())
    return result


@transaction.atomic
def _publish(meeting: Meeting, built, result: BuildResult) -> list[AgendaPack]:
    Meeting.all_objects.select_for_update().get(pk=meeting.pk)
    published = []
    now = timezone.now()
    for plan, recipe, name, pages in built:
        current = (
            AgendaPack.all_objects.current()
            .select_for_update()
            .filter(meeting=meeting, kind=plan.kind, supplement=plan.supplement)
            .first()
        )
        if current is not None and current.content_hash == recipe:
            transaction.on_commit(lambda name=name: private_storage.delete(name))
            result.unchanged.append(plan.url_kind)
            continue
        if current is not None:
            AgendaPack.all_objects.filter(pk=current.pk).update(superseded_at=now)
            audit.record("meetings.agenda_pack.supersede", current, by=None)
        pack = AgendaPack(
            meeting=meeting,
            kind=plan.kind,
            supplement=plan.supplement,
            file=name,
            page_count=pages,
            content_hash=recipe,
            item_ids=plan.item_ids,
            document_keys=plan.document_keys,
            built_at=now,
        )
        create_audited(
            pack,
            "meetings.agenda_pack.publish",
            by=None,
            fields=["kind", "supplement", "page_count", "content_hash"],
        )
        published.append(pack)
    return published


# --- Keeping public packs safe --------------------------------------------------------------------


def restricted_document_keys(meeting: Meeting) -> set[str]:
    """Keys of the meeting's reports and appendices that the public may not read now."""
    keys = set()
    for prefix, documents in (
        ("report", Report.all_objects.filter(item__meeting=meeting)),
        ("appendix", Appendix.all_objects.filter(report__item__meeting=meeting)),
    ):
        public = set(documents.public().values_list("pk", flat=True))
        keys |= {f"{prefix}:{pk}" for pk in documents.values_list("pk", flat=True)} - {
            f"{prefix}:{pk}" for pk in public
        }
    return keys


def is_still_public(pack: AgendaPack) -> bool:
    """A public pack may be served only while none of the documents it prints has become exempt
    or confidential since it was built."""
    return not set(pack.document_keys) & restricted_document_keys(pack.meeting)


@transaction.atomic
def withdraw_unsafe_public_packs(meeting: Meeting) -> int:
    """Supersede at once every current public pack that prints a document now restricted."""
    restricted = restricted_document_keys(meeting)
    withdrawn = 0
    for pack in AgendaPack.all_objects.current().filter(meeting=meeting, kind=PUBLIC):
        if set(pack.document_keys) & restricted:
            AgendaPack.all_objects.filter(pk=pack.pk).update(superseded_at=timezone.now())
            audit.record(
                "meetings.agenda_pack.withdraw",
                pack,
                by=None,
                note="A document in it is now exempt or confidential.",
            )
            withdrawn += 1
    return withdrawn


# --- Building what was asked for (``meetings.services.packs.request_build`` asks) ---------------


def _lease() -> timedelta:
    return timedelta(seconds=getattr(settings, "PACK_BUILD_LEASE_SECONDS", 900))


def claim(build_id: int) -> tuple[uuid.UUID, int] | None:
    """Claim a pending build with one conditional UPDATE; None if done or someone holds it."""
    token, now = uuid.uuid4(), timezone.now()
    claimed = (
        PackBuild.all_objects.filter(pk=build_id, done_at=None, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(claimed_until=None) | Q(claimed_until__lt=now))
        .update(claim_token=token, claimed_until=now + _lease(), attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    return token, PackBuild.all_objects.values_list("generation", flat=True).get(pk=build_id)


def run_build(build_id: int) -> str:
    """Claim the build, build the packs, and mark it done if no newer request came meanwhile
    (else build again). Returns what happened; raises ``PackBuildError`` for a document that
    cannot be merged (recorded on the row, not retried by the task)."""
    for _ in range(5):
        claimed = claim(build_id)
        if claimed is None:
            return "skipped"
        token, generation = claimed
        build = PackBuild.all_objects.select_related("meeting").get(pk=build_id)
        try:
            build_meeting_packs(build.meeting)
            search.index_agenda(build.meeting)
        except Exception as exc:
            PackBuild.all_objects.filter(pk=build_id, claim_token=token).update(
                claimed_until=None, last_error=str(exc)[:2000]
            )
            raise
        finished = PackBuild.all_objects.filter(
            pk=build_id, claim_token=token, generation=generation, done_at=None
        ).update(done_at=timezone.now(), claimed_until=None, last_error="")
        if finished:
            return "built"
        # A newer request arrived while we built: release and build again.
        PackBuild.all_objects.filter(pk=build_id, claim_token=token).update(
            claimed_until=None, attempts=0
        )
    return "requeued"


def build_pending_packs(*, older_than: timedelta = timedelta(minutes=1)) -> int:
    """Beat: build every pending request nobody holds (a lost message, a dead worker, a
    failure to retry). Returns how many were built."""
    now = timezone.now()
    due = PackBuild.all_objects.filter(
        Q(claimed_until=None) | Q(claimed_until__lt=now),
        done_at=None,
        attempts__lt=MAX_ATTEMPTS,
        requested_at__lte=now - older_than,
    ).values_list("pk", flat=True)
    built = 0
    for build_id in list(due):
        try:
            built += run_build(build_id) == "built"
        except Exception:
            logger.exception("Pack build %s failed", build_id)
    return built


# --- Reading packs ---------------------------------------------------------------------------------

KIND_PATTERN = re.compile(
    r"^(?:(?P<main>public|full)|supplement-(?P<n>[1-9]\d{0,3})(?P<full>-full)?)$"
)


def parse_kind(value: str) -> tuple[str, int] | None:
    """public → (public, 0); full → (full, 0); supplement-2 → (public, 2);
    supplement-2-full → (full, 2); anything else → None."""
    match = KIND_PATTERN.match(value)
    if match is None:
        return None
    if match["main"]:
        return match["main"], 0
    return (FULL if match["full"] else PUBLIC), int(match["n"])


def filename(pack: AgendaPack) -> str:
    """planning-committee-10-december-2026-agenda-pack.pdf, …-agenda-pack-full.pdf,
    …-supplementary-agenda-1.pdf."""
    stem = slugify(meeting_label(pack.meeting))
    name = f"supplementary-agenda-{pack.supplement}" if pack.supplement else "agenda-pack"
    suffix = "-full" if pack.kind == FULL else ""
    return f"{stem}-{name}{suffix}.pdf"


def available_packs(meeting: Meeting, user) -> list[AgendaPack]:
    """The current packs of ``meeting`` this user may download, for pages to link to (URL:
    ``reverse("meetings:pack", args=[meeting.pk, pack.url_kind])``)."""
    packs = AgendaPack.all_objects.visible_to(user).filter(meeting=meeting)
    packs = list(packs.order_by("supplement", "kind"))
    restricted = restricted_document_keys(meeting) if packs else set()
    return [p for p in packs if p.kind == FULL or not set(p.document_keys) & restricted]


# --- Pure renderers (no writes: previews, tests) ----------------------------------------------------


def render_report_pdf(report: Report) -> bytes:
    """The report as its own tagged PDF (its HTML text; an uploaded PDF is not included)."""
    agenda = load_agenda(report.item.meeting)
    number = next(n for n, i in agenda.numbered if i.pk == report.item_id)
    section, _ = _section(agenda, number, report.item, FULL)
    html = next((s for s in section.parts if not s.is_pdf), None)
    if html is None:
        raise PackBuildError("The report has no text to render.")
    return pdf.render_pdf_once(html.html, title=html.title)


def render_not_for_publication_pdf(item: AgendaItem) -> bytes:
    """The sheet printed in the public pack in place of the item's restricted report."""
    agenda = load_agenda(item.meeting)
    number = next(n for n, i in agenda.numbered if i.pk == item.pk)
    html = render_to_string(
        "meetings/pdf/not_for_publication.html",
        {
            "number": number,
            "item_title": item.title,
            "notice": _notice(*agenda.markings(item)),
            "document_title": f"Agenda item {number}: not for publication",
        },
    )
    return pdf.render_pdf(html, title=f"Agenda item {number}: not for publication")


def render_pack_pdf(meeting: Meeting, *, kind: str = PUBLIC, supplement: int = 0) -> bytes:
    """The pack rendered from scratch, without the cache and without writing anything."""
    plans = {(p.kind, p.supplement): p for p in plan_packs(meeting)}
    plan = plans.get((kind, supplement))
    if plan is None:
        raise PackBuildError("The meeting has no such pack.")
    specs = {s.key: s for section in plan.sections for s in section.parts}
    parts = dict(zip(specs, pdf.prepare_many([_job(s) for s in specs.values()]), strict=True))
    placeholder = _front_sheet(plan, {s.item.pk: PLACEHOLDER_PAGE for s in plan.sections})
    front_pages = pdf.prepare_html(placeholder.html, title=placeholder.title).page_count
    front_spec = _front_sheet(plan, _start_pages(plan, parts, front_pages))
    front = pdf.prepare_html(front_spec.html, title=front_spec.title)
    sequence = [front] + [parts[s.key] for section in plan.sections for s in section.parts]
    return pdf.merge(
        sequence,
        title=plan.title,
        bookmarks=_bookmarks(plan, parts, front),
        footer_label=plan.footer_label,
    )


def _job(spec: PartSpec):
    if spec.is_pdf:
        return pdf.PdfJob(spec.upload_bytes, label=spec.title)
    return pdf.HtmlJob(spec.html, title=spec.title)
