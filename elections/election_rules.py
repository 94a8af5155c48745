"""Rules of elections and contests (issue 13): what makes an election's dates possible, and its
identifiers in Democracy Club's scheme. Pure: no ORM, no clock."""

from __future__ import annotations

from datetime import date, datetime, time

from uk_election_ids.election_ids import IdBuilder

from democracy import calendars
from elections.timetables import (
    ElectionType,
    TimetableError,
    election_dies_non,
    parish_vacancy_request_period_ends,
    principal_vacancy_poll_latest,
    timetable,
    vacancy_needs_election,
)

#: Democracy Club's election type for each of ours (uk-election-ids; parish elections are
#: "local" elections of the parish as organisation).
DEMOCRACY_CLUB_TYPE = {
    ElectionType.LOCAL: "local",
    ElectionType.CASUAL_VACANCY_PRINCIPAL: "local",
    ElectionType.PARISH: "local",
    ElectionType.CASUAL_VACANCY_PARISH: "local",
    ElectionType.UK_PARLIAMENTARY_GENERAL: "parl",
    ElectionType.UK_PARLIAMENTARY_BY: "parl",
    ElectionType.PCC: "pcc",
    ElectionType.MAYOR_COMBINED_AUTHORITY: "mayor",
    ElectionType.MAYOR_LOCAL: "mayor",
    ElectionType.REFERENDUM: "ref",
}
BY_ELECTIONS = {
    ElectionType.CASUAL_VACANCY_PRINCIPAL,
    ElectionType.CASUAL_VACANCY_PARISH,
    ElectionType.UK_PARLIAMENTARY_BY,
}
#: Elections with no wards or divisions: one contest over the whole area.
WHOLE_AREA = {
    ElectionType.PCC,
    ElectionType.MAYOR_COMBINED_AUTHORITY,
    ElectionType.MAYOR_LOCAL,
    ElectionType.REFERENDUM,
}


def election_identifier(election_type: str, organisation: str, poll_date: date) -> str:
    """The election's identifier: ``local.kingsmere.2026-05-07``, ``pcc.thames-valley.2024-05-02``,
    ``parl.2024-07-04``; for a UK by-election its constituency's ballot,
    ``parl.wellingborough.by.2024-02-15``."""
    kind = ElectionType(election_type)
    builder = IdBuilder(DEMOCRACY_CLUB_TYPE[kind], poll_date)
    if kind is ElectionType.UK_PARLIAMENTARY_BY:
        return builder.with_division(organisation).with_contest_type("by").ballot_id
    if kind is ElectionType.UK_PARLIAMENTARY_GENERAL:
        return builder.election_group_id
    builder = builder.with_organisation(organisation)
    if kind in WHOLE_AREA:
        return builder.ballot_id
    return builder.organisation_group_id


def ballot_identifier(
    election_type: str, organisation: str, poll_date: date, division: str = ""
) -> str:
    """A contest's identifier: ``local.kingsmere.ashdown.2026-05-07`` (``.by.`` for a casual
    vacancy), ``parl.wellingborough.by.2024-02-15``, ``pcc.thames-valley.2024-05-02``."""
    kind = ElectionType(election_type)
    if kind in WHOLE_AREA:
        return election_identifier(kind, organisation, poll_date)
    builder = IdBuilder(DEMOCRACY_CLUB_TYPE[kind], poll_date)
    if kind in (ElectionType.UK_PARLIAMENTARY_GENERAL, ElectionType.UK_PARLIAMENTARY_BY):
        builder = builder.with_division(division or organisation)
    else:
        builder = builder.with_organisation(organisation).with_division(division)
    if kind in BY_ELECTIONS:
        builder = builder.with_contest_type("by")
    return builder.ballot_id


def election_problems(
    *,
    election_type: str,
    nation: str,
    poll_date: date | None,
    writ_received_on: date | None = None,
    vacancy_on: date | None = None,
    vacancy_notice_on: date | None = None,
    request_received_on: date | None = None,
    ordinary_retirement_on: date | None = None,
    declared_on: date | None = None,
) -> dict[str, str]:
    """What is wrong with an election's dates, by field name ({} when nothing is)."""
    errors: dict[str, str] = {}
    if not election_type or not nation or poll_date is None:
        return errors
    try:
        kind = ElectionType(election_type)
    except ValueError:
        return {"election_type": f"“{election_type}” is not a type of election"}
    if writ_received_on and kind is not ElectionType.UK_PARLIAMENTARY_BY:
        errors["writ_received_on"] = "Only a UK Parliamentary by-election has a writ date"
    if kind is ElectionType.UK_PARLIAMENTARY_BY and writ_received_on is None:
        errors["writ_received_on"] = "Enter the date the writ was received"
    if errors:
        return errors
    try:
        timetable(kind, poll_date, nation=nation, writ_received=writ_received_on)
    except TimetableError as error:
        field = "writ_received_on" if "writ" in str(error) else "poll_date"
        if "not held in" in str(error):
            field = "nation"
        return {field: str(error)}
    if declared_on and declared_on < poll_date:
        errors["declared_on"] = "The result cannot be declared before polling day"
    vacancy_fields = [vacancy_on, vacancy_notice_on, request_received_on, ordinary_retirement_on]
    if kind not in (ElectionType.CASUAL_VACANCY_PRINCIPAL, ElectionType.CASUAL_VACANCY_PARISH):
        if any(vacancy_fields):
            errors["vacancy_on"] = "Vacancy dates are for casual vacancy by-elections only"
        return errors
    errors.update(
        casual_vacancy_problems(
            kind,
            nation=nation,
            poll_date=poll_date,
            vacancy_on=vacancy_on,
            vacancy_notice_on=vacancy_notice_on,
            request_received_on=request_received_on,
            ordinary_retirement_on=ordinary_retirement_on,
        )
    )
    return errors


def casual_vacancy_problems(
    kind: ElectionType,
    *,
    nation: str,
    poll_date: date,
    vacancy_on: date | None,
    vacancy_notice_on: date | None,
    request_received_on: date | None,
    ordinary_retirement_on: date | None,
    calendar: calendars.NonWorkingDays | None = None,
) -> dict[str, str]:
    """The casual-vacancy rules (DOMAIN C1.3): the six-month rule (LGA 1972 s89(3); SI 2006/3305
    r 5), the parish's fourteen days for ten electors to ask for an election (else co-option),
    and the principal council's poll within 35 days of two electors' request (s89(1)(b))."""
    errors: dict[str, str] = {}
    calendar = calendar or election_dies_non(nation)
    if (
        vacancy_on
        and ordinary_retirement_on
        and not vacancy_needs_election(vacancy_on, ordinary_retirement_on)
    ):
        errors["vacancy_on"] = (
            "The vacancy occurred within six months before the member's ordinary day of "
            "retirement: no election is held to fill it (LGA 1972 s89(3))"
        )
    if vacancy_notice_on and request_received_on:
        if request_received_on < vacancy_notice_on:
            errors["request_received_on"] = "The request cannot come before the notice of vacancy"
        elif kind is ElectionType.CASUAL_VACANCY_PARISH:
            ends = parish_vacancy_request_period_ends(vacancy_notice_on, calendar=calendar)
            if request_received_on > ends:
                errors["request_received_on"] = (
                    f"The request came after the fourteen days for ten electors to ask, which "
                    f"ended on {ends:%-d %B %Y}: the parish council fills the vacancy by "
                    "co-option (SI 2006/3305 r 5)"
                )
    if request_received_on and kind is ElectionType.CASUAL_VACANCY_PRINCIPAL:
        latest = principal_vacancy_poll_latest(request_received_on, calendar=calendar)
        if poll_date > latest:
            errors["poll_date"] = (
                f"The poll must be held within 35 working days of the request, by "
                f"{latest:%-d %B %Y} (LGA 1972 s89(1)(b))"
            )
    if request_received_on and poll_date <= request_received_on:
        errors["poll_date"] = "The poll must be after the request for an election"
    return errors


def deadline_moment(day: date, at: time | None, tz) -> datetime:
    """The moment a timetable deadline passes: ``at`` on ``day`` in the election's time zone
    (the end of the day when the step has no time). For nominations and withdrawals this is
    "not later than 4 in the afternoon on the nineteenth day" (SI 2014/494 rr 3(2), 4(2),
    amending SI 2006/3304 Sch 1 r 1; DOMAIN.md C1.3)."""
    return datetime.combine(day, at or time(23, 59, 59), tzinfo=tz)


def too_late(at: datetime, day: date, deadline_time: time | None, tz) -> bool:
    """Whether something delivered at ``at`` missed the deadline (a paper delivered at 4pm
    exactly is in time; one at 4:00:01pm is not)."""
    return at > deadline_moment(day, deadline_time, tz)


#: The words a candidate with no party may use as a description (SI 2006/3304 Sch 2 r 6(2)(b)).
INDEPENDENT = "Independent"


def description_problem(description: str, party_descriptions: list[str] | None) -> str:
    """What is wrong with a candidate's description, or "". With a party (its registered
    descriptions given) it must be one of them (PPERA 2000 s28A; SI 2006/3304 Sch 2 r 6(2)(a));
    with none it may be "Independent" or blank (r 6(2)(b))."""
    if party_descriptions is None:
        if description and description != INDEPENDENT:
            return "A candidate with no party may only be described as “Independent”, or not at all"
        return ""
    if description and description not in party_descriptions:
        return "Choose one of the party's registered descriptions"
    return ""
