"""Two journeys in a real browser (Debian's Chromium through Playwright), with axe checking every
page against WCAG 2.2 A and AA: a parent lodges an appeal without an account and adds evidence
by the emailed link; the clerk schedules a grouped hearing, an invalid panel refused with its
reason and a valid one accepted, and sends notice."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone

from appeals.models import Appeal, Evidence, Hearing
from appeals.tasks import send_email
from appeals.tests.factories import build_scene, fresh_cache, lodge
from democracy.models import Reminder
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from democracy.tests.factories_pdf import pdf_with

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://[^/\s]+(/appeals/evidence/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _own_cache(settings):
    fresh_cache(settings)


def test_a_parent_lodges_an_appeal_and_adds_evidence_by_the_emailed_link(live_page, clerk):
    build_scene(by=clerk, live=True)
    page = live_page
    violations: dict[str, list] = {}

    def check(name: str) -> None:
        violations[name] = axe_violations(page)

    page.goto(f"{page.base}/appeals/lodge/")
    check("start")
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("button", name="Continue").click()
    assert page.title().startswith("Error:")
    check("school, with an error")
    page.get_by_label("Which school are you appealing for a place at?").select_option(
        label="Harbour Academy"
    )
    page.get_by_role("button", name="Continue").click()
    check("place")
    page.get_by_label("Which year group is the place for?").select_option(label="Year 7")
    page.get_by_label("At the usual start", exact=False).check()
    page.get_by_role("button", name="Continue").click()
    check("decision")
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Continue").click()
    check("child")
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Rivers")
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("10")
    page.get_by_label("Year").fill(str(today.year - 11))
    page.get_by_role("button", name="Continue").click()
    check("contact")
    page.get_by_label("Your full name").fill("Jo Rivers")
    page.get_by_label("Parent", exact=True).check()
    page.get_by_label("Email address").fill("jo.rivers@example.com")
    page.get_by_label("Postal address").fill("4 Mill Lane, Kingsmere")
    page.get_by_label("Postcode").fill("KM1 2AB")
    page.get_by_role("button", name="Continue").click()
    check("reasons")
    page.get_by_label("Why are you appealing?").fill("Her sister attends the school.")
    page.get_by_role("button", name="Continue").click()
    check("evidence")
    page.set_input_files(
        "#id_file",
        files=[{"name": "letter.txt", "mimeType": "application/pdf", "buffer": b"not a pdf"}],
    )
    page.get_by_role("button", name="Upload file").click()
    assert (
        "letter.txt must be a PDF, JPEG or PNG file"
        in page.locator(".govuk-error-summary").inner_text()
    )
    check("evidence, refused")
    page.set_input_files(
        "#id_file",
        files=[{"name": "doctor.pdf", "mimeType": "application/pdf", "buffer": pdf_with()}],
    )
    page.get_by_role("button", name="Upload file").click()
    assert "doctor.pdf" in page.locator(".govuk-summary-list").inner_text()
    page.get_by_role("button", name="Continue to check your answers").click()
    check("check your answers")
    assert "Harbour Academy" in page.locator(".govuk-summary-list").inner_text()
    page.get_by_role("button", name="Lodge the appeal").click()
    check("appeal lodged")
    appeal = Appeal.cases.get()
    assert appeal.reference in page.locator(".govuk-panel").inner_text()

    # The acknowledgement, sent by its task, carries the link to add evidence.
    assert send_email(Reminder.objects.get().pk)
    path = LINK.search(mail.outbox[0].body).group(1)
    page.goto(f"{page.base}{path}")
    check("add evidence")
    assert "Sam" not in page.content()
    page.set_input_files(
        "#id_file",
        files=[{"name": "proof.pdf", "mimeType": "application/pdf", "buffer": pdf_with()}],
    )
    page.get_by_role("button", name="Upload file").click()
    assert "Your document has been added" in page.locator(".govuk-notification-banner").inner_text()
    check("evidence added")
    assert sorted(Evidence.private_objects.values_list("source", flat=True)) == ["link", "lodging"]
    assert {name: v for name, v in violations.items() if v} == {}


def test_the_clerk_schedules_a_grouped_hearing_with_a_valid_panel(live_page, clerk, password):
    scene = build_scene(by=clerk, live=True)
    today = timezone.localdate()
    appeals = [
        lodge(
            scene.academy,
            kind="admission_in_year",
            year_group="8",
            entry_year=today.year,
            decision_notified_on=today,
            lodged_on=today,
        )
        for _ in range(2)
    ]
    page = live_page
    violations: dict[str, list] = {}

    def check(name: str) -> None:
        violations[name] = axe_violations(page)

    sign_in_with_browser(page, clerk.username, password)
    page.goto(f"{page.base}/appeals/cases/intake/")
    check("intake")
    page.get_by_role("link", name="Plan a hearing").first.click()
    check("plan: choose")
    page.get_by_label("School").select_option(label="Harbour Academy")
    page.get_by_role("button", name="Show its appeals").click()
    for appeal in appeals:
        page.get_by_label(re.compile(appeal.reference)).check()
    page.get_by_role("button", name="Find hearing dates").click()
    check("plan: schedule")
    page.locator("input[name=day]").first.check()
    page.get_by_label("Room", exact=True).select_option(
        label="Committee Room 1, Kingsmere Civic Centre"
    )
    page.get_by_label("Chris Teacher (experience in education)").check()
    page.get_by_label("Dana Parent (experience in education)").check()
    page.get_by_label("Eli Head (head teacher (now or in the last five years))").check()
    page.get_by_label("Chair").select_option(label="Chris Teacher")
    page.get_by_role("button", name="Schedule the hearing").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "An admission appeal panel needs at least one lay member" in summary
    assert not Hearing.hearings.exists()
    check("plan: invalid panel")

    page.get_by_label("Eli Head (head teacher (now or in the last five years))").uncheck()
    page.get_by_label("Alex Lay (lay member)").check()
    page.get_by_label("Chair").select_option(label="Alex Lay")
    page.get_by_role("button", name="Schedule the hearing").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "has been scheduled for 2 appeals" in banner
    check("hearing")
    hearing = Hearing.hearings.get()
    assert hearing.is_grouped and hearing.booking is not None
    assert "Alex Lay, lay member (chair)" in page.content()
    page.get_by_role("button", name="Send notice of the hearing").click()
    assert "Notice of the hearing has been emailed to 2 appellants" in (
        page.locator(".govuk-notification-banner").inner_text()
    )
    check("hearing, notice sent")
    page.get_by_role("link", name=appeals[0].reference, exact=True).click()
    check("case")
    assert "Hear the appeal by" in page.content()
    assert {name: v for name, v in violations.items() if v} == {}
