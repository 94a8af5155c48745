"""Counting attendance (pure)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from meetings.rules.attendance_stats import Line, municipal_year, municipal_year_of, tally


def test_the_municipal_year_runs_from_may_to_may():
    assert municipal_year(2026) == (date(2026, 5, 1), date(2027, 5, 1))
    assert municipal_year_of(date(2026, 4, 30)) == 2025
    assert municipal_year_of(date(2026, 5, 1)) == 2026


def test_tally_adds_rows_and_keeps_remote_and_substitutes_apart():
    lines = tally(
        expected=[(1, "Alice Ashworth", 4), (2, "Bilal Bashir", 3), (1, "Alice Ashworth", 2)],
        attended=[
            # present, remote, as substitute, apologies
            (1, "Alice Ashworth", 3, 1, 0, 1),
            (2, "Bilal Bashir", 1, 0, 2, 1),
            (3, "Carys Cole", 0, 0, 1, 0),
        ],
        sent_substitute=[(2, "Bilal Bashir", 1)],
    )
    alice, bilal, carys = lines
    assert (alice.expected, alice.present, alice.remote, alice.apologies) == (6, 3, 1, 1)
    assert alice.percentage == Decimal("50.0")
    assert alice.absent == 1
    assert (bilal.expected, bilal.present, bilal.as_substitute, bilal.sent_substitute) == (
        3,
        1,
        2,
        1,
    )
    assert bilal.percentage == Decimal("33.3")
    # only ever a substitute: nothing expected, no percentage
    assert carys.expected == 0 and carys.percentage is None and carys.as_substitute == 1


def test_percentages_round_half_up():
    assert Line(key=1, name="x", expected=8, present=1).percentage == Decimal("12.5")
    assert Line(key=1, name="x", expected=3, present=2).percentage == Decimal("66.7")
