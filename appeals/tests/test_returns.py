"""The statutory return (lodged, withdrawn, heard, upheld per school and year) and the clerking
charge per admission authority under its service agreement, as CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from appeals.models import AdmissionAuthority, StatusChange
from appeals.services import cases, reference, returns
from appeals.tests.factories import at, build_scene, decide, hold, lodge, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(clerk):
    scene = build_scene(by=clerk)
    heard = [lodge(scene.academy) for _ in range(2)]
    withdrawn = lodge(scene.academy)
    cases.appeal_withdraw(appeal=withdrawn, note="A place elsewhere", by=clerk)
    StatusChange.private_objects.filter(appeal=withdrawn, status="withdrawn").update(
        at=at(date(2026, 4, 1), 12)
    )
    lodge(scene.community_school)
    hold(schedule(scene, heard, by=clerk), by=clerk)
    decide(heard[0], by=clerk, outcome="upheld")
    decide(heard[1], by=clerk, outcome="dismissed")
    return scene


def test_the_statutory_return_counts_per_school_and_year(activity):
    rows = {row.school.name: row for row in returns.statutory_return(2026)}
    academy = rows["Harbour Academy"]
    assert (academy.lodged, academy.withdrawn, academy.heard, academy.upheld) == (3, 1, 2, 1)
    community = rows["Kingsmere School"]
    assert (community.lodged, community.withdrawn, community.heard, community.upheld) == (
        1,
        0,
        0,
        0,
    )
    assert returns.statutory_return(2027) == []
    table = list(csv.reader(io.StringIO(returns.statutory_return_csv(2026))))
    assert table[0] == returns.RETURN_HEADER
    assert [
        "140001",
        "Harbour Academy",
        "Harbour Learning Trust",
        "2026 to 2027",
        "3",
        "1",
        "2",
        "1",
    ] in table


def test_the_charge_prices_each_item_under_the_agreement_in_force(activity, clerk):
    [trust] = returns.charges(date(2026, 3, 1), date(2026, 5, 31))
    assert trust.authority.name == "Harbour Learning Trust"
    lines = {line.item: (line.quantity, line.unit, line.amount) for line in trust.lines}
    assert lines == {
        returns.LODGED: (3, Decimal("0.00"), Decimal("0.00")),
        returns.HEARD: (2, Decimal("150.00"), Decimal("300.00")),
        returns.WITHDRAWN: (1, Decimal("0.00"), Decimal("0.00")),
        returns.SESSIONS: (1, Decimal("90.00"), Decimal("90.00")),
    }
    assert trust.total == Decimal("390.00")
    # The council's own appeals are never charged; a period with no activity charges nothing.
    assert returns.charges(date(2026, 6, 1), date(2026, 6, 30)) == []
    # The annual fee falls on each anniversary of the agreement's start (1 September 2025).
    [fee] = returns.charges(date(2026, 8, 1), date(2026, 9, 30))
    assert [(line.item, line.quantity) for line in fee.lines] == [(returns.ANNUAL_FEE, 1)]


def test_the_charging_csv_has_a_line_per_item_and_a_total_and_writes_no_formula(activity, clerk):
    evil = reference.admission_authority_create(
        name='=HYPERLINK("http://evil.example")',
        kind=AdmissionAuthority.Kind.ACADEMY_TRUST,
        calendar=activity.calendar,
        by=clerk,
    )
    reference.service_agreement_create(
        admission_authority=evil,
        reference="-1+1",
        starts_on=date(2026, 4, 1),
        annual_fee=Decimal("500.00"),
        by=clerk,
    )
    text = returns.charges_csv(date(2026, 3, 1), date(2026, 5, 31))
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == returns.CHARGES_HEADER
    assert [
        "Harbour Learning Trust",
        "HLT-2025-01",
        "Appeals heard",
        "2026-03-01",
        "2026-05-31",
        "2",
        "150.00",
        "300.00",
    ] in table
    assert [
        "Harbour Learning Trust",
        "",
        "Total",
        "2026-03-01",
        "2026-05-31",
        "",
        "",
        "390.00",
    ] in table
    evil_rows = [row for row in table if "HYPERLINK" in row[0]]
    assert evil_rows and all(row[0].startswith("'=") for row in evil_rows)
    assert evil_rows[0][1] == "'-1+1" and evil_rows[0][2] == "Annual fee"


def test_the_csvs_are_downloads_for_the_clerk(activity, client, clerk):
    client.force_login(clerk)
    response = client.get("/appeals/returns/2026.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="admission-appeals-2026.csv"' in response["Content-Disposition"]
    assert "Harbour Academy" in response.content.decode()
    response = client.get("/appeals/charges.csv?from=2026-03-01&to=2026-05-31")
    assert "390.00" in response.content.decode()
    response = client.get("/appeals/charges/?from=2026-05-31&to=2026-03-01")
    assert "The end of the period must be on or after its start" in response.text
