"""The register import run by a real Celery worker (issue 12, point 2): the task reads the
uploaded file from private storage, records its progress in the database as it goes, and imports
all or nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from elections import services
from elections.models import Elector, RegisterImport
from elections.tests.factories_register import PollingDistrictFactory, csv_bytes, register_row

pytestmark = [pytest.mark.worker, pytest.mark.slow]


@pytest.fixture
def shared_private_media(settings, tmp_path, monkeypatch):
    """One private media directory for this process and the worker it starts."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    monkeypatch.setenv("PRIVATE_MEDIA_ROOT", str(tmp_path / "private"))


def test_a_real_worker_imports_the_file_with_its_progress(
    shared_private_media, celery_worker_process, electoral_officer
):
    PollingDistrictFactory(code="KA")
    rows = [register_row(elector_number=str(n), property_reference=f"P{n}") for n in range(1, 6)]
    good = services.register_import_start(
        upload=SimpleUploadedFile("good.csv", csv_bytes(rows)), by=electoral_officer
    )
    other = [register_row(elector_number=str(n), property_reference=f"P{n}") for n in range(11, 16)]
    other.append(register_row(elector_number="13", property_reference="P13"))
    bad = services.register_import_start(
        upload=SimpleUploadedFile("bad.csv", csv_bytes(other)), by=electoral_officer
    )
    results = [
        celery_worker_process.send("elections.tasks.import_register", job.pk) for job in (good, bad)
    ]
    assert sorted(result.get(timeout=120) for result in results) == ["done", "failed"]
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.status, good.electors_imported, good.rows_read, good.percent) == (
        "done",
        5,
        5,
        100,
    )
    assert good.bytes_read == good.bytes_total > 0
    assert (bad.status, bad.error_count, bad.electors_imported) == ("failed", 1, 0)
    assert bad.errors == [
        {"line": 7, "column": "elector_number", "reason": "Elector number KA13 is also on line 4"}
    ]
    assert Elector.register.count() == 5
    assert RegisterImport.objects.count() == 2
