"""Rules of the register of electors (DOMAIN.md C3): pure functions, no ORM, no clock.

Postcodes are normalised to the Royal Mail form ("KM1 2AB"); elector numbers are the polling
district's letters, a number and an optional suffix ("AB123/1"; suffix 0 is not written).
"""

from __future__ import annotations

import re
from datetime import date

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
UPRN = re.compile(r"^[0-9]{1,12}$")
ELECTOR_NUMBER = re.compile(r"^([A-Z0-9]*?[A-Z])[- ]?([0-9]{1,6})(?:[/.-]([0-9]{1,3}))?$")
# A prefix ending in a digit (KA1) needs a separator before the number: KA1-7, KA1 7.
ELECTOR_NUMBER_SEPARATED = re.compile(r"^([A-Z][A-Z0-9]*)[- ]([0-9]{1,6})(?:[/.-]([0-9]{1,3}))?$")
DISTRICT_PREFIX = re.compile(r"^[A-Z0-9]{1,10}$")

# Franchise markers printed before a name (DOMAIN.md C3). F (overseas) and N (anonymous) are
# derived from the elector's own flags, so they are not stored as a franchise marker.
FRANCHISE_MARKERS = {
    "": "All elections",
    "L": "Peer: local government elections only (L)",
    "G": "EU citizen: local government and police and crime commissioner elections only (G)",
    "B": "EU citizen with retained rights or qualifying: local elections only (B)",
}
ABSENT_VOTES = {
    "": "Votes in person",
    "postal": "Postal vote",
    "proxy": "Proxy vote",
    "postal_proxy": "Postal proxy",
}
# An attainer is 16 or 17 (England): their 18th birthday is at most two years after they are
# added to the register.
ATTAINER_YEARS = 2


def normalise_postcode(value: str) -> str | None:
    """The postcode in Royal Mail form ("KM1 2AB"), or None if it is not a UK postcode."""
    match = POSTCODE.match(value.strip().upper())
    if match is None:
        return None
    return f"{match[1]} {match[2]}"


def format_elector_number(prefix: str, number: int, suffix: int = 0) -> str:
    return f"{prefix}{number}/{suffix}" if suffix else f"{prefix}{number}"


def parse_elector_number(value: str) -> tuple[str, int, int] | None:
    """("AB", 123, 1) from "AB123/1", "AB-123/1" or "AB 123.1"; None if it is not one."""
    value = value.strip().upper()
    match = ELECTOR_NUMBER_SEPARATED.match(value) or ELECTOR_NUMBER.match(value)
    if match is None:
        return None
    return match[1], int(match[2]), int(match[3] or 0)


def parse_date(value: str) -> date | None:
    """A date written 2026-05-07 or 07/05/2026 (as registers are exported); None otherwise."""
    value = value.strip()
    try:
        if len(value) == 10 and value[4] == "-":
            return date.fromisoformat(value)
        if len(value) == 10 and value[2] == "/":
            return date(int(value[6:]), int(value[3:5]), int(value[:2]))
    except ValueError:
        return None
    return None


def parse_flag(value: str) -> bool | None:
    """Y/N, yes/no, true/false, 1/0 or blank (no); None if it is none of these."""
    lowered = value.strip().lower()
    if lowered in ("", "n", "no", "false", "0"):
        return False
    if lowered in ("y", "yes", "true", "1"):
        return True
    return None


def attainer_date_problem(turns_18_on: date | None, added_on: date | None) -> str:
    """Why the attainer date is wrong, or "" if it is right."""
    if turns_18_on is None or added_on is None:
        return ""
    if turns_18_on <= added_on:
        return "The date the elector turns 18 must be after the date they were added: adults have no attainer date"
    limit = _add_years(added_on, ATTAINER_YEARS)
    if turns_18_on > limit:
        return (
            "The date the elector turns 18 must be within two years of the date they were "
            "added: only 16- and 17-year-olds may register"
        )
    return ""


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
