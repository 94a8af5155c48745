"""The electoral geography of the cross-domain world (democracy/tests/factories_world.py): two
wards and a polling district, made through the services; and a small register of electors with
a polling place and station, planting an anonymous elector's name and the name of an elector who
opted out of the open register (issue 12, point 7)."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from democracy.tests.factories_world import World
from elections.services import (
    elector_create,
    polling_district_create,
    polling_place_create,
    polling_station_create,
    property_create,
    register_import_start,
    ward_create,
)

ANONYMOUS_FIRST, ANONYMOUS_SURNAME = "Quillon", "Fairweatherby"
OPTED_OUT_FIRST, OPTED_OUT_SURNAME = "Ottoline", "Brackenshawe"


def build(world: World) -> None:
    officer = world.users["officer"]
    ward = ward_create(name="Ashdown Ward", seats=3, created_on=date(2019, 5, 2), by=officer)
    other_ward = ward_create(
        name="Brookside Ward", seats=2, created_on=date(2019, 5, 2), by=officer
    )
    district = polling_district_create(ward=ward, code="AA", name="Ashdown North", by=officer)
    world.add(ward=ward, other_ward=other_ward, polling_district=district)
    build_register(world, district)


def build_register(world: World, district) -> None:
    electoral = world.users["electoral_officer"]
    place = polling_place_create(
        reference="PP1",
        name="Ashdown Village Hall",
        address_1="Ashdown Village Hall",
        address_2="Church Road",
        address_3="Kingsmere",
        postcode="KM1 4AA",
        by=electoral,
    )
    station = polling_station_create(place=place, polling_district=district, by=electoral)
    home = property_create(
        reference="P100",
        uprn="100012345678",
        address_1="7 Larkspur Close",
        address_3="Kingsmere",
        postcode="KM1 4AB",
        polling_district=district,
        by=electoral,
    )
    neighbour = property_create(
        reference="P101",
        address_1="9 Larkspur Close",
        address_3="Kingsmere",
        postcode="KM1 4AB",
        polling_district=district,
        by=electoral,
    )
    anonymous = elector_create(
        polling_district=district,
        number=1,
        qualifying_address=home,
        first_names=ANONYMOUS_FIRST,
        surname=ANONYMOUS_SURNAME,
        anonymous=True,
        added_on=date(2025, 12, 1),
        by=electoral,
    )
    opted_out = elector_create(
        polling_district=district,
        number=2,
        qualifying_address=neighbour,
        first_names=OPTED_OUT_FIRST,
        surname=OPTED_OUT_SURNAME,
        open_register_opt_out=True,
        absent_vote="postal",
        added_on=date(2025, 12, 1),
        by=electoral,
    )
    upload = SimpleUploadedFile("register.csv", b"property_reference\n", "text/csv")
    register_import = register_import_start(upload=upload, by=electoral)
    world.add(
        register_import=register_import,
        polling_place=place,
        polling_station=station,
        register_property=home,
        anonymous_elector=anonymous,
        opted_out_elector=opted_out,
    )
    world.plant(
        f"{ANONYMOUS_FIRST} {ANONYMOUS_SURNAME}",
        "an anonymous elector's name",
        f"/elections/register/electors/{anonymous.pk}/",
        seen_by="electoral_officer",
    )
    build_canvass(world, district)
    world.plant(
        f"{OPTED_OUT_FIRST} {OPTED_OUT_SURNAME}",
        "the name of an elector who opted out of the open register",
        f"/elections/register/electors/{opted_out.pk}/",
        seen_by="electoral_officer",
    )


MOVED_IN = "Perpetua Wrenfield-Oakes"


def build_canvass(world: World, district) -> None:
    """The 2026 canvass of the register above: routed, a data match import waiting, a batch of
    letters built, and an online response whose change names someone (planted: only electoral
    services may read it)."""
    from elections import canvass as canvass_services
    from elections.models import CanvassProperty

    electoral = world.users["electoral_officer"]
    canvass = canvass_services.canvass_create(year=2026, by=electoral)
    canvass_services.canvass_route(canvass=canvass, by=electoral)
    upload = SimpleUploadedFile("match.csv", b"elector_number,result\n", "text/csv")
    match_import = canvass_services.match_import_start(canvass=canvass, upload=upload, by=electoral)
    batch = canvass_services.batch_create(canvass=canvass, kind="ccb", by=electoral)
    canvass_services.batch_run(batch.pk)
    home = CanvassProperty.register.get(canvass=canvass, property=world.register_property)
    canvass_services.response_record(
        canvass_property=home,
        outcome="changes",
        channel="online",
        changes=[{"kind": "add", "name": MOVED_IN}],
    )
    world.add(
        canvass=canvass,
        canvass_property=home,
        canvass_match_import=match_import,
        canvass_batch=batch,
    )
    world.plant(
        MOVED_IN,
        "a name given in a canvass response",
        f"/elections/register/canvass/2026/properties/{home.pk}/",
        seen_by="electoral_officer",
    )
