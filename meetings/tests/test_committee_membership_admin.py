"""The console's committee membership rows (the only place seats are chosen by hand) follow
``membership_appoint``: a co-opted member only in a co-opted seat, while co-opted, and with a
vote only if their co-option gives one; a councillor never in a co-opted seat; each refusal
beside its field. A co-opted member by name only still works."""

from __future__ import annotations

from datetime import date

import pytest

from democracy.tests.factories import CommitteeFactory, CoOptionFactory, TermFactory
from meetings.admin import MembershipForm

SEATED = date(2026, 5, 19)


@pytest.fixture
def committee(db):
    return CommitteeFactory(name="Audit and Governance Committee")


def form(committee, **values) -> MembershipForm:
    data = {"committee": committee.pk, "start_date": SEATED.isoformat(), **values}
    return MembershipForm(data={k: v for k, v in data.items() if v is not None})


def test_a_voting_co_optee_takes_a_voting_co_opted_seat(committee):
    helen = CoOptionFactory().councillor
    assert form(committee, councillor=helen.pk, role="coopted_voting").is_valid()


def test_a_co_optee_in_a_councillors_seat_is_refused_on_the_role(committee):
    helen = CoOptionFactory().councillor
    f = form(committee, councillor=helen.pk, role="member")
    assert not f.is_valid()
    assert f.errors["role"] == [f"{helen} is a co-opted member: choose a co-opted member's seat."]


def test_a_non_voting_co_optee_in_a_voting_seat_is_refused(committee):
    ruth = CoOptionFactory(voting=False).councillor
    assert form(committee, councillor=ruth.pk, role="coopted_non_voting").is_valid()
    f = form(committee, councillor=ruth.pk, role="coopted_voting")
    assert f.errors["role"] == [f"{ruth} is co-opted without a vote: choose a non-voting seat."]


def test_a_co_optee_before_their_co_option_is_refused_on_the_person(committee):
    okoro = CoOptionFactory(start_date=date(2026, 9, 1)).councillor
    f = form(committee, councillor=okoro.pk, role="coopted_voting")
    assert f.errors["councillor"] == [f"{okoro} is not a co-opted member on 19 May 2026."]


def test_a_councillor_in_a_co_opted_seat_is_refused(committee):
    cllr = TermFactory().councillor
    assert form(committee, councillor=cllr.pk, role="member").is_valid()
    f = form(committee, councillor=cllr.pk, role="coopted_voting")
    assert f.errors["role"] == [
        f"{cllr} is a councillor: a co-opted seat is for someone who is not."
    ]


def test_a_co_opted_member_by_name_only_still_works(committee):
    assert form(committee, coopted_name="Dr Ada Lovelace", role="coopted_voting").is_valid()
