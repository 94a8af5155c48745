"""Benchmarks of the foundation (``make bench``): the statutory calendar and the reminders outbox.

Speed is measured here, never asserted by timed tests (the suite runs these in quick mode,
``BENCH_QUICK=1``, only to keep them working). Each later issue
adds its own benchmarks beside these, with the targets it names.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from democracy import calendars, reminders
from democracy.benchmarks.support import quick
from democracy.models import Reminder
from democracy.statutory import Nation
from democracy.tests.factories import WardFactory

POLL_DATES = [date(2026, 1, 1) + timedelta(days=n) for n in range(quick(365, 30))]
REMINDERS = quick(500, 50)


def test_bench_election_timetable_for_every_day_of_a_year(benchmark):
    """Twelve deadlines (25 to 4 working days back) for each of 365 polling days."""
    calendar = calendars.election_calendar(Nation.ENGLAND)

    def timetables():
        return [
            calendars.working_days_before(poll, n, calendar=calendar)
            for poll in POLL_DATES
            for n in (25, 19, 19, 19, 18, 12, 11, 6, 6, 6, 5, 4)
        ]

    result = benchmark.pedantic(timetables, rounds=quick(5, 1), iterations=1)
    assert len(result) == len(POLL_DATES) * 12


def test_bench_publication_deadline_for_every_day_of_a_year(benchmark):
    calendar = calendars.meeting_calendar(Nation.ENGLAND)
    result = benchmark.pedantic(
        lambda: [
            calendars.latest_date_leaving_clear_days(d, 5, calendar=calendar) for d in POLL_DATES
        ],
        rounds=quick(20, 1),
        iterations=1,
    )
    assert len(result) == len(POLL_DATES)


@pytest.mark.django_db
def test_bench_outbox_sends_500_due_reminders(benchmark):
    """Claim and send 500 due reminders (locmem email backend), in batches of 100 per tick."""
    ward = WardFactory()

    def setup():
        Reminder.outbox.all().delete()
        reminders.schedule(
            reminders.ReminderSpec(
                subject=ward,
                kind=f"bench-{n}",
                due_on=date(2026, 5, 7),
                send_at=timezone.now() - timedelta(minutes=1),
                recipients=["officer@example.org"],
                email_subject="Bench",
                email_body="Bench",
            )
            for n in range(REMINDERS)
        )

    def drain():
        sent = 0
        while batch := reminders.send_due():
            sent += batch
        return sent

    assert benchmark.pedantic(drain, setup=setup, rounds=quick(5, 1)) == REMINDERS
