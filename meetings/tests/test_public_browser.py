"""Every public template in a real browser (Debian's Chromium through Playwright): axe finds no
WCAG 2.2 A or AA violation, and on paper the print stylesheet hides the navigation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from democracy.tests.factories_browser import axe_violations
from meetings.services import forward_plan as forward_plan_services
from meetings.tests.factories_meetings import make_agenda_positions_deferrable
from meetings.tests.factories_public import PublicScene, add_meetings

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_public_pages_pass_axe_and_print_without_navigation(live_page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    make_agenda_positions_deferrable()
    scene = PublicScene()
    add_meetings(scene.committee, 2)
    entry = forward_plan_services.entry_create(
        title="Leisure centre contract",
        expected_decision_date=timezone.localdate() + timedelta(days=60),
        decision_maker_committee=None,
        decision_maker_name="Cabinet Member for Leisure",
        contact="democratic.services@example.org",
        private=True,
        private_paragraphs=[3],
        private_reasons="The bids are commercially sensitive.",
        by=None,
    )
    forward_plan_services.entry_publish_notice(entry=entry, by=None, today=timezone.localdate())
    day = scene.day
    pages = {
        "home": "/",
        "committees": "/committees/",
        "committee": "/committees/planning/",
        "meetings": "/meetings/",
        "past meetings": "/meetings/?when=past&committee=planning",
        "calendar": f"/meetings/calendar/{day.year}/{day.month}/",
        "meeting": scene.meeting.get_absolute_url(),
        "report": f"/papers/reports/{scene.public_report.pk}/",
        "decisions": "/decisions/",
        "decision": f"/decisions/{scene.public_decision.pk}/",
        "exempt decision": f"/decisions/{scene.exempt_decision.pk}/",
        "forward plan": "/forward-plan/",
        "web service": "/mgWebService.asmx",
        "delegated decisions": "/mgDelegatedDecisions.aspx",
    }
    found = {}
    page = live_page
    for name, url in pages.items():
        response = page.goto(f"{page.base}{url}")
        assert response.status == 200, url
        found[name] = axe_violations(page)
    assert {name: v for name, v in found.items() if v} == {}

    page.goto(f"{page.base}{scene.meeting.get_absolute_url()}")
    expect(page.locator(".govuk-service-navigation")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".govuk-service-navigation")).not_to_be_visible()
    expect(page.locator(".govuk-breadcrumbs")).not_to_be_visible()
    expect(page.locator("h1")).to_be_visible()
