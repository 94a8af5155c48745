"""Statutory rules for meetings: pure functions of dates and numbers (no ORM, no clock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from democracy import calendars


@dataclass(frozen=True)
class PublicationDeadline:
    meeting_date: date
    clear_days_required: int
    latest_publication: date
    report_deadline: date
    # The days between publication and the meeting that do not count, with the reason for each.
    excluded_days: list[tuple[date, str]]


def publication_deadline(
    meeting_date: date,
    *,
    clear_days: int,
    report_working_days: int,
    calendar: calendars.WorkingDayCalendar,
) -> PublicationDeadline:
    """The latest lawful date to publish a meeting's agenda and reports, and the report deadline.

    LGA 1972 s100B(3) and (4)(a) (as amended by SI 2002/715: five clear days in England; three in
    Wales and for parish councils, LGA 1972 Sch 12 para 10(2)); SI 2012/2089 regs 6-7 for
    executive meetings. Clear days exclude the day of publication and the day of the meeting and
    count working days only (R v Swansea CC, ex p Elitestone Ltd, CA 1993), so the latest
    publication date is the working day that leaves ``clear_days`` working days before the
    meeting. The report deadline is council practice: ``report_working_days`` working days
    before publication.
    """
    latest = calendars.latest_date_leaving_clear_days(meeting_date, clear_days, calendar=calendar)
    report_deadline = calendars.working_days_before(latest, report_working_days, calendar=calendar)
    excluded = []
    day = latest
    while (day := date.fromordinal(day.toordinal() + 1)) < meeting_date:
        reason = calendar.non_working_reason(day)
        if reason:
            excluded.append((day, reason))
    return PublicationDeadline(
        meeting_date=meeting_date,
        clear_days_required=clear_days,
        latest_publication=latest,
        report_deadline=report_deadline,
        excluded_days=excluded,
    )
