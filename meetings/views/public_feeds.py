"""Public feeds: iCalendar for meetings (all, or one committee's) and RSS/Atom for published
agendas and documents, and for decisions (all, or one committee's).

URLs: /meetings.ics, /committees/<slug>/meetings.ics; /feeds/documents.rss (.atom),
/feeds/decisions.rss (.atom), /committees/<slug>/feed.rss (.atom).

iCalendar: one VEVENT per meeting with a stable UID (``meeting-<id>@<host>``), DTSTAMP in UTC,
DTSTART/DTEND with TZID=Europe/London (and its VTIMEZONE), LOCATION, URL and STATUS (CANCELLED
for a cancelled or postponed meeting). Every item comes from a ``public()`` QuerySet: restricted
decisions carry their title and notice only.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from democracy.public_cache import public_conditional
from meetings import public as public_data
from meetings.models import Meeting, Minutes
from meetings.public import public_decisions
from meetings.views.public import get_committee, public_meetings

CALENDAR_DAYS_BACK = 366
CALENDAR_LIMIT = 2000
FEED_LIMIT = 30


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _calendar(name: str, meetings) -> bytes:
    london = ZoneInfo(settings.TIME_ZONE)
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{settings.COUNCIL_NAME}//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().astimezone(ZoneInfo("UTC")).replace(microsecond=0)
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@{_host()}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at.astimezone(london))
        event.add("dtend", meeting.ends_at.astimezone(london))
        cancelled = meeting.status in {Meeting.Status.CANCELLED, Meeting.Status.POSTPONED}
        prefix = f"{meeting.get_status_display()}: " if cancelled else ""
        event.add("summary", f"{prefix}{meeting.committee.name}")
        place = public_data.where(meeting)
        if place:
            event.add("location", place)
        event.add("url", public_data.absolute(public_data.meeting_url(meeting)))
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        if meeting.status_reason and cancelled:
            event.add("description", meeting.status_reason)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _calendar_meetings():
    since = timezone.localdate() - timedelta(days=CALENDAR_DAYS_BACK)
    return public_meetings().on_days(first=since).order_by("starts_at")


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def meetings_ics(request: HttpRequest) -> HttpResponse:
    meetings = _calendar_meetings()[:CALENDAR_LIMIT]
    return _ics(_calendar(f"{settings.COUNCIL_NAME} meetings", meetings), "meetings.ics")


@require_safe
def committee_ics(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_committee(slug)
    meetings = _calendar_meetings().filter(committee=committee)[:CALENDAR_LIMIT]
    return _ics(_calendar(f"{committee.name} meetings", meetings), f"{committee.slug}.ics")


# --- RSS and Atom -------------------------------------------------------------------------------


class Entry:
    """One feed item."""

    def __init__(self, *, guid: str, title: str, link: str, description: str, when, category=""):
        if not isinstance(when, datetime):
            when = timezone.make_aware(datetime.combine(when, time(9, 0)))
        self.guid, self.title, self.link = guid, title, link
        self.description, self.when, self.category = description, when, category


def document_entries(committee=None) -> list[Entry]:
    """Published agendas, public reports and published minutes, newest first."""
    agendas = public_data.meetings_with_public_agenda().select_related("committee", "room__venue")
    reports = public_data.reports().select_related("item__meeting__committee")
    minutes = public_data.minutes().select_related("meeting__committee")
    if committee is not None:
        agendas = agendas.filter(committee=committee)
        reports = reports.filter(item__meeting__committee=committee)
        minutes = minutes.filter(meeting__committee=committee)
    entries = []
    for meeting in agendas.order_by("-agenda_published_at")[:FEED_LIMIT]:
        entries.append(
            Entry(
                guid=f"agenda-{meeting.pk}",
                title=f"Agenda published: {meeting}",
                link=public_data.meeting_url(meeting),
                description=f"The agenda for {meeting.committee.name} on "
                f"{timezone.localtime(meeting.starts_at):%-d %B %Y} is published.",
                when=meeting.agenda_published_at,
                category=meeting.committee.name,
            )
        )
    for report in reports.order_by("-ready_at", "-pk")[:FEED_LIMIT]:
        meeting = report.item.meeting
        entries.append(
            Entry(
                guid=f"report-{report.pk}",
                title=f"Report: {report.title}",
                link=reverse("meetings:public-report", args=[report.pk]),
                description=f"A report for {meeting}.",
                when=max(filter(None, [report.ready_at, meeting.agenda_published_at])),
                category=meeting.committee.name,
            )
        )
    for record in minutes.order_by("-published_at")[:FEED_LIMIT]:
        meeting = record.meeting
        kind = "Minutes" if record.status == Minutes.Status.APPROVED else "Draft minutes"
        entries.append(
            Entry(
                guid=f"minutes-{record.pk}",
                title=f"{kind} published: {meeting}",
                link=public_data.meeting_url(meeting) + "#minutes",
                description=f"{kind} of {meeting}.",
                when=record.published_at,
                category=meeting.committee.name,
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:FEED_LIMIT]


def decision_entries(committee=None) -> list[Entry]:
    decisions = public_decisions()
    if committee is not None:
        decisions = decisions.filter(decision_maker_committee=committee)
    entries = []
    for decision in decisions.order_by("-published_on", "-pk")[:FEED_LIMIT]:
        if decision.details_withheld:
            text = f"The details are not for publication. {decision.restriction_notice()}"
        else:
            text = decision.decision
        status = decision.get_status_display()
        if decision.implementable_on:
            status += f"; can be implemented from {decision.implementable_on:%-d %B %Y}"
        entries.append(
            Entry(
                guid=f"decision-{decision.pk}",
                title=f"Decision: {decision.title}",
                link=reverse("meetings:public-decision", args=[decision.pk]),
                description=f"{decision.decision_maker}, {decision.decided_on:%-d %B %Y}. "
                f"{status}. {text}",
                when=decision.published_on,
                category=decision.decision_maker,
            )
        )
    return entries


class EntryFeed(Feed):
    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.description

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_guid(self, item: Entry) -> str:
        return f"tag:{_host()},2026:{item.guid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Entry):
        return item.when

    def item_categories(self, item: Entry):
        return [item.category] if item.category else []


class DocumentsFeed(EntryFeed):
    description = "Agendas, reports and minutes as they are published."

    def title(self) -> str:
        return f"{settings.COUNCIL_NAME}: agendas and documents"

    def link(self) -> str:
        return reverse("meetings:public-meetings")

    def items(self):
        return document_entries()


class DecisionsFeed(EntryFeed):
    description = "Decisions as they are published, with their call-in status."

    def title(self) -> str:
        return f"{settings.COUNCIL_NAME}: decisions"

    def link(self) -> str:
        return reverse("meetings:public-decisions")

    def items(self):
        return decision_entries()


class CommitteeFeed(EntryFeed):
    def get_object(self, request, slug: str):
        return get_committee(slug)

    def title(self, committee) -> str:
        return f"{committee.name}: agendas, documents and decisions"

    def link(self, committee) -> str:
        return reverse("meetings:public-committee", args=[committee.slug])

    def description(self, committee) -> str:
        return f"Agendas, reports, minutes and decisions of {committee.name}."

    def items(self, committee):
        entries = document_entries(committee) + decision_entries(committee)
        entries.sort(key=lambda e: e.when, reverse=True)
        return entries[:FEED_LIMIT]


class AtomDocumentsFeed(DocumentsFeed):
    feed_type = Atom1Feed
    subtitle = DocumentsFeed.description


class AtomDecisionsFeed(DecisionsFeed):
    feed_type = Atom1Feed
    subtitle = DecisionsFeed.description


class AtomCommitteeFeed(CommitteeFeed):
    feed_type = Atom1Feed

    def subtitle(self, committee) -> str:
        return self.description(committee)


urlpatterns = [
    path("meetings.ics", public_conditional(meetings_ics), name="public-meetings-ics"),
    path(
        "committees/<slug:slug>/meetings.ics",
        public_conditional(committee_ics),
        name="public-committee-ics",
    ),
    path("feeds/documents.rss", public_conditional(DocumentsFeed()), name="public-documents-rss"),
    path(
        "feeds/documents.atom",
        public_conditional(AtomDocumentsFeed()),
        name="public-documents-atom",
    ),
    path("feeds/decisions.rss", public_conditional(DecisionsFeed()), name="public-decisions-rss"),
    path(
        "feeds/decisions.atom",
        public_conditional(AtomDecisionsFeed()),
        name="public-decisions-atom",
    ),
    path(
        "committees/<slug:slug>/feed.rss",
        public_conditional(CommitteeFeed()),
        name="public-committee-rss",
    ),
    path(
        "committees/<slug:slug>/feed.atom",
        public_conditional(AtomCommitteeFeed()),
        name="public-committee-atom",
    ),
]
