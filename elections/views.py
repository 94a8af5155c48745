"""Electoral services pages."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from democracy.council import election_calendar
from democracy.permissions import role_required
from democracy.roles import Role
from elections import rules
from elections.forms import TimetableForm
from elections.models import Ward


@role_required(Role.ELECTORAL_SERVICES_OFFICER)
def officer_home(request: HttpRequest) -> HttpResponse:
    """Electoral services' landing page: the wards and the timetable for a polling day."""
    wards = (
        Ward.objects.current()
        .annotate(district_count=Count("polling_districts"))
        .order_by("name")  # an aggregate drops Meta.ordering
    )
    form = TimetableForm(request.GET or None)
    timetable = None
    if form.is_valid():
        timetable = rules.local_election_timetable(
            form.cleaned_data["poll_date"], calendar=election_calendar()
        )
    return render(
        request,
        "elections/officer_home.html",
        {"wards": wards, "form": form, "timetable": timetable},
    )
