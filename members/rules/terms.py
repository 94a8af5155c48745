"""When councillors elected at an ordinary election come into office, as a pure rule."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.easter import easter

from democracy.calendars import bank_holidays

# LGA 1972 s7 (principal councils), s16(3) (parish) and Sch 2 para 6(3) (London boroughs):
# councillors retire together "on the fourth day after the ordinary day of election", and the
# newly elected come into office on the day their predecessors retire.
TERM_STARTS_AFTER_POLL_DAYS = 4

_REGION = {"ENG": "ENG", "WLS": "WLS"}  # the nations whose councils we serve


def s243_excluded(
    day: date, *, nation: str = "ENG", extra_days: frozenset[date] = frozenset()
) -> bool:
    """Whether ``day`` is one of the days LGA 1972 s243(1) moves a thing to be done past: a
    Sunday, a day of the Christmas break, of the Easter break or of a bank holiday break, or a day
    appointed for public thanksgiving or mourning (``extra_days``). Saturday is not one of them.
    The breaks as DOMAIN A1 reads them by analogy with RPA 1983 Sch 1 r 2 (UNVERIFIED there):
    Good Friday, Christmas Day and the nation's bank holidays."""
    if day.weekday() == 6 or day in extra_days:
        return True
    if day.month == 12 and day.day == 25:
        return True
    if day == easter(day.year) - timedelta(days=2):
        return True
    return day in bank_holidays(_REGION.get(nation, "ENG"), day.year)


def ordinary_term_start(
    poll: date, *, nation: str = "ENG", extra_days: frozenset[date] = frozenset()
) -> date:
    """The day councillors elected at the ordinary election of ``poll`` come into office: the
    fourth day after the ordinary day of election (LGA 1972 s7, s16(3), Sch 2 para 6(3)), or,
    when that day is one LGA 1972 s243(1) excludes, the first day after it that is not.

    Counsel's opinion for the AEA and LLG (Tim Straker QC, April 2019) and the Electoral
    Commission (October 2018): taking and leaving office falls within s243(1), Saturdays and
    Sundays count in the four days, and a bank holiday fourth day moves to the next day: the
    2 May 2019 poll gave Tuesday 7 May 2019, as 6 May was the early May bank holiday."""
    day = poll + timedelta(days=TERM_STARTS_AFTER_POLL_DAYS)
    while s243_excluded(day, nation=nation, extra_days=extra_days):
        day += timedelta(days=1)
    return day


def ordinary_poll_for_term_start(took_office: date, *, nation: str = "ENG") -> date:
    """The ordinary day of election whose councillors came into office on ``took_office``: the
    Thursday (RPA 1983 s37: ordinary elections are on a Thursday) among the days whose
    :func:`ordinary_term_start` is ``took_office``, or the fourth day before it when none is."""
    earliest = took_office - timedelta(days=TERM_STARTS_AFTER_POLL_DAYS + 7)
    latest = took_office - timedelta(days=TERM_STARTS_AFTER_POLL_DAYS)
    day = latest
    while day >= earliest:
        if day.weekday() == 3 and ordinary_term_start(day, nation=nation) == took_office:
            return day
        day -= timedelta(days=1)
    return latest
