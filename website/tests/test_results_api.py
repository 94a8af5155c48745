"""Election results on the open data API and the Modern.Gov-compatible GetElectionResults, with
the public page cache as in production (only a declaration replaces what was cached): live on the
night, an undeclared contest shows its status and no votes."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from democracy.tests.factories import WardFactory
from elections import result_services
from elections.tests.factories_elections import make_election
from elections.tests.factories_results import enter_single, make_contest
from website.tests.factories_moderngov import get

pytestmark = [pytest.mark.django_db, pytest.mark.public_cache]


@pytest.fixture
def night(electoral_officer):
    cache.clear()
    election = make_election(electoral_officer)
    abbey = make_contest(
        electoral_officer, ward=WardFactory(name="Abbey", seats=1), election=election
    )
    brook = make_contest(
        electoral_officer, ward=WardFactory(name="Brook", seats=1), election=election
    )
    result = enter_single(abbey, electoral_officer)
    result_services.results_publish_live(election=election, by=electoral_officer)
    yield election, abbey, brook, result
    cache.clear()


def test_the_api_gives_results_live_and_a_declaration_replaces_the_cached_answer(
    client, night, electoral_officer
):
    election, abbey, _brook, result = night
    url = f"/api/v1/elections/{election.pk}/results"
    before = client.get(url).json()
    assert [c["status"] for c in before["contests"]] == ["awaiting declaration"] * 2
    assert before["contests"][0]["candidates"] == []
    assert client.get(url).json() == before  # answered from the cache
    result_services.contest_result_declare(result=result, by=electoral_officer)
    after = client.get(url).json()
    declared = next(c for c in after["contests"] if c["ballot_paper_id"] == abbey.ballot_id)
    assert declared["status"] == "declared"
    assert declared["turnout_ballot_box"] == "31.24"
    assert declared["candidates"][0] == {
        "name": "Ann Smith",
        "party": "Kingsmere Independents",
        "votes": 812,
        "elected": True,
        "elected_by_lot": False,
    }
    assert {"head": "Unmarked or void for uncertainty", "number": 6} in declared["rejected"]
    listing = client.get("/api/v1/elections").json()
    assert listing["items"][0]["election_id"] == election.election_id
    assert client.get("/api/v1/elections/999999/results").status_code == 404


def test_get_election_results_in_the_modern_gov_shape_with_the_poll_date(
    client, night, electoral_officer
):
    election, abbey, _brook, result = night
    result_services.contest_result_declare(result=result, by=electoral_officer)
    root = get(client, "GetElectionResults", lElectionId=election.pk)
    assert root.tag == "election"
    assert root.findtext("electionid") == str(election.pk)
    assert root.findtext("polldate") == "07/05/2026"
    assert root.findtext("candidatecount").strip() == "3"
    winner = root.find("candidates/candidate")
    assert winner.findtext("candidatename") == "Ann Smith"
    assert winner.findtext("numvotes") == "812"
    assert winner.findtext("iselected") == "True"
    assert winner.findtext("electionareaid") == str(abbey.pk)
    areas = {a.findtext("title"): a for a in root.iter("electionarea")}
    assert areas["Abbey"].findtext("status") == "Declared"
    assert areas["Abbey"].findtext("numseats") == "1"
    assert areas["Abbey"].findtext("spoiledvotes/spoiledvote/numvotes") == "9"
    assert areas["Brook"].findtext("status") == "Awaiting declaration"
    assert len(get(client, "GetElectionResults", lElectionId=999999)) == 0
