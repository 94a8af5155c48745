"""The allowances part of the demo council: the two schemes, special responsibilities, a year of
payments that the published reg 15 totals match to the penny, the co-opted members' allowance,
the claims in each state, and a second load that creates nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from democracy.models import AuditEvent
from members.models import (
    AllowancePayment,
    AllowanceScheme,
    AllowancesProfile,
    ClaimLine,
    Councillor,
    ExpenseClaim,
    Renunciation,
    SpecialResponsibilityHolding,
    SRARate,
)
from members.services import allowances as services
from website import demo


def counts() -> dict[str, int]:
    return {
        "schemes": AllowanceScheme.objects.count(),
        "rates": SRARate.objects.count(),
        "holdings": SpecialResponsibilityHolding.objects.count(),
        "profiles": AllowancesProfile.private_objects.count(),
        "renunciations": Renunciation.private_objects.count(),
        "claims": ExpenseClaim.private_objects.count(),
        "lines": ClaimLine.private_objects.count(),
        "payments": AllowancePayment.private_objects.count(),
        "audit": AuditEvent.private_objects.count(),
    }


@pytest.fixture
def loaded(kingsmere, db):
    return None


def test_two_schemes_with_the_leader_on_twice_the_basic_allowance(loaded):
    y2025, y2026 = AllowanceScheme.objects.order_by("year_start")
    assert (y2025.label, y2025.basic_allowance) == ("2025-26", D("5400.00"))
    assert (y2026.label, y2026.basic_allowance) == ("2026-27", D("5562.00"))
    leader = SRARate.objects.get(scheme=y2025, responsibility__name="Leader of the Council")
    assert leader.annual_amount == D("10800.00")
    holding = SpecialResponsibilityHolding.objects.get(responsibility__name="Leader of the Council")
    # The demo's councillor login is the Leader of the Council.
    assert holding.councillor.user.username == "councillor"
    # One SRA per member.
    holders = list(SpecialResponsibilityHolding.objects.filter(end_date=None))
    assert len({h.councillor_id for h in holders}) == len(holders)
    # One Cabinet member replaced another on 17 September 2025.
    [left] = SpecialResponsibilityHolding.objects.exclude(end_date=None)
    [joined] = SpecialResponsibilityHolding.objects.filter(start_date=date(2025, 9, 17))
    assert left.responsibility.name == joined.responsibility.name == "Cabinet Member"
    assert (left.start_date, left.end_date) == (date(2023, 5, 16), date(2025, 9, 17))
    assert joined.end_date is None


def test_a_year_of_payments_matches_the_published_totals(loaded):
    year = AllowanceScheme.objects.get(year_start=date(2025, 4, 1))
    assert year.totals_published_on == date(2026, 5, 14)
    payments = AllowancePayment.private_objects.in_year(year.year_start)
    totals = services.year_totals(year)
    assert sum(r.total for r in totals) == sum(p.amount for p in payments)
    # 48 councillors served all year (the by-election winner took office in March 2025), and
    # one co-opted member was paid.
    assert len(totals) == 49
    full = [r for r in totals if r.basic == D("5400.00")]
    assert len(full) == 47  # one Green councillor forwent the basic allowance from October
    [renounced] = Renunciation.private_objects.all()
    row = next(r for r in totals if r.name == renounced.councillor.formal_name)
    assert row.basic == D("2707.40")  # 183 days of 365: 5,400 x 183 / 365
    assert payments.filter(pay_date=date(2025, 4, 15)).exists()
    assert not payments.exclude(pay_date__day=15).exists()


def test_co_opted_members_are_paid_the_co_optees_allowance(loaded):
    y2025, y2026 = AllowanceScheme.objects.order_by("year_start")
    assert (y2025.co_optees_allowance, y2026.co_optees_allowance) == (D("1200.00"), D("1236.00"))
    totals = {r.name: r for r in services.year_totals(y2025)}
    marsh = totals["Mrs Helen Marsh"]
    # Co-opted from Mon 2 June 2025: 303 days of 365: 1,200 x 303 / 365 = £996.16; her claim
    # for two journeys of 11.4 miles at 45p: 2 x £5.13.
    assert (marsh.co_optees, marsh.travel_subsistence, marsh.basic) == (
        D("996.16"),
        D("10.26"),
        D("0"),
    )
    assert not [r for r in totals.values() if r.co_optees and r.name != "Mrs Helen Marsh"]

    def paid_in_2026(slug: str) -> D:
        return sum(
            AllowancePayment.private_objects.in_year(y2026.year_start)
            .filter(councillor__slug=slug, head="co_optees")
            .values_list("amount", flat=True),
            D("0"),
        )

    # 2026/27 to November: Mr David Okoro from 1 September 2026, at 1,236 a year:
    # September 101.59 (30 days), October 104.97, November 101.59.
    assert paid_in_2026("david-okoro") == D("308.15")
    assert paid_in_2026("helen-marsh") == D("826.26")  # April to November: 1,236 x 244 / 365
    assert paid_in_2026("ruth-ellison") == D("0")  # her appointment carries no allowance
    assert not AllowancePayment.private_objects.filter(pay_date__gt=date(2026, 11, 22)).exists()


def test_claims_in_every_state(loaded):
    statuses = sorted(ExpenseClaim.private_objects.values_list("status", flat=True))
    assert statuses == [
        "draft",
        "paid",
        "paid",
        "paid",
        "paid",
        "paid",
        "paid",
        "rejected",
        "submitted",
    ]
    waiting = ExpenseClaim.private_objects.get(status="submitted")
    assert waiting.councillor.formal_name == "Mrs Helen Marsh"
    late = ExpenseClaim.private_objects.get(status="draft")
    with pytest.raises(Exception, match="Line 1: the journey on 7 October 2025"):
        services.claim_submit(claim=late, today=date(2026, 2, 10), by=None)
    assert ClaimLine.private_objects.exclude(receipt="").count() == 2


def test_the_publication_page_is_public(loaded, client):
    response = client.get(reverse("members:allowances-published", args=["2025-26"]))
    assert response.status_code == 200
    assert "M0000" not in response.text  # payroll numbers never published
    leader = Councillor.all_objects.get(user__username="councillor")
    assert leader.full_name in response.text


def test_loading_twice_creates_nothing(loaded):
    first = counts()
    demo.load()
    assert counts() == first
