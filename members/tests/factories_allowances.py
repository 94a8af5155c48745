"""Builders for allowances tests: schemes with realistic district-council rates, co-opted
members, claims with lines, and small valid receipt files."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from django.core.files.uploadedfile import SimpleUploadedFile

from democracy.tests.factories import CoOptionFactory, CouncillorFactory
from members.models import AllowanceScheme, Councillor, ExpenseClaim, SpecialResponsibility
from members.services import allowances as services

Y2025 = date(2025, 4, 1)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%receipt\n"


def receipt(name: str = "ticket.png", data: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def scheme(year_start: date = Y2025, **overrides) -> AllowanceScheme:
    existing = AllowanceScheme.objects.filter(year_start=year_start).first()
    if existing:
        return existing
    values = {
        "adopted_on": date(year_start.year, 2, 20),
        "basic_allowance": D("5400.00"),
        "co_optees_allowance": D("1200.00"),
        "irp_reference": "Independent remuneration panel report, January",
        "carers_hourly_rate": D("12.21"),
        "carers_cap": D("100.00"),
        "subsistence_breakfast": D("7.50"),
        "subsistence_lunch": D("10.00"),
        "subsistence_evening_meal": D("20.00"),
        **overrides,
    }
    return services.scheme_create(year_start=year_start, by=None, **values)


def co_optee(
    *,
    start: date = date(2025, 6, 2),
    end: date | None = None,
    payable: bool = True,
    title: str = "Mrs",
    **names,
) -> Councillor:
    """A co-opted member (not a councillor) co-opted from ``start`` (Mon 2 June 2025 by
    default); ``end`` is the first day no longer co-opted."""
    person = CouncillorFactory(kind="coopted", title=title, **names)
    CoOptionFactory(
        councillor=person,
        start_date=start,
        end_date=end,
        end_reason="resigned" if end else "",
        allowance_payable=payable,
    )
    return person


def leader_post(scheme_: AllowanceScheme, amount: D = D("10800.00")) -> SpecialResponsibility:
    post = SpecialResponsibility.objects.filter(name="Leader of the Council").first()
    post = post or services.responsibility_create(name="Leader of the Council", by=None)
    services.sra_rate_set(scheme=scheme_, responsibility=post, annual_amount=amount, by=None)
    return post


def claim_with_lines(
    councillor: Councillor,
    *,
    start: date = date(2025, 9, 1),
    end: date = date(2025, 9, 30),
    lines: int = 1,
    by=None,
) -> ExpenseClaim:
    claim = services.claim_create(councillor=councillor, period_start=start, period_end=end, by=by)
    for n in range(lines):
        services.claim_line_add(
            claim=claim,
            date=start,
            kind="mileage",
            purpose=f"Planning Committee {n}",
            vehicle="car",
            from_place="Home",
            to_place="Kingsmere House",
            miles=D("12.0"),
            by=by,
        )
    return claim
