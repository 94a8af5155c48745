"""Attendance statistics: the officer page (``/officers/attendance/``) per councillor or per
committee for a municipal year or a date range, and the councillor's own figures in the member
portal (``/members/portal/attendance/``). Attendance is public (LGA 1972 Sch 12 para 40), but
these pages are working tools, so they sit behind sign-in. A fixed number of queries whatever
the number of meetings."""

from __future__ import annotations

from datetime import date, timedelta

from crispy_forms_gds.layout import Field, Fixed, Size, Submit
from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from democracy.forms import GovDateField, date_question, gov_helper, number_input
from democracy.permissions import role_required
from democracy.roles import MEMBER_ROLES, Role
from meetings.rules.attendance_stats import municipal_year, municipal_year_of
from meetings.services.attendance_stats import attendance_by, attendance_by_committee_for
from members.models import Councillor

OFFICERS = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)


class PeriodForm(forms.Form):
    by = forms.ChoiceField(
        label="Show",
        choices=[("councillor", "Each councillor"), ("committee", "Each committee")],
        widget=forms.RadioSelect,
        required=False,
    )
    year = forms.IntegerField(
        label="Municipal year",
        help_text="The year it starts in: 2026 for 2026/27.",
        required=False,
        min_value=1990,
        max_value=2100,
        widget=number_input(),
        error_messages={
            "invalid": "The municipal year must be a year, like 2026",
            "min_value": "The municipal year must be between 1990 and 2100",
            "max_value": "The municipal year must be between 1990 and 2100",
        },
    )
    start = GovDateField(label="From", required=False, help_text="Or give a date range.")
    end = GovDateField(label="To (inclusive)", required=False)

    def __init__(self, *args, grouping: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not grouping:
            del self.fields["by"]
        self.helper = gov_helper(
            *([Field.radios("by", inline=True, legend_size=Size.SMALL)] if grouping else []),
            Field.text("year", field_width=Fixed.FOUR),
            date_question("start"),
            date_question("end"),
            Submit("show", "Show attendance"),
            method="get",
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("start")) != bool(data.get("end")):
            self.add_error("end" if data.get("start") else "start", "Enter both dates of the range")
        elif data.get("start") and data["end"] < data["start"]:
            self.add_error("end", "The end of the range must be on or after its start")
        return data

    def period(self, today: date) -> tuple[date, date]:
        """[start, end) from the form, defaulting to the current municipal year."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("start") and data.get("end"):
            return data["start"], data["end"] + timedelta(days=1)
        return municipal_year(data.get("year") or municipal_year_of(today))


@role_required(*OFFICERS)
def attendance_stats(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    start, end = form.period(timezone.localdate())
    by = (form.cleaned_data.get("by") if form.is_bound and form.is_valid() else "") or "councillor"
    return render(
        request,
        "meetings/attendance_stats/officer.html",
        {
            "form": form,
            "by": by,
            "lines": attendance_by(by, start=start, end=end),
            "start": start,
            "last": end - timedelta(days=1),
        },
    )


@role_required(*MEMBER_ROLES)
def portal_attendance(request: HttpRequest) -> HttpResponse:
    councillor = Councillor.all_objects.filter(user=request.user).first()
    if councillor is None:
        raise Http404("Your account is not linked to a councillor")
    form = PeriodForm(request.GET or None, grouping=False)
    start, end = form.period(timezone.localdate())
    lines = attendance_by_committee_for(councillor.pk, start=start, end=end)
    return render(
        request,
        "meetings/attendance_stats/portal.html",
        {"form": form, "lines": lines, "start": start, "last": end - timedelta(days=1)},
    )


urlpatterns = [
    path("attendance/", attendance_stats, name="attendance-stats"),
    path("portal/attendance/", portal_attendance, name="portal-attendance"),
]
