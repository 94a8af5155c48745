"""Nominations and poll cards for tests (issue 13, points 3 and 4): an election with a contest
in a ward, a polling district with a station, and electors made in bulk."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from elections import election_services, nominations
from elections.models import Elector, Property, RegisteredParty
from elections.services import (
    polling_district_create,
    polling_place_create,
    polling_station_create,
    ward_create,
)
from elections.tests.factories_elections import make_election

LONDON = ZoneInfo("Europe/London")


def at(year, month, day, hour=12, minute=0, second=0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=LONDON)


def make_contest(by, *, ward_name="Ashdown Ward", seats=2, **election_values):
    ward = ward_create(name=ward_name, seats=seats, created_on=date(2019, 5, 2), by=by)
    election = make_election(by, **election_values)
    contest = election_services.contest_create(election=election, ward=ward, seats=seats, by=by)
    return election, contest


def nominate(contest, by, surname, other_names, **values):
    defaults = {
        "home_address": "1 High Street, Kingsmere KM1 1AA",
        "received_at": at(2026, 4, 1),
    }
    return nominations.nomination_receive(
        contest=contest, surname=surname, other_names=other_names, by=by, **{**defaults, **values}
    )


def party(name: str) -> RegisteredParty:
    return RegisteredParty.objects.get(name=name)


def make_district(by, ward, *, code="AA", electors=10, anonymous=(), postal=(), station=True):
    """A polling district of ``ward`` with ``electors`` electors numbered 1.. (in bulk, for
    speed: the register's own services are tested elsewhere), ``anonymous`` and ``postal``
    giving numbers that are anonymous or vote by post."""
    district = polling_district_create(ward=ward, code=code, name=f"District {code}", by=by)
    if station:
        place = polling_place_create(
            reference=f"PP-{code}", name=f"{code} Village Hall", postcode="KM1 4AA", by=by
        )
        polling_station_create(place=place, polling_district=district, by=by)
    home = Property.objects.create(
        reference=f"P-{code}",
        address_1="7 Larkspur Close",
        postcode="KM1 4AB",
        polling_district=district,
    )
    Elector.register.bulk_create(
        Elector(
            polling_district=district,
            number=n,
            qualifying_address=home,
            first_names=f"Firstname{n}",
            surname=f"Surname{n}",
            anonymous=n in anonymous,
            absent_vote="postal" if n in postal else "",
            added_on=date(2025, 12, 1),
        )
        for n in range(1, electors + 1)
    )
    return district
