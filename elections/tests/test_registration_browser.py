"""Rolling registration in a real browser (Debian's Chromium through Playwright), with axe
checking every page against WCAG 2.2 A and AA: an electoral services officer finds an
application, verifies and accepts it (it waits, numbered, for a notice), prepares an interim
election notice of alteration and publishes it, and the new elector is in the register; a
councillor gets a 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from democracy import calendars
from democracy.council import election_calendar
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from elections.models import Elector, RegisterAlteration
from elections.tests.factories_register import PropertyFactory
from elections.tests.factories_registration import receive

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def fill_date(page, prefix: str, day) -> None:
    page.locator(f"#id_{prefix}_0").fill(str(day.day))
    page.locator(f"#id_{prefix}_1").fill(str(day.month))
    page.locator(f"#id_{prefix}_2").fill(str(day.year))


def test_an_officer_determines_an_application_and_publishes_a_notice_of_alteration(
    live_page, electoral_officer, councillor, password
):
    page = live_page
    today = timezone.localdate()
    home = PropertyFactory(address_1="14 Orchard Row")
    application = receive(
        electoral_officer, address=home, received_on=today - timedelta(days=20), surname="Ashby"
    )
    sign_in_with_browser(page, electoral_officer.username, password)
    page.goto(f"{page.base}/elections/register/")
    expect(page.get_by_role("heading", name="Publication dates")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Applications to register").click()
    expect(page.get_by_role("heading", name="Applications to register")).to_be_visible()
    expect(page.get_by_text("•• •• •• 56 C")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name=application.reference).click()
    expect(page.get_by_role("heading", name="Imogen Ashby")).to_be_visible()
    assert axe_violations(page) == []

    # Accepting before verifying is refused, with the message in the error summary.
    page.get_by_label("Accept: add to the register").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Verify the applicant's identity before accepting the application"
    )
    assert axe_violations(page) == []
    page.get_by_label("Matched with DWP records", exact=True).check()
    page.get_by_role("button", name="Record verification").click()
    expect(page.get_by_text("Verification recorded")).to_be_visible()
    page.get_by_label("Accept: add to the register").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("pending until the next notice of alteration")).to_be_visible()
    assert axe_violations(page) == []
    assert not Elector.register.exists()
    number = RegisterAlteration.register.get(application=application).elector_number

    # An interim election notice today, for a poll ten working days away.
    poll = calendars.working_days_after(today, 10, calendar=election_calendar())
    page.goto(f"{page.base}/elections/register/notices/")
    expect(page.get_by_role("heading", name="Notices of alteration", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    fill_date(page, "interim-poll_date", poll)
    fill_date(page, "interim-publication_date", today)
    page.get_by_role("button", name="Prepare an interim notice").click()
    expect(
        page.get_by_role("heading", name="Interim election notice of alteration")
    ).to_be_visible()
    expect(page.get_by_role("row", name=f"{home.polling_district.code}")).to_contain_text("1")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publish the notice").click()
    expect(page.get_by_text("its alterations are in the register")).to_be_visible()
    assert axe_violations(page) == []
    elector = Elector.register.get()
    assert (elector.elector_number, elector.surname, elector.added_on) == (number, "Ashby", today)

    page.context.clear_cookies()
    sign_in_with_browser(page, councillor.username, password)
    response = page.goto(f"{page.base}/elections/register/notices/")
    assert response.status == 404
