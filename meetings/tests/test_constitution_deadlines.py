"""Meetings follow the constitution a manager sets: the agenda publication deadline and the
call-in window change with it, without a redeploy."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from playwright.sync_api import expect

from democracy.constitution import constitution_update, period
from democracy.models import AuditEvent
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from meetings.services.decisions import call_in_window_for
from meetings.services.meetings import deadline_for
from meetings.tests.factories_decisions import PUBLISHED, published_decision
from meetings.tests.factories_meetings import make_meeting


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
    assert {name: found for name, found in violations.items() if found} == {}
