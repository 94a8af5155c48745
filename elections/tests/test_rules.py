"""The statutory timetable of a local election in England, pinned to published timetables
(sources in /work/shared/DOMAIN.md C1). Pure: no database."""

from __future__ import annotations

from datetime import date

import pytest

from democracy import calendars
from democracy.statutory import Nation
from elections.rules import LOCAL_ELECTION_ENGLAND, local_election_timetable

ENGLAND = calendars.election_calendar(Nation.ENGLAND)

NOTICE_OF_ELECTION = "Publication of notice of election"
NOMINATIONS_CLOSE = "Delivery of nomination papers closes"
WITHDRAWALS = "Withdrawal of candidature"
AGENTS = "Appointment of election agents"
SOPN = "Publication of statement of persons nominated"
REGISTRATION = "Deadline for applications to register to vote"
POSTAL = "New postal vote applications and changes to absent votes"
PROXY = "New proxy vote applications"
VAC = "Voter Authority Certificate applications"
NOTICE_OF_POLL = "Publication of notice of poll"
FINAL_ALTERATION = "Final election notice of alteration; appointment of polling and counting agents"
LOST_POSTAL = "First day to issue replacements for lost postal ballot papers"


def deadlines(poll: date) -> dict[str, date]:
    return {step.event: step.deadline for step in local_election_timetable(poll, calendar=ENGLAND)}


def test_7_may_2026_local_elections():
    # Local elections in England on Thu 7 May 2026 (DOMAIN C1.2, C1.3; the Electoral
    # Commission's published 2026 timetable). Good Friday 3 Apr, Easter Monday 6 Apr and the
    # Early May bank holiday Mon 4 May 2026 are disregarded (SI 2006/3304 Sch 2 r 2).
    assert deadlines(date(2026, 5, 7)) == {
        NOTICE_OF_ELECTION: date(2026, 3, 30),  # Mon, 25th working day
        NOMINATIONS_CLOSE: date(2026, 4, 9),  # Thu, 19th
        WITHDRAWALS: date(2026, 4, 9),
        AGENTS: date(2026, 4, 9),
        SOPN: date(2026, 4, 10),  # Fri, 18th
        REGISTRATION: date(2026, 4, 20),  # Mon, 12th
        POSTAL: date(2026, 4, 21),  # Tue, 11th
        PROXY: date(2026, 4, 28),  # Tue, 6th
        VAC: date(2026, 4, 28),
        NOTICE_OF_POLL: date(2026, 4, 28),
        FINAL_ALTERATION: date(2026, 4, 29),  # Wed, 5th
        LOST_POSTAL: date(2026, 4, 30),  # Thu, 4th
        "Polling day": date(2026, 5, 7),
    }


def test_1_may_2025_local_elections_count_maundy_thursday():
    # Local elections in England on Thu 1 May 2025. Published timetable (Electoral Commission
    # via ALDC, Jan 2025; Lambeth's Herne Hill and Loughborough Junction by-election; Stroud DC):
    # notice of election not later than Tue 25 Mar, nominations close 4pm Wed 2 Apr, SOPN Thu
    # 3 Apr, register Fri 11 Apr, postal 5pm Mon 14 Apr, proxy and VAC 5pm Wed 23 Apr, lost
    # postal ballots from Fri 25 Apr. Good Friday 18 Apr and Easter Monday 21 Apr are disregarded
    # but Maundy Thursday 17 Apr counts (EAA 2006 s20; DOMAIN C1.2): counting it is the only way
    # to reach Fri 11 Apr as the 12th working day.
    # Counted by hand: 30, 29, 28, 25, 24, 23, 22 Apr (7), [21 Easter Monday, 18 Good Friday],
    # 17 (8, Maundy Thursday), 16, 15, 14 (11), 11 (12), 10, 9, 8, 7, 4, 3 (18), 2 Apr (19),
    # 1 Apr, 31, 28, 27, 26, 25 Mar (25). Thu 27 Mar would be only the 23rd.
    timetable = deadlines(date(2025, 5, 1))
    assert timetable[NOTICE_OF_ELECTION] == date(2025, 3, 25)
    assert timetable[NOMINATIONS_CLOSE] == date(2025, 4, 2)
    assert timetable[SOPN] == date(2025, 4, 3)
    assert timetable[REGISTRATION] == date(2025, 4, 11)
    assert timetable[POSTAL] == date(2025, 4, 14)
    assert timetable[PROXY] == timetable[VAC] == date(2025, 4, 23)
    assert timetable[LOST_POSTAL] == date(2025, 4, 25)
    assert calendars.working_days_before(date(2025, 5, 1), 8, calendar=ENGLAND) == date(2025, 4, 17)


def test_2_may_2024_local_elections():
    # Local and PCC elections in England on Thu 2 May 2024: notice of election not later than
    # Tue 26 Mar 2024 (DOMAIN C1.2), counting Maundy Thursday 28 Mar and skipping Good Friday
    # 29 Mar and Easter Monday 1 Apr. Nominations closed 4pm Fri 5 Apr and the registration
    # deadline was Tue 16 Apr 2024.
    timetable = deadlines(date(2024, 5, 2))
    assert timetable[NOTICE_OF_ELECTION] == date(2024, 3, 26)
    assert timetable[NOMINATIONS_CLOSE] == date(2024, 4, 5)
    assert timetable[SOPN] == date(2024, 4, 8)
    assert timetable[REGISTRATION] == date(2024, 4, 16)
    assert timetable[POSTAL] == date(2024, 4, 17)
    assert timetable[NOTICE_OF_POLL] == date(2024, 4, 24)


@pytest.mark.parametrize("poll", [date(2024, 5, 2), date(2025, 5, 1), date(2026, 5, 7)])
def test_every_deadline_is_a_working_day_with_the_stated_count_before_the_poll(poll):
    steps = local_election_timetable(poll, calendar=ENGLAND)
    *deadlines_before_poll, polling_day = steps
    assert (polling_day.event, polling_day.deadline, polling_day.working_days_before_poll) == (
        "Polling day",
        poll,
        0,
    )
    for step in deadlines_before_poll:
        assert ENGLAND.is_working_day(step.deadline), step.event
        # n working days back from the poll: n - 1 working days lie strictly between.
        between = calendars.clear_days_between(step.deadline, poll, calendar=ENGLAND)
        assert between == step.working_days_before_poll - 1, step.event


def test_timetable_steps_are_in_date_order_and_cite_a_source():
    steps = local_election_timetable(date(2026, 5, 7), calendar=ENGLAND)
    assert len(steps) == len(LOCAL_ELECTION_ENGLAND) + 1
    assert [s.deadline for s in steps] == sorted(s.deadline for s in steps)
    assert all(step.source for step in steps)
    assert {s.event: s.time for s in steps}[NOMINATIONS_CLOSE] == "4pm"
    assert {s.event: s.time for s in steps}[REGISTRATION] == "midnight"


def test_a_day_of_mourning_moves_the_timetable_back():
    # A day appointed for public mourning is a dies non (SI 2006/3304 Sch 2 r 2). Illustrative:
    # were Tue 28 Apr 2026 so appointed, the 6th working day before 7 May 2026 would be Mon 27
    # Apr and the notice of election (25th) would move back from Mon 30 Mar to Fri 27 Mar.
    mourning = calendars.election_calendar(
        Nation.ENGLAND, extra_non_working_days={date(2026, 4, 28)}
    )
    timetable = {
        s.event: s.deadline for s in local_election_timetable(date(2026, 5, 7), calendar=mourning)
    }
    assert timetable[NOTICE_OF_POLL] == date(2026, 4, 27)
    assert timetable[FINAL_ALTERATION] == date(2026, 4, 29)
    assert timetable[NOTICE_OF_ELECTION] == date(2026, 3, 27)
