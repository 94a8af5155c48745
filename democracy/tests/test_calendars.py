"""Tests for democracy.calendars, pinned to published cases (sources in /work/shared/DOMAIN.md).

Pure tests: no Django settings and no database are needed.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from democracy.calendars import (
    CalendarExhausted,
    NonWorkingDays,
    SchoolDayCalendar,
    WorkingDayCalendar,
    bank_holidays,
    clear_days_between,
    election_calendar,
    is_working_day,
    latest_date_leaving_clear_days,
    meeting_calendar,
    next_working_day,
    period_beginning_with,
    previous_working_day,
    school_calendar,
    working_days_after,
    working_days_before,
    working_days_in_range,
)
from democracy.statutory import Nation

MEETINGS_ENG = meeting_calendar(Nation.ENGLAND)
MEETINGS_WLS = meeting_calendar(Nation.WALES)
ELECTIONS_ENG = election_calendar(Nation.ENGLAND)
UK_GENERAL = election_calendar(Nation.ENGLAND, uk_general_election=True)
# What an officer counting "weekdays" without a holiday list would compute.
WEEKENDS_ONLY = WorkingDayCalendar(
    name="weekends only",
    bank_holiday_regions=frozenset(),
    exclude_christmas_day=False,
    exclude_good_friday=False,
)


# ---------------------------------------------------------------------------------------------
# Meetings: clear days (DOMAIN A1)
# ---------------------------------------------------------------------------------------------


def test_elitestone_two_clear_days():
    # R v Swansea CC ex p Elitestone (CA 1993): agenda published Thu 26 Apr 1990, sub-committee
    # met Tue 1 May 1990; Sat 28 and Sun 29 Apr do not count, so only Fri 27 and Mon 30 Apr are
    # clear days: procedurally irregular under either a 3- or a 5-clear-day rule (DOMAIN A1.2).
    published, meeting = date(1990, 4, 26), date(1990, 5, 1)
    assert clear_days_between(published, meeting, calendar=MEETINGS_ENG) == 2
    assert clear_days_between(published, meeting, calendar=MEETINGS_ENG) < 3
    assert latest_date_leaving_clear_days(meeting, 3, calendar=MEETINGS_ENG) == date(1990, 4, 25)
    assert latest_date_leaving_clear_days(meeting, 5, calendar=MEETINGS_ENG) == date(1990, 4, 23)


def test_nuneaton_and_bedworth_easter_2019():
    # Nuneaton & Bedworth BC news, 17 Apr 2019: Planning Committee of Tue 23 Apr 2019 moved to
    # 30 Apr because "the two Easter public holidays were overlooked" (Good Friday 19 Apr,
    # Easter Monday 22 Apr). DOMAIN A1.2.
    meeting = date(2019, 4, 23)
    assert latest_date_leaving_clear_days(meeting, 5, calendar=MEETINGS_ENG) == date(2019, 4, 11)
    # The naive weekend-only count gives Mon 15 Apr ...
    naive = latest_date_leaving_clear_days(meeting, 5, calendar=WEEKENDS_ONLY)
    assert naive == date(2019, 4, 15)
    # ... which leaves only 3 true clear days (16, 17, 18 Apr) before 23 Apr, but 8 before the
    # re-arranged meeting on 30 Apr.
    assert clear_days_between(naive, meeting, calendar=MEETINGS_ENG) == 3
    assert clear_days_between(naive, date(2019, 4, 30), calendar=MEETINGS_ENG) == 8
    assert latest_date_leaving_clear_days(date(2019, 4, 30), 5, calendar=MEETINGS_ENG) == date(
        2019, 4, 18
    )
    # The latest calendar day is the day before the 5th working day back (Fri 12 Apr): here
    # that is Thu 11 Apr as well, since only 4 working days (15-18 Apr) follow Sat 13 Apr.
    assert latest_date_leaving_clear_days(
        meeting, 5, calendar=MEETINGS_ENG, on_working_day=False
    ) == date(2019, 4, 11)


def test_latest_calendar_day_can_be_a_weekend():
    # A meeting on Mon 8 Jul 2024 (no holidays nearby): five clear days are Mon 1 - Fri 5 Jul,
    # so the latest working day to publish is Fri 28 Jun, but a notice posted on Sun 30 Jun
    # would also leave five clear days.
    meeting = date(2024, 7, 8)
    assert latest_date_leaving_clear_days(meeting, 5, calendar=MEETINGS_ENG) == date(2024, 6, 28)
    assert latest_date_leaving_clear_days(
        meeting, 5, calendar=MEETINGS_ENG, on_working_day=False
    ) == date(2024, 6, 30)


def test_wales_three_clear_days():
    # Wales keeps three clear days (SI 2002/715 Explanatory Note; DOMAIN A1.1). Illustrative:
    # a meeting on Tue 11 Apr 2023, the day after Easter Monday (Good Friday 7 Apr): the clear
    # days are Tue 4 - Thu 6 Apr, so the agenda must be out by Mon 3 Apr 2023.
    meeting = date(2023, 4, 11)
    assert latest_date_leaving_clear_days(meeting, 3, calendar=MEETINGS_WLS) == date(2023, 4, 3)
    assert clear_days_between(date(2023, 4, 3), meeting, calendar=MEETINGS_WLS) == 3
    assert clear_days_between(date(2023, 4, 4), meeting, calendar=MEETINGS_WLS) == 2
    assert MEETINGS_WLS.non_working_reason(date(2023, 4, 10)) == (
        "Easter Monday (bank holiday in Wales)"
    )


def test_meeting_in_2034_straddling_easter():
    # Easter Day 2034 is 9 Apr: Good Friday 7 Apr, Easter Monday 10 Apr. A meeting on Thu 13 Apr
    # 2034 needs five clear days: 12, 11, 6, 5, 4 Apr -> publish by Mon 3 Apr 2034.
    meeting = date(2034, 4, 13)
    assert latest_date_leaving_clear_days(meeting, 5, calendar=MEETINGS_ENG) == date(2034, 4, 3)
    assert latest_date_leaving_clear_days(meeting, 5, calendar=WEEKENDS_ONLY) == date(2034, 4, 5)


def test_council_designated_days_and_christmas_eve_for_meetings():
    # Kettering's constitution adds Christmas Eve and council-designated days (DOMAIN A1.2).
    christmas_eve = date(2025, 12, 24)  # a Wednesday
    assert MEETINGS_ENG.is_working_day(christmas_eve)
    kettering = meeting_calendar(
        Nation.ENGLAND, exclude_christmas_eve=True, extra_non_working_days={date(2025, 12, 29)}
    )
    assert kettering.non_working_reason(christmas_eve) == "Christmas Eve"
    assert not kettering.is_working_day(date(2025, 12, 29))
    assert "Designated" in kettering.non_working_reason(date(2025, 12, 29))
    # Meeting Tue 6 Jan 2026: working days back are 5, 2 Jan, 31, 30, 23, 22 Dec for the
    # standard calendar; Kettering also loses 29 Dec and 24 Dec.
    meeting = date(2026, 1, 6)
    assert latest_date_leaving_clear_days(meeting, 5, calendar=MEETINGS_ENG) == date(2025, 12, 24)
    assert latest_date_leaving_clear_days(meeting, 5, calendar=kettering) == date(2025, 12, 22)


# ---------------------------------------------------------------------------------------------
# Elections (DOMAIN C1)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "working_days", "expected"),
    [
        # 7 May 2026 principal-area elections, England. DOMAIN C1.2 / Part E: notice of election
        # Mon 30 Mar 2026 (published timetables; Nuneaton published early, on 20 Mar).
        ("notice of election (SI 2006/3304 Sch 2 r 1)", 25, date(2026, 3, 30)),
        # Easter 2026: Good Friday 3 Apr and Easter Monday 6 Apr skipped; Early May bank
        # holiday Mon 4 May skipped. These agree with the EC's published 2026 dates.
        ("close of nominations, 4pm (SI 2014/494)", 19, date(2026, 4, 9)),
        ("withdrawals, 4pm", 19, date(2026, 4, 9)),
        ("statement of persons nominated, 4pm", 18, date(2026, 4, 10)),
        ("registration deadline (RPA 1983 s13B)", 12, date(2026, 4, 20)),
        ("postal vote applications, 5pm (RPR 2001 reg 56(1))", 11, date(2026, 4, 21)),
        ("proxy / VAC applications, 5pm (reg 56(2))", 6, date(2026, 4, 28)),
        ("notice of poll", 6, date(2026, 4, 28)),
        ("final notice of alteration; polling and counting agents", 5, date(2026, 4, 29)),
    ],
)
def test_timetable_7_may_2026(step, working_days, expected):
    poll = date(2026, 5, 7)
    assert working_days_before(poll, working_days, calendar=ELECTIONS_ENG) == expected, step


def test_1_may_2025_maundy_thursday_counts():
    # 1 May 2025 local elections: published registration deadline Fri 11 Apr 2025 (12th day);
    # the 8th day back is Thu 17 Apr 2025, Maundy Thursday, which counts since EAA 2006 s20
    # (DOMAIN C1.2). Good Friday 18 Apr and Easter Monday 21 Apr are skipped.
    poll = date(2025, 5, 1)
    assert working_days_before(poll, 12, calendar=ELECTIONS_ENG) == date(2025, 4, 11)
    assert working_days_before(poll, 8, calendar=ELECTIONS_ENG) == date(2025, 4, 17)
    assert ELECTIONS_ENG.is_working_day(date(2025, 4, 17))


def test_2_may_2024_notice_of_election():
    # 2 May 2024 elections: notice of election not later than Tue 26 Mar 2024 (25th day),
    # counting Maundy Thursday 28 Mar (DOMAIN C1.2).
    assert working_days_before(date(2024, 5, 2), 25, calendar=ELECTIONS_ENG) == date(2024, 3, 26)


def test_kidsgrove_casual_vacancy_14_days():
    # Kidsgrove Town Council casual vacancy notice dated Mon 25 Mar 2024 -> the 14-day period
    # for ten electors to call an election ends Tue 16 Apr 2024 (Good Friday 29 Mar and Easter
    # Monday 1 Apr excluded; Maundy Thursday 28 Mar counted). Newcastle-under-Lyme BC notice;
    # SI 2006/3305 r 5; DOMAIN C1.3.
    notice = date(2024, 3, 25)
    assert working_days_after(notice, 14, calendar=ELECTIONS_ENG) == date(2024, 4, 16)


def test_uk_general_election_12_december_2019():
    # GE 12 Dec 2019 (DOMAIN C1.6). Published: register Tue 26 Nov, postal 5pm Tue 26 Nov.
    # St Andrew's Day substitute (Mon 2 Dec 2019, Scotland) is disregarded UK-wide for the
    # timetable and absent-vote deadlines (RPA 1983 Sch 1 r 2) ...
    poll = date(2019, 12, 12)
    assert working_days_before(poll, 11, calendar=UK_GENERAL) == date(2019, 11, 26)
    # ... but the registration deadline uses the England & Wales holidays: Tue 26 Nov.
    assert working_days_before(poll, 12, calendar=ELECTIONS_ENG) == date(2019, 11, 26)
    # The UK-wide calendar would have given Mon 25 Nov (the press figure before the Early
    # Parliamentary General Election Bill amendment) ...
    assert working_days_before(poll, 12, calendar=UK_GENERAL) == date(2019, 11, 25)
    # ... and England-only would have given the wrong postal deadline, Wed 27 Nov.
    assert working_days_before(poll, 11, calendar=ELECTIONS_ENG) == date(2019, 11, 27)
    assert not UK_GENERAL.is_working_day(date(2019, 12, 2))
    assert ELECTIONS_ENG.is_working_day(date(2019, 12, 2))
    assert UK_GENERAL.non_working_reason(date(2019, 12, 2)) == (
        "Saint Andrew's Day (observed) (bank holiday in Scotland)"
    )
    # Published proxy deadline 5pm Wed 4 Dec 2019 (6th day).
    assert working_days_before(poll, 6, calendar=UK_GENERAL) == date(2019, 12, 4)


def test_christmas_eve_is_dies_non_for_elections_only():
    # SI 2006/3304 Sch 2 r 2 and RPA 1983 Sch 1 r 2 list Christmas Eve; LGA 1972 Part VA
    # meeting clear days do not unless a council adopts it (DOMAIN A1.2, C1.2).
    eve = date(2024, 12, 24)  # a Tuesday
    assert ELECTIONS_ENG.non_working_reason(eve) == "Christmas Eve"
    assert UK_GENERAL.non_working_reason(eve) == "Christmas Eve"
    assert MEETINGS_ENG.is_working_day(eve)
    assert not meeting_calendar(Nation.ENGLAND, exclude_christmas_eve=True).is_working_day(eve)


def test_thanksgiving_or_mourning_days_passed_in():
    # "a day appointed for public thanksgiving or mourning" (SI 2006/3304 Sch 2 r 2) comes from
    # the database. Hypothetical: a mourning day on Wed 10 Jun 2026.
    mourning = date(2026, 6, 10)
    calendar = election_calendar(Nation.ENGLAND, extra_non_working_days=[mourning])
    assert not calendar.is_working_day(mourning)
    assert working_days_before(date(2026, 6, 12), 2, calendar=calendar) == date(2026, 6, 9)
    assert working_days_before(date(2026, 6, 12), 2, calendar=ELECTIONS_ENG) == date(2026, 6, 10)


def test_extra_working_days_override_everything():
    saturday = date(2026, 5, 2)
    calendar = dataclasses.replace(ELECTIONS_ENG, extra_working_days=frozenset({saturday}))
    assert calendar.is_working_day(saturday)
    assert calendar.non_working_reason(saturday) is None
    with pytest.raises(ValueError, match="both"):
        dataclasses.replace(calendar, extra_non_working_days=frozenset({saturday}))


# ---------------------------------------------------------------------------------------------
# What the holidays package returns (holidays==0.109), pinned
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["ENG", "WLS", "SCT", "NIR"])
def test_special_bank_holidays_in_every_region(region):
    # One-off bank holidays by proclamation (Banking and Financial Dealings Act 1971 s1(3)).
    assert bank_holidays(region, 2022)[date(2022, 6, 3)] == "Platinum Jubilee of Elizabeth II"
    assert bank_holidays(region, 2022)[date(2022, 9, 19)] == "State Funeral of Queen Elizabeth II"
    assert bank_holidays(region, 2023)[date(2023, 5, 8)] == "Coronation of Charles III"


def test_regional_bank_holidays():
    assert bank_holidays("SCT", 2019)[date(2019, 12, 2)] == "Saint Andrew's Day (observed)"
    assert date(2019, 12, 2) not in bank_holidays("ENG", 2019)
    assert bank_holidays("NIR", 2024)[date(2024, 7, 12)] == "Battle of the Boyne"
    assert bank_holidays("NIR", 2024)[date(2024, 3, 18)] == "Saint Patrick's Day (observed)"
    assert date(2024, 4, 1) not in bank_holidays("SCT", 2024)  # no Easter Monday in Scotland
    assert bank_holidays("ENG", 2024) == bank_holidays("WLS", 2024)


def test_good_friday_and_christmas_day_are_not_bank_holidays_outside_scotland():
    # Common-law holidays in E&W and NI (1971 Act Sch 1 paras 1, 3); bank holidays in Scotland
    # (para 2). The package lists them everywhere; the module strips them for ENG/WLS/NIR.
    for region in ("ENG", "WLS", "NIR"):
        assert date(2024, 3, 29) not in bank_holidays(region, 2024)
        assert date(2024, 12, 25) not in bank_holidays(region, 2024)
        # Substitute days are real bank holidays and stay in.
        assert bank_holidays(region, 2022)[date(2022, 12, 27)] == "Christmas Day (observed)"
    assert bank_holidays("SCT", 2024)[date(2024, 3, 29)] == "Good Friday"
    assert bank_holidays("SCT", 2024)[date(2024, 12, 25)] == "Christmas Day"


def test_good_friday_and_christmas_flags_are_meaningful():
    good_friday = date(2024, 3, 29)
    christmas = date(2025, 12, 25)  # a Thursday
    no_gf = dataclasses.replace(ELECTIONS_ENG, exclude_good_friday=False)
    assert no_gf.is_working_day(good_friday)
    # ... unless Good Friday is a bank holiday in one of the calendar's regions (Scotland).
    no_gf_uk = dataclasses.replace(UK_GENERAL, exclude_good_friday=False)
    assert no_gf_uk.non_working_reason(good_friday) == "Good Friday (bank holiday in Scotland)"
    no_xmas = dataclasses.replace(MEETINGS_ENG, exclude_christmas_day=False)
    assert no_xmas.is_working_day(christmas)
    assert not no_xmas.is_working_day(date(2025, 12, 26))  # Boxing Day is a bank holiday
    assert MEETINGS_ENG.non_working_reason(christmas) == "Christmas Day"
    assert MEETINGS_ENG.non_working_reason(good_friday) == "Good Friday"


def test_bank_holidays_are_cached():
    bank_holidays("ENG", 2047)
    before = bank_holidays.cache_info().hits
    bank_holidays("ENG", 2047)
    assert bank_holidays.cache_info().hits == before + 1


@pytest.mark.parametrize(
    "calendar", [MEETINGS_ENG, MEETINGS_WLS, ELECTIONS_ENG, UK_GENERAL], ids=lambda c: c.name
)
def test_state_funeral_and_coronation_not_working(calendar):
    # 19 Sep 2022 State Funeral and 8 May 2023 Coronation bank holidays (DOMAIN Part E.1).
    assert not calendar.is_working_day(date(2022, 9, 19))
    assert not calendar.is_working_day(date(2023, 5, 8))
    assert "State Funeral" in calendar.non_working_reason(date(2022, 9, 19))
    assert "Coronation" in calendar.non_working_reason(date(2023, 5, 8))


@pytest.mark.parametrize(
    "calendar", [MEETINGS_ENG, MEETINGS_WLS, ELECTIONS_ENG, UK_GENERAL], ids=lambda c: c.name
)
@pytest.mark.parametrize("year", [2007, 2019, 2024, 2025, 2026, 2031, 2045, 2060])
def test_maundy_thursday_always_working(calendar, year):
    # Electoral Administration Act 2006 s20: Maundy Thursday is no longer a dies non.
    from dateutil.easter import easter

    assert calendar.is_working_day(easter(year) - timedelta(days=3))


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2031, 4, 11), "Good Friday"),
        (date(2031, 4, 14), "Easter Monday (bank holiday in England)"),
        (date(2035, 3, 23), "Good Friday"),
        (date(2035, 3, 26), "Easter Monday (bank holiday in England)"),
        # 25 Dec 2032 is a Saturday: substitute Christmas and Boxing Day on 27 and 28 Dec.
        (date(2032, 12, 25), "Saturday"),
        (date(2032, 12, 26), "Sunday"),
        (date(2032, 12, 27), "Christmas Day (observed) (bank holiday in England)"),
        (date(2032, 12, 28), "Boxing Day (observed) (bank holiday in England)"),
        (date(2033, 5, 2), "May Day (bank holiday in England)"),
        (date(2033, 12, 24), "Saturday"),
        (date(2058, 12, 24), "Christmas Eve"),  # a Tuesday, far past any fixed table
    ],
)
def test_years_past_2030(day, reason):
    assert ELECTIONS_ENG.non_working_reason(day) == reason
    assert not is_working_day(day, calendar=ELECTIONS_ENG)


def test_working_reason_is_none_on_working_day():
    assert MEETINGS_ENG.non_working_reason(date(2032, 12, 29)) is None
    assert ELECTIONS_ENG.is_working_day(date(2033, 5, 3))


# ---------------------------------------------------------------------------------------------
# School days (DOMAIN D1)
# ---------------------------------------------------------------------------------------------

SCHOOL = school_calendar(
    [
        (date(2025, 1, 6), date(2025, 2, 14)),  # spring term, first half
        (date(2025, 2, 24), date(2025, 4, 4)),  # spring term, after half-term 17-21 Feb
        (date(2025, 4, 22), date(2025, 7, 22)),  # summer term (Easter Monday 21 Apr outside)
    ],
    closures={date(2025, 3, 3), date(2025, 1, 6)},  # INSET days
    name="Example Academy 2024/25",
)


def test_school_days_twenty_after_notification():
    # School Admission Appeals Code 2022: at least 20 school days to lodge an appeal.
    # Notified Fri 7 Feb 2025: 10-14 Feb (5), half-term skipped, 24-28 Feb (10), INSET Mon
    # 3 Mar skipped, 4-7 Mar (14), 10-14 Mar (19), Mon 17 Mar (20).
    assert working_days_after(date(2025, 2, 7), 20, calendar=SCHOOL) == date(2025, 3, 17)
    days = working_days_in_range(date(2025, 2, 8), date(2025, 3, 17), calendar=SCHOOL)
    assert len(days) == 20
    assert date(2025, 2, 19) not in days
    assert date(2025, 3, 3) not in days


def test_school_day_reasons():
    assert SCHOOL.non_working_reason(date(2025, 2, 19)) == "Outside term time"
    assert SCHOOL.non_working_reason(date(2025, 4, 21)) == "Outside term time"
    assert SCHOOL.non_working_reason(date(2025, 3, 3)) == "School closure day"
    assert SCHOOL.non_working_reason(date(2025, 1, 6)) == "School closure day"
    assert SCHOOL.non_working_reason(date(2025, 5, 5)) == "May Day (bank holiday in England)"
    assert SCHOOL.non_working_reason(date(2025, 3, 8)) == "Saturday"
    assert SCHOOL.is_working_day(date(2025, 7, 22))
    assert not SCHOOL.is_working_day(date(2025, 7, 23))
    assert isinstance(SCHOOL, SchoolDayCalendar)


def test_school_calendar_exhausted():
    with pytest.raises(CalendarExhausted, match="Example Academy 2024/25") as info:
        working_days_after(date(2025, 7, 21), 2, calendar=SCHOOL)
    assert "2025-07-22" in str(info.value)
    assert isinstance(info.value, ValueError)
    with pytest.raises(CalendarExhausted):
        previous_working_day(date(2025, 1, 7), calendar=SCHOOL)


def test_school_term_validation():
    with pytest.raises(ValueError, match="before it starts"):
        school_calendar([(date(2025, 2, 1), date(2025, 1, 1))])


# ---------------------------------------------------------------------------------------------
# Small functions, edge cases and validation
# ---------------------------------------------------------------------------------------------


def test_period_beginning_with():
    # Localism Act 2011 s30(1): 28 days beginning with the day of becoming a member.
    assert period_beginning_with(date(2026, 5, 7), 28) == date(2026, 6, 3)
    assert period_beginning_with(date(2026, 5, 7), 1) == date(2026, 5, 7)
    with pytest.raises(ValueError, match="at least 1"):
        period_beginning_with(date(2026, 5, 7), 0)


def test_next_and_previous_working_day():
    friday, saturday, monday = date(2026, 5, 1), date(2026, 5, 2), date(2026, 5, 5)
    assert next_working_day(friday, calendar=ELECTIONS_ENG) == monday  # Mon 4 May bank holiday
    assert next_working_day(friday, calendar=ELECTIONS_ENG, include_today=True) == friday
    assert next_working_day(saturday, calendar=ELECTIONS_ENG, include_today=True) == monday
    assert previous_working_day(monday, calendar=ELECTIONS_ENG) == friday
    assert previous_working_day(saturday, calendar=ELECTIONS_ENG, include_today=True) == friday


def test_zero_counts():
    # n == 0 returns the day itself, whether or not it is a working day.
    sunday = date(2026, 5, 3)
    assert working_days_before(sunday, 0, calendar=ELECTIONS_ENG) == sunday
    assert working_days_after(sunday, 0, calendar=ELECTIONS_ENG) == sunday
    # 0 clear days: the latest date strictly before the target.
    assert latest_date_leaving_clear_days(date(2026, 5, 5), 0, calendar=ELECTIONS_ENG) == date(
        2026, 5, 1
    )
    assert latest_date_leaving_clear_days(
        date(2026, 5, 5), 0, calendar=ELECTIONS_ENG, on_working_day=False
    ) == date(2026, 5, 4)
    assert clear_days_between(date(2026, 5, 6), date(2026, 5, 7), calendar=ELECTIONS_ENG) == 0
    assert clear_days_between(date(2026, 5, 7), date(2026, 5, 1), calendar=ELECTIONS_ENG) == 0
    assert working_days_in_range(date(2026, 5, 7), date(2026, 5, 6), calendar=ELECTIONS_ENG) == []


def test_validation():
    with pytest.raises(ValueError, match="zero or more"):
        working_days_before(date(2026, 5, 7), -1, calendar=ELECTIONS_ENG)
    with pytest.raises(ValueError, match="zero or more"):
        working_days_after(date(2026, 5, 7), -1, calendar=ELECTIONS_ENG)
    with pytest.raises(ValueError, match="clear_days"):
        latest_date_leaving_clear_days(date(2026, 5, 7), -5, calendar=MEETINGS_ENG)
    with pytest.raises(TypeError):
        is_working_day(datetime(2026, 5, 7, 12, 0), calendar=MEETINGS_ENG)
    with pytest.raises(TypeError):
        working_days_before(date(2026, 5, 7), 2.5, calendar=MEETINGS_ENG)
    with pytest.raises(ValueError, match="Unknown bank-holiday region"):
        WorkingDayCalendar(name="bad", bank_holiday_regions=frozenset({"XXX"}))
    assert meeting_calendar("wales") == MEETINGS_WLS
    assert isinstance(MEETINGS_ENG, NonWorkingDays)


def test_calendars_are_hashable_values():
    assert meeting_calendar(Nation.ENGLAND) == MEETINGS_ENG
    assert hash(election_calendar(Nation.ENGLAND)) == hash(ELECTIONS_ENG)
    assert MEETINGS_ENG != ELECTIONS_ENG


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

CALENDARS = [
    MEETINGS_ENG,
    meeting_calendar(Nation.WALES, exclude_christmas_eve=True),
    ELECTIONS_ENG,
    UK_GENERAL,
    WEEKENDS_ONLY,
]
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
counts = st.integers(min_value=0, max_value=60)
calendars = st.sampled_from(CALENDARS)
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


@PROPERTY_SETTINGS
@given(day=days, n=counts, calendar=calendars)
def test_working_days_before_invariant(day, n, calendar):
    result = working_days_before(day, n, calendar=calendar)
    if n == 0:
        assert result == day
        return
    assert calendar.is_working_day(result)
    assert result < day
    # Exactly n working days in [result, day): result itself plus n - 1 strictly between,
    # whether or not `day` is a working day.
    assert clear_days_between(result, day, calendar=calendar) == n - 1


@PROPERTY_SETTINGS
@given(day=days, n=counts, calendar=calendars)
def test_working_days_after_invariant(day, n, calendar):
    result = working_days_after(day, n, calendar=calendar)
    if n == 0:
        assert result == day
        return
    assert calendar.is_working_day(result)
    assert result > day
    assert clear_days_between(day, result, calendar=calendar) == n - 1


@PROPERTY_SETTINGS
@given(day=days, n=counts, calendar=calendars)
def test_before_and_after_are_inverse_from_a_working_day(day, n, calendar):
    start = next_working_day(day, calendar=calendar, include_today=True)
    assert (
        working_days_before(working_days_after(start, n, calendar=calendar), n, calendar=calendar)
        == start
    )
    assert (
        working_days_after(working_days_before(start, n, calendar=calendar), n, calendar=calendar)
        == start
    )


@PROPERTY_SETTINGS
@given(target=days, n=counts, calendar=calendars)
def test_latest_date_leaving_clear_days_is_maximal(target, n, calendar):
    latest = latest_date_leaving_clear_days(target, n, calendar=calendar)
    assert latest < target
    assert calendar.is_working_day(latest)
    assert clear_days_between(latest, target, calendar=calendar) >= n
    later = next_working_day(latest, calendar=calendar)
    assert clear_days_between(later, target, calendar=calendar) < n or later >= target

    latest_day = latest_date_leaving_clear_days(target, n, calendar=calendar, on_working_day=False)
    assert latest <= latest_day < target
    assert clear_days_between(latest_day, target, calendar=calendar) >= n
    next_day = latest_day + timedelta(days=1)
    assert next_day == target or clear_days_between(next_day, target, calendar=calendar) < n


@PROPERTY_SETTINGS
@given(
    a=days,
    gap1=st.integers(min_value=0, max_value=40),
    gap2=st.integers(min_value=0, max_value=40),
    calendar=calendars,
)
def test_clear_days_additive_and_monotonic(a, gap1, gap2, calendar):
    b = a + timedelta(days=gap1)
    c = b + timedelta(days=gap2)
    whole = clear_days_between(a, c, calendar=calendar)
    middle = 1 if a < b < c and calendar.is_working_day(b) else 0
    assert whole == (
        clear_days_between(a, b, calendar=calendar)
        + middle
        + clear_days_between(b, c, calendar=calendar)
    )
    # Moving the start earlier never decreases the count.
    assert whole >= clear_days_between(b, c, calendar=calendar)
    assert whole == len(
        working_days_in_range(a + timedelta(days=1), c - timedelta(days=1), calendar=calendar)
    )


@PROPERTY_SETTINGS
@given(day=days)
def test_calendar_inclusions(day):
    if day.weekday() >= 5:
        for calendar in CALENDARS:
            assert not calendar.is_working_day(day)
    # Every dies non for an England election is one at a UK general election ...
    if not ELECTIONS_ENG.is_working_day(day):
        assert not UK_GENERAL.is_working_day(day)
    # ... and every non-working day for meetings is one for elections.
    if not MEETINGS_ENG.is_working_day(day):
        assert not ELECTIONS_ENG.is_working_day(day)
    # A working day has no reason; a non-working day always has one.
    for calendar in CALENDARS:
        assert (calendar.non_working_reason(day) is None) == calendar.is_working_day(day)
