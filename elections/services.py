"""Writes to electoral geography. Every write validates, saves and audits in one transaction."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.text import slugify

from democracy.services import create_audited
from elections.models import PollingDistrict, Ward


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
