"""The count and its result (issue 13, point 5; DOMAIN.md C5). Pure: numbers in, answers out; no
ORM, no clock.

- Verification: the ballot paper account of each box (papers issued) against the papers found
  in it and counted; a discrepancy is reported, not refused (the returning officer explains it).
- The count reconciles: valid ballot papers + rejected ballot papers = ballot papers counted.
  A count that does not is refused with the difference named. In a single-seat contest every
  valid paper carries one vote, so the valid papers are the votes; in a multi-seat contest
  (block vote) a voter has as many votes as there are seats and partial use is valid, so the
  valid papers are counted apart and the votes lie between them and seats x them.
- Rejected ballot papers under the statutory heads (Local Elections (Principal Areas) (England
  and Wales) Rules 2006, SI 2006/3304 Sch 2 r 47; PCC Order 2012 Sch 3 r 53): want of official
  mark; voting for more candidates than entitled; writing or mark by which the voter could be
  identified; unmarked or void for uncertainty.
- Who is elected: the candidates with most votes, as many as there are seats. An equality of
  votes where one more vote would elect is decided by lot (r 49), the lot recorded.
- Turnout by the Electoral Commission's definitions: "ballot box turnout" is (valid ballot
  papers + papers rejected at the count) / electorate, counted in ballot papers, not votes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

#: The statutory heads of rejection (SI 2006/3304 Sch 2 r 47(1)(a)-(d)), in the order of the
#: statement the returning officer draws up (r 47(4)).
REJECTION_HEADS = {
    "want_of_official_mark": "Want of an official mark",
    "too_many_votes": "Voting for more candidates than the voter is entitled to",
    "identifies_voter": "Writing or mark by which the voter could be identified",
    "unmarked_or_uncertain": "Unmarked or void for uncertainty",
}


class CountError(ValueError):
    """A count the rules refuse; ``field`` names what to correct."""

    def __init__(self, message: str, *, field: str = "__all__"):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class RejectedBallots:
    """The statement of rejected ballot papers (r 47(4)), one number per statutory head."""

    want_of_official_mark: int = 0
    too_many_votes: int = 0
    identifies_voter: int = 0
    unmarked_or_uncertain: int = 0

    def __post_init__(self) -> None:
        for head in REJECTION_HEADS:
            if getattr(self, head) < 0:
                raise CountError(f"{REJECTION_HEADS[head]}: cannot be negative.", field=head)

    @property
    def total(self) -> int:
        return sum(getattr(self, head) for head in REJECTION_HEADS)

    def statement(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, head)) for head, label in REJECTION_HEADS.items()]


@dataclass(frozen=True)
class Verification:
    """A ballot paper account checked against the papers found (r 45): ``difference`` is
    counted minus issued (positive: more papers found than issued)."""

    issued: int
    counted: int

    @property
    def difference(self) -> int:
        return self.counted - self.issued

    @property
    def agrees(self) -> bool:
        return self.difference == 0

    def describe(self) -> str:
        if self.agrees:
            return f"Verified: {self.counted} ballot papers, as issued."
        more_or_fewer = "more" if self.difference > 0 else "fewer"
        return (
            f"{abs(self.difference)} {more_or_fewer} ballot papers counted ({self.counted}) "
            f"than the ballot paper accounts show issued ({self.issued})."
        )


def verify(*, issued: int, counted: int) -> Verification:
    """Verification of the ballot paper accounts (SI 2006/3304 Sch 2 r 45(4)-(5)): the papers
    in the boxes are counted and compared with the accounts; a discrepancy is recorded in the
    statement of verification, not refused."""
    if issued < 0:
        raise CountError("Ballot papers issued cannot be negative.", field="ballot_papers_issued")
    if counted < 0:
        raise CountError("Ballot papers counted cannot be negative.", field="ballot_papers_counted")
    return Verification(issued=issued, counted=counted)


def reconcile(
    *,
    votes: Mapping[str, int],
    rejected: RejectedBallots,
    ballot_papers_counted: int,
    seats: int,
    valid_ballot_papers: int | None = None,
) -> int:
    """Check that the count adds up and return the number of valid ballot papers.

    Single seat: every valid paper is one vote, so valid papers = total votes, and votes +
    rejected must equal the papers counted. Several seats (block vote, DOMAIN C5): a paper may
    carry up to ``seats`` votes and unused votes are not rejections, so ``valid_ballot_papers``
    is required, valid papers + rejected must equal the papers counted, and the votes must lie
    between the valid papers and seats x the valid papers. Raises ``CountError`` naming the
    difference otherwise."""
    if seats < 1:
        raise CountError("A contest elects at least one councillor.", field="seats")
    for name, number in votes.items():
        if number < 0:
            raise CountError(f"Votes for {name} cannot be negative.", field="votes")
    total_votes = sum(votes.values())
    if seats == 1:
        if valid_ballot_papers is not None and valid_ballot_papers != total_votes:
            raise CountError(
                f"In a single-seat contest the valid ballot papers ({valid_ballot_papers}) are "
                f"the votes ({total_votes}): they differ by {valid_ballot_papers - total_votes}.",
                field="valid_ballot_papers",
            )
        valid = total_votes
        accounted = f"votes ({total_votes}) and rejected ballot papers ({rejected.total})"
    else:
        if valid_ballot_papers is None:
            raise CountError(
                "Enter the number of valid ballot papers: with several seats a paper may carry "
                "several votes.",
                field="valid_ballot_papers",
            )
        if valid_ballot_papers < 0:
            raise CountError("Valid ballot papers cannot be negative.", field="valid_ballot_papers")
        valid = valid_ballot_papers
        if valid and not (valid <= total_votes <= valid * seats):
            raise CountError(
                f"{total_votes} votes cannot come from {valid} valid ballot papers in a contest "
                f"for {seats} seats (between {valid} and {valid * seats}).",
                field="votes",
            )
        accounted = f"valid ballot papers ({valid}) and rejected ballot papers ({rejected.total})"
    difference = valid + rejected.total - ballot_papers_counted
    if difference:
        more_or_fewer = "more" if difference > 0 else "fewer"
        raise CountError(
            f"The count does not reconcile: {accounted} come to {valid + rejected.total}, "
            f"{abs(difference)} {more_or_fewer} than the {ballot_papers_counted} ballot papers "
            "counted.",
            field="ballot_papers_counted",
        )
    return valid


@dataclass(frozen=True)
class Outcome:
    """Who is elected. ``tied`` names the candidates with equal votes for the last place(s)
    when a lot decides (``decided_by_lot`` then names those it elected)."""

    elected: tuple[str, ...]
    tied: tuple[str, ...] = ()
    decided_by_lot: tuple[str, ...] = ()
    lot_needed: bool = False
    places_by_lot: int = 0
    order: tuple[str, ...] = field(default=())


def elected(votes: Mapping[str, int], *, seats: int, drawn_by_lot: Sequence[str] = ()) -> Outcome:
    """The ``seats`` candidates with most votes are elected (first past the post; for several
    seats the block vote, DOMAIN C5). Where an equality of votes is found between candidates
    and the addition of a vote would entitle any of them to be declared elected, the returning
    officer decides between them by lot and proceeds as if the candidate on whom the lot falls
    had received an additional vote (SI 2006/3304 Sch 2 r 49; parliamentary rules r 50).

    Without ``drawn_by_lot`` a tie for the last place(s) gives ``lot_needed`` and elects only
    those clear of it; with it (the names the lot fell on, as many as ``places_by_lot``) they
    are elected. Candidates unopposed (no more candidates than seats) are all elected."""
    if seats < 1:
        raise CountError("A contest elects at least one councillor.", field="seats")
    order = tuple(sorted(votes, key=lambda name: (-votes[name], name)))
    if len(order) <= seats:
        return Outcome(elected=order, order=order)
    last_place = votes[order[seats - 1]]
    clear = tuple(name for name in order if votes[name] > last_place)
    tied = tuple(name for name in order if votes[name] == last_place)
    places = seats - len(clear)
    if len(tied) == places:
        if drawn_by_lot:
            raise CountError("There is no equality of votes to decide by lot.", field="lot")
        return Outcome(elected=clear + tied, order=order)
    if not drawn_by_lot:
        return Outcome(elected=clear, tied=tied, lot_needed=True, places_by_lot=places, order=order)
    drawn = tuple(drawn_by_lot)
    strangers = [name for name in drawn if name not in tied]
    if strangers:
        raise CountError(
            f"The lot can only fall on the tied candidates ({', '.join(tied)}), not "
            f"{', '.join(strangers)}.",
            field="lot",
        )
    if len(set(drawn)) != places:
        raise CountError(
            f"The lot decides {places} place(s) between {', '.join(tied)}; "
            f"{len(set(drawn))} drawn.",
            field="lot",
        )
    winners = tuple(name for name in tied if name in drawn)
    return Outcome(
        elected=clear + winners,
        tied=tied,
        decided_by_lot=winners,
        places_by_lot=places,
        order=order,
    )


@dataclass(frozen=True)
class Turnout:
    """The Electoral Commission's turnout figures, as percentages to two places."""

    electorate: int
    ballot_box: Decimal | None
    valid_vote: Decimal | None


def _percent(part: int, whole: int) -> Decimal | None:
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def turnout(*, electorate: int, valid_ballot_papers: int, rejected_at_count: int) -> Turnout:
    """Electoral Commission: "ballot box turnout" = (valid votes + ballot papers rejected at the
    count) / electorate; "valid vote turnout" = valid votes / electorate (DOMAIN C5). Counted in
    ballot papers, so that a multi-seat ward's several votes per paper do not inflate it."""
    if electorate < 0:
        raise CountError("The electorate cannot be negative.", field="electorate")
    return Turnout(
        electorate=electorate,
        ballot_box=_percent(valid_ballot_papers + rejected_at_count, electorate),
        valid_vote=_percent(valid_ballot_papers, electorate),
    )


@dataclass(frozen=True)
class NoticeSources:
    """Where the law requires the declaration of result and the statement of rejected ballot
    papers for an election."""

    declaration: str
    rejected_statement: str


PRINCIPAL_ENGLAND = NoticeSources(
    declaration="Local Elections (Principal Areas) (England and Wales) Rules 2006 "
    "(SI 2006/3304), Schedule 2 rule 50(1)",
    rejected_statement="Local Elections (Principal Areas) (England and Wales) Rules 2006 "
    "(SI 2006/3304), Schedule 2 rule 47(4)",
)
PARISH = NoticeSources(
    declaration="Local Elections (Parishes and Communities) (England and Wales) Rules 2006 "
    "(SI 2006/3305), Schedule 2 rule 50(1)",
    rejected_statement="Local Elections (Parishes and Communities) (England and Wales) Rules "
    "2006 (SI 2006/3305), Schedule 2 rule 47(4)",
)
PRINCIPAL_WALES = NoticeSources(
    declaration="Local Elections (Principal Areas) (Wales) Rules 2021 (SI 2021/1459 (W.)), "
    "Schedule 2",
    rejected_statement="Local Elections (Principal Areas) (Wales) Rules 2021 "
    "(SI 2021/1459 (W.)), Schedule 2 rule 60",
)


def notice_sources(election_type: str, nation: str) -> NoticeSources:
    """The provisions for a council election's declaration and statement of rejected ballot
    papers. Principal areas in England (and casual vacancies there): SI 2006/3304 Sch 2 r 50(1)
    (declare the elected, and give public notice of each candidate's votes and the number of
    rejected ballot papers under each head shown in the statement of rejected ballot papers)
    and r 47(4) (that statement); parishes: the same rules of SI 2006/3305; Welsh principal
    areas from 2022: SI 2021/1459 (W.) (rejected papers r 60, DOMAIN C5; the declaration's rule
    number is not recorded there, so the Schedule is cited)."""
    if election_type in ("parish", "casual_vacancy_parish"):
        return PARISH
    if nation == "WLS":
        return PRINCIPAL_WALES
    return PRINCIPAL_ENGLAND
