"""Committees and their membership: the services that write them (validated, atomic, audited)
and the database constraints behind them.

Appointments are dated at an annual meeting, Tue 19 May 2026, for councillors in office since
Mon 8 May 2023 (a start date for the tests).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from democracy.models import AuditEvent
from democracy.tests.factories import (
    CommitteeFactory,
    TermFactory,
    UserFactory,
    WardFactory,
)
from meetings import services
from meetings.models import Committee, CommitteeMembership
from members.services import term_end

ANNUAL_MEETING = date(2026, 5, 19)
TAKE_OFFICE = date(2023, 5, 8)


@pytest.fixture
def actor(db):
    return UserFactory(username="dso", first_name="Priya", last_name="Shah")


def councillors(n: int):
    """``n`` councillors in office on the annual meeting, across as many three-seat wards."""
    made = []
    for i in range(n):
        if i % 3 == 0:
            ward = WardFactory(created_on=date(2023, 5, 4))
        made.append(TermFactory(ward=ward, start_date=TAKE_OFFICE).councillor)
    return made


@pytest.fixture
def audit_committee(db):
    return CommitteeFactory(name="Audit and Governance Committee", size=9, quorum=3)


def rows():
    return CommitteeMembership.objects.count(), AuditEvent.private_objects.count()


def appoint(committee, councillor, role=CommitteeMembership.Role.MEMBER, start_date=ANNUAL_MEETING):
    return services.membership_appoint(
        committee=committee, councillor=councillor, role=role, start_date=start_date, by=None
    )


# --------------------------------------------------------------------------------------------
# committee_create
# --------------------------------------------------------------------------------------------


def test_committee_create_writes_one_audit_row(actor):
    committee = services.committee_create(
        name="Standards Committee",
        kind=Committee.Kind.COMMITTEE,
        size=7,
        quorum=3,
        established_on=date(2023, 5, 16),
        by=actor,
    )
    assert committee.slug == "standards-committee"
    [event] = AuditEvent.private_objects.all()
    assert (event.action, event.actor, event.actor_name) == (
        "meetings.committee.create",
        actor,
        "Priya Shah",
    )
    assert event.object_id == str(committee.pk)
    assert event.changes == {
        "kind": [None, "committee"],
        "name": [None, "Standards Committee"],
        "political_balance_applies": [None, True],
        "quorum": [None, 3],
        "size": [None, 7],
    }


def test_committee_create_refuses_a_quorum_larger_than_the_committee(db):
    with pytest.raises(ValidationError) as caught:
        services.committee_create(
            name="Standards Committee",
            kind=Committee.Kind.COMMITTEE,
            size=7,
            quorum=8,
            established_on=date(2023, 5, 16),
            by=None,
        )
    assert caught.value.messages
    assert not Committee.objects.exists()
    assert not AuditEvent.private_objects.exists()


def test_a_quorum_larger_than_the_committee_is_refused_naming_the_quorum(db):
    # Bad input gets a message naming the field (ARCHITECTURE 4.12); the officer must be told
    # that it is the quorum that is wrong, not that a constraint was violated.
    committee = Committee(
        name="Standards Committee",
        slug="standards-committee",
        kind=Committee.Kind.COMMITTEE,
        size=7,
        quorum=8,
        established_on=date(2023, 5, 16),
    )
    with pytest.raises(ValidationError) as caught:
        committee.full_clean()
    assert "quorum" in caught.value.error_dict


def test_a_quorum_larger_than_the_committee_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError, match="committee_quorum_le_size"), transaction.atomic():
        CommitteeFactory(size=7, quorum=8)


def test_committee_create_names_an_unknown_kind(db):
    with pytest.raises(ValidationError) as caught:
        services.committee_create(
            name="Standards Committee",
            kind="tribunal",
            size=7,
            quorum=3,
            established_on=date(2023, 5, 16),
            by=None,
        )
    assert set(caught.value.error_dict) == {"kind"}
    assert not AuditEvent.private_objects.exists()


# --------------------------------------------------------------------------------------------
# membership_appoint
# --------------------------------------------------------------------------------------------


def test_membership_appoint_writes_one_audit_row(actor, audit_committee):
    [councillor] = councillors(1)
    membership = services.membership_appoint(
        committee=audit_committee,
        councillor=councillor,
        role=CommitteeMembership.Role.CHAIR,
        start_date=ANNUAL_MEETING,
        by=actor,
    )
    [event] = AuditEvent.private_objects.all()
    assert (event.action, event.actor, event.object_id) == (
        "meetings.membership.appoint",
        actor,
        str(membership.pk),
    )
    assert event.changes == {
        "committee": [None, {"id": audit_committee.pk, "repr": "Audit and Governance Committee"}],
        "councillor": [None, {"id": councillor.pk, "repr": str(councillor)}],
        "role": [None, "chair"],
        "start_date": [None, "2026-05-19"],
    }


def test_membership_appoint_refuses_a_tenth_member_of_a_nine_seat_committee(audit_committee):
    *nine, tenth = councillors(10)
    appoint(audit_committee, nine[0], CommitteeMembership.Role.CHAIR)
    appoint(audit_committee, nine[1], CommitteeMembership.Role.VICE_CHAIR)
    for councillor in nine[2:]:
        appoint(audit_committee, councillor)
    before = rows()
    with pytest.raises(ValidationError) as caught:
        appoint(audit_committee, tenth)
    assert caught.value.message_dict == {
        "role": ["All 9 seats on Audit and Governance Committee are filled."]
    }
    assert rows() == before


def test_substitutes_and_co_optees_do_not_take_voting_seats(audit_committee):
    *nine, substitute = councillors(10)
    for councillor in nine:
        appoint(audit_committee, councillor)
    appoint(audit_committee, substitute, CommitteeMembership.Role.SUBSTITUTE)
    assert audit_committee.memberships.count() == 10


def test_a_seat_freed_before_the_appointment_date_can_be_filled(audit_committee):
    *nine, newcomer = councillors(10)
    for councillor in nine:
        appoint(audit_committee, councillor, start_date=date(2025, 5, 20))
    CommitteeMembership.objects.filter(councillor=nine[0]).update(end_date=ANNUAL_MEETING)
    assert appoint(audit_committee, newcomer).pk is not None


def test_membership_appoint_refuses_a_second_chair(audit_committee):
    first, second = councillors(2)
    appoint(audit_committee, first, CommitteeMembership.Role.CHAIR)
    before = rows()
    with pytest.raises(ValidationError) as caught:
        appoint(audit_committee, second, CommitteeMembership.Role.CHAIR)
    assert caught.value.message_dict == {
        "role": ["Audit and Governance Committee already has a chair."]
    }
    assert rows() == before


def test_membership_appoint_refuses_a_second_vice_chair(audit_committee):
    first, second = councillors(2)
    appoint(audit_committee, first, CommitteeMembership.Role.VICE_CHAIR)
    with pytest.raises(ValidationError) as caught:
        appoint(audit_committee, second, CommitteeMembership.Role.VICE_CHAIR)
    assert caught.value.message_dict == {
        "role": ["Audit and Governance Committee already has a vice-chair."]
    }


def test_membership_appoint_refuses_a_councillor_not_in_office(audit_committee):
    # Terms end on the first day out of office: a councillor who resigned with effect from
    # 31 Jan 2025 cannot be appointed at the 2026 annual meeting, nor on 31 Jan 2025 itself.
    term = TermFactory(
        ward=WardFactory(created_on=date(2023, 5, 4)),
        start_date=TAKE_OFFICE,
        end_date=date(2025, 1, 31),
        end_reason="resigned",
    )
    councillor = term.councillor
    councillor.first_name, councillor.last_name = "Ada", "Lovelace"
    councillor.save()
    for start_date, shown in [
        (ANNUAL_MEETING, "19 May 2026"),
        (date(2025, 1, 31), "31 January 2025"),
    ]:
        with pytest.raises(ValidationError) as caught:
            appoint(audit_committee, councillor, start_date=start_date)
        assert caught.value.message_dict == {
            "councillor": [f"Councillor Ada Lovelace does not hold office on {shown}."]
        }
    assert rows() == (0, 0)
    # The day before the resignation took effect, the councillor still held office.
    assert appoint(audit_committee, councillor, start_date=date(2025, 1, 30)).pk is not None


def test_membership_appoint_refuses_a_councillor_already_on_the_committee(audit_committee):
    [councillor] = councillors(1)
    appoint(audit_committee, councillor)
    before = rows()
    with pytest.raises(ValidationError) as caught:
        appoint(audit_committee, councillor, start_date=date(2026, 6, 1))
    assert caught.value.messages == [
        "This councillor already sits on the committee for part of that period."
    ]
    assert rows() == before


# --------------------------------------------------------------------------------------------
# CommitteeMembership constraints
# --------------------------------------------------------------------------------------------


def test_a_co_opted_member_needs_no_councillor(audit_committee):
    membership = CommitteeMembership(
        committee=audit_committee,
        coopted_name="Independent person (Localism Act 2011 s28(7))",
        role=CommitteeMembership.Role.COOPTED_NON_VOTING,
        start_date=ANNUAL_MEETING,
    )
    membership.full_clean()
    membership.save()
    # Two co-optees at once do not clash: the overlap rule is per councillor.
    CommitteeMembership.objects.create(
        committee=audit_committee,
        coopted_name="Second independent person",
        role=CommitteeMembership.Role.COOPTED_NON_VOTING,
        start_date=ANNUAL_MEETING,
    )
    assert audit_committee.memberships.count() == 2


@pytest.mark.parametrize(
    ("with_councillor", "coopted_name"),
    [(True, "Jane Doe"), (False, "")],
    ids=["both a councillor and a co-opted name", "neither"],
)
def test_a_membership_must_be_a_councillor_or_a_co_opted_person(
    audit_committee, with_councillor, coopted_name
):
    membership = CommitteeMembership(
        committee=audit_committee,
        councillor=councillors(1)[0] if with_councillor else None,
        coopted_name=coopted_name,
        start_date=ANNUAL_MEETING,
    )
    with pytest.raises(ValidationError):
        membership.full_clean()
    with (
        pytest.raises(IntegrityError, match="membership_councillor_or_coopted"),
        transaction.atomic(),
    ):
        membership.save()


def test_overlapping_seats_for_one_councillor_are_refused_by_the_database(audit_committee):
    [councillor] = councillors(1)
    CommitteeMembership.objects.create(
        committee=audit_committee, councillor=councillor, start_date=ANNUAL_MEETING
    )
    with pytest.raises(IntegrityError, match="membership_no_overlap"), transaction.atomic():
        CommitteeMembership.objects.create(
            committee=audit_committee, councillor=councillor, start_date=date(2026, 6, 1)
        )
    # The same councillor may sit on another committee over the same period.
    CommitteeMembership.objects.create(
        committee=CommitteeFactory(), councillor=councillor, start_date=ANNUAL_MEETING
    )


def test_a_membership_ending_before_it_starts_is_refused_by_the_database(audit_committee):
    with pytest.raises(IntegrityError, match="membership_ends_after_start"), transaction.atomic():
        CommitteeMembership.objects.create(
            committee=audit_committee,
            councillor=councillors(1)[0],
            start_date=ANNUAL_MEETING,
            end_date=date(2026, 5, 18),
        )


# --------------------------------------------------------------------------------------------
# Leaving office ends committee seats (members.services.term_end -> members.signals.left_office)
# --------------------------------------------------------------------------------------------


def test_a_councillor_who_resigns_loses_their_seats_the_same_day(actor, audit_committee):
    leaver, stayer = councillors(2)
    licensing = CommitteeFactory(name="Licensing Committee", size=15, quorum=3)
    appoint(audit_committee, leaver, CommitteeMembership.Role.CHAIR)
    appoint(audit_committee, stayer)
    appoint(licensing, leaver, start_date=date(2026, 9, 1))  # not yet begun
    # Resignation with effect from Fri 31 July 2026 (the first day out of office).
    term_end(term=leaver.terms.get(), end_date=date(2026, 7, 31), end_reason="resigned", by=actor)

    chair = CommitteeMembership.objects.get(committee=audit_committee, councillor=leaver)
    assert chair.end_date == date(2026, 7, 31)
    assert not CommitteeMembership.objects.filter(committee=licensing).exists()
    assert CommitteeMembership.objects.get(councillor=stayer).end_date is None
    actions = list(AuditEvent.private_objects.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == [
        "members.term.end",
        "meetings.membership.end",
        "meetings.membership.withdraw",
    ]


def test_a_seat_cannot_end_before_it_begins(audit_committee):
    [councillor] = councillors(1)
    seat = appoint(audit_committee, councillor)
    with pytest.raises(ValidationError) as caught:
        services.committees.membership_end(membership=seat, end_date=ANNUAL_MEETING, by=None)
    assert list(caught.value.message_dict) == ["end_date"]
    seat.refresh_from_db()
    assert seat.end_date is None
