"""Call-in windows and validity, pinned to real and computed-and-named cases (DOMAIN A4).
Pure: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from democracy import calendars
from democracy.statutory import Nation
from meetings.rules.call_in import (
    call_in_check,
    call_in_window,
    subject_to_call_in,
    window_open,
)

ENGLAND = calendars.meeting_calendar(Nation.ENGLAND)


def test_gloucestershire_worked_example_easter_2025():
    # DOMAIN A4 worked example (Gloucestershire CC call-in rules 2 and 4): a decision published
    # Tue 15 Apr 2025. Working days after publication: Wed 16 (1), Thu 17 (2), [Good Friday 18,
    # weekend, Easter Monday 21 excluded], Tue 22 (3), Wed 23 (4), Thu 24 (5). A call-in must
    # arrive before the end of Thu 24 Apr 2025; the decision is implementable from Fri 25 Apr.
    window = call_in_window(date(2025, 4, 15), working_days=5, calendar=ENGLAND)
    assert window.deadline == date(2025, 4, 24)
    assert window.implementable_on == date(2025, 4, 25)
    assert window.excluded_days == (
        (date(2025, 4, 18), "Good Friday"),
        (date(2025, 4, 19), "Saturday"),
        (date(2025, 4, 20), "Sunday"),
        (date(2025, 4, 21), "Easter Monday (bank holiday in England)"),
    )


def test_a_friday_deadline_makes_the_decision_implementable_on_the_saturday():
    # Computed: a decision published Fri 6 June 2025 (no holidays). Mon 9 (1) ... Fri 13 (5).
    # Our reading of Gloucestershire rule 2 ("may be implemented after five working days"):
    # the window closes at the end of Fri 13 June, so implementation may follow from Sat 14.
    window = call_in_window(date(2025, 6, 6), working_days=5, calendar=ENGLAND)
    assert window.deadline == date(2025, 6, 13)
    assert window.implementable_on == date(2025, 6, 14)


def test_christmas_2025_with_and_without_christmas_eve():
    # Computed: a decision published Mon 22 Dec 2025. Tue 23 (1), Wed 24 (2), [Christmas Day,
    # Boxing Day bank holiday, weekend], Mon 29 (3), Tue 30 (4), Wed 31 (5).
    window = call_in_window(date(2025, 12, 22), working_days=5, calendar=ENGLAND)
    assert window.deadline == date(2025, 12, 31)
    # A constitution that also excludes Christmas Eve (Kettering's definition): Thu 1 Jan 2026
    # is New Year's Day, so the fifth working day is Fri 2 Jan 2026.
    kettering = calendars.meeting_calendar(Nation.ENGLAND, exclude_christmas_eve=True)
    window = call_in_window(date(2025, 12, 22), working_days=5, calendar=kettering)
    assert window.deadline == date(2026, 1, 2)
    assert window.implementable_on == date(2026, 1, 3)


def test_isle_of_wight_style_shorter_window_is_configuration():
    # A council whose constitution gives three working days: Tue 15 Apr 2025 -> Wed 16, Thu 17,
    # Tue 22 Apr 2025.
    window = call_in_window(date(2025, 4, 15), working_days=3, calendar=ENGLAND)
    assert window.deadline == date(2025, 4, 22)


def test_a_council_designated_closure_day_does_not_count():
    # A council closure day (entered in the console) on Wed 23 Apr 2025 pushes the Gloucestershire
    # deadline from Thu 24 to Fri 25 Apr 2025.
    closed = replace(ENGLAND, extra_non_working_days=frozenset({date(2025, 4, 23)}))
    window = call_in_window(date(2025, 4, 15), working_days=5, calendar=closed)
    assert window.deadline == date(2025, 4, 25)


@pytest.mark.parametrize(
    ("today", "is_open"),
    [
        (date(2025, 4, 15), True),  # the day of publication
        (date(2025, 4, 24), True),  # until the end of the fifth working day
        (date(2025, 4, 25), False),
        (date(2025, 4, 14), False),  # before publication
    ],
)
def test_the_window_is_open_from_publication_to_the_end_of_the_deadline(today, is_open):
    window = call_in_window(date(2025, 4, 15), working_days=5, calendar=ENGLAND)
    assert window_open(window, today=today) is is_open


def test_a_call_in_with_five_signatories_in_time_is_valid():
    # Gloucestershire rule 4: at least five councillors, with grounds, before the deadline.
    window = call_in_window(date(2025, 4, 15), working_days=5, calendar=ENGLAND)
    check = call_in_check(
        window, today=date(2025, 4, 24), signatories=5, threshold=5, has_grounds=True
    )
    assert check.valid and check.in_time
    assert check.problems == ()
    assert check.deadline == date(2025, 4, 24)


def test_a_late_call_in_with_too_few_signatories_names_both_problems():
    window = call_in_window(date(2025, 4, 15), working_days=5, calendar=ENGLAND)
    check = call_in_check(
        window, today=date(2025, 4, 25), signatories=4, threshold=5, has_grounds=False
    )
    assert not check.valid and not check.in_time
    assert check.problems == (
        "The call-in period ended at the end of Thursday 24 April 2025.",
        "A call-in needs 5 councillors: it has 4, so 1 more councillor must sign it.",
        "Give the grounds for the call-in.",
    )


def test_bracknell_forest_threshold_of_five_and_isle_of_wight_three_are_configuration():
    window = call_in_window(date(2025, 4, 15), working_days=5, calendar=ENGLAND)
    assert call_in_check(
        window, today=date(2025, 4, 16), signatories=3, threshold=3, has_grounds=True
    ).valid
    check = call_in_check(
        window, today=date(2025, 4, 16), signatories=2, threshold=5, has_grounds=True
    )
    assert check.problems == (
        "A call-in needs 5 councillors: it has 2, so 3 more councillors must sign it.",
    )


@pytest.mark.parametrize(
    ("executive", "urgent", "expected"),
    [(True, False, True), (True, True, False), (False, False, False), (False, True, False)],
)
def test_only_executive_decisions_not_taken_as_urgent_can_be_called_in(executive, urgent, expected):
    # LGA 2000 s9F(2): executive functions; urgency exemption, Gloucestershire rule 10.
    assert subject_to_call_in(executive=executive, urgent=urgent) is expected
