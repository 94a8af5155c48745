"""Members' allowances as pure arithmetic: pro-rata entitlement, the monthly payment schedule,
HMRC mileage rates and the claims time limit. No ORM, no clock: dates and Decimals in, Decimals
out. Money is rounded once, to the penny, half up; nothing is ever a float.

Periods are half-open, as in ``democracy.validity``: ``start`` is the first day, ``end`` the
first day after (``None`` while it continues).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
ZERO = Decimal("0")
ONE = Decimal("1")


def to_pennies(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


# --- Years ----------------------------------------------------------------------------------------


def scheme_year_start(day: date) -> date:
    """The 1 April beginning the allowances year containing ``day``: a "year" is the 12 months
    ending with 31 March (the definition in the 1991 regulations, SI 1991/351, followed by
    council schemes under SI 2003/1021)."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def next_year_start(year_start: date) -> date:
    return date(year_start.year + 1, 4, 1)


def days_in_year(year_start: date) -> int:
    """365, or 366 for a year containing 29 February (2023/24 contains 29 February 2024)."""
    return (next_year_start(year_start) - year_start).days


def tax_year_start(day: date) -> date:
    """The 6 April beginning the income tax year containing ``day`` (ITA 2007 s4): the year over
    which HMRC's 10,000 business miles are counted."""
    start = date(day.year, 4, 6)
    return start if day >= start else date(day.year - 1, 4, 6)


def parse_year_label(label: str) -> date | None:
    """``2025-26`` to 1 April 2025, or None if it is not such a label, or names a year the
    calendar cannot hold (it must start on 1 April of year 1 or later and end on 31 March 9999
    or earlier: "0000-01" is no year)."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}", label):
        return None
    year, short = int(label[:4]), int(label[5:])
    if (year + 1) % 100 != short or not MINYEAR <= year < MAXYEAR:
        return None
    return date(year, 4, 1)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamped to the month's last day (31 May less 3
    months is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Periods and weights --------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date | None = None  # first day after; None while it continues


@dataclass(frozen=True)
class Forgone:
    """Part of an entitlement forgone by written notice: ``fraction`` of each day in ``period``."""

    period: Period
    fraction: Decimal


@dataclass(frozen=True)
class Component:
    """An annual amount earned on each day of ``held`` (a term of office for basic allowance,
    the holding of a responsibility for SRA)."""

    annual: Decimal
    held: tuple[Period, ...]


def day_weights(
    *,
    year_start: date,
    held: Iterable[Period],
    withheld: Iterable[Period] = (),
    forgone: Iterable[Forgone] = (),
) -> list[Decimal]:
    """For each day of the year, the share of a day's allowance payable: 1 on a day in office,
    0 on a day out of office or withheld during suspension (reg 4(3)), reduced by the fraction
    forgone by any renunciation in force (capped so nothing is forgone twice)."""
    days = days_in_year(year_start)

    def span(period: Period) -> range:
        first = max(0, (period.start - year_start).days)
        last = days if period.end is None else min(days, (period.end - year_start).days)
        return range(first, max(first, last))

    weights = [ZERO] * days
    for period in held:
        for i in span(period):
            weights[i] = ONE
    given_up = [ZERO] * days
    for notice in forgone:
        for i in span(notice.period):
            given_up[i] += notice.fraction
    for period in withheld:
        for i in span(period):
            weights[i] = ZERO
    return [
        weight if not lost or not weight else max(ZERO, ONE - min(ONE, lost))
        for weight, lost in zip(weights, given_up, strict=True)
    ]


def entitlement(
    *,
    year_start: date,
    components: Iterable[Component],
    withheld: Iterable[Period] = (),
    forgone: Iterable[Forgone] = (),
) -> Decimal:
    """The year's entitlement to the penny (SI 2003/1021 reg 4(2)(b); reg 5 for SRA)."""
    schedule = monthly_schedule(
        year_start=year_start,
        components=components,
        withheld=withheld,
        forgone=forgone,
        payment_day=1,
    )
    return schedule[-1].cumulative


@dataclass(frozen=True)
class Instalment:
    month: date  # the first day of the calendar month
    pay_date: date
    cumulative: Decimal  # entitlement to the end of the month, to the penny
    amount: Decimal  # this month's payment: cumulative less last month's cumulative


def months_of(year_start: date) -> list[date]:
    return [add_months(year_start, n) for n in range(12)]


def monthly_schedule(
    *,
    year_start: date,
    components: Iterable[Component],
    withheld: Iterable[Period] = (),
    forgone: Iterable[Forgone] = (),
    payment_day: int,
) -> list[Instalment]:
    """Twelve monthly instalments, paid on ``payment_day`` of each month for the month, that sum
    exactly to the year's entitlement.

    Entitlement to a date is reg 4(2)(b)'s pro rata: the annual amount x days in office (each
    weighted by ``day_weights``) / days in the year; SRA likewise by days holding the post.

    Rounding each month separately would drift (£5,400 / 366 days is not a whole number of
    pence); instead each month's cumulative entitlement to date is rounded to the penny and the
    instalment is the difference from the month before, so the twelve add up to the rounded
    annual entitlement with no penny lost or gained (cumulative rounding)."""
    components, withheld, forgone = list(components), list(withheld), list(forgone)
    days = days_in_year(year_start)
    boundaries = [(add_months(month, 1) - year_start).days for month in months_of(year_start)]
    # Each component's days in office (weighted) to the end of each month.
    to_month_end = []
    for component in components:
        weights = day_weights(
            year_start=year_start, held=component.held, withheld=withheld, forgone=forgone
        )
        running, totals, start = ZERO, [], 0
        for end in boundaries:
            running += sum(weights[start:end], ZERO)
            totals.append(running)
            start = end
        to_month_end.append((component.annual, totals))
    schedule, previous = [], ZERO
    for index, month in enumerate(months_of(year_start)):
        cumulative = to_pennies(
            sum((annual * totals[index] / days for annual, totals in to_month_end), ZERO)
        )
        schedule.append(
            Instalment(
                month=month,
                pay_date=month.replace(day=payment_day),
                cumulative=cumulative,
                amount=cumulative - previous,
            )
        )
        previous = cumulative
    return schedule


def due_to_date(schedule: Sequence[Instalment], month: date) -> Decimal:
    """Cumulative entitlement to the end of ``month`` (zero before the year)."""
    due = ZERO
    for instalment in schedule:
        if instalment.month <= month:
            due = instalment.cumulative
    return due


# --- Mileage --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MileageBands:
    rate: Decimal
    threshold: Decimal | None = None  # business miles in the tax year at ``rate``
    rate_above: Decimal | None = None


@dataclass(frozen=True)
class Mileage:
    miles_at_rate: Decimal
    miles_above: Decimal
    amount: Decimal


def mileage_amount(
    *,
    miles: Decimal,
    bands: MileageBands,
    already_this_tax_year: Decimal = ZERO,
    passengers: int = 0,
    passenger_rate: Decimal = ZERO,
) -> Mileage:
    """HMRC approved mileage allowance payments (ITEPA 2003 s230): cars and vans 45p a mile
    for the first 10,000 business miles in the tax year and 25p a mile after; motorcycles 24p;
    bicycles 20p; plus 5p per passenger per mile (s233-234). A journey that crosses the
    threshold is split exactly: the miles up to it at the higher rate, the rest at the lower.
    ``already_this_tax_year`` counts miles claimed earlier in the same tax year (6 April to
    5 April)."""
    if bands.threshold is None:
        at_rate, above = miles, ZERO
    else:
        room = max(ZERO, bands.threshold - already_this_tax_year)
        at_rate = min(miles, room)
        above = miles - at_rate
    total = at_rate * bands.rate + above * (bands.rate_above or ZERO)
    total += miles * passengers * passenger_rate
    return Mileage(miles_at_rate=at_rate, miles_above=above, amount=to_pennies(total))


# --- Carers and claims ----------------------------------------------------------------------------


def carers_amount(*, hours: Decimal, hourly_rate: Decimal, cap: Decimal) -> Decimal:
    """Dependants' carers' allowance for one occasion (reg 7): hours at the scheme's hourly
    rate, no more than the scheme's cap (no cap when the cap is zero)."""
    amount = to_pennies(hours * hourly_rate)
    return min(amount, cap) if cap > ZERO else amount


def claim_deadline(entitlement_arose: date, months: int) -> date:
    """The last day to claim for something that arose on ``entitlement_arose``: the scheme may
    set a time limit from the date the entitlement arises (a scheme provision under SI
    2003/1021; the regulation number is unverified; configurable, commonly 2 to 6 months)."""
    return add_months(entitlement_arose, months)


def late_lines(
    lines: Iterable[tuple[int, date]], *, submitted_on: date, months: int
) -> list[tuple[int, date, date]]:
    """(line number, date, deadline) for each line claimed after its deadline."""
    return [
        (number, day, claim_deadline(day, months))
        for number, day in lines
        if submitted_on > claim_deadline(day, months)
    ]
