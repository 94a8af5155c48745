# The SQL here is put together from this module's own names and checks, never from the file: the
# file's values reach PostgreSQL only through COPY, as data.
# ruff: noqa: S608
"""Importing the register of electors from CSV (issue 12, point 2).

Two layouts, told apart by their header row:

* this system's register format (documented in docs/register-import.md): one row per elector,
  with the property's address on every row, or a property with no elector on it;
* the Xpress "Democracy Club" export that Democracy Club's polling station finder imports: one
  row per property, with its polling place.

How it works, in a small, constant amount of memory whatever the file's size:

1. Staging. The file's bytes go to ``COPY`` as they are, in batches of whole lines (the progress
   is recorded between batches), into a temporary table of text columns; the table numbers the
   rows, which are the file's line numbers because Python checks that each batch is UTF-8 and
   that ``COPY`` read one row a line. A file that ``COPY`` cannot take as it is (a line that is
   not UTF-8, a blank line, a row with the wrong number of cells, a value over two lines...) is
   staged again the careful way: read with ``csv`` line by line, each such problem reported on
   its line, every other row staged as text with its line number.
2. Checking, set-wise in SQL. The values are trimmed once (``register_import_rows``), and the
   dates the file uses checked once each (``register_import_dates``). Every check of a row is
   one SQL condition with its column and its message (``_register_checks``,
   ``_democracy_club_checks``): one scan finds whether any row is wrong, and only for the wrong
   rows are the messages worked out, by line and column. The checks that need the whole file
   (an elector number twice or already on the register, a property in two districts) are SQL
   too. These are the only checks: there is no second, Python, copy of them.
3. Saving, only if there is no error at all: ``INSERT ... SELECT`` from the staging tables in
   one transaction, all or nothing. A large file into an empty register (a council's first
   load) is saved with the register's secondary indexes, unique constraints and foreign keys
   set aside and put back set-wise, from their own definitions, in the same transaction
   (``_set_aside_indexes``), the tables locked until it commits.

When no value in the file needs trimming (the usual case, found by looking for a few pairs of
bytes as the file is staged), ``register_import_rows`` is a view of the staging table rather
than a copy of it. The time is mostly the saving: writing the register's tables, their indexes
and foreign keys (``make bench`` shows how it compares with a bare ``COPY``;
docs/register-import.md has the figures).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import psycopg2
from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction

from elections.models import Elector
from elections.register_rules import ATTAINER_YEARS, format_elector_number

BATCH_ROWS = 50_000  # rows per COPY: the progress is recorded between batches
MAX_ERRORS_KEPT = 10_000  # every error is counted; this many are kept to show
BULK_MIN_ROWS = 10_000  # a file this long, into an empty register, is loaded set-wise
LOCK_WAIT = "2s"  # the longest wait for the locks of a set-wise load (or it goes row by row)
STAGING = "register_import_staging"
ROWS = "register_import_rows"  # the staging table's values, trimmed, with their district
DATES = "register_import_dates"  # the right dates the file has, each written once

REGISTER_COLUMNS = [
    "property_reference",
    "uprn",
    "address_1",
    "address_2",
    "address_3",
    "address_4",
    "address_5",
    "address_6",
    "postcode",
    "polling_district",
    "elector_number",
    "suffix",
    "title",
    "first_names",
    "surname",
    "franchise",
    "attainer_18_on",
    "anonymous",
    "open_register_opt_out",
    "absent_vote",
    "overseas",
    "service_voter",
    "added_on",
]

DEMOCRACY_CLUB_COLUMNS = [
    "ElectionDate",
    "Contested",
    "Property_URN",
    "AddressLine1",
    "AddressLine2",
    "AddressLine3",
    "AddressLine4",
    "AddressLine5",
    "AddressLine6",
    "Post_Code",
    "Polling_Place_Id",
    "Polling_Place_Name",
    "Polling_Place_Address_1",
    "Polling_Place_Address_2",
    "Polling_Place_Address_3",
    "Polling_Place_Address_4",
    "Polling_Place_Postcode",
    "Polling_Place_Easting",
    "Polling_Place_Northing",
    "Polling_Place_UPRN",
    "Polling_Place_District_Reference",
]

REGISTER = "register"
DEMOCRACY_CLUB = "democracy_club"
LAYOUT_COLUMNS = {REGISTER: REGISTER_COLUMNS, DEMOCRACY_CLUB: DEMOCRACY_CLUB_COLUMNS}

MAX_LENGTHS = {
    "property_reference": 30,
    "address": 200,
    "title": 20,
    "first_names": 150,
    "surname": 150,
    "place_name": 200,
    "place_reference": 30,
}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "reason": self.reason}


@dataclass
class Errors:
    kept: list[RowError] = field(default_factory=list)
    count: int = 0

    def add(self, line: int, column: str, reason: str) -> None:
        self.count += 1
        if len(self.kept) < MAX_ERRORS_KEPT:
            self.kept.append(RowError(line, column, reason))

    def merge(self, other: Errors) -> None:
        """Add ``other``'s errors (found by a later pass), keeping them all in line order."""
        self.count += other.count
        self.kept = sorted(self.kept + other.kept, key=lambda e: e.line)[:MAX_ERRORS_KEPT]

    def __bool__(self) -> bool:
        return self.count > 0


@dataclass
class ImportResult:
    layout: str = ""
    rows: int = 0
    properties: int = 0
    electors: int = 0
    places: int = 0
    set_wise: bool = False  # saved with the register's indexes set aside (an empty register)
    errors: Errors = field(default_factory=Errors)

    @property
    def ok(self) -> bool:
        return not self.errors


# A progress callback: (phase, bytes read so far, rows read so far).
Progress = Callable[[str, int, int], None]
READING = "Reading and checking the file"
SAVING = "Saving the register"


# --- The checks of a row, as SQL ----------------------------------------------------------------

# Values are trimmed of spaces, tabs and line breaks (ASCII whitespace: trimming with a set of
# single bytes is three times as fast as with Unicode's spaces, which matters a million times).
SPACES = "E' \\t\\n\\r\\f\\v'"
FLAG_TRUE = "('y', 'yes', 'true', '1')"
FLAG_VALUES = "('', 'n', 'no', 'false', '0', 'y', 'yes', 'true', '1')"
POSTCODE_SQL = "'^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$'"
ISO_DATE = "'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'"
UK_DATE = "'^[0-9]{2}/[0-9]{2}/[0-9]{4}$'"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quoted(value: str, after: str, before: str = "") -> str:
    """The message <before>“<the first 20 characters of value>”<after>, as SQL."""
    return f"{_literal(before + '“')} || left({value}, 20) || {_literal('”' + after)}"


def _ascii_lower(value: str) -> str:
    """SQL: ``value`` in lower case, ASCII letters only: twice as quick as the database's own
    ``lower`` under a UTF-8 locale, and the same for every value it is compared with (the
    markers and yes/no words are ASCII, and no other letter lowers to one of theirs)."""
    return f'lower({value} COLLATE "C")'


def _ascii_upper(value: str) -> str:
    """SQL: ``value`` in upper case, ASCII letters only (as ``_ascii_lower``), for the
    franchise markers L, G and B."""
    return f'upper({value} COLLATE "C")'


def _digits(value: str) -> str:
    """SQL: ``value`` is only the digits 0-9 (or blank): a regular expression's ^[0-9]*$,
    three times as quick."""
    return f"translate({value}, '0123456789', '') = ''"


def _flag_true(value: str) -> str:
    return f"{_ascii_lower(value)} IN {FLAG_TRUE}"


def _flag_sql(value: str) -> str:
    """The boolean of a yes/no column whose value is known to be right."""
    return f"({_flag_true(value)})"


def _ymd_ok(year: str, month: str, day: str) -> str:
    return (
        f"CASE WHEN {year}::int >= 1 AND {month}::int BETWEEN 1 AND 12 "
        f"AND {day}::int BETWEEN 1 AND 31 "
        f"THEN date_part('month', make_date({year}::int, {month}::int, 1) + ({day}::int - 1)) "
        f"= {month}::int ELSE false END"
    )


def _date_ok(value: str) -> str:
    """SQL: is ``value`` a real date written 2026-05-07 or 07/05/2026 (register_rules.parse_date)?"""
    return (
        f"(CASE WHEN {value} ~ {ISO_DATE} "
        f"THEN {_ymd_ok(f'substr({value}, 1, 4)', f'substr({value}, 6, 2)', f'substr({value}, 9, 2)')} "
        f"WHEN {value} ~ {UK_DATE} "
        f"THEN {_ymd_ok(f'substr({value}, 7, 4)', f'substr({value}, 4, 2)', f'substr({value}, 1, 2)')} "
        f"ELSE false END)"
    )


def _date_known(value: str) -> str:
    """SQL: is ``value`` one of the right dates of the file? A file has few distinct dates, so
    they are checked once each (into ``register_import_dates``) rather than once a row."""
    return f"{value} IN (SELECT written FROM {DATES})"


def _date_sql(value: str) -> str:
    """The date of a date column whose value is known to be right (or blank: NULL)."""
    return (
        f"(CASE WHEN {value} = '' THEN NULL "
        f"WHEN substr({value}, 5, 1) = '-' THEN {value}::date "
        f"ELSE make_date(substr({value}, 7, 4)::int, substr({value}, 4, 2)::int, "
        f"substr({value}, 1, 2)::int) END)"
    )


def _int_ok(value: str, low: int, high: int) -> str:
    return (
        f"(CASE WHEN {value} <> '' AND {_digits(value)} AND length(ltrim({value}, '0')) <= 18 "
        f"THEN ('0' || ltrim({value}, '0'))::bigint BETWEEN {low} AND {high} ELSE false END)"
    )


def _postcode_sql(value: str) -> str:
    """A right postcode in Royal Mail form (KM1 2AB), as register_rules.normalise_postcode."""
    upper = f"upper({value})"
    return (
        f"(CASE WHEN {value} = '' THEN '' ELSE "
        f"rtrim(left({upper}, length({upper}) - 3)) || ' ' || right({upper}, 3) END)"
    )


@dataclass(frozen=True)
class Check:
    """One thing that can be wrong with a row: the column to blame, when it is wrong (an SQL
    condition over the trimmed values of ``register_import_rows``) and what to say (an SQL text
    expression)."""

    column: str
    wrong: str
    reason: str


class _Checks:
    """The checks of one layout, in the order their errors are listed within a row."""

    def __init__(self):
        self.checks: list[Check] = []
        self.date_columns: list[str] = []
        # Conditions that begin many checks (``when``), each a conjunction (no OR outside
        # brackets), grouped by ``wrong_rows``.
        self.guards: list[str] = ["true"]

    def add(self, column: str, wrong: str, reason: str) -> None:
        self.checks.append(Check(column, wrong, reason))

    def text(self, column, value, limit, *, required=False, what="", when="true") -> None:
        """``required``: True, or an SQL condition saying when the value is required."""
        if required:
            needed = "true" if required is True else required
            self.add(column, f"{when} AND {needed} AND {value} = ''", _literal(f"Enter the {what}"))
        self.add(
            column,
            f"{when} AND char_length({value}) > {limit}",
            _literal(f"The {what} must be {limit} characters or fewer"),
        )

    def postcode(self, column, value, *, required=True, when="true") -> None:
        if required:
            self.add(column, f"{when} AND {value} = ''", _literal("Enter the postcode"))
        self.add(
            column,
            f"{when} AND {value} <> '' AND upper({value}) !~ {POSTCODE_SQL}",
            _quoted(value, " is not a real postcode, like KM1 2AB"),
        )

    def district(self, column, value) -> None:
        self.add(column, f"{value} = ''", _literal("Enter the polling district"))
        self.add(
            column,
            f"{value} <> '' AND district_id IS NULL",
            _quoted(
                f"upper({value})",
                ": add it first, or correct the code",
                before="There is no polling district ",
            ),
        )

    def uprn(self, column, value, *, when="true") -> None:
        self.add(
            column,
            f"{when} AND {value} <> '' AND NOT (length({value}) <= 12 AND {_digits(value)})",
            _literal("A UPRN is up to 12 digits"),
        )

    def integer(self, column, value, *, low, high, what, required=False, when="true") -> None:
        if required:
            self.add(column, f"{when} AND {value} = ''", _literal(f"Enter the {what}"))
        self.add(
            column,
            f"{when} AND {value} <> '' AND NOT {_int_ok(value, low, high)}",
            _literal(f"The {what} must be a whole number from {low} to {high}"),
        )

    def date(self, column, value, *, what, required=False, when="true") -> None:
        self.date_columns.append(value)
        if required:
            self.add(column, f"{when} AND {value} = ''", _literal(f"Enter the {what}"))
        self.add(
            column,
            f"{when} AND {value} <> '' AND NOT {_date_known(value)}",
            _quoted(value, f" is not a real date: write the {what} like 2026-05-07 or 07/05/2026"),
        )

    def flag(self, column, value, *, reason="Write Y or N (or leave it blank for no)", when="true"):
        self.add(column, f"{when} AND {_ascii_lower(value)} NOT IN {FLAG_VALUES}", _literal(reason))

    def wrong_rows(self) -> str:
        """SQL: the row has at least one error. The checks that begin with one of ``guards``
        (``G AND ...``: only for a row with an elector, or with a property) are grouped under
        it, ``G AND (... OR ...)``, the same condition, with G worked out once a row rather
        than once a check."""
        grouped: dict[str, list[str]] = {}
        alone = []
        for check in self.checks:
            guard = next((g for g in self.guards if check.wrong.startswith(f"{g} AND ")), None)
            if guard is None:
                alone.append(check.wrong)
            else:
                grouped.setdefault(guard, []).append(check.wrong[len(f"{guard} AND ") :])
        parts = [f"({wrong})" for wrong in alone] + [
            f"({guard} AND (" + " OR ".join(f"({rest})" for rest in rests) + "))"
            for guard, rests in grouped.items()
        ]
        return "(" + "\n OR ".join(parts) + ")"

    def errors_of_row(self) -> str:
        """SQL VALUES of (order, column, reason or NULL) for a row."""
        return ",\n".join(
            f"({n}, {_literal(check.column)}, CASE WHEN {check.wrong} THEN {check.reason} END)"
            for n, check in enumerate(self.checks)
        )


def _register_checks() -> _Checks:
    """The checks of a row of this system's format (docs/register-import.md)."""
    checks = _Checks()
    has_property = "(property_reference <> '' AND char_length(property_reference) <= 30)"
    elector = "elector_number <> ''"
    checks.guards += [has_property, elector]
    checks.flag("overseas", "overseas")
    checks.district("polling_district", "polling_district")
    checks.text(
        "property_reference",
        "property_reference",
        MAX_LENGTHS["property_reference"],
        required=f"NOT {_flag_true('overseas')}",  # an overseas elector may have no property
        what="property reference",
    )
    checks.uprn("uprn", "uprn", when=has_property)
    for n in range(1, 7):
        checks.text(
            f"address_{n}",
            f"address_{n}",
            MAX_LENGTHS["address"],
            required=n == 1,
            what=f"address line {n}",
            when=has_property,
        )
    checks.postcode("postcode", "postcode", when=has_property)
    # A property with no elector on it.
    checks.add(
        "elector_number",
        f"elector_number = '' AND NOT {has_property}",
        _literal("Enter the elector number"),
    )
    checks.add(
        "elector_number",
        "elector_number = '' AND (first_names <> '' OR surname <> '')",
        _literal("Enter the elector number of this elector"),
    )
    # An elector.
    checks.integer(
        "elector_number",
        "elector_number",
        low=1,
        high=999_999,
        what="elector number",
        when=elector,
    )
    checks.integer("suffix", "suffix", low=0, high=999, what="suffix", when=elector)
    checks.text("title", "title", MAX_LENGTHS["title"], what="title", when=elector)
    checks.text(
        "first_names",
        "first_names",
        MAX_LENGTHS["first_names"],
        required=True,
        what="first names",
        when=elector,
    )
    checks.text(
        "surname", "surname", MAX_LENGTHS["surname"], required=True, what="surname", when=elector
    )
    franchises = ", ".join(_literal(value) for value in Elector.Franchise.values)
    checks.add(
        "franchise",
        f"{elector} AND {_ascii_upper('franchise')} NOT IN ({franchises})",
        _literal("The franchise marker must be blank, L, G or B"),
    )
    checks.date("attainer_18_on", "attainer_18_on", what="date they turn 18", when=elector)
    checks.flag("anonymous", "anonymous", when=elector)
    checks.flag("open_register_opt_out", "open_register_opt_out", when=elector)
    absent_votes = ", ".join(_literal(value) for value in Elector.AbsentVote.values)
    checks.add(
        "absent_vote",
        f"{elector} AND {_ascii_lower('absent_vote')} NOT IN ({absent_votes})",
        _literal("Write postal, proxy or postal_proxy (or leave it blank)"),
    )
    checks.flag("service_voter", "service_voter", when=elector)
    checks.date("added_on", "added_on", what="date added", required=True, when=elector)
    # register_rules.attainer_date_problem, over the two dates when both are right.
    both_dates = (
        f"{elector} AND attainer_18_on <> '' AND {_date_known('attainer_18_on')} "
        f"AND added_on <> '' AND {_date_known('added_on')}"
    )
    turns_18, added = _date_sql("attainer_18_on"), _date_sql("added_on")
    checks.add(
        "attainer_18_on",
        f"CASE WHEN {both_dates} THEN {turns_18} <= {added} ELSE false END",
        _literal(
            "The date the elector turns 18 must be after the date they were added: adults have "
            "no attainer date"
        ),
    )
    checks.add(
        "attainer_18_on",
        f"CASE WHEN {both_dates} THEN {turns_18} > {added} + interval '{ATTAINER_YEARS} years' "
        f"ELSE false END",
        _literal(
            "The date the elector turns 18 must be within two years of the date they were "
            "added: only 16- and 17-year-olds may register"
        ),
    )
    checks.add(
        "service_voter",
        f"{elector} AND {_flag_true('overseas')} AND {_flag_true('service_voter')}",
        _literal("An overseas elector is not also a service voter"),
    )
    return checks


def _democracy_club_checks() -> _Checks:
    """The checks of a row of the Democracy Club export."""
    checks = _Checks()
    checks.date("ElectionDate", "electiondate", what="election date")
    checks.flag("Contested", "contested", reason="Write 1 or 0 (or Y or N, or leave it blank)")
    checks.text(
        "Property_URN",
        "property_urn",
        MAX_LENGTHS["property_reference"],
        required=True,
        what="property reference",
    )
    for n in range(1, 7):
        checks.text(
            f"AddressLine{n}",
            f"addressline{n}",
            MAX_LENGTHS["address"],
            required=n == 1,
            what=f"address line {n}",
        )
    checks.postcode("Post_Code", "post_code")
    checks.text(
        "Polling_Place_Id",
        "polling_place_id",
        MAX_LENGTHS["place_reference"],
        required=True,
        what="polling place id",
    )
    checks.text(
        "Polling_Place_Name",
        "polling_place_name",
        MAX_LENGTHS["place_name"],
        required=True,
        what="polling place name",
    )
    for n in range(1, 5):
        checks.text(
            f"Polling_Place_Address_{n}",
            f"polling_place_address_{n}",
            MAX_LENGTHS["address"],
            what=f"polling place address line {n}",
        )
    checks.postcode("Polling_Place_Postcode", "polling_place_postcode", required=False)
    checks.integer(
        "Polling_Place_Easting", "polling_place_easting", low=0, high=999_999, what="easting"
    )
    checks.integer(
        "Polling_Place_Northing", "polling_place_northing", low=0, high=9_999_999, what="northing"
    )
    checks.uprn("Polling_Place_UPRN", "polling_place_uprn")
    checks.district("Polling_Place_District_Reference", "polling_place_district_reference")
    return checks


CHECKS = {REGISTER: _register_checks(), DEMOCRACY_CLUB: _democracy_club_checks()}
DISTRICT_COLUMN = {REGISTER: "polling_district", DEMOCRACY_CLUB: "polling_place_district_reference"}


def detect_layout(header: list[str], errors: Errors) -> str | None:
    """The layout whose columns the header names, or None with the missing and extra columns
    of the nearest layout as errors on line 1."""
    names = [name.strip().lower() for name in header]
    best, best_missing, best_extra = None, None, None
    for layout, columns in LAYOUT_COLUMNS.items():
        wanted = [c.lower() for c in columns]
        if names == wanted:
            return layout
        missing = [c for c in columns if c.lower() not in names]
        extra = [h.strip() for h in header if h.strip().lower() not in wanted]
        if best is None or len(missing) < len(best_missing):
            best, best_missing, best_extra = layout, missing, extra
    if best_missing and len(best_missing) == len(LAYOUT_COLUMNS[best]):
        errors.add(
            1,
            "",
            "The first line must name the columns of the register format or of the Democracy "
            "Club export (see the guide to the file layouts)",
        )
        return None
    for name in best_missing:
        errors.add(1, name, f"The column “{name}” is missing")
    for name in best_extra:
        errors.add(
            1, name or "(blank)", f"There is a column “{name}” that the layout does not have"
        )
    if not best_missing and not best_extra:
        errors.add(1, "", "The columns are in the wrong order: " + ", ".join(LAYOUT_COLUMNS[best]))
    return None


# --- Staging: the file into a temporary table of text -------------------------------------------


def _not_utf8(line: int, raw: bytes, error: UnicodeDecodeError) -> str:
    return (
        f"The line is not UTF-8 text (byte 0x{raw[error.start]:02X} at character "
        f"{error.start + 1}): save the file as CSV UTF-8 and import it again"
    )


class _NotAsItIs(Exception):
    """The file cannot go to COPY as it is: stage it the careful way."""


@dataclass
class _Staging:
    """Where the file is staged, and how far it has gone."""

    columns: list[str]
    progress: Progress
    batch_rows: int
    start: int  # the offset of the first row, after the header
    bytes_read: int = 0
    rows: int = 0
    # Whether any value may begin or end with a space (or tab...), to be trimmed; the file is
    # searched for the few byte pairs that would show it (``_may_need_trimming``).
    needs_trimming: bool = False

    def create(self, cursor) -> None:
        texts = ", ".join(f"{name} text" for name in self.columns)
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING} CASCADE")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGING} "
            f"(line_no integer GENERATED BY DEFAULT AS IDENTITY (START WITH 2), {texts})"
        )

    def copy_sql(self, *, with_lines: bool) -> str:
        names = ", ".join((["line_no"] if with_lines else []) + self.columns)
        # Empty cells are '' (never NULL), so every check compares text.
        return (
            f"COPY {STAGING} ({names}) FROM STDIN "
            f"WITH (FORMAT csv, FORCE_NOT_NULL ({', '.join(self.columns)}))"
        )

    def as_it_is(self, binary: BinaryIO, cursor) -> None:
        """COPY the file's own bytes, a batch of lines at a time. Raises ``_NotAsItIs`` when a
        batch is not UTF-8 or COPY did not read exactly one row a line (so that the line
        numbers the table gave the rows are the file's)."""
        copy = self.copy_sql(with_lines=False)
        lines = iter(binary)
        while True:
            batch = list(itertools.islice(lines, self.batch_rows))
            if not batch:
                return
            data = b"".join(batch)
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as error:
                raise _NotAsItIs from error
            try:
                # A transaction a batch (a savepoint inside the caller's): the progress recorded
                # between batches is seen as it goes, and a batch COPY refuses is undone alone.
                with transaction.atomic():
                    cursor.copy_expert(copy, _Bytes(data))
            except (DatabaseError, psycopg2.Error) as error:
                raise _NotAsItIs from error
            if cursor.rowcount != len(batch):
                raise _NotAsItIs
            self.needs_trimming = self.needs_trimming or _may_need_trimming(data)
            self.rows += len(batch)
            self.bytes_read += len(data)
            self.progress(READING, self.bytes_read, self.rows)
            if len(batch) < self.batch_rows:
                return

    def carefully(self, binary: BinaryIO, cursor, errors: Errors) -> None:
        """Read the file with ``csv`` line by line: a line that is not UTF-8, a row with the
        wrong number of cells or one that cannot be read as CSV is an error on its line; every
        other row is staged with its line number."""
        self.create(cursor)
        self.rows = 0
        self.needs_trimming = True  # not searched for: every value is trimmed
        binary.seek(self.start)
        source = _Lines(binary, errors, self.start)
        reader = csv.reader(iter(source))
        rows = _rows(reader, len(self.columns), errors, self)
        copy = self.copy_sql(with_lines=True)
        while True:
            stream = _CopyStream(rows, self.batch_rows)
            cursor.copy_expert(copy, stream)
            self.bytes_read = source.bytes_read
            self.progress(READING, self.bytes_read, self.rows)
            if stream.exhausted:
                return


# A value that begins or ends with one of SPACES is, in the bytes of a line of CSV, next to the
# comma, the line's start or end or the quote around it; a line break or carriage return in a
# value is always inside quotes. ``_may_need_trimming`` looks for each such pair of bytes (each
# search runs at memory speed); finding one only means that the values are trimmed.
_BLANKS = [b" ", b"\t", b"\f", b"\v"]
_NEXT_TO_A_BLANK = [
    *(pair for blank in _BLANKS for pair in (b"," + blank, blank + b",", b"\n" + blank)),
    *(pair for blank in _BLANKS for pair in (blank + b"\n", blank + b"\r")),
    *(pair for blank in [*_BLANKS, b"\r", b"\n"] for pair in (b'"' + blank, blank + b'"')),
]


def _may_need_trimming(data: bytes) -> bool:
    """Whether a value in ``data`` (whole lines of CSV, as COPY read them: one row a line) may
    begin or end with a space, tab, line break... If not, no value needs trimming."""
    if data[:1] in _BLANKS or data.rstrip(b"\r\n")[-1:] in _BLANKS:
        return True
    return any(pair in data for pair in _NEXT_TO_A_BLANK)


class _Bytes:
    """``data`` as a file for ``copy_expert``."""

    def __init__(self, data: bytes):
        self.data = memoryview(data)
        self.at = 0

    def read(self, size: int = -1) -> bytes:
        size = len(self.data) if size is None or size < 0 else size
        chunk = self.data[self.at : self.at + size]
        self.at += len(chunk)
        return bytes(chunk)

    readline = read


class _Lines:
    """The file's lines after the header, decoded one at a time (a line that is not UTF-8 is an
    error on that line, not the end of the import), counting the bytes read."""

    def __init__(self, binary: BinaryIO, errors: Errors, start: int):
        self.binary = binary
        self.errors = errors
        self.bytes_read = start
        self.line = 1

    def __iter__(self) -> Iterator[str]:
        for raw in self.binary:
            self.bytes_read += len(raw)
            self.line += 1
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                self.errors.add(self.line, "", _not_utf8(self.line, raw, error))
                text = "\n"  # keeps the line numbers; the row is left out
            yield text


def _rows(reader, width: int, errors: Errors, staging: _Staging) -> Iterator[list[str]]:
    """The rows with the right number of cells, each with its line number first."""
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            staging.rows += 1
            errors.add(reader.line_num + 1, "", f"The row cannot be read as CSV ({error})")
            continue
        line = reader.line_num + 1  # the header is line 1 and was read before
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue  # a blank line (or one left out as not UTF-8)
        staging.rows += 1
        if len(cells) != width:
            errors.add(
                line,
                "",
                f"The row has {len(cells)} columns; the header has {width}"
                + (": is there a comma in an unquoted value?" if len(cells) > width else ""),
            )
            continue
        cells.insert(0, str(line))
        yield cells


class _Chunks:
    """What ``csv.writer`` writes into: a list of strings."""

    def __init__(self):
        self.parts: list[str] = []
        self.write = self.parts.append


class _CopyStream:
    """A file-like object for ``copy_expert``: the rows as CSV, written by ``csv.writer`` (in C),
    ending (for this batch) after ``limit`` rows."""

    ROWS_PER_READ = 200

    def __init__(self, rows: Iterator[list[str]], limit: int):
        self.rows = rows
        self.limit = limit
        self.sent = 0
        self.exhausted = False
        self.buffer = ""
        self.chunks = _Chunks()
        self.writer = csv.writer(self.chunks, lineterminator="\n")

    def read(self, size: int = -1) -> str:
        size = 65536 if size is None or size < 0 else size
        while len(self.buffer) < size and self.sent < self.limit:
            rows = []
            take = min(self.ROWS_PER_READ, self.limit - self.sent)
            for row in self.rows:
                rows.append(row)
                if len(rows) == take:
                    break
            else:
                self.exhausted = True
                self.limit = self.sent + len(rows)
            self.sent += len(rows)
            self.writer.writerows(rows)
            self.buffer += "".join(self.chunks.parts)
            self.chunks.parts.clear()
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    readline = read


def _read_header(binary: BinaryIO, errors: Errors) -> tuple[list[str] | None, int]:
    """The header's cells (None for an empty file) and the offset where the rows begin."""
    raw = binary.readline()
    if not raw:
        return None, 0
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        errors.add(1, "", _not_utf8(1, raw, error))
        text = ""
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte order mark, as spreadsheets write
    return next(csv.reader([text]), []), len(raw)


def run(
    binary: BinaryIO,
    *,
    progress: Progress | None = None,
    batch_rows: int = BATCH_ROWS,
) -> ImportResult:
    """Import ``binary`` (a file opened in binary mode, which can seek) into the register, all
    or nothing."""
    result = ImportResult()
    errors = result.errors
    progress = progress or (lambda phase, done, rows: None)
    header, start = _read_header(binary, errors)
    if header is None:
        errors.add(1, "", "The file is empty: it has no header row and no rows")
        return result
    layout = detect_layout(header, errors)
    if layout is None:
        return result
    result.layout = layout
    columns = [name.lower() for name in LAYOUT_COLUMNS[layout]]
    staging = _Staging(columns, progress, batch_rows, start, bytes_read=start)
    with connection.cursor() as cursor:
        # The sorts and hashes below in memory; no JIT, whose compiling costs more than it saves.
        cursor.execute("SET work_mem = '256MB'")
        cursor.execute("SET jit = off")
        try:
            progress(READING, staging.bytes_read, 0)
            try:
                staging.create(cursor)
                staging.as_it_is(binary, cursor)
            except _NotAsItIs:
                staging.carefully(binary, cursor, errors)
            result.rows = staging.rows
            _create_rows_table(cursor, layout, trim=staging.needs_trimming)
            errors.merge(_row_errors(cursor, layout))
            if not errors and result.rows == 0:
                errors.add(2, "", "The file has a header row but no rows to import")
            if errors:
                return result
            progress(SAVING, staging.bytes_read, result.rows)
            # Set-wise saving (below) takes locks and changes the tables' indexes: only in a
            # transaction of the import's own, never inside a caller's.
            own_transaction = not connection.in_atomic_block
            with transaction.atomic():
                if layout == REGISTER:
                    _save_register(cursor, result, set_wise=own_transaction)
                else:
                    _save_democracy_club(cursor, result)
                if errors:
                    transaction.set_rollback(True)
        finally:
            # The staging table with the view of it, if that is what ``ROWS`` is.
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING} CASCADE")
            cursor.execute(f"DROP TABLE IF EXISTS {ROWS}, {DATES}")
            cursor.execute("RESET work_mem")
            cursor.execute("RESET jit")
    return result


# --- Checking, in SQL over the staging table -----------------------------------------------------


def _create_rows_table(cursor, layout: str, *, trim: bool = True) -> None:
    """``register_import_rows``: the staged values trimmed (as Python's strip() would, of ASCII
    whitespace), once, with the id of the polling district each names (NULL when there is
    none); and ``register_import_dates``: the right dates among the file's date columns.

    When no value needs trimming (``trim`` False), ``register_import_rows`` is a view of the
    staging table with the districts' ids instead: the rows are not written a second time
    (looking up the district again in each pass over them costs less)."""
    columns = [name.lower() for name in LAYOUT_COLUMNS[layout]]
    if trim:
        values = ", ".join(f"btrim(s.{name}, {SPACES}) AS {name}" for name in columns)
        district = f"upper(btrim(s.{DISTRICT_COLUMN[layout]}, {SPACES}))"
    else:
        values = ", ".join(f"s.{name}" for name in columns)
        district = f"upper(s.{DISTRICT_COLUMN[layout]})"
    cursor.execute(f"DROP TABLE IF EXISTS {ROWS}, {DATES}")
    cursor.execute(
        f"""
        CREATE TEMPORARY {"TABLE" if trim else "VIEW"} {ROWS} AS
        SELECT s.line_no, {values}, d.id AS district_id
          FROM {STAGING} s
          LEFT JOIN elections_pollingdistrict d ON d.code = {district}
        """
    )
    # One scan for the distinct combinations of the date columns (few), then their dates.
    date_columns = CHECKS[layout].date_columns
    each = ", ".join(f"({name})" for name in date_columns)
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE {DATES} AS
        SELECT DISTINCT written
          FROM (SELECT DISTINCT {", ".join(date_columns)} FROM {ROWS}) combinations,
               LATERAL (VALUES {each}) dates(written)
         WHERE written <> '' AND {_date_ok("written")}
        """
    )


def _row_errors(cursor, layout: str) -> Errors:
    """Every error of every row, by line and then in the order of the checks. One scan finds
    the wrong rows; only for those are the reasons worked out."""
    checks = CHECKS[layout]
    cursor.execute(
        f"""
        SELECT r.line_no, e.col, e.reason, count(*) OVER ()
          FROM {ROWS} r
         CROSS JOIN LATERAL (VALUES {checks.errors_of_row()}) e(n, col, reason)
         WHERE {checks.wrong_rows()} AND e.reason IS NOT NULL
         ORDER BY r.line_no, e.n
         LIMIT {MAX_ERRORS_KEPT}
        """
    )
    found = Errors()
    for line, column, reason, count in cursor.fetchall():
        found.kept.append(RowError(line, column, reason))
        found.count = count
    return found


# --- Saving, in SQL over the staging table -----------------------------------------------------


def _property_upsert(columns: dict[str, str], *, into_empty: bool = False) -> str:
    """INSERT ... SELECT of the properties named in the file (the first line of each wins),
    updating those already on the register (``into_empty``: there are none, and the unique
    index on the reference is set aside, so no ON CONFLICT). ``columns``: the property's
    column -> SQL."""
    names = ", ".join(columns)
    values = ", ".join(columns.values())
    reference = columns["reference"]
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in columns if name != "reference")
    conflict = "" if into_empty else f"ON CONFLICT (reference) DO UPDATE SET {updates}"
    # Sorted byte by byte (COLLATE "C"), several times quicker than in the locale's order; the
    # same references are equal either way.
    return f"""
        INSERT INTO elections_property ({names})
        SELECT DISTINCT ON ({reference} COLLATE "C") {values}
          FROM {ROWS}
         WHERE {reference} <> ''
         ORDER BY {reference} COLLATE "C", line_no
        {conflict}
    """


# --- Loading an empty register set-wise ----------------------------------------------------------

REGISTER_TABLES = ("elections_property", "elections_elector")


def _lock(cursor, tables: list[str]) -> bool:
    """Lock ``tables`` against every other session until the import commits, if that can be
    done within ``LOCK_WAIT`` (otherwise they are left as they were: the import is then saved
    a row at a time, as into a register that is not empty). A lock that waits in a queue
    holds up every reader behind it: hence the limit."""
    try:
        with transaction.atomic():
            cursor.execute(f"SET LOCAL lock_timeout = {_literal(LOCK_WAIT)}")
            cursor.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
    except OperationalError:
        return False
    finally:
        cursor.execute("SET LOCAL lock_timeout TO DEFAULT")
    return True


def _own(cursor, tables: list[str]) -> bool:
    """Whether this database user owns ``tables`` (may drop and add their indexes and
    constraints): a deployment may run the application as a user that does not."""
    names = ", ".join(f"{_literal(name)}::regclass" for name in tables)
    cursor.execute(
        f"SELECT bool_and(pg_has_role(relowner, 'USAGE')) FROM pg_class WHERE oid IN ({names})"
    )
    return bool(cursor.fetchone()[0])


def _register_is_empty(cursor) -> bool:
    cursor.execute(
        "SELECT NOT EXISTS (SELECT FROM elections_property) "
        "AND NOT EXISTS (SELECT FROM elections_elector)"
    )
    return cursor.fetchone()[0]


def _set_aside_indexes(cursor, rows: int) -> list[str]:
    """For a file of at least ``BULK_MIN_ROWS`` rows into an empty register (a council's first
    load from its old system): lock the register's tables, drop their secondary indexes, their
    unique constraints and their foreign keys, and return the SQL that puts each back from its
    own definition, to run once the rows are in. An index built over a million rows at once is
    several times quicker than kept up a row at a time, and a foreign key added to full tables
    is checked by one join rather than by a trigger a row. The primary keys (which other
    tables' foreign keys use) and the checks stay. All in the import's transaction: if anything
    fails, nothing has changed, and while the tables are locked nobody else can add to them or
    read them half-loaded (readers wait for the commit).

    The foreign keys to the polling districts are set aside only if the polling districts can
    be locked too (dropping a foreign key locks the table it points to; readers of the polling
    districts then wait for the save too, a few seconds). Otherwise they stay, checked a row at
    a time. Nothing is set aside (returns []) for a shorter file, a register that is not empty,
    tables that cannot be locked at once, or tables this database user does not own (and the
    caller sets nothing aside for an import inside a transaction of its caller's)."""
    if rows < BULK_MIN_ROWS or not _own(cursor, REGISTER_TABLES) or not _register_is_empty(cursor):
        return []
    if not _lock(cursor, list(REGISTER_TABLES)) or not _register_is_empty(cursor):
        return []
    references = [*REGISTER_TABLES]
    if _own(cursor, ["elections_pollingdistrict"]) and _lock(cursor, ["elections_pollingdistrict"]):
        references.append("elections_pollingdistrict")
    tables = ", ".join(f"{_literal(name)}::regclass" for name in REGISTER_TABLES)
    referenced = ", ".join(f"{_literal(name)}::regclass" for name in references)
    cursor.execute(
        f"""
        SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
               format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname,
                      pg_get_constraintdef(oid)),
               contype = 'f'
          FROM pg_constraint
         WHERE conrelid IN ({tables})
           AND (contype = 'u' OR (contype = 'f' AND confrelid IN ({referenced})))
         ORDER BY conname
        """
    )
    constraints = cursor.fetchall()
    cursor.execute(
        f"""
        SELECT format('DROP INDEX %s', indexrelid::regclass), pg_get_indexdef(indexrelid)
          FROM pg_index
         WHERE indrelid IN ({tables}) AND NOT indisprimary
           AND indexrelid NOT IN (SELECT conindid FROM pg_constraint WHERE conindid <> 0)
         ORDER BY indexrelid::regclass::text
        """
    )
    indexes = cursor.fetchall()
    for drop, *_create in constraints + indexes:
        cursor.execute(drop)
    # The indexes and unique constraints first, and the foreign keys last (checked against them).
    return (
        [create for _drop, create in indexes]
        + [create for _drop, create, foreign in constraints if not foreign]
        + [create for _drop, create, foreign in constraints if foreign]
    )


def _property_in_two_districts(cursor, errors: Errors, reference: str) -> None:
    cursor.execute(
        f"""
        SELECT r.line_no, r.{reference}
          FROM {ROWS} r
          JOIN (SELECT {reference} AS twice, min(line_no) AS first_line
                  FROM {ROWS}
                 WHERE {reference} <> ''
                 GROUP BY {reference}
                HAVING min(district_id) <> max(district_id)) twice
            ON twice.twice = r.{reference}
         WHERE r.line_no <> twice.first_line
         ORDER BY r.line_no
        """
    )
    for line, reference_value in cursor.fetchall():
        errors.add(
            line,
            "polling_district",
            f"Property {reference_value} is in another polling district on an earlier line",
        )


def _save_register(cursor, result: ImportResult, *, set_wise: bool) -> None:
    errors = result.errors
    _property_in_two_districts(cursor, errors, "property_reference")
    if errors:
        return
    put_back = _set_aside_indexes(cursor, result.rows) if set_wise else []
    result.set_wise = bool(put_back)
    cursor.execute(
        _property_upsert(
            {
                "reference": "property_reference",
                "uprn": "uprn",
                **{f"address_{n}": f"address_{n}" for n in range(1, 7)},
                "postcode": _postcode_sql("postcode"),
                "polling_district_id": "district_id",
            },
            into_empty=bool(put_back),
        )
    )
    result.properties = cursor.rowcount
    if put_back:
        # The table was empty: what the planner knows of it is out of date (it would sort a
        # million rows to join them with the properties rather than look each one up).
        cursor.execute("ANALYZE elections_property")
    try:
        with transaction.atomic():
            cursor.execute(
                f"""
                INSERT INTO elections_elector (
                    polling_district_id, number, suffix, qualifying_address_id, title,
                    first_names, surname, franchise, attainer_18_on, anonymous,
                    open_register_opt_out, absent_vote, overseas, service_voter, added_on)
                SELECT r.district_id, r.elector_number::integer,
                       CASE WHEN r.suffix = '' THEN 0 ELSE r.suffix::integer END, p.id,
                       r.title, r.first_names, r.surname, {_ascii_upper("r.franchise")},
                       {_date_sql("r.attainer_18_on")}, {_flag_sql("r.anonymous")},
                       {_flag_sql("r.open_register_opt_out")}, {_ascii_lower("r.absent_vote")},
                       {_flag_sql("r.overseas")}, {_flag_sql("r.service_voter")},
                       {_date_sql("r.added_on")}
                  FROM {ROWS} r
                  LEFT JOIN elections_property p
                    ON p.reference = r.property_reference AND r.property_reference <> ''
                 WHERE r.elector_number <> ''
                """
            )
            result.electors = cursor.rowcount
            if put_back:
                # Any check still pending (a foreign key kept) now: an index cannot be built
                # on a table with checks pending. Then the indexes, built in memory.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                for create in put_back:
                    # An elector number twice fails here, building the unique index.
                    cursor.execute(create)
    except IntegrityError:
        # An elector number twice: say on which lines (only now, so a good file pays nothing).
        _duplicate_numbers(cursor, errors)
        if not errors:
            raise


def _duplicate_numbers(cursor, errors: Errors) -> None:
    number = "r.elector_number::integer"
    suffix = "CASE WHEN r.suffix = '' THEN 0 ELSE r.suffix::integer END"
    cursor.execute(
        f"""
        SELECT line_no, code, number, suffix, first_line FROM (
            SELECT r.line_no, d.code, {number} AS number, {suffix} AS suffix,
                   min(r.line_no) OVER (PARTITION BY r.district_id, {number}, {suffix})
                       AS first_line
              FROM {ROWS} r
              JOIN elections_pollingdistrict d ON d.id = r.district_id
             WHERE r.elector_number <> '') numbered
         WHERE line_no <> first_line
         ORDER BY line_no
        """
    )
    for line, code, number_value, suffix_value, first in cursor.fetchall():
        errors.add(
            line,
            "elector_number",
            f"Elector number {format_elector_number(code, number_value, suffix_value)} is also "
            f"on line {first}",
        )
    cursor.execute(
        f"""
        SELECT r.line_no, d.code, e.number, e.suffix
          FROM {ROWS} r
          JOIN elections_pollingdistrict d ON d.id = r.district_id
          JOIN elections_elector e
            ON e.polling_district_id = r.district_id AND r.elector_number <> ''
           AND e.number = {number} AND e.suffix = {suffix} AND e.deleted_on IS NULL
         ORDER BY r.line_no
        """
    )
    for line, code, number_value, suffix_value in cursor.fetchall():
        errors.add(
            line,
            "elector_number",
            f"Elector number {format_elector_number(code, number_value, suffix_value)} is "
            f"already on the register",
        )


def _save_democracy_club(cursor, result: ImportResult) -> None:
    errors = result.errors
    _property_in_two_districts(cursor, errors, "property_urn")
    if errors:
        return
    cursor.execute(
        _property_upsert(
            {
                "reference": "property_urn",
                "uprn": "''",
                **{f"address_{n}": f"addressline{n}" for n in range(1, 7)},
                "postcode": _postcode_sql("post_code"),
                "polling_district_id": "district_id",
            }
        )
    )
    result.properties = cursor.rowcount
    easting, northing = "polling_place_easting", "polling_place_northing"
    cursor.execute(
        f"""
        INSERT INTO elections_pollingplace (reference, name, address_1, address_2, address_3,
                                            address_4, postcode, uprn, easting, northing)
        SELECT DISTINCT ON (polling_place_id) polling_place_id, polling_place_name,
               polling_place_address_1, polling_place_address_2, polling_place_address_3,
               polling_place_address_4, {_postcode_sql("polling_place_postcode")},
               polling_place_uprn,
               CASE WHEN {easting} = '' THEN NULL ELSE {easting}::integer END,
               CASE WHEN {northing} = '' THEN NULL ELSE {northing}::integer END
          FROM {ROWS}
         ORDER BY polling_place_id, line_no
        ON CONFLICT (reference) DO UPDATE
           SET name = EXCLUDED.name, address_1 = EXCLUDED.address_1,
               address_2 = EXCLUDED.address_2, address_3 = EXCLUDED.address_3,
               address_4 = EXCLUDED.address_4, postcode = EXCLUDED.postcode,
               uprn = EXCLUDED.uprn, easting = EXCLUDED.easting, northing = EXCLUDED.northing
        """
    )
    result.places = cursor.rowcount
    # Each district's station (number 1) is at the place its properties vote at.
    cursor.execute(
        f"""
        INSERT INTO elections_pollingstation (place_id, polling_district_id, number)
        SELECT DISTINCT ON (r.district_id) pl.id, r.district_id, 1
          FROM {ROWS} r
          JOIN elections_pollingplace pl ON pl.reference = r.polling_place_id
         ORDER BY r.district_id, r.line_no
        ON CONFLICT (polling_district_id, number) DO UPDATE SET place_id = EXCLUDED.place_id
        """
    )
