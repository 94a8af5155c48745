"""Benchmarks of the register (issue 12, ``make bench``).

* The import: N generated electors imported through the importer beside a plain PostgreSQL
  ``COPY`` of the same file into an equivalent bare table, in the same run, and the peak memory
  (RSS) of the import. N is 1,000,000; ``BENCH_QUICK=1`` uses 20,000. Targets: the import takes
  at most 1.5 times the plain COPY (reported, not asserted: the import also writes the
  register's tables with their indexes and foreign keys, which a bare table has not); its peak
  memory stays under 300 MB whatever the file size (asserted). The import runs as
  ``manage.py import_register`` in a process of its own, so that its peak RSS is its own
  (Django, the importer and nothing else); its time is the command's own measure of the import,
  without the start-up of Python. The file is written a row at a time to a temporary directory.
* The register PDF of one polling district of 5,000 electors (100 in quick mode), beside
  WeasyPrint rendering the same HTML alone: what the register's own work (the query, the
  template) adds to the PDF engine.
"""

from __future__ import annotations

import csv
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from democracy.tests.factories import WardFactory
from democracy.tests.factories_worker import child_environment, database_url
from elections.importer import REGISTER_COLUMNS
from elections.models import Elector, PollingDistrict

QUICK = os.environ.get("BENCH_QUICK") == "1"
ELECTORS = 20_000 if QUICK else 1_000_000
DISTRICTS = 40
TARGET_RATIO = 1.5
TARGET_RSS_MB = 300

FIRST = ["Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Arthur", "Ivy", "Leo"]
LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Davies", "Evans", "Khan"]
STREETS = ["Mill Lane", "Church Road", "High Street", "Station Road", "Victoria Road"]
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# The bare table: the file's columns with the types the staging table gives them, no keys.
BARE_TABLE = """
    CREATE UNLOGGED TABLE IF NOT EXISTS bench_register_bare (
        property_reference text, uprn text, address_1 text, address_2 text, address_3 text,
        address_4 text, address_5 text, address_6 text, postcode text, polling_district text,
        elector_number integer, suffix integer, title text, first_names text, surname text,
        franchise text, attainer_18_on date, anonymous boolean, open_register_opt_out boolean,
        absent_vote text, overseas boolean, service_voter boolean, added_on date)
"""


def district_code(n: int) -> str:
    return f"K{LETTERS[n // len(LETTERS)]}{LETTERS[n % len(LETTERS)]}"


def write_register(path: Path, electors: int, *, districts: int = DISTRICTS) -> None:
    """A register file of ``electors`` electors, about two to a property, with markers,
    attainers, anonymous electors, opt-outs and absent voters; written a row at a time."""
    per_district = electors // districts + 1
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(REGISTER_COLUMNS)
        for n in range(electors):
            district, number = divmod(n, per_district)
            prop = district * per_district + number // 2  # never across two districts
            writer.writerow(
                [
                    f"P{prop}",
                    f"{100000000000 + prop}",
                    f"{prop % 200 + 1} {STREETS[prop % len(STREETS)]}",
                    "",
                    "Kingsmere",
                    "",
                    "",
                    "",
                    f"KM{district % 9 + 1} {prop % 10}{LETTERS[prop % 20]}{LETTERS[prop // 20 % 20]}",
                    district_code(district),
                    number + 1,
                    "",
                    "",
                    FIRST[n % len(FIRST)],
                    LAST[n % len(LAST)],
                    "G" if n % 97 == 0 else "",
                    "2027-03-01" if n % 50 == 0 else "",
                    "Y" if n % 5000 == 0 else "N",
                    "Y" if n % 3 == 0 else "N",
                    "postal" if n % 5 == 0 else "",
                    "N",
                    "N",
                    "2025-12-01",
                ]
            )


@pytest.fixture
def register_file(tmp_path_factory, transactional_db):
    ward = WardFactory()
    PollingDistrict.objects.bulk_create(
        PollingDistrict(ward=ward, code=district_code(n), name=f"District {n}")
        for n in range(DISTRICTS)
    )
    path = tmp_path_factory.mktemp("register") / "register.csv"
    write_register(path, ELECTORS)
    yield path
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_register_bare")


def plain_copy(path: Path, *, logged: bool = False) -> float:
    """Seconds for a plain COPY of the file into the bare table (unlogged, the target's
    measure; ``logged``: into a logged table like it, as the register's own tables are)."""
    table = BARE_TABLE if not logged else BARE_TABLE.replace("UNLOGGED ", "")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_register_bare")
        cursor.execute(table)
        started = time.perf_counter()
        with path.open(encoding="utf-8") as data:
            cursor.copy_expert(
                "COPY bench_register_bare FROM STDIN WITH (FORMAT csv, HEADER)", data
            )
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_register_bare")
        return seconds


# The least any import must do that reports bad rows by their line and saves the register in its
# two tables (properties, electors): stage the file as text, then write the properties once each
# and the electors into logged tables, with no check, index or key at all.
FLOOR_STEPS = [
    "CREATE TEMP TABLE bench_floor_stage ({})".format(
        ", ".join(f"{column} text" for column in REGISTER_COLUMNS)
    ),
    "COPY bench_floor_stage FROM STDIN WITH (FORMAT csv, HEADER)",
    """CREATE TABLE bench_floor_properties AS
        SELECT DISTINCT ON (property_reference) property_reference, uprn, address_1, address_2,
            address_3, address_4, address_5, address_6, postcode, polling_district
        FROM bench_floor_stage""",
    """CREATE TABLE bench_floor_electors AS
        SELECT property_reference, elector_number::integer, nullif(suffix, '')::integer AS suffix,
            title, first_names, surname, franchise, nullif(attainer_18_on, '')::date AS attainer,
            anonymous = 'Y' AS anonymous, open_register_opt_out = 'Y' AS opt_out, absent_vote,
            overseas = 'Y' AS overseas, service_voter = 'Y' AS service_voter,
            added_on::date AS added_on
        FROM bench_floor_stage WHERE elector_number <> ''""",
]


def floor_pipeline(path: Path) -> float:
    """Seconds for ``FLOOR_STEPS``, committed (so the logged tables' writes are flushed)."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        for step in FLOOR_STEPS:
            if step.startswith("COPY"):
                with path.open(encoding="utf-8") as data:
                    cursor.copy_expert(step, data)
            else:
                cursor.execute(step)
        cursor.execute("COMMIT")
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        for table in ("bench_floor_stage", "bench_floor_properties", "bench_floor_electors"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
    return seconds


def import_in_own_process(path: Path) -> tuple[float, float, str]:
    """(import seconds, peak RSS in MB, the command's output)."""
    env = child_environment(DATABASE_URL=database_url(connection.settings_dict))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(
        [sys.executable, "manage.py", "import_register", str(path), "--quiet-progress"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kb >= before  # the largest child so far: this one (the first)
    seconds = float(re.search(r"in ([0-9.]+) s", done.stdout)[1])
    return seconds, peak_kb / 1024, done.stdout.strip()


def test_bench_register_import_beside_plain_copy(register_file, capsys):
    copy_seconds = plain_copy(register_file)
    logged_seconds = plain_copy(register_file, logged=True)
    floor_seconds = floor_pipeline(register_file)
    import_seconds, peak_mb, output = import_in_own_process(register_file)
    assert Elector.register.count() == ELECTORS
    ratio = import_seconds / copy_seconds
    size_mb = register_file.stat().st_size / 1024 / 1024
    with capsys.disabled():
        print(
            f"\n\nRegister import, {ELECTORS:,} electors ({size_mb:.0f} MB of CSV"
            f"{', BENCH_QUICK' if QUICK else ''}):\n"
            f"  plain COPY into a bare table:     {copy_seconds:7.2f} s\n"
            f"  (into a logged bare table:        {logged_seconds:7.2f} s)\n"
            f"  import (validated, all or nothing): {import_seconds:5.2f} s\n"
            f"  import / COPY = {ratio:.2f}  (target <= {TARGET_RATIO})\n"
            f"  floor: stage as text and write the two tables, no checks, indexes or keys:"
            f" {floor_seconds:.2f} s = {floor_seconds / copy_seconds:.2f} x COPY\n"
            f"  peak RSS of the import process: {peak_mb:.0f} MB  (target < {TARGET_RSS_MB} MB)\n"
            f"  {output}\n"
        )
    assert peak_mb < TARGET_RSS_MB


# --- The register PDF of one district ------------------------------------------------------------

PDF_ELECTORS = 100 if QUICK else 5_000
PDF_RESULTS: dict[str, float] = {}


@pytest.fixture
def pdf_district(db, tmp_path):
    """A district of PDF_ELECTORS electors (with the importer's markers), imported in the
    test's transaction."""
    from democracy import pdf
    from elections import importer

    district = PollingDistrict.objects.create(ward=WardFactory(), code="KAA", name="District 0")
    path = tmp_path / "district.csv"
    write_register(path, PDF_ELECTORS, districts=1)
    with path.open("rb") as binary:
        result = importer.run(binary)
    assert result.ok, result.errors.kept[:3]
    # WeasyPrint's first document loads its fonts: not counted against either figure.
    pdf.render_pdf("<p>Warm up</p>", title="Warm up")
    return district


def _register_html(district) -> str:
    """The HTML the register PDF is rendered from, caught on its way to WeasyPrint."""
    from democracy import pdf
    from elections import publication

    caught = {}
    real = pdf.render_pdf

    def catch(html, **kwargs):
        caught["html"] = html
        return real(html, **kwargs)

    pdf.render_pdf = catch
    try:
        publication.render_pdf(district, publication.FULL)
    finally:
        pdf.render_pdf = real
    return caught["html"]


def test_bench_register_pdf_of_a_district(benchmark, pdf_district):
    from elections import publication

    data = benchmark.pedantic(
        publication.render_pdf, args=(pdf_district, publication.FULL), rounds=1, iterations=1
    )
    assert data.startswith(b"%PDF")
    PDF_RESULTS["register"] = benchmark.stats.stats.min


def test_bench_register_pdf_weasyprint_alone(benchmark, pdf_district, capsys):
    from democracy import pdf

    html = _register_html(pdf_district)
    data = benchmark.pedantic(
        pdf.render_pdf, args=(html,), kwargs={"title": "Full register"}, rounds=1, iterations=1
    )
    assert data.startswith(b"%PDF")
    alone = benchmark.stats.stats.min
    register = PDF_RESULTS.get("register")
    with capsys.disabled():
        print(
            f"\n\nFull register PDF, one district of {PDF_ELECTORS:,} electors:\n"
            + (f"  the register's render_pdf:        {register:6.2f} s\n" if register else "")
            + f"  WeasyPrint alone on the same HTML: {alone:6.2f} s\n"
        )
