"""Issue 11 item 22: the deadline to register interests after an ordinary election, on both
readings of when a councillor "becomes a member" (Localism Act 2011 s30(1)): from the term of
office, which starts on the fourth day after polling day (LGA 1972 s7), or, as councils'
guidance has it, from the declaration of the result. Reminders go by the earlier date (late
registration is an offence, s34) and say which reading gives it."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from democracy.tests.factories import TermFactory
from members.reminder_sources.interests import DUE, interests_due
from members.rules import interests as rules
from members.views.interests import deadlines


def test_spelthorne_2015_elected_7_may_register_by_3_june():
    # Spelthorne Borough Council's guidance: elected on 7 May 2015, register by 3 June 2015.
    # The term began on Monday 11 May 2015, the fourth day after the poll.
    deadline = rules.registration_deadline(date(2015, 5, 11), elected_at_ordinary_election=True)
    assert deadline.elected_on == date(2015, 5, 7)
    assert deadline.from_election == date(2015, 6, 3)
    assert deadline.from_took_office == date(2015, 6, 7)
    assert deadline.due == date(2015, 6, 3)


def test_the_7_may_2026_poll():
    deadline = rules.registration_deadline(date(2026, 5, 11), elected_at_ordinary_election=True)
    assert (deadline.from_election, deadline.from_took_office, deadline.due) == (
        date(2026, 6, 3),
        date(2026, 6, 7),
        date(2026, 6, 3),
    )
    assert deadline.reading == (
        "28 days beginning with polling day, 7 May 2026, as councils' guidance counts them from "
        "the declaration of the result. Counted from the start of the term of office, 11 May "
        "2026, the last day would be 7 June 2026; reminders go by the earlier date, as late "
        "registration is an offence (Localism Act 2011 section 34)."
    )


def test_a_by_election_or_co_option_has_one_reading():
    deadline = rules.registration_deadline(date(2025, 6, 2))
    assert deadline.due == deadline.from_took_office == date(2025, 6, 29)
    assert deadline.reading == (
        "28 days beginning with the day of taking office, 2 June 2025 (Localism Act 2011 "
        "section 30(1))."
    )
    assert rules.elected_at_ordinary_election("ordinary")
    assert rules.elected_at_ordinary_election("uncontested")
    assert not rules.elected_at_ordinary_election("by_election")
    assert not rules.elected_at_ordinary_election(None)


def test_the_reminder_goes_by_the_earlier_date_and_says_why(db):
    term = TermFactory(start_date=date(2026, 5, 11), start_reason="ordinary")
    term.councillor.council_email = "new.member@council.example.org"
    term.councillor.save()
    # Seven days before 3 June 2026 (on the term-start reading it would be 31 May).
    [spec] = [s for s in interests_due(date(2026, 5, 27)) if s.kind == DUE]
    assert spec.due_on == date(2026, 6, 3)
    assert spec.email_subject == "Your register of interests is due by 3 June 2026"
    assert "The last day is 28 days beginning with polling day, 7 May 2026" in spec.email_body
    assert "the last day would be 7 June 2026" in spec.email_body


def test_the_portal_shows_the_reading_used(db):
    start = timezone.localdate() - timedelta(days=2)
    term = TermFactory(start_date=start, start_reason="ordinary")
    shown = deadlines(term.councillor, None)
    assert shown["registration_due"] == start - timedelta(days=4) + timedelta(days=27)
    assert shown["registration_reading"].startswith("28 days beginning with polling day")
