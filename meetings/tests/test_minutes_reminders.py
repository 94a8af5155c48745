""" "Draft minutes due": sent once through the outbox to democratic services officers when the
draft minutes are not published within ``draft_minutes_working_days`` (default five) working
days of the meeting; never when they are, nor for a meeting that was called off."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from democracy import reminders
from democracy.models import Reminder
from democracy.roles import Role
from democracy.tests.factories import UserFactory, set_constitution
from meetings.reminder_sources.minutes import KIND, draft_minutes_due
from meetings.services import meetings as meeting_services
from meetings.services import minutes as minutes_services
from meetings.tests.factories_proceedings import Scene

# No attendance is recorded in these scenes: publishing then needs the officer's reasons.
NO_ATTENDANCE_TAKEN = "The attendance sheet was not kept; the clerk's notes are on file."

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


@pytest.fixture
def scene(db, officer, manager, author):
    # officer and manager (who is also an officer) get the reminder; the report author does not;
    # nor does an officer without an email address.
    UserFactory(username="no-email", email="", roles=[Role.DEMOCRATIC_SERVICES_OFFICER])
    scene = Scene()
    scene.officer.email = ""
    scene.officer.save()
    return scene


def sent() -> int:
    return Reminder.outbox.filter(kind=KIND, sent_at__isnull=False).count()


def tick(day: date, hour: int = 9) -> int:
    """One beat of the outbox; how many "draft minutes due" reminders it sent (other apps'
    sources run too, and are not counted)."""
    before = sent()
    reminders.tick(today=day, now=at(day, hour))
    return sent() - before


def minutes_mail():
    return [m for m in mail.outbox if m.subject.startswith("Draft minutes due")]


def test_the_reminder_goes_once_on_the_fifth_working_day_after_the_meeting(scene):
    # Thu 8 October 2026: working days Fri 9, Mon 12, Tue 13, Wed 14, Thu 15 October.
    scene.hold()
    assert tick(date(2026, 10, 14)) == 0
    assert tick(date(2026, 10, 15), hour=7) == 0  # due at 8am
    assert tick(date(2026, 10, 15)) == 1
    assert tick(date(2026, 10, 15), hour=10) == 0
    assert tick(date(2026, 10, 16)) == 0
    [message] = minutes_mail()
    assert sorted(message.to) == ["manager@example.org", "officer@example.org"]
    assert message.subject == "Draft minutes due: Planning Committee, 8 October 2026"
    assert "were due to be published by 15 October 2026 (5 working days after the meeting)" in (
        message.body
    )
    assert f"/officers/meetings/{scene.meeting.pk}/minutes/" in message.body
    assert Reminder.outbox.get(kind=KIND).due_on == date(2026, 10, 15)


def test_bank_holidays_do_not_count(scene):
    # Wed 24 March 2027: Thu 25 (1), Good Friday and Easter Monday skipped, Tue 30 (2),
    # Wed 31 (3), Thu 1 April (4), Fri 2 April (5).
    easter = scene.make_meeting(date(2027, 3, 24))
    scene.publish(easter)
    [spec] = [s for s in draft_minutes_due(date(2027, 4, 2)) if s.subject == easter]
    assert spec.due_on == date(2027, 4, 2)
    assert not [s for s in draft_minutes_due(date(2027, 4, 1)) if s.subject == easter]


def test_the_period_is_the_councils_to_set(scene, settings):
    set_constitution(draft_minutes_working_days=10)
    scene.hold()
    assert tick(date(2026, 10, 15)) == 0
    assert tick(date(2026, 10, 22)) == 1


def test_a_meeting_whose_date_has_passed_is_reminded_about_even_if_not_marked_held(scene):
    assert tick(date(2026, 10, 15)) == 1


def test_no_reminder_once_the_draft_is_published(scene):
    scene.hold()
    minutes = minutes_services.minutes_draft(meeting=scene.meeting, by=scene.officer)
    minutes.entries.filter(text="").update(text="Considered.")
    minutes_services.minutes_publish_draft(
        minutes=minutes, by=scene.officer, exception_reasons=NO_ATTENDANCE_TAKEN
    )
    assert tick(date(2026, 10, 15)) == 0
    assert not minutes_mail()


def test_publishing_on_the_morning_it_is_due_cancels_the_reminder_already_queued(scene):
    scene.hold()
    assert tick(date(2026, 10, 15), hour=7) == 0
    assert Reminder.outbox.filter(kind=KIND, sent_at=None).count() == 1
    minutes = minutes_services.minutes_draft(meeting=scene.meeting, by=scene.officer)
    minutes.entries.filter(text="").update(text="Considered.")
    minutes_services.minutes_publish_draft(
        minutes=minutes, by=scene.officer, exception_reasons=NO_ATTENDANCE_TAKEN
    )
    assert tick(date(2026, 10, 15)) == 0
    assert not minutes_mail()


def test_no_reminder_for_a_cancelled_meeting(scene):
    meeting_services.meeting_cancel(meeting=scene.meeting, reason="Inquorate", by=scene.officer)
    assert tick(date(2026, 10, 15)) == 0
