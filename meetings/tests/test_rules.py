"""Agenda publication deadlines, pinned to real cases (sources in /work/shared/DOMAIN.md A1).
Pure: no database."""

from __future__ import annotations

from datetime import date

import pytest

from democracy import calendars
from democracy.statutory import Nation
from meetings.rules import publication_deadline

ENGLAND = calendars.meeting_calendar(Nation.ENGLAND)
WALES = calendars.meeting_calendar(Nation.WALES)


def test_nuneaton_and_bedworth_planning_committee_easter_2019():
    # Nuneaton & Bedworth BC news, 17 Apr 2019 (DOMAIN A1.2): the Planning Committee of Tue 23
    # Apr 2019 was re-arranged because "the two Easter public holidays were overlooked". With
    # Good Friday 19 Apr and Easter Monday 22 Apr excluded, the five clear days (LGA 1972
    # s100B(3)) are 12, 15, 16, 17 and 18 Apr, so the agenda had to be out by Thu 11 Apr 2019.
    deadline = publication_deadline(
        date(2019, 4, 23), clear_days=5, report_working_days=5, calendar=ENGLAND
    )
    assert deadline.meeting_date == date(2019, 4, 23)
    assert deadline.clear_days_required == 5
    assert deadline.latest_publication == date(2019, 4, 11)
    assert deadline.excluded_days == [
        (date(2019, 4, 13), "Saturday"),
        (date(2019, 4, 14), "Sunday"),
        (date(2019, 4, 19), "Good Friday"),
        (date(2019, 4, 20), "Saturday"),
        (date(2019, 4, 21), "Sunday"),
        (date(2019, 4, 22), "Easter Monday (bank holiday in England)"),
    ]
    # Council practice: reports due 5 working days before publication: 10, 9, 8, 5, 4 Apr.
    assert deadline.report_deadline == date(2019, 4, 4)


def test_nuneaton_and_bedworth_re_arranged_meeting_of_30_april_2019():
    # The re-arranged Planning Committee on Tue 30 Apr 2019: five clear days 23-29 Apr
    # (weekend skipped), so publication by Thu 18 Apr, the day before Good Friday.
    deadline = publication_deadline(
        date(2019, 4, 30), clear_days=5, report_working_days=5, calendar=ENGLAND
    )
    assert deadline.latest_publication == date(2019, 4, 18)
    assert [day for day, _ in deadline.excluded_days] == [
        date(2019, 4, 19),
        date(2019, 4, 20),
        date(2019, 4, 21),
        date(2019, 4, 22),
        date(2019, 4, 27),
        date(2019, 4, 28),
    ]
    # Reports: 17, 16, 15, 12, 11 Apr.
    assert deadline.report_deadline == date(2019, 4, 11)


def test_swansea_elitestone_three_clear_days_in_wales():
    # R v Swansea CC, ex p Elitestone Ltd (CA 1993; DOMAIN A1.2): the agenda was published Thu
    # 26 Apr 1990 for a sub-committee on Tue 1 May 1990, leaving only two clear days (Fri 27 and
    # Mon 30 Apr). Wales keeps three clear days (SI 2002/715 changed England only), so the
    # agenda had to be out by Wed 25 Apr 1990, and the weekend does not count.
    deadline = publication_deadline(
        date(1990, 5, 1), clear_days=3, report_working_days=3, calendar=WALES
    )
    assert deadline.latest_publication == date(1990, 4, 25)
    assert deadline.latest_publication < date(1990, 4, 26)
    assert deadline.excluded_days == [
        (date(1990, 4, 28), "Saturday"),
        (date(1990, 4, 29), "Sunday"),
    ]
    # Reports: 24, 23, 20 Apr 1990.
    assert deadline.report_deadline == date(1990, 4, 20)


def test_welsh_meeting_after_easter_names_the_welsh_bank_holiday():
    # A Welsh council meeting on Tue 11 Apr 2023, the day after Easter Monday (Good Friday 7
    # Apr): three clear days are 4, 5 and 6 Apr, so publish by Mon 3 Apr 2023.
    deadline = publication_deadline(
        date(2023, 4, 11), clear_days=3, report_working_days=5, calendar=WALES
    )
    assert deadline.latest_publication == date(2023, 4, 3)
    assert (date(2023, 4, 10), "Easter Monday (bank holiday in Wales)") in deadline.excluded_days
    assert (date(2023, 4, 7), "Good Friday") in deadline.excluded_days
    # Reports: 31, 30, 29, 28, 27 Mar 2023.
    assert deadline.report_deadline == date(2023, 3, 27)


@pytest.mark.parametrize(
    ("report_working_days", "expected"),
    [
        (0, date(2019, 4, 11)),  # no lead time: reports are due the day the agenda goes out
        (1, date(2019, 4, 10)),
        (5, date(2019, 4, 4)),
        (10, date(2019, 3, 28)),
    ],
)
def test_report_deadline_is_n_working_days_before_publication(report_working_days, expected):
    deadline = publication_deadline(
        date(2019, 4, 23),
        clear_days=5,
        report_working_days=report_working_days,
        calendar=ENGLAND,
    )
    assert deadline.report_deadline == expected
    assert (
        calendars.working_days_before(
            deadline.latest_publication, report_working_days, calendar=ENGLAND
        )
        == expected
    )


def test_publishing_on_the_latest_date_leaves_exactly_the_clear_days_required():
    # A run of ordinary meetings on Tuesdays through 2026: publishing on the latest date leaves
    # the five clear days, and publishing a working day later would not.
    for meeting in (date(2026, 1, 6), date(2026, 4, 7), date(2026, 5, 26), date(2026, 12, 29)):
        deadline = publication_deadline(
            meeting, clear_days=5, report_working_days=5, calendar=ENGLAND
        )
        latest = deadline.latest_publication
        assert ENGLAND.is_working_day(latest), meeting
        assert calendars.clear_days_between(latest, meeting, calendar=ENGLAND) == 5, meeting
        later = calendars.next_working_day(latest, calendar=ENGLAND)
        assert calendars.clear_days_between(later, meeting, calendar=ENGLAND) == 4, meeting
        # Every day between publication and meeting is either a clear day or listed as excluded.
        days_between = (meeting - latest).days - 1
        assert days_between == 5 + len(deadline.excluded_days), meeting


def test_excluded_days_include_council_designated_days():
    # Kettering's definition excludes Christmas Eve and days the council designates (DOMAIN
    # A1.2). For a meeting on Tue 6 Jan 2026 with 29 Dec 2025 designated, the clear days are
    # 5, 2 Jan, 31, 30, 23 Dec, so publish by Mon 22 Dec 2025.
    kettering = calendars.meeting_calendar(
        Nation.ENGLAND, exclude_christmas_eve=True, extra_non_working_days={date(2025, 12, 29)}
    )
    deadline = publication_deadline(
        date(2026, 1, 6), clear_days=5, report_working_days=5, calendar=kettering
    )
    assert deadline.latest_publication == date(2025, 12, 22)
    reasons = dict(deadline.excluded_days)
    assert reasons[date(2025, 12, 24)] == "Christmas Eve"
    assert reasons[date(2025, 12, 25)] == "Christmas Day"
    assert reasons[date(2025, 12, 26)] == "Boxing Day (bank holiday in England)"
    assert reasons[date(2025, 12, 29)].startswith("Designated")
    assert reasons[date(2026, 1, 1)] == "New Year's Day (bank holiday in England)"
