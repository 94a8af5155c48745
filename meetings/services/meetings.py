"""Writes to meetings: scheduling (single and annual cycles) with room clash detection,
rescheduling, cancelling and postponing, and publishing the agenda."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from democracy import reminders, venues
from democracy.council import meeting_calendar, period
from democracy.models import Room
from democracy.services import create_audited, update_audited
from meetings import rules
from meetings.models import AgendaItem, Committee, Meeting, MeetingSeries, Report
from meetings.services import packs as pack_services
from meetings.services.agenda import create_standard_items

MEETING_FIELDS = [
    "committee",
    "starts_at",
    "ends_at",
    "room",
    "location_note",
    "is_extraordinary",
    "webcast_url",
    "remote_attendance_url",
]


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y}"


@transaction.atomic
def meeting_create(
    *,
    committee: Committee,
    starts_at: datetime,
    ends_at: datetime,
    room: Room | None = None,
    location_note: str = "",
    is_extraordinary: bool = False,
    webcast_url: str = "",
    remote_attendance_url: str = "",
    series: MeetingSeries | None = None,
    by,
) -> Meeting:
    """Schedule a meeting, hold its room (refused if the room is taken) and put the standard
    items on its agenda."""
    if room is None and not location_note.strip():
        raise ValidationError({"room": "Choose a room, or say where the meeting will be held."})
    _check_not_duplicate(committee, starts_at)
    meeting = Meeting(
        committee=committee,
        series=series,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        location_note=location_note,
        is_extraordinary=is_extraordinary,
        webcast_url=webcast_url,
        remote_attendance_url=remote_attendance_url,
    )
    meeting.full_clean()
    if room is not None:
        meeting.booking = venues.book_room(
            room=room, starts_at=starts_at, ends_at=ends_at, title=str(committee), by=by
        )
    create_audited(meeting, "meetings.meeting.create", by=by, fields=MEETING_FIELDS)
    create_standard_items(meeting)
    meeting.schedule_warning = past_warning(starts_at)
    return meeting


def _clock(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%-I:%M%p}".replace(":00", "").replace("AM", "am").replace("PM", "pm")


def _duplicate_of(committee: Committee, starts_at: datetime, *, exclude: int | None = None):
    """A meeting of ``committee`` already scheduled at ``starts_at`` (cancelled and postponed
    meetings aside), or None."""
    return (
        Meeting.all_objects.filter(committee=committee, starts_at=starts_at)
        .exclude(status__in=[Meeting.Status.CANCELLED, Meeting.Status.POSTPONED])
        .exclude(pk=exclude)
        .first()
    )


def _check_not_duplicate(committee: Committee, starts_at: datetime, *, exclude=None) -> None:
    if _duplicate_of(committee, starts_at, exclude=exclude) is not None:
        raise ValidationError(
            {
                "starts_at": f"{committee} already has a meeting at {_clock(starts_at)} on "
                f"{_local(starts_at)}. Choose another date or time, or open that meeting."
            }
        )


def past_warning(starts_at: datetime, *, now: datetime | None = None) -> str:
    """Scheduling a meeting in the past is allowed (to record one already held) but warned
    about, as it is usually a mistyped date ("" when the meeting is still to come)."""
    if starts_at >= (now or timezone.now()):
        return ""
    return (
        f"The meeting is in the past ({_clock(starts_at)} on {_local(starts_at)}). It has been "
        "scheduled; check the date if you meant a future meeting."
    )


@dataclass(frozen=True)
class PlannedMeeting:
    starts_at: datetime
    ends_at: datetime


@transaction.atomic
def series_create(
    *,
    committee: Committee,
    municipal_year: int,
    meetings: Iterable[PlannedMeeting],
    room: Room | None = None,
    location_note: str = "",
    by,
) -> MeetingSeries:
    """Schedule a committee's cycle for a municipal year in one go. Every clash is reported
    together, naming each date, and nothing is saved unless every meeting can be."""
    planned = sorted(meetings, key=lambda m: m.starts_at)
    if not planned:
        raise ValidationError({"meetings": "Add at least one meeting date."})
    problems = []
    for plan in planned:
        if room is not None and (
            clash := venues.clashes(room, plan.starts_at, plan.ends_at).first()
        ):
            problems.append(f"{_local(plan.starts_at)}: {room} is booked for {clash.title}")
        if _duplicate_of(committee, plan.starts_at) is not None:
            problems.append(
                f"{_local(plan.starts_at)}: {committee} already has a meeting at "
                f"{_clock(plan.starts_at)}"
            )
    starts = Counter(plan.starts_at for plan in planned)
    repeated = sorted(moment for moment, count in starts.items() if count > 1)
    problems += [f"{_local(moment)}: the date is given twice" for moment in repeated]
    if problems:
        raise ValidationError({"meetings": problems})
    series = MeetingSeries.objects.filter(
        committee=committee, municipal_year=municipal_year
    ).first()
    if series is None:
        series = create_audited(
            MeetingSeries(committee=committee, municipal_year=municipal_year),
            "meetings.series.create",
            by=by,
            fields=["committee", "municipal_year"],
        )
    for plan in planned:
        meeting_create(
            committee=committee,
            starts_at=plan.starts_at,
            ends_at=plan.ends_at,
            room=room,
            location_note=location_note,
            series=series,
            by=by,
        )
    return series


@transaction.atomic
def meeting_reschedule(
    *, meeting: Meeting, starts_at: datetime, ends_at: datetime, room: Room | None, by
) -> Meeting:
    """Move a meeting in time or place, moving (or releasing) its room booking."""
    if meeting.status in {Meeting.Status.HELD, Meeting.Status.CANCELLED, Meeting.Status.POSTPONED}:
        raise ValidationError(
            f"A {meeting.get_status_display().lower()} meeting cannot be moved: schedule a new "
            "meeting instead."
        )
    _check_not_duplicate(meeting.committee, starts_at, exclude=meeting.pk)
    if room is not None and meeting.booking is not None:
        venues.move_booking(
            booking=meeting.booking, room=room, starts_at=starts_at, ends_at=ends_at, by=by
        )
    elif room is not None:
        meeting.booking = venues.book_room(
            room=room, starts_at=starts_at, ends_at=ends_at, title=str(meeting.committee), by=by
        )
        meeting.save(update_fields=["booking"])
    elif meeting.booking is not None:
        venues.cancel_booking(booking=meeting.booking, by=by)
    return update_audited(
        meeting,
        {"starts_at": starts_at, "ends_at": ends_at, "room": room},
        "meetings.meeting.reschedule",
        by=by,
    )


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, by) -> Meeting:
    if not reason.strip():
        raise ValidationError({"status_reason": "Say why the meeting is cancelled."})
    if meeting.status == Meeting.Status.HELD:
        raise ValidationError("A meeting that has been held cannot be cancelled.")
    if meeting.booking is not None:
        venues.cancel_booking(booking=meeting.booking, by=by)
    reminders.cancel(meeting)
    return update_audited(
        meeting,
        {"status": Meeting.Status.CANCELLED, "status_reason": reason},
        "meetings.meeting.cancel",
        by=by,
    )


@transaction.atomic
def meeting_postpone(*, meeting: Meeting, reason: str, to: Meeting | None = None, by) -> Meeting:
    if not reason.strip():
        raise ValidationError({"status_reason": "Say why the meeting is postponed."})
    if meeting.booking is not None:
        venues.cancel_booking(booking=meeting.booking, by=by)
    reminders.cancel(meeting)
    return update_audited(
        meeting,
        {"status": Meeting.Status.POSTPONED, "status_reason": reason, "postponed_to": to},
        "meetings.meeting.postpone",
        by=by,
    )


def deadline_for(meeting: Meeting) -> rules.PublicationDeadline:
    """The meeting's statutory publication deadline under this council's configuration."""
    return rules.publication_deadline(
        meeting.date,
        clear_days=period("agenda_clear_days"),
        report_working_days=period("report_deadline_working_days"),
        calendar=meeting_calendar(),
    )


@transaction.atomic
def agenda_publish(
    *, meeting: Meeting, by, late_reasons: str = "", today=None, now: datetime | None = None
) -> Meeting:
    """Publish the agenda and reports.

    LGA 1972 s100B(3): open to inspection at least five clear days before the meeting. After the
    latest lawful date the business can only be considered if the chair, for special
    circumstances recorded in the minutes, is of the opinion it is urgent (s100B(4)(b)), so
    publishing late needs those reasons. Every report must be ready (cleared) first.

    ``now`` is when it was published (the demo's history passes a day in the past); ``today``
    is the day publication is judged on, the day of ``now`` unless given.
    """
    meeting = Meeting.all_objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_published:
        raise ValidationError("The agenda has already been published.")
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(f"The meeting is {meeting.get_status_display().lower()}.")
    not_ready = Report.all_objects.filter(item__meeting=meeting).exclude(
        status__in=[Report.Status.READY, Report.Status.WITHDRAWN]
    )
    if not_ready.exists():
        titles = "; ".join(f"{r.title} ({r.get_status_display().lower()})" for r in not_ready)
        raise ValidationError(f"These reports are not ready to publish: {titles}.")
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    deadline = deadline_for(meeting)
    late = today > deadline.latest_publication
    if late and not late_reasons.strip():
        raise ValidationError(
            {
                "late_reasons": "The latest lawful publication date was "
                f"{deadline.latest_publication:%-d %B %Y}. Record the chair's reasons for "
                "considering the business as a matter of urgency."
            }
        )
    values = {
        "agenda_published_at": now,
        "status": Meeting.Status.AGENDA_PUBLISHED,
        "late_publication_reasons": late_reasons.strip() if late else "",
    }
    meeting = update_audited(meeting, values, "meetings.meeting.publish_agenda", by=by)
    pack_services.request_build(meeting)
    return meeting


def items_needing_urgency(meeting: Meeting) -> Iterable[AgendaItem]:
    """Items added after publication (each carries the chair's reasons)."""
    return meeting.items.filter(added_late=True)


def report_deadline_passed(meeting: Meeting, today=None) -> bool:
    return (today or timezone.localdate()) > deadline_for(meeting).report_deadline
