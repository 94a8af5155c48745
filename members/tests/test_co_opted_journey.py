"""Adding a co-opted member and ending their co-option in a real browser, with axe checking each
page (WCAG 2.2 AA): the list, the add form (with its errors), the record and the end form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from members.models import Councillor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_adds_a_co_opted_member_and_ends_the_co_option(live_page, officer, password):
    page = live_page
    violations: dict[str, list] = {}

    def check(name: str) -> None:
        violations[name] = axe_violations(page)

    sign_in_with_browser(page, officer.username, password)
    page.goto(f"{page.base}/members/officers/co-opted-members/")
    check("co-opted members")
    page.get_by_role("link", name="Add a co-opted member").click()
    check("add a co-opted member")
    page.get_by_label("Title").fill("Mrs")
    page.get_by_label("First name").fill("Helen")
    page.get_by_role("button", name="Add the co-opted member").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    check("add a co-opted member with errors")
    page.get_by_label("Last name").fill("Marsh")
    page.get_by_label("Co-opted as").fill("Independent member of the Audit Committee")
    page.locator("#id_start_date_0").fill("2")
    page.locator("#id_start_date_1").fill("6")
    page.locator("#id_start_date_2").fill("2025")
    page.locator("#id_voting_1").check()
    page.locator("#id_allowance_payable_1").check()
    page.get_by_role("button", name="Add the co-opted member").click()
    assert (
        "Mrs Helen Marsh has been added" in page.locator(".govuk-notification-banner").inner_text()
    )
    check("a co-opted member's record")
    page.get_by_role("link", name="End the co-option from 2 June 2025").click()
    check("end a co-option")
    page.locator("#id_end_date_0").fill("1")
    page.locator("#id_end_date_1").fill("3")
    page.locator("#id_end_date_2").fill("2026")
    page.get_by_label("Resigned").check()
    page.get_by_role("button", name="End the co-option").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "The co-option of Mrs Helen Marsh ends on 1 March 2026." in banner
    assert str(Councillor.all_objects.get().co_options.get().end_date) == "2026-03-01"
    assert {name: v for name, v in violations.items() if v} == {}
