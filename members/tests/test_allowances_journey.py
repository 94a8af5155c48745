"""The expenses journey in a real browser: a councillor starts a claim, adds a journey, sees a
line refused with its reason, submits; an officer approves it from the queue and pays it with
the month's run; the councillor's statement shows the payment. axe checks every page."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.models import AllowancePayment, ExpenseClaim
from members.rules.allowances import scheme_year_start
from members.tests.factories_allowances import scheme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_claim_from_draft_to_payment(live_page, councillor, officer, password):
    from democracy.tests.factories_browser import axe_violations, sign_in_with_browser

    page = live_page
    today = timezone.localdate()
    s = scheme(scheme_year_start(today))
    violations: dict[str, list] = {}

    def check(name: str) -> None:
        violations[name] = axe_violations(page)

    def sign_in_as(user) -> None:
        page.context.clear_cookies()
        sign_in_with_browser(page, user.username, password)

    sign_in_as(councillor)
    page.goto(f"{page.base}/members/portal/")
    page.get_by_role("link", name="Your expense claims").click()
    check("your expense claims")
    first = today.replace(day=1)
    for legend, day in (
        ("First day the claim covers", first),
        ("Last day the claim covers", today),
    ):
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(str(day.day))
        group.get_by_label("Month").fill(str(day.month))
        group.get_by_label("Year").fill(str(day.year))
    page.get_by_role("button", name="Start a claim").click()
    claim = ExpenseClaim.private_objects.get()
    expect(page).to_have_url(f"{page.base}/members/portal/allowances/claims/{claim.pk}/")
    check("a draft claim")

    date_group = page.get_by_role("group", name="Date")
    date_group.get_by_label("Day").fill(str(today.day))
    date_group.get_by_label("Month").fill(str(today.month))
    date_group.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Train, bus, taxi or parking").check()
    page.get_by_label("Purpose").fill("Train to the LGA")
    page.get_by_label("Amount spent").fill("28.40")
    page.get_by_role("button", name="Add the line").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    assert "Upload the receipt or ticket for this journey." in page.content()
    check("a line with errors")

    page.get_by_role("radio", name="Mileage").check()
    page.get_by_label("Purpose").fill("Planning Committee")
    page.get_by_label("Vehicle (mileage only)").select_option("car")
    page.get_by_label("From (mileage only)").fill("Home")
    page.get_by_label("To (mileage only)").fill("Kingsmere House")
    page.get_by_label("Miles (mileage only)").fill("12")
    page.get_by_label("Amount spent").fill("")
    page.get_by_role("button", name="Add the line").click()
    assert "£5.40" in page.locator("#lines").inner_text()
    page.get_by_role("button", name="Submit the claim").click()
    assert "Claim submitted" in page.locator(".govuk-notification-banner").inner_text()
    check("a submitted claim")

    sign_in_as(officer)
    page.goto(f"{page.base}/members/officers/allowances/")
    check("allowances home")
    page.get_by_role("link", name="Claims waiting for approval").click()
    check("claims queue")
    page.get_by_role("link", name=f"Claim {claim.pk}").click()
    check("a claim to approve")
    page.get_by_role("button", name="Approve the claim").click()
    assert "Claim approved" in page.locator(".govuk-notification-banner").inner_text()
    page.goto(f"{page.base}/members/officers/allowances/{s.label}/")
    check("the scheme")
    page.get_by_label("Month", exact=True).first.select_option(f"{today:%Y-%m}")
    page.get_by_role("button", name="Generate the month's payments").click()
    assert "new payments" in page.locator(".govuk-notification-banner").inner_text()
    assert AllowancePayment.private_objects.filter(claim=claim).exists()
    page.goto(f"{page.base}/members/allowances/{s.label}/")
    check("the publication preview")
    page.goto(f"{page.base}/members/officers/allowances/{s.label}/payments/")
    check("the record of payments")
    page.goto(f"{page.base}/members/officers/allowances/{s.label}/amend/")
    check("amend the scheme")
    page.goto(f"{page.base}/members/officers/allowances/{s.label}/sra/")
    page.get_by_role("button", name="Set the allowance").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    check("set an SRA with errors")
    page.goto(f"{page.base}/members/officers/allowances/new/")
    check("make a scheme")
    page.goto(f"{page.base}/members/officers/allowances/renunciations/new/")
    page.get_by_role("button", name="Record the notice").click()
    check("record a renunciation with errors")
    page.goto(f"{page.base}/members/officers/allowances/withholdings/new/")
    check("withhold allowances")

    sign_in_as(councillor)
    page.goto(f"{page.base}/members/portal/allowances/")
    assert "Expense claim" in page.content()
    check("your allowances")

    assert {name: found for name, found in violations.items() if found} == {}
