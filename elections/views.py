"""Electoral services pages."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from democracy.council import election_calendar
from democracy.permissions import role_required
from democracy.roles import Role
from elections import timetables
from elections.forms import TimetableForm
from elections.models import Ward


@role_required(Role.ELECTORAL_SERVICES_OFFICER)
def officer_home(request: HttpRequest) -> HttpResponse:
    """Electoral services' landing page: the wards and the local election timetable for a
    polling day (``elections.timetables``, in the council's nation, with the days of
    thanksgiving or mourning the council has recorded)."""
    wards = (
        Ward.objects.current()
        .annotate(district_count=Count("polling_districts"))
        .order_by("name")  # an aggregate drops Meta.ordering
    )
    form = TimetableForm(request.GET or None)
    timetable = None
    if form.is_valid():
        nation = {"england": "ENG", "wales": "WLS"}.get(str(settings.COUNCIL_NATION), "ENG")
        try:
            timetable = timetables.timetable(
                "local",
                form.cleaned_data["poll_date"],
                nation=nation,
                extra_non_working_days=election_calendar().extra_non_working_days,
            )
        except timetables.TimetableError as error:
            form.add_error("poll_date", str(error))
    return render(
        request,
        "elections/officer_home.html",
        {"wards": wards, "form": form, "timetable": timetable},
    )
