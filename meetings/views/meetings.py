"""Officer pages for meetings: the list, scheduling one meeting or a committee's annual cycle,
rescheduling, cancelling and postponing, and the meeting page where the agenda is built.

Every page runs a fixed number of queries whatever the number of meetings or items: the
statutory calendar is read once per request and deadlines are computed from it in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from democracy import calendars
from democracy.constitution import meeting_defaults
from democracy.council import meeting_calendar, period
from democracy.permissions import role_required
from democracy.roles import Role
from meetings import packs, rules
from meetings.forms import (
    MeetingFilterForm,
    MeetingForm,
    PostponeForm,
    ReasonForm,
    RescheduleForm,
    SeriesForm,
    add_service_errors,
    at,
    posted,
)
from meetings.models import AgendaItem, Meeting, Report
from meetings.permissions import get_meeting_for_user
from meetings.rules import privacy
from meetings.rules.numbering import numbered
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services
from meetings.services.forward_plan import key_decision_problems

OFFICERS = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)

MEETING_TAGS = {
    Meeting.Status.SCHEDULED: "govuk-tag--blue",
    Meeting.Status.AGENDA_PUBLISHED: "govuk-tag--green",
    Meeting.Status.HELD: "govuk-tag--grey",
    Meeting.Status.CANCELLED: "govuk-tag--red",
    Meeting.Status.POSTPONED: "govuk-tag--orange",
}
REPORT_TAGS = {
    Report.Status.DRAFT: "govuk-tag--grey",
    Report.Status.AWAITING_SIGN_OFF: "govuk-tag--yellow",
    Report.Status.CHANGES_REQUESTED: "govuk-tag--orange",
    Report.Status.READY: "govuk-tag--green",
    Report.Status.WITHDRAWN: "govuk-tag--grey",
}


# --- Deadlines ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Countdown:
    """A meeting's publication deadline seen from ``today``."""

    deadline: rules.PublicationDeadline
    today: date
    working_days_left: int  # working days after today up to and including the latest date

    @property
    def passed(self) -> bool:
        return self.today > self.deadline.latest_publication

    @property
    def last_day(self) -> bool:
        return self.today == self.deadline.latest_publication

    @property
    def report_deadline_passed(self) -> bool:
        return self.today > self.deadline.report_deadline

    @property
    def summary(self) -> str:
        """One line: "Publish by 7 May 2026 (3 working days left)", or that it has passed."""
        latest = f"{self.deadline.latest_publication:%-d %B %Y}"
        if self.passed:
            return f"Publication deadline passed ({latest})"
        if self.last_day:
            return f"Publish by {latest} (today is the last day)"
        left = self.working_days_left
        return f"Publish by {latest} ({left} working day{'s' if left != 1 else ''} left)"


class Deadlines:
    """Publication deadlines for many meetings from one reading of the statutory calendar."""

    def __init__(self, today: date | None = None):
        self.today = today or timezone.localdate()
        self.calendar = meeting_calendar()
        self.clear_days = period("agenda_clear_days")
        self.report_days = period("report_deadline_working_days")

    def deadline(self, meeting_date: date) -> rules.PublicationDeadline:
        return rules.publication_deadline(
            meeting_date,
            clear_days=self.clear_days,
            report_working_days=self.report_days,
            calendar=self.calendar,
        )

    def countdown(self, meeting_date: date) -> Countdown:
        deadline = self.deadline(meeting_date)
        left = len(
            calendars.working_days_in_range(
                self.today + timedelta(days=1),
                deadline.latest_publication,
                calendar=self.calendar,
            )
        )
        return Countdown(deadline=deadline, today=self.today, working_days_left=left)


def awaiting_publication(meeting: Meeting) -> bool:
    return meeting.status == Meeting.Status.SCHEDULED and not meeting.is_published


def decorate(meetings, deadlines: Deadlines) -> list[Meeting]:
    """Attach the status tag class, and a countdown to each meeting still to be published."""
    meetings = list(meetings)
    for meeting in meetings:
        meeting.tag_class = MEETING_TAGS.get(meeting.status, "")
        meeting.countdown = (
            deadlines.countdown(meeting.date) if awaiting_publication(meeting) else None
        )
    return meetings


def pack_links(meeting: Meeting, user) -> list[dict]:
    """The agenda packs this user may download (built after publication, in the background)."""
    if not meeting.is_published:
        return []
    return [
        {
            "label": pack.label,
            "url": reverse("meetings:pack", args=[meeting.pk, pack.url_kind]),
            "pages": pack.page_count,
            "full": pack.kind == pack.Kind.FULL,
        }
        for pack in packs.available_packs(meeting, user)
    ]


def where(meeting: Meeting) -> str:
    if meeting.room_id:
        return str(meeting.room)
    return meeting.location_note


# --- Pages --------------------------------------------------------------------------------------


@role_required(*OFFICERS)
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Meetings by committee, upcoming or past, each with its publication countdown."""
    form = MeetingFilterForm(request.GET or None)
    meetings = Meeting.all_objects.select_related("committee", "room__venue")
    when = "upcoming"
    if form.is_valid():
        when = form.cleaned_data["when"] or "upcoming"
        if form.cleaned_data["committee"]:
            meetings = meetings.filter(committee=form.cleaned_data["committee"])
    today = timezone.localdate()
    if when == "past":
        meetings = meetings.filter(starts_at__date__lt=today).order_by("-starts_at")
    else:
        meetings = meetings.filter(starts_at__date__gte=today).order_by("starts_at")
    page = Paginator(meetings, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/meetings/list.html",
        {
            "form": form,
            "when": when,
            "page": page,
            "meetings": decorate(page.object_list, Deadlines(today)),
            "query": query.urlencode(),
        },
    )


def usual_times() -> dict[str, time]:
    """The start and expected end the constitution gives a meeting, offered on the forms."""
    usual = meeting_defaults()
    start = datetime.combine(date.min, usual.start_time)
    end = min(start + timedelta(minutes=usual.duration_minutes), start.replace(hour=23, minute=59))
    return {"start_time": usual.start_time, "end_time": end.time()}


@role_required(*OFFICERS)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(posted(request), initial=usual_times())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meeting_services.meeting_create(
                committee=data["committee"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                room=data["room"],
                location_note=data["location_note"],
                is_extraordinary=data["is_extraordinary"],
                webcast_url=data["webcast_url"],
                remote_attendance_url=data["remote_attendance_url"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error, form.service_fields)
        else:
            messages.success(request, f"Meeting scheduled: {meeting}")
            if meeting.schedule_warning:
                messages.warning(request, meeting.schedule_warning)
            return redirect("meetings:meeting-detail", meeting.pk)
    return render(
        request, "meetings/meetings/form.html", {"form": form, "title": "Schedule a meeting"}
    )


@role_required(*OFFICERS)
def series_create(request: HttpRequest) -> HttpResponse:
    """A committee's cycle for a municipal year: every clash is listed and nothing is saved
    unless every meeting can be."""
    form = SeriesForm(posted(request), initial=usual_times())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        planned = [
            meeting_services.PlannedMeeting(
                starts_at=at(day, data["start_time"]), ends_at=at(day, data["end_time"])
            )
            for day in data["dates"]
        ]
        try:
            series = meeting_services.series_create(
                committee=data["committee"],
                municipal_year=data["municipal_year"],
                meetings=planned,
                room=data["room"],
                location_note=data["location_note"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error, form.service_fields)
        else:
            count = len(planned)
            messages.success(
                request, f"{count} meeting{'s' if count != 1 else ''} scheduled for {series}"
            )
            return redirect(
                f"{reverse('meetings:meeting-list')}?committee={series.committee_id}&when=upcoming"
            )
    return render(
        request,
        "meetings/meetings/form.html",
        {"form": form, "title": "Schedule a year of meetings"},
    )


@role_required(*OFFICERS)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The officer's agenda builder: the meeting, its publication deadline and its agenda."""
    meeting = get_meeting_for_user(request, pk)
    items = list(meeting.items.select_related("report__author").order_by("parent_id", "position"))
    rows = agenda_rows(items, published=meeting.is_published)
    deadlines = Deadlines()
    countdown = deadlines.countdown(meeting.date) if awaiting_publication(meeting) else None
    not_ready = [
        row["report"]
        for row in rows
        if row["report"]
        and row["report"].status not in {Report.Status.READY, Report.Status.WITHDRAWN}
    ]
    return render(
        request,
        "meetings/meetings/detail.html",
        {
            "meeting": meeting,
            "tag_class": MEETING_TAGS.get(meeting.status, ""),
            "where": where(meeting),
            "countdown": countdown,
            "deadline": countdown.deadline if countdown else deadlines.deadline(meeting.date),
            "rows": rows,
            "not_ready": not_ready,
            "editable": meeting.status
            in {Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED},
            "can_publish": awaiting_publication(meeting),
            "can_move": meeting.status in MOVABLE,
            "can_postpone": meeting.status in POSTPONABLE,
            "can_cancel": meeting.status in CANCELLABLE,
            "packs": pack_links(meeting, request.user),
            "key_decision_problems": key_decision_problems(meeting),
            "can_run": meeting.is_published and meeting.status != Meeting.Status.CANCELLED,
        },
    )


def restriction_labels(target) -> list[str]:
    """The tags for a marked item or document: "Exempt: paragraphs 1 and 6", "Confidential"."""
    labels = []
    if target.exempt_paragraphs:
        paragraphs = sorted(target.exempt_paragraphs)
        noun = "paragraph" if len(paragraphs) == 1 else "paragraphs"
        labels.append(f"Exempt: {noun} {agenda_services.and_list(paragraphs)}")
    if target.confidential:
        labels.append("Confidential")
    return labels


def agenda_rows(items: list[AgendaItem], *, published: bool = False) -> list[dict]:
    """The numbered agenda with, for each item, its report, its marking and whether it can move
    up or down within its section (public or private business, or among its sibling sub-items);
    nothing moves once the agenda is published (its numbers never change)."""
    rows = []
    reports = {item.pk: getattr(item, "report", None) for item in items}
    # The section an item moves within, as ``agenda_services.arrange`` lays the agenda out.
    in_private = privacy.private_business(items, {k: r for k, r in reports.items() if r})
    for number, item in numbered(items):
        report = reports[item.pk]
        rows.append(
            {
                "number": number,
                "item": item,
                "report": report,
                "report_tag": REPORT_TAGS.get(report.status, "") if report else "",
                "private": item.pk in in_private,
                "business": item.kind == AgendaItem.Kind.BUSINESS,
                "standard": item.kind != AgendaItem.Kind.BUSINESS,
                "sub_item": item.parent_id is not None,
                "item_labels": restriction_labels(item),
                "report_labels": restriction_labels(report) if report else [],
            }
        )
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        if not row["business"]:
            continue
        key = ("sub", row["item"].parent_id) if row["sub_item"] else ("top", row["private"])
        groups.setdefault(key, []).append(row)
    for siblings in groups.values():
        for index, row in enumerate(siblings):
            row["can_move_up"] = index > 0 and not published
            row["can_move_down"] = index < len(siblings) - 1 and not published
    return rows


@role_required(*OFFICERS)
def meeting_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    if meeting.status not in MOVABLE:
        return _refuse(request, meeting, "moved")
    local_start = timezone.localtime(meeting.starts_at)
    local_end = timezone.localtime(meeting.ends_at)
    form = RescheduleForm(
        posted(request),
        initial={
            "meeting_date": meeting.date,
            "start_time": local_start.time(),
            "end_time": local_end.time(),
            "room": meeting.room_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_services.meeting_reschedule(
                meeting=meeting,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                room=data["room"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error, form.service_fields)
        else:
            messages.success(request, f"Meeting rescheduled: {meeting}")
            return redirect("meetings:meeting-detail", meeting.pk)
    return render(
        request,
        "meetings/meetings/form.html",
        {"form": form, "meeting": meeting, "title": "Reschedule the meeting"},
    )


# The statuses from which a meeting may be moved, cancelled or postponed. A postponed meeting
# is not moved: its business goes to another meeting (``postponed_to``).
MOVABLE = {Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED}
CANCELLABLE = {*MOVABLE, Meeting.Status.POSTPONED}
POSTPONABLE = MOVABLE


def _refuse(request: HttpRequest, meeting: Meeting, what: str) -> HttpResponse:
    messages.error(request, f"A {meeting.get_status_display().lower()} meeting cannot be {what}.")
    return redirect("meetings:meeting-detail", meeting.pk)


def _change_status(request: HttpRequest, pk: int, *, postpone: bool) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    verb = "postponed" if postpone else "cancelled"
    if meeting.status not in (POSTPONABLE if postpone else CANCELLABLE):
        return _refuse(request, meeting, verb)
    form_class, extra = (PostponeForm, {"meeting": meeting}) if postpone else (ReasonForm, {})
    form = form_class(
        posted(request),
        label=f"Why is the meeting {verb}?",
        required=f"Enter why the meeting is {verb}",
        hint="This is shown with the meeting.",
        button=f"{'Postpone' if postpone else 'Cancel'} the meeting",
        **extra,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if postpone:
                meeting_services.meeting_postpone(
                    meeting=meeting,
                    reason=form.cleaned_data["reason"],
                    to=form.cleaned_data["postponed_to"],
                    by=request.user,
                )
            else:
                meeting_services.meeting_cancel(
                    meeting=meeting, reason=form.cleaned_data["reason"], by=request.user
                )
        except ValidationError as error:
            add_service_errors(form, error, form.service_fields)
        else:
            messages.success(request, f"Meeting {verb}: {meeting}")
            return redirect("meetings:meeting-detail", meeting.pk)
    return render(
        request,
        "meetings/meetings/form.html",
        {
            "form": form,
            "meeting": meeting,
            "title": f"{'Postpone' if postpone else 'Cancel'} the meeting",
            "warning": "The room booking is released and reminders about the meeting stop.",
        },
    )


@role_required(*OFFICERS)
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, postpone=False)


@role_required(*OFFICERS)
def meeting_postpone(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, postpone=True)


urlpatterns = [
    path("meetings/", meeting_list, name="meeting-list"),
    path("meetings/new/", meeting_create, name="meeting-create"),
    path("meetings/series/new/", series_create, name="series-create"),
    path("meetings/<int:pk>/", meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/reschedule/", meeting_reschedule, name="meeting-reschedule"),
    path("meetings/<int:pk>/cancel/", meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/postpone/", meeting_postpone, name="meeting-postpone"),
]
