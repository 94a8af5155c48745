"""Public participation: when a question or a request to speak must reach the council. Pure
functions of dates and numbers (no ORM, no clock).

No statute gives the public a right to ask questions at a council meeting or to present a
deputation: the council's public participation scheme (its constitution) does, and sets the
deadline in working days before the meeting (``public_question_deadline_working_days``,
``deputation_deadline_working_days`` in ``democracy.statutory.PERIODS``). Working days are those
of the council's meeting calendar (weekends, the nation's bank holidays, days appointed for
thanksgiving or mourning and the council's own closure days), the calendar the agenda
publication deadline is counted in.
"""

from __future__ import annotations

from datetime import date

from democracy import calendars


def submission_deadline(
    meeting_date: date, *, working_days: int, calendar: calendars.NonWorkingDays
) -> date:
    """The last day a question or request to speak may reach the council: the ``working_days``-th
    working day before the day of the meeting, not counting the meeting day itself
    (``calendars.working_days_before``). E.g. three working days before a meeting on Wednesday
    8 April 2026: Tuesday 7 April counts, Easter Monday (6 April) and Good Friday (3 April) are
    bank holidays in England, Thursday 2 April and Wednesday 1 April count: the deadline is
    Wednesday 1 April 2026."""
    return calendars.working_days_before(meeting_date, working_days, calendar=calendar)


def is_late(received_on: date, deadline: date) -> bool:
    """A submission received after the deadline day is late (the whole deadline day counts)."""
    return received_on > deadline
