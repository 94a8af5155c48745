"""The council this installation serves: its name, nation and kind (deployment settings), the
periods its constitution sets (``democracy.constitution``, in the database) and the calendars
built from them plus the non-working days recorded in the database.

Apps call these instead of reading settings, so every rule sees one configuration.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from democracy import calendars, constitution, statutory
from democracy.models import NonWorkingDay


@dataclass(frozen=True)
class Council:
    name: str
    short_name: str
    logo: str
    website: str
    contact_email: str
    nation: statutory.Nation
    kind: statutory.CouncilKind


def council() -> Council:
    return Council(
        name=settings.COUNCIL_NAME,
        short_name=settings.COUNCIL_SHORT_NAME,
        logo=settings.COUNCIL_LOGO,
        website=settings.COUNCIL_WEBSITE,
        contact_email=settings.COUNCIL_CONTACT_EMAIL,
        nation=settings.COUNCIL_NATION,
        kind=settings.COUNCIL_KIND,
    )


def period(name: str) -> int:
    """A period of this council's constitution (``democracy.constitution.period``; see
    ``democracy.statutory.PERIODS`` for each period's source)."""
    return constitution.period(name)


def _days(*kinds: str) -> frozenset[date]:
    return frozenset(NonWorkingDay.objects.filter(kind__in=kinds).values_list("date", flat=True))


def meeting_calendar() -> calendars.WorkingDayCalendar:
    """Clear working days for meetings: weekends, the nation's bank holidays, days appointed for
    thanksgiving or mourning and council-designated days; Christmas Eve when the constitution says
    so (``meeting_calendar_excludes_christmas_eve``)."""
    return calendars.meeting_calendar(
        settings.COUNCIL_NATION,
        extra_non_working_days=_days(
            NonWorkingDay.Kind.THANKSGIVING_OR_MOURNING, NonWorkingDay.Kind.COUNCIL_DESIGNATED
        ),
        exclude_christmas_eve=bool(period("meeting_calendar_excludes_christmas_eve")),
    )


def election_calendar(*, uk_general_election: bool = False) -> calendars.WorkingDayCalendar:
    """Election dies non (SI 2006/3304 Sch 2 r 2; RPA 1983 Sch 1 r 2), with the days appointed
    for thanksgiving or mourning recorded in the database. Council-designated days do not apply."""
    return calendars.election_calendar(
        settings.COUNCIL_NATION,
        uk_general_election=uk_general_election,
        extra_non_working_days=_days(NonWorkingDay.Kind.THANKSGIVING_OR_MOURNING),
    )
