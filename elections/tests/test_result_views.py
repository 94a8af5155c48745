"""Electoral services' results pages: entering a count (a bad line named, a count that does not
reconcile refused with the difference, nothing saved), declaring it, and the confirmation step
listing the terms of office, which creates them only when confirmed."""

from __future__ import annotations

import pytest

from democracy.tests.factories import WardFactory
from elections.result_models import ContestResult
from elections.tests.factories_results import make_contest
from members.models import Term

pytestmark = pytest.mark.django_db

COUNT = {
    "electorate": "5000",
    "ballot_papers_issued": "1562",
    "ballot_papers_counted": "1562",
    "valid_ballot_papers": "",
    "want_of_official_mark": "0",
    "too_many_votes": "3",
    "identifies_voter": "0",
    "unmarked_or_uncertain": "6",
    "candidates": "Ann, Smith, Kingsmere Independents, 812\nBob, Jones, Labour Party, 640\n"
    "Cath, Patel, , 101",
    "drawn_by_lot": "",
}


@pytest.fixture
def contest(electoral_officer):
    return make_contest(electoral_officer, ward=WardFactory(name="Abbey", seats=1))


def _url(contest, tail=""):
    return f"/elections/elections/{contest.election_id}/results/{contest.pk}/{tail}"


def test_the_count_is_entered_declared_and_the_terms_confirmed(client, electoral_officer, contest):
    client.force_login(electoral_officer)
    response = client.post(_url(contest), COUNT)
    assert response.status_code == 302
    page = client.get(_url(contest, "declare/")).content.decode()
    assert "Verified: 1562 ballot papers, as issued." in page
    client.post(_url(contest, "declare/"))
    assert ContestResult.all_objects.get().is_declared
    terms_page = client.get(_url(contest, "terms/")).content.decode()
    assert "Ann Smith (Kingsmere Independents): councillor for Abbey from 11 May 2026" in terms_page
    assert not Term.objects.exists()
    client.post(_url(contest, "terms/"))
    assert Term.objects.get().councillor.full_name == "Ann Smith"


def test_a_count_that_does_not_reconcile_is_refused_naming_the_difference(
    client, electoral_officer, contest
):
    client.force_login(electoral_officer)
    response = client.post(_url(contest), {**COUNT, "ballot_papers_counted": "1570"})
    assert response.status_code == 200
    assert "8 fewer than the 1570 ballot papers counted" in response.content.decode()
    assert not ContestResult.all_objects.exists()


def test_a_bad_candidate_line_is_named(client, electoral_officer, contest):
    client.force_login(electoral_officer)
    response = client.post(_url(contest), {**COUNT, "candidates": "Ann, Smith, Lab, many"})
    assert "Line 1: votes must be a whole number" in response.content.decode()
    assert not ContestResult.all_objects.exists()


def test_results_entry_is_for_electoral_services_alone(client, officer, contest):
    client.force_login(officer)
    assert client.get(_url(contest)).status_code == 404
    assert client.post(_url(contest), COUNT).status_code == 404
    assert not ContestResult.all_objects.exists()


def test_with_nominations_the_form_has_a_votes_box_for_each_standing_candidate(
    client, electoral_officer
):
    from elections import nominations
    from elections.tests.factories_nominations import make_contest as make_nominated_contest
    from elections.tests.factories_nominations import nominate

    _election, contest = make_nominated_contest(electoral_officer, ward_name="Abbey", seats=1)
    smith = nominate(contest, electoral_officer, "Smith", "Ann", description="Independent")
    jones = nominate(contest, electoral_officer, "Jones", "Bob")
    for candidate in (smith, jones):
        nominations.nomination_decide(candidate=candidate, valid=True, by=electoral_officer)
    client.force_login(electoral_officer)
    page = client.get(_url(contest)).content.decode()
    assert "Votes for SMITH Ann" in page and "Votes for JONES Bob" in page
    assert 'name="candidates"' not in page
    count = {k: v for k, v in COUNT.items() if k not in ("candidates", "drawn_by_lot")}
    missing = client.post(_url(contest), {**count, f"votes_{smith.pk}": "1000"})
    assert "Enter the votes for JONES Bob" in missing.content.decode()
    assert not ContestResult.all_objects.exists()
    response = client.post(
        _url(contest), {**count, f"votes_{smith.pk}": "1000", f"votes_{jones.pk}": "553"}
    )
    assert response.status_code == 302
    rows = ContestResult.all_objects.get().candidates.order_by("-votes")
    assert [(r.candidate_id, r.name, r.party, r.elected) for r in rows] == [
        (smith.pk, "Ann Smith", "Independent", True),
        (jones.pk, "Bob Jones", "", False),
    ]


def test_with_nominations_a_tie_is_decided_by_ticking_the_candidate_the_lot_fell_on(
    client, electoral_officer
):
    from elections import nominations
    from elections.tests.factories_nominations import make_contest as make_nominated_contest
    from elections.tests.factories_nominations import nominate

    _election, contest = make_nominated_contest(electoral_officer, ward_name="Abbey", seats=1)
    smith = nominate(contest, electoral_officer, "Smith", "Ann", commonly_used_forenames="Annie")
    jones = nominate(contest, electoral_officer, "Jones", "Bob")
    for candidate in (smith, jones):
        nominations.nomination_decide(candidate=candidate, valid=True, by=electoral_officer)
    client.force_login(electoral_officer)
    count = {k: v for k, v in COUNT.items() if k not in ("candidates", "drawn_by_lot")}
    count |= {"ballot_papers_issued": "1009", "ballot_papers_counted": "1009"}
    tied = {**count, f"votes_{smith.pk}": "500", f"votes_{jones.pk}": "500"}
    refused = client.post(_url(contest), tied).content.decode()
    assert "record whom the lot fell on" in refused
    assert not ContestResult.all_objects.exists()
    assert client.post(_url(contest), {**tied, "drawn_by_lot": [str(smith.pk)]}).status_code == 302
    winner = ContestResult.all_objects.get().candidates.get(elected=True)
    assert (winner.candidate_id, winner.name, winner.elected_by_lot) == (
        smith.pk,
        "Annie Smith",
        True,
    )
