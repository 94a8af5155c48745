"""Importing the register (issue 12, point 2): every malformed row reported with its line, column
and reason, nothing imported when anything is wrong, and both layouts (this system's register
format and the Xpress Democracy Club export) imported through COPY and INSERT ... SELECT."""

from __future__ import annotations

import io
from datetime import date

import psycopg2
import pytest
from django.db import connection

from elections import importer
from elections.importer import DEMOCRACY_CLUB_COLUMNS, REGISTER_COLUMNS
from elections.models import Elector, PollingPlace, PollingStation, Property
from elections.tests.factories_register import (
    ElectorFactory,
    PollingDistrictFactory,
    csv_bytes,
    csv_of_cells,
    register_row,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return PollingDistrictFactory(code="KA")


def run(data: bytes, **kwargs) -> importer.ImportResult:
    return importer.run(io.BytesIO(data), **kwargs)


def errors_of(result) -> list[tuple[int, str, str]]:
    return [(e.line, e.column, e.reason) for e in result.errors.kept]


def assert_nothing_imported():
    assert not Elector.register.exists()
    assert not Property.objects.exists()


def test_a_good_file_imports_properties_and_electors(district):
    rows = [
        register_row(),
        register_row(
            elector_number="2",
            first_names="Quentin",
            surname="Anon",
            anonymous="Y",
            absent_vote="postal",
        ),
        register_row(
            property_reference="P2",
            uprn="",
            address_1="2 Mill Lane",
            elector_number="3",
            suffix="1",
            franchise="g",
            attainer_18_on="01/09/2027",
            added_on="01/03/2026",
            open_register_opt_out="yes",
        ),
        register_row(
            property_reference="P3",
            address_1="3 Mill Lane",
            elector_number="",
            first_names="",
            surname="",
        ),
        register_row(
            property_reference="",
            elector_number="4",
            overseas="Y",
            first_names="Far",
            surname="Away",
        ),
    ]
    progress = []
    result = run(csv_bytes(rows), progress=lambda *args: progress.append(args), batch_rows=2)
    assert errors_of(result) == []
    assert (result.layout, result.rows, result.properties, result.electors) == (
        "register",
        5,
        3,
        4,
    )
    by_number = {e.number: e for e in Elector.register.select_related("qualifying_address")}
    assert by_number[2].anonymous and by_number[2].absent_vote == "postal"
    assert by_number[3].elector_number == "KA3/1"
    assert by_number[3].franchise == "G"
    assert by_number[3].attainer_18_on == date(2027, 9, 1)
    assert by_number[3].open_register_opt_out
    assert by_number[3].qualifying_address.address_1 == "2 Mill Lane"
    assert by_number[4].qualifying_address is None and by_number[4].markers == "F"
    assert Property.objects.get(reference="P1").uprn == "100012345678"
    assert Property.objects.filter(reference="P3", electors__isnull=True).exists()
    # Progress after each batch of two rows, then the saving.
    assert [rows for _, _, rows in progress] == [0, 2, 4, 5, 5]
    assert progress[-1][0] == "Saving the register"


def test_a_one_row_file(district):
    result = run(csv_bytes([register_row()]))
    assert result.ok and result.electors == 1


def test_an_empty_file(district):
    result = run(b"")
    assert errors_of(result) == [(1, "", "The file is empty: it has no header row and no rows")]


def test_a_header_and_no_rows(district):
    result = run(csv_bytes([register_row()])[: len(",".join(REGISTER_COLUMNS)) + 1])
    assert errors_of(result) == [(2, "", "The file has a header row but no rows to import")]


def test_missing_and_extra_columns_are_named(district):
    columns = [c for c in REGISTER_COLUMNS if c != "surname"] + ["shoe_size"]
    result = run(csv_bytes([register_row()], columns=columns))
    assert errors_of(result) == [
        (1, "surname", "The column “surname” is missing"),
        (1, "shoe_size", "There is a column “shoe_size” that the layout does not have"),
    ]
    assert_nothing_imported()


def test_a_row_with_too_many_or_too_few_cells(district):
    data = (
        csv_bytes([register_row()])
        + b"P2,1,2\n"
        + csv_bytes([register_row()]).split(b"\n")[1]
        + b",extra\n"
    )
    result = run(data)
    assert errors_of(result) == [
        (3, "", "The row has 3 columns; the header has 23"),
        (
            4,
            "",
            "The row has 24 columns; the header has 23: is there a comma in an unquoted value?",
        ),
    ]
    assert_nothing_imported()


def test_every_bad_value_is_reported_with_its_line_and_column_and_nothing_is_imported(district):
    rows = [
        register_row(),
        register_row(elector_number="2", postcode="KM1"),
        register_row(elector_number="3", polling_district="ZZ9"),
        register_row(elector_number="4", added_on="31/02/2026"),
        register_row(elector_number="5", attainer_18_on="2031-01-01"),
        register_row(elector_number="x"),
        register_row(elector_number="7", surname=""),
        register_row(elector_number="8", franchise="Q", anonymous="maybe"),
    ]
    result = run(csv_bytes(rows))
    assert errors_of(result) == [
        (3, "postcode", "“KM1” is not a real postcode, like KM1 2AB"),
        (
            4,
            "polling_district",
            "There is no polling district “ZZ9”: add it first, or correct the code",
        ),
        (
            5,
            "added_on",
            "“31/02/2026” is not a real date: write the date added like 2026-05-07 or 07/05/2026",
        ),
        (
            6,
            "attainer_18_on",
            "The date the elector turns 18 must be within two years of the date they were "
            "added: only 16- and 17-year-olds may register",
        ),
        (7, "elector_number", "The elector number must be a whole number from 1 to 999999"),
        (8, "surname", "Enter the surname"),
        (9, "franchise", "The franchise marker must be blank, L, G or B"),
        (9, "anonymous", "Write Y or N (or leave it blank for no)"),
    ]
    assert result.errors.count == 8
    assert_nothing_imported()


def test_duplicate_elector_numbers_in_the_file_are_reported_on_the_later_lines(district):
    rows = [
        register_row(),
        register_row(elector_number="2"),
        register_row(elector_number="1", first_names="Again"),
    ]
    result = run(csv_bytes(rows))
    assert errors_of(result) == [(4, "elector_number", "Elector number KA1 is also on line 2")]
    assert_nothing_imported()


def test_an_elector_number_already_on_the_register(district):
    ElectorFactory(qualifying_address__polling_district=district, number=5)
    result = run(csv_bytes([register_row(), register_row(elector_number="5")]))
    assert errors_of(result) == [
        (3, "elector_number", "Elector number KA5 is already on the register")
    ]
    assert Elector.register.count() == 1
    assert Property.objects.count() == 1  # the factory's: the import's upsert was rolled back


def test_a_property_in_two_districts(district):
    PollingDistrictFactory(code="KB", ward=district.ward)
    rows = [register_row(), register_row(elector_number="2", polling_district="KB")]
    result = run(csv_bytes(rows))
    assert errors_of(result) == [
        (3, "polling_district", "Property P1 is in another polling district on an earlier line")
    ]
    assert_nothing_imported()


def test_a_line_that_is_not_utf8_is_reported_and_the_rest_checked(district):
    rows = [register_row(), register_row(elector_number="2", surname="Zoë")]
    data = csv_bytes(rows, encoding="cp1252")
    result = run(data)
    [(line, column, reason)] = errors_of(result)
    assert (line, column) == (3, "")
    assert reason.startswith("The line is not UTF-8 text (byte 0xEB")
    assert reason.endswith("save the file as CSV UTF-8 and import it again")
    assert_nothing_imported()


def test_a_byte_order_mark_is_allowed(district):
    result = run(b"\xef\xbb\xbf" + csv_bytes([register_row(surname="Zoë")]))
    assert result.ok
    assert Elector.register.get().surname == "Zoë"


def test_values_with_tabs_backslashes_and_quotes_reach_the_register_unchanged(district):
    result = run(csv_bytes([register_row(surname='O\\Brien\t"Jr"', address_2="Flat 1,\nBlock B")]))
    assert result.ok
    elector = Elector.register.select_related("qualifying_address").get()
    assert elector.surname == 'O\\Brien\t"Jr"'
    assert elector.qualifying_address.address_2 == "Flat 1,\nBlock B"


def dc_row(**values) -> dict:
    row = dict.fromkeys(DEMOCRACY_CLUB_COLUMNS, "")
    row.update(
        {
            "ElectionDate": "07/05/2026",
            "Contested": "1",
            "Property_URN": "P1",
            "AddressLine1": "1 Mill Lane",
            "AddressLine3": "Kingsmere",
            "Post_Code": "KM1 2AB",
            "Polling_Place_Id": "PP7",
            "Polling_Place_Name": "Millbrook Scout Hut",
            "Polling_Place_Address_1": "Scout Hut",
            "Polling_Place_Address_2": "Mill Lane",
            "Polling_Place_Postcode": "KM1 2AD",
            "Polling_Place_Easting": "512345",
            "Polling_Place_Northing": "123456",
            "Polling_Place_UPRN": "100099999999",
            "Polling_Place_District_Reference": "KA",
        }
    )
    row.update(values)
    return row


def test_the_democracy_club_export_imports_properties_places_and_stations(district):
    rows = [dc_row(), dc_row(Property_URN="P2", AddressLine1="2 Mill Lane")]
    result = run(csv_bytes(rows, columns=DEMOCRACY_CLUB_COLUMNS))
    assert errors_of(result) == []
    assert (result.layout, result.properties, result.places) == ("democracy_club", 2, 1)
    place = PollingPlace.objects.get()
    assert (place.reference, place.easting, place.postcode) == ("PP7", 512345, "KM1 2AD")
    station = PollingStation.objects.get()
    assert (station.place, station.polling_district) == (place, district)


def test_the_democracy_club_export_is_checked_row_by_row(district):
    rows = [
        dc_row(),
        dc_row(Property_URN="P2", Post_Code="NOT A CODE", Polling_Place_District_Reference="QQ"),
        dc_row(Property_URN="P3", ElectionDate="2026-13-01", Polling_Place_Easting="east"),
    ]
    result = run(csv_bytes(rows, columns=DEMOCRACY_CLUB_COLUMNS))
    assert [(line, column) for line, column, _ in errors_of(result)] == [
        (3, "Post_Code"),
        (3, "Polling_Place_District_Reference"),
        (4, "ElectionDate"),
        (4, "Polling_Place_Easting"),
    ]
    assert not PollingPlace.objects.exists()
    assert not Property.objects.exists()


@pytest.mark.parametrize(
    ("attainer", "ok"),
    [("2027-12-01", True), ("2027-12-02", False), ("2025-12-01", False), ("2025-12-02", True)],
)
def test_the_fast_path_accepts_no_attainer_date_the_rules_refuse(district, attainer, ok):
    result = run(csv_bytes([register_row(attainer_18_on=attainer, added_on="2025-12-01")]))
    assert result.ok is ok
    assert Elector.register.count() == (1 if ok else 0)


def test_line_numbers_are_right_in_every_batch_of_the_quick_path(district):
    rows = [register_row(elector_number=str(n), property_reference=f"P{n}") for n in range(1, 8)]
    rows[5]["postcode"] = "NOWHERE"  # line 7, in the third batch of two
    result = run(csv_bytes(rows), batch_rows=2)
    assert errors_of(result) == [(7, "postcode", "“NOWHERE” is not a real postcode, like KM1 2AB")]
    assert_nothing_imported()


def test_a_file_copy_cannot_take_as_it_is_is_read_the_careful_way_with_its_line_numbers(district):
    """A blank line, a value over two lines and a line that is not UTF-8: the careful path
    stages the other rows with the file's own line numbers, and the SQL checks report them."""
    good = csv_bytes([register_row()]).split(b"\n")
    header, first = good[0], good[1]
    two_lines = csv_bytes([register_row(elector_number="2", address_2="Flat 1\nBlock B")])
    two_lines = two_lines.split(b"\n", 1)[1]  # lines 4 and 5
    bad_date = csv_bytes([register_row(elector_number="3", added_on="2026-02-30")])
    not_utf8 = csv_bytes([register_row(elector_number="4", surname="Zoë")], encoding="cp1252")
    data = (
        header
        + b"\n"
        + first
        + b"\n\n"  # line 3 is blank
        + two_lines
        + bad_date.split(b"\n", 1)[1]  # line 6
        + not_utf8.split(b"\n", 1)[1]  # line 7
    )
    result = run(data)
    assert [(line, column) for line, column, _ in errors_of(result)] == [
        (6, "added_on"),
        (7, ""),
    ]
    assert result.rows == 3  # the line that is not UTF-8 is left out, as a blank line is
    assert_nothing_imported()


def test_the_careful_path_imports_a_good_file_with_a_blank_line_and_a_value_over_two_lines(
    district,
):
    data = csv_bytes(
        [register_row(), register_row(elector_number="2", address_2="Flat 1\nBlock B")]
    )
    result = run(data + b"\n\n")
    assert result.ok and result.electors == 2


def test_values_are_trimmed_and_codes_and_markers_read_in_any_case(district):
    row = register_row(
        polling_district=" ka ",
        postcode=" km12ab ",
        elector_number=" 0007 ",
        franchise=" g ",
        absent_vote=" Postal ",
        anonymous=" yes ",
        added_on=" 01/12/2025 ",
        first_names="\tJane ",
    )
    result = run(csv_bytes([row]))
    assert errors_of(result) == []
    elector = Elector.register.select_related("qualifying_address", "polling_district").get()
    assert (elector.elector_number, elector.franchise, elector.absent_vote) == (
        "KA7",
        "G",
        "postal",
    )
    assert elector.anonymous and elector.first_names == "Jane"
    assert elector.added_on == date(2025, 12, 1)
    assert elector.qualifying_address.postcode == "KM1 2AB"


def test_errors_are_counted_beyond_those_kept(district, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ERRORS_KEPT", 3)
    rows = [register_row(elector_number=str(n), postcode="X") for n in range(1, 6)]
    result = run(csv_bytes(rows))
    assert result.errors.count == 5
    assert [line for line, _, _ in errors_of(result)] == [2, 3, 4]


# --- A large file into an empty register: saved with the indexes set aside ----------------------


def register_definitions() -> list[tuple[str, str]]:
    """Every index and constraint of the register's tables, with its definition."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
             WHERE indrelid IN ('elections_property'::regclass, 'elections_elector'::regclass)
            UNION ALL
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
             WHERE conrelid IN ('elections_property'::regclass, 'elections_elector'::regclass)
             ORDER BY 1, 2
            """
        )
        return cursor.fetchall()


def test_the_register_has_no_pattern_index_but_the_property_reference(db):
    """Only the property reference (unique) keeps Django's second, LIKE, index; the UPRN and
    the postcode are looked up whole, so each has one plain index for an import to build."""
    definitions = dict(register_definitions())
    patterns = sorted(name for name, sql in definitions.items() if "_pattern_ops" in sql)
    assert patterns == ["elections_property_reference_91bcea04_like"]
    assert "CREATE INDEX property_uprn ON public.elections_property USING btree (uprn)" in (
        definitions.values()
    )
    assert "property_postcode" in definitions


@pytest.fixture
def set_wise(monkeypatch):
    """Any file counts as large; returns the register's definitions before the import. (The
    tests that use it run outside a test transaction, as an import does: set-wise saving is
    only ever done in a transaction of the import's own.)"""
    monkeypatch.setattr(importer, "BULK_MIN_ROWS", 1)
    monkeypatch.setattr(importer, "LOCK_WAIT", "200ms")
    return register_definitions()


@pytest.fixture
def other_session():
    """A second connection to the test database, holding its locks until the test ends."""
    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"],
        password=settings["PASSWORD"],
    )
    try:
        yield other.cursor()
    finally:
        other.rollback()
        other.close()


@pytest.mark.django_db(transaction=True)
def test_a_large_file_into_an_empty_register_is_saved_set_wise(district, set_wise):
    rows = [
        register_row(elector_number=str(n), property_reference=f"P{(n + 1) // 2}")
        for n in range(1, 7)
    ]
    rows.append(register_row(property_reference="", elector_number="7", overseas="Y"))
    result = run(csv_bytes(rows))
    assert errors_of(result) == []
    assert result.set_wise
    assert (result.properties, result.electors) == (3, 7)
    by_number = {e.number: e for e in Elector.register.select_related("qualifying_address")}
    assert by_number[4].qualifying_address.reference == "P2"
    assert by_number[7].qualifying_address is None
    # Every index and constraint is back, as it was.
    assert register_definitions() == set_wise


@pytest.mark.django_db(transaction=True)
def test_a_duplicate_number_found_set_wise_is_reported_and_nothing_changes(district, set_wise):
    rows = [
        register_row(),
        register_row(elector_number="2"),
        register_row(elector_number="1", first_names="Again"),
    ]
    result = run(csv_bytes(rows))
    assert errors_of(result) == [(4, "elector_number", "Elector number KA1 is also on line 2")]
    assert_nothing_imported()
    assert register_definitions() == set_wise


@pytest.mark.django_db(transaction=True)
def test_a_register_that_is_not_empty_is_saved_a_row_at_a_time(district, set_wise):
    ElectorFactory(qualifying_address__polling_district=district, number=9)
    result = run(csv_bytes([register_row(property_reference="P1", address_1="New address")]))
    assert result.ok and not result.set_wise
    assert Elector.register.count() == 2
    assert register_definitions() == set_wise


@pytest.mark.django_db(transaction=True)
def test_a_register_another_session_is_reading_is_saved_a_row_at_a_time(
    district, set_wise, other_session
):
    other_session.execute("SELECT FROM elections_elector")
    result = run(csv_bytes([register_row(), register_row(elector_number="2")]))
    assert result.ok and not result.set_wise
    assert Elector.register.count() == 2


@pytest.mark.django_db(transaction=True)
def test_polling_districts_another_session_is_reading_keep_their_foreign_keys(
    district, set_wise, other_session
):
    """The register's own indexes are still set aside; the foreign keys to the polling
    districts, which could not be locked, stay and are checked a row at a time."""
    other_session.execute("SELECT FROM elections_pollingdistrict")
    result = run(csv_bytes([register_row(), register_row(elector_number="2")]))
    assert result.ok and result.set_wise
    assert Elector.register.count() == 2
    assert register_definitions() == set_wise


def test_an_import_inside_a_callers_transaction_is_saved_a_row_at_a_time(district, set_wise):
    result = run(csv_bytes([register_row(), register_row(elector_number="2")]))
    assert result.ok and not result.set_wise
    assert register_definitions() == set_wise


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"uprn": "10001234567a"}, ("uprn", "A UPRN is up to 12 digits")),
        ({"uprn": "1000123456789"}, ("uprn", "A UPRN is up to 12 digits")),
        ({"uprn": "١٢٣"}, ("uprn", "A UPRN is up to 12 digits")),  # digits, but not 0-9
        ({"uprn": "000000000001"}, None),
        ({"elector_number": "1.5"}, ("elector_number", "whole number")),
        ({"elector_number": "-3"}, ("elector_number", "whole number")),
        ({"elector_number": "0"}, ("elector_number", "whole number")),
        ({"elector_number": "1000000"}, ("elector_number", "whole number")),
        ({"elector_number": "000000000000000000000000042"}, None),
        ({"suffix": "x"}, ("suffix", "whole number")),
        ({"suffix": "1000"}, ("suffix", "whole number")),
        ({"anonymous": "TRUE", "service_voter": "No", "absent_vote": "PROXY"}, None),
        ({"anonymous": "\uff39"}, ("anonymous", "Write Y or N")),  # a full-width Y
        ({"franchise": "b"}, None),
        ({"franchise": "ß"}, ("franchise", "The franchise marker")),
    ],
)
def test_numbers_markers_and_yes_no_values(district, values, error):
    result = run(csv_bytes([register_row(**values)]))
    if error is None:
        assert errors_of(result) == []
        assert Elector.register.count() == 1
    else:
        [(line, column, reason)] = errors_of(result)
        assert (line, column) == (2, error[0]) and error[1] in reason
        assert_nothing_imported()


def test_any_value_that_needs_trimming_is_noticed_in_the_files_bytes():
    """``_may_need_trimming`` may say yes when no value needs trimming, never the reverse:
    random rows of random values (spaces, tabs, commas, quotes and line breaks among them),
    written as CSV as a spreadsheet would, with either line ending."""
    import random

    chance = random.Random(12)
    alphabet = ["a", "1", " ", "\t", ",", '"', "\r", "\n", "\v", "\f", "é"]
    blanks = " \t\n\r\f\v"
    for _ in range(3000):
        rows = [
            ["".join(chance.choices(alphabet, k=chance.randint(0, 4))) for _ in range(3)]
            for _ in range(chance.randint(1, 3))
        ]
        # A line break in a value must be quoted (COPY refuses it otherwise, and the file is
        # then read the careful way, every value trimmed).
        breaks = any("\r" in value or "\n" in value for row in rows for value in row)
        data = csv_of_cells(rows, ending=chance.choice(["\n", "\r\n"]), quote_all=breaks)
        if any(value != value.strip(blanks) for row in rows for value in row):
            assert importer._may_need_trimming(data), data
    assert not importer._may_need_trimming(b'P1,"Flat 1,Mill Lane",KM1 2AB,,\r\nP2,a b,,x,\n')
    # A comma and a space inside quotes look the same as a value after a comma: trimmed.
    assert importer._may_need_trimming(b'P1,"Flat 1, Mill Lane",KM1 2AB\n')


@pytest.mark.parametrize(
    "data",
    [
        " P1,Jane\n",  # the line's first value
        "P1,Jane \n",  # its last, before a line break
        "P1,Jane \r\n",  # or before a carriage return
        "P1, Jane\n",  # after a comma
        'P1,"\tJane"\n',  # in quotes
        "P1,Jane\nP2,Ann\t",  # the last line of the file, with no line break
    ],
)
def test_values_are_trimmed_wherever_the_space_is(district, data):
    header = ",".join(REGISTER_COLUMNS) + "\n"
    lines = []
    for line_no, cells in enumerate(data.splitlines(keepends=True), start=1):
        reference, rest = cells.split(",", 1)
        first_names, end = rest.rstrip("\r\n"), rest[len(rest.rstrip("\r\n")) :]
        row = register_row(elector_number=str(line_no), first_names="X")
        values = [str(row[c]) for c in REGISTER_COLUMNS]
        values[REGISTER_COLUMNS.index("first_names")] = "{first}"
        values[0] = "{reference}"
        lines.append(",".join(values).format(reference=reference, first=first_names) + (end or ""))
    result = run((header + "".join(lines)).encode())
    assert errors_of(result) == []
    names = sorted(Elector.register.values_list("first_names", flat=True))
    assert all(name == name.strip() and name for name in names)
    assert set(Property.objects.values_list("reference", flat=True)) <= {"P1", "P2"}


@pytest.fixture
def not_the_owner():
    """The test's connection as a database user that may read and write every table but owns
    none (as some deployments run the application)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = 'register_import_user'")
        if not cursor.fetchone():
            cursor.execute("CREATE ROLE register_import_user")
        cursor.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
            "TO register_import_user"
        )
        cursor.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO register_import_user")
        cursor.execute("SET ROLE register_import_user")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
            cursor.execute("DROP OWNED BY register_import_user")
            cursor.execute("DROP ROLE register_import_user")


@pytest.mark.django_db(transaction=True)
def test_tables_the_database_user_does_not_own_are_saved_a_row_at_a_time(
    district, set_wise, not_the_owner
):
    result = run(csv_bytes([register_row(), register_row(elector_number="2")]))
    assert result.ok and not result.set_wise
    assert Elector.register.count() == 2
