"""The election pages in a real browser (Debian's Chromium through Playwright), with axe checking
them against WCAG 2.2 A and AA (issue 13, point 5): an electoral services officer creates an
election, reads its timetable, marks a step done and opens the printable notice's link."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from democracy.tests.factories import WardFactory
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from elections.models import Election, TimetableStepDone

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_an_officer_creates_an_election_and_marks_a_step_done(
    live_page, electoral_officer, councillor, password
):
    page = live_page
    WardFactory(name="Ashdown", slug="ashdown", seats=3)
    sign_in_with_browser(page, electoral_officer.username, password)
    page.goto(f"{page.base}/elections/elections/")
    expect(page.get_by_role("heading", name="Elections", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Create an election").click()
    expect(page.get_by_role("heading", name="Create an election")).to_be_visible()
    assert axe_violations(page) == []
    # Nothing filled in: the error summary names the fields.
    page.get_by_label("Organisation or area").fill("")
    page.get_by_role("button", name="Create the election").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter the name of the election")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Name of the election").fill("Kingsmere District Council elections 2026")
    page.get_by_label("Local government election (principal area)").check()
    page.get_by_label("England").check()
    page.get_by_label("Organisation or area").fill("Kingsmere")
    poll = page.get_by_role("group", name="Polling day")
    poll.get_by_label("Day").fill("7")
    poll.get_by_label("Month").fill("5")
    poll.get_by_label("Year").fill("2026")
    page.get_by_label("Ashdown", exact=True).check()
    page.get_by_role("button", name="Create the election").click()

    expect(
        page.get_by_role("heading", name="Kingsmere District Council elections 2026")
    ).to_be_visible()
    election = Election.objects.get()
    timetable = page.locator("#timetable")
    notice = timetable.get_by_role("row").filter(has_text="Publication of notice of election")
    expect(notice).to_contain_text("30 March 2026")
    expect(notice).to_contain_text("SI 2006/3304")
    expect(page.get_by_role("link", name="Timetable notice (PDF)")).to_have_attribute(
        "href", f"/elections/elections/{election.pk}/timetable.pdf"
    )
    assert axe_violations(page) == []

    notice.get_by_role("link", name="Mark as done").click()
    expect(page.get_by_role("heading", name="Publication of notice of election")).to_be_visible()
    assert axe_violations(page) == []
    done = page.get_by_role("group", name="Date done")
    done.get_by_label("Day").fill("27")
    done.get_by_label("Month").fill("3")
    done.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Record as done").click()
    expect(
        page.locator("#timetable")
        .get_by_role("row")
        .filter(has_text="Publication of notice of election")
    ).to_contain_text("27 March 2026")
    assert TimetableStepDone.objects.get().done_on == date(2026, 3, 27)
    assert axe_violations(page) == []

    page.context.clear_cookies()
    sign_in_with_browser(page, councillor.username, password)
    response = page.goto(f"{page.base}/elections/elections/{election.pk}/")
    assert response.status == 404
