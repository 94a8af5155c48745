"""Writes to electoral geography. Every write validates, saves and audits in one transaction."""

from __future__ import annotations

import os
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from democracy import audit
from democracy.services import create_audited, update_audited
from democracy.storage import private_storage
from elections import importer, station_allocation
from elections.models import (
    Elector,
    PollingDistrict,
    PollingPlace,
    PollingStation,
    Property,
    RegisterImport,
    RegisterSupply,
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
def polling_station_ranges_set(
    *,
    polling_district: PollingDistrict,
    ranges: dict[int, tuple[int | None, int | None]],
    by,
    on: date | None = None,
) -> list[PollingStation]:
    """Set the elector numbers each station of ``polling_district`` serves (``ranges`` maps
    every station's pk to its first and last number; all blank returns the district to the even
    split). Refused, with nothing saved, when a station is left out, ranges overlap or a live
    elector number on ``on`` (today) falls in no range (``elections.station_allocation``)."""
    stations = list(
        PollingStation.objects.select_for_update()
        .filter(polling_district=polling_district)
        .order_by("number")
    )
    unknown = set(ranges) - {s.pk for s in stations}
    if unknown:
        raise ValidationError("A range was given for a station of another polling district")
    proposed = [(f"Station {s.number}", *ranges.get(s.pk, (None, None))) for s in stations]
    numbers = (
        Elector.register.live(on)
        .filter(polling_district=polling_district)
        .values_list("number", flat=True)
    )
    errors = station_allocation.range_errors(proposed, numbers)
    if errors:
        raise ValidationError(errors)
    for station, (_, first, last) in zip(stations, proposed, strict=True):
        update_audited(
            station,
            {"first_elector_number": first, "last_elector_number": last},
            "elections.polling_station.ranges",
            by=by,
        )
    return stations


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


# --- Importing the register (issue 12, point 2) -------------------------------------------------


def register_import_start(*, upload, by) -> RegisterImport:
    """Keep an uploaded register file in private storage and record the import, waiting for
    the task (``elections.tasks.import_register``) that the caller queues."""
    with transaction.atomic():
        job = RegisterImport.objects.create(
            filename=upload.name[:255], bytes_total=upload.size or 0, created_by=by
        )
        job.stored_as = private_storage.save(f"register-imports/{job.pk}.csv", upload)
        job.save(update_fields=["stored_as"])
        audit.record("elections.register_import.start", job, by=by)
    return job


def register_import_file(path: str, *, by=None, progress: importer.Progress | None = None):
    """Import a file on this machine (``manage.py import_register``), recorded as an import."""
    with transaction.atomic():
        job = RegisterImport.objects.create(filename=os.path.basename(path)[:255], created_by=by)
        audit.record("elections.register_import.start", job, by=by)
    return register_import_run(job.pk, path=path, progress=progress)


def register_import_run(
    job_id: int, *, path: str | None = None, progress: importer.Progress | None = None
) -> RegisterImport:
    """Run an import: the progress recorded as it goes (for the officer's progress bar), every
    error kept by line and column, and nothing imported unless there is no error at all."""
    job = RegisterImport.objects.get(pk=job_id)
    if job.finished:
        return job  # a duplicate delivery of the task
    path = path or private_storage.path(job.stored_as)
    job.bytes_total = os.path.getsize(path)
    job.status = RegisterImport.Status.RUNNING
    job.save(update_fields=["bytes_total", "status"])

    def record(phase: str, done: int, rows: int) -> None:
        RegisterImport.objects.filter(pk=job.pk).update(
            phase=phase, bytes_read=done, rows_read=rows
        )
        if progress:
            progress(phase, done, rows)

    with open(path, "rb") as binary:
        result = importer.run(binary, progress=record)
    job = _register_import_finish(job, result)
    if job.stored_as:
        # The upload holds the register: once imported (or refused) it is not kept.
        private_storage.delete(job.stored_as)
    return job


def _register_import_finish(job: RegisterImport, result: importer.ImportResult) -> RegisterImport:
    job.refresh_from_db()
    job.layout = result.layout
    job.rows_read = result.rows
    job.status = RegisterImport.Status.DONE if result.ok else RegisterImport.Status.FAILED
    job.phase = ""
    job.bytes_read = job.bytes_total
    job.properties_imported = result.properties if result.ok else 0
    job.electors_imported = result.electors if result.ok else 0
    job.error_count = result.errors.count
    job.errors = [error.as_dict() for error in result.errors.kept]
    job.finished_at = timezone.now()
    with transaction.atomic():
        job.save()
        audit.record(
            f"elections.register_import.{'done' if result.ok else 'failed'}",
            job,
            by=None,
            changes={
                "rows": [None, result.rows],
                "properties": [None, job.properties_imported],
                "electors": [None, job.electors_imported],
                "errors": [None, job.error_count],
            },
        )
    return job


@transaction.atomic
def register_supply_record(
    *,
    recipient: str,
    recipient_kind: str,
    legal_basis: str,
    polling_districts,
    supplied_on: date,
    by,
) -> RegisterSupply:
    """Record a supply of the full register: who received which districts, and under what law."""
    supply = RegisterSupply(
        recipient=recipient,
        recipient_kind=recipient_kind,
        legal_basis=legal_basis,
        supplied_on=supplied_on,
        recorded_by=by,
    )
    supply.full_clean()
    supply.save()
    supply.polling_districts.set(polling_districts)
    audit.record(
        "elections.register_supply.create",
        supply,
        by=by,
        changes={
            "recipient": [None, recipient],
            "recipient_kind": [None, recipient_kind],
            "legal_basis": [None, legal_basis],
            "polling_districts": [None, sorted(d.code for d in polling_districts)],
            "supplied_on": [None, supplied_on.isoformat()],
        },
    )
    return supply
