"""Exports of the register's geography (issue 12, point 2): polling districts, stations and
property addresses in the Xpress "Democracy Club" layout that Democracy Club's polling station
finder imports. Addresses only, never an elector. Streamed row by row; every cell a spreadsheet
would run as a formula is neutralised."""

from __future__ import annotations

from collections.abc import Iterator

from democracy import spreadsheet
from elections.importer import DEMOCRACY_CLUB_COLUMNS
from elections.models import PollingStation, Property
from elections.register_rules import parse_date


class _Line:
    """A file-like object the CSV writer writes one line into."""

    def write(self, value: str) -> str:
        return value


def _place_cells(station: PollingStation | None) -> list:
    if station is None:
        return [""] * 10
    place = station.place
    return [
        place.reference,
        place.name,
        place.address_1,
        place.address_2,
        place.address_3,
        place.address_4,
        place.postcode,
        "" if place.easting is None else place.easting,
        "" if place.northing is None else place.northing,
        place.uprn,
    ]


def democracy_club_lines(*, election_date: str = "") -> Iterator[str]:
    """The CSV, line by line: every property with its district's polling place (station 1)."""
    writer = spreadsheet.writer(_Line(), lineterminator="\r\n")
    parsed = parse_date(election_date) if election_date else None
    when = parsed.strftime("%d/%m/%Y") if parsed else ""
    yield writer.writerow(DEMOCRACY_CLUB_COLUMNS)
    stations: dict[int, PollingStation] = {}
    for station in PollingStation.objects.select_related("place").order_by(
        "polling_district_id", "number"
    ):
        stations.setdefault(station.polling_district_id, station)
    properties = (
        Property.objects.select_related("polling_district")
        .order_by("polling_district__code", "postcode", "address_1", "pk")
        .iterator(chunk_size=5000)
    )
    for prop in properties:
        station = stations.get(prop.polling_district_id)
        cells = [
            when,
            "",
            prop.reference,
            prop.address_1,
            prop.address_2,
            prop.address_3,
            prop.address_4,
            prop.address_5,
            prop.address_6,
            prop.postcode,
            *_place_cells(station),
            prop.polling_district.code,
        ]
        yield writer.writerow(cells)
