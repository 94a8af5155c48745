"""Political balance from the database: the position on a date (entitlement against the seats
each group's members hold, breaches, review due), recording a review and recording an s17
variation (validated, atomic, audited).

Councillors take office on Mon 8 May 2023 (a start date for the tests; the fourth day after the
poll of 4 May 2023 was that bank holiday, so Kingsmere's took office on 9 May); the
annual meeting appoints committees on Tue 19 May 2026.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from democracy.models import AuditEvent
from democracy.tests.factories import (
    CommitteeFactory,
    CoOptionFactory,
    PoliticalGroupFactory,
    TermFactory,
    UserFactory,
    WardFactory,
)
from meetings.models import BalanceReview, BalanceVariation, CommitteeMembership
from meetings.rules.balance import AGGREGATE, NON_ALIGNED
from meetings.services import membership_appoint
from meetings.services.balance import (
    balance_position,
    balance_review_record,
    balance_variation_record,
    participant_key,
)
from members.models import GroupMembership

TAKE_OFFICE = date(2023, 5, 8)
ANNUAL_MEETING = date(2026, 5, 19)


@pytest.fixture
def actor(db):
    return UserFactory(username="dso", first_name="Priya", last_name="Shah")


class SmallCouncil:
    """Ten councillors: Red 6 (a majority), Blue 3, one non-aligned; one 5-seat committee."""

    def __init__(self):
        ward = WardFactory(created_on=date(2023, 5, 4), seats=10)
        self.red = PoliticalGroupFactory(name="Red Group", short_name="Red")
        self.blue = PoliticalGroupFactory(name="Blue Group", short_name="Blue")
        self.councillors = {"Red": [], "Blue": [], None: []}
        for label, count in (("Red", 6), ("Blue", 3), (None, 1)):
            for _ in range(count):
                councillor = TermFactory(ward=ward, start_date=TAKE_OFFICE).councillor
                if label:
                    GroupMembership.objects.create(
                        councillor=councillor,
                        group=self.red if label == "Red" else self.blue,
                        start_date=TAKE_OFFICE,
                    )
                self.councillors[label].append(councillor)
        self.committee = CommitteeFactory(name="Planning Committee", size=5, quorum=3)

    def appoint(self, label, n, role="member", committee=None):
        for councillor in self.councillors[label][:n]:
            CommitteeMembership.objects.create(
                committee=committee or self.committee,
                councillor=councillor,
                role=role,
                start_date=ANNUAL_MEETING,
            )


@pytest.fixture
def council(db):
    return SmallCouncil()


def rows(position, committee_name):
    c = next(c for c in position.committees if c.committee.name == committee_name)
    return {r.participant.name: (r.entitled, r.appointed) for r in c.rows}


# --- The position ------------------------------------------------------------------------------


def test_entitlement_against_appointments_with_no_breach(council):
    # 5 seats: Red 3.0, Blue 1.5, non-aligned 0.5. Red 3; Blue's exact half rounds up against
    # the non-aligned (the documented default), so the non-aligned get none.
    council.appoint("Red", 3)
    council.appoint("Blue", 2)
    position = balance_position(ANNUAL_MEETING)
    assert [(p.name, p.members) for p in position.participants] == [
        ("Red Group", 6),
        ("Blue Group", 3),
        (NON_ALIGNED, 1),
    ]
    assert rows(position, "Planning Committee") == {
        "Red Group": (3, 3),
        "Blue Group": (2, 2),
        NON_ALIGNED: (0, 0),
    }
    assert position.breaches == []
    [tie] = position.ties
    assert (tie.scope, tie.contenders, tie.decided) == (
        AGGREGATE,
        ("Blue Group", NON_ALIGNED),
        False,
    )


def test_more_or_fewer_seats_than_entitled_are_breaches(council):
    council.appoint("Red", 4)
    council.appoint("Blue", 1)
    position = balance_position(ANNUAL_MEETING)
    assert rows(position, "Planning Committee")["Red Group"] == (3, 4)
    assert position.breaches == [
        "Planning Committee: Red Group hold 1 seat more than entitled",
        "Planning Committee: Blue Group hold 1 seat fewer than entitled",
    ]
    aggregate = {
        r.participant.name: (r.entitled, r.appointed, r.status) for r in position.aggregate
    }
    assert aggregate["Red Group"] == (3, 4, "1 seat more than entitled")


def test_principle_a_and_b_breaches_are_named(council):
    # Blue alone on the committee: (a) every seat one group's, and Red (a council majority)
    # without a majority (b).
    council.appoint("Blue", 3)
    breaches = balance_position(ANNUAL_MEETING).breaches
    assert "Planning Committee: Principle (a): every seat filled is held by Blue Group" in breaches
    assert (
        "Planning Committee: Principle (b): Red Group have a majority of the council but hold 0 "
        "of 5 seats" in breaches
    )


def test_substitutes_co_opted_members_and_past_members_hold_no_seat(council):
    council.appoint("Red", 3)
    council.appoint("Blue", 2)
    council.appoint(None, 1, role=CommitteeMembership.Role.SUBSTITUTE)
    CommitteeMembership.objects.create(
        committee=council.committee,
        coopted_name="Dr Ada Lovelace",
        role=CommitteeMembership.Role.COOPTED_VOTING,
        start_date=ANNUAL_MEETING,
    )
    # A Blue member whose seat ended before the date.
    CommitteeMembership.objects.create(
        committee=council.committee,
        councillor=council.councillors["Blue"][2],
        role=CommitteeMembership.Role.MEMBER,
        start_date=date(2025, 5, 20),
        end_date=ANNUAL_MEETING,
    )
    position = balance_position(ANNUAL_MEETING)
    assert rows(position, "Planning Committee")[NON_ALIGNED] == (0, 0)
    assert rows(position, "Planning Committee")["Blue Group"] == (2, 2)
    assert position.breaches == []


def test_a_co_opted_persons_seat_counts_for_no_group_and_not_in_the_committee_size(council):
    # Mrs Helen Marsh, a co-opted member (a person on the record, not a councillor), takes a
    # voting co-opted seat beside the five councillors' seats (LGHA 1989 s15 balances the seats
    # of councillors only; co-optees are outside it).
    council.appoint("Red", 3)
    council.appoint("Blue", 2)
    helen = CoOptionFactory(
        councillor__title="Mrs", councillor__first_name="Helen", councillor__last_name="Marsh"
    ).councillor
    membership_appoint(
        committee=council.committee,
        councillor=helen,
        role=CommitteeMembership.Role.COOPTED_VOTING,
        start_date=ANNUAL_MEETING,
        by=None,
    )
    position = balance_position(ANNUAL_MEETING)
    assert position.members == 10
    assert [(p.name, p.members) for p in position.participants] == [
        ("Red Group", 6),
        ("Blue Group", 3),
        (NON_ALIGNED, 1),
    ]
    committee = next(c for c in position.committees if c.committee == council.committee)
    assert (committee.vacancies, committee.not_in_office) == (0, 0)
    assert sum(r.appointed for r in committee.rows) == 5
    assert rows(position, "Planning Committee") == {
        "Red Group": (3, 3),
        "Blue Group": (2, 2),
        NON_ALIGNED: (0, 0),
    }
    assert position.breaches == []


def test_a_change_of_group_moves_the_seat_and_the_entitlement(council):
    council.appoint("Red", 3)
    council.appoint("Blue", 2)
    # A Red member leaves the group: Red 5 of 10 is no longer a majority.
    leaver = council.councillors["Red"][0]
    GroupMembership.objects.filter(councillor=leaver).update(end_date=date(2026, 6, 1))
    position = balance_position(date(2026, 6, 1))
    assert position.balance.majority_group is None
    assert [(p.name, p.members) for p in position.participants][-1] == (NON_ALIGNED, 2)
    assert rows(position, "Planning Committee")[NON_ALIGNED][1] == 1  # the leaver's seat


def test_only_balanced_active_committees_count_and_sub_committees_stand_apart(council):
    CommitteeFactory(name="Cabinet", kind="executive", size=4, political_balance_applies=False)
    CommitteeFactory(name="Old Committee", size=3, dissolved_on=date(2025, 1, 1))
    CommitteeFactory(name="Planning Sub-Committee", size=3, parent=council.committee)
    position = balance_position(ANNUAL_MEETING)
    assert [c.committee.name for c in position.committees] == [
        "Planning Committee",
        "Planning Sub-Committee",
    ]
    assert position.balance.total_seats == 5
    sub = next(c for c in position.committees if c.committee.name == "Planning Sub-Committee")
    assert not sub.in_aggregate
    assert rows(position, "Planning Sub-Committee") == {
        "Red Group": (2, 0),
        "Blue Group": (1, 0),
        NON_ALIGNED: (0, 0),
    }


# --- Reviews -----------------------------------------------------------------------------------


def test_no_review_yet_means_a_review_is_due(council):
    position = balance_position(ANNUAL_MEETING)
    assert position.last_review is None and position.review_due


def test_recording_a_review_keeps_the_snapshot_and_decides_every_tie(council, actor):
    council.appoint("Red", 3)
    council.appoint("Blue", 2)
    review = balance_review_record(
        reviewed_on=ANNUAL_MEETING, reason=BalanceReview.Reason.ANNUAL_MEETING, by=actor
    )
    assert review.reviewed_by == actor
    assert review.snapshot["committees"]["Planning Committee"]["seats"]["Red Group"] == {
        "members": 6,
        "exact": "3.00",
        "entitled": 3,
        "appointed": 3,
    }
    assert review.tie_decisions == {f"Aggregate: Blue Group / {NON_ALIGNED}": ["Blue Group"]}
    [event] = AuditEvent.private_objects.filter(action="meetings.balance_review.record")
    assert event.actor == actor
    position = balance_position(ANNUAL_MEETING)
    assert position.last_review == review
    assert not position.review_due
    assert [t.decided for t in position.ties] == [True]


def test_an_officer_can_give_the_half_seat_to_the_non_aligned_member(council, actor):
    key = f"Aggregate: Blue Group / {NON_ALIGNED}"
    balance_review_record(
        reviewed_on=ANNUAL_MEETING,
        reason=BalanceReview.Reason.ANNUAL_MEETING,
        tie_decisions={key: [NON_ALIGNED]},
        by=actor,
    )
    position = balance_position(ANNUAL_MEETING)
    assert rows(position, "Planning Committee") == {
        "Red Group": (3, 0),
        "Blue Group": (1, 0),
        NON_ALIGNED: (1, 0),
    }


def test_a_decision_on_a_tie_that_does_not_arise_is_refused(council, actor):
    with pytest.raises(ValidationError) as raised:
        balance_review_record(
            reviewed_on=ANNUAL_MEETING,
            reason=BalanceReview.Reason.OTHER,
            tie_decisions={"Aggregate: Red Group / Blue Group": ["Red Group"]},
            by=actor,
        )
    assert "tie_decisions" in raised.value.message_dict
    assert not BalanceReview.objects.exists()


def test_a_change_of_group_after_the_review_prompts_another(council, actor):
    balance_review_record(
        reviewed_on=ANNUAL_MEETING, reason=BalanceReview.Reason.ANNUAL_MEETING, by=actor
    )
    leaver = council.councillors["Red"][0]
    GroupMembership.objects.filter(councillor=leaver).update(end_date=date(2026, 9, 1))
    GroupMembership.objects.create(
        councillor=leaver, group=council.blue, start_date=date(2026, 9, 1)
    )
    position = balance_position(date(2026, 9, 2))
    assert position.review_due
    assert [(c.on, c.text) for c in position.changes] == [
        (date(2026, 9, 1), f"{leaver.full_name} left Red Group"),
        (date(2026, 9, 1), f"{leaver.full_name} joined Blue Group"),
    ]
    # On the day of the review itself nothing had changed yet.
    assert not balance_position(ANNUAL_MEETING).review_due


# --- s17 variations ----------------------------------------------------------------------------


def allocation(council, red, blue, non_aligned=0):
    return {
        council.committee: {
            participant_key(council.red): red,
            participant_key(council.blue): blue,
            participant_key(None): non_aligned,
        }
    }


def test_a_variation_with_a_vote_against_is_refused_and_names_the_field(council, actor):
    with pytest.raises(ValidationError) as raised:
        balance_variation_record(
            committees=[council.committee],
            resolved_on=ANNUAL_MEETING,
            description="Two seats each for Red and Blue, one for the independent member.",
            allocation=allocation(council, 2, 2, 1),
            votes_against=1,
            by=actor,
        )
    assert "no member votes against" in raised.value.message_dict["votes_against"][0]
    assert not BalanceVariation.objects.exists()
    assert not AuditEvent.private_objects.filter(action__startswith="meetings.balance").exists()


def test_the_database_refuses_a_variation_with_votes_against(council):
    with pytest.raises(IntegrityError), transaction.atomic():
        BalanceVariation.objects.create(
            resolved_on=ANNUAL_MEETING, description="x", allocation={}, votes_against=2
        )


@pytest.mark.parametrize(
    ("seats", "message"),
    [
        ((2, 2, 0), "Planning Committee has 5 seats; the agreed allocation gives 4."),
        ((3, -1, 3), "seats must be whole numbers"),
    ],
)
def test_a_variation_must_fill_the_committee_exactly(council, actor, seats, message):
    with pytest.raises(ValidationError) as raised:
        balance_variation_record(
            committees=[council.committee],
            resolved_on=ANNUAL_MEETING,
            description="Other arrangements.",
            allocation=allocation(council, *seats),
            votes_against=0,
            by=actor,
        )
    assert message in raised.value.message_dict["allocation"][0]


def test_a_variation_in_force_replaces_the_s15_entitlement_for_its_committee(council, actor):
    council.appoint("Red", 2)
    council.appoint("Blue", 2)
    council.appoint(None, 1)
    variation = balance_variation_record(
        committees=[council.committee],
        resolved_on=date(2026, 5, 19),
        minute_reference="C/12",
        description="Two seats each for Red and Blue, one for the independent member.",
        allocation=allocation(council, 2, 2, 1),
        votes_against=0,
        by=actor,
    )
    [event] = AuditEvent.private_objects.filter(action="meetings.balance_variation.record")
    assert event.changes["committees"] == [None, ["Planning Committee"]]
    position = balance_position(ANNUAL_MEETING)
    [committee] = position.committees
    assert committee.variation == variation
    assert "s17 variation of 19 May 2026" in committee.entitled_from
    assert rows(position, "Planning Committee") == {
        "Red Group": (2, 2),
        "Blue Group": (2, 2),
        NON_ALIGNED: (1, 1),
    }
    # Red hold 2 of 5 though a council majority: s17 disapplies (b), so no breach.
    assert position.breaches == []
    assert position.variations == [variation]
    # Before the resolution, s15 applies.
    assert balance_position(date(2026, 5, 18)).committees[0].variation is None


# --- The demo council --------------------------------------------------------------------------


@pytest.mark.slow
def test_the_demo_councils_appointments_follow_political_balance(demo_council):
    """Kingsmere on 19 May 2026: Con 20, Lab 13, LD 8, Green 4 and 3 independents (48); 56 seats.

    The demo appoints members from this calculation, so the three independents hold the 4 seats
    reg 16 gives the non-aligned members and no committee is in breach."""
    position = balance_position(ANNUAL_MEETING)
    assert [(p.name, p.members) for p in position.participants] == [
        ("Conservative Group", 20),
        ("Labour Group", 13),
        ("Liberal Democrat Group", 8),
        ("Green Group", 4),
        (NON_ALIGNED, 3),
    ]
    assert position.balance.majority_group is None
    assert {r.participant.name: (r.entitled, r.appointed) for r in position.aggregate} == {
        "Conservative Group": (23, 23),
        "Labour Group": (15, 15),
        "Liberal Democrat Group": (9, 9),
        "Green Group": (5, 5),
        NON_ALIGNED: (4, 4),
    }
    seats = {
        c.committee.name: tuple(r.entitled for r in c.rows)
        for c in position.committees
        if c.committee.name != "Council"
    }
    assert seats == {
        "Audit and Governance Committee": (4, 2, 1, 1, 1),
        "Licensing Committee": (6, 4, 3, 1, 1),
        "Overview and Scrutiny Committee": (5, 3, 2, 1, 1),
        "Planning Committee": (5, 4, 2, 1, 1),
        "Standards Committee": (3, 2, 1, 1, 0),
    }
    assert position.breaches == []
    assert position.ties == [] and position.problems == []
    assert position.review_due and position.last_review is None
