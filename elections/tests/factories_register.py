"""Factories for the register of electors' tests: a polling district, properties and electors.

Electors are made through their ``register`` manager (they have no ``objects``)."""

from __future__ import annotations

from datetime import date

import factory

from democracy.tests.factories import WardFactory
from elections.models import Elector, PollingDistrict, Property


class PollingDistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PollingDistrict
        django_get_or_create = ("code",)

    ward = factory.SubFactory(WardFactory)
    code = "KA"
    name = factory.LazyAttribute(lambda d: f"District {d.code}")


class PropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Property

    reference = factory.Sequence(lambda n: f"P{n}")
    address_1 = factory.Sequence(lambda n: f"{n + 1} Mill Lane")
    address_3 = "Kingsmere"
    postcode = "KM1 2AB"
    polling_district = factory.SubFactory(PollingDistrictFactory)


class ElectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Elector

    qualifying_address = factory.SubFactory(PropertyFactory)
    polling_district = factory.SelfAttribute("qualifying_address.polling_district")
    number = factory.Sequence(lambda n: n + 1)
    first_names = "Jane"
    surname = factory.Sequence(lambda n: f"Elector{n}")
    added_on = date(2025, 12, 1)


def register_row(**values) -> dict:
    """One row of the register format: a valid elector in district KA unless told otherwise."""
    row = {
        "property_reference": "P1",
        "uprn": "100012345678",
        "address_1": "1 Mill Lane",
        "address_2": "",
        "address_3": "Kingsmere",
        "address_4": "",
        "address_5": "",
        "address_6": "",
        "postcode": "KM1 2AB",
        "polling_district": "KA",
        "elector_number": "1",
        "suffix": "",
        "title": "",
        "first_names": "Jane",
        "surname": "Smith",
        "franchise": "",
        "attainer_18_on": "",
        "anonymous": "N",
        "open_register_opt_out": "N",
        "absent_vote": "",
        "overseas": "N",
        "service_voter": "N",
        "added_on": "2025-12-01",
    }
    unknown = set(values) - set(row)
    assert not unknown, unknown
    row.update(values)
    return row


def csv_bytes(rows: list[dict], *, columns: list[str] | None = None, encoding="utf-8") -> bytes:
    """The CSV file of ``rows`` (dicts) with ``columns`` (the keys of the first row)."""
    import csv
    import io

    columns = columns or list(rows[0])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode(encoding)


def csv_of_cells(rows: list[list[str]], *, ending: str = "\n", quote_all: bool = False) -> bytes:
    """Rows of cells as CSV, as a spreadsheet writes it: each line ending with ``ending``, a
    cell quoted when it must be (or every cell, ``quote_all``)."""
    import csv
    import io

    out = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    csv.writer(out, lineterminator=ending, quoting=quoting).writerows(rows)
    return out.getvalue().encode()
