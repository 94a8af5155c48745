"""Forward plan notices (SI 2012/2089 regs 5, 9-11), pinned to computed-and-named cases.
Pure: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from democracy import calendars
from democracy.statutory import Nation
from meetings.rules.forward_plan import (
    NoticeRules,
    PrivateRoute,
    Route,
    clear_days,
    earliest_after_clear_days,
    key_decision_check,
    latest_notice_date,
    private_meeting_check,
)

ENGLAND = calendars.meeting_calendar(Nation.ENGLAND)
DEFAULT = NoticeRules(calendar=ENGLAND)
WORKING_DAYS_28 = replace(DEFAULT, long_notice_in_working_days=True)
CALENDAR_DAYS_5 = replace(DEFAULT, short_notice_in_working_days=False)


def test_darlington_first_wednesday_plan_gives_notice_of_decisions_from_3_july_2025():
    # Darlington publishes its Forward Plan on the first Wednesday of each month, "28 clear days
    # notice of every key decision". The plan of Wed 4 June 2025 leaves 28 clear calendar days
    # (5-30 June and 1-2 July) before Thu 3 July 2025, so it covers decisions from that day.
    assert latest_notice_date(date(2025, 7, 3), 28, working_days=False, calendar=ENGLAND) == date(
        2025, 6, 4
    )
    check = key_decision_check(
        date(2025, 7, 3), notice_published_on=date(2025, 6, 4), rules=DEFAULT
    )
    assert check.valid and check.route is Route.NOTICE
    assert check.problems == ()
    # A Cabinet on Tue 1 July 2025 is too soon for that plan: only 26 clear days.
    late = key_decision_check(date(2025, 7, 1), notice_published_on=date(2025, 6, 4), rules=DEFAULT)
    assert not late.valid
    assert late.latest_notice_date == date(2025, 6, 2)
    assert late.problems[0] == (
        "The notice was published on Wednesday 4 June 2025, leaving 26 clear days before the "
        "decision; reg 9(2) needs 28, so it had to be published by Monday 2 June 2025."
    )


def test_southampton_style_28_day_notice_is_decision_date_less_29_days():
    # DOMAIN A3 default: calendar days, both ends excluded. A Cabinet on Tue 17 June 2025 needs
    # the notice by Mon 19 May 2025 (20 May - 16 June is 28 days); published Tue 20 May is late.
    assert key_decision_check(
        date(2025, 6, 17), notice_published_on=date(2025, 5, 19), rules=DEFAULT
    ).valid
    assert not key_decision_check(
        date(2025, 6, 17), notice_published_on=date(2025, 5, 20), rules=DEFAULT
    ).valid


def test_no_notice_at_all_says_so_and_points_to_the_exception_routes():
    check = key_decision_check(date(2025, 6, 17), notice_published_on=None, rules=DEFAULT)
    assert check.route is None
    assert check.problems == (
        "The notice of this key decision has not been published: reg 9(2) needs 28 clear days' "
        "notice, so it had to be published by Monday 19 May 2025.",
        "Otherwise the decision can only be made under the general exception (reg 10) or with "
        "the agreement required for special urgency (reg 11).",
    )


def test_28_clear_working_days_when_the_council_counts_working_days():
    # Configuration: counting working days, the 28 clear working days before Tue 17 June 2025
    # are Wed 7 May - Mon 16 June (the Spring bank holiday Mon 26 May excluded), so the notice
    # must be published by Tue 6 May 2025 (Mon 5 May was the Early May bank holiday).
    latest = latest_notice_date(date(2025, 6, 17), 28, working_days=True, calendar=ENGLAND)
    assert latest == date(2025, 5, 6)
    assert clear_days(latest, date(2025, 6, 17), working_days=True, calendar=ENGLAND) == 28
    assert key_decision_check(
        date(2025, 6, 17), notice_published_on=date(2025, 5, 6), rules=WORKING_DAYS_28
    ).valid
    assert not key_decision_check(
        date(2025, 6, 17), notice_published_on=date(2025, 5, 7), rules=WORKING_DAYS_28
    ).valid
    # The same notice is in time under the default calendar-day reading.
    assert key_decision_check(
        date(2025, 6, 17), notice_published_on=date(2025, 5, 7), rules=DEFAULT
    ).valid


def test_general_exception_five_clear_working_days_after_the_notice():
    # reg 10(1)(c): notice made available Mon 2 June 2025; Tue 3, Wed 4, Thu 5, Fri 6, Mon 9 are
    # the five clear working days, so the decision can be made from Tue 10 June 2025.
    notice_on = date(2025, 6, 2)
    assert earliest_after_clear_days(notice_on, 5, working_days=True, calendar=ENGLAND) == date(
        2025, 6, 10
    )
    ok = key_decision_check(
        date(2025, 6, 10),
        notice_published_on=None,
        scrutiny_chair_informed_on=notice_on,
        general_exception_notice_on=notice_on,
        rules=DEFAULT,
    )
    assert ok.route is Route.GENERAL_EXCEPTION and ok.problems == ()
    assert ok.general_exception_earliest == date(2025, 6, 10)
    early = key_decision_check(
        date(2025, 6, 9),
        notice_published_on=None,
        scrutiny_chair_informed_on=notice_on,
        general_exception_notice_on=notice_on,
        rules=DEFAULT,
    )
    assert early.route is None
    assert early.problems[-1] == (
        "General exception: 5 clear working days must elapse after the notice made available on "
        "Monday 2 June 2025 (reg 10(1)(c)); the decision can be made from Tuesday 10 June 2025."
    )


def test_general_exception_over_the_spring_bank_holiday_2025():
    # Notice Thu 22 May 2025: Fri 23 (1), [weekend, Spring bank holiday Mon 26], Tue 27 (2),
    # Wed 28 (3), Thu 29 (4), Fri 30 (5): the decision can be made from Sat 31 May 2025, in
    # practice at a meeting on Mon 2 June. Counting calendar days instead it is Wed 28 May.
    assert earliest_after_clear_days(
        date(2025, 5, 22), 5, working_days=True, calendar=ENGLAND
    ) == date(2025, 5, 31)
    assert earliest_after_clear_days(
        date(2025, 5, 22), 5, working_days=False, calendar=ENGLAND
    ) == date(2025, 5, 28)
    assert key_decision_check(
        date(2025, 5, 28),
        notice_published_on=None,
        scrutiny_chair_informed_on=date(2025, 5, 22),
        general_exception_notice_on=date(2025, 5, 22),
        rules=CALENDAR_DAYS_5,
    ).valid


def test_general_exception_needs_the_scrutiny_chair_informed():
    check = key_decision_check(
        date(2025, 6, 10),
        notice_published_on=None,
        general_exception_notice_on=date(2025, 6, 2),
        rules=DEFAULT,
    )
    assert check.route is None
    assert (
        "General exception: the chair of overview and scrutiny has not been informed in writing "
        "(reg 10(1)(a))." in check.problems
    )


def test_special_urgency_with_the_recorded_agreement():
    # reg 11: the agreement of the overview and scrutiny chair, before the decision.
    check = key_decision_check(
        date(2025, 6, 10),
        notice_published_on=None,
        special_urgency_agreed_on=date(2025, 6, 9),
        special_urgency_agreed_by="Cllr Ann Jones, Chair of Overview and Scrutiny",
        rules=DEFAULT,
    )
    assert check.route is Route.SPECIAL_URGENCY
    assert check.problems == ()
    after = key_decision_check(
        date(2025, 6, 10),
        notice_published_on=None,
        special_urgency_agreed_on=date(2025, 6, 11),
        special_urgency_agreed_by="Cllr Ann Jones",
        rules=DEFAULT,
    )
    assert after.route is None
    assert after.problems[-1] == (
        "Special urgency: the agreement must be given before the decision is made; it is dated "
        "Wednesday 11 June 2025."
    )
    nobody = key_decision_check(
        date(2025, 6, 10),
        notice_published_on=None,
        special_urgency_agreed_on=date(2025, 6, 9),
        rules=DEFAULT,
    )
    assert not nobody.valid


def test_a_valid_28_day_notice_wins_over_the_exception_routes():
    check = key_decision_check(
        date(2025, 7, 3),
        notice_published_on=date(2025, 6, 4),
        special_urgency_agreed_on=date(2025, 7, 1),
        special_urgency_agreed_by="Cllr Ann Jones",
        rules=DEFAULT,
    )
    assert check.route is Route.NOTICE


def test_private_meeting_notices_at_28_and_5_clear_days():
    # reg 5(2)-(3): a private item at Cabinet on Tue 17 June 2025. The notice of intention by
    # Mon 19 May 2025 (28 clear calendar days); the further notice by Mon 9 June 2025, the sixth
    # working day before (Tue 10 - Mon 16 June are the five clear working days).
    check = private_meeting_check(
        date(2025, 6, 17),
        first_notice_on=date(2025, 5, 19),
        final_notice_on=date(2025, 6, 9),
        rules=DEFAULT,
    )
    assert check.route is PrivateRoute.NOTICES and check.valid
    assert check.latest_first_notice == date(2025, 5, 19)
    assert check.latest_final_notice == date(2025, 6, 9)
    late = private_meeting_check(
        date(2025, 6, 17),
        first_notice_on=date(2025, 5, 19),
        final_notice_on=date(2025, 6, 10),
        rules=DEFAULT,
    )
    assert late.problems == (
        "The further notice was published on Tuesday 10 June 2025; reg 5(4) needs 5 clear days, "
        "so it had to be published by Monday 9 June 2025.",
    )


def test_private_meeting_urgency_agreement_reg_5_6():
    check = private_meeting_check(
        date(2025, 6, 17),
        first_notice_on=None,
        final_notice_on=None,
        urgency_agreed_on=date(2025, 6, 12),
        urgency_agreed_by="Cllr Ann Jones, Chair of Overview and Scrutiny",
        rules=DEFAULT,
    )
    assert check.route is PrivateRoute.URGENCY and check.problems == ()
    missing = private_meeting_check(
        date(2025, 6, 17), first_notice_on=None, final_notice_on=None, rules=DEFAULT
    )
    assert missing.route is None
    assert len(missing.problems) == 2
