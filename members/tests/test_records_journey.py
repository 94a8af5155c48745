"""The "Your details" journey in a real browser: a councillor asks to change their biography and
home address, sees it waiting; an officer reviews and applies it; the councillor sees it applied
and the new details. axe checks every page on the way, including the officer records pages."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from democracy.tests.factories import PoliticalGroupFactory
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from members.models import Councillor, DetailsChangeRequest, Position, PrivateContact
from members.services import records as services
from members.services import training as training_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_change_of_details_from_the_portal_applied_by_an_officer(
    live_page, officer, councillor, password
):
    page = live_page
    mine = Councillor.all_objects.get(user=councillor)
    PrivateContact.private_objects.create(councillor=mine, home_address="1 Old Road")
    group = PoliticalGroupFactory(name="Green Group")
    position = services.position_create(title="Mayor", kind=Position.Kind.MAYOR, by=officer)
    services.holding_start(
        position=position, councillor=mine, start_date=date(2026, 5, 19), by=officer
    )
    training_services.module_create(name="Code of conduct induction", mandatory=True, by=officer)
    violations: dict[str, list] = {}

    def check(name: str) -> None:
        violations[name] = axe_violations(page)

    def sign_in_as(user) -> None:
        page.context.clear_cookies()
        sign_in_with_browser(page, user.username, password)

    # --- The councillor asks for a change ------------------------------------------------------
    sign_in_as(councillor)
    page.goto(f"{page.base}/members/portal/")
    check("portal")
    page.get_by_role("link", name="Your details").click()
    assert "1 Old Road" in page.locator("main").inner_text()
    check("your details")
    page.get_by_role("link", name="Change your details").click()
    check("change your details")
    page.get_by_label("Personal email address").fill("not an email")
    page.get_by_role("button", name="Send for review").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    check("change your details with errors")
    page.get_by_label("Personal email address").fill("me@example.com")
    page.get_by_label("Biography").fill("Born and bred in Kingsmere.")
    page.get_by_label("Home address").fill("2 New Street\nKingsmere")
    page.get_by_role("button", name="Send for review").click()
    change = DetailsChangeRequest.all_objects.get()
    assert page.locator("#change-status").inner_text() == "Waiting for review"
    check("your change request")
    page.goto(f"{page.base}/members/portal/training/")
    assert "Mandatory for all councillors" in page.locator("main").inner_text()
    check("your training")
    page.goto(f"{page.base}/members/portal/attendance/")
    check("your attendance")

    # --- The officer applies it ------------------------------------------------------------------
    sign_in_as(officer)
    page.goto(f"{page.base}/members/officers/change-requests/")
    check("change requests")
    page.get_by_role("link", name=mine.full_name).click()
    check("review a change request")
    page.get_by_label("Apply the changes").check()
    page.get_by_role("button", name="Save the decision").click()
    assert "have been applied" in page.locator(".govuk-notification-banner").inner_text()
    change.refresh_from_db()
    assert change.status == "applied"
    for name, url in [
        ("councillors", "/members/officers/councillors/"),
        ("councillor record", f"/members/officers/councillors/{mine.pk}/"),
        ("public record form", f"/members/officers/councillors/{mine.pk}/public/"),
        ("positions", "/members/officers/positions/"),
        ("position", f"/members/officers/positions/{position.pk}/"),
        ("outside bodies", "/members/officers/outside-bodies/"),
        ("training", "/members/officers/training/"),
        ("add a training event", "/members/officers/training/events/new/"),
        ("attendance statistics", "/officers/attendance/"),
    ]:
        page.goto(page.base + url)
        check(name)
    # A change of group: the banner links to the political balance page.
    page.goto(f"{page.base}/members/officers/councillors/{mine.pk}/group/")
    check("change of group")
    page.get_by_label("Joining a political group").check()
    page.get_by_label("Group joined").select_option(label=str(group))
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Record the change of group").click()
    banner = page.locator(".govuk-notification-banner")
    assert "political balance must be reviewed" in banner.inner_text()
    check("councillor record after a change of group")
    banner.get_by_role("link", name="review political balance").click()
    assert "/officers/balance/" in page.url

    # --- The councillor sees it applied -----------------------------------------------------------
    sign_in_as(councillor)
    page.goto(f"{page.base}/members/portal/details/")
    main = page.locator("main").inner_text()
    assert "Born and bred in Kingsmere." in main and "2 New Street" in main
    assert "Applied" in main

    assert {name: found for name, found in violations.items() if found} == {}
    assert len(violations) >= 18
