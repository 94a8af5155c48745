"""Reminders for call-in and the forward plan, each sent exactly once through the outbox
(``democracy.reminders.tick``), and the task that makes decisions implementable.

Call-in: the Gloucestershire worked example (DOMAIN A4), published Tue 15 Apr 2025, deadline
Thu 24 Apr 2025, implementable from Fri 25 Apr 2025. Forward plan: a Cabinet on Thu 3 July 2025
needs its notice by Wed 4 June 2025 (28 clear calendar days, reg 9(2)).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from democracy import reminders
from democracy.models import Reminder
from democracy.tests.factories import set_constitution
from meetings.models import CallIn, Decision
from meetings.reminder_sources.decisions import CALL_IN_CLOSED, CALL_IN_CLOSING, NOTICE_MISSING
from meetings.services import call_in as call_in_services
from meetings.services import forward_plan as plan_services
from meetings.services.agenda import item_add
from meetings.services.decisions import make_implementable
from meetings.tasks.decisions import make_decisions_implementable
from meetings.tests.factories_decisions import (
    PUBLISHED,
    cabinet,
    published_decision,
    schedule,
    scrutiny_members,
    serving_councillors,
)

LONDON = ZoneInfo("Europe/London")
KINDS = {CALL_IN_CLOSING, CALL_IN_CLOSED, NOTICE_MISSING}


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def tick(day: date, hour: int = 9) -> list:
    """One beat on ``day``; the emails of our kinds it sent."""
    before = len(mail.outbox)
    reminders.tick(today=day, now=at(day, hour))
    keys = [m.extra_headers["X-Reminder-Key"] for m in mail.outbox[before:]]
    return [
        m for m, key in zip(mail.outbox[before:], keys, strict=True) if key.split("/")[0] in KINDS
    ]


def test_the_call_in_closing_reminder_goes_the_working_day_before_once(officer):
    decision = published_decision()
    assert tick(date(2025, 4, 22)) == []
    [sent] = tick(date(2025, 4, 23))
    assert sent.to == [officer.email]
    assert sent.subject == f"Call-in closes 24 April: {decision.title}"
    assert "ends at the end of Thursday 24 April 2025" in sent.body
    assert f"/officers/decisions/{decision.pk}/" in sent.body
    assert tick(date(2025, 4, 23), hour=15) == []
    assert tick(date(2025, 4, 24)) == []
    row = Reminder.outbox.get(kind=CALL_IN_CLOSING)
    assert row.due_on == date(2025, 4, 24)


def test_the_window_closed_reminder_goes_to_officers_and_the_member(officer):
    [member] = serving_councillors(1)
    member.council_email = "cllr.khan@example.gov.uk"
    member.save()
    decision = published_decision(
        kind=Decision.Kind.EXECUTIVE_MEMBER,
        decision_maker_councillor=member,
        decision_maker_name="Cabinet Member for Transport",
    )
    tick(date(2025, 4, 23))
    assert make_implementable(today=date(2025, 4, 25)) == [decision]
    [sent] = tick(date(2025, 4, 25))
    assert sent.to == sorted(["cllr.khan@example.gov.uk", officer.email])
    assert sent.subject == f"May now be implemented: {decision.title}"
    assert "implemented from Friday 25 April 2025" in sent.body
    assert tick(date(2025, 4, 26)) == []
    assert Reminder.outbox.get(kind=CALL_IN_CLOSED).due_on == date(2025, 4, 25)


def test_a_called_in_decision_gets_no_window_closed_reminder(officer, settings):
    set_constitution(call_in_signatories=1)
    decision = published_decision()
    [lead] = scrutiny_members(1)
    call_in = call_in_services.call_in_start(
        decision=decision, lead=lead, grounds="x", by=None, today=PUBLISHED
    )
    call_in_services.call_in_submit(call_in=call_in, by=None, today=PUBLISHED)
    call_in.refresh_from_db()
    call_in_services.call_in_outcome(
        call_in=call_in,
        outcome=CallIn.Outcome.NO_FURTHER_ACTION,
        decided_on=date(2025, 4, 28),
        by=None,
    )
    assert tick(date(2025, 4, 28)) == []
    assert not Reminder.outbox.filter(kind__in=KINDS).exists()


def test_the_task_makes_decisions_implementable(db):
    # Published long before the real today, so the window has certainly closed.
    decision = published_decision()
    assert make_decisions_implementable() == 1
    assert make_decisions_implementable() == 0
    decision.refresh_from_db()
    assert decision.status == Decision.Status.IMPLEMENTABLE


def test_a_missing_forward_plan_notice_is_reported_the_day_after_its_latest_date(officer):
    executive = cabinet()
    entry = plan_services.entry_create(
        title="Award of the highways maintenance contract",
        expected_decision_date=date(2025, 7, 3),
        contact="Highways",
        decision_maker_committee=executive,
        by=None,
    )
    on_time = plan_services.entry_create(
        title="Published in time",
        expected_decision_date=date(2025, 7, 3),
        contact="Highways",
        decision_maker_committee=executive,
        by=None,
    )
    plan_services.entry_publish_notice(entry=on_time, by=None, today=date(2025, 6, 4))
    assert tick(date(2025, 6, 4)) == []
    [sent] = tick(date(2025, 6, 5))
    assert sent.to == [officer.email]
    assert sent.subject == f"Key decision without a valid notice: {entry.title}"
    assert "had to be published by Wednesday 4 June 2025" in sent.body
    assert "/officers/forward-plan/problems/" in sent.body
    assert tick(date(2025, 6, 6)) == []
    row = Reminder.outbox.get(kind=NOTICE_MISSING)
    assert (row.due_on, row.subject_id) == (date(2025, 6, 4), str(entry.pk))


def test_a_key_decision_on_an_agenda_without_an_entry_is_reported_once(officer):
    meeting = schedule(cabinet(), date(2025, 7, 3))
    item = item_add(meeting=meeting, title="Leisure centre closure", is_key_decision=True, by=None)
    [sent] = tick(date(2025, 6, 10))
    assert sent.subject == "Key decision without a valid notice: Leisure centre closure"
    assert "on the agenda of Cabinet, 3 July 2025" in sent.body
    assert "This key decision is not on the forward plan." in sent.body
    assert tick(date(2025, 6, 11)) == []
    assert Reminder.outbox.get(kind=NOTICE_MISSING).subject_id == str(item.pk)


@pytest.mark.parametrize("withdrawn", [True, False])
def test_a_general_exception_or_withdrawal_stops_the_reminder(officer, withdrawn):
    entry = plan_services.entry_create(
        title="Urgent grant acceptance",
        expected_decision_date=date(2025, 6, 10),
        contact="Finance",
        decision_maker_committee=cabinet(),
        by=None,
    )
    if withdrawn:
        plan_services.entry_withdraw(entry=entry, by=None, today=date(2025, 5, 1))
    else:
        plan_services.entry_record_general_exception(
            entry=entry,
            reasons="Grant conditions arrived late.",
            scrutiny_chair_informed_on=date(2025, 6, 2),
            notice_on=date(2025, 6, 2),
            by=None,
            today=date(2025, 6, 2),
        )
    assert tick(date(2025, 6, 3)) == []
