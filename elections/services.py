"""Writes to electoral geography. Every write validates, saves and audits in one transaction."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.text import slugify

from democracy.services import create_audited
from elections.models import (
    Elector,
    PollingDistrict,
    PollingPlace,
    PollingStation,
    Property,
    Ward,
)


@transaction.atomic
def ward_create(*, name: str, seats: int, created_on: date, gss_code: str = "", by) -> Ward:
    ward = Ward(
        name=name, slug=slugify(name), seats=seats, gss_code=gss_code, created_on=created_on
    )
    return create_audited(
        ward, "elections.ward.create", by=by, fields=["name", "seats", "gss_code", "created_on"]
    )


@transaction.atomic
def polling_district_create(*, ward: Ward, code: str, name: str, by) -> PollingDistrict:
    district = PollingDistrict(ward=ward, code=code, name=name)
    return create_audited(
        district, "elections.polling_district.create", by=by, fields=["ward", "code", "name"]
    )


# --- The register (issue 12). Audit rows name the record by id and number, never the person. ----

PROPERTY_FIELDS = [
    "reference",
    "uprn",
    "address_1",
    "address_2",
    "address_3",
    "address_4",
    "address_5",
    "address_6",
    "postcode",
    "polling_district",
]
# What an elector's audit row records: the entry's shape, never a name.
ELECTOR_AUDIT_FIELDS = [
    "polling_district",
    "number",
    "suffix",
    "qualifying_address",
    "franchise",
    "anonymous",
    "open_register_opt_out",
    "absent_vote",
    "overseas",
    "service_voter",
    "added_on",
]


@transaction.atomic
def polling_place_create(*, by, **values) -> PollingPlace:
    place = PollingPlace(**values)
    return create_audited(
        place, "elections.polling_place.create", by=by, fields=["reference", "name", "postcode"]
    )


@transaction.atomic
def polling_station_create(
    *, place: PollingPlace, polling_district: PollingDistrict, number: int = 1, by
) -> PollingStation:
    station = PollingStation(place=place, polling_district=polling_district, number=number)
    return create_audited(
        station,
        "elections.polling_station.create",
        by=by,
        fields=["place", "polling_district", "number"],
    )


@transaction.atomic
def property_create(*, by, **values) -> Property:
    prop = Property(**values)
    return create_audited(prop, "elections.property.create", by=by, fields=PROPERTY_FIELDS)


@transaction.atomic
def elector_create(*, by, **values) -> Elector:
    """Add an entry to the register. The audit row keeps the entry's number and markers, not
    the elector's name (the register itself is the record of that)."""
    elector = Elector(**values)
    return create_audited(elector, "elections.elector.create", by=by, fields=ELECTOR_AUDIT_FIELDS)
