"""Officer and report-author pages for meetings."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from democracy.council import meeting_calendar, period
from democracy.permissions import role_required
from democracy.roles import Role
from democracy.validity import in_force_on
from meetings import rules
from meetings.forms import PublicationDeadlineForm
from meetings.models import Committee, Meeting, Report
from meetings.services.clearance import roles_held_by
from meetings.services.committees import VOTING_COUNCILLOR_ROLES
from meetings.services.forward_plan import upcoming_key_decision_problems
from meetings.views.meetings import REPORT_TAGS, Deadlines, decorate

UPCOMING_ON_HOME = 10

OFFICER_ROLES = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)


@role_required(*OFFICER_ROLES)
def officer_home(request: HttpRequest) -> HttpResponse:
    """Democratic services' landing page: committees, and the statutory publication deadlines
    for any meeting date."""
    today = timezone.localdate()
    committees = (
        Committee.objects.active(today)
        .select_related("parent")
        .annotate(
            filled=Count(
                "memberships",
                # The committee's size counts its voting seats for councillors: co-opted and
                # substitute seats are not among them.
                filter=in_force_on(today, "memberships__")
                & Q(memberships__role__in=VOTING_COUNCILLOR_ROLES),
            )
        )
        .order_by("name")  # an aggregate drops Meta.ordering
    )
    form = PublicationDeadlineForm(request.GET or None)
    deadline = None
    if form.is_valid():
        deadline = rules.publication_deadline(
            form.cleaned_data["meeting_date"],
            clear_days=period("agenda_clear_days"),
            report_working_days=period("report_deadline_working_days"),
            calendar=meeting_calendar(),
        )
    upcoming = decorate(
        Meeting.all_objects.upcoming()
        .select_related("committee", "room__venue")
        .order_by("starts_at")[:UPCOMING_ON_HOME],
        Deadlines(today),
    )
    return render(
        request,
        "meetings/officer_home.html",
        {
            "committees": committees,
            "form": form,
            "deadline": deadline,
            "upcoming": upcoming,
            "key_decision_problems": len(upcoming_key_decision_problems(today)),
        },
    )


@role_required(Role.REPORT_AUTHOR)
def author_home(request: HttpRequest) -> HttpResponse:
    """A report author's landing page: the reports they are writing and when each is due."""
    deadlines = Deadlines()
    reports = list(
        Report.all_objects.filter(
            author=request.user,
            item__meeting__starts_at__date__gte=deadlines.today,
            item__meeting__status__in=[Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED],
        )
        .exclude(status=Report.Status.WITHDRAWN)
        .select_related("item__meeting__committee")
        .order_by("item__meeting__starts_at", "item__position")
    )
    for report in reports:
        report.tag_class = REPORT_TAGS.get(report.status, "")
        report.countdown = deadlines.countdown(report.item.meeting.date)
        report.due = report.countdown.deadline.report_deadline
        report.overdue = report.status != Report.Status.READY and deadlines.today > report.due
    return render(
        request,
        "meetings/author_home.html",
        {
            "report_deadline_days": period("report_deadline_working_days"),
            "reports": reports,
            "signs_off": bool(roles_held_by(request.user)),
        },
    )


urlpatterns = [
    path("", officer_home, name="officer-home"),
    path("reports/", author_home, name="author-home"),
]
