"""Importing the register of electors from CSV (issue 12, point 2).

Two layouts, told apart by their header row:

* this system's register format (documented in docs/register-import.md): one row per elector,
  with the property's address on every row, or a property with no elector on it;
* the Xpress "Democracy Club" export that Democracy Club's polling station finder imports: one
  row per property, with its polling place.

How it works, so that a million electors import quickly in a small, constant amount of memory:
the file is read line by line (never whole), each line decoded and parsed with ``csv`` and every
row validated as it is read; valid rows are streamed to PostgreSQL ``COPY`` into a temporary
staging table, in batches, with the progress recorded between batches. Every error is kept with
its line number, column and reason. Checks that need the whole file (an elector number twice, a
property in two districts) run in SQL over the staging table. Only if there is no error at all do
the rows go into the register, with ``INSERT ... SELECT`` in one transaction: all or nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.db import IntegrityError, connection, transaction

from elections.models import Elector, PollingDistrict
from elections.register_rules import (
    attainer_date_problem,
    format_elector_number,
    normalise_postcode,
    parse_date,
    parse_flag,
)

BATCH_ROWS = 50_000  # rows per COPY: the progress is recorded between batches
MAX_ERRORS_KEPT = 10_000  # every error is counted; this many are kept to show

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

FRANCHISES = frozenset(Elector.Franchise.values)
ABSENT_VOTES = frozenset(Elector.AbsentVote.values)
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

    def __bool__(self) -> bool:
        return self.count > 0


@dataclass
class ImportResult:
    layout: str = ""
    rows: int = 0
    properties: int = 0
    electors: int = 0
    places: int = 0
    errors: Errors = field(default_factory=Errors)

    @property
    def ok(self) -> bool:
        return not self.errors


# A progress callback: (phase, bytes read so far, rows read so far).
Progress = Callable[[str, int, int], None]


class _Source:
    """The file's lines, decoded one at a time (a line that is not UTF-8 is an error on that
    line, not the end of the import), counting the bytes read for the progress bar."""

    def __init__(self, binary: BinaryIO, errors: Errors):
        self.binary = binary
        self.errors = errors
        self.bytes_read = 0
        self.line = 0

    def __iter__(self) -> Iterator[str]:
        for raw in self.binary:
            self.bytes_read += len(raw)
            self.line += 1
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                self.errors.add(
                    self.line,
                    "",
                    f"The line is not UTF-8 text (byte 0x{raw[error.start]:02X} at character "
                    f"{error.start + 1}): save the file as CSV UTF-8 and import it again",
                )
                text = "\n"  # keeps the line numbers; the row is left out
            if self.line == 1 and text.startswith("\ufeff"):
                text = text[1:]  # a byte order mark, as spreadsheets write
            yield text


class _Chunks:
    """What ``csv.writer`` writes into: a list of strings."""

    def __init__(self):
        self.parts: list[str] = []
        self.write = self.parts.append


class _CopyStream:
    """A file-like object for ``copy_expert``: the rows as CSV, written by ``csv.writer`` (in C),
    ending (for this batch) after ``limit`` rows. Empty text is kept as '' by the COPY's
    FORCE_NOT_NULL; an empty number or date is NULL."""

    ROWS_PER_READ = 200

    def __init__(self, rows: Iterator[tuple], limit: int):
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


# --- Row validation, one layout at a time --------------------------------------------------------


class _Layout:
    staging_columns: list[tuple[str, str]]  # (name, SQL type), after line_no

    def __init__(self, districts: dict[str, int], errors: Errors):
        self.districts = districts
        self.errors = errors

    def row(self, line: int, cells: list[str]) -> tuple | None:
        """The staged tuple for one row, or None with its errors recorded: each layout (ours,
        Democracy Club's) says how; this base class is never used on its own."""
        raise NotImplementedError

    def _text(self, line, column, value, limit, *, required=False, what="") -> str | None:
        value = value.strip()
        if required and not value:
            self.errors.add(line, column, f"Enter the {what}")
            return None
        if len(value) > limit:
            self.errors.add(line, column, f"The {what} must be {limit} characters or fewer")
            return None
        return value

    def _postcode(self, line, column, value, *, required=True) -> str | None:
        value = value.strip()
        if not value:
            if required:
                self.errors.add(line, column, "Enter the postcode")
            return "" if not required else None
        postcode = normalise_postcode(value)
        if postcode is None:
            self.errors.add(line, column, f"“{value[:20]}” is not a real postcode, like KM1 2AB")
        return postcode

    def _district(self, line, column, value) -> int | None:
        code = value.strip().upper()
        if not code:
            self.errors.add(line, column, "Enter the polling district")
            return None
        district = self.districts.get(code)
        if district is None:
            self.errors.add(
                line,
                column,
                f"There is no polling district “{code[:20]}”: add it first, or correct the code",
            )
        return district

    def _uprn(self, line, column, value) -> str | None:
        value = value.strip()
        if value and not (value.isdigit() and len(value) <= 12):
            self.errors.add(line, column, "A UPRN is up to 12 digits")
            return None
        return value

    def _int(self, line, column, value, *, low, high, what, required=False) -> int | None:
        value = value.strip()
        if not value:
            if required:
                self.errors.add(line, column, f"Enter the {what}")
            return None
        if not value.isdigit() or not low <= int(value) <= high:
            self.errors.add(line, column, f"The {what} must be a whole number from {low} to {high}")
            return None
        return int(value)

    def _date(self, line, column, value, *, what, required=False):
        value = value.strip()
        if not value:
            if required:
                self.errors.add(line, column, f"Enter the {what}")
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.errors.add(
                line,
                column,
                f"“{value[:20]}” is not a real date: write the {what} like 2026-05-07 or 07/05/2026",
            )
        return parsed

    def _flag(self, line, column, value) -> bool:
        flag = parse_flag(value)
        if flag is None:
            self.errors.add(line, column, "Write Y or N (or leave it blank for no)")
            return False
        return flag


class _RegisterLayout(_Layout):
    staging_columns = [
        ("property_reference", "text"),
        ("uprn", "text"),
        ("address_1", "text"),
        ("address_2", "text"),
        ("address_3", "text"),
        ("address_4", "text"),
        ("address_5", "text"),
        ("address_6", "text"),
        ("postcode", "text"),
        ("district_id", "bigint"),
        ("number", "integer"),
        ("suffix", "integer"),
        ("title", "text"),
        ("first_names", "text"),
        ("surname", "text"),
        ("franchise", "text"),
        ("attainer_18_on", "date"),
        ("anonymous", "boolean"),
        ("open_register_opt_out", "boolean"),
        ("absent_vote", "text"),
        ("overseas", "boolean"),
        ("service_voter", "boolean"),
        ("added_on", "date"),
    ]

    def row(self, line: int, cells: list[str]) -> tuple | None:
        before = self.errors.count
        (
            reference,
            uprn,
            a1,
            a2,
            a3,
            a4,
            a5,
            a6,
            postcode,
            district,
            number,
            suffix,
            title,
            first_names,
            surname,
            franchise,
            attainer,
            anonymous,
            opt_out,
            absent_vote,
            overseas,
            service,
            added_on,
        ) = cells
        overseas = self._flag(line, "overseas", overseas)
        district_id = self._district(line, "polling_district", district)
        reference = self._text(
            line,
            "property_reference",
            reference,
            MAX_LENGTHS["property_reference"],
            required=not overseas,
            what="property reference",
        )
        has_property = bool(reference)
        if has_property:
            uprn = self._uprn(line, "uprn", uprn)
            address = [
                self._text(
                    line,
                    f"address_{n}",
                    value,
                    MAX_LENGTHS["address"],
                    required=n == 1,
                    what=f"address line {n}",
                )
                for n, value in enumerate((a1, a2, a3, a4, a5, a6), start=1)
            ]
            postcode = self._postcode(line, "postcode", postcode)
        else:
            uprn, address, postcode = "", [""] * 6, ""
        number_text = number.strip()
        if not number_text:
            # A property with no elector on it.
            if not has_property:
                self.errors.add(line, "elector_number", "Enter the elector number")
            if first_names.strip() or surname.strip():
                self.errors.add(line, "elector_number", "Enter the elector number of this elector")
            if self.errors.count > before:
                return None
            return (reference, uprn, *address, postcode, district_id) + (None,) * 13
        number = self._int(
            line, "elector_number", number, low=1, high=999_999, what="elector number"
        )
        suffix = self._int(line, "suffix", suffix, low=0, high=999, what="suffix")
        title = self._text(line, "title", title, MAX_LENGTHS["title"], what="title")
        first_names = self._text(
            line,
            "first_names",
            first_names,
            MAX_LENGTHS["first_names"],
            required=True,
            what="first names",
        )
        surname = self._text(
            line, "surname", surname, MAX_LENGTHS["surname"], required=True, what="surname"
        )
        franchise = franchise.strip().upper()
        if franchise not in FRANCHISES:
            self.errors.add(line, "franchise", "The franchise marker must be blank, L, G or B")
        attainer = self._date(line, "attainer_18_on", attainer, what="date they turn 18")
        anonymous = self._flag(line, "anonymous", anonymous)
        opt_out = self._flag(line, "open_register_opt_out", opt_out)
        absent_vote = absent_vote.strip().lower()
        if absent_vote not in ABSENT_VOTES:
            self.errors.add(
                line, "absent_vote", "Write postal, proxy or postal_proxy (or leave it blank)"
            )
        service = self._flag(line, "service_voter", service)
        added_on = self._date(line, "added_on", added_on, what="date added", required=True)
        problem = attainer_date_problem(attainer, added_on)
        if problem:
            self.errors.add(line, "attainer_18_on", problem)
        if overseas and service:
            self.errors.add(
                line, "service_voter", "An overseas elector is not also a service voter"
            )
        if self.errors.count > before:
            return None
        return (
            reference,
            uprn,
            *address,
            postcode,
            district_id,
            number,
            suffix or 0,
            title,
            first_names,
            surname,
            franchise,
            attainer,
            anonymous,
            opt_out,
            absent_vote,
            overseas,
            service,
            added_on,
        )


FLAG_TEXT = {
    "": "f",
    "n": "f",
    "no": "f",
    "false": "f",
    "0": "f",
    "y": "t",
    "yes": "t",
    "true": "t",
    "1": "t",
}


class _FastRegisterLayout(_RegisterLayout):
    """The register layout with a fast path for the usual row (an elector at a property, every
    value right): plain string checks, dates parsed once per distinct value, and the values
    passed to COPY as text. Anything unusual or wrong goes through ``row``, which says what
    is wrong; so the fast path accepts nothing ``row`` would refuse."""

    def __init__(self, districts, errors):
        super().__init__(districts, errors)
        self.dates: dict[str, str | None] = {}

    def _iso(self, value: str) -> str | None:
        iso = self.dates.get(value, "")
        if iso == "":
            parsed = parse_date(value)
            iso = parsed.isoformat() if parsed else None
            if len(self.dates) > 10_000:
                self.dates.clear()
            self.dates[value] = iso
        return iso

    def fast(self, cells: list[str]) -> tuple | None:
        (
            reference,
            uprn,
            a1,
            a2,
            a3,
            a4,
            a5,
            a6,
            postcode,
            district,
            number,
            suffix,
            title,
            first_names,
            surname,
            franchise,
            attainer,
            anonymous,
            opt_out,
            absent_vote,
            overseas,
            service,
            added_on,
        ) = [cell.strip() for cell in cells]
        if not (reference and a1 and number and first_names and surname and added_on):
            return None
        if (
            len(reference) > 30
            or len(title) > 20
            or len(first_names) > 150
            or len(surname) > 150
            or max(len(a1), len(a2), len(a3), len(a4), len(a5), len(a6)) > 200
        ):
            return None
        if uprn and not (uprn.isdigit() and len(uprn) <= 12):
            return None
        postcode = normalise_postcode(postcode)
        district_id = self.districts.get(district.upper())
        if postcode is None or district_id is None:
            return None
        if not (number.isdigit() and 1 <= int(number) <= 999_999):
            return None
        if not suffix:
            suffix = "0"
        elif not (suffix.isdigit() and int(suffix) <= 999):
            return None
        franchise = franchise.upper()
        absent_vote = absent_vote.lower()
        if franchise not in FRANCHISES or absent_vote not in ABSENT_VOTES:
            return None
        flags = (
            FLAG_TEXT.get(anonymous.lower()),
            FLAG_TEXT.get(opt_out.lower()),
            FLAG_TEXT.get(overseas.lower()),
            FLAG_TEXT.get(service.lower()),
        )
        if None in flags or (flags[2] == "t" and flags[3] == "t"):
            return None
        added = self._iso(added_on)
        if added is None:
            return None
        if attainer:
            turns_18 = self._iso(attainer)
            if turns_18 is None or not added < turns_18 <= f"{int(added[:4]) + 2}{added[4:]}":
                return None
        else:
            turns_18 = ""
        return (
            reference,
            uprn,
            a1,
            a2,
            a3,
            a4,
            a5,
            a6,
            postcode,
            district_id,
            number,
            suffix,
            title,
            first_names,
            surname,
            franchise,
            turns_18,
            flags[0],
            flags[1],
            absent_vote,
            flags[2],
            flags[3],
            added,
        )


class _DemocracyClubLayout(_Layout):
    staging_columns = [
        ("property_reference", "text"),
        ("address_1", "text"),
        ("address_2", "text"),
        ("address_3", "text"),
        ("address_4", "text"),
        ("address_5", "text"),
        ("address_6", "text"),
        ("postcode", "text"),
        ("place_reference", "text"),
        ("place_name", "text"),
        ("place_address_1", "text"),
        ("place_address_2", "text"),
        ("place_address_3", "text"),
        ("place_address_4", "text"),
        ("place_postcode", "text"),
        ("place_easting", "integer"),
        ("place_northing", "integer"),
        ("place_uprn", "text"),
        ("district_id", "bigint"),
    ]

    def row(self, line: int, cells: list[str]) -> tuple | None:
        before = self.errors.count
        (
            election_date,
            contested,
            reference,
            a1,
            a2,
            a3,
            a4,
            a5,
            a6,
            postcode,
            place_id,
            place_name,
            p1,
            p2,
            p3,
            p4,
            place_postcode,
            easting,
            northing,
            place_uprn,
            district,
        ) = cells
        self._date(line, "ElectionDate", election_date, what="election date")
        if parse_flag(contested) is None:
            self.errors.add(line, "Contested", "Write 1 or 0 (or Y or N, or leave it blank)")
        reference = self._text(
            line, "Property_URN", reference, 30, required=True, what="property reference"
        )
        address = [
            self._text(
                line,
                f"AddressLine{n}",
                value,
                MAX_LENGTHS["address"],
                required=n == 1,
                what=f"address line {n}",
            )
            for n, value in enumerate((a1, a2, a3, a4, a5, a6), start=1)
        ]
        postcode = self._postcode(line, "Post_Code", postcode)
        place_id = self._text(
            line, "Polling_Place_Id", place_id, 30, required=True, what="polling place id"
        )
        place_name = self._text(
            line, "Polling_Place_Name", place_name, 200, required=True, what="polling place name"
        )
        place_address = [
            self._text(
                line,
                f"Polling_Place_Address_{n}",
                value,
                MAX_LENGTHS["address"],
                what=f"polling place address line {n}",
            )
            for n, value in enumerate((p1, p2, p3, p4), start=1)
        ]
        place_postcode = self._postcode(
            line, "Polling_Place_Postcode", place_postcode, required=False
        )
        easting = self._int(
            line, "Polling_Place_Easting", easting, low=0, high=999_999, what="easting"
        )
        northing = self._int(
            line, "Polling_Place_Northing", northing, low=0, high=9_999_999, what="northing"
        )
        place_uprn = self._uprn(line, "Polling_Place_UPRN", place_uprn)
        district_id = self._district(line, "Polling_Place_District_Reference", district)
        if self.errors.count > before:
            return None
        return (
            reference,
            *address,
            postcode,
            place_id,
            place_name,
            *place_address,
            place_postcode,
            easting,
            northing,
            place_uprn,
            district_id,
        )


LAYOUTS = {REGISTER: _FastRegisterLayout, DEMOCRACY_CLUB: _DemocracyClubLayout}


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


def _rows(reader, layout: _Layout, width: int, errors: Errors, result: ImportResult):
    fast = getattr(layout, "fast", None)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            result.rows += 1
            errors.add(reader.line_num, "", f"The row cannot be read as CSV ({error})")
            continue
        line = reader.line_num
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue  # a blank line (or one left out as not UTF-8)
        result.rows += 1
        if len(cells) != width:
            errors.add(
                line,
                "",
                f"The row has {len(cells)} columns; the header has {width}"
                + (": is there a comma in an unquoted value?" if len(cells) > width else ""),
            )
            continue
        row = fast(cells) if fast else None
        if row is None:
            row = layout.row(line, cells)
        if row is not None:
            yield (line, *row)


def _stage(cursor, layout_cls: type[_Layout]) -> None:
    columns = ", ".join(f"{name} {kind}" for name, kind in layout_cls.staging_columns)
    cursor.execute("DROP TABLE IF EXISTS register_import_staging")
    cursor.execute(f"CREATE TEMPORARY TABLE register_import_staging (line_no integer, {columns})")


def run(
    binary: BinaryIO,
    *,
    progress: Progress | None = None,
    batch_rows: int = BATCH_ROWS,
) -> ImportResult:
    """Import ``binary`` (a file opened in binary mode) into the register, all or nothing."""
    result = ImportResult()
    errors = result.errors
    progress = progress or (lambda phase, done, rows: None)
    source = _Source(binary, errors)
    reader = csv.reader(iter(source))
    header = next(reader, None)
    if header is None:
        errors.add(1, "", "The file is empty: it has no header row and no rows")
        return result
    layout_name = detect_layout(header, errors)
    if layout_name is None:
        return result
    result.layout = layout_name
    districts = dict(PollingDistrict.objects.values_list("code", "pk"))
    layout = LAYOUTS[layout_name](districts, errors)
    rows = _rows(reader, layout, len(header), errors, result)
    names = ", ".join(["line_no", *(name for name, _ in layout.staging_columns)])
    texts = ", ".join(name for name, kind in layout.staging_columns if kind == "text")
    copy = (
        f"COPY register_import_staging ({names}) FROM STDIN "
        f"WITH (FORMAT csv, FORCE_NOT_NULL ({texts}))"
    )
    with connection.cursor() as cursor:
        _stage(cursor, type(layout))
        try:
            progress("Reading and checking the file", source.bytes_read, result.rows)
            while True:
                stream = _CopyStream(rows, batch_rows)
                cursor.copy_expert(copy, stream)
                progress("Reading and checking the file", source.bytes_read, result.rows)
                if stream.exhausted:
                    break
            if not errors and result.rows == 0:
                errors.add(2, "", "The file has a header row but no rows to import")
            if errors:
                return result
            progress("Saving the register", source.bytes_read, result.rows)
            with transaction.atomic():
                if layout_name == REGISTER:
                    _save_register(cursor, result)
                else:
                    _save_democracy_club(cursor, result)
                if errors:
                    transaction.set_rollback(True)
        finally:
            cursor.execute("DROP TABLE IF EXISTS register_import_staging")
    return result


# --- Saving, in SQL over the staging table -----------------------------------------------------

_PROPERTY_UPSERT = """
    INSERT INTO elections_property (reference, uprn, address_1, address_2, address_3, address_4,
                                    address_5, address_6, postcode, polling_district_id)
    SELECT DISTINCT ON (property_reference) property_reference, {uprn}, address_1, address_2,
           address_3, address_4, address_5, address_6, postcode, district_id
      FROM register_import_staging
     WHERE property_reference <> ''
     ORDER BY property_reference, line_no
    ON CONFLICT (reference) DO UPDATE
       SET uprn = EXCLUDED.uprn, address_1 = EXCLUDED.address_1, address_2 = EXCLUDED.address_2,
           address_3 = EXCLUDED.address_3, address_4 = EXCLUDED.address_4,
           address_5 = EXCLUDED.address_5, address_6 = EXCLUDED.address_6,
           postcode = EXCLUDED.postcode, polling_district_id = EXCLUDED.polling_district_id
"""


def _property_in_two_districts(cursor, errors: Errors) -> None:
    cursor.execute(
        """
        SELECT s.line_no, s.property_reference
          FROM register_import_staging s
          JOIN (SELECT property_reference, min(line_no) AS first_line
                  FROM register_import_staging
                 WHERE property_reference <> ''
                 GROUP BY property_reference
                HAVING count(DISTINCT district_id) > 1) twice
            ON twice.property_reference = s.property_reference
         WHERE s.line_no <> twice.first_line
         ORDER BY s.line_no
        """
    )
    for line, reference in cursor.fetchall():
        errors.add(
            line,
            "polling_district",
            f"Property {reference} is in another polling district on an earlier line",
        )


def _save_register(cursor, result: ImportResult) -> None:
    errors = result.errors
    _property_in_two_districts(cursor, errors)
    if errors:
        return
    cursor.execute(_PROPERTY_UPSERT.format(uprn="uprn"))
    result.properties = cursor.rowcount
    try:
        with transaction.atomic():
            cursor.execute(
                """
                INSERT INTO elections_elector (
                    polling_district_id, number, suffix, qualifying_address_id, title,
                    first_names, surname, franchise, attainer_18_on, anonymous,
                    open_register_opt_out, absent_vote, overseas, service_voter, added_on)
                SELECT s.district_id, s.number, s.suffix, p.id, s.title, s.first_names,
                       s.surname, s.franchise, s.attainer_18_on, s.anonymous,
                       s.open_register_opt_out, s.absent_vote, s.overseas, s.service_voter,
                       s.added_on
                  FROM register_import_staging s
                  LEFT JOIN elections_property p ON p.reference = s.property_reference
                 WHERE s.number IS NOT NULL
                """
            )
            result.electors = cursor.rowcount
    except IntegrityError:
        # An elector number twice: say on which lines (only now, so a good file pays nothing).
        _duplicate_numbers(cursor, errors)
        if not errors:
            raise


def _duplicate_numbers(cursor, errors: Errors) -> None:
    cursor.execute(
        """
        SELECT line_no, code, number, suffix, first_line FROM (
            SELECT s.line_no, d.code, s.number, s.suffix,
                   min(s.line_no) OVER (PARTITION BY s.district_id, s.number, s.suffix)
                       AS first_line
              FROM register_import_staging s
              JOIN elections_pollingdistrict d ON d.id = s.district_id
             WHERE s.number IS NOT NULL) numbered
         WHERE line_no <> first_line
         ORDER BY line_no
        """
    )
    for line, code, number, suffix, first in cursor.fetchall():
        errors.add(
            line,
            "elector_number",
            f"Elector number {_number(code, number, suffix)} is also on line {first}",
        )
    cursor.execute(
        """
        SELECT s.line_no, d.code, s.number, s.suffix
          FROM register_import_staging s
          JOIN elections_pollingdistrict d ON d.id = s.district_id
          JOIN elections_elector e
            ON e.polling_district_id = s.district_id AND e.number = s.number
           AND e.suffix = s.suffix AND e.deleted_on IS NULL
         ORDER BY s.line_no
        """
    )
    for line, code, number, suffix in cursor.fetchall():
        errors.add(
            line,
            "elector_number",
            f"Elector number {_number(code, number, suffix)} is already on the register",
        )


def _number(code: str, number: int, suffix: int) -> str:
    return format_elector_number(code, number, suffix)


def _save_democracy_club(cursor, result: ImportResult) -> None:
    errors = result.errors
    _property_in_two_districts(cursor, errors)
    if errors:
        return
    cursor.execute(_PROPERTY_UPSERT.format(uprn="''"))
    result.properties = cursor.rowcount
    cursor.execute(
        """
        INSERT INTO elections_pollingplace (reference, name, address_1, address_2, address_3,
                                            address_4, postcode, uprn, easting, northing)
        SELECT DISTINCT ON (place_reference) place_reference, place_name, place_address_1,
               place_address_2, place_address_3, place_address_4, place_postcode, place_uprn,
               place_easting, place_northing
          FROM register_import_staging
         ORDER BY place_reference, line_no
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
        """
        INSERT INTO elections_pollingstation (place_id, polling_district_id, number)
        SELECT DISTINCT ON (s.district_id) pl.id, s.district_id, 1
          FROM register_import_staging s
          JOIN elections_pollingplace pl ON pl.reference = s.place_reference
         ORDER BY s.district_id, s.line_no
        ON CONFLICT (polling_district_id, number) DO UPDATE SET place_id = EXCLUDED.place_id
        """
    )
