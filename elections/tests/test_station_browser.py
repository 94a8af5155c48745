"""A polling station's page in a real browser (Debian's Chromium through Playwright), with axe
checking it against WCAG 2.2 A and AA (issue 13, point 4): from the poll cards page an officer
opens a station of a district with two, reads the even split, sets ranges that overlap (refused,
naming the station, nothing saved) and then ranges that cover the register."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from elections import services
from elections.models import PollingStation
from elections.tests.factories_nominations import make_contest, make_district

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_an_officer_sets_the_elector_numbers_each_station_serves(
    live_page, electoral_officer, password
):
    page = live_page
    election, contest = make_contest(electoral_officer)
    district = make_district(electoral_officer, contest.ward, electors=30)
    place = services.polling_place_create(
        reference="PP-AA2", name="AA Primary School", postcode="KM1 4AC", by=electoral_officer
    )
    services.polling_station_create(
        place=place, polling_district=district, number=2, by=electoral_officer
    )
    sign_in_with_browser(page, electoral_officer.username, password)
    page.goto(f"{page.base}/elections/elections/{election.pk}/poll-cards/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="AA/2").click()
    expect(page.get_by_role("heading", name="Polling station AA/2")).to_be_visible()
    expect(page.get_by_role("cell", name="AA16 to AA30")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Station 1: first elector number").fill("1")
    page.get_by_label("Station 1: last elector number").fill("20")
    page.get_by_label("Station 2: first elector number").fill("18")
    page.get_by_label("Station 2: last elector number").fill("30")
    page.get_by_role("button", name="Save the ranges").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name="Station 2: its range overlaps Station 1's (1 to 20)")
    ).to_be_visible()
    assert axe_violations(page) == []
    assert not PollingStation.objects.filter(first_elector_number__isnull=False).exists()

    page.get_by_label("Station 2: first elector number").fill("21")
    page.get_by_role("button", name="Save the ranges").click()
    expect(page.get_by_text("The ranges of polling district AA are saved")).to_be_visible()
    expect(page.get_by_role("cell", name="AA21 to AA30")).to_be_visible()
    assert axe_violations(page) == []
