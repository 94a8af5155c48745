"""Meetings follow the constitution a manager sets: the agenda publication deadline, the call-in
window and who may substitute change with it, without a redeploy."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from playwright.sync_api import expect

from democracy.constitution import constitution_update, period
from democracy.models import AuditEvent
from democracy.tests.factories import PoliticalGroupFactory, TermFactory, set_constitution
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from meetings.models import CallIn, Committee
from meetings.rules.call_in import call_in_group_quota
from meetings.services import call_in as call_in_services
from meetings.services.decisions import call_in_window_for
from meetings.services.meetings import deadline_for
from meetings.services.proceedings import AttendanceLine, attendance_record
from meetings.tests.factories_decisions import (
    PUBLISHED,
    published_decision,
    schedule,
    scrutiny,
    scrutiny_members,
)
from meetings.tests.factories_meetings import make_meeting
from meetings.tests.factories_rules import committee_with_members
from meetings.tests.factories_rules import make_meeting as make_rules_meeting
from members.models import GroupMembership


@pytest.mark.django_db
def test_seven_clear_days_moves_the_next_meetings_publication_deadline(manager):
    # Thursday 18 June 2026: five clear working days (11, 12, 15, 16, 17 June) leave Wednesday
    # 10 June as the last day to publish; seven (and 9, 10 June) leave Monday 8 June.
    meeting = make_meeting(day=date(2026, 6, 18))
    assert deadline_for(meeting).latest_publication == date(2026, 6, 10)
    constitution_update(values={"agenda_clear_days": 7}, by=manager)
    assert deadline_for(meeting).latest_publication == date(2026, 6, 8)


@pytest.mark.django_db
def test_four_clear_days_is_refused_and_the_deadline_stays(manager):
    meeting = make_meeting(day=date(2026, 6, 18))
    with pytest.raises(ValidationError, match=r"LGA 1972 s100B\(3\)"):
        constitution_update(values={"agenda_clear_days": 4}, by=manager)
    assert deadline_for(meeting).latest_publication == date(2026, 6, 10)


@pytest.mark.django_db
def test_a_shorter_call_in_period_moves_the_next_decisions_deadline(manager):
    # DOMAIN A4, Gloucestershire: published Tuesday 15 April 2025, five working days (Good
    # Friday and Easter Monday excluded) run to Thursday 24 April; three run to Tuesday 22 April.
    assert call_in_window_for(PUBLISHED).deadline == date(2025, 4, 24)
    constitution_update(values={"call_in_working_days": 3}, by=manager)
    decision = published_decision()
    assert decision.call_in_deadline == date(2025, 4, 22)


# --- In a real browser -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_manager_changes_the_constitution_in_the_browser(live_page, manager, password):
    """The settings page as a manager uses it, checked by axe: a period below the statutory
    floor is refused with its reason, a shorter call-in period is saved, and the next decision
    published takes its call-in deadline from it."""
    page = live_page
    violations: dict[str, list] = {}
    sign_in_with_browser(page, manager.username, password)
    page.goto(f"{page.base}/council/constitution/")
    expect(page).to_have_title(re.compile(r"^Constitution"))
    violations["constitution"] = axe_violations(page)

    page.get_by_label("Agenda publication (clear working days before the meeting)").fill("4")
    page.get_by_role("button", name="Save the constitution").click()
    expect(page).to_have_title(re.compile(r"^Error: Constitution"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "must be at least 5, the statutory minimum under LGA 1972 s100B(3)"
    )
    violations["constitution with an error"] = axe_violations(page)

    page.get_by_label("Agenda publication (clear working days before the meeting)").fill("7")
    page.get_by_label("Call-in period (working days after the decision is published)").fill("3")
    page.get_by_role("button", name="Save the constitution").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Constitution saved")
    violations["constitution saved"] = axe_violations(page)

    assert period("call_in_working_days") == 3 and period("agenda_clear_days") == 7
    assert AuditEvent.private_objects.filter(
        action="democracy.constitution.update", actor=manager
    ).exists()
    # DOMAIN A4 again: published Tuesday 15 April 2025, three working days run to 22 April.
    assert published_decision().call_in_deadline == date(2025, 4, 22)
    # Seven clear days: the agenda of a meeting on Thursday 18 June 2026 is due by Monday 8 June
    # (five would leave Wednesday 10 June).
    assert deadline_for(make_meeting(day=date(2026, 6, 18))).latest_publication == date(2026, 6, 8)
    assert {name: found for name, found in violations.items() if found} == {}


# --- Substitutes: the committee's own rule, else the constitution's ------------------------------

SUBSTITUTION_DAY = date(2026, 10, 6)


def _group(councillor, group) -> None:
    GroupMembership.objects.create(councillor=councillor, group=group, start_date=date(2023, 5, 8))


def _substitute(meeting, absent, substitute, members):
    lines = [AttendanceLine(status="present", councillor=members[0], presiding=True)]
    lines += [
        AttendanceLine(status="apologies" if c == absent else "present", councillor=c)
        for c in members[1:]
    ]
    lines.append(AttendanceLine(status="present", councillor=substitute, substitute_for=absent))
    return attendance_record(meeting=meeting, lines=lines, by=None, today=SUBSTITUTION_DAY)


@pytest.mark.django_db
def test_a_committees_own_substitute_rule_overrides_the_constitution():
    blue = PoliticalGroupFactory(name="Blue Party")
    red = PoliticalGroupFactory(name="Red Party")
    committee, members = committee_with_members(4, name="Licensing Committee")
    for councillor in members:
        _group(councillor, blue)
    meeting = make_rules_meeting(committee, day=SUBSTITUTION_DAY)
    red_councillor = TermFactory(start_date=date(2023, 5, 8)).councillor
    _group(red_councillor, red)
    # The constitution's default: a substitute from the absent member's group.
    with pytest.raises(ValidationError, match="not in the same political group"):
        _substitute(meeting, members[3], red_councillor, members)
    committee.substitutes = Committee.Substitutes.ANY_COUNCILLOR
    committee.save(update_fields=["substitutes"])
    meeting.refresh_from_db()
    rows = _substitute(meeting, members[3], red_councillor, members)
    assert any(r.substitute_for_id == members[3].pk for r in rows)
    # And the other way: the constitution lets anyone, the committee keeps to the group.
    set_constitution(substitutes_same_group=False)
    committee.substitutes = Committee.Substitutes.SAME_GROUP
    committee.save(update_fields=["substitutes"])
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="not in the same political group"):
        _substitute(meeting, members[3], red_councillor, members)


@pytest.mark.django_db
def test_the_schedule_form_offers_the_constitutions_usual_times(client, officer, manager):
    constitution_update(
        values={"meeting_start_time": time(10, 0), "meeting_duration_minutes": 90}, by=manager
    )
    client.force_login(officer)
    page = client.get("/officers/meetings/new/").content.decode()
    assert 'name="start_time" value="10:00"' in page
    assert 'name="end_time" value="11:30"' in page


# --- Call-in: the group quota ----------------------------------------------------------------


def test_the_group_quota_rule():
    assert call_in_group_quota(groups=2, required=2) is None
    assert call_in_group_quota(groups=1, required=2) == (
        "The councillors calling in a decision must come from at least 2 political groups: "
        "they come from 1."
    )


@pytest.mark.django_db
def test_a_call_in_signed_by_one_group_is_refused_where_the_constitution_asks_for_two(manager):
    decision = published_decision()
    schedule(scrutiny(), date(2025, 5, 6))
    signers = scrutiny_members(5)
    blue = PoliticalGroupFactory(name="Blue Party")
    red = PoliticalGroupFactory(name="Red Party")
    for councillor in signers:
        _group(councillor, blue)
    constitution_update(values={"call_in_signatory_groups": 2}, by=manager)
    call_in = call_in_services.call_in_start(
        decision=decision,
        lead=signers[0],
        grounds="The decision did not consider the equality impact assessment.",
        by=None,
        today=PUBLISHED,
    )
    for councillor in signers[1:]:
        call_in_services.call_in_sign(
            call_in=call_in, councillor=councillor, by=None, today=PUBLISHED
        )
    with pytest.raises(ValidationError, match="at least 2 political groups: they come from 1"):
        call_in_services.call_in_submit(call_in=call_in, by=None, today=PUBLISHED)
    GroupMembership.objects.filter(councillor=signers[4]).update(group=red)
    call_in_services.call_in_submit(call_in=call_in, by=None, today=PUBLISHED)
    call_in.refresh_from_db()
    assert call_in.status == CallIn.Status.ACCEPTED
