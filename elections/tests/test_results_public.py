"""The public results pages and the Democracy Club CSV, with the public page cache as in
production (``public_cache`` marker: only audited public changes replace a cached page): live on
the night with each ward's status, a declaration replaces the cached page, an undeclared count is
never shown, bounded queries."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.cache import cache

from democracy.tests.factories import WardFactory
from elections import result_services
from elections.tests.factories_elections import make_election
from elections.tests.factories_results import enter_single, make_contest

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
    yield election, abbey, brook, result
    cache.clear()


def test_results_are_not_public_until_put_live(client, night):
    election, abbey, _, _ = night
    assert client.get(f"/elections/results/{election.pk}/").status_code == 404
    assert client.get(f"/elections/results/{election.pk}/contests/{abbey.pk}/").status_code == 404


def test_live_on_the_night_and_a_declaration_replaces_the_cached_page(
    client, night, electoral_officer
):
    election, abbey, _, result = night
    result_services.results_publish_live(election=election, by=electoral_officer)
    url = f"/elections/results/{election.pk}/"
    page = client.get(url).content.decode()
    assert "0 of 2 results declared" in page
    assert "Awaiting declaration" in page
    assert "Ann Smith" not in page  # entered, not declared: never public
    contest_page = client.get(f"/elections/results/{election.pk}/contests/{abbey.pk}/")
    assert "812" not in contest_page.content.decode()
    result_services.contest_result_declare(result=result, by=electoral_officer)
    page = client.get(url).content.decode()
    assert "1 of 2 results declared" in page
    assert "Ann Smith (Kingsmere Independents)" in page
    contest_page = client.get(f"/elections/results/{election.pk}/contests/{abbey.pk}/")
    body = contest_page.content.decode()
    assert "812" in body and "Unmarked or void for uncertainty" in body and "31.24%" in body


def test_democracy_club_csv(client, night, electoral_officer):
    election, abbey, _, result = night
    result_services.results_publish_live(election=election, by=electoral_officer)
    result_services.contest_result_declare(result=result, by=electoral_officer)
    response = client.get(f"/elections/results/{election.pk}/democracy-club.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3
    assert rows[0] == {
        "election_id": election.election_id,
        "ballot_paper_id": abbey.ballot_id,
        "person_name": "Ann Smith",
        "party_name": "Kingsmere Independents",
        "ballots_cast": "812",
        "is_winner": "t",
        "turnout_percentage": "31.24",
        "spoilt_ballots": "9",
        "electorate": "5000",
    }


def test_the_election_page_runs_a_bounded_number_of_queries(
    client, electoral_officer, django_assert_max_num_queries
):
    def contests(n):
        election = make_election(electoral_officer, poll_date=date(2026, 5, 7 + n))
        for _ in range(n):
            contest = make_contest(electoral_officer, ward=WardFactory(seats=1), election=election)
            result = enter_single(contest, electoral_officer)
            result_services.contest_result_declare(result=result, by=electoral_officer)
        result_services.results_publish_live(election=election, by=electoral_officer)
        return election

    small, large = contests(1), contests(5)
    cache.clear()
    with django_assert_max_num_queries(8) as small_queries:
        client.get(f"/elections/results/{small.pk}/")
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        client.get(f"/elections/results/{large.pk}/")
