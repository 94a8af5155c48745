"""The public search index over agendas, reports (with the text of uploaded PDFs), minutes and
decisions: building it from what is public, and searching it with PostgreSQL full-text search.

Only public text is ever indexed: sources are read through their ``public()`` QuerySets, an
item taken in private (``meetings.rules.privacy``) contributes its heading alone, and
``SearchEntry.public()`` checks every row against the sources again at search time. The index is refreshed when a meeting's
packs are built (after publication and after every change to a published agenda), when minutes
are published, approved or corrected, when a decision is published or changed, and nightly.
"""

from __future__ import annotations

import html
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import transaction
from django.db.models import Count, F, QuerySet, Window
from django.utils.safestring import SafeString, mark_safe

from democracy.richtext import words_of
from meetings.models import (
    AgendaItem,
    Appendix,
    Decision,
    Meeting,
    Minutes,
    MinutesEntry,
    Report,
    SearchEntry,
)

logger = logging.getLogger(__name__)

CONFIG = "english"
# PostgreSQL refuses a tsvector over 1 MB; no report needs more than this much text to be found.
MAX_BODY_CHARS = 400_000
_SPACE = re.compile(r"\s+")
# Control characters mark the highlighted words in headlines: they cannot occur in indexed text
# (it is cleaned of them), so escaping the headline and then turning them into <mark> is safe.
_START, _STOP = "\x02", "\x03"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def typed_text(value: str) -> str:
    """Text typed into a plain-text field, on one line, without control characters. Anything
    that looks like markup is kept as the words it is (and escaped when shown)."""
    return _SPACE.sub(" ", _CONTROL.sub(" ", value or "")).strip()


def plain_text(value: str) -> str:
    """Text of sanitised HTML or typed text, on one line, without control characters. Tags
    become spaces, so a heading and the paragraph after it stay separate words."""
    return _SPACE.sub(" ", _CONTROL.sub(" ", words_of(value))).strip()


def pdf_text(file) -> str:
    """The text of an uploaded PDF, or "" when it has none or cannot be read (a scan, a damaged
    file): the document is then found by its title alone."""
    if not file:
        return ""
    from pypdf import PdfReader

    try:
        with file.open("rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
            return plain_text(" ".join(page.extract_text() or "" for page in reader.pages))
    except Exception:  # pypdf raises many kinds of error for damaged files
        logger.warning("Could not read the text of %s for search", file.name, exc_info=True)
        return ""


def _body(*parts: str) -> str:
    return " ".join(p for p in parts if p)[:MAX_BODY_CHARS]


def _store(rows: list[SearchEntry]) -> int:
    if not rows:
        return 0
    created = SearchEntry.all_objects.bulk_create(rows)
    SearchEntry.all_objects.filter(pk__in=[row.pk for row in created]).update(
        vector=SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("body", weight="B", config=CONFIG)
    )
    return len(created)


@transaction.atomic
def index_agenda(meeting: Meeting) -> int:
    """Index a published meeting's agenda items, public reports and public appendices."""
    kinds = [SearchEntry.Kind.ITEM, SearchEntry.Kind.REPORT, SearchEntry.Kind.APPENDIX]
    SearchEntry.all_objects.filter(meeting=meeting, kind__in=kinds).delete()
    meeting = Meeting.all_objects.select_related("committee").get(pk=meeting.pk)
    if not meeting.is_published:
        return 0
    where = {"meeting": meeting, "committee": meeting.committee, "date": meeting.starts_at.date()}
    rows = []
    # The public agenda's items: a private item (``meetings.rules.privacy``) comes back with its
    # description blanked, so only its heading is indexed.
    for item in AgendaItem.all_objects.public().filter(meeting=meeting):
        body = "" if item.is_private else typed_text(item.description)
        rows.append(
            SearchEntry(
                kind=SearchEntry.Kind.ITEM, object_id=item.pk, title=item.title, body=body, **where
            )
        )
    for report in Report.all_objects.public().filter(item__meeting=meeting):
        body = _body(plain_text(report.body_html), pdf_text(report.pdf))
        rows.append(
            SearchEntry(
                kind=SearchEntry.Kind.REPORT,
                object_id=report.pk,
                title=report.title,
                body=body,
                **where,
            )
        )
    for appendix in Appendix.all_objects.public().filter(report__item__meeting=meeting):
        body = _body(plain_text(appendix.body_html), pdf_text(appendix.pdf))
        rows.append(
            SearchEntry(
                kind=SearchEntry.Kind.APPENDIX,
                object_id=appendix.pk,
                title=appendix.title,
                body=body,
                **where,
            )
        )
    return _store(rows)


@transaction.atomic
def index_minutes(minutes: Minutes) -> int:
    """Index the public minutes of a meeting, one row per minute (restricted ones never)."""
    meeting = Meeting.all_objects.select_related("committee").get(pk=minutes.meeting_id)
    SearchEntry.all_objects.filter(meeting=meeting, kind=SearchEntry.Kind.MINUTE).delete()
    rows = [
        SearchEntry(
            kind=SearchEntry.Kind.MINUTE,
            object_id=entry.pk,
            meeting=meeting,
            committee=meeting.committee,
            date=meeting.starts_at.date(),
            title=f"{entry.number} {entry.title}".strip(),
            body=_body(typed_text(entry.text)),
        )
        for entry in MinutesEntry.all_objects.public().filter(minutes=minutes)
    ]
    return _store(rows)


@transaction.atomic
def index_decision(decision: Decision) -> int:
    """Index a published decision that is not restricted (a restricted one is never indexed)."""
    SearchEntry.all_objects.filter(kind=SearchEntry.Kind.DECISION, object_id=decision.pk).delete()
    public = Decision.all_objects.public().filter(pk=decision.pk).first()
    if public is None or public.is_restricted:
        return 0
    return _store(
        [
            SearchEntry(
                kind=SearchEntry.Kind.DECISION,
                object_id=public.pk,
                meeting_id=public.meeting_id,
                committee_id=public.decision_maker_committee_id,
                date=public.decided_on,
                title=public.title,
                body=_body(
                    typed_text(public.decision),
                    typed_text(public.reasons),
                    typed_text(public.alternatives_considered),
                ),
            )
        ]
    )


def reindex_all() -> int:
    """Rebuild the whole index from the sources (the nightly safety net), one meeting at a time."""
    indexed = 0
    for meeting in Meeting.all_objects.filter(agenda_published_at__isnull=False).iterator():
        indexed += index_agenda(meeting)
    for minutes in Minutes.all_objects.public().iterator():
        indexed += index_minutes(minutes)
    stale = SearchEntry.all_objects.filter(kind=SearchEntry.Kind.DECISION).exclude(
        object_id__in=Decision.all_objects.public().values("pk")
    )
    stale.delete()
    for decision in Decision.all_objects.public().iterator():
        indexed += index_decision(decision)
    return indexed


# --- Searching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchFilters:
    text: str
    committee_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    kinds: Iterable[str] = field(default_factory=tuple)


def _matching(filters: SearchFilters) -> tuple[QuerySet[SearchEntry], SearchQuery]:
    query = SearchQuery(filters.text, search_type="websearch", config=CONFIG)
    entries = SearchEntry.all_objects.public().filter(vector=query)
    if filters.committee_id:
        entries = entries.filter(committee_id=filters.committee_id)
    if filters.date_from:
        entries = entries.filter(date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(date__lte=filters.date_to)
    if filters.kinds:
        entries = entries.filter(kind__in=list(filters.kinds))
    return entries, query


def _headline(query: SearchQuery) -> SearchHeadline:
    return SearchHeadline(
        "body",
        query,
        config=CONFIG,
        start_sel=_START,
        stop_sel=_STOP,
        max_words=35,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


ORDER = ("-rank", "-date", "pk")


def search(filters: SearchFilters) -> QuerySet[SearchEntry]:
    """Public entries matching ``filters.text`` (web-search syntax: words, "phrases", OR, -word),
    best first, with ``rank`` and a ``headline`` of the matching words (see ``snippet``). One
    query, whatever the size of the index; slice it to paginate before reading headlines. A
    page of results for people is ``search_page`` (the public check once, headlines for that
    page only)."""
    entries, query = _matching(filters)
    return (
        entries.select_related("committee", "meeting__committee")
        .annotate(rank=SearchRank(F("vector"), query), headline=_headline(query))
        .order_by(*ORDER)
    )


@dataclass
class ResultPage:
    """One page of search results: the entries (with ``rank`` and ``headline``) and how many
    match in all."""

    entries: list[SearchEntry]
    total: int
    number: int
    size: int


def search_page(filters: SearchFilters, *, number: int, size: int) -> ResultPage:
    """Page ``number`` (from 1; past the end, the last page) of the public results.

    The public check and the full-text match run once, in one query that returns the page's
    ids and ranks with the number of matches (a window count), so no second query repeats them
    to count; headlines, the costly part, are made for the page's rows alone, by id."""
    entries, query = _matching(filters)
    ranked = entries.annotate(rank=SearchRank(F("vector"), query), total=Window(Count("*")))
    ranked = ranked.order_by(*ORDER).values_list("pk", "rank", "total")
    number = max(1, number)
    rows = list(ranked[(number - 1) * size : number * size])
    if not rows and number > 1:
        total = entries.count()
        if not total:
            return ResultPage([], 0, 1, size)
        number = -(-total // size)
        rows = list(ranked[(number - 1) * size : number * size])
    if not rows:
        return ResultPage([], 0, 1, size)
    ranks = {pk: rank for pk, rank, _ in rows}
    found = {
        entry.pk: entry
        for entry in SearchEntry.all_objects.filter(pk__in=ranks)
        .select_related("committee", "meeting__committee")
        .annotate(headline=_headline(query))
    }
    page = []
    for pk, rank, _ in rows:
        entry = found[pk]
        entry.rank = rank
        page.append(entry)
    return ResultPage(page, rows[0][2], number, size)


def snippet(headline: str) -> SafeString:
    """A headline as HTML: escaped, with the matching words in <mark>."""
    escaped = html.escape(headline or "")
    marked = escaped.replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 - escaped above; only our own <mark> tags added
