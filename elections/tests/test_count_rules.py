"""The count's rules (DOMAIN.md C5): verification, reconciliation, rejected ballot papers under
the statutory heads, the elected (block vote; a tie decided by lot) and turnout. Pure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from elections.count_rules import (
    REJECTION_HEADS,
    CountError,
    RejectedBallots,
    elected,
    reconcile,
    turnout,
    verify,
)


def test_verification_reports_a_discrepancy_without_refusing_it():
    assert verify(issued=1200, counted=1200).agrees
    check = verify(issued=1200, counted=1198)
    assert check.difference == -2
    assert "2 fewer ballot papers counted (1198)" in check.describe()


def test_rejected_ballots_are_stated_under_the_four_statutory_heads():
    rejected = RejectedBallots(
        want_of_official_mark=1, too_many_votes=4, identifies_voter=2, unmarked_or_uncertain=7
    )
    assert rejected.total == 14
    assert [label for label, _ in rejected.statement()] == list(REJECTION_HEADS.values())
    with pytest.raises(CountError) as error:
        RejectedBallots(too_many_votes=-1)
    assert error.value.field == "too_many_votes"


def test_single_seat_count_reconciles_on_votes_and_rejected_papers():
    votes = {"Ann Smith": 812, "Bob Jones": 640, "Cath Patel": 101}
    rejected = RejectedBallots(unmarked_or_uncertain=9)
    assert reconcile(votes=votes, rejected=rejected, ballot_papers_counted=1562, seats=1) == 1553


def test_a_count_that_does_not_reconcile_is_refused_with_the_difference_named():
    votes = {"Ann Smith": 812, "Bob Jones": 640}
    with pytest.raises(CountError) as error:
        reconcile(
            votes=votes,
            rejected=RejectedBallots(unmarked_or_uncertain=9),
            ballot_papers_counted=1465,
            seats=1,
        )
    assert "does not reconcile" in str(error.value)
    assert "come to 1461, 4 fewer than the 1465 ballot papers counted" in str(error.value)
    assert error.value.field == "ballot_papers_counted"


def test_multi_seat_count_reconciles_on_ballot_papers_not_votes():
    # Three seats: 1000 valid papers may carry up to 3000 votes; partial use is valid.
    votes = {"A": 700, "B": 650, "C": 600, "D": 300, "E": 250}
    rejected = RejectedBallots(too_many_votes=12, want_of_official_mark=1)
    valid = reconcile(
        votes=votes,
        rejected=rejected,
        ballot_papers_counted=1013,
        seats=3,
        valid_ballot_papers=1000,
    )
    assert valid == 1000
    with pytest.raises(CountError) as error:
        reconcile(votes=votes, rejected=rejected, ballot_papers_counted=1013, seats=3)
    assert error.value.field == "valid_ballot_papers"
    with pytest.raises(CountError) as error:
        reconcile(
            votes=votes,
            rejected=rejected,
            ballot_papers_counted=1013,
            seats=3,
            valid_ballot_papers=800,
        )
    assert "2500 votes cannot come from 800 valid ballot papers" in str(error.value)


def test_single_member_first_past_the_post():
    outcome = elected({"Ann Smith": 812, "Bob Jones": 640, "Cath Patel": 101}, seats=1)
    assert outcome.elected == ("Ann Smith",)
    assert not outcome.lot_needed


def test_multi_member_block_vote_elects_the_top_n():
    outcome = elected({"A": 700, "B": 650, "C": 600, "D": 599, "E": 250}, seats=3)
    assert outcome.elected == ("A", "B", "C")


def test_a_tie_for_the_last_seat_is_decided_by_lot_and_the_lot_recorded():
    votes = {"A": 700, "B": 650, "C": 600, "D": 600, "E": 250}
    undecided = elected(votes, seats=3)
    assert undecided.lot_needed
    assert undecided.elected == ("A", "B")
    assert undecided.tied == ("C", "D")
    assert undecided.places_by_lot == 1
    decided = elected(votes, seats=3, drawn_by_lot=["D"])
    assert decided.elected == ("A", "B", "D")
    assert decided.decided_by_lot == ("D",)
    with pytest.raises(CountError, match="only fall on the tied candidates"):
        elected(votes, seats=3, drawn_by_lot=["E"])
    with pytest.raises(CountError, match="decides 1 place"):
        elected(votes, seats=3, drawn_by_lot=["C", "D"])


def test_a_tie_that_does_not_decide_a_seat_needs_no_lot():
    outcome = elected({"A": 700, "B": 700, "C": 100}, seats=2)
    assert outcome.elected == ("A", "B")
    assert not outcome.lot_needed
    with pytest.raises(CountError, match="no equality"):
        elected({"A": 700, "B": 700, "C": 100}, seats=2, drawn_by_lot=["A"])


def test_unopposed_candidates_are_all_elected():
    assert elected({"A": 0, "B": 0}, seats=2).elected == ("A", "B")


def test_turnout_by_the_electoral_commissions_ballot_box_definition():
    # 1553 valid papers and 9 rejected at the count of an electorate of 5000.
    result = turnout(electorate=5000, valid_ballot_papers=1553, rejected_at_count=9)
    assert result.ballot_box == Decimal("31.24")
    assert result.valid_vote == Decimal("31.06")
    assert turnout(electorate=0, valid_ballot_papers=0, rejected_at_count=0).ballot_box is None
