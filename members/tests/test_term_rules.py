"""The day councillors elected at an ordinary election come into office (LGA 1972 s7 and
s243(1)), pinned to real polls."""

from datetime import date

import pytest

from members.rules import interests
from members.rules.terms import (
    ordinary_poll_for_term_start,
    ordinary_term_start,
    s243_excluded,
)


@pytest.mark.parametrize(
    ("poll", "took_office"),
    [
        # 2 May 2019: the fourth day, Monday 6 May, was the early May bank holiday; the
        # Electoral Commission and counsel for the AEA and LLG gave Tuesday 7 May 2019.
        (date(2019, 5, 2), date(2019, 5, 7)),
        # 4 May 2023: Monday 8 May was the bank holiday for the Coronation (proclaimed under
        # the Banking and Financial Dealings Act 1971 s1(3)): Tuesday 9 May 2023.
        (date(2023, 5, 4), date(2023, 5, 9)),
        # 2 May 2024 and 1 May 2025: the fourth day was the early May bank holiday.
        (date(2024, 5, 2), date(2024, 5, 7)),
        (date(2025, 5, 1), date(2025, 5, 6)),
        # 7 May 2015 and 7 May 2026: the fourth day is an ordinary Monday.
        (date(2015, 5, 7), date(2015, 5, 11)),
        (date(2026, 5, 7), date(2026, 5, 11)),
    ],
)
def test_the_fourth_day_after_the_poll_moves_past_a_bank_holiday(poll, took_office):
    assert ordinary_term_start(poll) == took_office
    assert ordinary_poll_for_term_start(took_office) == poll


def test_saturday_counts_but_sunday_does_not():
    assert not s243_excluded(date(2026, 5, 9))  # a Saturday
    assert s243_excluded(date(2026, 5, 10))  # a Sunday
    # A poll on a Wednesday (a one-off date) whose fourth day is a Sunday moves to Monday.
    assert ordinary_term_start(date(2026, 5, 6)) == date(2026, 5, 11)
    # A Tuesday poll's fourth day is a Saturday, which counts.
    assert ordinary_term_start(date(2026, 5, 5)) == date(2026, 5, 9)


def test_a_day_of_public_mourning_is_passed_over():
    mourning = frozenset({date(2026, 5, 11)})
    assert ordinary_term_start(date(2026, 5, 7), extra_days=mourning) == date(2026, 5, 12)


def test_the_interests_deadline_counts_from_the_poll_of_a_moved_term():
    """2 May 2019: in office from 7 May, so 28 days beginning with polling day end on 29 May
    and 28 days beginning with taking office on 3 June; reminders go by the earlier."""
    deadline = interests.registration_deadline(date(2019, 5, 7), elected_at_ordinary_election=True)
    assert deadline.elected_on == date(2019, 5, 2)
    assert deadline.from_election == date(2019, 5, 29)
    assert deadline.from_took_office == date(2019, 6, 3)
    assert deadline.due == date(2019, 5, 29)
