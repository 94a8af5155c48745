"""Reminders about registers of interests, sent once through the outbox: to the councillor a
week before the s30(1) deadline, to officers the day after it if nothing was submitted; the same
for a change the councillor has started but not submitted."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from democracy import reminders
from democracy.models import Reminder
from democracy.tests.factories import set_constitution
from members.reminder_sources.interests import CHANGE_DUE, CHANGE_OVERDUE, DUE, OVERDUE
from members.services import interests as services
from members.tests.factories_interests import ORDINARY, councillor_of, publish_register

LONDON = ZoneInfo("Europe/London")
# Elected at the ordinary election on Thursday 7 May 2026, in office from Monday 11 May (the
# fourth day after the poll): the last day to notify is Wednesday 3 June 2026, counted from the
# poll as councils' guidance does (the earlier reading; from the term's start it is 7 June).
TOOK_OFFICE = date(2026, 5, 11)
DUE_ON = date(2026, 6, 3)


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def tick(day: date, hour: int = 9) -> None:
    reminders.tick(today=day, now=at(day, hour))


def sent(kind: str) -> list[Reminder]:
    return list(Reminder.outbox.filter(kind=kind, sent_at__isnull=False))


@pytest.fixture
def newly_elected(db, councillor, officer):
    term = councillor_of(councillor).terms.get()
    term.start_date = TOOK_OFFICE
    term.save()
    return councillor


def test_the_councillor_is_reminded_once_a_week_before_the_deadline(newly_elected):
    tick(date(2026, 5, 26))
    assert not sent(DUE)
    tick(date(2026, 5, 27))
    tick(date(2026, 5, 28))
    [reminder] = sent(DUE)
    assert reminder.due_on == DUE_ON
    assert reminder.recipients == [newly_elected.email]
    [message] = [m for m in mail.outbox if "due by 3 June 2026" in m.subject]
    assert "Wednesday 3 June 2026" in message.body


def test_the_council_sets_how_far_ahead_the_reminder_comes(newly_elected, settings):
    set_constitution(interest_reminder_days=14)
    tick(date(2026, 5, 19))
    assert not sent(DUE)
    tick(date(2026, 5, 20))  # 14 days before Wednesday 3 June 2026
    assert [r.due_on for r in sent(DUE)] == [DUE_ON]


def test_officers_are_told_once_when_it_is_overdue(newly_elected, officer):
    tick(DUE_ON)
    assert not sent(OVERDUE)
    tick(date(2026, 6, 4))
    tick(date(2026, 6, 5))
    [reminder] = sent(OVERDUE)
    assert reminder.recipients == [officer.email]


def test_nothing_is_sent_once_the_councillor_has_submitted(newly_elected, officer):
    publish_register(councillor_of(newly_elected), [ORDINARY], by=officer)
    tick(date(2026, 5, 28))
    tick(date(2026, 6, 4))
    assert not sent(DUE) and not sent(OVERDUE)


def test_a_change_started_but_not_submitted_is_reminded_and_then_reported(newly_elected, officer):
    member = councillor_of(newly_elected)
    publish_register(member, [ORDINARY], by=officer)
    services.declaration_start(councillor=member, change_aware_on=date(2026, 9, 1), by=None)
    # 28 days beginning with 1 September 2026: due Monday 28 September.
    tick(date(2026, 9, 21))
    assert sent(CHANGE_DUE)[0].due_on == date(2026, 9, 28)
    tick(date(2026, 9, 29))
    assert sent(CHANGE_OVERDUE)[0].recipients == [officer.email]


def test_the_period_is_the_councils(newly_elected, settings):
    # A council whose code allows 21 days: due Wednesday 27 May 2026, reminded from 20 May.
    set_constitution(interest_registration_days=21)
    tick(date(2026, 5, 20))
    [reminder] = sent(DUE)
    assert reminder.due_on == date(2026, 5, 27)
