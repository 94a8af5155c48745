"""Statutory rules for elections: pure functions of dates (no ORM, no clock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from democracy import calendars


@dataclass(frozen=True)
class TimetableStep:
    event: str
    working_days_before_poll: int | None
    deadline: date
    time: str
    source: str


# (event, working days before the poll, time of day, source). DOMAIN.md C1.3.
LOCAL_ELECTION_ENGLAND: list[tuple[str, int, str, str]] = [
    ("Publication of notice of election", 25, "", "SI 2006/3304 Sch 2 r 1"),
    (
        "Delivery of nomination papers closes",
        19,
        "4pm",
        "SI 2006/3304 Sch 2 r 1 as amended by SI 2014/494",
    ),
    ("Withdrawal of candidature", 19, "4pm", "SI 2006/3304 Sch 2 r 1 as amended by SI 2014/494"),
    ("Appointment of election agents", 19, "4pm", "SI 2006/3304 Sch 2 r 1"),
    (
        "Publication of statement of persons nominated",
        18,
        "4pm",
        "SI 2006/3304 Sch 2 r 1 as amended by SI 2014/494",
    ),
    (
        "Deadline for applications to register to vote",
        12,
        "midnight",
        "RPA 1983 s13B; RPR 2001 reg 29(4)",
    ),
    ("New postal vote applications and changes to absent votes", 11, "5pm", "RPR 2001 reg 56(1)"),
    ("New proxy vote applications", 6, "5pm", "RPR 2001 reg 56(2)"),
    ("Voter Authority Certificate applications", 6, "5pm", "Voter Identification Regulations 2022"),
    ("Publication of notice of poll", 6, "", "SI 2006/3304 Sch 2 r 1"),
    (
        "Final election notice of alteration; appointment of polling and counting agents",
        5,
        "",
        "RPA 1983 s13B(3); SI 2006/3304",
    ),
    ("First day to issue replacements for lost postal ballot papers", 4, "", "RPR 2001"),
]


def local_election_timetable(
    poll_date: date, *, calendar: calendars.WorkingDayCalendar
) -> list[TimetableStep]:
    """The statutory timetable of a local government election in England (principal areas,
    SI 2006/3304 as amended by SI 2014/494), counting back from polling day over the election
    dies non (Sch 2 r 2): "not later than the Nth day before the day of election" is the Nth
    working day counted back from polling day, polling day not counted."""
    steps = [
        TimetableStep(
            event,
            n,
            calendars.working_days_before(poll_date, n, calendar=calendar),
            time,
            source,
        )
        for event, n, time, source in LOCAL_ELECTION_ENGLAND
    ]
    steps.append(
        TimetableStep("Polling day", 0, poll_date, "7am to 10pm", "SI 2006/3304 Sch 2 r 1")
    )
    return steps
