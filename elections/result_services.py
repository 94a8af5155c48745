"""Writes to the results of the count (issue 13, point 5): enter a contest's count (checked by
``elections.count_rules``: a count that does not reconcile is refused with the difference
named, nothing saved), declare it, put an election's results live, and confirm the new
councillors' terms of office (created by members, through ``elections.result_signals``).
Keyword-only, atomic, validated and audited, like every service."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from democracy import audit
from democracy.services import create_audited, update_audited
from elections import count_rules, nominations
from elections.models import Candidate, Contest, Election
from elections.result_models import CandidateResult, ContestResult, ResultsLive
from elections.result_signals import result_declared, terms_confirmed, terms_proposed

RESULT_FIELDS = [
    "electorate",
    "ballot_papers_issued",
    "ballot_papers_counted",
    "valid_ballot_papers",
    *(f"rejected_{head}" for head in count_rules.REJECTION_HEADS),
    "lot_record",
]


@dataclass(frozen=True)
class CandidateVotes:
    """One candidate's votes. Where the contest has validly nominated candidates, ``candidate_id``
    (or else the exact name) picks the nomination, and the name and description are taken from
    it; otherwise the names given are the record."""

    first_names: str
    surname: str
    party: str
    votes: int
    candidate_id: int | None = None

    @property
    def name(self) -> str:
        return f"{self.first_names} {self.surname}"


def _names(candidate: Candidate) -> set[str]:
    """The names a nominated candidate may be entered by: as on the ballot paper (commonly used
    names, r 6(4)), or as on the nomination paper."""
    return {
        f"{candidate.ballot_forenames} {candidate.ballot_surname}".casefold(),
        f"{candidate.other_names} {candidate.surname}".casefold(),
    }


def _as_nominated(candidate: Candidate, votes: int) -> CandidateVotes:
    description = candidate.description or (candidate.party.name if candidate.party else "")
    return CandidateVotes(
        candidate.ballot_forenames, candidate.ballot_surname, description, votes, candidate.pk
    )


def link_to_nominations(contest: Contest, entries: list[CandidateVotes]) -> list[CandidateVotes]:
    """The entries matched to the contest's validly nominated candidates (those on the statement
    of persons nominated, SI 2006/3304 Sch 2 r 11, not withdrawn): each by its ``candidate_id``,
    else by its exact name as on the ballot paper or the nomination paper (letter case aside),
    with the name and description from the nomination. Refused, naming
    the field ``candidates``: a name or identifier not validly nominated in this contest (or
    withdrawn, or invalid), a candidate entered twice, and a standing candidate left out (every
    name on the ballot paper has a count, if only 0). A contest with no validly nominated
    candidate is counted by the names given, unchanged."""
    standing, others = nominations.candidates_for_statement(contest)
    if not standing:
        return entries
    by_id = {c.pk: c for c in standing}
    not_standing = {c.pk: c for c in others}
    matched: dict[int, CandidateVotes] = {}
    for number, entry in enumerate(entries, start=1):
        if entry.candidate_id is not None:
            candidate = by_id.get(entry.candidate_id)
            if candidate is None:
                gone = not_standing.get(entry.candidate_id)
                why = (
                    f"{gone.ballot_forenames} {gone.ballot_surname} is not standing "
                    f"({'withdrawn' if gone.withdrawn_at else 'nomination invalid'})"
                    if gone
                    else f"candidate {entry.candidate_id} is not nominated in {contest}"
                )
                raise ValidationError({"candidates": f"Candidate {number}: {why}."})
        else:
            wanted = entry.name.casefold()
            found = [c for c in standing if wanted in _names(c)]
            if len(found) != 1:
                gone = [c for c in others if wanted in _names(c)]
                if found:
                    why = "more than one validly nominated candidate has this name: choose by id"
                elif gone:
                    why = (
                        "withdrew their candidature"
                        if gone[0].withdrawn_at
                        else "is not validly nominated"
                    )
                else:
                    why = f"is not a validly nominated candidate in {contest}"
                raise ValidationError({"candidates": f"Candidate {number}, {entry.name}: {why}."})
            candidate = found[0]
        if candidate.pk in matched:
            raise ValidationError(
                {
                    "candidates": f"Candidate {number}: {candidate.ballot_forenames} "
                    f"{candidate.ballot_surname} is entered twice."
                }
            )
        matched[candidate.pk] = _as_nominated(candidate, entry.votes)
    missing = [c for c in standing if c.pk not in matched]
    if missing:
        names = ", ".join(f"{c.ballot_forenames} {c.ballot_surname}" for c in missing)
        raise ValidationError(
            {"candidates": f"Enter the votes for every candidate standing: {names} left out."}
        )
    return [matched[c.pk] for c in standing]


def _refuse(error: count_rules.CountError) -> ValidationError:
    return ValidationError({error.field: str(error)})


@transaction.atomic
def contest_result_enter(
    *,
    contest: Contest,
    electorate: int,
    ballot_papers_issued: int,
    ballot_papers_counted: int,
    candidates: Iterable[CandidateVotes],
    rejected: Mapping[str, int] | None = None,
    valid_ballot_papers: int | None = None,
    drawn_by_lot: Iterable[str] = (),
    by,
) -> ContestResult:
    """Enter (or correct, until declared) a contest's count. Refuses, naming the field, a count
    that does not reconcile (SI 2006/3304 Sch 2 r 47), a tie for a seat not yet decided by lot
    (r 49: name the candidates the lot fell on), and a declared result. Where the contest has
    validly nominated candidates, the entries are linked to them (``link_to_nominations``)."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    candidates = list(candidates)
    if not candidates:
        raise ValidationError({"candidates": "Enter at least one candidate."})
    candidates = link_to_nominations(contest, candidates)
    names = [c.name for c in candidates]
    if len(set(names)) != len(names):
        raise ValidationError({"candidates": "A candidate is entered twice."})
    try:
        rejected_ballots = count_rules.RejectedBallots(**dict(rejected or {}))
    except TypeError:
        raise ValidationError({"rejected": "Unknown head of rejection."}) from None
    drawn = list(drawn_by_lot)
    votes = {c.name: c.votes for c in candidates}
    try:
        count_rules.verify(issued=ballot_papers_issued, counted=ballot_papers_counted)
        valid = count_rules.reconcile(
            votes=votes,
            rejected=rejected_ballots,
            ballot_papers_counted=ballot_papers_counted,
            seats=contest.seats,
            valid_ballot_papers=valid_ballot_papers,
        )
        outcome = count_rules.elected(votes, seats=contest.seats, drawn_by_lot=drawn)
    except count_rules.CountError as error:
        raise _refuse(error) from None
    if outcome.lot_needed:
        raise ValidationError(
            {
                "lot": f"An equality of votes between {', '.join(outcome.tied)} for "
                f"{outcome.places_by_lot} seat(s): record whom the lot fell on "
                "(SI 2006/3304 Sch 2 r 49)."
            }
        )
    lot_record = ""
    if outcome.decided_by_lot:
        lot_record = (
            f"Equality of votes between {', '.join(outcome.tied)}; decided by lot, which fell "
            f"on {', '.join(outcome.decided_by_lot)}."
        )
    values = {
        "electorate": electorate,
        "ballot_papers_issued": ballot_papers_issued,
        "ballot_papers_counted": ballot_papers_counted,
        "valid_ballot_papers": valid,
        **{
            f"rejected_{head}": getattr(rejected_ballots, head)
            for head in count_rules.REJECTION_HEADS
        },
        "lot_record": lot_record,
    }
    result = ContestResult.all_objects.select_for_update().filter(contest=contest).first()
    if result is not None and result.is_declared:
        raise ValidationError(
            {"__all__": f"The result of {contest} is declared: it cannot change."}
        )
    if result is None:
        result = create_audited(
            ContestResult(contest=contest, entered_by=by, **values),
            "elections.result.enter",
            by=by,
            fields=RESULT_FIELDS,
        )
    else:
        values.update(entered_at=timezone.now(), entered_by=by)
        update_audited(result, values, "elections.result.correct", by=by)
        result.candidates.all().delete()
    rows = [
        CandidateResult(
            contest_result=result,
            candidate_id=c.candidate_id,
            first_names=c.first_names,
            surname=c.surname,
            party=c.party,
            votes=c.votes,
            elected=c.name in outcome.elected,
            elected_by_lot=c.name in outcome.decided_by_lot,
        )
        for c in candidates
    ]
    for row in rows:
        row.full_clean(exclude=["contest_result"])
    CandidateResult.all_objects.bulk_create(rows)
    audit.record(
        "elections.result.candidates",
        result,
        by=by,
        changes={c.name: [None, c.votes] for c in candidates},
        note="Elected: " + ", ".join(outcome.elected),
    )
    return result


def contest_result_check(result: ContestResult) -> list[str]:
    """What the officer checks before declaring: the verification and the count, in words."""
    verification = count_rules.verify(
        issued=result.ballot_papers_issued, counted=result.ballot_papers_counted
    )
    lines = [verification.describe()]
    lines += [f"{label}: {number}" for label, number in result.rejected.statement()]
    figures = count_rules.turnout(
        electorate=result.electorate,
        valid_ballot_papers=result.valid_ballot_papers,
        rejected_at_count=result.rejected.total,
    )
    if figures.ballot_box is not None:
        lines.append(f"Turnout (ballot box): {figures.ballot_box}%")
    if result.lot_record:
        lines.append(result.lot_record)
    return lines


@transaction.atomic
def contest_result_declare(
    *, result: ContestResult, by, declared_at: datetime | None = None
) -> ContestResult:
    """Declare a contest's result (r 50): it becomes public and can no longer change.
    ``declared_at`` is now unless given (a past result recorded afterwards keeps the moment it
    was declared; never a moment to come, nor before polling day)."""
    result = ContestResult.all_objects.select_for_update().get(pk=result.pk)
    if result.is_declared:
        raise ValidationError({"__all__": "This result is already declared."})
    now = timezone.now()
    declared_at = declared_at or now
    if declared_at > now:
        raise ValidationError({"declared_at": "A result cannot be declared in the future."})
    if timezone.localdate(declared_at) < result.contest.election.poll_date:
        raise ValidationError({"declared_at": "A result cannot be declared before polling day."})
    update_audited(
        result,
        {"status": ContestResult.Status.DECLARED, "declared_at": declared_at, "declared_by": by},
        "elections.result.declare",
        by=by,
    )
    transaction.on_commit(lambda: result_declared.send(ContestResult, result=result, by=by))
    return result


@transaction.atomic
def results_publish_live(*, election: Election, by) -> ResultsLive:
    """Open an election's results pages to the public (live on the night)."""
    existing = ResultsLive.objects.filter(election=election).first()
    if existing is not None:
        return existing
    return create_audited(
        ResultsLive(election=election, published_by=by),
        "elections.results.publish_live",
        by=by,
        fields=["election"],
    )


def contest_result_terms_preview(result: ContestResult) -> list[str]:
    """The terms of office confirming this declared result would create (asked of members)."""
    lines: list[str] = []
    for _receiver, answer in terms_proposed.send(ContestResult, result=result):
        lines.extend(answer or [])
    return lines


@transaction.atomic
def contest_result_confirm_terms(*, result: ContestResult, by) -> list[str]:
    """The officer confirms the new councillors' terms of office listed by the preview: only
    now are they created (by members, in this transaction), and the confirmation audited."""
    result = ContestResult.all_objects.select_for_update().get(pk=result.pk)
    if not result.is_declared:
        raise ValidationError({"__all__": "Declare the result before confirming the terms."})
    if result.terms_confirmed_at is not None:
        raise ValidationError({"__all__": "The terms of office are already confirmed."})
    created: list[str] = []
    for _receiver, answer in terms_confirmed.send(ContestResult, result=result, by=by):
        created.extend(answer or [])
    update_audited(
        result,
        {"terms_confirmed_at": timezone.now(), "terms_confirmed_by": by},
        "elections.result.confirm_terms",
        by=by,
        note="; ".join(created) or "No terms of office created.",
    )
    return created


@transaction.atomic
def contest_result_terms_recorded(*, result: ContestResult, by, note: str) -> ContestResult:
    """Record that the terms of office of a declared result's winners are already held by the
    members app (a past election whose councillors were recorded before its result was
    entered): nothing is created, and the result is not offered for confirmation again.
    ``note`` says where the terms came from; it is audited."""
    result = ContestResult.all_objects.select_for_update().get(pk=result.pk)
    if not result.is_declared:
        raise ValidationError({"__all__": "Declare the result before recording its terms."})
    if result.terms_confirmed_at is not None:
        raise ValidationError({"__all__": "The terms of office are already confirmed."})
    if not note.strip():
        raise ValidationError({"note": "Say where the terms of office are recorded."})
    return update_audited(
        result,
        {"terms_confirmed_at": timezone.now(), "terms_confirmed_by": by},
        "elections.result.terms_recorded",
        by=by,
        note=note.strip(),
    )
