"""Co-opted members: people who sit on committees without being councillors (Localism Act 2011
s27(4)). Their record, their co-options, their seats, and their use of the member portal."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from democracy.models import AuditEvent
from democracy.tests.factories import CommitteeFactory, CoOptionFactory, TermFactory, WardFactory
from meetings.models import CommitteeMembership
from meetings.services import membership_appoint
from members.models import CoOption, Councillor
from members.services.councillors import (
    co_option_end,
    co_option_start,
    councillor_create,
    term_start,
)

# Audit Committee co-option: appointed by Council on Thu 22 May 2025, in office from Mon 2 June.
CO_OPTED_ON = date(2025, 6, 2)


@pytest.fixture
def jane(db):
    return councillor_create(
        kind=Councillor.Kind.COOPTED, title="Mrs", first_name="Jane", last_name="Doe", by=None
    )


def test_a_co_opted_member_is_named_by_title_not_as_a_councillor(jane):
    assert jane.formal_name == "Mrs Jane Doe" == str(jane)
    elected = TermFactory(councillor__first_name="Ann", councillor__last_name="Smith").councillor
    assert str(elected) == "Councillor Ann Smith"


def test_a_co_option_is_recorded_and_audited(jane):
    co_option = co_option_start(
        councillor=jane,
        appointment="Independent member of the Audit and Governance Committee",
        appointed_by="Council, 22 May 2025",
        start_date=CO_OPTED_ON,
        by=None,
    )
    assert list(Councillor.all_objects.co_opted(date(2025, 6, 2))) == [jane]
    assert list(Councillor.all_objects.co_opted(date(2025, 6, 1))) == []
    assert AuditEvent.private_objects.filter(action="members.co_option.start").count() == 1
    assert co_option.voting and co_option.allowance_payable


def test_only_someone_who_is_not_a_councillor_is_co_opted(db):
    elected = TermFactory().councillor
    with pytest.raises(ValidationError) as caught:
        co_option_start(councillor=elected, appointment="x", start_date=CO_OPTED_ON, by=None)
    assert list(caught.value.message_dict) == ["councillor"]
    assert not CoOption.objects.exists()


def test_a_co_opted_member_cannot_be_given_a_ward_as_if_elected(jane):
    with pytest.raises(ValidationError) as caught:
        term_start(
            councillor=jane,
            ward=WardFactory(),
            start_date=date(2026, 5, 11),
            start_reason="ordinary",
            by=None,
        )
    assert "co-opted member, not a councillor" in caught.value.message_dict["councillor"][0]


def test_co_options_of_one_person_do_not_overlap(jane):
    CoOptionFactory(councillor=jane, start_date=CO_OPTED_ON)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoOptionFactory(councillor=jane, start_date=date(2026, 1, 5))


def test_an_ended_co_option_needs_a_reason(jane):
    co_option = CoOptionFactory(councillor=jane, start_date=CO_OPTED_ON)
    co_option.end_date = date(2026, 6, 1)
    with pytest.raises(ValidationError) as caught:
        co_option.full_clean()
    assert list(caught.value.message_dict) == ["end_reason"]


# --- Seats -----------------------------------------------------------------------------------


@pytest.fixture
def audit(db):
    return CommitteeFactory(name="Audit and Governance Committee", size=9, quorum=3)


def appoint(committee, person, role, start=date(2025, 6, 16)):
    return membership_appoint(
        committee=committee, councillor=person, role=role, start_date=start, by=None
    )


def test_a_co_opted_member_takes_a_co_opted_seat_while_co_opted(jane, audit):
    CoOptionFactory(councillor=jane, start_date=CO_OPTED_ON)
    seat = appoint(audit, jane, CommitteeMembership.Role.COOPTED_VOTING)
    assert seat.councillor == jane and seat.coopted_name == ""

    with pytest.raises(ValidationError) as caught:
        appoint(audit, jane, CommitteeMembership.Role.MEMBER, start=date(2026, 6, 1))
    assert "choose a co-opted member's seat" in caught.value.message_dict["role"][0]


def test_a_co_opted_member_is_not_seated_before_their_co_option(jane, audit):
    CoOptionFactory(councillor=jane, start_date=CO_OPTED_ON)
    with pytest.raises(ValidationError) as caught:
        appoint(audit, jane, CommitteeMembership.Role.COOPTED_VOTING, start=date(2025, 6, 1))
    assert caught.value.message_dict["councillor"] == [
        "Mrs Jane Doe is not a co-opted member on 1 June 2025."
    ]
    assert not CommitteeMembership.objects.exists()


def test_a_co_opted_member_without_a_vote_takes_a_non_voting_seat(jane, audit):
    CoOptionFactory(councillor=jane, start_date=CO_OPTED_ON, voting=False)
    with pytest.raises(ValidationError) as caught:
        appoint(audit, jane, CommitteeMembership.Role.COOPTED_VOTING)
    assert "without a vote" in caught.value.message_dict["role"][0]
    appoint(audit, jane, CommitteeMembership.Role.COOPTED_NON_VOTING)


def test_a_councillor_does_not_take_a_co_opted_seat(audit):
    elected = TermFactory().councillor
    with pytest.raises(ValidationError) as caught:
        appoint(audit, elected, CommitteeMembership.Role.COOPTED_VOTING)
    assert list(caught.value.message_dict) == ["role"]


def test_ending_a_co_option_ends_the_seats_the_same_day(jane, audit):
    co_option = CoOptionFactory(councillor=jane, start_date=CO_OPTED_ON)
    seat = appoint(audit, jane, CommitteeMembership.Role.COOPTED_VOTING)
    co_option_end(co_option=co_option, end_date=date(2026, 9, 1), end_reason="resigned", by=None)
    seat.refresh_from_db()
    assert seat.end_date == date(2026, 9, 1)
    actions = list(AuditEvent.private_objects.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["members.co_option.end", "meetings.membership.end"]


# --- The member portal -----------------------------------------------------------------------


def test_a_co_opted_member_signs_in_to_the_member_portal(client, co_opted_member):
    client.force_login(co_opted_member)
    response = client.get("/members/portal/")
    assert response.status_code == 200
    assert b"Member portal" in response.content


def test_the_portal_shows_a_co_opted_member_their_co_option_not_a_ward(client, co_opted_member):
    client.force_login(co_opted_member)
    page = client.get("/members/portal/").content.decode()
    assert "Co-opted as" in page
    assert "Independent member of the Audit and Governance Committee" in page
    assert "2 June 2025" in page
    assert "Ward" not in page and "Political group" not in page
    assert "call-in" not in page  # calling in a decision is for councillors


def test_the_portal_shows_a_councillor_their_ward_not_co_options(client, councillor):
    client.force_login(councillor)
    page = client.get("/members/portal/").content.decode()
    assert "Ward" in page and "Terms of office" in page
    assert "Co-opted as" not in page and "Co-options" not in page
