"""The results pages in a real browser (Debian's Chromium through Playwright), with axe checking
them against WCAG 2.2 A and AA: an electoral services officer enters a count (first refused, not
reconciling), declares it, confirms the terms of office, and the public page shows the result."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from democracy.tests.factories import WardFactory
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from elections.tests.factories_results import make_contest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_an_officer_enters_declares_and_the_public_reads_the_result(
    live_page, electoral_officer, password
):
    page = live_page
    contest = make_contest(electoral_officer, ward=WardFactory(name="Abbey", seats=1))
    election_pk = contest.election_id
    sign_in_with_browser(page, electoral_officer.username, password)
    page.goto(f"{page.base}/elections/elections/{election_pk}/results/")
    expect(page.get_by_role("heading", name="Results of the count")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Put the results pages live").click()
    expect(page.get_by_text("The results pages are live", exact=True)).to_be_visible()

    page.get_by_role("link", name="Abbey").click()
    expect(page.get_by_role("heading", name="Enter the count: Abbey")).to_be_visible()
    page.get_by_label("Electorate").fill("5000")
    page.get_by_label("Ballot papers issued (ballot paper accounts)").fill("1562")
    page.get_by_label("Ballot papers counted").fill("1570")
    page.get_by_label("Rejected: unmarked or void for uncertainty").fill("9")
    page.get_by_label("Candidates and their votes").fill(
        "Ann, Smith, Kingsmere Independents, 812\nBob, Jones, Labour Party, 640\nCath, Patel, , 101"
    )
    page.get_by_role("button", name="Save the count").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_text("8 fewer than the 1570 ballot papers counted").first).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Ballot papers counted").fill("1562")
    page.get_by_role("button", name="Save the count").click()
    expect(page.get_by_role("heading", name="Check and declare: Abbey")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Declare the result").click()
    expect(page.get_by_role("heading", name="Declared: Abbey")).to_be_visible()

    page.get_by_role("link", name="New councillors' terms of office").click()
    expect(page.get_by_text("Nothing is created until you confirm")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirm and create the terms of office").click()
    expect(page.get_by_text("the terms of office are recorded")).to_be_visible()

    page.goto(f"{page.base}/elections/results/{election_pk}/contests/{contest.pk}/")
    expect(page.get_by_role("heading", name="Abbey")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Ann Smith")).to_contain_text("Elected")
    assert axe_violations(page) == []
    page.goto(f"{page.base}/elections/results/{election_pk}/")
    expect(page.get_by_text("1 of 1 result declared")).to_be_visible()
    assert axe_violations(page) == []
