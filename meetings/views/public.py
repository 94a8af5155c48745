"""Public pages, open to anyone without signing in: committees, meetings (list, month calendar,
each meeting's agenda, papers, minutes, decisions and attendance), the decisions register and the
forward plan, and the downloads of public documents.

Permanent URLs (documented in ``meetings.public``): ``/committees/<slug>/``,
``/meetings/<id>/<committee slug>-<yyyy-mm-dd>/`` (``/meetings/<id>/`` and any other slug
redirect there permanently, so a rescheduled meeting keeps its links), ``/decisions/<id>/``.
Every query starts from a ``public()`` QuerySet; nothing exempt or confidential is loaded
beyond its marking (the paragraphs of Schedule 12A), which the notices print.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Max, Min, OuterRef, Subquery, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from democracy.public_cache import public_conditional
from democracy.richtext import sanitise
from democracy.validity import in_force_on
from meetings import packs
from meetings import public as public_data
from meetings.models import (
    AgendaPack,
    Committee,
    CommitteeMembership,
    Decision,
    Meeting,
)
from meetings.report_html import body_for
from meetings.services.minutes import render_minutes_pdf
from meetings.views.meetings import MEETING_TAGS
from members.models import CoOption, GroupMembership

PAGE_SIZE = 50
ROLE_ORDER = [
    CommitteeMembership.Role.CHAIR,
    CommitteeMembership.Role.VICE_CHAIR,
    CommitteeMembership.Role.MEMBER,
    CommitteeMembership.Role.COOPTED_VOTING,
    CommitteeMembership.Role.COOPTED_NON_VOTING,
    CommitteeMembership.Role.SUBSTITUTE,
]
CO_OPTED_ROLES = (
    CommitteeMembership.Role.COOPTED_VOTING,
    CommitteeMembership.Role.COOPTED_NON_VOTING,
)
DECISION_TAGS = {
    Decision.Status.OPEN: "govuk-tag--yellow",
    Decision.Status.CALLED_IN: "govuk-tag--orange",
    Decision.Status.IMPLEMENTABLE: "govuk-tag--green",
    Decision.Status.URGENT: "govuk-tag--red",
    Decision.Status.PUBLISHED: "govuk-tag--green",
    Decision.Status.REFERRED_BACK: "govuk-tag--orange",
    Decision.Status.REFERRED_TO_COUNCIL: "govuk-tag--orange",
}


def public_meetings():
    return public_data.meetings().select_related("committee", "room__venue")


def decorate(meetings) -> list[Meeting]:
    meetings = list(meetings)
    for meeting in meetings:
        meeting.tag_class = MEETING_TAGS.get(meeting.status, "")
        meeting.public_url = public_data.meeting_url(meeting)
        meeting.where = public_data.where(meeting)
    return meetings


def decorate_decisions(decisions) -> list[Decision]:
    decisions = list(decisions)
    for decision in decisions:
        decision.tag_class = DECISION_TAGS.get(decision.status, "")
    return decisions


def get_committee(slug: str) -> Committee:
    committee = public_data.committees().filter(slug=slug).first()
    if committee is None:
        raise Http404("No such committee")
    return committee


# --- Committees ---------------------------------------------------------------------------------


@require_safe
def committee_list(request: HttpRequest) -> HttpResponse:
    committees = public_data.committees().active().select_related("parent").order_by("name")
    return render(request, "meetings/public/committees.html", {"committees": committees})


@require_safe
def committee_detail(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_committee(slug)
    today = timezone.localdate()
    group = GroupMembership.objects.filter(in_force_on(today), councillor=OuterRef("councillor"))
    co_option = CoOption.objects.filter(in_force_on(today), councillor=OuterRef("councillor"))
    seats = (
        public_data.committee_seats()
        .filter(in_force_on(today), committee=committee)
        .select_related("councillor")
        .annotate(
            group_name=Subquery(group.values("group__name")[:1]),
            appointment=Subquery(co_option.values("appointment")[:1]),
            role_order=Case(
                *[When(role=role, then=Value(n)) for n, role in enumerate(ROLE_ORDER)],
                output_field=IntegerField(),
            ),
        )
        .order_by("role_order", "councillor__last_name", "coopted_name")
    )
    # Co-opted members (recorded as people, or by name only) are not councillors: they are
    # listed apart, with no political group (they count for no political balance, LGHA 1989 s15).
    members, co_opted = [], []
    for seat in seats:
        (co_opted if seat.role in CO_OPTED_ROLES else members).append(seat)
    meetings = public_meetings().filter(committee=committee)
    upcoming = decorate(meetings.on_days(first=today).order_by("starts_at")[:10])
    recent = decorate(meetings.before_day(today).order_by("-starts_at")[:10])
    decisions = decorate_decisions(
        public_data.public_decisions().filter(decision_maker_committee=committee)[:10]
    )
    return render(
        request,
        "meetings/public/committee.html",
        {
            "committee": committee,
            "members": members,
            "co_opted": co_opted,
            "upcoming": upcoming,
            "recent": recent,
            "decisions": decisions,
        },
    )


# --- Meetings -----------------------------------------------------------------------------------


@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    committees = list(public_data.committees().order_by("name"))
    chosen = next((c for c in committees if c.slug == request.GET.get("committee")), None)
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    meetings = public_meetings()
    if chosen is not None:
        meetings = meetings.filter(committee=chosen)
    today = timezone.localdate()
    if when == "past":
        meetings = meetings.before_day(today).order_by("-starts_at", "-pk")
    else:
        meetings = meetings.on_days(first=today).order_by("starts_at", "pk")
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/public/meetings.html",
        {
            "committees": committees,
            "chosen": chosen,
            "when": when,
            "page": page,
            "meetings": decorate(page.object_list),
            "query": query.urlencode(),
            "today": today,
        },
    )


@require_safe
def calendar_now(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return redirect("meetings:public-calendar", today.year, today.month)


def calendar_span(today: date) -> tuple[date, date]:
    """The first and last months the calendar offers: from the month of the first public
    meeting to the month of the last, and always this month (where /meetings/calendar/ goes).
    Outside these years the calendar is a 404, and it links no further than these months, so a
    crawler following "Next month" stops (it once went on for ever)."""
    span = public_meetings().aggregate(first=Min("starts_at"), last=Max("starts_at"))
    this_month = today.replace(day=1)
    months = [this_month] + [
        timezone.localdate(span[end]).replace(day=1) for end in ("first", "last") if span[end]
    ]
    return min(months), max(months)


@require_safe
def calendar_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    opens, closes = calendar_span(timezone.localdate())
    if not (1 <= month <= 12 and opens.year <= year <= closes.year):
        raise Http404("No such month")
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    committees = list(public_data.committees().order_by("name"))
    chosen = next((c for c in committees if c.slug == request.GET.get("committee")), None)
    in_month = public_meetings().on_days(first=first, last=last)
    if chosen is not None:
        in_month = in_month.filter(committee=chosen)
    meetings = decorate(in_month.order_by("starts_at"))
    days: dict[date, list[Meeting]] = {}
    for meeting in meetings:
        days.setdefault(meeting.date, []).append(meeting)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return render(
        request,
        "meetings/public/calendar.html",
        {
            "first": first,
            "days": sorted(days.items()),
            "previous": previous if previous >= opens else None,
            "following": following if following <= closes else None,
            "committees": committees,
            "chosen": chosen,
            "query": f"?committee={chosen.slug}" if chosen else "",
        },
    )


def get_public_meeting(pk: int) -> Meeting:
    meeting = public_data.public_meeting(pk)
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


@require_safe
def meeting_redirect(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    return redirect(public_data.meeting_url(get_public_meeting(pk)), permanent=True)


@require_safe
def meeting_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    meeting = get_public_meeting(pk)
    if slug != public_data.meeting_slug(meeting):
        return redirect(public_data.meeting_url(meeting), permanent=True)
    papers = public_data.meeting_papers(meeting)
    return render(
        request,
        "meetings/public/meeting.html",
        {
            "meeting": meeting,
            "papers": papers,
            "participation": public_data.participation(meeting),
            "where": public_data.where(meeting),
            "tag_class": MEETING_TAGS.get(meeting.status, ""),
        },
    )


@require_safe
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A public report written here (HTML), with its public appendices."""
    report = (
        public_data.reports()
        .select_related("item__meeting__committee", "item__meeting__room__venue")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("No such report")
    appendices = list(public_data.appendices().filter(report=report).order_by("position"))
    for appendix in appendices:
        appendix.body = sanitise(appendix.body_html)
    meeting = report.item.meeting
    return render(
        request,
        "meetings/public/report.html",
        {
            "report": report,
            "body": body_for(report),
            "appendices": appendices,
            "meeting": meeting,
            "meeting_url": public_data.meeting_url(meeting),
        },
    )


def _pdf(file, name: str) -> FileResponse:
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("No such document") from None
    response = FileResponse(handle, content_type="application/pdf", filename=f"{slugify(name)}.pdf")
    response["Cache-Control"] = "no-cache"  # checked again on each request
    return response


@require_safe
def report_pdf(request: HttpRequest, pk: int) -> FileResponse:
    report = public_data.reports().filter(pk=pk).first()
    if report is None or not report.pdf:
        raise Http404("No such report")
    return _pdf(report.pdf, report.title)


@require_safe
def appendix_pdf(request: HttpRequest, pk: int) -> FileResponse:
    appendix = public_data.appendices().filter(pk=pk).first()
    if appendix is None or not appendix.pdf:
        raise Http404("No such appendix")
    return _pdf(appendix.pdf, f"{appendix.label} {appendix.title}")


@require_safe
def pack_pdf(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """The public agenda pack (or a public supplement) only: a full pack is never served here."""
    meeting = get_public_meeting(pk)
    parsed = packs.parse_kind(kind)
    if parsed is None or parsed[0] != AgendaPack.Kind.PUBLIC:
        raise Http404("No such pack")
    pack = (
        public_data.agenda_packs()
        .filter(meeting=meeting, kind=AgendaPack.Kind.PUBLIC, supplement=parsed[1])
        .first()
    )
    if pack is None:
        raise Http404("No such pack")
    pack.meeting = meeting
    if not packs.is_still_public(pack):
        raise Http404("No such pack")
    response = _pdf(pack.file, packs.filename(pack)[: -len(".pdf")])
    return response


@require_safe
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The public version of the minutes (restricted minutes replaced by their notice)."""
    meeting = get_public_meeting(pk)
    minutes = public_data.minutes().filter(meeting=meeting).first()
    if minutes is None:
        raise Http404("No minutes")
    response = HttpResponse(
        render_minutes_pdf(minutes, public=True), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="minutes-{public_data.meeting_slug(meeting)}.pdf"'
    )
    return response


# --- Decisions and the forward plan -------------------------------------------------------------


@require_safe
def decision_list(request: HttpRequest) -> HttpResponse:
    committees = list(public_data.committees().order_by("name"))
    chosen = next((c for c in committees if c.slug == request.GET.get("committee")), None)
    decisions = public_data.public_decisions()
    if chosen is not None:
        decisions = decisions.filter(decision_maker_committee=chosen)
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/public/decisions.html",
        {
            "committees": committees,
            "chosen": chosen,
            "page": page,
            "decisions": decorate_decisions(page.object_list),
            "query": query.urlencode(),
        },
    )


@require_safe
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = public_data.public_decisions().filter(pk=pk).first()
    if decision is None:
        raise Http404("No such decision")
    decision.tag_class = DECISION_TAGS.get(decision.status, "")
    return render(
        request,
        "meetings/public/decision.html",
        {
            "decision": decision,
            "meeting_url": public_data.meeting_url(decision.meeting) if decision.meeting else "",
        },
    )


@require_safe
def forward_plan(request: HttpRequest) -> HttpResponse:
    entries = list(
        public_data.forward_plan_entries()
        .current()
        .select_related("decision_maker_committee", "agenda_item__meeting__committee")
        .order_by("expected_decision_date", "pk")
    )
    for entry in entries:
        meeting = entry.agenda_item.meeting if entry.agenda_item_id else None
        entry.meeting_url = public_data.meeting_url(meeting) if meeting else ""
    return render(request, "meetings/public/forward_plan.html", {"entries": entries})


# Public pages answer conditional GETs and are cached for anonymous visitors until something is
# published or changed (democracy.public_cache); downloads of stored files stream and are not.
cached = public_conditional

urlpatterns = [
    path("committees/", cached(committee_list), name="public-committees"),
    path("committees/<slug:slug>/", cached(committee_detail), name="public-committee"),
    path("meetings/", cached(meeting_list), name="public-meetings"),
    path("meetings/calendar/", calendar_now, name="public-calendar-now"),
    path(
        "meetings/calendar/<int:year>/<int:month>/", cached(calendar_month), name="public-calendar"
    ),
    path("meetings/<int:pk>/", meeting_redirect, name="public-meeting-short"),
    path("meetings/<int:pk>/<slug:slug>/", cached(meeting_detail), name="public-meeting"),
    path("meetings/<int:pk>/packs/<str:kind>.pdf", pack_pdf, name="public-pack"),
    path("meetings/<int:pk>/minutes.pdf", cached(minutes_pdf), name="public-minutes-pdf"),
    path("papers/reports/<int:pk>/", cached(report_page), name="public-report"),
    path("papers/reports/<int:pk>.pdf", report_pdf, name="public-report-pdf"),
    path("papers/appendices/<int:pk>.pdf", appendix_pdf, name="public-appendix-pdf"),
    path("decisions/", cached(decision_list), name="public-decisions"),
    path("decisions/<int:pk>/", cached(decision_detail), name="public-decision"),
    path("forward-plan/", cached(forward_plan), name="public-forward-plan"),
]
