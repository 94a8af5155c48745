"""New councillors' terms of office from a declared election result (issue 13, point 5).

Elections never imports members (ARCHITECTURE.md §2): it asks through
``elections.result_signals``, and these receivers (connected in ``MembersConfig.ready``) answer.
``propose`` lists the terms confirming a declared result would create; ``confirm`` creates them,
inside the officer's confirmation, through ``members.services`` (each term audited). Nothing is
created by the declaration itself.

A candidate is matched to an existing councillor record by first and last name when exactly one
elected councillor has that name (a re-elected councillor keeps their record and page);
otherwise a new record is made. Their party description is not turned into group membership:
political groups are constituted by notice (SI 1990/1553 reg 8), not by the ballot paper.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from elections.result_models import ContestResult
from members.models import Councillor, Term
from members.rules.terms import ordinary_term_start
from members.services.councillors import councillor_create, term_start


def term_begins(result: ContestResult) -> tuple[date, str]:
    """When the new councillor comes into office, and why.

    Ordinary elections: on the fourth day after the ordinary day of election, the day their
    predecessors retire (LGA 1972 s 7: county councillors s 7(1), metropolitan district
    councillors s 7(3); Sch 2 para 6(3) for London boroughs), moved past a bank holiday or
    Sunday by LGA 1972 s 243(1) (``members.rules.terms.ordinary_term_start``). A by-election (casual vacancy,
    LGA 1972 s 89): on the declaration of the result, when the vacancy is filled (UNVERIFIED:
    s 89 sets no day; this is councils' practice), or polling day before a declaration."""
    contest = result.contest
    election = contest.election
    uncontested = result.candidates.count() <= contest.seats
    if _fills_casual_vacancy(result):
        declared = timezone.localdate(result.declared_at) if result.declared_at else None
        return declared or election.poll_date, Term.StartReason.BY_ELECTION
    reason = Term.StartReason.UNCONTESTED if uncontested else Term.StartReason.ORDINARY_ELECTION
    return ordinary_term_start(election.poll_date, nation=election.nation), reason


def _fills_casual_vacancy(result: ContestResult) -> bool:
    return result.contest.by_election or result.contest.election.is_casual_vacancy


def term_ends(result: ContestResult) -> date | None:
    """When a term begun by this result ends (the first day out of office), if the law fixes it
    now. A councillor elected to fill a casual vacancy holds office until the day the councillor
    they replace would regularly have retired, and then retires (LGA 1972 s 89(6); DOMAIN C1
    marks s 89 UNVERIFIED): the election's ordinary day of retirement, recorded with the
    vacancy (``Election.ordinary_retirement_on``), which is the fourth day after the next
    ordinary day of election, when the newly elected come into office. None for an ordinary
    election (the next ordinary election ends it) or when that day is not recorded."""
    if not _fills_casual_vacancy(result):
        return None
    return result.contest.election.ordinary_retirement_on


def _existing(first_names: str, surname: str) -> Councillor | None:
    matches = list(
        Councillor.all_objects.filter(
            kind=Councillor.Kind.ELECTED,
            first_name__iexact=first_names,
            last_name__iexact=surname,
        )[:2]
    )
    return matches[0] if len(matches) == 1 else None


def _plan(result: ContestResult) -> list[tuple]:
    ward = result.contest.ward
    if ward is None:
        return []
    start, reason = term_begins(result)
    end = term_ends(result)
    rows = []
    for candidate in result.candidates.filter(elected=True).order_by("surname", "first_names"):
        existing = _existing(candidate.first_names, candidate.surname)
        rows.append((candidate, existing, ward, start, reason, end))
    return rows


def _line(candidate, councillor, ward, start, reason, end) -> str:
    record = "their existing councillor record" if councillor else "a new councillor record"
    party = f" ({candidate.party})" if candidate.party else ""
    until = ""
    if end is not None:
        until = f" until {end:%-d %B %Y} (the day the councillor replaced would have retired)"
    elif reason == Term.StartReason.BY_ELECTION:
        until = " (the ordinary day of retirement is not recorded on the election)"
    return (
        f"{candidate.name}{party}: councillor for {ward.name} from {start:%-d %B %Y}{until}, "
        f"{Term.StartReason(reason).label.lower()}, on {record}"
    )


def propose(sender, *, result: ContestResult, **kwargs) -> list[str]:
    return [_line(*row) for row in _plan(result)]


def confirm(sender, *, result: ContestResult, by, **kwargs) -> list[str]:
    lines = []
    for candidate, councillor, ward, start, reason, end in _plan(result):
        lines.append(_line(candidate, councillor, ward, start, reason, end))
        if councillor is None:
            councillor = councillor_create(
                first_name=candidate.first_names, last_name=candidate.surname, by=by
            )
        term_start(
            councillor=councillor,
            ward=ward,
            start_date=start,
            start_reason=reason,
            end_date=end,
            end_reason=Term.EndReason.RETIRED if end else "",
            by=by,
        )
    return lines
