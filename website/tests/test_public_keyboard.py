"""The public side with a keyboard alone, in a real browser (Debian's Chromium through
Playwright): the skip link is the first stop and moves focus to the content; search is reached
and submitted from the home page; a result is followed with Enter; and the search, document
library and outside bodies pages pass axe (WCAG 2.2 A and AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from democracy.tests.factories_browser import axe_violations
from meetings import search
from meetings.tests.factories_meetings import make_agenda_positions_deferrable
from meetings.tests.factories_public import PublicScene

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def focused(page) -> dict:
    return page.evaluate(
        "() => ({tag: document.activeElement.tagName, text: document.activeElement.innerText,"
        " id: document.activeElement.id, href: document.activeElement.getAttribute('href')})"
    )


def test_search_and_results_with_the_keyboard_alone(live_page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    make_agenda_positions_deferrable()
    scene = PublicScene()
    search.index_agenda(scene.meeting)
    page = live_page
    page.goto(f"{page.base}/")

    page.keyboard.press("Tab")
    assert focused(page)["text"].strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main-content"

    # Tab on to the search box; nothing but the keyboard is used.
    for _ in range(60):
        page.keyboard.press("Tab")
        if focused(page)["id"] == "site-search":
            break
    else:
        pytest.fail("The search box cannot be reached with Tab")
    page.keyboard.type("local plan")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=local+plan**")
    expect(page.locator("#results")).to_be_visible()

    for _ in range(80):
        page.keyboard.press("Tab")
        if (focused(page)["href"] or "").startswith(scene.meeting.get_absolute_url()):
            break
    else:
        pytest.fail("No result link can be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{scene.meeting.get_absolute_url()}*")  # a hit in the minutes: #minutes
    expect(page.locator("h1")).to_be_visible()

    found = {}
    for url in [
        "/search/?q=local+plan",
        "/search/?q=nothing-matches-this",
        "/search/?q=",
        "/documents/",
        "/documents/?type=minutes",
        "/members/outside-bodies/",
        "/members/dispensations/",
        "/members/gifts/",
        f"/members/{scene.councillors[0].slug}/gifts/",
        f"/members/{scene.councillors[0].slug}/interests/",
        f"/councillors/{scene.councillors[0].slug}/",
    ]:
        page.goto(f"{page.base}{url}")
        found[url] = axe_violations(page)
    assert {url: v for url, v in found.items() if v} == {}

    # On paper, a councillor's page drops the navigation too (the print stylesheet is global).
    page.goto(f"{page.base}/councillors/{scene.councillors[0].slug}/")
    page.emulate_media(media="print")
    expect(page.locator(".govuk-service-navigation")).not_to_be_visible()
    expect(page.locator("h1")).to_be_visible()
