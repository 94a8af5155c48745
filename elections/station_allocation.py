"""Which polling station each elector votes at (issue 13, point 4): pure functions, no queries.

The returning officer allots the electors to the polling stations "in such manner as he thinks
most convenient" (Representation of the People Act 1983 Sch 1 r 25(3); the same rule in the
local elections rules, SI 2006/3304 Sch 2, provision of polling stations). Within a polling
district each station serves a range of elector numbers:

* by default an **even split** of the district's live register, lowest to highest number, in
  station-number order (station 1 the lowest numbers);
* or the ranges the officer set on each station (``first_elector_number`` and
  ``last_elector_number``), used only when every station of the district has one.

The notice of the situation of polling stations, every poll card and the polling-station
register all read the allocation from here, so they always agree. A number outside every set
range (an elector added since the ranges were set) is served by the station whose range comes
before it (or the first station). A district with one station is served wholly by it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StationRange:
    """One station and the elector numbers it serves (``None`` when the district has none)."""

    station: Any
    first: int | None
    last: int | None

    def serves(self, number: int) -> bool:
        return self.first is not None and self.first <= number <= (self.last or self.first)


def even_split(low: int, high: int, parts: int, index: int) -> tuple[int, int] | None:
    """The ``index``-th of ``parts`` consecutive, near-equal ranges of ``low``..``high`` (the
    earlier ones one longer when they do not divide evenly); ``None`` when nothing is left."""
    size = (high - low + 1 + parts - 1) // parts
    first = low + index * size
    if first > high:
        return None
    return first, min(high, first + size - 1)


def explicit(stations: Sequence) -> bool:
    """Whether the officer's ranges apply: every station of the district has both numbers."""
    return bool(stations) and all(
        s.first_elector_number is not None and s.last_elector_number is not None for s in stations
    )


def allocate(stations: Sequence, low: int | None, high: int | None) -> list[StationRange]:
    """The district's ``stations`` (any order) with their ranges, given the lowest and highest
    live elector numbers of the district (``None`` for an empty register)."""
    ordered = sorted(stations, key=lambda s: s.number)
    if explicit(ordered):
        return [
            StationRange(s, s.first_elector_number, s.last_elector_number)
            for s in sorted(ordered, key=lambda s: s.first_elector_number)
        ]
    if low is None or high is None:
        return [StationRange(s, None, None) for s in ordered]
    ranges = []
    for index, station in enumerate(ordered):
        bounds = even_split(low, high, len(ordered), index)
        ranges.append(StationRange(station, *(bounds or (None, None))))
    return ranges


def station_for(ranges: Sequence[StationRange], number: int):
    """The station an elector with ``number`` votes at; ``None`` when the district has none."""
    if not ranges:
        return None
    chosen = ranges[0]
    for allotted in ranges:
        if allotted.serves(number):
            return allotted.station
        if allotted.first is not None and allotted.first <= number:
            chosen = allotted
    return chosen.station


def range_errors(
    proposed: Sequence[tuple[str, int | None, int | None]], numbers: Iterable[int]
) -> list[str]:
    """What is wrong with the officer's ranges for one district: ``proposed`` is each station's
    (label, first, last), ``numbers`` the district's live elector numbers. All blank is allowed
    (the even split); otherwise every station needs both numbers, first no more than last, no
    two ranges may overlap, and every live number must fall in one. Each message names the
    station."""
    if all(first is None and last is None for _, first, last in proposed):
        return []
    errors = []
    for label, first, last in proposed:
        if first is None or last is None:
            errors.append(
                f"{label}: enter both the first and last elector numbers "
                "(or leave every station blank to split the register evenly)"
            )
        elif first > last:
            errors.append(f"{label}: the first elector number must not be after the last")
    if errors:
        return errors
    ordered = sorted(proposed, key=lambda row: row[1])
    for (label, first, last), (next_label, next_first, _) in itertools.pairwise(ordered):
        if next_first <= last:
            errors.append(f"{next_label}: its range overlaps {label}'s ({first} to {last})")
    if errors:
        return errors
    missing = sorted(
        {n for n in numbers if not any(first <= n <= last for _, first, last in proposed)}
    )
    if missing:
        shown = ", ".join(str(n) for n in missing[:5]) + (" and more" if len(missing) > 5 else "")
        after = [row for row in ordered if row[2] < missing[0]]
        label = (after[-1] if after else ordered[0])[0]
        noun = "elector number" if len(missing) == 1 else "elector numbers"
        verb = "is" if len(missing) == 1 else "are"
        errors.append(f"{label}: {noun} {shown} {verb} on the register but in no station's range")
    return errors
