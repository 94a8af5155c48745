"""Rules of rolling registration and notices of alteration (DOMAIN.md C3, C4): pure, pinned to
real dates. Each case names where its dates come from."""

from __future__ import annotations

from datetime import date

import pytest

from democracy import calendars
from democracy.statutory import Nation
from elections import register_rules as rules

ENGLAND = calendars.election_calendar(Nation.ENGLAND)


def test_monthly_notice_february_2019_as_the_electoral_commission_published_it():
    # EC "Registration dates 2019": NOA Fri 1 Feb 2019, applications by Thu 10 Jan,
    # determinations by Fri 18 Jan.
    notice = rules.monthly_notice_of_alteration(2019, 2, calendar=ENGLAND)
    assert notice.publication == date(2019, 2, 1)
    assert notice.application_deadline == date(2019, 1, 10)
    assert notice.determination_deadline == date(2019, 1, 18)


def test_monthly_notice_whose_first_is_a_bank_holiday_january_2019():
    # New Year's Day 2019 (Tuesday) is a bank holiday: EC "Registration dates 2019" has the
    # notice on Wed 2 Jan 2019, applications by Tue 11 Dec 2018, determinations by Wed 19 Dec.
    notice = rules.monthly_notice_of_alteration(2019, 1, calendar=ENGLAND)
    assert notice.publication == date(2019, 1, 2)
    assert notice.application_deadline == date(2018, 12, 11)
    assert notice.determination_deadline == date(2018, 12, 19)


def test_monthly_notice_whose_first_is_a_sunday_june_2025():
    # 1 June 2025 was a Sunday: the notice is published on Monday 2 June 2025; determinations
    # by Monday 19 May, applications by Friday 9 May (6 working days before).
    notice = rules.monthly_notice_of_alteration(2025, 6, calendar=ENGLAND)
    assert notice.publication == date(2025, 6, 2)
    assert notice.determination_deadline == date(2025, 5, 19)
    assert notice.application_deadline == date(2025, 5, 9)


def test_monthly_notice_whose_first_is_easter_monday_april_2024():
    # 1 April 2024 was Easter Monday (a bank holiday in England): published Tuesday 2 April.
    notice = rules.monthly_notice_of_alteration(2024, 4, calendar=ENGLAND)
    assert notice.publication == date(2024, 4, 2)
    assert notice.determination_deadline == date(2024, 3, 19)
    # Good Friday (29 March) falls after the application deadline; 6 working days before
    # Tuesday 19 March is Monday 11 March.
    assert notice.application_deadline == date(2024, 3, 11)


def test_canvass_months_are_at_the_eros_discretion():
    assert rules.monthly_notice_of_alteration(2026, 10, calendar=ENGLAND).discretionary
    assert rules.monthly_notice_of_alteration(2026, 11, calendar=ENGLAND).discretionary
    assert not rules.monthly_notice_of_alteration(2026, 9, calendar=ENGLAND).discretionary


def test_next_monthly_notice_rolls_into_the_new_year_over_a_bank_holiday():
    # After 1 December 2026 the next is January 2027: 1 January is a Friday bank holiday, so
    # Monday 4 January 2027.
    assert rules.next_monthly_notice_of_alteration(
        date(2026, 12, 7), calendar=ENGLAND
    ).publication == date(2027, 1, 4)
    assert rules.next_monthly_notice_of_alteration(
        date(2026, 12, 1), calendar=ENGLAND
    ).publication == date(2026, 12, 1)


def test_election_notices_for_the_local_elections_of_7_may_2026():
    # Poll Thursday 7 May 2026: registration deadline Monday 20 April 2026 (12th working day,
    # as published by councils), nominations close Thursday 9 April (19th), so the first
    # interim notice is that day; the final notice Wednesday 29 April (5th).
    dates = rules.election_notices_of_alteration_for_poll(date(2026, 5, 7), calendar=ENGLAND)
    assert dates.registration_deadline == date(2026, 4, 20)
    assert dates.first_interim == date(2026, 4, 9)
    assert dates.final == date(2026, 4, 29)
    assert dates.anonymous_registration_deadline == date(2026, 4, 28)


def test_election_notices_for_the_local_elections_of_1_may_2025_over_easter():
    # Poll 1 May 2025: registration deadline Friday 11 April 2025 (DOMAIN.md C1.2), counting
    # Maundy Thursday and skipping Good Friday and Easter Monday.
    dates = rules.election_notices_of_alteration_for_poll(date(2025, 5, 1), calendar=ENGLAND)
    assert dates.registration_deadline == date(2025, 4, 11)
    assert dates.final == date(2025, 4, 24)


def test_a_discretionary_interim_notice_falls_between_the_first_and_the_final():
    dates = rules.election_notices_of_alteration_for_poll(date(2026, 5, 7), calendar=ENGLAND)
    assert dates.discretionary_interim_problem(date(2026, 4, 20)) == ""
    assert "after the first interim notice (9 April 2026)" in (
        dates.discretionary_interim_problem(date(2026, 4, 9))
    )
    assert dates.discretionary_interim_problem(date(2026, 4, 29))


def test_the_objection_period_is_five_working_days_and_fits_the_notice_deadlines():
    # An application listed on the February 2019 notice's application deadline (Thu 10 Jan)
    # can be objected to until Thu 17 Jan and determined on Fri 18 Jan, its deadline.
    ends = rules.objection_period_end(date(2019, 1, 10), anonymous=False, calendar=ENGLAND)
    assert ends == date(2019, 1, 17)
    assert rules.determination_problem(ends, date(2019, 1, 17)).startswith(
        "The application can be determined after the objection period ends on 17 January 2019"
    )
    assert rules.determination_problem(ends, date(2019, 1, 18)) == ""


def test_anonymous_applications_have_no_objection_period():
    assert rules.objection_period_end(date(2019, 1, 10), anonymous=True, calendar=ENGLAND) is None
    assert rules.determination_problem(None, date(2019, 1, 10)) == ""


@pytest.mark.parametrize(
    ("today", "polls", "deadline"),
    [
        # 1 December 2024 was a Sunday: dies non do not apply (EC).
        (date(2024, 9, 1), (), date(2024, 12, 1)),
        (date(2024, 12, 1), (), date(2024, 12, 1)),
        (date(2024, 12, 2), (), date(2025, 12, 1)),
        # A by-election in the canvass period (1 July to 1 December) defers it to 1 February.
        (date(2024, 9, 1), (date(2024, 11, 14),), date(2025, 2, 1)),
        (date(2025, 1, 10), (date(2024, 11, 14),), date(2025, 2, 1)),
        # The general election of 12 December 2019 was after the canvass period.
        (date(2019, 11, 1), (date(2019, 12, 12),), date(2019, 12, 1)),
    ],
)
def test_revised_register_publication_deadline(today, polls, deadline):
    assert rules.revised_register_deadline(today, polls=polls) == deadline


@pytest.mark.parametrize(
    ("entries", "prop", "expected", "why"),
    [
        ([], 1, (1, 0), "the first entry of a district"),
        ([(1, 1, 0), (2, 2, 0)], 3, (3, 0), "a new property takes the next number"),
        ([(1, 1, 0), (2, 2, 0)], 2, (3, 0), "a property whose run ends the register: next"),
        ([(1, 122, 0), (1, 123, 0), (2, 124, 0)], 1, (123, 1), "within a run: AB123/1"),
        ([(1, 123, 0), (1, 123, 1), (2, 124, 0)], 1, (123, 2), "the next suffix"),
        ([(1, 1, 0), (None, 9, 0), (2, 5, 0)], 3, (10, 0), "deleted and pending numbers count"),
    ],
)
def test_next_elector_number(entries, prop, expected, why):
    assert rules.next_elector_number(entries, prop) == expected, why


def test_national_insurance_numbers():
    assert rules.normalise_nino("ab 12 34 56 c") == "AB123456C"
    assert rules.normalise_nino("AB123456E") is None  # the letter at the end is A to D
    assert rules.normalise_nino("DA123456A") is None  # D is never a first letter
    assert rules.masked_nino(rules.nino_ending("AB123456C")) == "•• •• •• 56 C"
    assert "1234" not in rules.masked_nino(rules.nino_ending("AB123456C"))


def test_invitations_three_in_writing_and_a_visit():
    assert rules.invitation_problem("visit", []) != ""
    assert rules.invitation_problem("written", ["written", "written"]) == ""
    assert "Three invitations" in rules.invitation_problem("written", ["written"] * 3)
    assert rules.invitations_outstanding(["written"]) == [
        "The second invitation to register",
        "A personal visit",
    ]
    assert rules.invitations_outstanding(["written", "visit", "written", "written"]) == []


def test_franchise_and_age():
    assert rules.franchise_for_nationality("british") == ""
    assert rules.franchise_for_nationality("eu") == "B"
    assert rules.franchise_for_nationality("other") is None
    # 16 on 7 December 2026: may be added, shown as turning 18 on 7 December 2028.
    assert rules.age_problem(date(2010, 12, 7), date(2026, 12, 7)) == ""
    assert rules.age_problem(date(2010, 12, 8), date(2026, 12, 7))
    assert rules.attainer_18_on_for(date(2010, 12, 7), date(2026, 12, 7)) == date(2028, 12, 7)
    assert rules.attainer_18_on_for(date(1980, 1, 1), date(2026, 12, 7)) is None
