"""The electoral geography of the cross-domain world (democracy/tests/factories_world.py): two
wards and a polling district, made through the services."""

from __future__ import annotations

from datetime import date

from democracy.tests.factories_world import World
from elections.services import polling_district_create, ward_create


def build(world: World) -> None:
    officer = world.users["officer"]
    ward = ward_create(name="Ashdown Ward", seats=3, created_on=date(2019, 5, 2), by=officer)
    other_ward = ward_create(
        name="Brookside Ward", seats=2, created_on=date(2019, 5, 2), by=officer
    )
    district = polling_district_create(ward=ward, code="AA", name="Ashdown North", by=officer)
    world.add(ward=ward, other_ward=other_ward, polling_district=district)
