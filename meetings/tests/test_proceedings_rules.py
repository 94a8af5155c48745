"""Quorum and vote outcomes: pure rules, pinned to the statute and to real cases named below."""

from __future__ import annotations

from datetime import date, time

import pytest

from meetings.rules.proceedings import (
    Attendee,
    Choice,
    Result,
    check_casting_vote,
    check_counts,
    check_named_votes,
    full_council_quorum,
    municipal_year,
    names_required,
    quorum_status,
    required_quorum,
    tally,
    vote_result,
)

# --------------------------------------------------------------------------------------------
# Quorum
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seats", "quorum"),
    # The Lincolnshire Association of Local Councils' table for LGA 1972 Sch 12 para 12 (DOMAIN
    # A5, https://lalc.co.uk/wiki/page/91): up to 9 seats 3; 10-12 4; 13-15 5; 16-18 6.
    [(5, 3), (7, 3), (9, 3), (10, 4), (12, 4), (13, 5), (15, 5), (16, 6), (18, 6)],
)
def test_parish_council_quorum_is_a_third_never_less_than_three(seats, quorum):
    assert full_council_quorum(seats, parish=True) == quorum


@pytest.mark.parametrize(
    ("seats", "quorum"),
    # Kent County Council has 81 members: a quarter is 20.25, so 21 must be present. The
    # Kingsmere demo council has 48: exactly 12. (LGA 1972 Sch 12 para 6.)
    [(81, 21), (48, 12), (51, 13), (1, 1)],
)
def test_principal_council_quorum_is_one_quarter_rounded_up(seats, quorum):
    assert full_council_quorum(seats) == quorum


def test_a_council_without_members_has_no_quorum():
    with pytest.raises(ValueError, match="at least one member"):
        full_council_quorum(0)


def test_standing_orders_may_raise_the_full_council_quorum_but_never_lower_it():
    assert required_quorum(committee_quorum=5, is_full_council=True, seats=48) == 12
    assert required_quorum(committee_quorum=16, is_full_council=True, seats=48) == 16
    # A committee's quorum is whatever the council set.
    assert required_quorum(committee_quorum=3, is_full_council=False, seats=9) == 3
    assert required_quorum(committee_quorum=2, is_full_council=True, seats=7, parish=True) == 3


def people(*specs):
    return [Attendee(key=n, name=f"Councillor {n}", **spec) for n, spec in enumerate(specs)]


def test_remote_attendees_do_not_count_towards_the_quorum_by_default():
    # Hertfordshire CC v SSHCLG [2021] EWHC 1093 (Admin): after 7 May 2021 a member attending a
    # formal meeting of an English principal council remotely is not "present".
    sheet = people(
        {"present": True},
        {"present": True},
        {"present": True, "remote": True},
        {"present": False},
    )
    status = quorum_status(sheet, required=3)
    assert (status.counted, status.is_quorate) == (2, False)
    assert status.remote_not_counted == ["Councillor 2"]
    assert "not quorate: 2 members present in person" in status.warning
    assert "[2021] EWHC 1093 (Admin)" in status.warning
    # Where the council's law lets remote attendance count, it does.
    assert quorum_status(sheet, required=3, remote_counts=True).is_quorate


def test_non_voting_members_do_not_count_and_a_substitute_does():
    # A co-opted non-voting member is present but not counted; the substitute (a voting line in
    # the seat of a member who sent apologies) is counted in that member's place.
    sheet = people(
        {"present": True},
        {"present": True, "voting": False},
        {"present": False},  # sent apologies
        {"present": True},  # the substitute for the member above
    )
    status = quorum_status(sheet, required=2)
    assert (status.counted, status.is_quorate, status.warning) == (2, True, "")
    assert status.non_voting_not_counted == ["Councillor 1"]


def test_a_departure_that_leaves_too_few_makes_the_meeting_inquorate_from_that_time():
    sheet = people(
        {"present": True},
        {"present": True, "left_at": time(20, 15)},
        {"present": True, "arrived_at": time(18, 45)},
    )
    status = quorum_status(sheet, required=3)
    assert status.counted == 3
    assert status.inquorate_moments == [(time(20, 15), 2)]
    assert not status.is_quorate
    assert status.warning.startswith("The meeting became inquorate at 8:15pm")


def test_an_arrival_before_a_departure_keeps_the_meeting_quorate():
    sheet = people(
        {"present": True},
        {"present": True, "left_at": time(20, 0)},
        {"present": True, "arrived_at": time(19, 0)},
    )
    assert quorum_status(sheet, required=2).is_quorate


# --------------------------------------------------------------------------------------------
# Votes
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("votes_for", "votes_against", "casting", "result"),
    [
        (6, 3, None, Result.CARRIED),
        (3, 6, None, Result.LOST),
        # LGA 1972 Sch 12 para 39: the chair's casting vote decides a tie either way.
        (4, 4, Choice.FOR, Result.CARRIED),
        (4, 4, Choice.AGAINST, Result.LOST),
        # A tie with no casting vote: no majority for the motion.
        (4, 4, None, Result.LOST),
        (0, 0, None, Result.LOST),
    ],
)
def test_a_majority_of_those_present_and_voting_decides(votes_for, votes_against, casting, result):
    assert (
        vote_result(votes_for=votes_for, votes_against=votes_against, casting_vote=casting)
        == result
    )


def test_more_votes_than_voting_members_present_is_refused_naming_the_field():
    errors = check_counts(votes_for=5, votes_against=3, abstentions=2, eligible_voters=9)
    assert errors == {
        "votes_for": "10 votes and abstentions were entered but only 9 members present in "
        "person could vote on this item."
    }
    assert check_counts(votes_for=5, votes_against=3, abstentions=1, eligible_voters=9) == {}
    assert "abstentions" in check_counts(
        votes_for=1, votes_against=0, abstentions=-1, eligible_voters=9
    )


def test_the_casting_vote_is_only_for_the_chair_and_only_on_a_tie():
    assert "casting_vote" in check_casting_vote(
        casting_vote=Choice.FOR, votes_for=5, votes_against=4, chair_present=True
    )
    assert (
        "only the person presiding"
        in check_casting_vote(
            casting_vote=Choice.FOR, votes_for=4, votes_against=4, chair_present=False
        )["casting_vote"]
    )
    assert "casting_vote" in check_casting_vote(
        casting_vote=Choice.ABSTAIN, votes_for=4, votes_against=4, chair_present=True
    )
    assert (
        check_casting_vote(
            casting_vote=Choice.AGAINST, votes_for=4, votes_against=4, chair_present=True
        )
        == {}
    )
    assert (
        check_casting_vote(casting_vote=None, votes_for=5, votes_against=4, chair_present=False)
        == {}
    )


def test_names_are_required_on_request_and_always_at_a_budget_decision_meeting():
    # SI 1993/202 Sch 2 para 1 (on request); SI 2014/165 (every vote at a budget decision
    # meeting, in force 25 February 2014).
    assert names_required(recorded_vote_requested=True, budget_decision=False)
    assert names_required(recorded_vote_requested=False, budget_decision=True)
    assert not names_required(recorded_vote_requested=False, budget_decision=False)


def test_only_members_present_and_entitled_to_vote_can_be_named():
    eligible = {1: "Councillor A", 2: "Councillor B"}
    ineligible = {3: "Councillor C attended remotely"}
    assert (
        check_named_votes({1: Choice.FOR, 2: Choice.AGAINST}, eligible=eligible, ineligible={})
        == {}
    )
    errors = check_named_votes(
        {1: Choice.FOR, 3: Choice.FOR}, eligible=eligible, ineligible=ineligible
    )
    assert errors == {
        "names": "Only members present in person and entitled to vote can be named: Councillor C "
        "attended remotely."
    }
    assert "names" in check_named_votes({}, eligible=eligible, ineligible=ineligible)


def test_a_recorded_vote_is_counted_from_the_names():
    counted = tally({1: Choice.FOR, 2: Choice.FOR, 3: Choice.AGAINST, 4: Choice.ABSTAIN})
    assert (counted.votes_for, counted.votes_against, counted.abstentions) == (2, 1, 1)


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2026, 5, 1), 2026), (date(2026, 11, 5), 2026), (date(2027, 4, 30), 2026)],
)
def test_the_municipal_year_for_minute_numbers_starts_in_may(day, year):
    assert municipal_year(day) == year
