"""Scheduling hearings: the planner's offer of dates, listing appeals (several for one school
grouped into one hearing), the panel composed by the rules, the clerk, the room (booked through
the foundation's ``democracy.venues``, so a committee meeting in the same room is a clash), and
notice to the appellants at least 10 school days before (a letter PDF and an email through the
outbox).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone

from appeals import config, rules
from appeals.models import (
    Appeal,
    Hearing,
    HearingListing,
    PanelMember,
    PanelSeat,
    StatusChange,
)
from appeals.services.cases import CLOSED, HEARING_NOTICE_KIND, deadlines, enqueue_email
from democracy import audit, calendars, pdf, reminders, venues
from democracy.constitution import constitution
from democracy.dates import govuk_date, govuk_time
from democracy.models import Reminder, Room
from democracy.permissions import has_role
from democracy.roles import Role

logger = logging.getLogger(__name__)

NOTICE_KIND = HEARING_NOTICE_KIND
BOOKING_TITLE = "Appeal hearing (private)"

HEARING_KIND_FOR = {
    Appeal.Kind.ADMISSION_NORMAL: Hearing.Kind.ADMISSION,
    Appeal.Kind.ADMISSION_LATE: Hearing.Kind.ADMISSION,
    Appeal.Kind.ADMISSION_IN_YEAR: Hearing.Kind.ADMISSION,
    Appeal.Kind.EXCLUSION_REVIEW: Hearing.Kind.EXCLUSION_REVIEW,
    Appeal.Kind.TRANSPORT_STAGE_2: Hearing.Kind.TRANSPORT,
}


@dataclass(frozen=True)
class SeatChoice:
    member: PanelMember
    sitting_as: str
    is_chair: bool = False


# --- Reading ---------------------------------------------------------------------------------


def school_days_for(appeal: Appeal) -> calendars.SchoolDayCalendar:
    return appeal.admission_authority.calendar.as_calendar()


def _calendar_for(kind: str, appeal: Appeal) -> calendars.NonWorkingDays:
    # Travel appeals count working days; the others the authority's school days.
    return config.working_days() if kind == Hearing.Kind.TRANSPORT else school_days_for(appeal)


def hear_by(appeal: Appeal, **calendars_read_once) -> date | None:
    return rules.hearing_deadline(deadlines(appeal, **calendars_read_once))


def hear_by_each(appeals: Sequence[Appeal]) -> dict[int, date | None]:
    """Each appeal's hearing deadline, reading each school calendar and the working days once."""
    school_days: dict[int, calendars.SchoolDayCalendar] = {}
    working_days = config.working_days()
    found = {}
    for appeal in appeals:
        calendar_id = appeal.admission_authority.calendar_id
        if calendar_id not in school_days:
            school_days[calendar_id] = appeal.admission_authority.calendar.as_calendar()
        found[appeal.pk] = hear_by(
            appeal, school_days=school_days[calendar_id], working_days=working_days
        )
    return found


def unlisted(queryset=None):
    """Open appeals that need a hearing and have no live listing."""
    queryset = queryset if queryset is not None else Appeal.cases.all()
    live_listing = HearingListing.private_objects.filter(appeal=OuterRef("pk"), cancelled_at=None)
    return (
        queryset.exclude(status__in=CLOSED)
        .exclude(kind=Appeal.Kind.TRANSPORT_STAGE_1)
        .exclude(Exists(live_listing))
        .filter(anonymised_at=None)
    )


@dataclass(frozen=True)
class Plan:
    """The planner's offer for some appeals: the window and the days in it."""

    earliest: date
    latest: date | None
    days: list[date]
    problem: str = ""


def plan(appeals: Sequence[Appeal], *, today: date, clerk=None, limit: int = 10) -> Plan:
    """School days on which a hearing of ``appeals`` meets every statutory deadline: from the
    first day that leaves 10 school days' notice if notice goes today, to the earliest of their
    hearing deadlines, leaving out days ``clerk`` already clerks another hearing."""
    if not appeals:
        return Plan(today, None, [], "Choose the appeals to hear")
    kind = HEARING_KIND_FOR.get(appeals[0].kind)
    calendar = _calendar_for(kind, appeals[0])
    try:
        earliest, latest = rules.hearing_window(
            today,
            [d for d in (hear_by(a) for a in appeals) if d is not None],
            calendar=calendar,
            notice_days=_notice_days(kind),
        )
    except calendars.CalendarExhausted:
        return Plan(today, None, [], "The school calendar has no terms far enough ahead")
    if latest is None:
        return Plan(earliest, None, [], "These appeals have no hearing deadline yet")
    if latest < earliest:
        return Plan(
            earliest,
            latest,
            [],
            f"The hearing deadline, {govuk_date(latest)}, leaves no time for 10 school days' "
            f"notice: the earliest possible hearing is {govuk_date(earliest)}",
        )
    busy = []
    if clerk is not None:
        busy = [
            timezone.localtime(h.starts_at).date()
            for h in Hearing.hearings.live().filter(clerk=clerk)
        ]
    days = rules.candidate_days(earliest, latest, calendar=calendar, unavailable=busy, limit=limit)
    return Plan(earliest, latest, days)


def _notice_days(kind: str) -> int:
    """Admission appellants must have 10 school days' notice (Code 2022 para 2.3). Exclusion
    reviews must meet within 15 school days of the application and travel panels set their own
    practice, so for them the planner offers days from the next one."""
    return config.period("admission_notice_school_days") if kind == Hearing.Kind.ADMISSION else 1


def free_rooms(rooms: Sequence[Room], starts_at: datetime, ends_at: datetime) -> list[Room]:
    """The rooms with no live booking (a committee meeting, another hearing) in the time."""
    return [room for room in rooms if not venues.clashes(room, starts_at, ends_at).exists()]


# --- Scheduling ------------------------------------------------------------------------------


def _panel_case(kind: str, appeals: Sequence[Appeal], day: date) -> rules.PanelCase:
    first = appeals[0]
    return rules.PanelCase(
        kind=kind,
        hearing_day=day,
        school_id=first.school_id,
        school_name=str(first.school) if first.school_id else "",
        authority_id=first.admission_authority_id,
        authority_name=str(first.admission_authority),
        appeal_ids=frozenset(a.pk for a in appeals),
    )


def _seats(choices: Sequence[SeatChoice]) -> list[rules.Seat]:
    members = PanelMember.private_objects.prefetch_related("connections").in_bulk(
        [c.member.pk for c in choices]
    )
    seats = []
    for choice in choices:
        member = members[choice.member.pk]
        seats.append(
            rules.Seat(
                name=member.name,
                categories=frozenset(member.categories),
                sitting_as=choice.sitting_as,
                is_chair=choice.is_chair,
                trained_on=member.trained_on,
                connections=tuple(
                    rules.Connection(
                        kind=c.kind,
                        school_id=c.school_id,
                        authority_id=c.admission_authority_id,
                        appeal_id=c.appeal_id,
                        description=c.description,
                    )
                    for c in member.connections.all()
                ),
            )
        )
    return seats


def _overlapping(starts_at: datetime, ends_at: datetime, *, exclude: Hearing | None = None):
    found = Hearing.hearings.live().filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
    return found.exclude(pk=exclude.pk) if exclude else found


def panel_problems(
    appeals: Sequence[Appeal], choices: Sequence[SeatChoice], *, day: date
) -> list[str]:
    """Every reason the proposed panel may not hear ``appeals`` on ``day``."""
    kind = HEARING_KIND_FOR[appeals[0].kind]
    problems = rules.panel_problems(
        _panel_case(kind, appeals, day),
        _seats(choices),
        training_months=constitution().appeals_panel_training_months,
    )
    inactive = [c.member.name for c in choices if not c.member.active]
    problems += [f"{name} is no longer on the panel list" for name in inactive]
    if len({c.member.pk for c in choices}) != len(choices):
        problems.append("Each member can take only one seat on the panel")
    return problems


@transaction.atomic
def hearing_schedule(
    *,
    appeals: Sequence[Appeal],
    starts_at: datetime,
    ends_at: datetime,
    clerk,
    seats: Sequence[SeatChoice],
    room: Room | None = None,
    location_note: str = "",
    group_stage_ends_at: datetime | None = None,
    today: date | None = None,
    by,
) -> Hearing:
    """List ``appeals`` at a new hearing with its panel, clerk and room.

    Refused, with every reason, unless: the appeals are open, unlisted and can be heard
    together (several admission appeals only for one school and year group, with a group stage;
    one exclusion review or travel appeal at a time); the day meets each appeal's hearing
    deadline and leaves 10 school days' notice; the panel meets the rules (``rules.panel_problems``:
    size, categories, chair, independence, training); the clerk is an appeals clerk free at that
    time; no panel member sits elsewhere at that time; the room is free (the foundation refuses a
    clash with a committee meeting or anything else booked there)."""
    today = today or timezone.localdate()
    appeals = list(appeals)
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not appeals:
        raise ValidationError({"appeals": "Choose at least one appeal to hear"})
    kinds = {HEARING_KIND_FOR.get(a.kind) for a in appeals}
    if None in kinds:
        raise ValidationError(
            {"appeals": "A stage 1 travel review is decided by an officer, not heard by a panel"}
        )
    if len(kinds) > 1:
        raise ValidationError(
            {"appeals": "Admission, exclusion and travel appeals are heard apart"}
        )
    kind = kinds.pop()
    for appeal in appeals:
        if appeal.status in CLOSED or appeal.anonymised_at:
            add("appeals", f"{appeal.reference} is {appeal.get_status_display().lower()}")
        if appeal.listings.filter(cancelled_at=None).exists():
            add("appeals", f"{appeal.reference} is already listed for a hearing")
    if len(appeals) > 1:
        if kind != Hearing.Kind.ADMISSION:
            add("appeals", "Exclusion reviews and travel appeals are heard one at a time")
        if len({a.school_id for a in appeals}) > 1:
            add("appeals", "Only appeals for the same school can be heard together")
        if len({a.year_group for a in appeals}) > 1:
            add("appeals", "Only appeals for the same year group share a group stage")
        if group_stage_ends_at is None:
            add("group_stage_ends_at", "Say when the group stage ends and individual cases start")
    elif group_stage_ends_at is not None:
        add("group_stage_ends_at", "A hearing of one appeal has no group stage")
    if ends_at <= starts_at:
        add("ends_at", "The hearing must end after it starts")
    if group_stage_ends_at is not None and not starts_at < group_stage_ends_at < ends_at:
        add("group_stage_ends_at", "The group stage must end after the start and before the end")

    day = timezone.localtime(starts_at).date()
    calendar = _calendar_for(kind, appeals[0])
    try:
        earliest = rules.earliest_hearing_day(
            today, calendar=calendar, notice_days=_notice_days(kind)
        )
        if kind == Hearing.Kind.ADMISSION and day < earliest:
            add(
                "date",
                f"Appellants must have at least 10 school days' notice: the earliest hearing "
                f"date is {govuk_date(earliest)}",
            )
    except calendars.CalendarExhausted:
        add("date", f"{appeals[0].admission_authority.calendar} has no terms far enough ahead")
    for appeal in appeals:
        due = hear_by(appeal)
        if due is not None and day > due:
            add("date", f"{appeal.reference} must be heard by {govuk_date(due)}")

    if not has_role(clerk, Role.APPEALS_CLERK):
        add("clerk", f"{clerk} is not an appeals clerk")
    elif _overlapping(starts_at, ends_at).filter(clerk=clerk).exists():
        add("clerk", f"{clerk} is clerking another hearing at that time")
    for problem in panel_problems(appeals, seats, day=day):
        add("panel", problem)
    busy = PanelSeat.private_objects.filter(
        hearing__in=_overlapping(starts_at, ends_at), member__in=[s.member for s in seats]
    ).select_related("member")
    for seat in busy:
        add("panel", f"{seat.member} sits on another hearing at that time")
    if room is None and not location_note.strip():
        add("room", "Choose a room, or say where the hearing will be held")
    if errors:
        raise ValidationError(errors)

    first = appeals[0]
    hearing = Hearing(
        kind=kind,
        admission_authority=first.admission_authority,
        school=first.school,
        starts_at=starts_at,
        ends_at=ends_at,
        group_stage_ends_at=group_stage_ends_at,
        room=room,
        location_note=location_note,
        clerk=clerk,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    hearing.full_clean()
    hearing.save()
    if room is not None:
        # The foundation refuses a clash with a committee meeting (or anything else) in the room,
        # naming it; the ValidationError rolls the whole hearing back.
        hearing.booking = venues.book_room(
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            title=BOOKING_TITLE,
            booked_for=hearing,
            by=by,
        )
        hearing.save(update_fields=["booking"])
    for choice in seats:
        PanelSeat.private_objects.create(
            hearing=hearing,
            member=choice.member,
            sitting_as=choice.sitting_as,
            is_chair=choice.is_chair,
        )
    for position, appeal in enumerate(appeals, start=1):
        HearingListing.private_objects.create(hearing=hearing, appeal=appeal, position=position)
        before = appeal.status
        appeal.status = Appeal.Status.LISTED
        appeal.save(update_fields=["status"])
        StatusChange.private_objects.create(
            appeal=appeal,
            status=Appeal.Status.LISTED,
            by=by if getattr(by, "is_authenticated", False) else None,
            note=f"Listed for {govuk_date(starts_at)}",
        )
        audit.record(
            "appeals.appeal.list",
            appeal,
            by=by,
            changes={"status": [before, appeal.status], "hearing": [None, hearing.pk]},
        )
    audit.record(
        "appeals.hearing.schedule",
        hearing,
        by=by,
        changes={
            "appeals": [None, [a.reference for a in appeals]],
            "starts_at": [None, starts_at],
            "room": [None, str(room) if room else location_note],
            "clerk": [None, str(clerk)],
            "panel": [None, [f"{c.member} ({c.sitting_as})" for c in seats]],
        },
    )
    return hearing


@transaction.atomic
def hearing_cancel(*, hearing: Hearing, reason: str, by) -> Hearing:
    """Cancel a hearing: its room is released, its appeals go back to the planner, unsent
    notices are cancelled."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the hearing is cancelled"})
    if hearing.status in (Hearing.Status.HELD, Hearing.Status.CANCELLED):
        raise ValidationError(
            f"A {hearing.get_status_display().lower()} hearing cannot be cancelled"
        )
    if hearing.booking is not None:
        venues.cancel_booking(booking=hearing.booking, by=by)
    now = timezone.now()
    for listing in hearing.listings.filter(cancelled_at=None).select_related("appeal"):
        listing.cancelled_at = now
        listing.save(update_fields=["cancelled_at"])
        _cancel_notice(listing)
        appeal = listing.appeal
        if appeal.status == Appeal.Status.LISTED:
            appeal.status = Appeal.Status.LODGED
            appeal.save(update_fields=["status"])
            StatusChange.private_objects.create(
                appeal=appeal,
                status=Appeal.Status.LODGED,
                by=by if getattr(by, "is_authenticated", False) else None,
                note="Hearing cancelled",
            )
    hearing.status = Hearing.Status.CANCELLED
    hearing.save(update_fields=["status"])
    audit.record(
        "appeals.hearing.cancel",
        hearing,
        by=by,
        changes={"status": ["planned", "cancelled"]},
        note=reason,
    )
    return hearing


def _cancel_notice(listing: HearingListing) -> None:
    reminders.cancel(listing.appeal, kind=NOTICE_KIND)


# --- Notice of the hearing --------------------------------------------------------------------


def latest_notice_day(hearing: Hearing) -> date:
    """The last day notice can go: the 10th school day before the hearing (Code 2022 para 2.3),
    in the first listed appeal's authority's calendar (working days for travel panels)."""
    first = (
        hearing.listings.filter(cancelled_at=None)
        .select_related("appeal__admission_authority__calendar")
        .first()
    )
    calendar = (
        config.working_days()
        if hearing.kind == Hearing.Kind.TRANSPORT or first is None
        else school_days_for(first.appeal)
    )
    return rules.latest_notice_day(
        hearing.date, calendar=calendar, school_days=config.period("admission_notice_school_days")
    )


def notice_context(listing: HearingListing) -> dict:
    hearing = listing.hearing
    appeal = listing.appeal
    lead = appeal.appellants.filter(is_lead=True).first()
    room = hearing.room
    return {
        "appeal": appeal,
        "hearing": hearing,
        "listing": listing,
        "appellant": lead,
        "child": getattr(appeal, "child", None),
        "date": govuk_date(hearing.starts_at),
        "time": govuk_time(hearing.starts_at),
        "group_stage_ends": govuk_time(hearing.group_stage_ends_at)
        if hearing.group_stage_ends_at
        else "",
        "place": f"{room.name}, {room.venue.name}" if room else hearing.location_note,
        "address": room.venue.address if room else "",
        "accessibility": room.venue.accessibility if room else "",
        "council_name": settings.COUNCIL_NAME,
        "today": govuk_date(timezone.localdate()),
        **_notice_wording(appeal, getattr(appeal, "child", None)),
    }


def _notice_wording(appeal: Appeal, child) -> dict[str, str]:
    """What the notice says is to be heard, by whom, and when the decision will follow: an
    admission appeal's panel writes within 5 school days wherever possible (Code 2022 para
    2.3); a travel panel within 5 working days (guidance 2024); an exclusion review panel
    reviews the board's decision not to reinstate (SI 2012/1033) and writes without delay."""
    name = f" {child.full_name}" if child else " your child"
    school = f" at {appeal.school}" if appeal.school_id else ""
    if appeal.kind == Appeal.Kind.EXCLUSION_REVIEW:
        return {
            "what": (
                "The review of the governing board's decision not to reinstate"
                f"{name}{school} will be heard by an independent review panel"
            ),
            "decision_promise": (
                "The panel will write to you with its decision and its reasons without delay "
                "after the review."
            ),
        }
    if appeal.is_transport:
        days = config.period("transport_stage_2_decision_working_days")
        return {
            "what": (
                f"Your home to school travel appeal (stage 2){' for' + name if child else ''} "
                "will be heard by an independent appeal panel"
            ),
            "decision_promise": (
                f"We will send you the panel's decision in writing within {days} working days "
                "of the hearing."
            ),
        }
    days = config.period("admission_decision_letter_school_days")
    place = f" for a place at {appeal.school}" if appeal.school_id else ""
    return {
        "what": (
            f"Your {appeal.get_kind_display().lower()}{place}{' for' + name if child else ''} "
            "will be heard by an independent appeal panel"
        ),
        "decision_promise": (
            f"We will send you the decision in writing within {days} school days of the "
            "hearing wherever possible."
        ),
    }


def render_notice_pdf(listing: HearingListing) -> bytes:
    """The notice of hearing letter to the lead appellant as a tagged PDF (the foundation's PDF
    base, PDF/UA-1)."""
    html = render_to_string("appeals/letters/hearing_notice.html", notice_context(listing))
    return pdf.render_pdf(
        html,
        title=f"Notice of appeal hearing, {listing.appeal.reference}",
        base_url=str(settings.BASE_DIR),
    )


@transaction.atomic
def hearing_send_notice(*, hearing: Hearing, today: date | None = None, by) -> list[Reminder]:
    """Give notice of the hearing to every listed appellant: an email through the outbox (one
    per appeal and hearing date, however often this runs) and the letter, which the clerk
    prints from the hearing page for appellants without an email address. For admission appeals,
    refused once the last day for 10 school days' notice has passed (Code 2022 para 2.3)."""
    today = today or timezone.localdate()
    if hearing.status == Hearing.Status.CANCELLED:
        raise ValidationError("The hearing is cancelled")
    last_day = latest_notice_day(hearing)
    if hearing.kind == Hearing.Kind.ADMISSION and today > last_day:
        raise ValidationError(
            f"Notice of a hearing on {govuk_date(hearing.starts_at)} had to be sent by "
            f"{govuk_date(last_day)}: move the hearing to give 10 school days' notice"
        )
    rows = []
    listings = hearing.listings.filter(cancelled_at=None).select_related(
        "appeal", "hearing__room__venue"
    )
    for listing in listings:
        context = notice_context(listing)
        lead = context["appellant"]
        if lead is not None and lead.email:
            row, created = Reminder.outbox.get_or_create(
                subject_type=ContentType.objects.get_for_model(Appeal),
                subject_id=str(listing.appeal_id),
                kind=NOTICE_KIND,
                due_on=hearing.date,
                defaults={
                    "send_at": timezone.now(),
                    "recipients": [lead.email],
                    "email_subject": f"Your appeal hearing, {listing.appeal.reference}",
                    "email_body": render_to_string("appeals/email/hearing_notice.txt", context),
                },
            )
            if created:
                transaction.on_commit(lambda pk=row.pk: enqueue_email(pk))
            rows.append(row)
        if listing.notice_given_on is None:
            listing.notice_given_on = today
            listing.save(update_fields=["notice_given_on"])
    before = hearing.status
    hearing.status = Hearing.Status.NOTIFIED
    hearing.notice_sent_on = today
    hearing.save(update_fields=["status", "notice_sent_on"])
    audit.record(
        "appeals.hearing.notice",
        hearing,
        by=by,
        changes={"status": [before, hearing.status], "notice_sent_on": [None, today]},
    )
    return rows
