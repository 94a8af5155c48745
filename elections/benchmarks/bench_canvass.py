"""Benchmark of canvass routing (issue 12, point 5, ``make bench``): every property of a register
of N electors allocated to its route by ``elections.canvass.canvass_route``, the one set-wise
statement, then again (a re-run after more data matching, which changes nothing).

N is 1,000,000 (two electors a property, so 500,000 properties, in 40 polling districts, with
national data match results for every elector: about 86% green, so about three properties in
four on Route 1, as in 2020, and 1,000 defined properties); ``BENCH_QUICK=1`` uses 20,000.
Target: routing 1,000,000 electors in under 60 seconds. The register is made in SQL (the
importer has its own benchmark) and analysed before the clock starts, as a live database is.
"""

from __future__ import annotations

import os
import time

import pytest
from django.db import connection

from democracy.tests.factories import WardFactory
from elections import canvass
from elections.models import CanvassProperty, PollingDistrict

QUICK = os.environ.get("BENCH_QUICK") == "1"
ELECTORS = 20_000 if QUICK else 1_000_000
PROPERTIES = ELECTORS // 2
DISTRICTS = 40
DEFINED = max(10, PROPERTIES // 500)
TARGET_SECONDS = 60


def make_register(canvass_id: int, district_ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO elections_property (reference, uprn, address_1, address_2, address_3,
                   address_4, address_5, address_6, postcode, polling_district_id)
            SELECT 'B' || g, '', (g %% 300 + 1) || ' Mill Lane', '', 'Kingsmere', '', '', '',
                   'KM1 1AA', (%(districts)s::bigint[])[g %% %(n)s + 1]
              FROM generate_series(1, %(properties)s) g
            """,
            {"districts": district_ids, "n": len(district_ids), "properties": PROPERTIES},
        )
        cursor.execute(
            """
            INSERT INTO elections_elector (polling_district_id, number, suffix,
                   qualifying_address_id, title, first_names, surname, franchise,
                   attainer_18_on, anonymous, open_register_opt_out, absent_vote, overseas,
                   service_voter, added_on)
            SELECT p.polling_district_id, (p.id - first.id) * 2 + k + 1, 0, p.id, '', 'Jane',
                   'Smith', '', NULL, (p.id + k) % 5000 = 0, false, '', false, false,
                   DATE '2025-12-01'
              FROM elections_property p
             CROSS JOIN (SELECT min(id) AS id FROM elections_property) first
             CROSS JOIN generate_series(0, 1) k
            """
        )
        cursor.execute(
            """
            INSERT INTO elections_canvassmatch (canvass_id, elector_id, national_result,
                   local_result)
            SELECT %s, e.id,
                   CASE WHEN hashtext(e.id::text) %% 100 BETWEEN -86 AND 86 THEN 'green'
                        WHEN e.id %% 2 = 0 THEN 'amber' ELSE 'red' END, ''
              FROM elections_elector e WHERE NOT e.anonymous
            """,
            [canvass_id],
        )
        cursor.execute(
            """
            INSERT INTO elections_definedproperty (canvass_id, property_id, kind,
                   responsible_person, responsible_email)
            SELECT %s, id, 'care_home', 'The manager', '' FROM elections_property
             ORDER BY id LIMIT %s
            """,
            [canvass_id, DEFINED],
        )
        cursor.execute("ANALYZE")


@pytest.fixture
def register(transactional_db):
    ward = WardFactory()
    districts = PollingDistrict.objects.bulk_create(
        PollingDistrict(ward=ward, code=f"B{n:02d}", name=f"District {n}") for n in range(DISTRICTS)
    )
    opened = canvass.canvass_create(year=2026, by=None)
    make_register(opened.pk, [d.pk for d in districts])
    return opened


def test_bench_canvass_routing(register, capsys):
    started = time.perf_counter()
    counts = canvass.canvass_route(canvass=register, by=None)
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = canvass.canvass_route(canvass=register, by=None)
    second = time.perf_counter() - started
    assert sum(counts.values()) == PROPERTIES == CanvassProperty.register.count()
    assert again == counts and counts[3] == DEFINED
    with capsys.disabled():
        print(
            f"\n\nCanvass routing, {ELECTORS:,} electors at {PROPERTIES:,} properties"
            f"{' (BENCH_QUICK)' if QUICK else ''}:\n"
            f"  first routing:   {first:6.2f} s  (target < {TARGET_SECONDS} s for 1,000,000)\n"
            f"  routing again:   {second:6.2f} s  (nothing changes)\n"
            f"  Route 1: {counts[1]:,}  Route 2: {counts[2]:,}  Route 3: {counts[3]:,}\n"
        )
    if not QUICK:
        assert first < TARGET_SECONDS


LETTERS = 50 if QUICK else 2_000  # a polling district's Route 2 letters


@pytest.fixture
def route_2_district(transactional_db):
    ward = WardFactory()
    district = PollingDistrict.objects.create(ward=ward, code="BL", name="Letters")
    opened = canvass.canvass_create(year=2026, by=None)
    make_letters_register(district.pk, LETTERS)
    canvass.canvass_route(canvass=opened, by=None)
    return opened, district


def make_letters_register(district_id: int, properties: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO elections_property (reference, uprn, address_1, address_2, address_3,
                   address_4, address_5, address_6, postcode, polling_district_id)
            SELECT 'L' || g, '', g || ' Mill Lane', '', 'Kingsmere', '', '', '', 'KM1 1AA', %s
              FROM generate_series(1, %s) g
            """,
            [district_id, properties],
        )
        cursor.execute(
            """
            INSERT INTO elections_elector (polling_district_id, number, suffix,
                   qualifying_address_id, title, first_names, surname, franchise,
                   attainer_18_on, anonymous, open_register_opt_out, absent_vote, overseas,
                   service_voter, added_on)
            SELECT p.polling_district_id, row_number() OVER (ORDER BY p.id, k), 0, p.id, '',
                   'Jane', 'Smith', '', NULL, false, false, '', false, false, DATE '2025-12-01'
              FROM elections_property p CROSS JOIN generate_series(0, 1) k
            """
        )


def test_bench_canvass_letters(route_2_district, capsys):
    """A district's Canvass Communication B letters: security codes issued and hashed (PBKDF2 at
    the default rounds), one tagged page a property, merged and stored."""
    opened, district = route_2_district
    batch = canvass.batch_create(canvass=opened, kind="ccb", polling_district=district, by=None)
    started = time.perf_counter()
    canvass.batch_run(batch.pk)
    seconds = time.perf_counter() - started
    batch.refresh_from_db()
    assert batch.status == "done" and batch.pages == LETTERS
    with capsys.disabled():
        print(
            f"\n\nCanvass letters (CCB), {LETTERS:,} properties{' (BENCH_QUICK)' if QUICK else ''}:"
            f"\n  built in {seconds:6.2f} s  ({1000 * seconds / LETTERS:.0f} ms a letter, "
            f"codes at {canvass.code_iterations():,} PBKDF2 rounds)\n"
        )
