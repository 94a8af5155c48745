"""Results linked to the nominated candidates (issue 13, point 5): where a contest has validly
nominated candidates, the count is entered against them (by identifier or exact name), with the
name and description taken from the nomination; an unknown or withdrawn name, or a standing
candidate left out, is refused naming the field and nothing is saved. A contest without
nominations is still counted by the names given."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from democracy.tests.factories import WardFactory
from elections import nominations, result_services
from elections.result_models import ContestResult
from elections.result_services import CandidateVotes
from elections.tests.factories_nominations import at, make_contest, nominate, party
from elections.tests.factories_results import enter_single
from elections.tests.factories_results import make_contest as make_plain_contest
from members.models import Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def nominated(electoral_officer):
    """A one-seat contest with three validly nominated candidates (one by her commonly used
    forename), one withdrawn and one invalid."""
    by = electoral_officer
    _election, contest = make_contest(by, ward_name="Abbey", seats=1)
    people = {
        "smith": nominate(
            contest,
            by,
            "Smith",
            "Annabel Rose",
            commonly_used_forenames="Ann",
            party=party("Labour Party"),
            description="Labour Party",
        ),
        "jones": nominate(contest, by, "Jones", "Bob", description="Independent"),
        "patel": nominate(contest, by, "Patel", "Cath"),
        "gone": nominate(contest, by, "Wood", "Dan"),
        "bad": nominate(contest, by, "Evans", "Eve"),
    }
    for key in ("smith", "jones", "patel", "gone"):
        nominations.nomination_decide(candidate=people[key], valid=True, by=by)
    nominations.nomination_decide(candidate=people["bad"], valid=False, reason="No", by=by)
    nominations.nomination_withdraw(candidate=people["gone"], withdrawn_at=at(2026, 4, 2), by=by)
    return contest, people


def _enter(contest, by, candidates, **values):
    defaults = {"electorate": 5000, "ballot_papers_issued": 1560, "ballot_papers_counted": 1560}
    return result_services.contest_result_enter(
        contest=contest, by=by, candidates=candidates, **{**defaults, **values}
    )


def test_entries_by_identifier_take_name_and_description_from_the_nomination(
    nominated, electoral_officer
):
    contest, people = nominated
    result = _enter(
        contest,
        electoral_officer,
        [
            CandidateVotes("", "", "typed", 812, candidate_id=people["smith"].pk),
            CandidateVotes("", "", "", 640, candidate_id=people["jones"].pk),
            CandidateVotes("", "", "", 108, candidate_id=people["patel"].pk),
        ],
    )
    rows = {r.candidate_id: r for r in result.candidates.all()}
    assert set(rows) == {people["smith"].pk, people["jones"].pk, people["patel"].pk}
    smith = rows[people["smith"].pk]
    assert (smith.first_names, smith.surname, smith.party) == ("Ann", "Smith", "Labour Party")
    assert smith.elected and smith.votes == 812
    assert rows[people["jones"].pk].party == "Independent"
    assert rows[people["patel"].pk].party == ""


def test_entries_by_exact_name_are_linked(nominated, electoral_officer):
    contest, people = nominated
    result = _enter(
        contest,
        electoral_officer,
        [
            CandidateVotes("Annabel Rose", "Smith", "", 812),  # as on the nomination paper
            CandidateVotes("Bob", "Jones", "", 640),
            CandidateVotes("Cath", "Patel", "", 108),
        ],
    )
    linked = result.candidates.get(candidate=people["smith"])
    assert linked.name == "Ann Smith"  # as on the ballot paper
    assert result.candidates.filter(candidate__isnull=True).count() == 0


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (CandidateVotes("Fay", "Green", "", 108), "Candidate 3, Fay Green: is not a validly"),
        (CandidateVotes("Dan", "Wood", "", 108), "Dan Wood: withdrew their candidature"),
        (CandidateVotes("Eve", "Evans", "", 108), "Eve Evans: is not validly nominated"),
    ],
)
def test_an_unknown_withdrawn_or_invalid_name_is_refused(
    nominated, electoral_officer, entry, message
):
    contest, _people = nominated
    with pytest.raises(ValidationError) as raised:
        _enter(
            contest,
            electoral_officer,
            [
                CandidateVotes("Ann", "Smith", "", 812),
                CandidateVotes("Bob", "Jones", "", 640),
                entry,
            ],
        )
    assert message in raised.value.message_dict["candidates"][0]
    assert not ContestResult.all_objects.exists()


def test_a_withdrawn_candidate_by_identifier_is_refused(nominated, electoral_officer):
    contest, people = nominated
    with pytest.raises(ValidationError) as raised:
        _enter(
            contest,
            electoral_officer,
            [
                CandidateVotes("", "", "", 812, candidate_id=people["smith"].pk),
                CandidateVotes("", "", "", 640, candidate_id=people["gone"].pk),
            ],
        )
    assert raised.value.message_dict["candidates"] == [
        "Candidate 2: Dan Wood is not standing (withdrawn)."
    ]


def test_a_standing_candidate_left_out_is_refused(nominated, electoral_officer):
    contest, _people = nominated
    with pytest.raises(ValidationError) as raised:
        _enter(
            contest,
            electoral_officer,
            [CandidateVotes("Ann", "Smith", "", 900), CandidateVotes("Bob", "Jones", "", 660)],
        )
    assert raised.value.message_dict["candidates"] == [
        "Enter the votes for every candidate standing: Cath Patel left out."
    ]
    assert not ContestResult.all_objects.exists()


def test_a_candidate_entered_twice_is_refused(nominated, electoral_officer):
    contest, people = nominated
    with pytest.raises(ValidationError, match="Ann Smith is entered twice"):
        _enter(
            contest,
            electoral_officer,
            [
                CandidateVotes("Ann", "Smith", "", 800),
                CandidateVotes("", "", "", 12, candidate_id=people["smith"].pk),
            ],
        )


def test_the_linked_result_makes_the_term_under_the_ballot_name(nominated, electoral_officer):
    contest, people = nominated
    result = _enter(
        contest,
        electoral_officer,
        [
            CandidateVotes("", "", "", 812, candidate_id=people["smith"].pk),
            CandidateVotes("", "", "", 640, candidate_id=people["jones"].pk),
            CandidateVotes("", "", "", 108, candidate_id=people["patel"].pk),
        ],
    )
    result = result_services.contest_result_declare(result=result, by=electoral_officer)
    result_services.contest_result_confirm_terms(result=result, by=electoral_officer)
    assert Term.objects.get(ward=contest.ward).councillor.full_name == "Ann Smith"


def test_a_contest_without_nominations_is_counted_by_the_names_given(electoral_officer):
    contest = make_plain_contest(electoral_officer, ward=WardFactory(seats=1))
    result = enter_single(contest, electoral_officer)
    assert sorted(c.name for c in result.candidates.all()) == [
        "Ann Smith",
        "Bob Jones",
        "Cath Patel",
    ]
    assert not result.candidates.filter(candidate__isnull=False).exists()
