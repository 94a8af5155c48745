"""Elections and their statutory timetables: electoral services' pages (issue 13, point 3),
under /elections/elections/.

For electoral services officers only: to anyone else, signed in or not, every page here is a 404
("can't see" and "doesn't exist" are one answer). Every write goes through
``elections.election_services`` (validated, atomic, audited). The calendar feed is read with the
session, or with the officer's secret address (only its hash is stored).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from crispy_forms_gds.layout import Submit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from democracy import pdf
from democracy.forms import GovDateField, date_question, gov_helper
from democracy.permissions import has_role
from democracy.roles import Role
from elections import election_services, election_timetable
from elections.models import ELECTION_TYPE_CHOICES, NATION_CHOICES, Election, Ward
from elections.timetables import step_time

LIST_LIMIT = 200
FEED_DAYS_BACK = 100
FEED_LIMIT = 50


def require_electoral(request: HttpRequest) -> None:
    """Elections are electoral services' pages; to anyone else they do not exist."""
    if not has_role(request.user, Role.ELECTORAL_SERVICES_OFFICER):
        raise Http404("No such page")


def get_election_for_user(request: HttpRequest, pk: int) -> Election:
    require_electoral(request)
    election = (
        election_timetable.with_records(Election.objects.select_related("combined_poll"))
        .filter(pk=pk)
        .first()
    )
    if election is None:
        raise Http404("No such election")
    return election


# --- The list -------------------------------------------------------------------------------


def election_list(request: HttpRequest) -> HttpResponse:
    require_electoral(request)
    elections = list(Election.objects.select_related("combined_poll")[:LIST_LIMIT])
    return render(request, "elections/elections/list.html", {"elections": elections})


# --- Creating an election ---------------------------------------------------------------------


class ElectionForm(forms.Form):
    title = forms.CharField(
        label="Name of the election",
        max_length=200,
        help_text="For example, Kingsmere District Council elections 2026",
        error_messages={"required": "Enter the name of the election"},
    )
    election_type = forms.ChoiceField(
        label="Type of election",
        choices=ELECTION_TYPE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of election"},
    )
    nation = forms.ChoiceField(
        label="Where is the poll?",
        choices=NATION_CHOICES,
        widget=forms.RadioSelect,
        help_text="Its bank holidays, and whether voter identification applies",
        error_messages={"required": "Choose where the poll is"},
    )
    organisation = forms.CharField(
        label="Organisation or area",
        max_length=100,
        help_text="The council, parish, police area, combined authority or constituency",
        error_messages={"required": "Enter the organisation or area"},
    )
    poll_date = GovDateField(label="Polling day", help_text="For example, 7 5 2026")
    writ_received_on = GovDateField(
        label="Date the writ was received",
        required=False,
        help_text="UK Parliamentary by-elections only",
    )
    vacancy_on = GovDateField(
        label="Date the vacancy occurred", required=False, help_text="Casual vacancies only"
    )
    vacancy_notice_on = GovDateField(
        label="Date the notice of vacancy was published",
        required=False,
        help_text="Casual vacancies only",
    )
    request_received_on = GovDateField(
        label="Date the electors' request was received",
        required=False,
        help_text="Casual vacancies: two electors for a principal council, ten for a parish",
    )
    ordinary_retirement_on = GovDateField(
        label="Ordinary day of retirement of the vacating member",
        required=False,
        help_text="Casual vacancies: no election within six months before it",
    )
    wards = forms.ModelMultipleChoiceField(
        label="Wards with a contest",
        queryset=Ward.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Local, parish and by-elections: a contest for each ward chosen",
    )
    seats = forms.ChoiceField(
        label="Seats in each ward",
        choices=[("all", "All the ward's seats"), ("one", "One seat")],
        widget=forms.RadioSelect,
        initial="all",
        error_messages={"required": "Choose how many seats each ward elects"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wards"].queryset = Ward.objects.current().order_by("name")
        self.helper = gov_helper(
            "title",
            "election_type",
            "nation",
            "organisation",
            date_question("poll_date"),
            date_question("writ_received_on"),
            date_question("vacancy_on"),
            date_question("vacancy_notice_on"),
            date_question("request_received_on"),
            date_question("ordinary_retirement_on"),
            "wards",
            "seats",
            Submit("create", "Create the election"),
        )


ELECTION_FIELDS = [
    "title",
    "election_type",
    "nation",
    "organisation",
    "poll_date",
    "writ_received_on",
    "vacancy_on",
    "vacancy_notice_on",
    "request_received_on",
    "ordinary_retirement_on",
]


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        target = field if field in form.fields else None
        for message in messages_:
            form.add_error(target, message)


def _nation_of_council() -> str:
    return {"england": "ENG", "wales": "WLS"}.get(str(settings.COUNCIL_NATION), "ENG")


def election_create(request: HttpRequest) -> HttpResponse:
    require_electoral(request)
    form = ElectionForm(
        request.POST if request.method == "POST" else None,
        initial={"nation": _nation_of_council(), "organisation": settings.COUNCIL_SHORT_NAME},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                election = election_services.election_create(
                    by=request.user, **{name: data[name] for name in ELECTION_FIELDS}
                )
                for ward in data["wards"]:
                    seats = ward.seats if data["seats"] == "all" else 1
                    if election.is_casual_vacancy:
                        seats = 1
                    election_services.contest_create(
                        election=election, ward=ward, seats=seats, by=request.user
                    )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{election.title} has been created")
            return redirect("elections:election", pk=election.pk)
    return render(request, "elections/elections/create.html", {"form": form})


# --- One election and its timetable ----------------------------------------------------------


def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    rows, problem = election_timetable.rows_or_problem(election)
    combined = list(
        election_timetable.with_records(
            Election.objects.filter(combined_poll=election.combined_poll_id)
            .exclude(pk=election.pk)
            .order_by("title")
        )
    )
    # A combined poll (RPA 1983 s15): the steps every election shares, each at its earliest date.
    combined_steps = (
        election_timetable.combined_steps([election, *combined]) if combined and rows else []
    )
    return render(
        request,
        "elections/elections/detail.html",
        {
            "election": election,
            "rows": rows,
            "problem": problem,
            "combined": combined,
            "combined_steps": combined_steps,
            "contests": list(election.contests.select_related("ward")),
            "today": timezone.localdate(),
        },
    )


class ElectionChangeForm(forms.Form):
    title = forms.CharField(
        label="Name of the election",
        max_length=200,
        error_messages={"required": "Enter the name of the election"},
    )
    poll_date = GovDateField(label="Polling day", help_text="For example, 7 5 2026")
    writ_received_on = GovDateField(
        label="Date the writ was received",
        required=False,
        help_text="UK Parliamentary by-elections only",
    )
    declared_on = GovDateField(
        label="Date the result was declared",
        required=False,
        help_text="The return of election expenses is counted from it",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(
            "title",
            date_question("poll_date"),
            date_question("writ_received_on"),
            date_question("declared_on"),
            Submit("save", "Save the changes"),
        )


def election_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an election's details: a moved poll, the writ, the declaration of the result."""
    election = get_election_for_user(request, pk)
    fields = ["title", "poll_date", "writ_received_on", "declared_on"]
    form = ElectionChangeForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(election, name) for name in fields},
    )
    if request.method == "POST" and form.is_valid():
        try:
            election_services.election_update(
                election=election, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The election's details have been saved")
            return redirect("elections:election", pk=election.pk)
    return render(request, "elections/elections/change.html", {"election": election, "form": form})


class StepDoneForm(forms.Form):
    done_on = GovDateField(label="Date done", help_text="For example, 30 3 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gov_helper(date_question("done_on"), Submit("done", "Record as done"))


def step_done(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Record the day a step was done (or take it back)."""
    election = get_election_for_user(request, pk)
    rows, _ = election_timetable.rows_or_problem(election)
    row = next((r for r in rows if r.step.key == step), None)
    if row is None:
        raise Http404("No such step")
    if request.method == "POST" and request.POST.get("undo"):
        election_services.timetable_step_undo(election=election, step=step, by=request.user)
        messages.success(request, f"“{row.step.label}” is no longer recorded as done")
        return redirect("elections:election", pk=election.pk)
    initial = {"done_on": row.done_on or timezone.localdate()}
    form = StepDoneForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            election_services.timetable_step_mark_done(
                election=election, step=step, done_on=form.cleaned_data["done_on"], by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"“{row.step.label}” is recorded as done")
            return redirect(f"{reverse('elections:election', args=[election.pk])}#timetable")
    return render(
        request,
        "elections/elections/step_done.html",
        {"election": election, "row": row, "form": form},
    )


class OverrideForm(forms.Form):
    step = forms.ChoiceField(
        label="Step", error_messages={"required": "Choose the step whose date the law fixes"}
    )
    date = GovDateField(label="Date fixed by law", help_text="For example, 26 11 2019")
    reason = forms.CharField(
        label="Reason and legal basis",
        max_length=500,
        help_text="For example, Early Parliamentary General Election Act 2019 s2",
        error_messages={"required": "Enter the reason and legal basis for the date"},
    )

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", "Choose a step")] + [(s.key, s.label) for s in steps]
        self.helper = gov_helper(
            "step", date_question("date"), "reason", Submit("save", "Save the date")
        )


def override_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Fix a step's date by one-off legislation."""
    election = get_election_for_user(request, pk)
    rows, _ = election_timetable.rows_or_problem(election)
    steps = [row.step for row in rows]
    form = OverrideForm(request.POST if request.method == "POST" else None, steps=steps)
    if request.method == "POST" and form.is_valid():
        try:
            election_services.timetable_override_set(
                election=election, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The date fixed by law has been saved")
            return redirect("elections:election", pk=election.pk)
    return render(
        request, "elections/elections/override.html", {"election": election, "form": form}
    )


# --- The printable notice ------------------------------------------------------------------------


def render_timetable_pdf(election: Election, rows) -> bytes:
    """The election's timetable as a tagged PDF (PDF/UA through ``democracy.pdf``)."""
    html = render_to_string(
        "elections/elections/timetable_pdf.html",
        {"election": election, "rows": rows, "council_name": settings.COUNCIL_NAME},
    )
    return pdf.render_pdf(html, title=f"Election timetable: {election.title}")


@require_safe
def timetable_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    rows, problem = election_timetable.rows_or_problem(election)
    if problem:
        raise Http404(problem)
    body = render_timetable_pdf(election, rows)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="timetable-{election.election_id}.pdf"'
    return response


# --- The calendar feed ----------------------------------------------------------------------------


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def timetable_calendar(elections) -> bytes:
    """Every step of ``elections`` as iCalendar events, like the meetings feed: a stable UID per
    step, DTSTAMP in UTC, times in Europe/London; a step with no time of day is an all-day
    event; a step done says so."""
    london = ZoneInfo(settings.TIME_ZONE)
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{settings.COUNCIL_NAME}//Election timetables//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{settings.COUNCIL_NAME} election timetables")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().astimezone(ZoneInfo("UTC")).replace(microsecond=0)
    mourning = election_timetable.mourning_days()
    site = settings.SITE_URL.rstrip("/")
    for election in elections:
        url = f"{site}{reverse('elections:election', args=[election.pk])}"
        rows, _ = election_timetable.rows_or_problem(election, mourning=mourning)
        for row in rows:
            step = row.step
            event = icalendar.Event()
            event.add("uid", f"election-{election.pk}-{step.key}@{_host()}")
            event.add("dtstamp", stamp)
            at = step_time(step)
            if step.key == "poll":
                event.add("dtstart", datetime.combine(step.date, time(7, 0), tzinfo=london))
                event.add("dtend", datetime.combine(step.date, time(22, 0), tzinfo=london))
            elif at is None or at == time(23, 59):
                event.add("dtstart", step.date)
                event.add("dtend", step.date + timedelta(days=1))
            else:
                event.add("dtstart", datetime.combine(step.date, at, tzinfo=london))
                event.add("dtend", datetime.combine(step.date, at, tzinfo=london))
            done = f" (done {row.done_on:%-d %B %Y})" if row.done else ""
            event.add("summary", f"{step.label}: {election.title}{done}")
            lines = [f"{step.time_label} " if step.time_label else "", step.source]
            if step.override_reason:
                lines.append(f"Date fixed by: {step.override_reason}")
            event.add("description", "\n".join(line for line in lines if line).strip())
            event.add("url", url)
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _feed_elections():
    since = timezone.localdate() - timedelta(days=FEED_DAYS_BACK)
    return election_timetable.with_records(
        Election.objects.filter(poll_date__gte=since).order_by("poll_date", "pk")
    )[:FEED_LIMIT]


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def timetables_ics(request: HttpRequest) -> HttpResponse:
    """Every current election's steps, for a signed-in officer."""
    require_electoral(request)
    return _ics(timetable_calendar(_feed_elections()), "election-timetables.ics")


@require_safe
def election_ics(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    return _ics(timetable_calendar([election]), f"timetable-{election.election_id}.ics")


@require_safe
def timetables_ics_by_token(request: HttpRequest, token: str) -> HttpResponse:
    """The same feed for a calendar application, at the officer's secret address. A wrong,
    replaced or revoked address, or an officer who has left electoral services, is a 404."""
    user = election_services.election_feed_user(token)
    if user is None or not has_role(user, Role.ELECTORAL_SERVICES_OFFICER):
        raise Http404("No such calendar")
    response = _ics(timetable_calendar(_feed_elections()), "election-timetables.ics")
    # Not for any shared cache: the address is one officer's, and the timetable is not public.
    response["Cache-Control"] = "private, no-store"
    return response


def calendar_subscription(request: HttpRequest) -> HttpResponse:
    """Make (or replace) the officer's secret calendar address; it is shown once."""
    require_electoral(request)
    address = None
    if request.method == "POST":
        token = election_services.election_feed_token_issue(user=request.user)
        address = settings.SITE_URL.rstrip("/") + reverse(
            "elections:timetables-ics-token", args=[token]
        )
    has_address = hasattr(request.user, "election_feed_token") if address is None else True
    return render(
        request,
        "elections/elections/calendar.html",
        {"address": address, "has_address": has_address},
    )
