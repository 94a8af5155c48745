""" "Political balance review due": sent once through the outbox to democratic services
officers after a change of group (or of office) since the last review; not again for further
changes before a review; again after the next review is followed by another change."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from democracy import reminders
from democracy.models import Reminder
from democracy.tests.factories import PoliticalGroupFactory, TermFactory
from meetings.reminder_sources.balance import KIND, balance_review_due
from meetings.services.balance import balance_review_record
from members.services.councillors import group_join

LONDON = ZoneInfo("Europe/London")


def tick(day: date) -> int:
    before = Reminder.outbox.filter(kind=KIND, sent_at__isnull=False).count()
    reminders.tick(today=day, now=datetime.combine(day, time(9), tzinfo=LONDON))
    return Reminder.outbox.filter(kind=KIND, sent_at__isnull=False).count() - before


@pytest.fixture
def council(db, officer, manager):
    council = [TermFactory(start_date=date(2023, 5, 8)).councillor for _ in range(3)]
    red, blue = PoliticalGroupFactory(name="Red Group"), PoliticalGroupFactory(name="Blue Group")
    for c in council:
        group_join(councillor=c, group=red, start_date=date(2023, 5, 8), by=officer)
    balance_review_record(reviewed_on=date(2026, 5, 19), reason="annual_meeting", by=officer)
    return council, red, blue, officer


def test_no_reminder_without_a_change_since_the_review(council):
    assert list(balance_review_due(date(2026, 9, 1))) == []
    assert tick(date(2026, 9, 1)) == 0


def test_a_change_of_group_reminds_once(council):
    members, _red, blue, officer = council
    group_join(councillor=members[0], group=blue, start_date=date(2026, 9, 1), by=officer)
    assert tick(date(2026, 8, 31)) == 0
    assert tick(date(2026, 9, 1)) == 1
    assert tick(date(2026, 9, 2)) == 0
    # A further change before a review does not remind again.
    group_join(councillor=members[1], group=blue, start_date=date(2026, 9, 10), by=officer)
    assert tick(date(2026, 9, 10)) == 0
    [message] = [m for m in mail.outbox if m.subject == "Political balance review due"]
    assert sorted(message.to) == ["manager@example.org", "officer@example.org"]
    assert "changed on 1 September 2026" in message.body
    assert "after the last review of political balance on 19 May 2026" in message.body
    assert "/officers/balance/" in message.body
    # After a review, the next change reminds again.
    balance_review_record(reviewed_on=date(2026, 9, 15), reason="group_change", by=officer)
    group_join(councillor=members[2], group=blue, start_date=date(2026, 10, 1), by=officer)
    assert tick(date(2026, 10, 1)) == 1
