"""The canvass in a real browser (Debian's Chromium through Playwright), with axe checking
against WCAG 2.2 A and AA: an electoral services officer reads the progress dashboard (chart
and table); a resident answers the online response form, one question a page."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from elections import canvass as services
from elections.models import CanvassProperty, CanvassResponse
from elections.tests.factories_canvass import district, give_results, household, open_canvass

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CODE = "KMPQR-23456"


def test_the_dashboard_and_the_public_response_form_pass_axe(
    live_page, electoral_officer, password, settings
):
    settings.CANVASS_CODE_HASH_ITERATIONS = 10
    page = live_page
    # Published by 1 February 2027 (an election in the period): still open for responses.
    canvass = open_canvass(election_in_period=True)
    ka = district()
    prop, people = household(ka, "green", "red", address_1="4 Wren Court")
    give_results(canvass, people, ["green", "red"])
    for _ in range(3):
        give_results(canvass, household(ka, "green")[1], ["green"])
    services.canvass_route(canvass=canvass, by=electoral_officer, on=date(2026, 7, 1))
    item = CanvassProperty.register.get(property=prop)
    item.security_code_hash = services.hash_security_code(CODE)
    item.save()

    sign_in_with_browser(page, electoral_officer.username, password)
    page.goto(f"{page.base}/elections/register/canvass/2026/")
    expect(page.get_by_role("heading", name="Progress by route")).to_be_visible()
    expect(page.get_by_role("img", name="Responses by route")).to_be_visible()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    page.goto(f"{page.base}/elections/canvass/respond/")
    page.get_by_label("Reference").fill(item.reference)
    page.get_by_label("Security code").fill("WRONG-WRONG")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("do not match a letter")
    assert axe_violations(page) == []
    page.get_by_label("Security code").fill(CODE)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Is this information correct?")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Yes, nothing has changed").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send your response").click()
    expect(page.get_by_role("heading", name="Response sent")).to_be_visible()
    assert axe_violations(page) == []
    assert CanvassResponse.register.get().outcome == "no_change"
