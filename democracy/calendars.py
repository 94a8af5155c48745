"""The statutory calendar: which days count, and how to count them.

Every deadline in the system is a count of days of some kind. This module is the one place that
decides which days count and how a count runs, so that agenda publication, election timetables,
casual-vacancy notices and school-admission appeals all agree. It is pure: no Django, no database,
no clock and no I/O. Days that live in the database (days appointed for public thanksgiving or
mourning, council-designated closure days, INSET days) are passed in by the caller.

Concepts
--------
*Working day.* A day that is not a *dies non* of the calendar in use. Saturdays and Sundays are
never working days. Which other days are excluded depends on the rule being applied:

* Meetings (LGA 1972 Part VA; SI 2012/2089 regs 6 and 7). The statute does not define "clear
  days". *R v Swansea CC, ex p Elitestone Ltd* (CA, 5 May 1993, [1993] 46 EG 181), applying
  *R v Herefordshire Justices* (1820), holds that clear days exclude both the day of publication
  and the meeting day and count working days only; by implication bank holidays are excluded too
  (Harwood KC, Local Government Lawyer, 2022). Councils may add Christmas Eve (Kettering's
  definition) and their own designated days: see :func:`meeting_calendar`.
* Elections. SI 2006/3304 Sch 2 r 2 and SI 2006/3305 Sch 2 r 2 (local elections, England) and
  RPA 1983 Sch 1 r 2 (UK Parliament) disregard Saturday, Sunday, Christmas Eve, Christmas Day,
  Good Friday, a bank holiday and a day appointed for public thanksgiving or mourning. At a UK
  Parliamentary *general* election a bank holiday in *any* part of the UK is disregarded; at a
  by-election only one in the part of the UK where the constituency is. Maundy Thursday has been
  an ordinary working day since 1 January 2007 (Electoral Administration Act 2006 s20 amended
  RPA 1983 s119). See :func:`election_calendar`.
* School days (School Admission Appeals Code 2022; SI 2012/1033 exclusion reviews): a weekday
  in term time that is neither a public holiday nor a closure (INSET) day. The calendar is per
  admission authority. See :func:`school_calendar`.

*Clear days* between two dates are the working days strictly between them: both ends excluded
(Elitestone). "Five clear days before the meeting" therefore means publication no later than the
sixth working day before the meeting (DOMAIN A1.3).

*The Nth day before a day* (election timetables: "not later than the twenty-fifth day before the
day of election") is found by counting N working days back, not counting the day itself. This is
Democracy Club's ``days_diff`` convention (uk-election-timetables), which reproduces every
published timetable we have checked. :func:`working_days_after` counts forward the same way
(parish casual-vacancy notices: "within fourteen days", SI 2006/3305 r 5).

*A period of N days beginning with day D* is a period of calendar days that includes D, so it
ends on D + N - 1 (e.g. Localism Act 2011 s30(1): 28 days beginning with the day on which a
member becomes a member). See :func:`period_beginning_with`.

Bank holidays and the ``holidays`` package
------------------------------------------
Bank holidays are taken from the ``holidays`` package (``country_holidays("GB", subdiv=...)``)
for the UK subdivisions ``ENG``, ``WLS``, ``SCT`` and ``NIR``. They are computed lazily for each
(subdivision, year) and cached, so the calendar never runs out of years. The package includes the
one-off days proclaimed under the Banking and Financial Dealings Act 1971 s1(3), e.g. the
Platinum Jubilee (3 June 2022), the State Funeral of Queen Elizabeth II (19 September 2022) and
the Coronation of King Charles III (8 May 2023), and substitute days such as the Scottish St
Andrew's Day holiday on Monday 2 December 2019.

The package also lists Good Friday and Christmas Day for every part of the UK. In England, Wales
and Northern Ireland those two are common-law holidays, not bank holidays (Banking and Financial
Dealings Act 1971 Sch 1 paras 1 and 3 do not list them); in Scotland they are bank holidays
(Sch 1 para 2). This module therefore removes "Good Friday" and "Christmas Day" (but not a
substitute such as "Christmas Day (observed)") from the package's lists for ``ENG``, ``WLS`` and
``NIR`` and treats them only through the calendar's explicit ``exclude_good_friday`` and
``exclude_christmas_day`` flags. A calendar with ``exclude_good_friday=False`` treats Good Friday
as a working day unless it is a bank holiday in one of the calendar's regions for some other
reason, which in practice means unless the calendar includes Scotland (``SCT``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Protocol, runtime_checkable

import holidays
from dateutil.easter import easter

from democracy.statutory import Nation

__all__ = [
    "UK_REGIONS",
    "CalendarExhausted",
    "NonWorkingDays",
    "SchoolDayCalendar",
    "WorkingDayCalendar",
    "bank_holidays",
    "clear_days_between",
    "election_calendar",
    "is_working_day",
    "latest_date_leaving_clear_days",
    "meeting_calendar",
    "next_working_day",
    "period_beginning_with",
    "previous_working_day",
    "school_calendar",
    "working_days_after",
    "working_days_before",
    "working_days_in_range",
]

#: The ``holidays`` package's UK subdivision codes and the names used in human-readable reasons.
UK_REGIONS: Mapping[str, str] = MappingProxyType(
    {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
)

#: Subdivision whose bank holidays apply to each nation we serve.
NATION_REGION: Mapping[Nation, str] = MappingProxyType({Nation.ENGLAND: "ENG", Nation.WALES: "WLS"})

#: Regions where Good Friday and Christmas Day are common-law holidays rather than bank holidays
#: (Banking and Financial Dealings Act 1971 Sch 1 paras 1 and 3); in Scotland they are bank
#: holidays (para 2).
_COMMON_LAW_HOLIDAY_REGIONS = frozenset({"ENG", "WLS", "NIR"})
_COMMON_LAW_HOLIDAY_NAMES = frozenset({"Good Friday", "Christmas Day"})

#: The most consecutive non-working days a search will step over before giving up. No real
#: calendar has a run this long (roughly three years); a school calendar whose terms have run out
#: does, and must fail loudly rather than loop for ever.
MAX_SCAN_DAYS = 1100

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ONE_DAY = timedelta(days=1)


class CalendarExhausted(ValueError):
    """No working day was found within :data:`MAX_SCAN_DAYS` of a date.

    Raised instead of looping for ever, e.g. when counting school days past the last term that
    has been entered.
    """

    def __init__(self, calendar: object, day: date, direction: str) -> None:
        self.calendar = calendar
        self.day = day
        self.direction = direction
        name = getattr(calendar, "name", None) or repr(calendar)
        super().__init__(
            f"Calendar {name!r} has no working day within {MAX_SCAN_DAYS} days {direction} "
            f"{day.isoformat()}; its days (e.g. school terms) have not been entered that far."
        )


@runtime_checkable
class NonWorkingDays(Protocol):
    """Anything that can say whether a day counts. Every counting function takes one."""

    def is_working_day(self, day: date) -> bool: ...


# --------------------------------------------------------------------------------------------
# Bank holidays
# --------------------------------------------------------------------------------------------


def _check_date(day: object, what: str = "day") -> date:
    # datetime is a subclass of date but never equal to one, so it would silently miss every
    # set lookup; and which date an aware datetime falls on depends on a time zone we don't know.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"{what} must be a datetime.date (not a datetime), got {day!r}")
    return day


def _check_count(n: object, what: str = "n") -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{what} must be a whole number, got {n!r}")
    if n < 0:
        raise ValueError(f"{what} must be zero or more, got {n}")
    return n


def _check_regions(regions: Iterable[str]) -> frozenset[str]:
    regions = frozenset(regions)
    unknown = regions - UK_REGIONS.keys()
    if unknown:
        raise ValueError(
            f"Unknown bank-holiday region(s) {sorted(unknown)}; expected some of "
            f"{sorted(UK_REGIONS)}"
        )
    return regions


@functools.lru_cache(maxsize=1024)
def bank_holidays(region: str, year: int) -> Mapping[date, str]:
    """Bank holidays in one part of the UK in one year, as ``{date: name}``.

    Source: the ``holidays`` package (Banking and Financial Dealings Act 1971 s1 and Sch 1, plus
    days appointed by royal proclamation under s1(3), e.g. 19 September 2022 and 8 May 2023).
    In England, Wales and Northern Ireland, Good Friday and Christmas Day are common-law
    holidays, not bank holidays (Sch 1 paras 1 and 3), so they are left out here; in Scotland
    they are bank holidays (Sch 1 para 2) and stay in. Substitute days ("Christmas Day
    (observed)") are bank holidays everywhere and stay in. Some entries fall on a weekend (the
    package lists New Year's Day on a Saturday as well as its Monday substitute).
    """
    _check_regions((region,))
    source = holidays.country_holidays("GB", subdiv=region, years=year, language="en_GB")
    result: dict[date, str] = {}
    for day, names in sorted(source.items()):
        parts = [part.strip() for part in names.split(";")]
        if region in _COMMON_LAW_HOLIDAY_REGIONS:
            parts = [part for part in parts if part not in _COMMON_LAW_HOLIDAY_NAMES]
        if parts:
            result[day] = "; ".join(parts)
    return MappingProxyType(result)


def _bank_holiday_name(day: date, regions: frozenset[str]) -> str | None:
    """``"Easter Monday (bank holiday in England and Wales)"``, or None if not a bank holiday."""
    found: dict[str, list[str]] = {}
    for region in sorted(regions, key=list(UK_REGIONS).index):
        name = bank_holidays(region, day.year).get(day)
        if name is not None:
            found.setdefault(name, []).append(UK_REGIONS[region])
    if not found:
        return None
    return "; ".join(f"{name} (bank holiday in {_join(places)})" for name, places in found.items())


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _is_good_friday(day: date) -> bool:
    return day.month in (3, 4) and day == easter(day.year) - 2 * _ONE_DAY


def _is_christmas_day(day: date) -> bool:
    return day.month == 12 and day.day == 25


def _is_christmas_eve(day: date) -> bool:
    return day.month == 12 and day.day == 24


# --------------------------------------------------------------------------------------------
# Calendars
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkingDayCalendar:
    """A named set of non-working days.

    A day is a working day unless it is a Saturday or Sunday, a bank holiday in any of
    ``bank_holiday_regions``, Christmas Day / Good Friday / Christmas Eve when the matching flag
    is set, or one of ``extra_non_working_days`` (days appointed for public thanksgiving or
    mourning, council-designated days, loaded from the database by the caller).
    ``extra_working_days`` overrides all of that, weekends included: it is the escape hatch for a
    statute that fixes a timetable on a day the rules would otherwise skip.

    Maundy Thursday is never non-working unless the caller lists it as an extra day
    (Electoral Administration Act 2006 s20). Build these with :func:`meeting_calendar` or
    :func:`election_calendar`, and vary them with :func:`dataclasses.replace`.
    """

    name: str
    bank_holiday_regions: frozenset[str]
    exclude_christmas_eve: bool = False
    exclude_christmas_day: bool = True
    exclude_good_friday: bool = True
    extra_non_working_days: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "bank_holiday_regions", _check_regions(self.bank_holiday_regions))
        for attr in ("extra_non_working_days", "extra_working_days"):
            days = frozenset(getattr(self, attr))
            for day in days:
                _check_date(day, attr)
            object.__setattr__(self, attr, days)
        clash = self.extra_non_working_days & self.extra_working_days
        if clash:
            raise ValueError(
                f"Calendar {self.name!r}: {sorted(d.isoformat() for d in clash)} listed as both "
                "extra working and extra non-working days"
            )

    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day (e.g. ``"Saturday"``, ``"Good Friday"``,
        ``"Easter Monday (bank holiday in England)"``, ``"Christmas Eve"``), or None if it is one.

        Dies non per SI 2006/3304 Sch 2 r 2 / RPA 1983 Sch 1 r 2 for election calendars, and per
        *ex p Elitestone* (weekends and bank holidays) for meeting calendars.
        """
        _check_date(day)
        if day in self.extra_working_days:
            return None
        if day.weekday() >= 5:
            return _WEEKDAY_NAMES[day.weekday()]
        if self.exclude_christmas_day and _is_christmas_day(day):
            return "Christmas Day"
        if self.exclude_christmas_eve and _is_christmas_eve(day):
            return "Christmas Eve"
        if self.exclude_good_friday and _is_good_friday(day):
            return "Good Friday"
        bank_holiday = _bank_holiday_name(day, self.bank_holiday_regions)
        if bank_holiday is not None:
            return bank_holiday
        if day in self.extra_non_working_days:
            return "Designated non-working day (thanksgiving, mourning or council-designated)"
        return None

    def is_working_day(self, day: date) -> bool:
        """True unless :meth:`non_working_reason` gives a reason. Saturday and Sunday never are."""
        return self.non_working_reason(day) is None


@dataclass(frozen=True)
class SchoolDayCalendar:
    """School days: weekdays inside a term (inclusive ranges) that are neither a public holiday
    of the nation (its bank holidays, Good Friday and Christmas Day) nor a closure day.

    Used for periods expressed in school days: School Admission Appeals Code 2022 (SSFA 1998
    s84) - at least 20 school days to lodge an appeal, 10 school days' notice of the hearing,
    decision letters within 5 school days; SI 2012/1033 exclusion reviews within 15 school days.
    The calendar is per admission authority (DOMAIN D1). Outside every term no day is a school
    day, so counting past the last term raises :class:`CalendarExhausted`.
    """

    name: str
    terms: tuple[tuple[date, date], ...]
    closures: frozenset[date] = field(default_factory=frozenset)
    nation: Nation = Nation.ENGLAND

    def __post_init__(self) -> None:
        terms = []
        for term in self.terms:
            start, end = term
            _check_date(start, "term start")
            _check_date(end, "term end")
            if end < start:
                raise ValueError(
                    f"School calendar {self.name!r}: term ends ({end}) before it starts ({start})"
                )
            terms.append((start, end))
        object.__setattr__(self, "terms", tuple(sorted(terms)))
        closures = frozenset(self.closures)
        for day in closures:
            _check_date(day, "closure")
        object.__setattr__(self, "closures", closures)
        object.__setattr__(self, "nation", Nation(self.nation))

    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is not a school day (``"Saturday"``, ``"Outside term time"``, ``"School
        closure day"``, ``"Good Friday"``, a bank holiday), or None if it is one."""
        _check_date(day)
        if day.weekday() >= 5:
            return _WEEKDAY_NAMES[day.weekday()]
        if not any(start <= day <= end for start, end in self.terms):
            return "Outside term time"
        if _is_christmas_day(day):
            return "Christmas Day"
        if _is_good_friday(day):
            return "Good Friday"
        bank_holiday = _bank_holiday_name(day, frozenset({NATION_REGION[self.nation]}))
        if bank_holiday is not None:
            return bank_holiday
        if day in self.closures:
            return "School closure day"
        return None

    def is_working_day(self, day: date) -> bool:
        """True if ``day`` is a school day."""
        return self.non_working_reason(day) is None


def meeting_calendar(
    nation: Nation,
    *,
    extra_non_working_days: Iterable[date] = frozenset(),
    exclude_christmas_eve: bool = False,
) -> WorkingDayCalendar:
    """The calendar for clear days before meetings.

    LGA 1972 s100A(6)(a) and s100B(3)-(4) (five clear days in England, as substituted by SI
    2002/715; three in Wales), SI 2012/2089 regs 6-7 (executive meetings) and Sch 12 para 10(2)
    (parish: three clear days). *R v Swansea CC ex p Elitestone* (CA 1993): clear days count
    working days only, so weekends, the nation's bank holidays, Christmas Day and Good Friday are
    excluded. ``exclude_christmas_eve`` adopts Kettering's constitutional definition;
    ``extra_non_working_days`` are days appointed for public thanksgiving or mourning and days the
    council designates.
    """
    nation = Nation(nation)
    suffix = ", Christmas Eve excluded" if exclude_christmas_eve else ""
    return WorkingDayCalendar(
        name=f"Meetings ({UK_REGIONS[NATION_REGION[nation]]}{suffix})",
        bank_holiday_regions=frozenset({NATION_REGION[nation]}),
        exclude_christmas_eve=exclude_christmas_eve,
        extra_non_working_days=frozenset(extra_non_working_days),
    )


def election_calendar(
    nation: Nation,
    *,
    uk_general_election: bool = False,
    extra_non_working_days: Iterable[date] = frozenset(),
) -> WorkingDayCalendar:
    """The calendar for election timetables (dies non).

    SI 2006/3304 Sch 2 r 2 and SI 2006/3305 Sch 2 r 2 (local elections, England), RPA 1983 Sch 1
    r 2 (UK Parliament), RPR 2001 reg 8 (absent-vote deadlines): Saturday, Sunday, Christmas
    Eve, Christmas Day, Good Friday, a bank holiday in the nation, and days appointed for public
    thanksgiving or mourning (pass those as ``extra_non_working_days``). Maundy Thursday counts
    (Electoral Administration Act 2006 s20).

    ``uk_general_election=True`` disregards a bank holiday in *any* part of the UK (RPA 1983
    Sch 1 r 2(1)), e.g. Scotland's St Andrew's Day substitute on 2 December 2019. The
    registration deadline at a general election is computed by separate regulations with the
    registration jurisdiction's holidays (DOMAIN C1.6), so use the nation's ordinary calendar
    for that step.
    """
    nation = Nation(nation)
    if uk_general_election:
        regions = frozenset(UK_REGIONS)
        name = "UK Parliamentary general election (bank holidays in any part of the UK)"
    else:
        regions = frozenset({NATION_REGION[nation]})
        name = f"Elections ({UK_REGIONS[NATION_REGION[nation]]})"
    return WorkingDayCalendar(
        name=name,
        bank_holiday_regions=regions,
        exclude_christmas_eve=True,
        exclude_christmas_day=True,
        exclude_good_friday=True,
        extra_non_working_days=frozenset(extra_non_working_days),
    )


def school_calendar(
    terms: Iterable[tuple[date, date]],
    *,
    closures: Iterable[date] = frozenset(),
    nation: Nation = Nation.ENGLAND,
    name: str = "School days",
) -> SchoolDayCalendar:
    """A school-day calendar from term dates (inclusive ranges) and closure (INSET) days.

    School Admission Appeals Code 2022 (SSFA 1998 s84) and the exclusion regulations (SI
    2012/1033) express periods in school days: a weekday in term that is not a public holiday
    (bank holiday of the nation, Good Friday, Christmas Day) and not a day the school is closed
    (INSET and other closures). Outside every term no day counts.
    """
    return SchoolDayCalendar(
        name=name, terms=tuple(terms), closures=frozenset(closures), nation=Nation(nation)
    )


# --------------------------------------------------------------------------------------------
# Counting
# --------------------------------------------------------------------------------------------


def is_working_day(day: date, *, calendar: NonWorkingDays) -> bool:
    """Whether ``day`` counts in ``calendar`` (see the module docstring for each calendar's
    statutory dies non)."""
    return calendar.is_working_day(_check_date(day))


def _step(day: date, *, calendar: NonWorkingDays, forward: bool) -> date:
    """The first working day strictly after (or before) ``day``."""
    delta = _ONE_DAY if forward else -_ONE_DAY
    current = day
    for _ in range(MAX_SCAN_DAYS):
        current += delta
        if calendar.is_working_day(current):
            return current
    raise CalendarExhausted(calendar, day, "after" if forward else "before")


def next_working_day(day: date, *, calendar: NonWorkingDays, include_today: bool = False) -> date:
    """The first working day after ``day`` (or ``day`` itself if ``include_today`` and it is a
    working day). E.g. SI 2006/3304 Sch 2 r 1: nominations may be delivered from the working day
    after the notice of election."""
    _check_date(day)
    if include_today and calendar.is_working_day(day):
        return day
    return _step(day, calendar=calendar, forward=True)


def previous_working_day(
    day: date, *, calendar: NonWorkingDays, include_today: bool = False
) -> date:
    """The last working day before ``day`` (or ``day`` itself if ``include_today`` and it is a
    working day). E.g. a deadline falling on a dies non moves back to the previous working
    day."""
    _check_date(day)
    if include_today and calendar.is_working_day(day):
        return day
    return _step(day, calendar=calendar, forward=False)


def working_days_before(day: date, n: int, *, calendar: NonWorkingDays) -> date:
    """The Nth working day before ``day``, not counting ``day`` itself.

    Implements "not later than the Nth day before the day of election" (SI 2006/3304 Sch 2 r 1,
    RPA 1983 Sch 1 r 1, RPR 2001 reg 56), with the days in ``calendar`` disregarded (r 2);
    Democracy Club ``days_diff`` convention (DOMAIN C1.1). ``day`` itself may be a non-working
    day; the result is always a working day and exactly ``n - 1`` working days lie strictly
    between it and ``day``.

    ``n == 0`` returns ``day`` unchanged (nothing to count, even if ``day`` is not a working
    day); negative ``n`` raises ValueError.
    """
    _check_date(day)
    _check_count(n)
    for _ in range(n):
        day = _step(day, calendar=calendar, forward=False)
    return day


def working_days_after(day: date, n: int, *, calendar: NonWorkingDays) -> date:
    """The Nth working day after ``day``, not counting ``day`` itself.

    E.g. a parish casual vacancy: ten electors may ask for an election "within fourteen days"
    after the notice, disregarding Saturday, Sunday, Christmas Eve, Christmas Day, Good Friday
    and bank holidays (SI 2006/3305 r 5; DOMAIN C1.3). Exactly ``n - 1`` working
    days lie strictly between ``day`` and the result. ``n == 0`` returns ``day`` unchanged;
    negative ``n`` raises ValueError.
    """
    _check_date(day)
    _check_count(n)
    for _ in range(n):
        day = _step(day, calendar=calendar, forward=True)
    return day


def working_days_in_range(start: date, end: date, *, calendar: NonWorkingDays) -> list[date]:
    """The working days from ``start`` to ``end``, both included, in order ([] if end < start)."""
    _check_date(start, "start")
    _check_date(end, "end")
    days = []
    current = start
    while current <= end:
        if calendar.is_working_day(current):
            days.append(current)
        current += _ONE_DAY
    return days


def clear_days_between(start: date, end: date, *, calendar: NonWorkingDays) -> int:
    """The number of clear days between ``start`` and ``end``: working days d with
    start < d < end. 0 if end <= start + 1.

    LGA 1972 s100B(3): five clear days; *R v Swansea CC ex p Elitestone* (CA 1993): clear days
    exclude both the day of publication and the meeting day and count working days only.
    """
    _check_date(start, "start")
    _check_date(end, "end")
    if end <= start + _ONE_DAY:
        return 0
    return len(working_days_in_range(start + _ONE_DAY, end - _ONE_DAY, calendar=calendar))


def latest_date_leaving_clear_days(
    target: date, clear_days: int, *, calendar: NonWorkingDays, on_working_day: bool = True
) -> date:
    """The latest date p before ``target`` with ``clear_days_between(p, target) >= clear_days``.

    LGA 1972 s100A(6)(a) and s100B(3) (five clear days; three in Wales and for parishes under
    Sch 12 para 10(2)); *ex p Elitestone* (CA 1993) for the meaning of clear days. With
    ``on_working_day=True`` (the default) p is the latest *working* day, because councils
    publish on working days: for five clear days that is "the 6th working day before the
    meeting" (DOMAIN A1.3). With ``on_working_day=False`` p is the latest calendar day, i.e. the
    day before the Nth working day back.

    p is always strictly before ``target``: with ``clear_days == 0`` the result is the previous
    working day (or the day before ``target``). Negative ``clear_days`` raises ValueError.
    """
    _check_date(target, "target")
    _check_count(clear_days, "clear_days")
    if on_working_day:
        return working_days_before(target, clear_days + 1, calendar=calendar)
    return working_days_before(target, clear_days, calendar=calendar) - _ONE_DAY


def period_beginning_with(day: date, n_days: int) -> date:
    """The last day of "a period of N days beginning with" ``day``: ``day + N - 1``.

    Calendar days; the period includes ``day`` (e.g. Localism Act 2011 s30(1): register
    interests within 28 days beginning with the day the member becomes a member, so 28 days
    beginning with 7 May 2026 ends on 3 June 2026). ``n_days`` must be at least 1.
    """
    _check_date(day)
    _check_count(n_days, "n_days")
    if n_days == 0:
        raise ValueError("n_days must be at least 1: a period of 0 days has no last day")
    return day + timedelta(days=n_days - 1)
