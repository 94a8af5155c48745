"""Builders for the tests of the meeting rules an officer expects enforced (agenda numbers after
publication, publishing minutes, substitutes and call-in, duplicate meetings, the previous
meeting's minutes): meetings made through the services, nothing mocked."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from democracy.tests.factories import CommitteeFactory, TermFactory
from meetings.models import CommitteeMembership, Meeting
from meetings.services import agenda as agenda_services
from meetings.services import committees as committee_services
from meetings.services import meetings as meeting_services
from meetings.services import minutes as minutes_services
from meetings.services import proceedings as proceedings_services
from meetings.services.proceedings import AttendanceLine


def moment(day: date, clock: time = time(18, 30)) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def make_meeting(
    committee=None,
    day: date = date(2026, 12, 10),
    start: time = time(18, 30),
    end: time = time(21, 0),
    by=None,
    **kwargs,
) -> Meeting:
    kwargs.setdefault("location_note", "Kingsmere House, Council Chamber")
    return meeting_services.meeting_create(
        committee=committee or CommitteeFactory(name="Planning Committee"),
        starts_at=moment(day, start),
        ends_at=moment(day, end),
        room=None,
        by=by,
        **kwargs,
    )


def add_item(meeting: Meeting, title: str, by=None, **kwargs):
    return agenda_services.item_add(meeting=meeting, title=title, by=by, **kwargs)


def committee_with_members(
    count: int = 4, *, quorum: int = 3, name: str = "Licensing Committee", by=None, **kwargs
):
    """A committee of ``count`` councillors in office (the first in the chair)."""
    committee = CommitteeFactory(name=name, size=max(count, quorum), quorum=quorum, **kwargs)
    members = []
    for n in range(count):
        councillor = TermFactory(start_date=date(2023, 5, 8)).councillor
        committee_services.membership_appoint(
            committee=committee,
            councillor=councillor,
            role=CommitteeMembership.Role.CHAIR if n == 0 else CommitteeMembership.Role.MEMBER,
            start_date=date(2023, 5, 16),
            by=by,
        )
        members.append(councillor)
    return committee, members


def held_meeting(committee, *, day: date, present=(), by=None) -> Meeting:
    """A meeting of ``committee`` on ``day`` (in the past), its agenda published on time, held,
    with ``present`` recorded present (none: no attendance recorded)."""
    meeting = make_meeting(committee, day=day, by=by)
    meeting_services.agenda_publish(meeting=meeting, today=day - timedelta(days=14), by=by)
    proceedings_services.meeting_mark_held(meeting=meeting, by=by, now=moment(day, time(21, 30)))
    if present:
        proceedings_services.attendance_record(
            meeting=meeting,
            lines=[
                AttendanceLine(status="present", councillor=c, presiding=n == 0)
                for n, c in enumerate(present)
            ],
            by=by,
            today=day,
        )
    meeting.refresh_from_db()
    return meeting


def draft_minutes(meeting: Meeting, by=None):
    minutes = minutes_services.minutes_draft(meeting=meeting, by=by)
    minutes.entries.filter(text="").exclude(item__kind="exclusion").update(text="Considered.")
    return minutes
