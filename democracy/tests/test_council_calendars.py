"""The council's calendars combine the statutory rules with days recorded in the database."""

from __future__ import annotations

from datetime import date

import pytest

from democracy import calendars
from democracy.council import election_calendar, meeting_calendar
from democracy.models import NonWorkingDay
from democracy.tests.factories import set_constitution

pytestmark = pytest.mark.django_db

# Tuesday 13 September 2022 fell in the national mourning period for Queen Elizabeth II; it was
# not a bank holiday, but a council could record it as a day of mourning (DOMAIN.md A1.2 notes
# NALC and Harwood KC disagree on whether it should).
MOURNING = date(2022, 9, 13)
# A council-designated closure day, e.g. a staff day between Christmas and New Year.
COUNCIL_DAY = date(2026, 12, 29)


def test_days_in_the_database_are_non_working_for_the_calendars_they_belong_to():
    assert meeting_calendar().is_working_day(MOURNING)
    NonWorkingDay.objects.create(
        date=MOURNING, kind=NonWorkingDay.Kind.THANKSGIVING_OR_MOURNING, description="Mourning"
    )
    NonWorkingDay.objects.create(
        date=COUNCIL_DAY, kind=NonWorkingDay.Kind.COUNCIL_DESIGNATED, description="Closure day"
    )
    meetings, elections = meeting_calendar(), election_calendar()
    assert not meetings.is_working_day(MOURNING)
    assert not elections.is_working_day(MOURNING)
    assert not meetings.is_working_day(COUNCIL_DAY)
    # A council cannot move an election timetable by closing its offices.
    assert elections.is_working_day(COUNCIL_DAY)


def test_a_mourning_day_moves_an_agenda_deadline_back_a_day():
    # Meeting on Tuesday 20 September 2022 (after the State Funeral bank holiday on the 19th).
    before = calendars.latest_date_leaving_clear_days(
        date(2022, 9, 20), 5, calendar=meeting_calendar()
    )
    NonWorkingDay.objects.create(
        date=MOURNING, kind=NonWorkingDay.Kind.THANKSGIVING_OR_MOURNING, description="Mourning"
    )
    after = calendars.latest_date_leaving_clear_days(
        date(2022, 9, 20), 5, calendar=meeting_calendar()
    )
    assert (before, after) == (date(2022, 9, 9), date(2022, 9, 8))


def test_christmas_eve_counts_only_when_the_constitution_says_so(settings):
    christmas_eve = date(2026, 12, 24)
    assert meeting_calendar().is_working_day(christmas_eve)
    set_constitution(meeting_calendar_excludes_christmas_eve=True)
    assert not meeting_calendar().is_working_day(christmas_eve)
    assert not election_calendar().is_working_day(christmas_eve)
