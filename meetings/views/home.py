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
from meetings.models import Committee

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
                filter=in_force_on(today, "memberships__")
                & Q(memberships__councillor__isnull=False)
                & ~Q(memberships__role="substitute"),
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
    return render(
        request,
        "meetings/officer_home.html",
        {"committees": committees, "form": form, "deadline": deadline},
    )


@role_required(Role.REPORT_AUTHOR)
def author_home(request: HttpRequest) -> HttpResponse:
    """A report author's landing page: the reports they are writing and when each is due."""
    return render(
        request,
        "meetings/author_home.html",
        {"report_deadline_days": period("report_deadline_working_days")},
    )


urlpatterns = [
    path("", officer_home, name="officer-home"),
    path("reports/", author_home, name="author-home"),
]
