"""The declaration of result and the statement of rejected ballot papers as tagged PDFs (issue
13, point 5; SI 2006/3304 Sch 2 r 50(1) and r 47(4)): the text read back with pypdf carries each
candidate's votes and description, the elected, the rejected papers by head, the turnout by the
Electoral Commission's ballot-box definition and the provision; drafts until declared, and public
only once declared."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from democracy.tests.factories import WardFactory
from elections import count_rules, nominations, result_documents, result_services
from elections.result_services import CandidateVotes
from elections.tests.factories_nominations import make_contest, nominate, party
from elections.tests.factories_results import enter_single
from elections.tests.factories_results import make_contest as make_plain_contest

pytestmark = pytest.mark.django_db


def read(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def declared(electoral_officer):
    by = electoral_officer
    _election, contest = make_contest(by, ward_name="Abbey", seats=1)
    smith = nominate(
        contest,
        by,
        "Smith",
        "Annabel Rose",
        commonly_used_forenames="Ann",
        party=party("Labour Party"),
        description="Labour Party",
    )
    jones = nominate(contest, by, "Jones", "Bob", description="Independent")
    for candidate in (smith, jones):
        nominations.nomination_decide(candidate=candidate, valid=True, by=by)
    result = result_services.contest_result_enter(
        contest=contest,
        electorate=5000,
        ballot_papers_issued=1562,
        ballot_papers_counted=1562,
        rejected={"want_of_official_mark": 2, "too_many_votes": 3, "unmarked_or_uncertain": 6},
        candidates=[
            CandidateVotes("", "", "", 911, candidate_id=smith.pk),
            CandidateVotes("", "", "", 640, candidate_id=jones.pk),
        ],
        by=by,
    )
    return result


def test_the_declaration_carries_the_votes_rejected_papers_turnout_and_provision(
    declared, electoral_officer
):
    draft, _pages = read(result_documents.render_declaration_pdf(declared))
    assert "Draft: this result has not been declared" in draft
    result = result_services.contest_result_declare(result=declared, by=electoral_officer)
    text, pages = read(result_documents.render_declaration_pdf(result))
    words = flat(text)
    assert pages == 1
    assert "Draft" not in words
    assert "declaration of result of poll" in words
    assert "JONES Bob Independent 640" in words
    assert "SMITH Ann (full name Annabel Rose Smith) Labour Party 911 Elected" in words
    assert words.index("JONES Bob") < words.index("SMITH Ann")  # ballot-paper order
    assert "Want of an official mark 2" in words
    assert "Voting for more candidates than the voter is entitled to 3" in words
    assert "Writing or mark by which the voter could be identified 0" in words
    assert "Unmarked or void for uncertainty 6" in words
    assert "Total rejected 11" in words
    assert "Electorate 5000" in words and "Ballot papers counted 1562" in words
    # Ballot box turnout: (1551 valid + 11 rejected) / 5000 = 31.24%.
    assert "31.24%" in words
    assert "I declare that Ann Smith is duly elected" in words
    assert f"Dated {result.declared_at:%-d %B %Y}" in words
    assert "Returning Officer, Kingsmere District Council" in words
    assert "(SI 2006/3304), Schedule 2 rule 50(1)" in words
    assert electoral_officer.get_full_name() not in words


def test_the_statement_of_rejected_ballot_papers(declared):
    text, pages = read(result_documents.render_rejected_statement_pdf(declared))
    words = flat(text)
    assert pages == 1
    assert "statement of rejected ballot papers" in words
    assert "Want of an official mark 2" in words
    assert "Unmarked or void for uncertainty 6" in words
    assert "Total rejected 11" in words
    assert "Ballot papers counted: 1562. Valid ballot papers: 1551." in words
    assert "(SI 2006/3304), Schedule 2 rule 47(4)" in words


def test_a_multi_seat_declaration_names_all_the_elected(electoral_officer):
    contest = make_plain_contest(electoral_officer, ward=WardFactory(seats=2), seats=2)
    result = result_services.contest_result_enter(
        contest=contest,
        electorate=4000,
        ballot_papers_issued=1000,
        ballot_papers_counted=1000,
        valid_ballot_papers=996,
        rejected={"identifies_voter": 4},
        candidates=[
            CandidateVotes("Ann", "Smith", "A", 700),
            CandidateVotes("Bob", "Jones", "B", 600),
            CandidateVotes("Cath", "Patel", "C", 500),
        ],
        by=electoral_officer,
    )
    words = flat(read(result_documents.render_declaration_pdf(result))[0])
    assert "I declare that Bob Jones and Ann Smith are duly elected" in words
    assert "Writing or mark by which the voter could be identified 4" in words
    assert "25.00%" in words  # (996 + 4) / 4000 ballot papers, not votes


def test_the_provisions_cited_follow_the_election():
    assert count_rules.notice_sources("local", "ENG").declaration.endswith(
        "(SI 2006/3304), Schedule 2 rule 50(1)"
    )
    assert "SI 2006/3305" in count_rules.notice_sources("casual_vacancy_parish", "ENG").declaration
    assert "SI 2021/1459" in count_rules.notice_sources("local", "WLS").rejected_statement


def test_the_public_reads_the_pdfs_only_once_declared(client, declared, electoral_officer):
    contest = declared.contest
    election = contest.election
    result_services.results_publish_live(election=election, by=electoral_officer)
    url = f"/elections/results/{election.pk}/contests/{contest.pk}/declaration-of-result.pdf"
    assert client.get(url).status_code == 404
    page = client.get(f"/elections/results/{election.pk}/contests/{contest.pk}/")
    assert "declaration-of-result.pdf" not in page.content.decode()
    result_services.contest_result_declare(result=declared, by=electoral_officer)
    page = client.get(f"/elections/results/{election.pk}/contests/{contest.pk}/")
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "SMITH Ann" in flat(read(response.content)[0])
    statement = url.replace("declaration-of-result", "statement-of-rejected-ballot-papers")
    assert "Total rejected 11" in flat(read(client.get(statement).content)[0])


def test_the_officer_page_links_the_draft_notices(client, electoral_officer):
    contest = make_plain_contest(electoral_officer, ward=WardFactory(name="Abbey", seats=1))
    enter_single(contest, electoral_officer)
    client.force_login(electoral_officer)
    base = f"/elections/elections/{contest.election_id}/results/{contest.pk}/"
    page = client.get(f"{base}declare/").content.decode()
    assert f"{base}declaration-of-result.pdf" in page
    response = client.get(f"{base}statement-of-rejected-ballot-papers.pdf")
    assert response.status_code == 200
    assert "Draft" in read(response.content)[0]
    assert client.get(f"{base}no-such.pdf").status_code == 404
