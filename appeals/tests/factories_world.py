"""The appeals part of the cross-domain world (democracy/tests/factories_world.py): a school-day
calendar, made through the service. Appeals, panels and hearings add their objects (and plant an
appellant's and a child's details) here when they are built."""

from __future__ import annotations

from datetime import date

from appeals.services import school_calendar_create
from democracy.tests.factories_world import World


def build(world: World) -> None:
    calendar = school_calendar_create(
        name="Kingsmere community schools",
        nation="england",
        terms=[
            ("Autumn 1 2026", date(2026, 9, 2), date(2026, 10, 23)),
            ("Autumn 2 2026", date(2026, 11, 2), date(2026, 12, 18)),
        ],
        closures=[(date(2026, 11, 2), "INSET day")],
        by=world.users["clerk"],
    )
    world.add(school_calendar=calendar)
