"""Pure allowance arithmetic (members.rules.allowances): pro rata by days (SI 2003/1021 reg
4(2)(b)), SRA by days in post (reg 5), suspension (reg 4(3)), renunciation, the monthly schedule
summing exactly to the year, HMRC mileage rates and the claims time limit. Pinned to worked
cases; the expected figures are computed by hand in the comments."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from members.rules.allowances import (
    Component,
    Forgone,
    MileageBands,
    Period,
    add_months,
    carers_amount,
    claim_deadline,
    days_in_year,
    entitlement,
    late_lines,
    mileage_amount,
    monthly_schedule,
    parse_year_label,
    scheme_year_start,
    tax_year_start,
)

BASIC = D("5400.00")
Y2023 = date(2023, 4, 1)  # contains 29 February 2024: 366 days
Y2024 = date(2024, 4, 1)
Y2025 = date(2025, 4, 1)
CAR = MileageBands(rate=D("0.45"), threshold=D("10000"), rate_above=D("0.25"))


def basic(held: Period) -> list[Component]:
    return [Component(annual=BASIC, held=(held,))]


def test_a_year_runs_1_april_to_31_march_and_a_leap_year_has_366_days():
    assert scheme_year_start(date(2024, 3, 31)) == Y2023
    assert scheme_year_start(date(2024, 4, 1)) == Y2024
    assert days_in_year(Y2023) == 366  # 1 Apr 2023 - 31 Mar 2024 contains 29 Feb 2024
    assert days_in_year(Y2024) == 365  # 2024/25: February 2025 has 28 days
    assert days_in_year(date(2027, 4, 1)) == 366  # 2027/28 contains 29 Feb 2028
    assert parse_year_label("2025-26") == Y2025
    assert parse_year_label("2025-27") is None
    assert parse_year_label("twenty") is None


@pytest.mark.parametrize("label", ["0000-01", "9999-00", "-001-00", "+202-03", "2025-+6"])
def test_a_year_the_calendar_cannot_hold_is_no_year(label):
    """Issue 11 item 12: "0000-01" raised "year 0 is out of range" (a 500 on every page for the
    year); a scheme year must start and end inside the calendar (1 April 1 to 31 March 9999)."""
    assert parse_year_label(label) is None


def test_the_first_and_last_years_the_calendar_holds():
    assert parse_year_label("0001-02") == date(1, 4, 1)
    assert parse_year_label("9998-99") == date(9998, 4, 1)


def test_the_tax_year_for_mileage_runs_6_april_to_5_april():
    assert tax_year_start(date(2026, 4, 5)) == date(2025, 4, 6)
    assert tax_year_start(date(2026, 4, 6)) == date(2026, 4, 6)


def test_a_whole_year_in_office_is_the_whole_allowance():
    assert entitlement(year_start=Y2023, components=basic(Period(date(2019, 5, 6)))) == BASIC


def test_member_elected_at_the_ordinary_election_of_4_may_2023_is_paid_pro_rata():
    # Took office 8 May 2023 (the fourth day after the poll). 1 Apr-7 May is 37 days, so
    # 8 May 2023-31 Mar 2024 inclusive is 366 - 37 = 329 days of a 366-day (leap) year:
    # 5,400 x 329 / 366 = 4,854.0983... -> £4,854.10 (reg 4(2)(b)).
    assert entitlement(year_start=Y2023, components=basic(Period(date(2023, 5, 8)))) == D("4854.10")


def test_a_member_leaving_office_is_paid_to_the_last_day_in_office():
    # Out of office from 8 May 2023 (defeated at the poll of 4 May): 37 days in office of 366:
    # 5,400 x 37 / 366 = 545.9016 -> £545.90.
    held = Period(date(2019, 5, 6), date(2023, 5, 8))
    assert entitlement(year_start=Y2023, components=basic(held)) == D("545.90")


def test_by_election_start_on_14_march_2025_earns_18_days_of_2024_25():
    # Kingsmere's by-election winner took office 14 March 2025: 14-31 March is 18 days of a
    # 365-day year: 5,400 x 18 / 365 = 266.3013... -> £266.30, all of it paid in March.
    schedule = monthly_schedule(
        year_start=Y2024, components=basic(Period(date(2025, 3, 14))), payment_day=15
    )
    assert [i.amount for i in schedule[:-1]] == [D("0.00")] * 11
    assert schedule[-1].amount == D("266.30")
    assert schedule[-1].pay_date == date(2025, 3, 15)


def test_sra_is_pro_rata_by_days_in_post_when_taken_and_left_mid_year():
    # Cabinet member from 16 May 2025, post left from 1 December 2025 (first day not held):
    # 16 May-30 Nov = 16+30+31+31+30+31+30 = 199 days of 365: 4,320 x 199 / 365 = 2,355.2876
    # -> £2,355.29 (reg 5, pro rata as reg 4(2)(b)).
    sra = Component(annual=D("4320.00"), held=(Period(date(2025, 5, 16), date(2025, 12, 1)),))
    schedule = monthly_schedule(year_start=Y2025, components=[sra], payment_day=15)
    assert schedule[-1].cumulative == D("2355.29")
    assert sum(i.amount for i in schedule) == D("2355.29")
    assert schedule[0].amount == D("0.00")  # April: not yet in post
    assert [i.amount for i in schedule[8:]] == [D("0.00")] * 4  # December-March: left


def test_renouncing_half_the_basic_allowance_from_1_october_2025():
    # 1 Apr-30 Sep 2025 is 183 days at full rate, 1 Oct-31 Mar 182 days at half:
    # 5,400 x (183 + 91) / 365 = 4,053.6986 -> £4,053.70.
    forgone = Forgone(Period(date(2025, 10, 1)), D("0.5"))
    total = entitlement(
        year_start=Y2025, components=basic(Period(date(2023, 5, 8))), forgone=[forgone]
    )
    assert total == D("4053.70")


def test_renouncing_all_of_it_leaves_nothing_and_overlapping_notices_never_go_negative():
    notices = [Forgone(Period(Y2025), D("1")), Forgone(Period(date(2025, 6, 1)), D("0.5"))]
    assert entitlement(year_start=Y2025, components=basic(Period(Y2025)), forgone=notices) == D(
        "0.00"
    )


def test_allowances_are_withheld_during_suspension():
    # Suspended 1 November 2025 to 31 December 2025 (paid again from 1 January 2026): 61 days
    # withheld of 365 (reg 4(3)): 5,400 x 304 / 365 = 4,497.5342 -> £4,497.53. Nothing is paid
    # in November or December.
    withheld = [Period(date(2025, 11, 1), date(2026, 1, 1))]
    schedule = monthly_schedule(
        year_start=Y2025,
        components=basic(Period(date(2023, 5, 8))),
        withheld=withheld,
        payment_day=15,
    )
    assert schedule[-1].cumulative == D("4497.53")
    assert schedule[7].amount == schedule[8].amount == D("0.00")
    assert schedule[9].amount > 0


def test_the_monthly_schedule_sums_exactly_to_the_year_in_a_leap_year():
    # 5,400 / 366 a day: April (30 days) 442.6229 -> 442.62; May (31 days) cumulative
    # 5,400 x 61 / 366 = 900.00 exactly, so May pays 457.38 (rounded alone it would be 457.38;
    # the cumulative method decides every penny against the year's exact share).
    schedule = monthly_schedule(
        year_start=Y2023, components=basic(Period(date(2019, 5, 6))), payment_day=20
    )
    assert [i.pay_date for i in schedule][:2] == [date(2023, 4, 20), date(2023, 5, 20)]
    assert schedule[-1].pay_date == date(2024, 3, 20)
    assert schedule[0].amount == D("442.62")
    assert schedule[1].cumulative == D("900.00")
    assert sum(i.amount for i in schedule) == BASIC


@pytest.mark.parametrize("year_start", [Y2023, Y2024, Y2025])
def test_no_rounding_drift_for_any_start_date_in_the_year(year_start):
    annual = D("5399.99")
    sra = D("10800.00")
    for offset in range(0, days_in_year(year_start), 7):
        start = year_start + timedelta(days=offset)
        components = [
            Component(annual=annual, held=(Period(start),)),
            Component(annual=sra, held=(Period(start, start + timedelta(days=45)),)),
        ]
        schedule = monthly_schedule(year_start=year_start, components=components, payment_day=15)
        assert sum(i.amount for i in schedule) == schedule[-1].cumulative
        assert all(i.amount >= 0 for i in schedule)
        assert all(i.amount == i.amount.quantize(D("0.01")) for i in schedule)


def test_a_car_journey_crossing_10000_miles_is_split_exactly():
    # 9,990 miles already claimed this tax year; a 25-mile journey with one passenger:
    # 10 miles x 45p = £4.50, 15 miles x 25p = £3.75, 25 x 5p passenger = £1.25: £9.50.
    result = mileage_amount(
        miles=D("25"),
        bands=CAR,
        already_this_tax_year=D("9990"),
        passengers=1,
        passenger_rate=D("0.05"),
    )
    assert (result.miles_at_rate, result.miles_above, result.amount) == (
        D("10"),
        D("15"),
        D("9.50"),
    )


def test_mileage_below_and_above_the_threshold_and_for_other_vehicles():
    assert mileage_amount(miles=D("12.5"), bands=CAR).amount == D("5.63")  # 5.625 half up
    assert mileage_amount(miles=D("20"), bands=CAR, already_this_tax_year=D("12000")).amount == (
        D("5.00")
    )
    assert mileage_amount(miles=D("10"), bands=MileageBands(rate=D("0.24"))).amount == D("2.40")
    assert mileage_amount(miles=D("10"), bands=MileageBands(rate=D("0.20"))).amount == D("2.00")


def test_care_is_paid_by_the_hour_up_to_the_cap():
    assert carers_amount(hours=D("3.5"), hourly_rate=D("12.21"), cap=D("100")) == D("42.74")
    assert carers_amount(hours=D("10"), hourly_rate=D("12.21"), cap=D("100")) == D("100")
    assert carers_amount(hours=D("10"), hourly_rate=D("12.21"), cap=D("0")) == D("122.10")


def test_the_claims_time_limit_counts_calendar_months():
    assert claim_deadline(date(2026, 1, 2), 3) == date(2026, 4, 2)
    assert claim_deadline(date(2025, 11, 30), 3) == date(2026, 2, 28)  # clamped to month end
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    late = late_lines(
        [(1, date(2026, 3, 1)), (2, date(2026, 1, 2)), (3, date(2026, 1, 3))],
        submitted_on=date(2026, 4, 3),
        months=3,
    )
    assert late == [(2, date(2026, 1, 2), date(2026, 4, 2))]


# --- Co-optees' allowance (reg 9) -----------------------------------------------------------------
# The scheme's co-optees' allowance is paid pro rata by days co-opted, by the same arithmetic as
# basic allowance (reg 4(2)(b)): a component held for the days of the co-option.

CO_OPTEES = D("1200.00")
Y2027 = date(2027, 4, 1)  # contains 29 February 2028: 366 days


def co_opted(held: Period) -> list[Component]:
    return [Component(annual=CO_OPTEES, held=(held,))]


def test_a_co_optee_from_monday_2_june_2025_is_paid_for_303_days_of_365():
    # Co-opted from Mon 2 June 2025 (the demo's independent audit member): 1 April-1 June is
    # 30 + 31 + 1 = 62 days, so 2 June 2025-31 March 2026 is 365 - 62 = 303 days:
    # 1,200 x 303 / 365 = 996.1643... -> £996.16. June pays its 29 days:
    # 1,200 x 29 / 365 = 95.3424... -> £95.34; nothing in April or May.
    schedule = monthly_schedule(
        year_start=Y2025, components=co_opted(Period(date(2025, 6, 2))), payment_day=15
    )
    assert schedule[-1].cumulative == D("996.16")
    assert sum(i.amount for i in schedule) == D("996.16")
    assert [i.amount for i in schedule[:3]] == [D("0.00"), D("0.00"), D("95.34")]
    assert schedule[2].pay_date == date(2025, 6, 15)


def test_a_co_optee_in_the_leap_year_2027_28_is_paid_by_days_of_366():
    # Co-opted from Wed 1 September 2027: September to March is 30 + 31 + 30 + 31 + 31 + 29
    # + 31 = 213 days of a 366-day year (29 February 2028): 1,200 x 213 / 366 = 698.3606...
    # -> £698.36. February 2028 pays 29 days: 1,200 x 29 / 366 = 95.0819... -> £95.08.
    schedule = monthly_schedule(
        year_start=Y2027, components=co_opted(Period(date(2027, 9, 1))), payment_day=15
    )
    assert days_in_year(Y2027) == 366
    assert schedule[-1].cumulative == D("698.36")
    assert sum(i.amount for i in schedule) == D("698.36")
    assert schedule[10].month == date(2028, 2, 1) and schedule[10].amount == D("95.08")
    # A whole leap year co-opted is exactly the annual amount.
    whole = entitlement(year_start=Y2027, components=co_opted(Period(date(2020, 9, 1))))
    assert whole == CO_OPTEES


def test_a_co_option_ending_on_1_december_2025_is_paid_to_30_november():
    # Co-opted since 15 January 2024; no longer co-opted from 1 December 2025 (the first day
    # not co-opted): 1 April-30 November is 244 days: 1,200 x 244 / 365 = 802.1917... ->
    # £802.19, nothing from December.
    held = Period(date(2024, 1, 15), date(2025, 12, 1))
    schedule = monthly_schedule(year_start=Y2025, components=co_opted(held), payment_day=15)
    assert schedule[-1].cumulative == D("802.19")
    assert [i.amount for i in schedule[8:]] == [D("0.00")] * 4


def test_a_co_optee_forgoing_half_the_allowance_from_1_october_2025():
    # Co-opted from 2 June 2025 (303 days); half forgone from 1 October: 2 June-30 September
    # is 121 days at the full rate and 1 October-31 March 182 days at half, 121 + 91 = 212:
    # 1,200 x 212 / 365 = 696.9863... -> £696.99.
    forgone = Forgone(Period(date(2025, 10, 1)), D("0.5"))
    total = entitlement(
        year_start=Y2025, components=co_opted(Period(date(2025, 6, 2))), forgone=[forgone]
    )
    assert total == D("696.99")
