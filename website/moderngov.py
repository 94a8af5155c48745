"""A Modern.Gov-compatible web service and the Modern.Gov page addresses clients follow, so that
the integrations built on Civica's Modern.Gov (Democracy Club's scrapers, journalists' tools,
councils' own) keep working against this system. The contract is /work/shared/MODERNGOV_API.md.

Transport: ``GET /mgWebService.asmx/<Op>?<params>`` answers a bare XML document; ``POST
/mgWebService.asmx`` with a SOAP 1.1 envelope (``SOAPAction: http://moderngov.co.uk/namespaces/
<Op>``) answers ``<OpResponse><OpResult>…</OpResult></OpResponse>`` in an envelope. Element
names are lower case, dates dd/mm/yyyy, times ``10.00 am``, booleans ``True``/``False``, counts
with a leading space, empty elements a newline. ISO dates in ``sFromDate``/``sToDate`` are
ignored and a capped dump (5,000 rows) returned, as Modern.Gov does.

Operations: GetCommittees, GetMeetings, GetAllMeetingsByDate, GetMeeting, GetCouncillorsByWard,
GetCouncillorsByWardId, GetAttachment, GetElectionResults. Every XML document is built with ElementTree from
``public()`` QuerySets: a restricted item comes out ``isrestricted`` True with no text and no
documents; a restricted decision with no details; nothing private of a councillor (home
address, personal email or phone) is ever read.

Pages: ieListDocuments.aspx, mgCalendarMonthView.aspx, mgCommitteeDetails.aspx and
ieDecisionDetails.aspx redirect to our pages; mgDelegatedDecisions.aspx answers a decisions list
in the markup Democracy Club's decisions scraper reads (links to ieDecisionDetails.aspx?ID=, the
published date in the second cell).
"""

from __future__ import annotations

import hashlib
import time
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.html import linebreaks
from django.views.decorators.csrf import csrf_exempt

from democracy.public_cache import public_conditional
from democracy.validity import in_force_on
from elections import public as elections_public
from meetings import public as public_data
from meetings.models import Attendance, CommitteeMembership, Meeting
from members import public as members_public
from members.models import Councillor

NAMESPACE = "http://moderngov.co.uk/namespaces"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
DUMP_CAP = 5000
MAX_SOAP_BYTES = 64 * 1024
EMPTY = "\n"

STATUS_TEXT = {
    Meeting.Status.SCHEDULED: "Confirmed",
    Meeting.Status.AGENDA_PUBLISHED: "Confirmed",
    Meeting.Status.HELD: "Confirmed",
    Meeting.Status.CANCELLED: "Cancelled",
    Meeting.Status.POSTPONED: "Postponed",
}
ROLE_TEXT = {
    CommitteeMembership.Role.CHAIR: "Chair",
    CommitteeMembership.Role.VICE_CHAIR: "Vice-Chair",
    CommitteeMembership.Role.MEMBER: "Committee Member",
    CommitteeMembership.Role.SUBSTITUTE: "Reserve",
    CommitteeMembership.Role.COOPTED_VOTING: "Co-opted Member",
    CommitteeMembership.Role.COOPTED_NON_VOTING: "Co-opted Member (non-voting)",
}


class MissingParameter(Exception):
    pass


# --- Formatting ---------------------------------------------------------------------------------


def mg_date(value: date | datetime | None) -> str:
    if value is None:
        return EMPTY
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return f"{value:%d/%m/%Y}"


def mg_time(value: datetime | None) -> str:
    """10.00 am, 6.30 pm."""
    if value is None:
        return EMPTY
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    return f"{hour}.{local.minute:02d} {'am' if local.hour < 12 else 'pm'}"


def mg_bool(value: bool) -> str:
    return "True" if value else "False"


def mg_count(value: int) -> str:
    return f" {value}"


def parse_mg_date(value: str) -> date | None:
    """dd/mm/yyyy only; anything else (ISO dates included) is None."""
    try:
        parsed = time.strptime(value.strip(), "%d/%m/%Y")
    except ValueError:
        return None
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)


def sub(parent: ET.Element, name: str, text: object = None) -> ET.Element:
    element = ET.SubElement(parent, name)
    text = "" if text is None else str(text)
    element.text = text if text.strip() else EMPTY
    return element


def paragraphs(text: str) -> str:
    """Plain text as the HTML fragment Modern.Gov gives (escaped again by the serialiser)."""
    return linebreaks(text) if text.strip() else ""


# --- Parameters ---------------------------------------------------------------------------------


class Params:
    """Query string or SOAP parameters, looked up case-insensitively as ASP.NET does."""

    def __init__(self, values: dict[str, str]):
        self.values = {k.lower(): v for k, v in values.items()}

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.values.get(name.lower(), default)

    def required(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise MissingParameter(name)
        return value

    def integer(self, name: str, *, required: bool = True, default: int = 0) -> int:
        value = self.required(name) if required else self.get(name)
        if value is None:
            return default
        try:
            return int(value.strip())
        except ValueError:
            raise MissingParameter(name) from None


def date_window(meetings, params: Params):
    """Filter by sFromDate/sToDate (dd/mm/yyyy, both required); if either is not dd/mm/yyyy the
    dates are ignored and the first 5,000 meetings returned, as Modern.Gov does."""
    start = parse_mg_date(params.required("sFromDate"))
    end = parse_mg_date(params.required("sToDate"))
    if start is None or end is None:
        return meetings, True
    return meetings.on_days(first=start, last=end), False


# --- Operations ---------------------------------------------------------------------------------


def get_committees(params: Params) -> ET.Element:
    today = timezone.localdate()
    committees = list(public_data.committees().select_related("parent").order_by("name"))
    root = ET.Element("committees")
    sub(root, "committeescount", mg_count(len(committees)))
    for committee in committees:
        element = sub(root, "committee")
        sub(element, "committeeid", committee.pk)
        sub(element, "committeetitle", committee.name)
        sub(element, "committeedeleted", mg_bool(False))
        expired = committee.dissolved_on is not None and committee.dissolved_on <= today
        sub(element, "committeeexpired", mg_bool(expired))
        sub(element, "committeecategory", committee.get_kind_display())
    return root


def _meetings():
    return public_data.meetings().select_related("committee", "room__venue")


def get_meetings(params: Params) -> ET.Element:
    committee_id = params.integer("lCommitteeId")
    meetings, capped = date_window(_meetings().filter(committee_id=committee_id), params)
    meetings = list(
        meetings.order_by("starts_at")[:DUMP_CAP] if capped else meetings.order_by("starts_at")
    )
    root = ET.Element("getmeetings")
    sub(root, "meetingscount", mg_count(len(meetings)))
    committee = public_data.committees().filter(pk=committee_id).first()
    sub(root, "committeescount", mg_count(1 if meetings and committee else 0))
    if meetings and committee:
        element = sub(root, "committee")
        sub(element, "committeeid", committee.pk)
        sub(element, "committeetitle", committee.name)
        sub(element, "committeemeetingcount", mg_count(len(meetings)))
        listing = sub(element, "committeemeetings")
        for meeting in meetings:
            row = sub(listing, "meeting")
            sub(row, "meetingid", meeting.pk)
            sub(row, "meetingdate", mg_date(meeting.starts_at))
            sub(row, "meetingstatus", STATUS_TEXT[meeting.status])
            sub(row, "meetingtime", mg_time(meeting.starts_at))
            sub(row, "iswebcast", mg_bool(bool(meeting.webcast_url)))
    return root


def get_all_meetings_by_date(params: Params) -> ET.Element:
    committee_id = params.integer("lCommitteeId")
    meetings = _meetings()
    if committee_id == 0:
        meetings = meetings.none()  # Modern.Gov: 0 returns nothing; -1 means every committee
    elif committee_id != -1:
        meetings = meetings.filter(committee_id=committee_id)
    meetings, _capped = date_window(meetings, params)
    descending = (params.get("bIsAscendingDateOrder") or "true").strip().lower() == "false"
    meetings = meetings.order_by("-starts_at" if descending else "starts_at")
    meetings = list(meetings[:DUMP_CAP])
    root = ET.Element("getmeetingsbydate")
    sub(root, "meetingscount", mg_count(len(meetings)))
    listing = sub(root, "meetings")
    for meeting in meetings:
        row = sub(listing, "meeting")
        sub(row, "meetingid", meeting.pk)
        sub(row, "meetingdate", mg_date(meeting.starts_at))
        sub(row, "meetingtime", mg_time(meeting.starts_at))
        sub(row, "committeeid", meeting.committee_id)
        sub(row, "committeetitle", meeting.committee.name)
        sub(row, "iswebcast", mg_bool(bool(meeting.webcast_url)))
        sub(row, "meetingstatus", STATUS_TEXT[meeting.status])
    return root


def pdf_url(document: public_data.Document) -> str:
    """Modern.Gov's address for a document as a PDF (``mgConvert2PDF.aspx?ID=<attachment id>``):
    clients download every linked document and assume a PDF."""
    return reverse("moderngov-pdf") + f"?ID={document.attachment_id}"


def _linked_doc(parent: ET.Element, document: public_data.Document, meeting: Meeting, owner: str):
    doc = sub(parent, "linkeddoc")
    sub(doc, "attachmentid", document.attachment_id)
    sub(doc, "title", document.title)
    sub(doc, "isurl", mg_bool(False))
    sub(doc, "url", public_data.absolute(pdf_url(document)))
    sub(doc, "isrestricted", mg_bool(False))
    sub(doc, "restrictionsRef")
    sub(doc, "itemnum", document.item_number or "1")
    sub(doc, "publicationdate", mg_date(document.published))
    sub(doc, "meetingdate", mg_date(meeting.starts_at))
    sub(doc, "decisiondate", mg_date(meeting.starts_at))
    sub(doc, "committeetitle", meeting.committee.name)
    sub(doc, "isdecisionattachment", mg_bool(False))
    sub(doc, "ownertitle", owner)


def _attendees(meeting: Meeting, papers: public_data.Papers) -> list[dict]:
    """Recorded attendance once the meeting is held (or its minutes published); before that the
    committee's members on the day, "Expected", as Modern.Gov lists them."""
    day = meeting.date
    group = {
        g.councillor_id: g.group.short_name
        for g in members_public.group_memberships().filter(in_force_on(day)).select_related("group")
    }
    ward = {
        t.councillor_id: t.ward.name
        for t in members_public.terms().filter(in_force_on(day)).select_related("ward")
    }
    # A co-opted member is in no group and no ward; Modern.Gov gives what they represent.
    representing = {
        c.councillor_id: c.appointment for c in members_public.co_options().filter(in_force_on(day))
    }
    seats = {
        m.councillor_id or m.coopted_name: m
        for m in public_data.committee_seats().filter(in_force_on(day), committee=meeting.committee)
    }
    people = []
    if papers.attendance:
        for row in papers.attendance:
            seat = seats.get(row.councillor_id or row.coopted_name)
            role = "Chair" if row.presiding else ROLE_TEXT.get(seat.role if seat else "", "")
            if row.substitute_for_id:
                role = "Substitute"
            people.append(
                {
                    "id": row.councillor_id or "",
                    "name": row.councillor.formal_name if row.councillor_id else row.coopted_name,
                    "role": role or "Committee Member",
                    "attendance": {
                        Attendance.Status.PRESENT: "Present",
                        Attendance.Status.APOLOGIES: "Apologies",
                        Attendance.Status.ABSENT: "Absent",
                    }[row.status],
                    "councillor_id": row.councillor_id,
                }
            )
    else:
        members = (
            public_data.committee_seats()
            .filter(in_force_on(day), committee=meeting.committee)
            .exclude(role=CommitteeMembership.Role.SUBSTITUTE)
            .select_related("councillor")
            .order_by("role", "councillor__last_name")
        )
        for seat in members:
            name = seat.councillor.formal_name if seat.councillor else seat.coopted_name
            people.append(
                {
                    "id": seat.councillor_id or "",
                    "name": name,
                    "role": ROLE_TEXT.get(seat.role, "Committee Member"),
                    "attendance": "Expected",
                    "councillor_id": seat.councillor_id,
                }
            )
    for person in people:
        person["party"] = group.get(person["councillor_id"], "")
        person["ward"] = ward.get(person["councillor_id"], "")
        person["representing"] = representing.get(person["councillor_id"], "")
    return people


def meeting_element(meeting: Meeting) -> ET.Element:
    papers = public_data.meeting_papers(meeting)
    root = ET.Element("meeting")
    sub(root, "meetingid", meeting.pk)
    sub(root, "meetingdate", mg_date(meeting.starts_at))
    sub(root, "meetingstatus", STATUS_TEXT[meeting.status])
    sub(root, "isdisplayallowed", mg_bool(True))
    sub(root, "meetingtime", mg_time(meeting.starts_at))
    sub(root, "meetingactualstarttime")
    sub(root, "meetingplannedfinishtime", mg_time(meeting.ends_at))
    sub(root, "meetingactualfinishtime")
    sub(root, "meetinglocation", public_data.where(meeting))
    sub(root, "iswebcast", mg_bool(bool(meeting.webcast_url)))
    sub(root, "agendaid", meeting.pk)
    sub(root, "agendapublished", mg_bool(meeting.is_published))
    sub(root, "decisionpublished", mg_bool(bool(papers.decisions)))
    sub(root, "minutepublished", mg_bool(papers.minutes is not None))
    sub(root, "meetingroom", meeting.room.name if meeting.room_id else "")
    items = sub(root, "agendaitems")
    for position, row in enumerate(papers.rows, start=1):
        item = row.item
        private = bool(item.is_private)
        element = sub(items, "agendaitem")
        sub(element, "agendaitemid", item.pk)
        sub(element, "agendaitemtitle", item.title)
        sub(element, "agendatext", "" if private else paragraphs(item.description))
        sub(element, "actualmeetingdate", mg_date(meeting.starts_at))
        top = row.number.rstrip("abcdefghijklmnopqrstuvwxyz")
        sub(element, "agendaitemnumber", position)
        sub(element, "agendaitemsubnumber", row.number[len(top) :])
        sub(element, "fulldisplaynumberformat", f"{row.number}.")
        sub(element, "authorusername")
        sub(element, "commentlabel1")
        sub(element, "commenttext1")
        sub(element, "commentlabel2")
        sub(element, "commenttext2")
        minute = "" if private or row.minute is None else paragraphs(row.minute.text)
        sub(element, "minutesnonemptyhtmlbody", minute)
        decisions = [d for d in row.decisions if not d.details_withheld and not private]
        sub(
            element,
            "decisionnonemptyhtmlbody",
            "".join(paragraphs(d.decision) for d in decisions),
        )
        sub(element, "declarationcount", 0)
        sub(element, "iscallin", mg_bool(any(d.subject_to_call_in for d in row.decisions)))
        sub(element, "iscomment", mg_bool(False))
        sub(element, "isdecision", mg_bool(bool(row.decisions)))
        sub(element, "isdecisionpublished", mg_bool(bool(row.decisions)))
        sub(element, "isminutepublished", mg_bool(papers.minutes is not None))
        sub(element, "ispubliccanspeak", mg_bool(False))
        sub(element, "isrestricted", mg_bool(private))
        sub(element, "isdisplayallowed", mg_bool(True))
        sub(element, "meetingdate", mg_date(meeting.starts_at))
        sub(element, "meetingtime", mg_time(meeting.starts_at))
        sub(element, "minutesitemnumber", row.number if papers.minutes else "")
        sub(element, "minutesitemsubnumber")
        sub(element, "preferreddate", mg_date(meeting.starts_at))
        sub(element, "refertocommittee", meeting.committee.name)
        linked = sub(element, "linkeddocuments")
        if not private:
            for document in row.documents:
                _linked_doc(linked, document, meeting, item.title)
    # The packs and minutes hang off the first item, as Modern.Gov attaches them to the meeting.
    if papers.rows:
        first = items.find("agendaitem/linkeddocuments")
        for document in [*papers.packs, *papers.minutes_documents]:
            _linked_doc(first, document, meeting, document.title)
    attendees = sub(root, "attendees")
    for person in _attendees(meeting, papers):
        attendee = ET.SubElement(
            attendees,
            "attendee",
            {
                "membertype": "U" if person["councillor_id"] else "C",
                "memberid": str(person["id"]),
                "name": person["name"],
                "roledescription": person["role"],
                "attendance": person["attendance"],
                "politicalparty": person["party"],
                "ward": person["ward"],
                "keyposts": "",
                "representing": person["representing"],
            },
        )
        url = (
            public_data.absolute(f"/mgUserInfo.aspx?UID={person['councillor_id']}")
            if person["councillor_id"]
            else ""
        )
        sub(attendee, "url", url)
        sub(attendee, "photosmallurl")
        sub(attendee, "photobigurl")
    return root


def get_meeting(params: Params) -> ET.Element:
    meeting = public_data.public_meeting(params.integer("lMeetingId"))
    if meeting is None:
        return ET.Element("meeting")
    return meeting_element(meeting)


def _councillors_by_ward(ward_filter: Q) -> ET.Element:
    today = timezone.localdate()
    wards = list(elections_public.current_wards(today).filter(ward_filter).order_by("name"))
    terms = (
        members_public.terms()
        .filter(in_force_on(today), ward__in=wards)
        .select_related("councillor", "councillor__profile")
        .prefetch_related(
            Prefetch(
                "councillor__terms",
                queryset=members_public.terms().order_by("start_date"),
                to_attr="all_terms",
            )
        )
        .order_by("councillor__last_name", "councillor__first_name")
    )
    groups = {
        g.councillor_id: g.group.name
        for g in members_public.group_memberships()
        .filter(in_force_on(today))
        .select_related("group")
    }
    by_ward: dict[int, list[Councillor]] = {}
    for term in terms:
        by_ward.setdefault(term.ward_id, []).append(term.councillor)
    root = ET.Element("councillorsbyward")
    listing = sub(root, "wards")
    for ward in wards:
        element = sub(listing, "ward")
        sub(element, "wardtitle", ward.name)
        councillors = sub(element, "councillors")
        people = by_ward.get(ward.pk, [])
        sub(councillors, "councillorcount", mg_count(len(people)))
        for councillor in people:
            person = sub(councillors, "councillor")
            sub(person, "councillorid", councillor.pk)
            sub(person, "fullusername", councillor.formal_name)
            photo = _photo_url(councillor)
            sub(person, "photosmallurl", photo or None)
            sub(person, "photobigurl", photo or None)
            sub(person, "politicalpartytitle", groups.get(councillor.pk, "Independent"))
            sub(person, "districttitle", ward.name)
            sub(person, "representing")
            sub(person, "keyposts")
            work = sub(person, "workaddress")
            for n in range(1, 6):
                sub(work, f"line{n}")
            sub(work, "postcode")
            sub(work, "phone", councillor.council_phone)
            sub(work, "mobile")
            sub(work, "email", councillor.council_email)
            home = sub(person, "homeaddress")  # personal data: never published
            for n in range(1, 6):
                sub(home, f"line{n}")
            sub(home, "postcode")
            sub(home, "phone")
            sub(home, "mobile")
            sub(home, "email")
            surgery = sub(person, "surgerydetails")
            sub(surgery, "line1")
            periods = sub(person, "termsofoffice")
            for term in councillor.all_terms:
                period = sub(periods, "termofoffice")
                sub(period, "startdate", mg_date(term.start_date))
                sub(period, "enddate", mg_date(term.end_date) if term.end_date else "unspecified")
    return root


def _photo_url(councillor: Councillor) -> str:
    """The published photo's absolute address, or "" (the profile comes with the councillor)."""
    url = members_public.photo_url(councillor)
    return public_data.absolute(url) if url else ""


def get_councillors_by_ward(params: Params) -> ET.Element:
    return _councillors_by_ward(Q())


def get_councillors_by_ward_id(params: Params) -> ET.Element:
    return _councillors_by_ward(Q(pk=params.integer("lWardId")))


def get_election_results(params: Params) -> ET.Element:
    """GetElectionResults?lElectionId=: an election whose results are live, with its candidates
    and election areas (contests), as Modern.Gov gives them (YNR resultsbot reads it); an
    undeclared contest is listed with its status and no votes. Modern.Gov's response has no poll
    date (clients scrape it from an HTML page): ours adds ``polldate`` (dd/mm/yyyy). An unknown
    or not-live election gives ``<election />``."""
    root = ET.Element("election")
    election = elections_public.results_election(params.integer("lElectionId"))
    if election is None:
        return root
    contests = list(elections_public.results_contests(election))
    results = {c.pk: elections_public.declared_result_of(c) for c in contests}
    candidates = [
        (contest, result, candidate)
        for contest in contests
        if (result := results[contest.pk]) is not None
        for candidate in result.candidates.all()
    ]
    declared = [r for r in results.values() if r is not None]
    sub(root, "candidatecount", mg_count(len(candidates)))
    sub(root, "electionid", election.pk)
    sub(root, "title", election.title)
    sub(root, "electiontype", election.type_label)
    sub(root, "description", election.election_id)
    sub(
        root,
        "externallink",
        public_data.absolute(reverse("elections:results-election", args=[election.pk])),
    )
    sub(root, "polldate", mg_date(election.poll_date))
    sub(root, "population", "0")
    sub(root, "electorate", sum(r.electorate for r in declared))
    sub(root, "numballotpapersissued", sum(r.ballot_papers_issued for r in declared))
    sub(root, "numproxyvotes", "0")
    sub(root, "comment", "")
    sub(root, "visiblity", "Public")
    listing = sub(root, "candidates")
    for contest, result, candidate in candidates:
        row = sub(listing, "candidate")
        sub(row, "areatagid", contest.ward_id or "")
        sub(row, "electionareaid", contest.pk)
        sub(row, "areatitle", str(contest))
        sub(row, "candidatename", candidate.name)
        sub(row, "numvotes", candidate.votes)
        sub(row, "numvotes2", "0")
        sub(row, "politicalpartytagid", "")
        sub(row, "politicalpartytitle", candidate.party or "Independent")
        sub(row, "politicalpartycolour", "")
        sub(row, "votedatetime", mg_date(result.declared_at))
        sub(row, "iselected", mg_bool(candidate.elected))
    areas = sub(root, "electionareas")
    for contest in contests:
        result = results[contest.pk]
        area = sub(areas, "electionarea")
        sub(area, "electionareaid", contest.pk)
        sub(area, "title", str(contest))
        sub(area, "description", contest.ballot_id)
        sub(
            area,
            "externallink",
            public_data.absolute(
                reverse("elections:results-contest", args=[election.pk, contest.pk])
            ),
        )
        sub(area, "population", "0")
        sub(area, "electorate", result.electorate if result else 0)
        sub(area, "numballotpapersissued", result.ballot_papers_issued if result else 0)
        sub(area, "numproxyvotes", "0")
        sub(area, "numpostalvotessent", "0")
        sub(area, "numpostalvotesreturned", "0")
        sub(area, "startvotedatetime", mg_date(election.poll_date))
        sub(area, "endvotedatetime", mg_date(election.poll_date))
        sub(area, "endofcountingdatetime", mg_date(result.declared_at) if result else "")
        sub(area, "numseats", contest.seats)
        sub(area, "status", "Declared" if result else "Awaiting declaration")
        spoiled = sub(area, "spoiledvotes")
        if result is not None:
            row = sub(spoiled, "spoiledvote")
            sub(row, "voteid", contest.pk)
            sub(row, "description", "Rejected")
            sub(row, "numvotes", result.rejected.total)
            sub(row, "numvotes2", "0")
            sub(row, "updatedatetime", mg_date(result.declared_at))
    return root


def get_attachment(params: Params) -> ET.Element:
    root = ET.Element("attachment")
    value = params.integer("lAttachmentId")
    kind, pk = public_data.parse_attachment_id(value)
    found = None
    if kind == public_data.REPORT:
        report = public_data.reports().select_related("item__meeting").filter(pk=pk).first()
        if report is not None:
            found = (report.item.meeting, report.item.pk)
    elif kind == public_data.APPENDIX:
        appendix = (
            public_data.appendices().select_related("report__item__meeting").filter(pk=pk).first()
        )
        if appendix is not None:
            found = (appendix.report.item.meeting, appendix.report.item.pk)
    elif kind == public_data.PACK:
        pack = public_data.agenda_packs().filter(pk=pk).first()
        if pack is not None:
            found = (pack.meeting, None)
    elif kind == public_data.MINUTES:
        minutes = public_data.minutes().filter(meeting_id=pk).first()
        if minutes is not None:
            found = (minutes.meeting, None)
    if found is None:
        return root
    meeting = public_data.public_meeting(found[0].pk)
    papers = public_data.meeting_papers(meeting, with_record=kind == public_data.MINUTES)
    document = next((d for d in papers.documents if d.attachment_id == value), None)
    if document is None:  # e.g. a pack that prints a document restricted since it was built
        return root
    details = sub(root, "attachmentdetails")
    sub(details, "attachmentid", document.attachment_id)
    sub(details, "title", document.title)
    sub(details, "url", public_data.absolute(pdf_url(document)))
    sub(details, "isurl", mg_bool(False))
    sub(details, "isrestricted", mg_bool(False))
    sub(details, "publicationdate", mg_date(document.published))
    sub(details, "meetingdate", mg_date(meeting.starts_at))
    sub(details, "decisiondate", mg_date(meeting.starts_at))
    sub(details, "committeetitle", meeting.committee.name)
    owner = next((r.item.title for r in papers.rows if document in r.documents), document.title)
    sub(details, "ownertitle", owner)
    return root


OPERATIONS = {
    "GetCommittees": get_committees,
    "GetMeetings": get_meetings,
    "GetAllMeetingsByDate": get_all_meetings_by_date,
    "GetMeeting": get_meeting,
    "GetCouncillorsByWard": get_councillors_by_ward,
    "GetCouncillorsByWardId": get_councillors_by_ward_id,
    "GetAttachment": get_attachment,
    "GetElectionResults": get_election_results,
}
OPERATIONS_LOWER = {name.lower(): name for name in OPERATIONS}


def serialise(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(
        root, encoding="utf-8", xml_declaration=False
    )


def _xml(body: bytes, status: int = 200) -> HttpResponse:
    return HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)


def _missing(name: str) -> HttpResponse:
    # ASP.NET's answer to a missing or unparseable parameter of an HTTP GET web method.
    return HttpResponse(
        f"Missing parameter: {name}.", content_type="text/plain; charset=utf-8", status=500
    )


def operation_get(request: HttpRequest, op: str) -> HttpResponse:
    name = OPERATIONS_LOWER.get(op.lower())
    if name is None or request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(
            f"Unknown web method {op}.", content_type="text/plain; charset=utf-8", status=500
        )
    params = Params({**request.POST.dict(), **request.GET.dict()})
    try:
        root = OPERATIONS[name](params)
    except MissingParameter as missing:
        return _missing(str(missing))
    body = serialise(root)
    # Clients poll with conditional GETs (Democracy Club's minutes scraper treats a 304 as
    # "unchanged"): the ETag is a hash of the answer, so it changes whenever the answer does.
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if request.method in ("GET", "HEAD"):
        unchanged = get_conditional_response(request, etag=etag)
        if unchanged is not None:
            return unchanged
    response = _xml(body)
    response["ETag"] = etag
    return response


def _soap_fault(message: str) -> HttpResponse:
    envelope = ET.Element(f"{{{SOAP_ENV}}}Envelope")
    body = ET.SubElement(envelope, f"{{{SOAP_ENV}}}Body")
    fault = ET.SubElement(body, f"{{{SOAP_ENV}}}Fault")
    ET.SubElement(fault, "faultcode").text = "soap:Client"
    ET.SubElement(fault, "faultstring").text = message
    ET.register_namespace("soap", SOAP_ENV)
    return _xml(
        b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(envelope, encoding="utf-8"),
        status=500,
    )


@csrf_exempt
def service(request: HttpRequest) -> HttpResponse:
    """``/mgWebService.asmx``: a SOAP 1.1 POST, or (GET) a short description of the service."""
    if request.method != "POST":
        if "wsdl" in {k.lower() for k in request.GET}:
            return _xml(wsdl(request))
        return render(
            request,
            "meetings/public/web_service.html",
            {"operations": sorted(OPERATIONS), "namespace": NAMESPACE},
        )
    if len(request.body) > MAX_SOAP_BYTES:
        return _soap_fault("The request is too large.")
    if b"<!DOCTYPE" in request.body.upper() or b"<!ENTITY" in request.body.upper():
        # No document type, so no entity can be declared, expanded or fetched.
        return _soap_fault("Document type declarations are not accepted.")
    try:
        envelope = ET.fromstring(request.body)  # noqa: S314 - no DTD, hence no entities (above)
    except ET.ParseError:
        return _soap_fault("The request is not well-formed XML.")
    body = envelope.find(f"{{{SOAP_ENV}}}Body")
    call = body[0] if body is not None and len(body) else None
    if call is None:
        return _soap_fault("The SOAP body is empty.")
    name = OPERATIONS_LOWER.get(call.tag.rsplit("}", 1)[-1].lower())
    if name is None:
        return _soap_fault("Unknown operation.")
    values = {child.tag.rsplit("}", 1)[-1]: (child.text or "") for child in call}
    try:
        result = OPERATIONS[name](Params(values))
    except MissingParameter as missing:
        return _soap_fault(f"Missing parameter: {missing}.")
    ET.register_namespace("soap", SOAP_ENV)
    envelope = ET.Element(f"{{{SOAP_ENV}}}Envelope")
    body = ET.SubElement(envelope, f"{{{SOAP_ENV}}}Body")
    response = ET.SubElement(body, f"{name}Response", {"xmlns": NAMESPACE})
    holder = ET.SubElement(response, f"{name}Result")
    result.set("xmlns", "")  # the result's own elements are in no namespace
    holder.append(result)
    ET.indent(envelope, space="  ")
    return _xml(
        b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(envelope, encoding="utf-8")
    )


def wsdl(request: HttpRequest) -> bytes:
    """A minimal WSDL naming the operations and their parameters (all strings)."""
    parameters = {
        "GetCommittees": ["lDummy"],
        "GetMeetings": ["lCommitteeId", "sFromDate", "sToDate"],
        "GetAllMeetingsByDate": ["lCommitteeId", "sFromDate", "sToDate", "bIsAscendingDateOrder"],
        "GetMeeting": ["lMeetingId"],
        "GetCouncillorsByWard": [],
        "GetCouncillorsByWardId": ["lWardId"],
        "GetAttachment": ["lAttachmentId"],
        "GetElectionResults": ["lElectionId"],
    }
    wsdl_ns = "http://schemas.xmlsoap.org/wsdl/"
    xs = "http://www.w3.org/2001/XMLSchema"
    ET.register_namespace("wsdl", wsdl_ns)
    ET.register_namespace("s", xs)
    root = ET.Element(f"{{{wsdl_ns}}}definitions", {"targetNamespace": NAMESPACE})
    types = ET.SubElement(root, f"{{{wsdl_ns}}}types")
    schema = ET.SubElement(
        types, f"{{{xs}}}schema", {"elementFormDefault": "qualified", "targetNamespace": NAMESPACE}
    )
    port = ET.SubElement(root, f"{{{wsdl_ns}}}portType", {"name": "mgWebServiceSoap"})
    for op, names in parameters.items():
        element = ET.SubElement(schema, f"{{{xs}}}element", {"name": op})
        sequence = ET.SubElement(
            ET.SubElement(element, f"{{{xs}}}complexType"), f"{{{xs}}}sequence"
        )
        for param in names:
            ET.SubElement(
                sequence,
                f"{{{xs}}}element",
                {"minOccurs": "0", "maxOccurs": "1", "name": param, "type": "s:string"},
            )
        operation = ET.SubElement(port, f"{{{wsdl_ns}}}operation", {"name": op})
        ET.SubElement(operation, f"{{{wsdl_ns}}}input", {"message": f"tns:{op}SoapIn"})
        ET.SubElement(operation, f"{{{wsdl_ns}}}output", {"message": f"tns:{op}SoapOut"})
    service_element = ET.SubElement(root, f"{{{wsdl_ns}}}service", {"name": "mgWebService"})
    ET.SubElement(
        service_element, f"{{{wsdl_ns}}}documentation"
    ).text = f"{settings.COUNCIL_NAME}: {public_data.absolute(reverse('moderngov'))}"
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")


# --- Modern.Gov pages ---------------------------------------------------------------------------


def _int(request: HttpRequest, *names: str) -> int | None:
    lowered = {k.lower(): v for k, v in request.GET.items()}
    for name in names:
        try:
            return int(lowered.get(name.lower(), ""))
        except ValueError:
            continue
    return None


def _redirect(url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(url)


def list_documents(request: HttpRequest) -> HttpResponse:
    """ieListDocuments.aspx?CId=<committee>&MId=<meeting>: the meeting's page."""
    meeting = public_data.public_meeting(_int(request, "MId") or 0)
    if meeting is None:
        return _redirect(reverse("meetings:public-meetings"))
    return _redirect(public_data.meeting_url(meeting))


def calendar_month_view(request: HttpRequest) -> HttpResponse:
    """mgCalendarMonthView.aspx?M=<month>&DD=<year>: that month of our calendar."""
    today = timezone.localdate()
    month = _int(request, "M") or today.month
    year = _int(request, "DD", "Y") or today.year
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        month, year = today.month, today.year
    return _redirect(reverse("meetings:public-calendar", args=[year, month]))


def committee_details(request: HttpRequest) -> HttpResponse:
    """mgCommitteeDetails.aspx?ID=<committee id>."""
    committee = public_data.committees().filter(pk=_int(request, "ID") or 0).first()
    if committee is None:
        return _redirect(reverse("meetings:public-committees"))
    return _redirect(reverse("meetings:public-committee", args=[committee.slug]))


def decision_details(request: HttpRequest) -> HttpResponse:
    """ieDecisionDetails.aspx?ID=<decision id> (no id, or a negative one, names no decision:
    our page for decision 0 says so)."""
    return _redirect(reverse("meetings:public-decision", args=[max(_int(request, "ID") or 0, 0)]))


def convert_to_pdf(request: HttpRequest) -> HttpResponse:
    """mgConvert2PDF.aspx?ID=<attachment id>: any public document as a PDF. Stored PDFs (uploads,
    the public pack) are a redirect to their download; a report or appendix written here is
    rendered; anything not public is a 404, like a document that does not exist."""
    value = _int(request, "ID")
    if value is None or value <= 0:  # attachment ids are positive (``parse_attachment_id``)
        raise Http404("No such document")
    kind, pk = public_data.parse_attachment_id(value)
    if kind == public_data.MINUTES:
        return _redirect(reverse("meetings:public-minutes-pdf", args=[pk]))
    if kind == public_data.PACK:
        pack = public_data.agenda_packs().filter(pk=pk).first()
        if pack is None:
            raise Http404("No such document")
        return _redirect(reverse("meetings:public-pack", args=[pack.meeting_id, pack.url_kind]))
    documents = {
        public_data.REPORT: public_data.reports,
        public_data.APPENDIX: public_data.appendices,
    }
    document = documents[kind]().filter(pk=pk).first() if kind in documents else None
    if document is None:
        raise Http404("No such document")
    if document.pdf:
        name = "public-report-pdf" if kind == public_data.REPORT else "public-appendix-pdf"
        return _redirect(reverse(f"meetings:{name}", args=[pk]))
    rendered = public_data.render_public_document_pdf(kind, pk)
    if rendered is None:
        raise Http404("No such document")
    response = HttpResponse(rendered, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="document-{value}.pdf"'
    return response


def delegated_decisions(request: HttpRequest) -> HttpResponse:
    """mgDelegatedDecisions.aspx?DR=dd/mm/yyyy-dd/mm/yyyy: the decisions published in the range
    (default the last 28 days), in the shape the decisions scrapers read."""
    today = timezone.localdate()
    start, end = today - timedelta(days=28), today
    span = request.GET.get("DR") or request.GET.get("dr") or ""
    if "-" in span:
        first, _, last = span.partition("-")
        start = parse_mg_date(first) or start
        end = parse_mg_date(last) or end
    decisions = list(
        public_data.decisions()
        .select_related("decision_maker_committee", "decision_maker_councillor")
        .filter(published_on__gte=start, published_on__lte=end)
        .order_by("-published_on", "-pk")[:DUMP_CAP]
    )
    return render(
        request,
        "meetings/public/delegated_decisions.html",
        {"decisions": decisions, "start": start, "end": end},
    )


urlpatterns = [
    path("mgWebService.asmx", service, name="moderngov"),
    path(
        "mgWebService.asmx/<str:op>",
        csrf_exempt(public_conditional(operation_get)),
        name="moderngov-op",
    ),
    path("ieListDocuments.aspx", list_documents, name="moderngov-list-documents"),
    path("mgCalendarMonthView.aspx", calendar_month_view, name="moderngov-calendar"),
    path("mgCommitteeDetails.aspx", committee_details, name="moderngov-committee"),
    path("ieDecisionDetails.aspx", decision_details, name="moderngov-decision"),
    path(
        "mgDelegatedDecisions.aspx",
        public_conditional(delegated_decisions),
        name="moderngov-decisions",
    ),
    path("mgConvert2PDF.aspx", convert_to_pdf, name="moderngov-pdf"),
]
