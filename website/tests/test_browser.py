"""User journeys and accessibility in a real browser (Playwright driving Debian's Chromium)."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from playwright.sync_api import expect

from democracy.demo_accounts import DEMO_LOGINS, DEMO_PASSWORD
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANDING = {
    "officer": ("/officers/", "Democratic services"),
    "manager": ("/manage/", "Manage the system"),
    "author": ("/officers/reports/", "My reports"),
    "councillor": ("/members/portal/", "Member portal"),
    "electoral_officer": ("/elections/", "Electoral services"),
    "clerk": ("/appeals/", "Appeals"),
    "panel_member": ("/appeals/panel/", "My hearings"),
}


@pytest.mark.parametrize("persona", list(LANDING))
def test_each_role_signs_in_and_lands_on_its_page(live_page, request, password, persona):
    user = request.getfixturevalue(persona)
    sign_in_with_browser(live_page, user.username, password)
    path, heading = LANDING[persona]
    expect(live_page).to_have_url(f"{live_page.base}{path}")
    assert heading in live_page.locator("h1").first.inner_text()


def test_anonymous_visitors_see_the_public_home_page(live_page):
    live_page.goto(f"{live_page.base}/")
    assert "Kingsmere District Council" in live_page.locator("header").inner_text()
    expect(live_page.get_by_role("link", name="Sign in")).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/officers/",
        "/officers/reports/",
        "/elections/",
        "/appeals/",
        "/appeals/panel/",
        "/members/portal/",
        "/dashboard/",
        "/account/security/",
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in_from_officer_pages(live_page, path):
    live_page.goto(f"{live_page.base}{path}")
    assert live_page.url.startswith(f"{live_page.base}/account/login/?next=")
    assert live_page.locator("h1").inner_text() == "Sign in"


def test_the_console_sends_anonymous_visitors_to_its_sign_in(live_page):
    live_page.goto(f"{live_page.base}/manage/")
    assert "/manage/login/" in live_page.url


def test_a_wrong_password_shows_the_error_summary_and_focuses_it(live_page, officer):
    sign_in_with_browser(live_page, officer.username, "not my password")
    summary = live_page.locator(".govuk-error-summary")
    assert "Enter a correct username and password" in summary.inner_text()
    expect(live_page).to_have_title(re.compile(r"^Error:"))


@pytest.mark.slow
def test_axe_finds_no_wcag_22_aa_violations(live_page, live_server):
    """Home, sign-in, every role's landing page with the demo council's data, the information
    pages, a form with errors, and the 403, 404 and 500 pages."""
    from democracy.tests.factories_demo import demo_council
    from website.views import server_error

    demo_council()
    pages: dict[str, list[dict]] = {}

    def check(name: str, path: str | None = None) -> None:
        if path is not None:
            live_page.goto(f"{live_page.base}{path}")
        pages[name] = axe_violations(live_page)

    check("home", "/")
    check("accessibility statement", "/accessibility/")
    check("cookies", "/cookies/")
    check("sign in", "/account/login/")
    check("password reset", "/account/password-reset/")
    check("404", "/no-such-page/")
    sign_in_with_browser(live_page, "nobody", "wrong")
    check("sign in with errors")

    # The 500 page is rendered without the database; serve its HTML at a test-only address.
    html = server_error(RequestFactory().get("/")).content.decode()
    live_page.route(
        "**/broken/", lambda route: route.fulfill(status=500, body=html, content_type="text/html")
    )
    check("500", "/broken/")

    for login in DEMO_LOGINS:
        live_page.context.clear_cookies()
        sign_in_with_browser(live_page, login.username, DEMO_PASSWORD)
        if login.username == "manager":
            continue  # the Django admin is the managers' console, outside our design system
        check(f"{login.username} landing page")
        if login.username == "officer":
            check("account security", "/account/security/")
            check("403", "/appeals/")
            check(
                "deadline result",
                "/officers/?meeting_date_0=7&meeting_date_1=5&meeting_date_2=2026",
            )
            check(
                "deadline errors",
                "/officers/?meeting_date_0=30&meeting_date_1=2&meeting_date_2=2026",
            )
        if login.username == "electoral":
            check("timetable", "/elections/?poll_date_0=7&poll_date_1=5&poll_date_2=2026")
    assert {name: found for name, found in pages.items() if found} == {}
    assert len(pages) >= 17
