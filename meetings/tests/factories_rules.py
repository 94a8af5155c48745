"""Builders for the tests of the meeting rules an officer expects enforced (agenda numbers after
publication, publishing minutes, substitutes and call-in, duplicate meetings, the previous
meeting's minutes): meetings made through the services, nothing mocked."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from democracy.tests.factories import CommitteeFactory
from meetings.models import Meeting
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services


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
