"""Helpers for the canvass tests: a canvass, a small register with data match results, and a
match results file."""

from __future__ import annotations

from datetime import date

from elections import canvass as services
from elections.models import Canvass, CanvassMatch, Elector
from elections.tests.factories_register import (
    ElectorFactory,
    PollingDistrictFactory,
    PropertyFactory,
)

TODAY = date(2026, 7, 6)  # a Monday in the 2026 canvass


def open_canvass(*, year: int = 2026, by=None, election_in_period: bool = False) -> Canvass:
    return services.canvass_create(year=year, by=by, election_in_period=election_in_period)


def household(district, *results, anonymous=(), **property_values):
    """A property in ``district`` with one elector a result (None: no match result)."""
    prop = PropertyFactory(polling_district=district, **property_values)
    electors = [
        ElectorFactory(qualifying_address=prop, anonymous=i in anonymous)
        for i, _ in enumerate(results)
    ]
    return prop, electors


def give_results(canvass: Canvass, electors: list[Elector], results) -> None:
    CanvassMatch.register.bulk_create(
        CanvassMatch(canvass=canvass, elector=e, national_result=r)
        for e, r in zip(electors, results, strict=True)
        if r
    )


def match_file(rows: list[tuple[str, str]], header: str = "elector_number,result") -> bytes:
    lines = [header, *(f"{number},{result}" for number, result in rows)]
    return ("\n".join(lines) + "\n").encode()


def district(code: str = "KA"):
    return PollingDistrictFactory(code=code)
