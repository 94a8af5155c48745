"""An election's timetable as the officer pages, the notice, the calendar feed and the reminders
show it: the statutory steps (``elections.timetables``) with the election's overrides and the
day each step was done. Reads only; two queries per election however long the timetable."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from democracy.council import election_calendar
from elections.models import Election, TimetableOverride, TimetableStepDone
from elections.timetables import Override, Step, TimetableError, combine, timetable


def _mourning_days() -> frozenset[date]:
    # The council's election calendar holds the days of thanksgiving or mourning from the
    # console; the rules add the nation's own bank holidays.
    return election_calendar().extra_non_working_days


def statutory_steps(
    election: Election,
    *,
    overrides: Iterable[TimetableOverride] = (),
    mourning: frozenset[date] | None = None,
) -> list[Step]:
    return timetable(
        election.election_type,
        election.poll_date,
        nation=election.nation,
        writ_received=election.writ_received_on,
        declared_on=election.declared_on,
        extra_non_working_days=_mourning_days() if mourning is None else mourning,
        overrides={o.step: Override(o.date, o.reason) for o in overrides},
    )


@dataclass(frozen=True)
class StepRow:
    step: Step
    done: TimetableStepDone | None

    @property
    def done_on(self) -> date | None:
        return self.done.done_on if self.done else None

    @property
    def late(self) -> bool:
        """Done after the latest permitted date (only deadlines can be late)."""
        return bool(
            self.done and self.step.kind == "deadline" and self.done.done_on > self.step.date
        )


def rows(election: Election, *, mourning: frozenset[date] | None = None) -> list[StepRow]:
    """The election's steps with the day each was done. Uses ``overrides`` and ``steps_done``
    prefetched on the election when they are (a list of elections then costs no more queries)."""
    done = {d.step: d for d in election.steps_done.all()}
    steps = statutory_steps(election, overrides=election.overrides.all(), mourning=mourning)
    return [StepRow(step, done.get(step.key)) for step in steps]


def rows_or_problem(
    election: Election, *, mourning: frozenset[date] | None = None
) -> tuple[list[StepRow], str]:
    """``rows``, or no rows and why: a day of mourning appointed later on polling day makes the
    timetable impossible until the poll is moved (pages say so rather than fail)."""
    try:
        return rows(election, mourning=mourning), ""
    except TimetableError as error:
        return [], str(error)


def with_records(elections):
    """Elections with what ``rows`` needs, in two queries whatever their number."""
    return elections.prefetch_related("overrides", "steps_done")


def mourning_days() -> frozenset[date]:
    return _mourning_days()


def combined_steps(elections: Iterable[Election]) -> list[Step]:
    """The shared timetable of a combined poll: each step once, at its earliest date (uses the
    records prefetched by ``with_records``)."""
    mourning = _mourning_days()
    return combine(
        statutory_steps(e, overrides=e.overrides.all(), mourning=mourning) for e in elections
    )
