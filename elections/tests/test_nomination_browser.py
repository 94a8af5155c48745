"""The nominations pages in a real browser (Debian's Chromium through Playwright), with axe
checking them against WCAG 2.2 A and AA (issue 13, point 5): an electoral services officer
records a late nomination paper (refused, naming the field), then one in time, and opens the
nominations page and the public elections page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from elections.models import Candidate
from elections.tests.factories_nominations import make_contest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_an_officer_records_a_nomination_paper(live_page, electoral_officer, password):
    page = live_page
    election, _ = make_contest(electoral_officer)
    sign_in_with_browser(page, electoral_officer.username, password)
    page.goto(f"{page.base}/elections/elections/{election.pk}/nominations/")
    expect(page.get_by_role("heading", name="Nominations", exact=True)).to_be_visible()
    expect(page.get_by_text("4pm on Thursday 9 April 2026")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Record a nomination paper").click()
    expect(page.get_by_role("heading", name="Record a nomination paper")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Ward or division").select_option(label="Ashdown Ward")
    page.get_by_label("Surname", exact=True).fill("Adams")
    page.get_by_label("Other names", exact=True).fill("Jane")
    page.get_by_label("Home address", exact=True).fill("1 High Street, Kingsmere")
    page.get_by_label("Registered party").select_option(label="Labour Party")
    page.get_by_label("Description", exact=True).fill("Labour Party")
    received = page.get_by_role("group", name="Date the nomination paper was received")
    received.get_by_label("Day").fill("9")
    received.get_by_label("Month").fill("4")
    received.get_by_label("Year").fill("2026")
    page.get_by_label("Time received").fill("4:30pm")
    page.get_by_role("button", name="Record the nomination paper").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name="Delivery of nominations closed at 4pm on 9 April 2026")
    ).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Time received").fill("3:30pm")
    page.get_by_role("button", name="Record the nomination paper").click()
    expect(page.get_by_text("The nomination paper has been recorded")).to_be_visible()
    expect(page.get_by_role("link", name="ADAMS Jane")).to_be_visible()
    assert axe_violations(page) == []
    assert Candidate.nominations.get().description == "Labour Party"

    page.goto(f"{page.base}/polls/")
    expect(page.get_by_role("heading", name="Elections", exact=True)).to_be_visible()
    assert axe_violations(page) == []
