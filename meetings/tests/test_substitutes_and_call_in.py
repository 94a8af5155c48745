"""Issue 11 item 18: who may substitute and who may call in.

An executive takes no substitutes (LGA 2000 s9C); a committee's substitute comes from its list
of named substitutes where it keeps one, and from the absent member's political group (LGHA 1989
s15; SI 1990/1553 reg 13). Call-in is for the councillors the constitution names, never a member
of the executive or whoever made the decision (LGA 2000 s9F(2)(a), s9FA(3))."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from democracy.tests.factories import PoliticalGroupFactory, TermFactory, set_constitution
from meetings.models import Committee, CommitteeMembership, Decision
from meetings.rules.call_in import call_in_eligibility
from meetings.rules.proceedings import substitute_objection
from meetings.services import call_in as call_in_services
from meetings.services import committees as committee_services
from meetings.services import decisions as decision_services
from meetings.services import proceedings as proceedings_services
from meetings.services.proceedings import AttendanceLine
from meetings.tests.factories_rules import committee_with_members, make_meeting
from members.models import GroupMembership, Position, PositionHolding

DAY = date(2026, 10, 6)


def test_the_substitution_rules():
    common = {"substitute": "Cllr B", "absent": "Cllr A", "body": "Planning Committee"}
    ok = {"executive": False, "list_kept": True, "on_list": True, "same_group": True}
    assert substitute_objection(**common, **ok) == ""
    assert "executive body" in substitute_objection(**common, **(ok | {"executive": True}))
    assert substitute_objection(**common, **(ok | {"on_list": False})) == (
        "Cllr B is not on the list of named substitutes of Planning Committee."
    )
    assert substitute_objection(**common, **(ok | {"list_kept": False, "on_list": False})) == ""
    assert "same political group" in substitute_objection(**common, **(ok | {"same_group": False}))
    assert (
        substitute_objection(**common, **(ok | {"same_group": False}), same_group_required=False)
        == ""
    )


def join(councillor, group):
    GroupMembership.objects.create(councillor=councillor, group=group, start_date=date(2023, 5, 8))


def sheet(meeting, absent, substitute, members):
    lines = [AttendanceLine(status="present", councillor=members[0], presiding=True)]
    lines += [
        AttendanceLine(status="apologies" if c == absent else "present", councillor=c)
        for c in members[1:]
    ]
    lines.append(AttendanceLine(status="present", councillor=substitute, substitute_for=absent))
    return proceedings_services.attendance_record(meeting=meeting, lines=lines, by=None, today=DAY)


def errors_of(caught) -> list[str]:
    return [m for messages in caught.value.message_dict.values() for m in messages]


@pytest.fixture
def parties(db):
    return PoliticalGroupFactory(name="Blue Party"), PoliticalGroupFactory(name="Red Party")


def test_a_substitute_from_another_group_is_refused(parties):
    blue, red = parties
    committee, members = committee_with_members(4, name="Planning Committee")
    for c in members:
        join(c, blue)
    meeting = make_meeting(committee, day=DAY)
    red_councillor = TermFactory(start_date=date(2023, 5, 8)).councillor
    join(red_councillor, red)
    with pytest.raises(ValidationError) as caught:
        sheet(meeting, members[3], red_councillor, members)
    assert any("not in the same political group" in m for m in errors_of(caught))
    blue_councillor = TermFactory(start_date=date(2023, 5, 8)).councillor
    join(blue_councillor, blue)
    rows = sheet(meeting, members[3], blue_councillor, members)
    assert any(r.substitute_for_id == members[3].pk for r in rows)


def test_where_the_committee_keeps_a_list_only_named_substitutes_may_sit(parties):
    blue, _ = parties
    committee, members = committee_with_members(4, name="Planning Committee")
    named, unnamed = (TermFactory(start_date=date(2023, 5, 8)).councillor for _ in range(2))
    for c in [*members, named, unnamed]:
        join(c, blue)
    committee_services.membership_appoint(
        committee=committee,
        councillor=named,
        role=CommitteeMembership.Role.SUBSTITUTE,
        start_date=date(2023, 5, 16),
        by=None,
    )
    meeting = make_meeting(committee, day=DAY)
    with pytest.raises(ValidationError) as caught:
        sheet(meeting, members[3], unnamed, members)
    assert f"{unnamed.formal_name} is not on the list of named substitutes" in errors_of(caught)[0]
    sheet(meeting, members[3], named, members)


def test_cabinet_takes_no_substitutes(parties):
    blue, _ = parties
    cabinet, members = committee_with_members(
        4, name="Cabinet", kind=Committee.Kind.EXECUTIVE, political_balance_applies=False
    )
    other = TermFactory(start_date=date(2023, 5, 8)).councillor
    for c in [*members, other]:
        join(c, blue)
    meeting = make_meeting(cabinet, day=DAY)
    with pytest.raises(ValidationError) as caught:
        sheet(meeting, members[3], other, members)
    assert any("Cabinet is an executive body" in m for m in errors_of(caught))


# --- Call-in ------------------------------------------------------------------------------------


def test_the_call_in_rule():
    base = {"name": "Cllr A", "made_the_decision": False, "on_scrutiny": False}
    assert call_in_eligibility(**base, executive_member=False, scrutiny_members_only=False) == ""
    assert "member of the executive" in call_in_eligibility(
        **base, executive_member=True, scrutiny_members_only=False
    )
    assert "overview and scrutiny" in call_in_eligibility(
        **base, executive_member=False, scrutiny_members_only=True
    )


@pytest.fixture
def cabinet_decision(db):
    cabinet, (leader, cabinet_member) = committee_with_members(
        2, quorum=2, name="Cabinet", kind=Committee.Kind.EXECUTIVE, political_balance_applies=False
    )
    _, (scrutineer,) = committee_with_members(
        1,
        quorum=1,
        name="Overview and Scrutiny Committee",
        kind=Committee.Kind.OVERVIEW_AND_SCRUTINY,
    )
    backbencher = TermFactory(start_date=date(2023, 5, 8)).councillor
    decision = decision_services.decision_record(
        kind=Decision.Kind.EXECUTIVE,
        title="Closure of the museum",
        decided_on=DAY,
        decision="To close the museum.",
        reasons="Cost.",
        alternatives_considered="None.",
        decision_maker_committee=cabinet,
        by=None,
    )
    decision = decision_services.decision_publish(decision=decision, by=None, today=DAY)
    return decision, leader, cabinet_member, scrutineer, backbencher


def start(decision, lead):
    return call_in_services.call_in_start(
        decision=decision, lead=lead, grounds="Not consulted.", by=None, today=DAY
    )


def test_the_leader_cannot_call_in_cabinets_decision(cabinet_decision):
    decision, leader, cabinet_member, scrutineer, _ = cabinet_decision
    with pytest.raises(ValidationError, match="took part in making the decision"):
        start(decision, leader)
    call_in = start(decision, scrutineer)
    with pytest.raises(ValidationError, match="took part in making the decision"):
        call_in_services.call_in_sign(
            call_in=call_in, councillor=cabinet_member, by=None, today=DAY
        )
    assert list(call_in.signatories.all()) == [scrutineer]


def test_by_default_call_in_is_for_scrutiny_members_only(cabinet_decision):
    decision, _, _, scrutineer, backbencher = cabinet_decision
    with pytest.raises(ValidationError, match="not a member of an overview and scrutiny"):
        start(decision, backbencher)
    call_in = start(decision, scrutineer)
    with pytest.raises(ValidationError, match="not a member of an overview and scrutiny"):
        call_in_services.call_in_sign(call_in=call_in, councillor=backbencher, by=None, today=DAY)


def test_a_council_may_give_call_in_to_any_non_executive_councillor(cabinet_decision, settings):
    decision, _, cabinet_member, scrutineer, backbencher = cabinet_decision
    set_constitution(call_in_scrutiny_members_only=0)
    call_in = start(decision, backbencher)
    call_in_services.call_in_sign(call_in=call_in, councillor=scrutineer, by=None, today=DAY)
    with pytest.raises(ValidationError, match="took part in making the decision"):
        call_in_services.call_in_sign(
            call_in=call_in, councillor=cabinet_member, by=None, today=DAY
        )


def test_no_member_of_the_executive_calls_in_an_executive_decision(cabinet_decision):
    _, leader, cabinet_member, _, backbencher = cabinet_decision
    individual = decision_services.decision_record(
        kind=Decision.Kind.EXECUTIVE_MEMBER,
        title="Grant to the food bank",
        decided_on=DAY,
        decision="To award the grant.",
        reasons="Need.",
        alternatives_considered="None.",
        decision_maker_councillor=leader,
        by=None,
    )
    individual = decision_services.decision_publish(decision=individual, by=None, today=DAY)
    with pytest.raises(ValidationError, match="is a member of the executive"):
        start(individual, cabinet_member)
    # The Deputy Leader holds an executive position though not (yet) seated on Cabinet.
    deputy = Position.objects.create(title="Deputy Leader", kind=Position.Kind.DEPUTY_LEADER)
    PositionHolding.objects.create(
        position=deputy, councillor=backbencher, start_date=date(2026, 5, 20)
    )
    with pytest.raises(ValidationError, match="is a member of the executive"):
        start(individual, backbencher)
