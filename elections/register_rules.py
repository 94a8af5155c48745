"""Rules of the register of electors (DOMAIN.md C3): pure functions, no ORM, no clock.

Postcodes are normalised to the Royal Mail form ("KM1 2AB"); elector numbers are the polling
district's letters, a number and an optional suffix ("AB123/1"; suffix 0 is not written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from democracy import calendars

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
UPRN = re.compile(r"^[0-9]{1,12}$")
ELECTOR_NUMBER = re.compile(r"^([A-Z0-9]*?[A-Z])[- ]?([0-9]{1,6})(?:[/.-]([0-9]{1,3}))?$")
# A prefix ending in a digit (KA1) needs a separator before the number: KA1-7, KA1 7.
ELECTOR_NUMBER_SEPARATED = re.compile(r"^([A-Z][A-Z0-9]*)[- ]([0-9]{1,6})(?:[/.-]([0-9]{1,3}))?$")
DISTRICT_PREFIX = re.compile(r"^[A-Z0-9]{1,10}$")

# Franchise markers printed before a name (DOMAIN.md C3). F (overseas) and N (anonymous) are
# derived from the elector's own flags, so they are not stored as a franchise marker.
FRANCHISE_MARKERS = {
    "": "All elections",
    "L": "Peer: local government elections only (L)",
    "G": "EU citizen: local government and police and crime commissioner elections only (G)",
    "B": "EU citizen with retained rights or qualifying: local elections only (B)",
}
ABSENT_VOTES = {
    "": "Votes in person",
    "postal": "Postal vote",
    "proxy": "Proxy vote",
    "postal_proxy": "Postal proxy",
}
# An attainer is 16 or 17 (England): their 18th birthday is at most two years after they are
# added to the register.
ATTAINER_YEARS = 2


def normalise_postcode(value: str) -> str | None:
    """The postcode in Royal Mail form ("KM1 2AB"), or None if it is not a UK postcode."""
    match = POSTCODE.match(value.strip().upper())
    if match is None:
        return None
    return f"{match[1]} {match[2]}"


def format_elector_number(prefix: str, number: int, suffix: int = 0) -> str:
    return f"{prefix}{number}/{suffix}" if suffix else f"{prefix}{number}"


def parse_elector_number(value: str) -> tuple[str, int, int] | None:
    """("AB", 123, 1) from "AB123/1", "AB-123/1" or "AB 123.1"; None if it is not one."""
    value = value.strip().upper()
    match = ELECTOR_NUMBER_SEPARATED.match(value) or ELECTOR_NUMBER.match(value)
    if match is None:
        return None
    return match[1], int(match[2]), int(match[3] or 0)


def parse_date(value: str) -> date | None:
    """A date written 2026-05-07 or 07/05/2026 (as registers are exported); None otherwise."""
    value = value.strip()
    try:
        if len(value) == 10 and value[4] == "-":
            return date.fromisoformat(value)
        if len(value) == 10 and value[2] == "/":
            return date(int(value[6:]), int(value[3:5]), int(value[:2]))
    except ValueError:
        return None
    return None


def parse_flag(value: str) -> bool | None:
    """Y/N, yes/no, true/false, 1/0 or blank (no); None if it is none of these."""
    lowered = value.strip().lower()
    if lowered in ("", "n", "no", "false", "0"):
        return False
    if lowered in ("y", "yes", "true", "1"):
        return True
    return None


def attainer_date_problem(turns_18_on: date | None, added_on: date | None) -> str:
    """Why the attainer date is wrong, or "" if it is right."""
    if turns_18_on is None or added_on is None:
        return ""
    if turns_18_on <= added_on:
        return "The date the elector turns 18 must be after the date they were added: adults have no attainer date"
    limit = _add_years(added_on, ATTAINER_YEARS)
    if turns_18_on > limit:
        return (
            "The date the elector turns 18 must be within two years of the date they were "
            "added: only 16- and 17-year-olds may register"
        )
    return ""


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- Rolling registration and notices of alteration (issue 12, points 3 and 4) ------------------
#
# Every period is the statutory (or Electoral Commission) value by default; callers pass the
# council's own where it differs. The calendar is the council's election calendar
# (``democracy.council.election_calendar``): Saturdays, Sundays, Christmas Eve, Christmas Day,
# Good Friday, bank holidays and days of thanksgiving or mourning are not working days.

#: The objection period: objections to an application may be made for five working days
#: (DOMAIN.md C4, "Review of entries / deletions / objections", from the Electoral Commission's
#: election notices of alteration page); anonymous applications are exempt.
OBJECTION_PERIOD_WORKING_DAYS = 5
#: Monthly notice: the determination deadline is 14 calendar days before publication, and the
#: application deadline 6 working days before that (DOMAIN.md C3, "Rolling registration",
#: the Electoral Commission's "Registration dates 2019" table).
NOTICE_DETERMINATION_DAYS = 14
NOTICE_APPLICATION_WORKING_DAYS = 6
#: Election notices (DOMAIN.md C3): the first interim notice on the last day for nominations
#: (the 19th working day before the poll, SI 2006/3304 Sch 2 r 1 as amended by SI 2014/494,
#: DOMAIN.md C1.3), the final one on the 5th working day before the poll; applications to
#: register by midnight on the 12th working day (RPA 1983 s13B; RPR 2001 reg 29(4)), anonymous
#: applications by the 6th.
FIRST_INTERIM_NOTICE_WORKING_DAYS = 19
FINAL_NOTICE_WORKING_DAYS = 5
REGISTRATION_DEADLINE_WORKING_DAYS = 12
ANONYMOUS_REGISTRATION_DEADLINE_WORKING_DAYS = 6
#: Invitations to register: three in all, and at least one personal visit, before the ERO may
#: require an application (Electoral Commission guidance, DOMAIN.md C4, "Invitation to register";
#: an invitation is given in writing or electronically, never verbally, RPR 2001 reg 32ZC(3)).
INVITATIONS_TO_REGISTER = 3
#: How long to wait for an application before the next invitation is due. No statute fixes it;
#: the Electoral Commission's view of a reasonable gap between canvass contacts is no more than
#: 28 days (DOMAIN.md C4, Route 2), which we use as the default.
INVITATION_FOLLOW_UP_DAYS = 28


@dataclass(frozen=True)
class NoticeDates:
    """When a notice of alteration is published, and what it carries: applications received
    by ``application_deadline`` and determined by ``determination_deadline``."""

    publication: date
    application_deadline: date
    determination_deadline: date
    discretionary: bool = False


def monthly_notice_of_alteration(year: int, month: int, *, calendar) -> NoticeDates:
    """The monthly notice of alteration for ``month`` (DOMAIN.md C3, "Rolling registration").

    Published on the first working day of the month (RPA 1983 s13A(2); the exact wording is
    UNVERIFIED in DOMAIN.md, the pattern is the Electoral Commission's). The determination
    deadline is 14 calendar days before publication and the application deadline 6 working days
    before the determination deadline, so that the five working days for objections fit in
    between: NOA Friday 1 February 2019 carries applications received by Thursday 10 January and
    determined by Friday 18 January. During the canvass (October and November) the ERO may
    choose whether to publish at all (EC, DOMAIN.md C3): those are ``discretionary``.
    """
    publication = calendars.next_working_day(
        date(year, month, 1), calendar=calendar, include_today=True
    )
    determination = publication - timedelta(days=NOTICE_DETERMINATION_DAYS)
    application = calendars.working_days_before(
        determination, NOTICE_APPLICATION_WORKING_DAYS, calendar=calendar
    )
    return NoticeDates(publication, application, determination, discretionary=month in (10, 11))


def next_monthly_notice_of_alteration(today: date, *, calendar) -> NoticeDates:
    """The first monthly notice published on or after ``today``."""
    notice = monthly_notice_of_alteration(today.year, today.month, calendar=calendar)
    if notice.publication >= today:
        return notice
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return monthly_notice_of_alteration(year, month, calendar=calendar)


@dataclass(frozen=True)
class ElectionNoticeDates:
    """The notices of alteration of one election, counted back from its poll date."""

    poll_date: date
    first_interim: date
    final: date
    registration_deadline: date
    anonymous_registration_deadline: date

    def discretionary_interim_problem(self, day: date) -> str:
        """Why an interim notice may not be published on ``day``, or "" if it may: the ERO
        may publish one between the first interim notice and the final one (DOMAIN.md C3)."""
        if not self.first_interim < day < self.final:
            return (
                "An interim notice is published after the first interim notice "
                f"({_day(self.first_interim)}) and before the final notice ({_day(self.final)})"
            )
        return ""


#: The source of the election notices of alteration, for the timetable and the notices.
ELECTION_NOTICES_SOURCE = (
    "RPA 1983 s13B; Electoral Commission, election notices of alteration (DOMAIN.md C1.3, C3)"
)


def election_notices_of_alteration_for_poll(
    poll_date: date, *, calendar, nominations_close: date | None = None
) -> ElectionNoticeDates:
    """The election notices of alteration for a poll on ``poll_date`` (DOMAIN.md C3, "Rolling
    registration", from the Electoral Commission's election notices of alteration page; the
    statutory basis is RPA 1983 s13B, alterations of the register pending an election).

    * first interim notice: the last day for nominations (``nominations_close`` where the
      election fixes it otherwise, as a UK Parliamentary by-election does from the writ); by
      default the 19th working day before the poll, the close of nominations at local, PCC,
      mayoral and UK general elections (SI 2006/3304 Sch 1 r 1 as amended by SI 2014/494;
      RPA 1983 Sch 1 r 1; DOMAIN.md C1.3, C1.4);
    * a second interim notice at the ERO's discretion in between;
    * final notice: the 5th working day before the poll (Electoral Commission, election notices
      of alteration; DOMAIN.md C1.3 and C3);
    * applications to register by midnight on the 12th working day before the poll (RPA 1983
      s13B(1)-(3); RPR 2001 reg 29(4)); anonymous applications by the 6th.

    "The Nth day before the poll" counts N working days back, the poll day not counted
    (DOMAIN.md C1.1). A pure function of the poll date: the elections timetable
    (``elections.timetables``) calls it with the election's own calendar of dies non.
    """

    def back(n: int) -> date:
        return calendars.working_days_before(poll_date, n, calendar=calendar)

    return ElectionNoticeDates(
        poll_date=poll_date,
        first_interim=nominations_close or back(FIRST_INTERIM_NOTICE_WORKING_DAYS),
        final=back(FINAL_NOTICE_WORKING_DAYS),
        registration_deadline=back(REGISTRATION_DEADLINE_WORKING_DAYS),
        anonymous_registration_deadline=back(ANONYMOUS_REGISTRATION_DEADLINE_WORKING_DAYS),
    )


def objection_period_end(listed_on: date, *, anonymous: bool, calendar) -> date | None:
    """The last day for objections to an application listed on ``listed_on``: five working
    days after it (DOMAIN.md C4, "Review of entries / deletions / objections"; the application
    deadline of a monthly notice, six working days before its determination deadline, leaves
    exactly this period). Anonymous applications have none (None)."""
    if anonymous:
        return None
    return calendars.working_days_after(listed_on, OBJECTION_PERIOD_WORKING_DAYS, calendar=calendar)


def determination_problem(objection_period_ends: date | None, today: date) -> str:
    """Why an application may not be determined on ``today``, or "": not while objections may
    still be made (DOMAIN.md C4)."""
    if objection_period_ends is not None and today <= objection_period_ends:
        return (
            "The application can be determined after the objection period ends on "
            f"{_day(objection_period_ends)}"
        )
    return ""


OBJECTION_PROVISIONS = (
    "RPR 2001 regs 27-29 (objections to applications, their listing and determination; "
    "wording UNVERIFIED here); the five-working-day period and late objections: DOMAIN.md C4"
)


def objection_problem(
    *,
    received_on: date,
    application_received_on: date,
    objection_period_ends: date | None,
    anonymous: bool,
    determined: bool,
) -> str:
    """Why an objection to an application cannot be recorded as one that holds it up, or "".

    Anyone on the register may object to an application in its objection period, five working
    days from its listing (``OBJECTION_PROVISIONS``). An anonymous application is not open to
    objection (it is not listed). An objection received after the period does not suspend the
    application (the Electoral Commission, DOMAIN.md C4): it is refused here, with the date the
    period ended, and may be made against the entry once it is in the register."""
    if anonymous or objection_period_ends is None:
        return "An anonymous application is not open to objection"
    if determined:
        return "The application has been determined: object to the entry in the register instead"
    if received_on < application_received_on:
        return "The objection cannot be received before the application it objects to"
    if received_on > objection_period_ends:
        return (
            f"The objection period for this application ended on {_day(objection_period_ends)}: "
            f"an objection received on {_day(received_on)} is too late to hold up the "
            "application (it can be made against the entry once it is in the register)"
        )
    return ""


def open_objections_problem(open_objections: int) -> str:
    """Why an application may not be determined while objections to it are open, or "": the
    objection is determined first, at a hearing or without one (RPR 2001 reg 29)."""
    if open_objections:
        return (
            "The application can be determined once the objection to it is determined"
            if open_objections == 1
            else f"The application can be determined once the {open_objections} objections to "
            "it are determined"
        )
    return ""


def revised_register_deadline(today: date, *, polls: tuple[date, ...] = ()) -> date:
    """The next date by which the revised register must be published (DOMAIN.md C3, "Revised
    register"): 1 December after the canvass (RPA 1983 s13(1)); or 1 February of the next year
    if there has been an election in the canvass period, 1 July to 1 December (s13(1A)). The
    deadline is a calendar date: dies non do not apply, so it may fall on a weekend.
    ``polls`` are the poll dates the council knows of."""
    for year in (today.year - 1, today.year, today.year + 1):
        canvass_start, canvass_end = date(year, 7, 1), date(year, 12, 1)
        deferred = any(canvass_start <= poll <= canvass_end for poll in polls)
        deadline = date(year + 1, 2, 1) if deferred else canvass_end
        if deadline >= today:
            return deadline
    raise AssertionError("unreachable: next year's deadline is always after today")


def next_elector_number(
    entries: list[tuple[int | None, int, int]], property_key: int
) -> tuple[int, int]:
    """The number of an addition to a polling district's register (DOMAIN.md C3, "Elector
    number"): numbers run in street order, so a new elector at a property that already has
    entries is inserted within that property's run with a suffix (the property's last number,
    suffix one more than the highest: AB123/1); anywhere else (a new property, or a property
    whose run ends the register) it takes the next number in the district.

    ``entries`` are (property, number, suffix) for every entry of the district, live, deleted or
    pending, so a number is never given twice in a register.
    """
    highest = max((number for _, number, _ in entries), default=0)
    run = [number for prop, number, _ in entries if prop == property_key]
    if not run or max(run) == highest:
        return highest + 1, 0
    last = max(run)
    suffix = max(suffix for _, number, suffix in entries if number == last)
    return last, suffix + 1


#: Nationalities an application may give, and the franchise marker an eligible applicant gets
#: (DOMAIN.md C3, "Markers"): British, Irish and qualifying Commonwealth citizens vote at every
#: election (no marker); EU citizens qualifying or with retained rights at local elections only
#: (B); others may not register in England (RPA 1983 ss1-2: general knowledge, not in
#: DOMAIN.md, UNVERIFIED).
NATIONALITY_MARKERS: dict[str, str | None] = {
    "british": "",
    "irish": "",
    "commonwealth": "",
    "eu": "B",
    "other": None,
}


def franchise_for_nationality(nationality: str) -> str | None:
    """The franchise marker for an applicant of ``nationality``; None if not eligible."""
    return NATIONALITY_MARKERS.get(nationality)


NINO = re.compile(r"^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$")


def normalise_nino(value: str) -> str | None:
    """A National Insurance number without spaces, in capitals ("QQ123456C"), or None if it is
    not one (HMRC's format: two letters, six digits, A to D)."""
    cleaned = "".join(value.split()).upper()
    return cleaned if NINO.match(cleaned) else None


def nino_ending(value: str) -> str:
    """The last three characters of a National Insurance number: all that is kept of it once
    the application is verified (the rest is needed only for the DWP match)."""
    return value[-3:]


def masked_nino(ending: str) -> str:
    """A National Insurance number as pages show it, from its last three characters only:
    "•• •• •• 56 C"."""
    return f"•• •• •• {ending[:2]} {ending[2:]}" if ending else ""


def invitation_problem(kind: str, previous: list[str]) -> str:
    """Why an invitation of ``kind`` ("written" or "visit") may not follow ``previous`` (the
    kinds already given), or "": three written invitations in all, and the personal visit
    encourages an application after the first (Electoral Commission guidance, DOMAIN.md C4)."""
    written = previous.count("written")
    if kind == "written" and written >= INVITATIONS_TO_REGISTER:
        return "Three invitations to register have been sent: no more are given"
    if kind == "visit" and written == 0:
        return "Send an invitation to register before the personal visit"
    return ""


def invitations_outstanding(previous: list[str]) -> list[str]:
    """What is still to be given before the ERO may require an application (DOMAIN.md C4)."""
    remaining = []
    written = previous.count("written")
    if written < INVITATIONS_TO_REGISTER:
        ordinal = ["first", "second", "third"][written]
        remaining.append(f"The {ordinal} invitation to register")
    if "visit" not in previous:
        remaining.append("A personal visit")
    return remaining


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


#: The youngest age at which someone may be added to the register in England: attainers of 16
#: and 17 are shown with the date they turn 18 (DOMAIN.md C3, "Attainers").
MINIMUM_REGISTRATION_AGE = 16


def turns_18_on(date_of_birth: date) -> date:
    return _add_years(date_of_birth, 18)


def attainer_18_on_for(date_of_birth: date, on: date) -> date | None:
    """The date an elector added on ``on`` turns 18, if they are not 18 yet (the register shows
    this date, never the date of birth: DOMAIN.md C3, "Attainers"); None for adults."""
    eighteen = turns_18_on(date_of_birth)
    return eighteen if eighteen > on else None


def age_problem(date_of_birth: date, on: date) -> str:
    """Why an applicant born on ``date_of_birth`` may not be added on ``on``, or ""."""
    if _add_years(date_of_birth, MINIMUM_REGISTRATION_AGE) > on:
        return "The applicant is under 16: only people aged 16 or over can be added to the register"
    return ""
