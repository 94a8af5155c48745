"""Nominations (issue 13, point 3): deadlines from the timetable, the decision with its reason,
withdrawals, and the statutory notices as tagged PDFs."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from democracy.models import AuditEvent
from elections import nomination_documents, nominations
from elections.models import Candidate, PartyDescription, RegisteredParty
from elections.tests.factories_nominations import at, make_contest, make_district, nominate, party

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(electoral_officer):
    return electoral_officer


@pytest.fixture
def contest(actor):
    return make_contest(actor)[1]


def text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_parties_are_seeded_with_descriptions():
    labour = RegisteredParty.objects.get(ec_reference="PP53")
    assert labour.name == "Labour Party"
    assert PartyDescription.objects.filter(party=labour, description="Labour Party").exists()
    assert RegisteredParty.objects.count() >= 5


def test_close_of_nominations_is_4pm_on_the_nineteenth_working_day(contest):
    # 7 May 2026 local elections: published timetables give 4pm on Thursday 9 April 2026.
    close = nominations.deadline(contest.election, "nominations_close")
    assert close == at(2026, 4, 9, 16)


def test_a_paper_at_4pm_is_in_time_and_one_a_second_later_is_refused(contest, actor):
    nominate(contest, actor, "Adams", "Jane", received_at=at(2026, 4, 9, 16))
    with pytest.raises(ValidationError) as raised:
        nominate(contest, actor, "Baker", "Tom", received_at=at(2026, 4, 9, 16, 0, 1))
    assert "4pm on 9 April 2026" in raised.value.message_dict["received_at"][0]
    assert Candidate.nominations.filter(surname="Baker").count() == 0


def test_a_receipt_is_audited_without_the_home_address(contest, actor):
    candidate = nominate(contest, actor, "Adams", "Jane", home_address="12 Secret Lane")
    event = AuditEvent.private_objects.filter(action="elections.candidate.nominate").get()
    assert event.object_id == str(candidate.pk)
    assert "Secret Lane" not in str(event.changes)


def test_descriptions_must_be_registered_or_independent(contest, actor):
    labour = party("Labour Party")
    nominate(contest, actor, "Adams", "Jane", party=labour, description="Labour Party")
    nominate(contest, actor, "Brown", "Ann", description="Independent")
    with pytest.raises(ValidationError) as raised:
        nominate(contest, actor, "Cole", "Sam", party=labour, description="Best Party")
    assert "registered descriptions" in raised.value.message_dict["description"][0]
    with pytest.raises(ValidationError) as raised:
        nominate(contest, actor, "Dale", "Pat", description="Local Hero")
    assert "Independent" in raised.value.message_dict["description"][0]
    with pytest.raises(ValidationError) as raised:
        nominate(contest, actor, "Eve", "Kim", use_emblem=True)
    assert "use_emblem" in raised.value.message_dict


def test_an_invalid_decision_needs_its_reason(contest, actor):
    candidate = nominate(contest, actor, "Adams", "Jane")
    with pytest.raises(ValidationError) as raised:
        nominations.nomination_decide(candidate=candidate, valid=False, reason=" ", by=actor)
    assert "invalid_reason" in raised.value.message_dict
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.RECEIVED
    decided = nominations.nomination_decide(
        candidate=candidate, valid=False, reason="Only nine subscribers", by=actor
    )
    assert decided.status == Candidate.Status.INVALID
    assert AuditEvent.private_objects.filter(action="elections.candidate.decide").count() == 1


def test_withdrawal_after_the_deadline_is_refused(contest, actor):
    candidate = nominate(contest, actor, "Adams", "Jane")
    with pytest.raises(ValidationError) as raised:
        nominations.nomination_withdraw(
            candidate=candidate, withdrawn_at=at(2026, 4, 9, 16, 1), by=actor
        )
    assert (
        "Withdrawal of candidature closed at 4pm on 9 April 2026"
        in (raised.value.message_dict["withdrawn_at"][0])
    )
    done = nominations.nomination_withdraw(
        candidate=candidate, withdrawn_at=at(2026, 4, 9, 15, 59), by=actor
    )
    assert done.withdrawn_at == at(2026, 4, 9, 15, 59)


def test_statement_of_persons_nominated_orders_by_surname_and_gives_reasons(contest, actor):
    green = party("Green Party")
    for surname, names in [("Zephyr", "Ann"), ("adams", "Bea"), ("Mills", "Cy"), ("Long", "Di")]:
        candidate = nominate(contest, actor, surname, names, party=green, description="Green Party")
        if surname != "Long":
            nominations.nomination_decide(candidate=candidate, valid=True, by=actor)
        else:
            nominations.nomination_decide(
                candidate=candidate,
                valid=False,
                reason="Paper not signed by the candidate",
                by=actor,
            )
    hidden = nominate(
        contest, actor, "Quist", "Eli", home_address="4 Hidden Way", address_area="Kingsmere"
    )
    nominations.nomination_decide(candidate=hidden, valid=True, by=actor)
    body = text(nomination_documents.render_sopn_pdf(contest.election))
    order = [body.index(name) for name in ["ADAMS", "MILLS", "QUIST", "ZEPHYR"]]
    assert order == sorted(order)
    assert "Invalid: Paper not signed by the candidate" in body
    assert body.index("LONG") > body.index("no longer stand")
    assert "(address in Kingsmere)" in body
    assert "Hidden Way" not in body
    assert "Green Party" in body


def test_notice_of_poll_and_situation_of_polling_stations(contest, actor):
    for surname in ["Adams", "Brown", "Cole"]:
        nominations.nomination_decide(
            candidate=nominate(contest, actor, surname, "Jo"), valid=True, by=actor
        )
    make_district(actor, contest.ward, code="AA", electors=40)
    notice = text(nomination_documents.render_notice_of_poll_pdf(contest.election))
    assert "ADAMS Jo" in notice and "COLE Jo" in notice
    situation = text(nomination_documents.render_situation_pdf(contest.election))
    assert "AA Village Hall" in situation
    assert "AA1 to AA40" in situation
    assert "Surname1" not in situation


def test_a_date_fixed_by_law_moves_the_close_of_nominations(contest, actor):
    from datetime import date

    from elections import election_services

    election_services.timetable_override_set(
        election=contest.election,
        step="nominations_close",
        date=date(2026, 4, 10),
        reason="A one-off order (test)",
        by=actor,
    )
    nominate(contest, actor, "Adams", "Jane", received_at=at(2026, 4, 10, 15))
    assert nominations.deadline(contest.election, "nominations_close") == at(2026, 4, 10, 16)
