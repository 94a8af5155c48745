"""The nominations and poll card pages (issue 13, points 3 and 4) and the public elections page
(point 6): refusals name the field and save nothing; the public page shows candidates only once
the statement of persons nominated is published, never an elector, in bounded queries."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from elections import election_services, nominations, tasks
from elections.models import Candidate, PollCardBatch
from elections.tests.factories_nominations import at, make_contest, make_district, nominate

pytestmark = pytest.mark.django_db

FUTURE = {"poll_date": date(2027, 5, 6), "title": "Kingsmere District Council elections 2027"}


@pytest.fixture
def actor(electoral_officer):
    return electoral_officer


@pytest.fixture
def contest(actor):
    return make_contest(actor)[1]


@pytest.fixture
def officer_client(client, actor):
    client.force_login(actor)
    return client


def paper(contest, **values):
    return {
        "contest": contest.pk,
        "surname": "Adams",
        "other_names": "Jane",
        "home_address": "1 High Street",
        "description": "Independent",
        "received_on_0": "9",
        "received_on_1": "4",
        "received_on_2": "2026",
        "received_time": "3:59pm",
        **values,
    }


def test_a_paper_in_time_is_recorded(officer_client, contest):
    url = f"/elections/elections/{contest.election_id}/nominations/new/"
    response = officer_client.post(url, paper(contest))
    assert response.status_code == 302
    candidate = Candidate.nominations.get()
    assert candidate.received_at == at(2026, 4, 9, 15, 59)
    page = officer_client.get(f"/elections/elections/{contest.election_id}/nominations/")
    assert "ADAMS Jane" in page.content.decode()


def test_a_late_paper_is_refused_naming_the_date_and_nothing_is_saved(officer_client, contest):
    url = f"/elections/elections/{contest.election_id}/nominations/new/"
    response = officer_client.post(url, paper(contest, received_time="4:01pm"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Delivery of nominations closed at 4pm on 9 April 2026" in body
    assert "#id_received_on_0" in body  # the error summary links to the date field
    assert not Candidate.nominations.exists()


def test_an_invalid_decision_without_a_reason_is_refused(officer_client, contest, actor):
    candidate = nominate(contest, actor, "Adams", "Jane")
    url = f"/elections/elections/{contest.election_id}/candidates/{candidate.pk}/"
    response = officer_client.post(url, {"decision": "invalid", "decide": "Save"})
    assert "Enter the reason the nomination is invalid" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.RECEIVED
    response = officer_client.post(
        url, {"withdrawn_on_0": "10", "withdrawn_on_1": "4", "withdrawn_on_2": "2026",
              "withdrawn_time": "9am", "withdraw": "Record"}
    )  # fmt: skip
    assert "Withdrawal of candidature closed" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.withdrawn_at is None


def test_a_batch_asked_for_on_the_page_is_made_by_the_task(officer_client, contest, actor):
    district = make_district(actor, contest.ward, electors=12, anonymous={5})
    base = f"/elections/elections/{contest.election_id}/poll-cards/"
    response = officer_client.post(base, {"district": district.pk, "kind": "poll_cards"})
    batch = PollCardBatch.register.get()
    assert response.status_code == 302 and response.url == f"{base}{batch.pk}/"
    progress = officer_client.get(f"{base}{batch.pk}/progress/").json()
    assert progress["status"] == "waiting"
    assert tasks.make_poll_card_batch(batch.pk) == "done"
    download = officer_client.get(f"{base}{batch.pk}/cards.pdf")
    data = b"".join(download.streaming_content)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 12
    assert "Surname5" not in "".join(page.extract_text() for page in reader.pages)


def _published_election(actor, candidates: int):
    election, contest = make_contest(actor, **FUTURE)
    for n in range(candidates):
        candidate = nominate(
            contest,
            actor,
            f"Zed{n}",
            "Ann",
            home_address=f"{n} Secret Row",
            address_area="Kingsmere" if n == 0 else "",
            received_at=at(2027, 4, 1),
        )
        nominations.nomination_decide(candidate=candidate, valid=True, by=actor)
    return election, contest


def test_public_page_shows_candidates_only_after_the_statement_is_published(client, actor):
    election, contest = _published_election(actor, 2)
    invalid = nominate(contest, actor, "Invalidson", "Ian", received_at=at(2027, 4, 1))
    nominations.nomination_decide(candidate=invalid, valid=False, reason="Unsigned", by=actor)
    make_district(actor, contest.ward, electors=3)
    before = client.get("/polls/").content.decode()
    assert "Kingsmere District Council elections 2027" in before
    assert "Delivery of nomination papers closes" in before
    assert "ZED0" not in before
    election_services.timetable_step_mark_done(
        election=election, step="sopn", done_on=date.today(), by=actor
    )
    after = client.get("/polls/").content.decode()
    assert "ZED0 Ann" in after and "ZED1 Ann" in after
    assert "(address in Kingsmere)" in after and "0 Secret Row" not in after
    assert "Invalidson" not in after.upper() and "INVALIDSON" not in after
    assert "Surname1" not in after and "Firstname" not in after


def test_public_page_runs_a_bounded_number_of_queries(client, actor):
    _published_election(actor, 1)
    with CaptureQueriesContext(connection) as small:
        client.get("/polls/")
    _published_election_more(actor)
    with CaptureQueriesContext(connection) as large:
        client.get("/polls/")
    assert len(large) == len(small)


def _published_election_more(actor):
    _, contest = make_contest(
        actor, ward_name="Brookside Ward", poll_date=date(2027, 5, 6), organisation="Brookside",
        title="Brookside Parish Council elections 2027", election_type="parish",
    )  # fmt: skip
    for n in range(5):
        nominate(contest, actor, f"More{n}", "Bo", received_at=at(2027, 4, 1))


def test_the_public_elections_page_is_in_the_sitemap(client):
    assert "/polls/</loc>" in client.get("/sitemap.xml").content.decode()
