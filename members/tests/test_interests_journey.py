"""The register of interests in a real browser: a councillor submits a register with an ordinary
interest and a sensitive one; an officer records the monitoring officer's agreement and publishes;
the public page shows the ordinary interest and the sensitive one only as withheld; the councillor
registers a change, the officer publishes it, and the earlier version stays at its own address.
The sensitive details appear in no public response body (page, earlier version, JSON, CSV).
axe checks the public and portal pages on the way."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from members.models import InterestDeclaration
from members.rules.interests import WITHHELD
from members.tests.factories_interests import councillor_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET_PLACE = "Flat 9, Larkspur Mews, Fenwick"
SECRET_WHY = "A stalker was convicted in 2025"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_a_register_with_a_sensitive_interest_from_portal_to_public(
    live_page, officer, councillor, password
):
    page = live_page
    member = councillor_of(councillor)
    violations: dict[str, list] = {}

    def check(name: str) -> None:
        violations[name] = axe_violations(page)

    def sign_in_as(user) -> None:
        page.context.clear_cookies()
        sign_in_with_browser(page, user.username, password)

    def submit_button(name: str):
        page.get_by_role("button", name=name).click()
        page.wait_for_load_state()

    # --- The councillor drafts and submits ---------------------------------------------------------
    sign_in_as(councillor)
    page.goto(f"{page.base}/members/portal/")
    page.get_by_role("link", name="Your register of interests").click()
    check("portal: your register, nothing yet")
    submit_button("Start your declaration")
    check("portal: empty declaration")
    page.get_by_role("link", name="Add an interest").click()
    check("portal: add an interest")
    submit_button("Add the interest")
    expect(page).to_have_title(re.compile(r"^Error:"))
    check("portal: add an interest with errors")
    page.get_by_label("Employment, office, trade, profession or vocation").check()
    page.get_by_label("Describe the interest").fill("Chartered surveyor, employed by")
    page.get_by_label("Name of the employer, company or body").fill("Kingsmere Housing Association")
    submit_button("Add the interest")
    page.get_by_role("link", name="Add an interest").click()
    page.get_by_label("Land", exact=True).check()
    page.get_by_label("Describe the interest").fill(f"Tenancy of {SECRET_PLACE}")
    page.get_by_label("Address or description of the land").fill(SECRET_PLACE)
    page.get_by_label("Ask for this interest to be withheld as a sensitive interest").check()
    page.get_by_label("Why could disclosing it lead to violence").fill(SECRET_WHY)
    submit_button("Add the interest")
    assert SECRET_PLACE in page.locator("main").inner_text()
    check("portal: declaration with two interests")
    submit_button("Submit the declaration")
    assert "waiting for review" in page.locator("main").inner_text()
    check("portal: submitted")

    # --- The officer agrees the sensitive interest and publishes ----------------------------------
    sign_in_as(officer)
    page.goto(f"{page.base}/members/officers/interests/")
    check("officers: queue")
    page.get_by_role("link", name=member.full_name).first.click()
    check("officers: review")
    page.get_by_role("link", name="Record the monitoring officer's agreement").click()
    check("officers: sensitive agreement")
    page.get_by_label("Monitoring officer who agreed").fill("Alex Monitoring")
    page.get_by_label("Day").fill("20")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("2026")
    submit_button("Record the agreement")
    submit_button("Publish the register")
    assert "Register published" in page.locator(".govuk-notification-banner").inner_text()

    # --- The public register ----------------------------------------------------------------------
    page.context.clear_cookies()
    public_url = f"{page.base}/members/{member.slug}/interests/"
    page.goto(public_url)
    main = page.locator("main").inner_text()
    assert "Kingsmere Housing Association" in main
    assert WITHHELD in main
    assert SECRET_PLACE not in page.content()
    check("public: register")

    # --- A change, published as version 2 ---------------------------------------------------------
    sign_in_as(councillor)
    page.goto(f"{page.base}/members/portal/interests/")
    check("portal: your published register")
    submit_button("Tell us about a change")
    page.get_by_role("link", name="Add an interest").click()
    page.get_by_label("Bodies of a public nature").check()
    page.get_by_label("Describe the interest").fill("Trustee")
    page.get_by_label("Name of the employer, company or body").fill("Fenwick Bowls Club")
    submit_button("Add the interest")
    submit_button("Submit the declaration")
    sign_in_as(officer)
    page.goto(f"{page.base}/members/officers/interests/")
    page.get_by_role("link", name=member.full_name).first.click()
    submit_button("Publish the register")
    assert InterestDeclaration.all_objects.filter(councillor=member, version=2).exists()

    # --- Earlier version at its own address; nothing sensitive anywhere public ---------------------
    page.context.clear_cookies()
    page.goto(public_url)
    assert "Fenwick Bowls Club" in page.locator("main").inner_text()
    page.get_by_role("link", name="Version 1").click()
    expect(page).to_have_url(f"{page.base}/members/{member.slug}/interests/1/")
    main = page.locator("main").inner_text()
    assert "earlier version" in main and "Fenwick Bowls Club" not in main
    assert "Kingsmere Housing Association" in main and WITHHELD in main
    check("public: earlier version")
    for url in [
        public_url,
        f"{page.base}/members/{member.slug}/interests/1/",
        f"{page.base}/members/{member.slug}/interests/2/",
        f"{page.base}/members/{member.slug}/interests.json",
        f"{page.base}/members/interests.csv",
    ]:
        response = page.request.get(url)
        body = response.body().decode()
        assert response.status == 200, url
        assert "Larkspur" not in body and SECRET_WHY not in body, url
        assert "Alex Monitoring" not in body, url
        assert "Kingsmere Housing Association" in body, url

    assert {name: found for name, found in violations.items() if found} == {}
    assert len(violations) >= 11


def test_a_declined_gift_from_portal_to_public_register(live_page, officer, councillor, password):
    page = live_page
    violations: dict[str, list] = {}

    def check(name: str) -> None:
        violations[name] = axe_violations(page)

    sign_in_with_browser(page, councillor.username, password)
    page.goto(f"{page.base}/members/portal/")
    page.get_by_role("link", name="Your gifts and hospitality").first.click()
    check("portal: your gifts")
    page.get_by_role("link", name="Register a gift or hospitality").click()
    page.get_by_role("button", name="Register it").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    check("portal: register a gift with errors")
    page.get_by_label("Gift", exact=True).check()
    page.get_by_label("Who gave or offered it?").fill("Orchard Homes Ltd")
    page.get_by_label("What was it?").fill("Case of wine")
    page.get_by_label("Estimated value in pounds").fill("120")
    received = timezone.localdate() - timedelta(days=3)
    page.get_by_label("Day").fill(str(received.day))
    page.get_by_label("Month").fill(str(received.month))
    page.get_by_label("Year").fill(str(received.year))
    page.get_by_label("No, I declined it").check()
    page.get_by_label("The occasion, or why you declined it").fill("A bidder for council land.")
    page.get_by_role("button", name="Register it").click()
    assert "Case of wine" in page.locator("main").inner_text()
    check("portal: your gifts with one")

    page.context.clear_cookies()
    sign_in_with_browser(page, officer.username, password)
    page.goto(f"{page.base}/members/officers/interests/gifts/")
    check("officers: gifts")
    page.get_by_role("button", name="Publish the gift from Orchard Homes Ltd").click()
    page.context.clear_cookies()
    page.goto(f"{page.base}/members/gifts/")
    main = page.locator("main").inner_text()
    assert "Case of wine" in main and "£120.00" in main and "Declined" in main
    check("public: gifts register")
    assert {name: found for name, found in violations.items() if found} == {}
