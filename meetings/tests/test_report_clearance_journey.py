"""Report clearance in a real browser (issue 15): an author drafts a report from the council's
template by uploading a Word document (a heading, a table and a picture), gives the picture its
alt text when the accessibility check asks; Legal returns it with a comment in their own
account; the author sees the comment at the top of the report, fixes it and sends it again;
Legal, Finance and the Director sign it off in their own accounts; the officer sees the
clearance of every report and publishes. Every email goes through the outbox once. axe checks
every new page."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from democracy.models import Reminder
from democracy.tasks import send_outbox_email
from democracy.tests.factories import CommitteeFactory, set_constitution
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from meetings.models import Meeting, Report
from meetings.services import reports as report_services
from meetings.tests.factories_clearance import make_approver
from meetings.tests.factories_docx import DOCX, build_docx, committee_report_template
from meetings.tests.factories_meetings import (
    add_item,
    make_agenda_positions_deferrable,
    make_meeting,
    make_room,
)
from meetings.tests.factories_views import a_future_tuesday

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RETURN_COMMENT = "Say which power the council relies on to sell the depot."


def send_the_outbox() -> None:
    """What the worker does: send each unsent row; a second run (a restarted worker) sends none."""
    pending = list(Reminder.outbox.filter(sent_at=None).values_list("pk", flat=True))
    for pk in pending:
        send_outbox_email(pk)
    for pk in pending:
        assert send_outbox_email(pk) is False


def test_a_report_cleared_in_the_approvers_own_accounts(
    live_page, officer, author, password, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    set_constitution(report_sign_offs=["Legal", "Finance", "Director"])
    make_agenda_positions_deferrable()
    page = live_page
    template = committee_report_template()
    meeting = make_meeting(
        CommitteeFactory(name="Planning Committee"),
        day=a_future_tuesday(8),
        room=make_room("Council Chamber"),
    )
    item = add_item(meeting, "Disposal of the depot")
    report = report_services.report_create(
        item=item, title="Disposal of the depot", author=author, by=officer
    )
    legal = make_approver("Legal", "monitoring-officer", first_name="Mona", last_name="Legal")
    finance = make_approver("Finance", "s151-officer")
    director = make_approver("Director", "director")
    deputy = make_approver("Director", "deputy-director", deputy=True)
    violations: dict[str, list] = {}

    def check(name: str) -> None:
        violations[name] = axe_violations(page)

    def sign_in_as(user) -> None:
        page.context.clear_cookies()
        sign_in_with_browser(page, user.username, password)

    def banner() -> str:
        return page.locator(".govuk-notification-banner").first.inner_text()

    # --- The officer sees who gives each sign-off --------------------------------------------------
    sign_in_as(officer)
    page.goto(f"{page.base}/officers/sign-offs/holders/")
    expect(page.get_by_role("heading", name="Who gives each sign-off")).to_be_visible()
    check("who gives each sign-off")
    page.get_by_role("button", name="Assign the sign-off").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    check("who gives each sign-off, with errors")
    page.get_by_label("Sign-off", exact=True).select_option("Finance")
    page.get_by_label("Person").select_option(value=str(officer.pk))
    page.get_by_label("Deputy").check()
    page.get_by_role("button", name="Assign the sign-off").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is now a Finance deputy")

    # --- The author drafts from the template by uploading Word ------------------------------------
    sign_in_as(author)
    page.goto(f"{page.base}/officers/reports/{report.pk}/")
    check("report page with the template choice")
    page.get_by_label("Report template").select_option(label=template.name)
    page.get_by_role("button", name="Write from this template").click()
    expect(page.get_by_label("Recommendations", exact=True)).to_be_visible()
    check("structured editor")
    page.get_by_role("link", name="Upload the report as a Word document (.docx)").click()
    check("upload a Word document")
    page.get_by_role("button", name="Upload the Word document").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    check("upload a Word document, with errors")
    page.get_by_label("Word document (.docx)").set_input_files(
        files=[{"name": "depot.docx", "mimeType": DOCX, "buffer": build_docx()}]
    )
    page.get_by_role("button", name="Upload the Word document").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Word document uploaded: 1 image needs alt text"
    )
    expect(page.get_by_label("Recommendations", exact=True)).to_have_value(re.compile("<table>"))
    expect(page.locator(".app-accessibility-problems")).to_contain_text("Image 1 has no alt text")
    check("report with an image that needs alt text")
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Image 1 has no alt text")
    check("send for sign-off blocked by the accessibility check")
    page.get_by_label("Alt text for image 1").fill("Bar chart of the two offers for the depot")
    page.get_by_role("button", name="Save the alt text for image 1").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Alt text saved")
    expect(page.get_by_text("The check found nothing to fix")).to_be_visible()
    expect(page.locator(".app-preview img")).to_have_attribute(
        "alt", "Bar chart of the two offers for the depot"
    )
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Report sent for sign-off")
    send_the_outbox()
    requested = {tuple(m.to): m.subject for m in mail.outbox}
    assert requested == {
        ("monitoring-officer@example.org",): "Legal sign-off needed: Disposal of the depot",
        (
            officer.email,
            "s151-officer@example.org",
        ): "Finance sign-off needed: Disposal of the depot",
        ("deputy-director@example.org", "director@example.org"): (
            "Director sign-off needed: Disposal of the depot"
        ),
    }

    # --- Legal returns it with a comment, in their own account --------------------------------------
    sign_in_as(legal)
    page.goto(f"{page.base}/officers/sign-offs/")
    check("reports waiting for my sign-off")
    page.get_by_role("link", name="Disposal of the depot").click()
    expect(page.locator(".app-preview")).to_contain_text("Acme Ltd")
    check("sign off a report")
    page.get_by_label("Return it to the author").check()
    page.get_by_role("button", name="Send your decision").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    check("sign off a report, with errors")
    page.get_by_label("Return it to the author").check()
    page.get_by_label("Comments for the author").fill(RETURN_COMMENT)
    page.get_by_role("button", name="Send your decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You returned “Disposal of the depot” to its author"
    )
    sent_before = len(mail.outbox)
    send_the_outbox()
    [returned] = mail.outbox[sent_before:]
    assert returned.to == [author.email] and RETURN_COMMENT in returned.body

    # --- The author sees why at the top, fixes it and sends it again --------------------------------
    sign_in_as(author)
    page.goto(f"{page.base}/officers/reports/{report.pk}/")
    top = page.locator("main .govuk-notification-banner").first
    expect(top).to_contain_text("Returned by Legal")
    expect(top).to_contain_text(RETURN_COMMENT)
    assert page.locator("main").inner_text().index(RETURN_COMMENT) < page.locator(
        "main"
    ).inner_text().index("How the report will look")
    check("report returned to its author")
    legal_box = page.get_by_label("Legal implications", exact=True)
    legal_box.fill(legal_box.input_value() + "<p>The council relies on s123 LGA 1972.</p>")
    page.get_by_role("button", name="Save the report").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("Report saved")
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Report sent for sign-off")
    send_the_outbox()

    # --- Legal, Finance and the Director sign off in their own accounts -----------------------------
    for approver, role in [(legal, "Legal"), (finance, "Finance"), (director, "Director")]:
        sign_in_as(approver)
        page.goto(f"{page.base}/officers/sign-offs/")
        page.get_by_role("link", name="Disposal of the depot").click()
        page.get_by_label("Sign off the report").check()
        page.get_by_role("button", name="Send your decision").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            f"You signed off “Disposal of the depot” for {role}"
        )
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    sign_in_as(deputy)
    page.goto(f"{page.base}/officers/sign-offs/")
    expect(page.get_by_text("No reports are waiting for your sign-off.")).to_be_visible()

    # --- The officer sees the clearance and publishes -----------------------------------------------
    sign_in_as(officer)
    page.goto(f"{page.base}/officers/meetings/{meeting.pk}/clearance/")
    row = page.get_by_role("row", name=re.compile("Disposal of the depot"))
    expect(row).to_contain_text("Ready")
    expect(row.get_by_text("Signed off")).to_have_count(3)
    check("meeting's report clearance")
    page.goto(f"{page.base}/officers/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Publish the agenda").click()
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Agenda published")
    assert Meeting.all_objects.get(pk=meeting.pk).is_published

    # The picture is in the pack, as the report's own file.
    from meetings import packs

    assert packs.build_pending_packs(older_than=timedelta(0)) == 1
    public = page.request.get(f"{page.base}/officers/meetings/{meeting.pk}/packs/public/")
    reader = PdfReader(io.BytesIO(public.body()))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert "Acme Ltd" in text and "s123 LGA 1972" in text
    assert sum(len(p.images) for p in reader.pages) >= 1

    assert {name: found for name, found in violations.items() if found} == {}
    assert len(violations) >= 13
