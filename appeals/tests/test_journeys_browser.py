"""Two journeys in a real browser (Debian's Chromium through Playwright), with axe checking every
page against WCAG 2.2 A and AA: a parent lodges an appeal without an account and adds evidence
by the emailed link; the clerk schedules a grouped hearing, an invalid panel refused with its
reason and a valid one accepted, and sends notice."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from appeals.models import Appeal, Evidence, Hearing
from appeals.services import cases, panels, scheduling
from appeals.services.scheduling import SeatChoice
from appeals.tasks import retention_sweep, send_email
from appeals.tests.factories import (
    LISTED_ON,
    TRAINED,
    at,
    build_scene,
    fresh_cache,
    lodge,
    schedule,
)
from appeals.uploads import check
from democracy.models import AuditEvent, Reminder
from democracy.roles import Role
from democracy.tests.factories import UserFactory, set_constitution
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
    expect(page).to_have_title(re.compile(r"^Error:"))
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
    assert send_email(Reminder.outbox.get().pk)
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


def test_the_clerk_records_the_hearing_and_decisions_and_the_retention_task_anonymises(
    live_page, clerk, password
):
    """The hearing and after: the clerk records the hearing and the decisions (a decision the
    two-stage test contradicts is refused with its reason), the decision letter and the bundle
    are generated and read, a panel member of another hearing gets a 404 for the case, and the
    retention task anonymises the case once its period has ended, its audit trail saying so."""
    set_constitution(appeals_retention_years=50)  # only the case made old below is due
    scene = build_scene(by=clerk)
    appeals = [lodge(scene.academy) for _ in range(2)]
    cases.evidence_add(
        appeal=appeals[0],
        upload=check("statement.pdf", pdf_with()),
        source="authority",
        description="The trust's statement of case",
        by=clerk,
    )
    hearing = schedule(scene, appeals, by=clerk)
    # A panel member who sits on another hearing (a primary school's, a week later).
    other_user = UserFactory(username="other-panel", roles=[Role.APPEALS_PANEL_MEMBER])
    other_member = panels.panel_member_create(
        name="Olive Other", categories=["lay"], trained_on=TRAINED, user=other_user, by=clerk
    )
    other_appeal = lodge(scene.primary, year_group="3", kind="admission_in_year")
    scheduling.hearing_schedule(
        appeals=[other_appeal],
        starts_at=at(date(2026, 5, 13), 10),
        ends_at=at(date(2026, 5, 13), 12),
        clerk=clerk,
        seats=[
            SeatChoice(member=other_member, sitting_as="lay", is_chair=True),
            *scene.seats("education", "education_2", chair="none"),
        ],
        location_note="Ashfield Primary School",
        today=LISTED_ON,
        by=clerk,
    )
    page = live_page
    violations: dict[str, list] = {}

    def check_page(name: str) -> None:
        violations[name] = axe_violations(page)

    def pdf_text(url: str) -> str:
        response = page.request.get(f"{page.base}{url}")
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.body()))
        return " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())

    sign_in_with_browser(page, clerk.username, password)
    page.goto(f"{page.base}/appeals/hearings/{hearing.pk}/")
    page.get_by_role("link", name="Record the hearing").click()
    check_page("record the hearing")
    page.get_by_role("button", name="Record the hearing").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert f"Say whether the appellant in {appeals[0].reference} attended" in summary
    check_page("record the hearing, with errors")
    page.get_by_role(
        "group", name=f"{appeals[0].reference}: did the appellant attend?"
    ).get_by_label("The appellant attended").check()
    page.get_by_role(
        "group", name=f"{appeals[1].reference}: did the appellant attend?"
    ).get_by_label("Did not attend: decided on the written case").check()
    page.get_by_label("Clerk's notes of the hearing").fill("The trust presented its case.")
    page.get_by_role("button", name="Record the hearing").click()
    assert (
        "The hearing has been recorded" in page.locator(".govuk-notification-banner").inner_text()
    )
    check_page("hearing, held")

    # The decisions: the first upheld at stage 2; the second refused as the test contradicts it.
    page.get_by_role("link", name=f"Record the decision on {appeals[0].reference}").click()
    check_page("decision")
    page.get_by_label("Upheld", exact=True).check()
    page.get_by_role("group", name=re.compile("^Stage 1")).get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name=re.compile("^Stage 2")).get_by_label("Yes", exact=True).check()
    page.get_by_label("The panel's reasons").fill("The sibling link outweighs the prejudice.")
    page.get_by_role("button", name="Record the decision").click()
    assert "has been recorded: upheld" in page.locator(".govuk-notification-banner").inner_text()
    check_page("case, decided")
    letter = pdf_text(f"/appeals/cases/{appeals[0].pk}/decision/letter.pdf")
    assert "your appeal is UPHELD" in letter
    assert "The sibling link outweighs the prejudice." in letter
    page.get_by_role("button", name="Send the decision letter").click()
    assert "The decision letter has been emailed" in (
        page.locator(".govuk-notification-banner").inner_text()
    )
    assert Reminder.outbox.filter(kind="appeals.decision_letter").count() == 1

    page.goto(f"{page.base}/appeals/cases/{appeals[1].pk}/decision/")
    page.get_by_label("Dismissed", exact=True).check()
    page.get_by_role("group", name=re.compile("^Stage 1")).get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name=re.compile("^Stage 2")).get_by_label("Yes", exact=True).check()
    page.get_by_label("The panel's reasons").fill("The school is full.")
    page.get_by_role("button", name="Record the decision").click()
    assert "The two-stage test gives upheld" in page.locator(".govuk-error-summary").inner_text()
    check_page("decision, refused")
    page.get_by_role("group", name=re.compile("^Stage 2")).get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    assert "has been recorded: dismissed" in (
        page.locator(".govuk-notification-banner").inner_text()
    )
    letter = pdf_text(f"/appeals/cases/{appeals[1].pk}/decision/letter.pdf")
    assert "your appeal is DISMISSED" in letter and "The school is full." in letter

    # The bundle: the panel's, with both appeals and the trust's statement, bookmarked.
    bundle = pdf_text(f"/appeals/hearings/{hearing.pk}/bundle.pdf")
    assert "Hearing bundle for the panel" in bundle
    assert appeals[0].reference in bundle and appeals[1].reference in bundle
    assert "The trust's statement of case" in bundle
    listing = hearing.listings.get(appeal=appeals[1])
    parties = pdf_text(f"/appeals/hearings/{hearing.pk}/bundle/{listing.pk}.pdf")
    assert appeals[1].reference in parties and appeals[0].reference not in parties
    page.goto(f"{page.base}/appeals/hearings/{hearing.pk}/")
    check_page("hearing, decided")

    # A panel member of another hearing: this case does not exist for them.
    other = page.context.browser.new_context().new_page()
    other.base = page.base
    sign_in_with_browser(other, other_user.username, password)
    response = other.goto(f"{page.base}/appeals/cases/{appeals[0].pk}/")
    assert response.status == 404
    assert other.goto(f"{page.base}/appeals/hearings/{hearing.pk}/bundle.pdf").status == 404
    other.context.close()

    # Years later: the retention task anonymises the case and its audit trail says so.
    Appeal.cases.filter(pk=appeals[0].pk).update(retain_until=date(2026, 6, 1))
    assert retention_sweep() == 1
    page.goto(f"{page.base}/appeals/cases/{appeals[0].pk}/")
    assert "was anonymised on" in page.locator(".govuk-inset-text").inner_text()
    assert "Sam Rivers" not in page.content()
    check_page("case, anonymised")
    [event] = AuditEvent._default_manager.filter(
        action="appeals.appeal.anonymise", object_id=str(appeals[0].pk)
    )
    assert "Personal data anonymised" in event.note
    assert {name: v for name, v in violations.items() if v} == {}
