"""Agenda reminders through the foundation's outbox, each sent exactly once: reports due (to
their authors), agenda publication due (to democratic services, two working days ahead) and the
publication deadline breached (the day after the latest lawful date).

Pinned to Nuneaton & Bedworth's Planning Committee of Tuesday 23 April 2019 (DOMAIN A1.2):
latest publication Thursday 11 April 2019, reports due Thursday 4 April 2019.
"""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core import mail

from democracy import reminders
from democracy.models import Reminder
from democracy.roles import Role
from democracy.tests.factories import CommitteeFactory, UserFactory
from meetings.reminder_sources.agenda import (
    PUBLICATION_BREACHED,
    PUBLICATION_DUE,
    REPORT_DUE,
    agenda_reminders,
)
from meetings.services import meetings as meeting_services
from meetings.services import reports as report_services
from meetings.tests.factories_meetings import (
    add_item,
    clear_report,
    make_author,
    make_meeting,
    make_report,
    moment,
)

MEETING = date(2019, 4, 23)
LATEST = date(2019, 4, 11)  # Thursday
PUBLICATION_WARNING = date(2019, 4, 9)  # Tuesday: two working days ahead
REPORTS_DUE = date(2019, 4, 4)  # Thursday
REPORT_WARNING = date(2019, 4, 2)  # Tuesday


def tick(day: date, at: time = time(9, 0)) -> list:
    """One beat on ``day``; returns the agenda emails it sent."""
    before = len(mail.outbox)
    reminders.tick(today=day, now=moment(day, at))
    return [
        message
        for message in mail.outbox[before:]
        if message.extra_headers["X-Reminder-Key"].startswith(
            (PUBLICATION_DUE, PUBLICATION_BREACHED, REPORT_DUE)
        )
    ]


@pytest.fixture
def dso(db):
    return UserFactory(
        username="dso",
        email="democratic.services@example.org",
        roles=[Role.DEMOCRATIC_SERVICES_OFFICER],
    )


@pytest.fixture
def meeting(dso):
    return make_meeting(CommitteeFactory(name="Planning Committee"), day=MEETING)


def test_the_source_is_registered():
    assert agenda_reminders in reminders.registered_sources()


# --- Publication due ----------------------------------------------------------------------------


def test_democratic_services_are_reminded_two_working_days_before_the_latest_date(meeting, dso):
    UserFactory(username="no-email", email="", roles=[Role.DEMOCRATIC_SERVICES_OFFICER])
    UserFactory(username="left", is_active=False, roles=[Role.DEMOCRATIC_SERVICES_OFFICER])
    UserFactory(username="clerk2", roles=[Role.APPEALS_CLERK])
    assert tick(date(2019, 4, 8)) == []
    [message] = tick(PUBLICATION_WARNING)
    assert message.to == ["democratic.services@example.org"]
    assert message.subject == "Agenda due: Planning Committee, 23 April 2019 (publish by 11 April)"
    assert "must be published by Thursday 11 April 2019" in message.body
    assert f"/officers/meetings/{meeting.pk}/" in message.body
    row = Reminder.outbox.get(kind=PUBLICATION_DUE)
    assert (row.due_on, row.subject_id) == (LATEST, str(meeting.pk))
    # Exactly once, however many ticks follow.
    assert tick(PUBLICATION_WARNING, time(9, 2)) == []
    assert tick(date(2019, 4, 10)) == []
    assert tick(LATEST) == []


def test_the_reminder_waits_for_the_start_of_the_working_day(meeting):
    assert tick(PUBLICATION_WARNING, time(6, 0)) == []
    assert Reminder.outbox.filter(kind=PUBLICATION_DUE, sent_at=None).count() == 1
    assert len(tick(PUBLICATION_WARNING, time(8, 0))) == 1


def test_a_missed_day_is_caught_up(meeting):
    # No tick ran on the Tuesday or Wednesday (a worker was down): Thursday still reminds.
    [message] = tick(LATEST)
    assert message.subject.startswith("Agenda due:")


def test_no_publication_reminder_once_published(meeting, dso):
    meeting_services.agenda_publish(meeting=meeting, today=date(2019, 4, 8), by=dso)
    assert tick(PUBLICATION_WARNING) == []
    assert tick(date(2019, 4, 12)) == []


# --- Deadline breached --------------------------------------------------------------------------


def test_the_day_after_the_latest_date_an_unpublished_agenda_is_reported(meeting):
    tick(LATEST)  # the "due" reminder
    [message] = tick(date(2019, 4, 12))
    assert message.subject == "Publication deadline passed: Planning Committee, 23 April 2019"
    assert "was Thursday 11 April 2019" in message.body
    assert "s100B(4)(b)" in message.body
    assert tick(date(2019, 4, 15)) == []
    assert tick(date(2019, 4, 23)) == []
    assert Reminder.outbox.get(kind=PUBLICATION_BREACHED).due_on == LATEST


def test_no_reminders_for_cancelled_or_past_meetings(meeting, dso):
    tick(PUBLICATION_WARNING, time(6, 0))  # derived, not yet sent
    meeting_services.meeting_cancel(meeting=meeting, reason="No business", by=dso)
    assert tick(PUBLICATION_WARNING) == []
    assert tick(date(2019, 4, 12)) == []
    assert Reminder.outbox.get(kind=PUBLICATION_DUE).cancelled_at is not None
    past = make_meeting(meeting.committee, day=date(2019, 3, 5))
    assert tick(date(2019, 3, 6)) == []
    assert not Reminder.outbox.filter(subject_id=str(past.pk)).exists()


def test_a_rescheduled_meeting_gets_reminders_for_its_new_deadline(meeting, dso):
    assert len(tick(PUBLICATION_WARNING)) == 1
    # Re-arranged to Tuesday 30 April 2019: latest publication Thursday 18 April.
    meeting_services.meeting_reschedule(
        meeting=meeting,
        starts_at=moment(date(2019, 4, 30), time(18, 30)),
        ends_at=moment(date(2019, 4, 30), time(21, 0)),
        room=None,
        by=dso,
    )
    assert tick(date(2019, 4, 12)) == []  # the old deadline no longer applies
    [message] = tick(date(2019, 4, 16))
    assert message.subject.endswith("(publish by 18 April)")


# --- Reports due --------------------------------------------------------------------------------


def test_authors_are_reminded_of_reports_not_ready(meeting, dso):
    writer = make_author("writer")
    report = make_report(add_item(meeting, "Land at Mill Lane"), writer)
    ready = make_report(add_item(meeting, "Local plan review"), make_author("ready-writer"))
    clear_report(ready, dso)
    withdrawn = make_report(add_item(meeting, "Old depot"), make_author("gone-writer"))
    report_services.report_withdraw(report=withdrawn, reason="Deferred", by=dso)
    assert tick(date(2019, 4, 1)) == []
    [message] = tick(REPORT_WARNING)
    assert message.to == [writer.email]
    assert message.subject == "Report due: Report: Land at Mill Lane (due 4 April)"
    assert "is due by Thursday 4 April 2019" in message.body
    assert "published on Thursday 11 April 2019" in message.body
    assert f"/officers/reports/{report.pk}/" in message.body
    assert tick(date(2019, 4, 3)) == []
    assert tick(REPORTS_DUE) == []
    row = Reminder.outbox.get(kind=REPORT_DUE)
    assert (row.due_on, row.subject_id) == (REPORTS_DUE, str(report.pk))


def test_a_report_commissioned_late_is_reminded_as_overdue(meeting):
    writer = make_author("late-writer")
    make_report(add_item(meeting, "Flood response"), writer)
    reports = [m for m in tick(date(2019, 4, 8)) if m.to == [writer.email]]
    [message] = reports
    assert message.subject == "Report overdue: Report: Flood response (was due 4 April)"
    assert "was due by Thursday 4 April 2019" in message.body


def test_no_report_reminder_without_an_author_address(meeting):
    make_report(
        add_item(meeting, "No address"),
        UserFactory(username="x", email="", roles=[Role.REPORT_AUTHOR]),
    )
    make_report(add_item(meeting, "No author"), None)
    assert [m for m in tick(REPORT_WARNING) if m.subject.startswith("Report")] == []
