"""Results of the count for tests (issue 13, point 5): made through the services."""

from __future__ import annotations

from elections import election_services, result_services
from elections.result_services import CandidateVotes
from elections.tests.factories_elections import make_election


def make_contest(by, *, ward, seats=1, election=None):
    election = election or make_election(by)
    return election_services.contest_create(election=election, ward=ward, seats=seats, by=by)


SINGLE = [
    CandidateVotes("Ann", "Smith", "Kingsmere Independents", 812),
    CandidateVotes("Bob", "Jones", "Labour Party", 640),
    CandidateVotes("Cath", "Patel", "", 101),
]


def enter_single(contest, by, **values):
    defaults = {
        "electorate": 5000,
        "ballot_papers_issued": 1562,
        "ballot_papers_counted": 1562,
        "candidates": SINGLE,
        "rejected": {"unmarked_or_uncertain": 6, "too_many_votes": 3},
    }
    return result_services.contest_result_enter(contest=contest, by=by, **{**defaults, **values})
