"""The meeting journey in a real browser: an officer schedules a meeting and builds its agenda
with one exempt report, the author writes it, the officer clears it through every sign-off and
publishes; the packs are built; the public pack holds nothing of the exempt report while the full
pack does; a councillor on the committee reads it on the portal and in the full pack, and one
who is not gets the notice and a 404. axe checks every page on the way."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from democracy.constitution import sign_off_chain
from democracy.tests.factories import CommitteeFactory
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from meetings.models import AgendaItem, Meeting, Report
from meetings.tests.factories_meetings import make_agenda_positions_deferrable, make_room, seat
from meetings.tests.factories_views import a_future_tuesday

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "CONFIDENTIAL-LAND-VALUE-417"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_an_exempt_report_from_agenda_to_packs_and_portal(
    live_page, officer, author, councillor, other_councillor, password, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    make_agenda_positions_deferrable()
    page = live_page
    planning = CommitteeFactory(name="Planning Committee")
    make_room("Council Chamber")
    seat(councillor, planning)
    day = a_future_tuesday(8)
    violations: dict[str, list] = {}

    def check(name: str) -> None:
        violations[name] = axe_violations(page)

    def sign_in_as(user) -> None:
        page.context.clear_cookies()
        sign_in_with_browser(page, user.username, password)

    # --- The officer schedules the meeting -------------------------------------------------------
    sign_in_as(officer)
    page.goto(f"{page.base}/officers/")
    check("officer landing page")
    page.get_by_role("link", name="Schedule a meeting").first.click()
    check("schedule a meeting")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    check("schedule a meeting with errors")
    page.get_by_label("Committee").select_option(label="Planning Committee")
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Start time").fill("6:30pm")
    page.get_by_label("Expected end time").fill("9pm")
    page.get_by_label("Room", exact=True).select_option(label="Council Chamber, Town Hall")
    page.get_by_role("button", name="Schedule the meeting").click()
    meeting = Meeting.all_objects.get()
    expect(page).to_have_url(f"{page.base}/officers/meetings/{meeting.pk}/")
    assert "Meeting scheduled" in page.locator(".govuk-notification-banner").inner_text()
    check("meeting page")
    page.goto(f"{page.base}/officers/meetings/")
    check("meetings list")
    page.goto(f"{page.base}/officers/meetings/series/new/")
    check("schedule a year")

    # --- An exempt item and its report ----------------------------------------------------------
    page.goto(f"{page.base}/officers/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Add an item").click()
    check("add an item")
    page.get_by_label("Title", exact=True).fill("Disposal of the depot")
    page.get_by_label("Paragraph 3 of Part 1").check()
    page.get_by_label("Public interest statement").fill(
        "Disclosure would prejudice the council's position in the sale."
    )
    page.get_by_role("button", name="Add the item").click()
    item = AgendaItem.all_objects.get(title="Disposal of the depot")
    assert "Exempt: paragraph 3" in page.locator(f"#item-{item.pk}").inner_text()
    resolution = page.get_by_text("paragraph 3 of Part 1 of Schedule 12A")
    expect(resolution).to_be_visible()
    check("meeting page with an exempt item")
    page.get_by_role("link", name="Add a report for item").click()
    check("add a report")
    page.get_by_label("Author").select_option(value=str(author.pk))
    page.get_by_role("button", name="Add the report").click()
    report = Report.all_objects.get()
    page.goto(f"{page.base}/officers/meetings/{meeting.pk}/items/new/")
    page.get_by_role("button", name="Add the item").click()
    check("add an item with errors")

    # --- The author writes it and sends it for sign-off ------------------------------------------
    sign_in_as(author)
    expect(page).to_have_url(f"{page.base}/officers/reports/")
    check("author's reports")
    page.get_by_role("link", name=report.title).click()
    check("report page")
    page.get_by_label("Report", exact=True).fill(
        f"<h2>Valuation</h2><p>The depot is valued at {SECRET}.</p><script>alert(1)</script>"
    )
    page.get_by_role("button", name="Save the report").click()
    assert SECRET in page.locator(".app-preview").inner_text()
    page.get_by_role("link", name="Add an appendix").click()
    check("add an appendix")
    page.get_by_role("link", name="Back to the report").click()
    page.get_by_role("button", name="Send for sign-off").click()
    assert "Report sent for sign-off" in page.locator(".govuk-notification-banner").inner_text()
    check("report awaiting sign-off")

    # --- The officer records every sign-off and publishes ----------------------------------------
    sign_in_as(officer)
    for role in sign_off_chain():
        page.goto(f"{page.base}/officers/reports/{report.pk}/sign-off/")
        if role == sign_off_chain()[0]:
            check("record a sign-off")
        page.get_by_label(role, exact=True).check()
        page.get_by_label("Approved").check()
        # Recorded by the officer: a sign-off given outside the system, with its evidence.
        page.get_by_label("Evidence of the sign-off").fill(f"Email from {role}, this morning")
        page.get_by_role("button", name="Record the sign-off").click()
    assert "the report is ready" in page.locator(".govuk-notification-banner").inner_text()
    page.goto(f"{page.base}/officers/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Publish the agenda").click()
    check("publish the agenda")
    page.get_by_role("button", name="Publish the agenda").click()
    assert "Agenda published" in page.locator(".govuk-notification-banner").inner_text()
    meeting.refresh_from_db()
    assert meeting.is_published

    # --- The packs: nothing exempt in the public one ---------------------------------------------
    from meetings import packs

    assert packs.build_pending_packs(older_than=timedelta(0)) == 1
    page.reload()
    check("published meeting page")
    public = page.request.get(f"{page.base}/officers/meetings/{meeting.pk}/packs/public/")
    full = page.request.get(f"{page.base}/officers/meetings/{meeting.pk}/packs/full/")
    assert public.status == 200 and full.status == 200
    public_text, full_text = pdf_text(public.body()), pdf_text(full.body())
    assert SECRET not in public_text and "Valuation" not in public_text
    assert "Not for publication" in public_text
    assert SECRET in full_text

    # --- A councillor on the committee reads it --------------------------------------------------
    sign_in_as(councillor)
    page.goto(f"{page.base}/members/portal/")
    page.get_by_role("link", name="Your meetings and papers").click()
    check("portal: your meetings")
    page.get_by_role("link", name="Planning Committee").first.click()
    assert SECRET in page.locator("main").inner_text()
    assert "alert(1)" not in page.content()
    check("portal: meeting papers")
    full = page.request.get(f"{page.base}/officers/meetings/{meeting.pk}/packs/full/")
    assert full.status == 200 and SECRET in pdf_text(full.body())

    # --- A councillor who is not on it does not ---------------------------------------------------
    sign_in_as(other_councillor)
    page.goto(f"{page.base}/members/portal/meetings/{meeting.pk}/")
    main = page.locator("main").inner_text()
    assert "Disposal of the depot" in main and SECRET not in main
    assert "Not for publication by virtue of paragraph 3" in main
    check("portal: meeting papers of another committee")
    full = page.request.get(f"{page.base}/officers/meetings/{meeting.pk}/packs/full/")
    assert full.status == 404
    public = page.request.get(f"{page.base}/officers/meetings/{meeting.pk}/packs/public/")
    assert public.status == 200 and SECRET not in pdf_text(public.body())

    assert {name: found for name, found in violations.items() if found} == {}
    assert len(violations) >= 18
