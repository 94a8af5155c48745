"""The minutes as a document, on screen, as a PDF and as the "Minutes of the previous meeting"
papers in the next meeting's agenda pack (``meetings.packs``): read-only, so the services, the
views and the pack builder can all use it.

The public version reads entries through ``unrestricted()`` and ``withheld()`` only, so the text
of a restricted minute is never loaded for it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from democracy.council import council
from democracy.pdf import render_pdf_once
from meetings.models import Minutes, MinutesCorrection, MinutesEntry
from meetings.models.minutes import minutes_notice


def _fmt(day: date) -> str:
    return f"{day:%-d %B %Y}"


@dataclass(frozen=True)
class Minute:
    number: str
    title: str
    text: str | None  # None: withheld from this version
    notice: str
    restricted: bool
    corrections: list[MinutesCorrection]


def minutes_document(minutes: Minutes, *, public: bool) -> list[Minute]:
    """The minutes in order. The public version reads entries through ``unrestricted()`` and
    ``withheld()`` only, so the text of a restricted minute is never loaded. (Whether the reader
    may see these minutes at all, e.g. before publication, is the caller's question.)"""
    corrections = MinutesCorrection.all_objects.filter(entry__minutes=minutes).select_related(
        "resolution__item__meeting"
    )
    if public:
        corrections = corrections.exclude(
            Q(entry__confidential=True) | ~Q(entry__exempt_paragraphs=[])
        )
    by_entry: dict[int, list[MinutesCorrection]] = defaultdict(list)
    for c in corrections:
        by_entry[c.entry_id].append(c)
    entries = MinutesEntry.all_objects.filter(minutes=minutes)
    if public:
        rows = [
            (e.position, Minute(e.number, e.title, e.text, "", False, by_entry[e.pk]))
            for e in entries.unrestricted()
        ]
        nation = settings.COUNCIL_NATION
        rows += [
            (
                w["position"],
                Minute(
                    w["number"],
                    w["title"],
                    None,
                    minutes_notice(
                        w["exempt_paragraphs"], confidential=w["confidential"], nation=nation
                    ),
                    True,
                    [],
                ),
            )
            for w in entries.withheld()
        ]
    else:
        rows = [
            (
                e.position,
                Minute(
                    e.number,
                    e.title,
                    e.text,
                    e.public_notice() if e.is_restricted else "",
                    e.is_restricted,
                    by_entry[e.pk],
                ),
            )
            for e in entries
        ]
    return [minute for _, minute in sorted(rows, key=lambda row: row[0])]


def minutes_heading(minutes: Minutes) -> dict:
    meeting = minutes.meeting
    local = timezone.localtime(meeting.starts_at)
    return {
        "council": council(),
        "meeting": meeting,
        "committee": meeting.committee,
        "when": f"{local:%A %-d %B %Y}, {local:%-I:%M%p}".replace("AM", "am").replace("PM", "pm"),
        "where": str(meeting.room) if meeting.room_id else meeting.location_note,
        "draft": minutes.status != Minutes.Status.APPROVED,
        "approval": approval_note(minutes),
    }


def render_minutes_html(minutes: Minutes, *, public: bool) -> str:
    return render_to_string(
        "meetings/minutes/pdf.html",
        {
            **minutes_heading(minutes),
            "minutes": minutes,
            "minutes_list": minutes_document(minutes, public=public),
            "public": public,
        },
    )


def minutes_title(minutes: Minutes, *, public: bool) -> str:
    meeting = minutes.meeting
    title = f"Minutes of {meeting.committee}, {_fmt(meeting.date)}"
    if minutes.status != Minutes.Status.APPROVED:
        title += " (draft)"
    if not public:
        title += " (full, not for publication)"
    return title


def render_minutes_pdf(minutes: Minutes, *, public: bool) -> bytes:
    """The minutes as a tagged PDF (PDF/UA-1, through the shared base ``democracy.pdf``).
    Public: restricted minutes replaced by their notice; full: every minute, marked where not
    for publication. DRAFT on every page until approved. Rendered once per version of the
    minutes (``democracy.pdf.render_pdf_once``), not on every request."""
    return render_pdf_once(
        render_minutes_html(minutes, public=public),
        title=minutes_title(minutes, public=public),
        base_url=str(settings.BASE_DIR),
    )


def approval_note(minutes: Minutes) -> str:
    if minutes.status != Minutes.Status.APPROVED:
        return ""
    approving = minutes.approved_at_meeting
    return (
        f"Approved as a correct record at the meeting of {approving.committee} on "
        f"{_fmt(approving.date)} and signed by {minutes.approved_by_name}."
    )
