"""The open data API, ``/api/v1/``: JSON for committees, meetings with their items and public
documents, decisions, the forward plan, and councillors and co-opted members as Popolo persons,
organizations and memberships (a co-opted member: committee memberships only, no ward or party). Read-only, anonymous, CORS-enabled for GET, conditional GET with ETag and
Last-Modified (``democracy.public_cache``); described by the OpenAPI document at
``/api/v1/openapi.json``, which schemathesis checks in the suite. ``/api/v1/`` is an index
of the endpoints; ``/api/v1/docs`` documents them for people (``website.api_docs``).

Everything is read through the apps' public QuerySets and ``meetings.public``, the same choices
the public pages make: a restricted item appears with its "Not for publication" notice and
``restricted: true``, never its papers; a restricted decision's statement is blank.
"""

import functools
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.pagination import PageNumberPagination, paginate

from democracy.public_cache import public_conditional
from elections import public as elections_public
from meetings import public as public_data
from meetings.models import (
    Committee,
    CommitteeMembership,
    Decision,
    Meeting,
)
from members import public as members_public
from members.models import Councillor

PAGE_SIZE = 100

api = NinjaAPI(
    title=f"{settings.COUNCIL_NAME} open data API",
    version="1.0.0",
    description=(
        "Public information about the council's committees, meetings, decisions, forward plan "
        "and councillors. Free to reuse under the Open Government Licence. Lists are paginated "
        "(`page`, `page_size`); every response carries `ETag` and `Last-Modified` for "
        "conditional requests."
    ),
    urls_namespace="api-v1",
    docs_url=None,
)


class NotFound(Schema):
    detail: str


class Paged(PageNumberPagination):
    """``page`` and ``page_size`` (at most 500); responses are ``{"items": [...], "count": n}``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int = Field(PAGE_SIZE, ge=1, le=500)

    def paginate_queryset(self, queryset, pagination: Input, **params):
        size = max(1, min(pagination.page_size, 500))
        page = max(1, pagination.page)
        offset = (page - 1) * size
        return {
            "items": list(queryset[offset : offset + size]),
            "count": self._items_count(queryset),
        }


def absolute(path: str) -> str:
    return public_data.absolute(path)


# --- Schemas ------------------------------------------------------------------------------------


class CommitteeOut(Schema):
    id: int
    name: str
    slug: str
    kind: str
    kind_label: str
    parent_id: int | None
    terms_of_reference: str
    established_on: date
    dissolved_on: date | None
    url: str


class MeetingOut(Schema):
    id: int
    committee_id: int
    committee_name: str
    starts_at: datetime
    ends_at: datetime
    status: str
    status_label: str
    location: str
    webcast_url: str
    agenda_published: bool
    url: str


class DocumentOut(Schema):
    title: str
    url: str
    file_type: str
    size: int | None


class ItemOut(Schema):
    id: int
    number: str
    title: str
    description: str
    is_key_decision: bool
    restricted: bool
    restriction_notice: str
    documents: list[DocumentOut]


class DecisionOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    decision_maker: str
    decided_on: date
    published_on: date | None
    status: str
    status_label: str
    is_key_decision: bool
    call_in_deadline: date | None
    implementable_on: date | None
    restricted: bool
    decision: str
    reasons: str
    alternatives_considered: str
    conflicts_declared: str
    dispensations: str
    meeting_id: int | None
    url: str


class PublicSubmissionOut(Schema):
    """An accepted public question or deputation: the asker's name only if they agreed to its
    publication, the agenda item's title only if that item is taken in public."""

    kind: str
    kind_label: str
    text: str
    name: str | None
    agenda_item_title: str | None


class MeetingDetailOut(MeetingOut):
    items: list[ItemOut]
    packs: list[DocumentOut]
    minutes: list[DocumentOut]
    decisions: list[DecisionOut]
    public_questions: list[PublicSubmissionOut]


class ForwardPlanEntryOut(Schema):
    id: int
    title: str
    matter: str
    decision_maker: str
    expected_decision_date: date
    is_key_decision: bool
    private: bool
    documents: str
    contact: str
    notice_published_on: date | None
    meeting_id: int | None


class ContactDetail(Schema):
    type: str
    value: str
    label: str | None = None


class Link(Schema):
    url: str
    note: str | None = None


class PopoloPerson(Schema):
    id: str
    name: str
    given_name: str
    family_name: str
    sort_name: str
    honorific_prefix: str | None
    email: str | None
    contact_details: list[ContactDetail]
    links: list[Link]


class PopoloOrganization(Schema):
    id: str
    name: str
    classification: str
    parent_id: str | None
    founding_date: str | None
    dissolution_date: str | None
    links: list[Link]


class PopoloMembership(Schema):
    id: str
    person_id: str
    organization_id: str
    role: str
    label: str
    area_id: str | None
    start_date: str
    end_date: str | None


class PopoloArea(Schema):
    id: str
    name: str
    identifier: str | None
    classification: str


# --- Serialisers ----------------------------------------------------------------------------------


def committee_out(committee: Committee) -> dict:
    return {
        "id": committee.pk,
        "name": committee.name,
        "slug": committee.slug,
        "kind": committee.kind,
        "kind_label": committee.get_kind_display(),
        "parent_id": committee.parent_id,
        "terms_of_reference": committee.terms_of_reference,
        "established_on": committee.established_on,
        "dissolved_on": committee.dissolved_on,
        "url": absolute(f"/committees/{committee.slug}/"),
    }


def meeting_out(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "committee_id": meeting.committee_id,
        "committee_name": meeting.committee.name,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "status": meeting.status,
        "status_label": meeting.get_status_display(),
        "location": public_data.where(meeting),
        "webcast_url": meeting.webcast_url,
        "agenda_published": meeting.is_published,
        "url": absolute(meeting.get_absolute_url()),
    }


def document_out(document: public_data.Document) -> dict:
    return {
        "title": document.title,
        "url": absolute(document.url),
        "file_type": document.file_type,
        "size": document.size,
    }


def decision_out(decision: Decision) -> dict:
    return {
        "id": decision.pk,
        "title": decision.title,
        "kind": decision.kind,
        "kind_label": decision.get_kind_display(),
        "decision_maker": decision.decision_maker,
        "decided_on": decision.decided_on,
        "published_on": decision.published_on,
        "status": decision.status,
        "status_label": decision.get_status_display(),
        "is_key_decision": decision.is_key_decision,
        "call_in_deadline": decision.call_in_deadline,
        "implementable_on": decision.implementable_on,
        "restricted": decision.is_restricted,
        "decision": decision.decision,
        "reasons": decision.reasons,
        "alternatives_considered": decision.alternatives_considered,
        "conflicts_declared": decision.conflicts_declared,
        "dispensations": decision.dispensations,
        "meeting_id": decision.meeting_id,
        "url": absolute(f"/decisions/{decision.pk}/"),
    }


# --- Meetings -----------------------------------------------------------------------------------

meetings_router = Router(tags=["Meetings"])


class MeetingFilters(Schema):
    committee: int | None = None
    date_from: date | None = None
    date_to: date | None = None


@meetings_router.get("/committees", response=list[CommitteeOut], summary="Committees")
@decorate_view(public_conditional)
@paginate(Paged)
def committees(request: HttpRequest):
    return MappedList(public_data.committees().order_by("name"), committee_out)


@meetings_router.get(
    "/committees/{committee_id}",
    response={200: CommitteeOut, 404: NotFound},
    summary="One committee",
)
@decorate_view(public_conditional)
def committee(request: HttpRequest, committee_id: int):
    found = public_data.committees().filter(pk=committee_id).first()
    if found is None:
        raise Http404("No such committee")
    return committee_out(found)


@meetings_router.get("/meetings", response=list[MeetingOut], summary="Meetings")
@decorate_view(public_conditional)
@paginate(Paged)
def meetings(request: HttpRequest, filters: Query[MeetingFilters]):
    found = public_data.meetings().select_related("committee", "room__venue")
    if filters.committee is not None:
        found = found.filter(committee_id=filters.committee)
    found = found.on_days(first=filters.date_from, last=filters.date_to)
    return MappedList(found.order_by("starts_at", "pk"), meeting_out)


@meetings_router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingDetailOut, 404: NotFound},
    summary=("One meeting, with its agenda items, public documents and accepted public questions"),
)
@decorate_view(public_conditional)
def meeting(request: HttpRequest, meeting_id: int):
    found = public_data.public_meeting(meeting_id)
    if found is None:
        raise Http404("No such meeting")
    papers = public_data.meeting_papers(found, with_record=False)
    items = [
        {
            "id": row.item.pk,
            "number": row.number,
            "title": row.item.title,
            "description": "" if row.notice else row.item.description,
            "is_key_decision": row.item.is_key_decision,
            "restricted": bool(row.notice),
            "restriction_notice": row.notice,
            "documents": [document_out(d) for d in row.documents],
        }
        for row in papers.rows
    ]
    return {
        **meeting_out(found),
        "items": items,
        "packs": [document_out(d) for d in papers.packs],
        "minutes": [document_out(d) for d in papers.minutes_documents],
        "decisions": [
            decision_out(d) for d in public_data.public_decisions().filter(meeting=found)
        ],
        "public_questions": [
            {
                "kind": submission.kind,
                "kind_label": submission.kind_label,
                "text": submission.text,
                "name": submission.name or None,
                "agenda_item_title": submission.item_title or None,
            }
            for submission in public_data.public_submissions(found)
        ],
    }


@meetings_router.get("/decisions", response=list[DecisionOut], summary="The decisions register")
@decorate_view(public_conditional)
@paginate(Paged)
def decisions(request: HttpRequest, committee: int | None = None):
    found = public_data.public_decisions().order_by("-decided_on", "-pk")
    if committee is not None:
        found = found.filter(decision_maker_committee_id=committee)
    return MappedList(found, decision_out)


@meetings_router.get(
    "/decisions/{decision_id}", response={200: DecisionOut, 404: NotFound}, summary="One decision"
)
@decorate_view(public_conditional)
def decision(request: HttpRequest, decision_id: int):
    found = public_data.public_decisions().filter(pk=decision_id).first()
    if found is None:
        raise Http404("No such decision")
    return decision_out(found)


@meetings_router.get(
    "/forward-plan", response=list[ForwardPlanEntryOut], summary="The forward plan"
)
@decorate_view(public_conditional)
@paginate(Paged)
def forward_plan(request: HttpRequest):
    entries = (
        public_data.forward_plan_entries()
        .current()
        .select_related("decision_maker_committee", "agenda_item")
        .order_by("expected_decision_date", "pk")
    )
    return MappedList(
        entries,
        lambda e: {
            "id": e.pk,
            "title": e.title,
            "matter": e.matter,
            "decision_maker": e.decision_maker_committee.name
            if e.decision_maker_committee_id
            else e.decision_maker_name,
            "expected_decision_date": e.expected_decision_date,
            "is_key_decision": e.is_key_decision,
            "private": e.private,
            "documents": e.documents,
            "contact": e.contact,
            "notice_published_on": e.notice_published_on,
            "meeting_id": e.agenda_item.meeting_id if e.agenda_item_id else None,
        },
    )


# --- Councillors as Popolo ------------------------------------------------------------------------

popolo_router = Router(tags=["Councillors (Popolo)"])
COUNCIL_ID = "organization/council"


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _last_day(end_date: date | None) -> str | None:
    """Popolo's end date is the last day a membership is held; ours is the first day after."""
    return _day(end_date - timedelta(days=1)) if end_date else None


def person_out(councillor: Councillor) -> dict:
    contact = []
    if councillor.council_email:
        contact.append({"type": "email", "value": councillor.council_email, "label": "Council"})
    if councillor.council_phone:
        contact.append({"type": "voice", "value": councillor.council_phone, "label": "Council"})
    return {
        "id": f"person/{councillor.pk}",
        "name": councillor.full_name,
        "given_name": councillor.first_name,
        "family_name": councillor.last_name,
        "sort_name": f"{councillor.last_name}, {councillor.first_name}",
        "honorific_prefix": councillor.title or None,
        "email": councillor.council_email or None,
        "contact_details": contact,
        "links": [],
    }


def public_persons():
    """Councillors who hold or have held office, and co-opted members with a co-option recorded
    (not councillors: Localism Act 2011 s27(4); they have committee memberships but no term, no
    ward and no political group). The same people the public profile pages show."""
    return members_public.public_members()


@popolo_router.get(
    "/persons",
    response=list[PopoloPerson],
    summary="Councillors and co-opted members, past and present",
)
@decorate_view(public_conditional)
@paginate(Paged)
def persons(request: HttpRequest):
    found = public_persons().order_by("last_name", "first_name", "pk")
    return MappedList(found, person_out)


@popolo_router.get(
    "/persons/{person_id}",
    response={200: PopoloPerson, 404: NotFound},
    summary="One councillor or co-opted member",
)
@decorate_view(public_conditional)
def person(request: HttpRequest, person_id: int):
    found = public_persons().filter(pk=person_id).first()
    if found is None:
        raise Http404("No such councillor")
    return person_out(found)


class InterestOut(Schema):
    category: str
    category_label: str
    withheld: bool
    disclosable_pecuniary_interest: bool | None
    whose: str
    description: str
    organisation: str
    address: str


class RegisterOut(Schema):
    person_id: str
    version: int | None
    published_at: datetime | None
    interests: list[InterestOut]
    url: str


@popolo_router.get(
    "/persons/{person_id}/interests",
    response={200: RegisterOut, 404: NotFound},
    summary="A councillor's or co-opted member's current register of interests",
    description="The current published version (Localism Act 2011 s29). A sensitive interest "
    "(s32) appears only as withheld: its category and the statutory words, nothing else.",
)
@decorate_view(public_conditional)
def person_interests(request: HttpRequest, person_id: int):
    councillor = public_persons().filter(pk=person_id).first()
    if councillor is None:
        raise Http404("No such councillor")
    current = members_public.current_register(councillor)
    rows = members_public.public_lines([current.pk]).get(current.pk, []) if current else []
    return {
        "person_id": f"person/{councillor.pk}",
        "version": current.version if current else None,
        "published_at": current.published_at if current else None,
        "interests": [
            {
                "category": row["category"],
                "category_label": row["category_label"],
                "withheld": bool(row["withheld"]),
                "disclosable_pecuniary_interest": None if row["withheld"] else row["is_dpi"],
                "whose": "" if row["withheld"] else row["public_whose"],
                "description": row["public_description"],
                "organisation": "" if row["withheld"] else row["public_organisation"],
                "address": "" if row["withheld"] else row["public_address"],
            }
            for row in rows
        ],
        "url": absolute(f"/members/{councillor.slug}/interests/"),
    }


@popolo_router.get(
    "/organizations",
    response=list[PopoloOrganization],
    summary="The council, its political groups and its committees",
)
@decorate_view(public_conditional)
def organizations(request: HttpRequest):
    council = {
        "id": COUNCIL_ID,
        "name": settings.COUNCIL_NAME,
        "classification": "council",
        "parent_id": None,
        "founding_date": None,
        "dissolution_date": None,
        "links": [{"url": absolute("/"), "note": "Website"}],
    }
    groups = [
        {
            "id": f"organization/party/{g.pk}",
            "name": g.name,
            "classification": "party",
            "parent_id": COUNCIL_ID,
            "founding_date": _day(g.constituted_on),
            "dissolution_date": _day(g.dissolved_on),
            "links": [],
        }
        for g in members_public.political_groups().order_by("name")
    ]
    committees_ = [
        {
            "id": f"organization/committee/{c.pk}",
            "name": c.name,
            "classification": "committee",
            "parent_id": f"organization/committee/{c.parent_id}" if c.parent_id else COUNCIL_ID,
            "founding_date": _day(c.established_on),
            "dissolution_date": _day(c.dissolved_on),
            "links": [{"url": absolute(f"/committees/{c.slug}/"), "note": "Committee page"}],
        }
        for c in public_data.committees().order_by("name")
    ]
    return [council, *groups, *committees_]


# A co-opted member's seat: Popolo's role names the kind of member, as Modern.Gov does.
SEAT_ROLES = {
    CommitteeMembership.Role.COOPTED_VOTING: "Co-opted member",
    CommitteeMembership.Role.COOPTED_NON_VOTING: "Co-opted member (non-voting)",
}


class MembershipFilters(Schema):
    person_id: int | None = None
    current: bool = False


@popolo_router.get(
    "/memberships",
    response=list[PopoloMembership],
    summary="Terms of office, political group and committee memberships",
)
@decorate_view(public_conditional)
@paginate(Paged)
def memberships(request: HttpRequest, filters: Query[MembershipFilters]):
    today = timezone.localdate()
    current = Q(end_date__isnull=True) | Q(end_date__gt=today)
    terms = members_public.terms().order_by("start_date", "pk")
    groups = members_public.group_memberships().order_by("start_date", "pk")
    seats = (
        public_data.committee_seats()
        .filter(councillor__in=members_public.public_members().values("pk"))
        .order_by("start_date", "pk")
    )
    if filters.person_id is not None:
        terms, groups, seats = (
            qs.filter(councillor_id=filters.person_id) for qs in (terms, groups, seats)
        )
    if filters.current:
        terms, groups, seats = (qs.filter(current) for qs in (terms, groups, seats))
    rows = [
        {
            "id": f"membership/term/{t.pk}",
            "person_id": f"person/{t.councillor_id}",
            "organization_id": COUNCIL_ID,
            "role": "Councillor",
            "label": f"Councillor for {t.ward.name}",
            "area_id": f"area/ward/{t.ward_id}",
            "start_date": t.start_date.isoformat(),
            "end_date": _last_day(t.end_date),
        }
        for t in terms.select_related("ward")
    ]
    rows += [
        {
            "id": f"membership/party/{g.pk}",
            "person_id": f"person/{g.councillor_id}",
            "organization_id": f"organization/party/{g.group_id}",
            "role": "Member",
            "label": f"Member of {g.group.name}",
            "area_id": None,
            "start_date": g.start_date.isoformat(),
            "end_date": _last_day(g.end_date),
        }
        for g in groups.select_related("group")
    ]
    rows += [
        {
            "id": f"membership/committee/{s.pk}",
            "person_id": f"person/{s.councillor_id}",
            "organization_id": f"organization/committee/{s.committee_id}",
            "role": SEAT_ROLES.get(s.role, s.get_role_display()),
            "label": f"{SEAT_ROLES.get(s.role, s.get_role_display())} of {s.committee.name}",
            "area_id": None,
            "start_date": s.start_date.isoformat(),
            "end_date": _last_day(s.end_date),
        }
        for s in seats.select_related("committee")
    ]
    return rows


@popolo_router.get("/areas", response=list[PopoloArea], summary="Wards")
@decorate_view(public_conditional)
def areas(request: HttpRequest):
    return [
        {
            "id": f"area/ward/{w.pk}",
            "name": w.name,
            "identifier": w.gss_code or None,
            "classification": "ward",
        }
        for w in elections_public.wards().order_by("name")
    ]


# --- Election results (issue 13, point 5) ---------------------------------------------------------

results_router = Router(tags=["Election results"])


class RejectedOut(Schema):
    head: str
    number: int


class CandidateResultOut(Schema):
    name: str
    party: str
    votes: int
    elected: bool
    elected_by_lot: bool


class ContestResultOut(Schema):
    ballot_paper_id: str = Field(description="Democracy Club's ballot paper identifier.")
    name: str
    seats: int
    status: str = Field(description="`declared` or `awaiting declaration`.")
    declared_at: datetime | None
    electorate: int | None
    ballot_papers_counted: int | None
    valid_ballot_papers: int | None
    turnout_ballot_box: str | None = Field(
        description="Electoral Commission ballot box turnout, per cent: (valid ballot papers + "
        "rejected at the count) / electorate."
    )
    rejected: list[RejectedOut]
    lot: str
    candidates: list[CandidateResultOut]


class ElectionResultsOut(Schema):
    id: int
    election_id: str = Field(description="Democracy Club's election identifier.")
    title: str
    poll_date: date
    url: str
    contests: list[ContestResultOut]


class ElectionSummaryOut(Schema):
    id: int
    election_id: str
    title: str
    poll_date: date
    url: str


def contest_result_out(contest) -> dict:
    result = elections_public.declared_result_of(contest)
    out = {
        "ballot_paper_id": contest.ballot_id,
        "name": str(contest),
        "seats": contest.seats,
        "status": "declared" if result else "awaiting declaration",
        "declared_at": None,
        "electorate": None,
        "ballot_papers_counted": None,
        "valid_ballot_papers": None,
        "turnout_ballot_box": None,
        "rejected": [],
        "lot": "",
        "candidates": [],
    }
    if result is None:
        return out
    turnout = elections_public.result_turnout(result).ballot_box
    out.update(
        declared_at=result.declared_at,
        electorate=result.electorate,
        ballot_papers_counted=result.ballot_papers_counted,
        valid_ballot_papers=result.valid_ballot_papers,
        turnout_ballot_box=str(turnout) if turnout is not None else None,
        rejected=[{"head": h, "number": n} for h, n in result.rejected.statement()],
        lot=result.lot_record,
        candidates=[
            {
                "name": c.name,
                "party": c.party,
                "votes": c.votes,
                "elected": c.elected,
                "elected_by_lot": c.elected_by_lot,
            }
            for c in result.candidates.all()
        ],
    )
    return out


def _election_url(election) -> str:
    return absolute(reverse("elections:results-election", args=[election.pk]))


@results_router.get(
    "/elections", response=list[ElectionSummaryOut], summary="Elections with results live"
)
@decorate_view(public_conditional)
@paginate(Paged)
def results_elections(request: HttpRequest):
    return MappedList(
        elections_public.results_elections(),
        lambda e: {
            "id": e.pk,
            "election_id": e.election_id,
            "title": e.title,
            "poll_date": e.poll_date,
            "url": _election_url(e),
        },
    )


@results_router.get(
    "/elections/{election_id}/results",
    response={200: ElectionResultsOut, 404: NotFound},
    summary="An election's results, contest by contest (live on the night)",
)
@decorate_view(public_conditional)
def election_results(request: HttpRequest, election_id: int):
    election = elections_public.results_election(election_id)
    if election is None:
        raise Http404("No such results")
    return {
        "id": election.pk,
        "election_id": election.election_id,
        "title": election.title,
        "poll_date": election.poll_date,
        "url": _election_url(election),
        "contests": [contest_result_out(c) for c in elections_public.results_contests(election)],
    }


api.add_router("/", meetings_router)
api.add_router("/popolo", popolo_router)
api.add_router("/", results_router)


# --- The index ------------------------------------------------------------------------------------


class EndpointOut(Schema):
    path: str
    url: str
    summary: str
    tag: str


class IndexOut(Schema):
    title: str
    version: str
    description: str
    openapi: str
    docs: str
    endpoints: list[EndpointOut]


@functools.cache
def operations() -> list[dict]:
    """Every GET operation of the API, in the order the OpenAPI description lists them:
    ``path`` (the template, e.g. ``/api/v1/meetings/{meeting_id}``), ``summary``,
    ``description``, ``tag``, ``parameters`` and ``responses``, as the description gives them."""
    schema = api.get_openapi_schema()
    found = []
    for path, methods in schema["paths"].items():
        operation = methods.get("get")
        if operation is None:
            continue
        found.append(
            {
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "tag": (operation.get("tags") or ["API"])[0],
                "parameters": operation.get("parameters", []),
                "responses": operation.get("responses", {}),
            }
        )
    return found


@api.get(
    "/",
    response=IndexOut,
    summary="This index: every endpoint, and links to the OpenAPI description and the docs",
    url_name="index",
    tags=["API"],
)
@decorate_view(public_conditional)
def index(request: HttpRequest):
    return {
        "title": api.title,
        "version": api.version,
        "description": api.description,
        "openapi": absolute(reverse("api-v1:openapi-json")),
        "docs": absolute(reverse("api-docs")),
        "endpoints": [
            {
                "path": operation["path"],
                "url": absolute(operation["path"]),
                "summary": operation["summary"],
                "tag": operation["tag"],
            }
            for operation in operations()
        ],
    }


# --- Lists that map rows after pagination slices them ----------------------------------------------


class MappedList:
    """A QuerySet whose rows are turned into dictionaries after slicing, so pagination still
    counts and slices in the database."""

    def __init__(self, queryset, mapper) -> None:
        self.queryset, self.mapper = queryset, mapper

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index):
        rows = self.queryset[index]
        if isinstance(index, slice):
            return [self.mapper(row) for row in rows]
        return self.mapper(rows)

    def __len__(self) -> int:
        return self.count()
