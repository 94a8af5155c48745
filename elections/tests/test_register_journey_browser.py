"""Issue 12's browser journey in one run (Debian's Chromium through Playwright, axe checking
each page against WCAG 2.2 A and AA): an electoral officer imports a file, watches the progress
bar, corrects a bad file from the error report, and publishes a notice of alteration that adds
an applicant at an imported address; then a councillor and an anonymous visitor get 404 for
every register page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from democracy import calendars
from democracy.council import election_calendar
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from elections import canvass, registration, services
from elections.models import Elector, PollingDistrict, Property, RegisterImport
from elections.tests.factories_register import PollingDistrictFactory, csv_bytes, register_row
from elections.tests.factories_registration import receive

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def upload(page, tmp_path, name: str, data: bytes) -> RegisterImport:
    path = tmp_path / name
    path.write_bytes(data)
    page.goto(f"{page.base}/elections/register/imports/")
    page.get_by_label("Register file (CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Import the file").click()
    page.wait_for_load_state()
    return RegisterImport.objects.order_by("-pk").first()


def fill_date(page, prefix: str, day) -> None:
    page.locator(f"#id_{prefix}_0").fill(str(day.day))
    page.locator(f"#id_{prefix}_1").fill(str(day.month))
    page.locator(f"#id_{prefix}_2").fill(str(day.year))


def register_pages(job, elector, prop, district, application, objection, notice) -> list[str]:
    """Every register page, with real ids: what nobody outside electoral services may see."""
    base = "/elections/register"
    return [
        f"{base}/",
        f"{base}/?q=KM1+2AB",
        f"{base}/properties/{prop.pk}/",
        f"{base}/electors/{elector.pk}/",
        f"{base}/electors/{elector.pk}/alter/",
        f"{base}/imports/",
        f"{base}/imports/{job.pk}/",
        f"{base}/imports/{job.pk}/progress/",
        f"{base}/districts/{district.pk}/full-register.csv",
        f"{base}/districts/{district.pk}/edited-register.csv",
        f"{base}/districts/{district.pk}/full-register.pdf",
        f"{base}/districts/{district.pk}/edited-register.pdf",
        f"{base}/supplies/",
        f"{base}/export/democracy-club.csv",
        f"{base}/applications/",
        f"{base}/applications/new/",
        f"{base}/applications/{application.pk}/",
        f"{base}/applications/{application.pk}/objections/new/",
        f"{base}/objections/",
        f"{base}/objections/{objection.pk}/",
        f"{base}/invitations/",
        f"{base}/notices/",
        f"{base}/notices/{notice.pk}/",
        f"{base}/notices/{notice.pk}/districts/{district.pk}.csv",
        f"{base}/notices/{notice.pk}/districts/{district.pk}.pdf",
        f"{base}/canvass/",
        f"{base}/canvass/{timezone.localdate().year}/",
        f"{base}/statistics/",
        f"{base}/statistics.csv",
    ]


def test_an_officer_imports_corrects_and_publishes_and_nobody_else_sees_the_register(
    live_page, electoral_officer, councillor, password, tmp_path
):
    page = live_page
    today = timezone.localdate()
    PollingDistrictFactory(code="KA")
    sign_in_with_browser(page, electoral_officer.username, password)
    page.goto(f"{page.base}/elections/register/")
    page.get_by_role("link", name="Import a register file").click()
    assert axe_violations(page) == []

    # A bad file: the progress bar follows the task, then the error report names the line.
    bad = [register_row(), register_row(elector_number="2", postcode="KM1")]
    job = upload(page, tmp_path, "register.csv", csv_bytes(bad))
    expect(page.get_by_role("heading", name="Importing the file")).to_be_visible()
    bar = page.locator("#import-progress")
    assert bar.get_attribute("value") == "0"
    # Half the file read, as the task records it between batches: the bar moves by itself.
    RegisterImport.objects.filter(pk=job.pk).update(
        status="running", phase="Checking the rows", bytes_total=1000, bytes_read=500
    )
    expect(bar).to_have_attribute("value", "47")
    expect(page.locator("#import-progress-label")).to_contain_text("Checking the rows: 47%")
    assert axe_violations(page) == []
    RegisterImport.objects.filter(pk=job.pk).update(status="waiting", bytes_read=0)
    services.register_import_run(job.pk)
    page.get_by_role("heading", name="Nothing was imported").wait_for()
    report = page.locator("#import-errors").inner_text()
    assert "3\tpostcode\t“KM1” is not a real postcode, like KM1 2AB" in report
    assert axe_violations(page) == []
    assert not Elector.register.exists()

    # Corrected from the report, and imported.
    bad[1] = register_row(elector_number="2", postcode="KM1 2AB")
    job = upload(page, tmp_path, "register-corrected.csv", csv_bytes(bad))
    services.register_import_run(job.pk)
    page.get_by_role("heading", name="File imported").wait_for()
    assert Elector.register.count() == 2

    # An applicant at the imported address, accepted; the officer publishes the notice.
    prop = Property.objects.get()
    application = receive(
        electoral_officer, address=prop, received_on=today - timedelta(days=20), surname="Ashby"
    )
    registration.application_verify(
        application=application, verification="dwp_match", by=electoral_officer
    )
    registration.application_determine(application=application, accept=True, by=electoral_officer)
    poll = calendars.working_days_after(today, 10, calendar=election_calendar())
    page.goto(f"{page.base}/elections/register/notices/")
    fill_date(page, "interim-poll_date", poll)
    fill_date(page, "interim-publication_date", today)
    page.get_by_role("button", name="Prepare an interim notice").click()
    expect(
        page.get_by_role("heading", name="Interim election notice of alteration")
    ).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publish the notice").click()
    expect(page.get_by_text("its alterations are in the register")).to_be_visible()
    assert Elector.register.filter(surname="Ashby", added_on=today).exists()
    notice = application.alteration.notice

    # Every register page, to a councillor and to an anonymous visitor: not found.
    other = receive(electoral_officer, address=prop, received_on=today, surname="Other")
    objection = registration.objection_record(
        application=other,
        objector_number=Elector.register.order_by("pk").first().elector_number,
        objector_name="An Objector",
        grounds="Not resident",
        received_on=today,
        by=electoral_officer,
    )
    canvass.canvass_create(year=today.year, by=electoral_officer)
    urls = register_pages(
        job,
        Elector.register.order_by("pk").first(),
        prop,
        PollingDistrict.objects.get(code="KA"),
        application,
        objection,
        notice,
    )
    page.context.clear_cookies()
    sign_in_with_browser(page, councillor.username, password)
    for url in urls:
        assert page.request.get(f"{page.base}{url}").status == 404, f"councillor: {url}"
    response = page.goto(f"{page.base}/elections/register/")
    assert response.status == 404
    page.context.clear_cookies()
    for url in urls:
        assert page.request.get(f"{page.base}{url}").status == 404, f"anonymous: {url}"
    response = page.goto(f"{page.base}/elections/register/electors/{Elector.register.first().pk}/")
    assert response.status == 404
    assert "Ashby" not in page.content()


def test_an_officer_records_and_determines_an_objection_and_the_pages_pass_axe(
    live_page, electoral_officer, password
):
    from elections.models import ApplicationObjection, RegistrationApplication
    from elections.tests.factories_register import ElectorFactory

    page = live_page
    today = timezone.localdate()
    objector = ElectorFactory()
    application = receive(electoral_officer, received_on=today, surname="Ashby")
    sign_in_with_browser(page, electoral_officer.username, password)
    page.goto(f"{page.base}/elections/register/applications/{application.pk}/")
    page.get_by_role("link", name="Record an objection").click()
    expect(page.get_by_role("heading", name="Record an objection")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Record the objection").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the objector's name")
    assert axe_violations(page) == []
    fill_date(page, "received_on", today)
    page.get_by_label("Objector's name").fill("Ottoline Farrant")
    page.get_by_label("Objector's elector number").fill(objector.elector_number)
    page.get_by_label("Grounds of the objection").fill("The applicant does not live there")
    page.get_by_role("button", name="Record the objection").click()
    expect(page.get_by_text("the application waits until it is determined")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Uphold the objection: reject the application").check()
    page.get_by_label("Reasons").fill("No evidence of residence was given")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Upheld: the application is rejected").first).to_be_visible()
    assert ApplicationObjection.register.get().status == "upheld"
    application.refresh_from_db()
    assert application.status == RegistrationApplication.Status.REJECTED
    page.goto(f"{page.base}/elections/register/objections/")
    expect(page.get_by_role("heading", name="Objections to applications")).to_be_visible()
    assert axe_violations(page) == []
