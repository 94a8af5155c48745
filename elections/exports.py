"""Exports of the register's geography (issue 12, point 2): polling districts, stations and
property addresses in the Xpress "Democracy Club" layout that Democracy Club's polling station
finder imports. Addresses only, never an elector. Streamed row by row; every cell a spreadsheet
would run as a formula is neutralised.

Each property goes out with the station its electors vote at: the district's only station, or,
where a district has several, the one whose range of elector numbers (``poll_cards.allocations``,
the allocation the poll cards print) holds the lowest live elector number at the property, so the
finder sends a voter where their poll card does."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Case, IntegerField, OuterRef, Subquery, When
from django.utils import timezone

from democracy import spreadsheet
from elections import poll_cards, station_allocation
from elections.importer import DEMOCRACY_CLUB_COLUMNS
from elections.models import Elector, PollingStation, Property
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
    """The CSV, line by line: every property with the polling place its electors vote at on
    ``election_date`` (today when not given)."""
    writer = spreadsheet.writer(_Line(), lineterminator="\r\n")
    parsed = parse_date(election_date) if election_date else None
    when = parsed.strftime("%d/%m/%Y") if parsed else ""
    yield writer.writerow(DEMOCRACY_CLUB_COLUMNS)
    on = parsed or timezone.localdate()
    district_ids = set(PollingStation.objects.values_list("polling_district_id", flat=True))
    ranges = poll_cards.allocations(district_ids, on)
    split = [pk for pk, allotted in ranges.items() if len(allotted) > 1]
    # The lowest live elector number at the property, looked up only in split districts.
    first_number = Subquery(
        Elector.register.live(on)
        .filter(qualifying_address=OuterRef("pk"))
        .order_by("number")
        .values("number")[:1]
    )
    properties = (
        Property.objects.select_related("polling_district")
        .annotate(
            first_number=Case(
                When(polling_district_id__in=split, then=first_number),
                default=None,
                output_field=IntegerField(),
            )
        )
        .order_by("polling_district__code", "postcode", "address_1", "pk")
        .iterator(chunk_size=5000)
    )
    for prop in properties:
        allotted = ranges.get(prop.polling_district_id, [])
        if prop.first_number is not None:
            station = station_allocation.station_for(allotted, prop.first_number)
        else:
            station = allotted[0].station if allotted else None
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
