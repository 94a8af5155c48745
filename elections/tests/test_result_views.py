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
