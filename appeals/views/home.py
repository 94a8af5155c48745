"""Appeals clerk and panel member pages."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from appeals.forms import SchoolDaysForm
from appeals.models import Appeal, Hearing, SchoolCalendar, SchoolTerm
from democracy import calendars
from democracy.permissions import role_required
from democracy.roles import Role


@role_required(Role.APPEALS_CLERK)
def clerk_home(request: HttpRequest) -> HttpResponse:
    """The clerk's landing page: school calendars and a school-day deadline calculator."""
    school_calendars = SchoolCalendar.objects.prefetch_related(
        Prefetch("terms", queryset=SchoolTerm.objects.order_by("first_day")), "closures"
    )
    form = SchoolDaysForm(request.GET or None)
    result = None
    if form.is_valid():
        calendar = form.cleaned_data["calendar"]
        try:
            result = calendars.working_days_after(
                form.cleaned_data["start"],
                form.cleaned_data["school_days"],
                calendar=calendar.as_calendar(),
            )
        except calendars.CalendarExhausted:
            form.add_error(
                "start",
                f"{calendar} has no term dates far enough ahead; add the next year's terms first",
            )
    return render(
        request,
        "appeals/clerk_home.html",
        {
            "school_calendars": school_calendars,
            "form": form,
            "result": result,
            "waiting": Appeal.cases.for_clerk(request.user)
            .filter(status=Appeal.Status.LODGED)
            .count(),
            "upcoming": Hearing.hearings.for_clerk(request.user)
            .live()
            .filter(starts_at__gte=timezone.now())
            .count(),
        },
    )
