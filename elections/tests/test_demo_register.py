"""The demo council's register of electors (issue 12, point 8): about 80,000 electors across the
demo wards' polling districts, with the markers a real register has, generated from a fixed seed
relative to the day of loading and imported through the register importer."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, timedelta

import pytest

from elections import demo
from elections.models import Elector, Property, RegisterImport

TODAY = date(2026, 5, 20)


def register_file(electors: int, today: date = TODAY) -> list[dict]:
    districts = [demo.PollingDistrict(code=code) for code in demo._district_codes()]
    out = io.StringIO()
    demo._write_register(out, districts, electors, today)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_the_default_demo_register_is_about_80000_electors_in_every_district():
    rows = register_file(demo.DEFAULT_REGISTER_ELECTORS)
    electors = [row for row in rows if row["elector_number"]]
    assert 78_000 <= len(electors) <= 82_000
    assert {row["polling_district"] for row in electors} == set(demo._district_codes())


def test_the_file_is_the_same_every_time_for_the_same_day():
    assert register_file(3000) == register_file(3000)
    assert register_file(3000) != register_file(3000, TODAY + timedelta(days=40))


def test_the_markers_are_in_a_real_register_s_proportions():
    electors = [row for row in register_file(20_000) if row["elector_number"]]
    share = Counter()
    for row in electors:
        share["opt_out"] += row["open_register_opt_out"] == "Y"
        share["postal"] += row["absent_vote"] == "postal"
        share["proxy"] += row["absent_vote"] in ("proxy", "postal_proxy")
        share["attainer"] += bool(row["attainer_18_on"])
        share["anonymous"] += row["anonymous"] == "Y"
        share["overseas"] += row["overseas"] == "Y"
        share["service"] += row["service_voter"] == "Y"
        share["eu"] += row["franchise"] in ("G", "B")
        share["peer"] += row["franchise"] == "L"
    total = len(electors)
    assert 0.30 <= share["opt_out"] / total <= 0.40
    assert 0.17 <= share["postal"] / total <= 0.23
    for marker in ("proxy", "attainer", "anonymous", "overseas", "service", "eu"):
        assert share[marker] > 0, marker


def test_attainers_turn_18_after_the_day_of_loading_and_within_two_years_of_being_added():
    attainers = [row for row in register_file(20_000) if row["attainer_18_on"]]
    assert attainers
    for row in attainers:
        turns_18, added = (
            date.fromisoformat(row["attainer_18_on"]),
            date.fromisoformat(row["added_on"]),
        )
        assert added <= TODAY < turns_18 <= added + timedelta(days=730)


def test_properties_have_uprns_and_electors_are_numbered_in_street_order():
    rows = [row for row in register_file(5000) if row["polling_district"] == "AA"]
    with_address = [row for row in rows if row["property_reference"]]
    assert all(row["uprn"].isdigit() for row in with_address)
    numbers = [int(row["elector_number"]) for row in with_address if row["elector_number"]]
    assert numbers == sorted(numbers)
    # Along each street the house numbers go up with the elector numbers.
    streets: dict[str, list[int]] = {}
    for row in with_address:
        house, street = row["address_1"].split(" ", 1)
        streets.setdefault(street, []).append(int(house))
    assert all(houses == sorted(houses) for houses in streets.values())


@pytest.mark.django_db
def test_the_register_is_imported_through_the_importer_once():
    demo.load()
    assert demo.load_register(today=TODAY, electors=1500) > 1500  # and its overseas electors
    job = RegisterImport.objects.get()
    assert job.status == RegisterImport.Status.DONE
    assert Elector.register.count() == job.electors_imported
    assert Property.objects.filter(uprn="").count() == 0
    assert Elector.register.filter(overseas=True, qualifying_address=None).exists()
    # Loading again leaves the register as it is.
    assert demo.load_register(today=TODAY, electors=1500) == 0
    assert RegisterImport.objects.count() == 1
