"""The officer's import and export pages (issue 12, point 2): uploading a file records an import
for the task, the page shows a progress bar while it runs and every error by line and column
when it fails; the Democracy Club export; the command-line import with its progress bar."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from democracy.models import AuditEvent
from democracy.storage import private_storage
from elections import importer, services
from elections.importer import DEMOCRACY_CLUB_COLUMNS
from elections.models import Elector, RegisterImport
from elections.tests.factories_register import (
    PollingDistrictFactory,
    PropertyFactory,
    csv_bytes,
    register_row,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return PollingDistrictFactory(code="KA")


def upload(data: bytes, name="register.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "text/csv")


def test_uploading_a_file_records_an_import_and_shows_its_progress(
    client, electoral_officer, district, django_capture_on_commit_callbacks
):
    client.force_login(electoral_officer)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(
            "/elections/register/imports/", {"file": upload(csv_bytes([register_row()]))}
        )
    job = RegisterImport.objects.get()
    assert response["Location"] == f"/elections/register/imports/{job.pk}/"
    assert len(queued) == 1  # the task, queued once the upload is saved
    assert job.status == "waiting" and job.created_by == electoral_officer
    page = client.get(response["Location"]).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page  # no script
    assert 'data-progress-url="/elections/register/imports/' in page  # the script polls it
    assert '<progress id="import-progress"' in page
    progress = client.get(f"/elections/register/imports/{job.pk}/progress/").json()
    assert progress == {
        "status": "waiting",
        "phase": "",
        "percent": 0,
        "rows": 0,
        "finished": False,
    }
    # What the task does (here in this process; test_register_import_worker runs the worker).
    assert private_storage.exists(job.stored_as)
    services.register_import_run(job.pk)
    assert not private_storage.exists(job.stored_as)  # the upload is not kept
    page = client.get(response["Location"]).content.decode()
    assert "File imported" in page and "refresh" not in page
    assert Elector.register.count() == 1


def test_a_bad_file_lists_every_problem_and_imports_nothing(client, electoral_officer, district):
    client.force_login(electoral_officer)
    data = csv_bytes([register_row(postcode="KM1"), register_row(elector_number="2", added_on="")])
    client.post("/elections/register/imports/", {"file": upload(data)})
    job = RegisterImport.objects.get()
    services.register_import_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error_count) == ("failed", 2)
    page = client.get(f"/elections/register/imports/{job.pk}/").content.decode()
    assert "Nothing was imported" in page
    assert "“KM1” is not a real postcode, like KM1 2AB" in page
    assert "Enter the date added" in page
    assert not Elector.register.exists()
    assert AuditEvent.private_objects.filter(action="elections.register_import.failed").exists()


def test_the_upload_form_names_what_is_wrong(client, electoral_officer):
    client.force_login(electoral_officer)
    page = client.post("/elections/register/imports/", {}).content.decode()
    assert "Choose a CSV file to import" in page
    page = client.post(
        "/elections/register/imports/", {"file": upload(b"x", name="register.xlsx")}
    ).content.decode()
    assert "The file must be a CSV file" in page
    assert not RegisterImport.objects.exists()


def test_import_and_export_pages_are_404_to_everyone_but_electoral_services(
    client, officer, councillor, district
):
    job = services.register_import_start(upload=upload(b"a\n"), by=None)
    urls = [
        "/elections/register/imports/",
        f"/elections/register/imports/{job.pk}/",
        f"/elections/register/imports/{job.pk}/progress/",
        "/elections/register/export/democracy-club.csv",
    ]
    for user in (None, officer, councillor):
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post("/elections/register/imports/", {}).status_code == 404


def test_the_democracy_club_export_lists_every_property_with_its_polling_place(
    client, electoral_officer, district
):
    place = services.polling_place_create(
        reference="PP1", name='=HYPERLINK("x")', postcode="KM1 4AA", easting=1, by=None
    )
    services.polling_station_create(place=place, polling_district=district, by=None)
    PropertyFactory(reference="P9", address_1="@9 Mill Lane", polling_district=district)
    client.force_login(electoral_officer)
    response = client.get("/elections/register/export/democracy-club.csv?election_date=2026-05-07")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode()
    header, row = list(csv.reader(io.StringIO(body)))
    assert header == DEMOCRACY_CLUB_COLUMNS
    cells = dict(zip(header, row, strict=True))
    assert cells["ElectionDate"] == "07/05/2026"
    assert cells["Property_URN"] == "P9"
    assert cells["AddressLine1"] == "'@9 Mill Lane"  # a spreadsheet would run it
    assert cells["Polling_Place_Name"] == '\'=HYPERLINK("x")'
    assert cells["Polling_Place_District_Reference"] == "KA"
    assert AuditEvent.private_objects.filter(
        action="elections.register.export_democracy_club", actor=electoral_officer
    ).exists()


def test_the_democracy_club_export_refuses_an_election_date_that_is_not_a_date(
    client, electoral_officer, district
):
    """``?election_date=2025-02-29`` failed inside the streamed download (a 200 with a broken
    file, and a server error in the log); it is refused before anything is sent or audited."""
    client.force_login(electoral_officer)
    for value in ("2025-02-29", "0000-01-01", "next tuesday"):
        response = client.get(
            "/elections/register/export/democracy-club.csv", {"election_date": value}
        )
        assert response.status_code == 400, value
        assert "The election date must be a real date, like 2026-05-07" in response.text
    assert not AuditEvent.private_objects.filter(
        action="elections.register.export_democracy_club"
    ).exists()


def test_the_export_imports_back_as_the_democracy_club_layout(client, electoral_officer, district):
    place = services.polling_place_create(reference="PP1", name="Hall", by=None)
    services.polling_station_create(place=place, polling_district=district, by=None)
    PropertyFactory(reference="P9", polling_district=district)
    client.force_login(electoral_officer)
    body = b"".join(client.get("/elections/register/export/democracy-club.csv").streaming_content)
    result = importer.run(io.BytesIO(body))
    assert (result.layout, result.errors.count, result.properties) == ("democracy_club", 0, 1)


def test_the_command_imports_a_file_with_a_progress_bar(tmp_path, district):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes([register_row(), register_row(elector_number="2")]))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_register", str(path), stdout=out, stderr=err)
    assert "Imported 2 rows" in out.getvalue()
    assert "2 electors" in out.getvalue()
    assert "100%" in err.getvalue() and "[####" in err.getvalue()
    assert Elector.register.count() == 2


def test_the_command_lists_every_error_and_imports_nothing(tmp_path, district):
    path = tmp_path / "register.csv"
    path.write_bytes(csv_bytes([register_row(polling_district="QQ"), register_row(postcode="x")]))
    out = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 2 errors"):
        call_command("import_register", str(path), "--quiet-progress", stdout=out)
    assert "Line 2, column polling_district: There is no polling district “QQ”" in out.getvalue()
    assert "Line 3, column postcode:" in out.getvalue()
    assert not Elector.register.exists()
