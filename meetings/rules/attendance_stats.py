"""Counting attendance: expected against present, per councillor and per committee.

Pure: takes the rows the service reads and returns the lines a page shows. "Expected" is a
meeting held while the councillor held a voting seat on its committee; "present" counts only
attendance in person in their own seat. Attending remotely (not "present" in law: LGA 1972
Sch 12 para 39 requires physical presence, *Hertfordshire CC v SSHCLG* [2021] EWHC 1093
(Admin)) and attending as someone else's substitute are counted separately, never as present.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from meetings.rules import proceedings


def municipal_year(year: int) -> tuple[date, date]:
    """The municipal year starting in ``year`` as a half-open range [1 May, next 1 May).

    The municipal year runs from one annual meeting to the next (LGA 1972 Sch 12 para 1, held in
    March to June); statistics use the calendar convention of 1 May to 30 April."""
    return date(year, 5, 1), date(year + 1, 5, 1)


def municipal_year_of(day: date) -> int:
    """The municipal year containing ``day`` (as ``meetings.rules.proceedings``)."""
    return proceedings.municipal_year(day)


@dataclass
class Line:
    key: int
    name: str
    expected: int = 0
    present: int = 0
    remote: int = 0
    as_substitute: int = 0
    apologies: int = 0
    sent_substitute: int = 0

    @property
    def absent(self) -> int:
        """Expected meetings with neither presence, remote attendance nor apologies recorded."""
        return max(0, self.expected - self.present - self.remote - self.apologies)

    @property
    def percentage(self) -> Decimal | None:
        """Present as a percentage of expected, to one decimal place (None when none expected)."""
        if not self.expected:
            return None
        return (Decimal(100) * self.present / self.expected).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def tally(
    *,
    expected: Iterable[tuple[int, str, int]],
    attended: Iterable[tuple[int, str, int, int, int, int]],
    sent_substitute: Iterable[tuple[int, str, int]] = (),
) -> list[Line]:
    """Lines keyed by whatever the rows are grouped by (a councillor, or a committee).

    ``expected``: (key, name, meetings). ``attended``: (key, name, present in person in their own
    seat, present remotely in their own seat, present as a substitute, apologies).
    ``sent_substitute``: (key, name, meetings at which a substitute filled their seat). Rows for
    the same key add up. Sorted by name."""
    lines: dict[int, Line] = {}

    def line(key: int, name: str) -> Line:
        return lines.setdefault(key, Line(key=key, name=name))

    for key, name, count in expected:
        line(key, name).expected += count
    for key, name, present, remote, as_substitute, apologies in attended:
        row = line(key, name)
        row.present += present
        row.remote += remote
        row.as_substitute += as_substitute
        row.apologies += apologies
    for key, name, count in sent_substitute:
        line(key, name).sent_substitute += count
    return sorted(lines.values(), key=lambda item: (item.name, item.key))
