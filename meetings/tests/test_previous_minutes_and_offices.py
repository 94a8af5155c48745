"""Issue 11 item 20: the minute of "Minutes of the previous meeting" is written from the record;
the officer home counts a committee's voting councillor seats against its size; the executive
never includes the chair or vice-chair of the council (LGA 2000 s9C(4))."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from democracy.tests.factories import CommitteeFactory, CoOptionFactory, TermFactory
from meetings.models import AgendaItem, Committee, CommitteeMembership, Minutes, MinutesEntry
from meetings.services import committees as committee_services
from meetings.services import minutes as minutes_services
from meetings.tests.factories_rules import (
    committee_with_members,
    draft_minutes,
    held_meeting,
    moment,
)
from members.models import Position
from members.rules.records import executive_and_chair_problem
from members.services import records as record_services

START = date(2023, 5, 16)


def previous_minute(minutes) -> MinutesEntry:
    return minutes.entries.get(item__kind=AgendaItem.Kind.MINUTES)


def test_the_previous_meetings_minute_is_written_from_the_record(officer):
    committee, members = committee_with_members(3, quorum=2, name="Audit Committee")
    first = held_meeting(committee, day=date(2026, 9, 1), present=members, by=officer)
    first_minutes = minutes_services.minutes_draft(meeting=first, by=officer)
    assert previous_minute(first_minutes).text == (
        "There were no minutes of a previous meeting to approve."
    )
    first_minutes = minutes_services.minutes_publish_draft(
        minutes=first_minutes, by=officer, now=moment(date(2026, 9, 4), time(12))
    )
    second = held_meeting(committee, day=date(2026, 10, 6), present=members, by=officer)
    second_minutes = minutes_services.minutes_draft(meeting=second, by=officer)
    assert previous_minute(second_minutes).text == (
        "The minutes of the meeting held on 1 September 2026 were submitted for approval as a "
        "correct record."
    )
    # Recording the approval at that item rewrites the drawn wording to the resolution.
    minutes_services.minutes_approve(
        minutes=first_minutes,
        at_item=second.items.get(kind=AgendaItem.Kind.MINUTES),
        signed_by="Cllr Chair",
        by=officer,
        now=moment(date(2026, 10, 6), time(19)),
    )
    assert previous_minute(second_minutes).text == (
        "RESOLVED: that the minutes of the meeting held on 1 September 2026 be approved as a "
        "correct record and signed by the chair."
    )
    # Nothing to write by hand before the draft is published (only business items need text).
    second_minutes.entries.filter(text="").update(text="Considered.")
    published = minutes_services.minutes_publish_draft(minutes=second_minutes, by=officer)
    assert published.status == Minutes.Status.PUBLISHED


def test_an_officers_own_wording_is_kept_when_the_approval_is_recorded(officer):
    committee, members = committee_with_members(3, quorum=2, name="Audit Committee")
    first = held_meeting(committee, day=date(2026, 9, 1), present=members, by=officer)
    first_minutes = minutes_services.minutes_publish_draft(
        minutes=draft_minutes(first, by=officer),
        by=officer,
        now=moment(date(2026, 9, 4), time(12)),
    )
    second = held_meeting(committee, day=date(2026, 10, 6), present=members, by=officer)
    entry = previous_minute(minutes_services.minutes_draft(meeting=second, by=officer))
    minutes_services.minutes_update_entry(entry=entry, text="Approved with one typo.", by=officer)
    minutes_services.minutes_approve(
        minutes=first_minutes,
        at_item=entry.item,
        signed_by="Cllr Chair",
        by=officer,
        now=moment(date(2026, 10, 6), time(19)),
    )
    entry.refresh_from_db()
    assert entry.text == "Approved with one typo."


def test_the_officer_home_counts_voting_councillor_seats_only(client, officer):
    """Audit and Governance in the demo: nine councillors and a co-opted member showed as
    "Seats filled 10 of 9"."""
    committee, _ = committee_with_members(3, quorum=2, name="Audit and Governance Committee")
    co_opted = CoOptionFactory(start_date=START).councillor
    for person, role in (
        (co_opted, CommitteeMembership.Role.COOPTED_VOTING),
        (TermFactory().councillor, CommitteeMembership.Role.SUBSTITUTE),
    ):
        committee_services.membership_appoint(
            committee=committee, councillor=person, role=role, start_date=START, by=officer
        )
    client.force_login(officer)
    html = client.get("/officers/").content.decode()
    row = re.search(r"Audit and Governance Committee.*?</tr>", html, re.S).group(0)
    assert "3 of 3" in row


# --- LGA 2000 s9C(4) ------------------------------------------------------------------------


def test_the_rule():
    assert (
        executive_and_chair_problem(name="Cllr A", executive=["Leader"], chair_of_council=[]) == ""
    )
    assert executive_and_chair_problem(
        name="Cllr A", executive=["Leader of the Council"], chair_of_council=["Mayor"]
    ) == (
        "Cllr A cannot be both Leader of the Council and Mayor: the executive may not include "
        "the chairman or vice-chairman of the council (LGA 2000 s9C(4))."
    )


@pytest.fixture
def leader(db):
    return TermFactory(start_date=date(2023, 5, 8)).councillor


def test_the_leader_cannot_be_mayor(leader):
    record_services.holding_start(
        position=Position.objects.create(title="Leader of the Council", kind="leader"),
        councillor=leader,
        start_date=START,
        by=None,
    )
    with pytest.raises(ValidationError, match=r"LGA 2000 s9C\(4\)"):
        record_services.holding_start(
            position=Position.objects.create(title="Mayor", kind="mayor"),
            councillor=leader,
            start_date=date(2024, 5, 21),
            by=None,
        )


def test_a_cabinet_member_cannot_chair_council_nor_the_chair_join_cabinet(leader):
    cabinet = CommitteeFactory(
        name="Cabinet", kind=Committee.Kind.EXECUTIVE, political_balance_applies=False
    )
    council = CommitteeFactory(name="Council", kind=Committee.Kind.COUNCIL, size=48, quorum=12)
    appoint = committee_services.membership_appoint
    appoint(committee=cabinet, councillor=leader, role="chair", start_date=START, by=None)
    appoint(committee=council, councillor=leader, role="member", start_date=START, by=None)
    with pytest.raises(ValidationError, match="cannot be both a member of Cabinet and chair of"):
        appoint(committee=council, councillor=leader, role="chair", start_date=START, by=None)
    mayor = TermFactory(start_date=date(2023, 5, 8)).councillor
    appoint(committee=council, councillor=mayor, role="vice_chair", start_date=START, by=None)
    with pytest.raises(ValidationError, match="vice-chair of Council"):
        appoint(committee=cabinet, councillor=mayor, role="member", start_date=START, by=None)
