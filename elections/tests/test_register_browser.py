"""The import journey in a real browser (Debian's Chromium through Playwright), with axe checking
the pages against WCAG 2.2 A and AA: an electoral services officer uploads a register file,
watches the progress bar follow the import, reads the error report of a bad file, corrects it
and imports it; a councillor gets a 404 for the register."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from elections import services
from elections.models import Elector, RegisterImport
from elections.tests.factories_register import PollingDistrictFactory, csv_bytes, register_row

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def upload(page, tmp_path, name: str, data: bytes) -> RegisterImport:
    path = tmp_path / name
    path.write_bytes(data)
    page.goto(f"{page.base}/elections/register/imports/")
    page.get_by_label("Register file (CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Import the file").click()
    page.wait_for_load_state()
    return RegisterImport.objects.order_by("-pk").first()


def test_an_officer_imports_a_file_corrects_it_from_the_report_and_imports_it(
    live_page, electoral_officer, councillor, password, tmp_path
):
    page = live_page
    PollingDistrictFactory(code="KA")
    sign_in_with_browser(page, electoral_officer.username, password)
    page.goto(f"{page.base}/elections/register/")
    page.get_by_role("link", name="Import a register file").click()
    assert axe_violations(page) == []

    bad = [register_row(), register_row(elector_number="2", postcode="KM1")]
    job = upload(page, tmp_path, "register.csv", csv_bytes(bad))
    expect(page.get_by_role("heading", name="Importing the file")).to_be_visible()
    assert page.locator("#import-progress").get_attribute("value") == "0"
    assert axe_violations(page) == []
    # The task (here run by the test) ends the import; the page follows it by itself.
    services.register_import_run(job.pk)
    page.get_by_role("heading", name="Nothing was imported").wait_for()
    report = page.locator("#import-errors").inner_text()
    assert "3\tpostcode\t“KM1” is not a real postcode, like KM1 2AB" in report
    assert axe_violations(page) == []
    assert not Elector.register.exists()

    bad[1] = register_row(elector_number="2", postcode="KM1 2AB")
    job = upload(page, tmp_path, "register-corrected.csv", csv_bytes(bad))
    services.register_import_run(job.pk)
    page.get_by_role("heading", name="File imported").wait_for()
    assert "2 electors and 1 property" in page.locator(".govuk-panel__body").inner_text()
    assert Elector.register.count() == 2

    page.context.clear_cookies()
    sign_in_with_browser(page, councillor.username, password)
    response = page.goto(f"{page.base}/elections/register/imports/{job.pk}/")
    assert response.status == 404
