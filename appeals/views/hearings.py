"""Hearings: the clerk's list and planner (choose the appeals, see the days that meet their
deadlines and the free rooms, compose the panel), a hearing's page with its notice letters, and
the panel member's own hearings. Anyone who may not see a hearing gets a 404."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from appeals import rules
from appeals.forms import layout_for
from appeals.models import Appeal, Hearing, HearingListing, PanelCategory, PanelMember, School
from appeals.services import scheduling
from appeals.services.scheduling import SeatChoice
from appeals.views.common import (
    get_hearing_for_user,
    is_clerk,
    posted,
    service_errors,
)
from democracy import audit, text_limits
from democracy.dates import govuk_date, govuk_time
from democracy.models import Room, User
from democracy.permissions import role_required
from democracy.roles import Role

PLAN_SLOT = (time(10), time(16))  # the planner checks rooms for a day's usual sitting


def _require_clerk(request: HttpRequest) -> None:
    if not is_clerk(request.user):
        raise Http404("No such page")


def hearing_list(request: HttpRequest) -> HttpResponse:
    _require_clerk(request)
    hearings = (
        Hearing.hearings.for_clerk(request.user)
        .select_related("school", "room__venue", "clerk")
        .prefetch_related(
            Prefetch(
                "listings",
                HearingListing.private_objects.filter(cancelled_at=None).select_related("appeal"),
            )
        )
        .filter(starts_at__gte=timezone.now() - timedelta(days=30))
    )
    return render(request, "appeals/hearings/list.html", {"hearings": hearings})


# --- The planner ---------------------------------------------------------------------------------


class TimeOfDayField(forms.CharField):
    """A time typed as 10am, 2:30pm or 14:30."""

    PATTERN = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)

    def __init__(self, *, label: str, **kwargs):
        self.subject = label
        super().__init__(label=label, max_length=10, **kwargs)
        self.error_messages["required"] = f"Enter the {label.lower()}"

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        match = self.PATTERN.match(value)
        if not match:
            raise ValidationError(f"{self.subject} must be a time like 10am, 2:30pm or 14:30")
        hour, minute, suffix = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
        if suffix == "pm" and hour < 12:
            hour += 12
        if suffix == "am" and hour == 12:
            hour = 0
        if not (0 <= hour < 24 and 0 <= minute < 60):
            raise ValidationError(f"{self.subject} must be a real time")
        return time(hour, minute)


class ScheduleForm(forms.Form):
    day = forms.ChoiceField(
        label="Date",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the date of the hearing"},
    )
    start = TimeOfDayField(label="Start time", initial="10am")
    group_stage_end = TimeOfDayField(
        label="Time the group stage ends", required=False, help_text="For example 11am"
    )
    end = TimeOfDayField(label="End time", initial="4pm")
    room = forms.ModelChoiceField(
        queryset=Room.objects.select_related("venue"),
        required=False,
        label="Room",
        empty_label="Not in a council room",
    )
    location_note = forms.CharField(
        label="Where, if not in a council room", required=False, max_length=200
    )
    clerk = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Clerk",
        error_messages={"required": "Choose the clerk"},
    )
    panel = forms.MultipleChoiceField(
        label="Panel members",
        help_text="Choose each member once, in the category they sit in",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the panel members"},
    )
    chair = forms.ModelChoiceField(
        queryset=PanelMember.private_objects.none(),
        label="Chair",
        error_messages={"required": "Choose who chairs the panel"},
    )

    def __init__(self, *args, days, grouped: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = days
        if not grouped:
            del self.fields["group_stage_end"]
        self.fields["clerk"].queryset = User.objects.filter(
            groups__name=Role.APPEALS_CLERK.value, is_active=True
        ).order_by("last_name", "first_name")
        members = PanelMember.private_objects.active()
        labels = dict(PanelCategory.choices)
        self.fields["panel"].choices = [
            (f"{member.pk}:{category}", f"{member.name} ({labels[category].lower()})")
            for member in members
            for category in member.categories
        ]
        self.fields["chair"].queryset = members
        self.helper = layout_for(self, "Schedule the hearing")

    def clean(self):
        data = super().clean()
        if data.get("room") is None and not data.get("location_note", "").strip():
            self.add_error("room", "Choose a room, or say where the hearing will be held")
        return data

    def seats(self) -> list[SeatChoice]:
        members = PanelMember.private_objects.in_bulk(
            [int(value.split(":")[0]) for value in self.cleaned_data["panel"]]
        )
        chair = self.cleaned_data["chair"]
        seats = []
        for value in self.cleaned_data["panel"]:
            pk, category = value.split(":")
            member = members[int(pk)]
            seats.append(SeatChoice(member=member, sitting_as=category, is_chair=member == chair))
        return seats


def _selected(request: HttpRequest) -> list[Appeal]:
    ids = [int(v) for v in request.GET.getlist("appeals") if v.isdigit()]
    found = (
        scheduling.unlisted(Appeal.cases.for_clerk(request.user))
        .filter(pk__in=ids)
        .select_related("school", "admission_authority__calendar", "admission_round")
        .order_by("lodged_at")
    )
    return list(found)


def hearing_plan(request: HttpRequest) -> HttpResponse:
    """Step 1: choose a school and its appeals waiting for a hearing. Step 2 (with
    ``?appeals=``): the days that meet every deadline, the rooms free on each, and the form."""
    _require_clerk(request)
    today = timezone.localdate()
    appeals = _selected(request)
    if not appeals:
        chosen = request.GET.get("school", "")
        school = School.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
        waiting = scheduling.unlisted(Appeal.cases.for_clerk(request.user)).select_related(
            "school", "admission_authority__calendar", "admission_round"
        )
        schools = School.objects.filter(appeals__in=waiting).distinct().order_by("name")
        choices = (
            list(waiting.filter(school=school).order_by("year_group", "lodged_at"))
            if school
            else []
        )
        travel = list(waiting.filter(school=None))
        deadlines = scheduling.hear_by_each(choices + travel)
        for appeal in choices + travel:
            appeal.hear_by = deadlines[appeal.pk]
        return render(
            request,
            "appeals/hearings/plan_choose.html",
            {"schools": schools, "school": school, "choices": choices, "travel": travel},
        )

    # Days the signed-in clerk already clerks a hearing are left out of the offer.
    offer = scheduling.plan(appeals, today=today, clerk=request.user, limit=15)
    rooms = list(Room.objects.select_related("venue"))
    days = []
    for day in offer.days:
        starts = timezone.make_aware(datetime.combine(day, PLAN_SLOT[0]))
        ends = timezone.make_aware(datetime.combine(day, PLAN_SLOT[1]))
        free = scheduling.free_rooms(rooms, starts, ends)
        rooms_text = ", ".join(room.name for room in free) if free else "no council room free"
        days.append((day.isoformat(), f"{govuk_date(day)} ({rooms_text})"))
    grouped = len(appeals) > 1
    form = ScheduleForm(
        posted(request),
        days=days,
        grouped=grouped,
        initial={"clerk": request.user, "start": "10am", "end": "4pm", "group_stage_end": "11am"},
    )
    if request.method == "POST" and form.is_valid():
        day = datetime.fromisoformat(form.cleaned_data["day"]).date()

        def at(moment: time | None):
            return timezone.make_aware(datetime.combine(day, moment)) if moment else None

        try:
            hearing = scheduling.hearing_schedule(
                appeals=appeals,
                starts_at=at(form.cleaned_data["start"]),
                ends_at=at(form.cleaned_data["end"]),
                group_stage_ends_at=at(form.cleaned_data.get("group_stage_end"))
                if grouped
                else None,
                clerk=form.cleaned_data["clerk"],
                seats=form.seats(),
                room=form.cleaned_data["room"],
                location_note=form.cleaned_data["location_note"],
                today=today,
                by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                renamed = {
                    "date": "day",
                    "starts_at": "start",
                    "ends_at": "end",
                    "group_stage_ends_at": "group_stage_end",
                }
                error = ValidationError({renamed.get(k, k): v for k, v in error.error_dict.items()})
            service_errors(form, error)
        else:
            messages.success(
                request,
                f"The hearing on {govuk_date(hearing.starts_at)} at {govuk_time(hearing.starts_at)} "
                f"has been scheduled for {len(appeals)} appeal{'s' if grouped else ''}.",
            )
            return redirect("appeals:hearing", hearing.pk)
    deadlines = scheduling.hear_by_each(appeals)
    for appeal in appeals:
        appeal.hear_by = deadlines[appeal.pk]
    return render(
        request,
        "appeals/hearings/plan.html",
        {"appeals": appeals, "offer": offer, "form": form, "grouped": grouped},
    )


# --- A hearing -----------------------------------------------------------------------------------


def hearing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = get_hearing_for_user(request, pk)
    listings = list(
        hearing.listings.filter(cancelled_at=None).select_related(
            "appeal__school", "appeal__decision"
        )
    )
    today = timezone.localdate()
    for listing in listings:
        decision = getattr(listing.appeal, "decision", None)
        listing.decision = decision
        listing.letter = (
            rules.letter_status(decision.letter_due_on, decision.letter_sent_on, today)
            if decision
            else ""
        )
    seats = list(hearing.seats.select_related("member"))
    labels = dict(PanelCategory.choices)
    for seat in seats:
        seat.category_label = labels.get(seat.sitting_as, "")
    clerk = is_clerk(request.user)
    last_notice_day = (
        scheduling.latest_notice_day(hearing) if hearing.status != "cancelled" else None
    )
    return render(
        request,
        "appeals/hearings/detail.html",
        {
            "hearing": hearing,
            "listings": listings,
            "seats": seats,
            "is_clerk": clerk,
            "last_notice_day": last_notice_day,
            "can_record": clerk
            and hearing.status
            in (Hearing.Status.PLANNED, Hearing.Status.NOTIFIED, Hearing.Status.HELD)
            and timezone.now() >= hearing.starts_at,
        },
    )


@require_POST
def hearing_notice(request: HttpRequest, pk: int) -> HttpResponse:
    _require_clerk(request)
    hearing = get_hearing_for_user(request, pk)
    try:
        rows = scheduling.hearing_send_notice(hearing=hearing, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Notice of the hearing has been emailed to {len(rows)} appellant"
            f"{'s' if len(rows) != 1 else ''}. Print the letters for anyone without an email address.",
        )
    return redirect("appeals:hearing", pk)


def hearing_notice_pdf(request: HttpRequest, pk: int, listing_pk: int) -> HttpResponse:
    _require_clerk(request)
    hearing = get_hearing_for_user(request, pk)
    listing = (
        hearing.listings.filter(pk=listing_pk, cancelled_at=None)
        .select_related("appeal", "hearing__room__venue")
        .first()
    )
    if listing is None:
        raise Http404("No such appeal at this hearing")
    # The letter shows the case (the child, the family's address): a view of it, audited.
    with transaction.atomic():
        audit.record("appeals.appeal.notice_view", listing.appeal, by=request.user)
    response = HttpResponse(scheduling.render_notice_pdf(listing), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{listing.appeal.reference}-notice-of-hearing.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


class CancelForm(forms.Form):
    reason = text_limits.limited_text(
        limit=text_limits.SHORT,
        label="Why is the hearing cancelled?",
        name="The reason for cancelling",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the hearing is cancelled"},
    )


def hearing_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _require_clerk(request)
    hearing = get_hearing_for_user(request, pk)
    form = CancelForm(posted(request))
    form.helper = layout_for(form, "Cancel the hearing")
    if request.method == "POST" and form.is_valid():
        try:
            scheduling.hearing_cancel(
                hearing=hearing, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, "The hearing has been cancelled and its room released.")
            return redirect("appeals:hearing", pk)
    return render(
        request,
        "appeals/form.html",
        {
            "form": form,
            "title": "Cancel the hearing",
            "caption": str(hearing),
            "intro": "Its appeals go back to the planner and any unsent notices are cancelled.",
            "back_url": reverse("appeals:hearing", args=[pk]),
            "back_text": "Back to the hearing",
        },
    )


# --- The panel member's own hearings ---------------------------------------------------------------


@role_required(Role.APPEALS_PANEL_MEMBER)
def panel_home(request: HttpRequest) -> HttpResponse:
    """A panel member's landing page: the hearings they sit on, those to come first."""
    hearings = list(
        Hearing.hearings.visible_to(request.user)
        .live()
        .filter(seats__member__user=request.user)
        .select_related("school", "room__venue")
        .distinct()
    )
    now = timezone.now()
    return render(
        request,
        "appeals/panel_home.html",
        {
            "to_come": [h for h in hearings if h.ends_at >= now],
            "past": sorted(
                (h for h in hearings if h.ends_at < now), key=lambda h: h.starts_at, reverse=True
            ),
        },
    )
