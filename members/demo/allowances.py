"""Demo data for members' allowances: Kingsmere's 2025/26 and 2026/27 schemes (a district
council's amounts: basic £5,400, the Leader's SRA twice that, a co-optees' allowance of £1,200),
special responsibilities for the Leader, Cabinet and committee chairs (one SRA per member),
payroll numbers, a renunciation, a year (2025/26) of monthly payments and 2026/27's to November
2026, expense claims (approved, one rejected, one with a late line refused, one by the
independent audit member awaiting approval), and the 2025/26 totals published under reg 15.

The co-opted members (members.demo.co_opted) are paid the co-optees' allowance (reg 9) by days
co-opted: Mrs Helen Marsh from 2 June 2025, Mr David Okoro from 1 September 2026; Ms Ruth
Ellison's appointment carries no allowance.

Deterministic and idempotent: everything is looked up by its natural key first; generating a
month that was already paid creates nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from django.core.exceptions import ValidationError

from democracy.validity import in_force_on
from members.models import (
    AllowanceScheme,
    AllowancesProfile,
    Councillor,
    ExpenseClaim,
    GroupMembership,
    Renunciation,
    SpecialResponsibility,
    SpecialResponsibilityHolding,
    SRARate,
)
from members.rules.allowances import add_months, months_of
from members.services import allowances as services

Y2025 = date(2025, 4, 1)
Y2026 = date(2026, 4, 1)
# The annual meeting after the 2023 all-out election appointed the Leader, Cabinet and chairs.
APPOINTED = date(2023, 5, 16)
# The Cabinet changed at the council meeting of 17 September 2025.
CABINET_CHANGE = date(2025, 9, 17)
CABINET = "Cabinet Member"

# The allowances history stands on Sun 22 November 2026 (whatever day the meetings demo is
# loaded on): payroll has run for November 2026, and the rest of 2026/27 is to come.
PAID_THROUGH = date(2026, 11, 1)
SCHEMES = {
    # year start: adopted on, basic allowance, co-optees' allowance, IRP report
    Y2025: (
        date(2025, 2, 25),
        D("5400.00"),
        D("1200.00"),
        "Independent Remuneration Panel report, December 2024",
    ),
    Y2026: (
        date(2026, 2, 24),
        D("5562.00"),
        D("1236.00"),
        "Independent Remuneration Panel report, December 2025",
    ),
}
# SRA as a multiple of the basic allowance, the usual way panels express it.
SRA_MULTIPLES = {
    "Leader of the Council": D("2.0"),
    "Deputy Leader of the Council": D("1.4"),
    "Cabinet Member": D("1.0"),
    "Chair of the Council": D("0.5"),
    "Chair of the Planning Committee": D("0.7"),
    "Chair of the Licensing Committee": D("0.5"),
    "Chair of the Overview and Scrutiny Committee": D("0.7"),
    "Chair of the Audit and Governance Committee": D("0.4"),
    "Chair of the Standards Committee": D("0.2"),
    "Leader of the Main Opposition Group": D("0.5"),
}


def _scheme(year_start: date, by) -> AllowanceScheme:
    adopted, basic, co_optees, irp = SCHEMES[year_start]
    existing = AllowanceScheme.objects.filter(year_start=year_start).first()
    if existing:
        if existing.co_optees_allowance != co_optees:
            # A demo loaded before co-optees were paid: amend, backdated to 1 April (reg 10).
            services.scheme_amend(scheme=existing, values={"co_optees_allowance": co_optees}, by=by)
        return existing
    uplift = D("1.03") if year_start == Y2026 else D("1")
    return services.scheme_create(
        year_start=year_start,
        adopted_on=adopted,
        basic_allowance=basic,
        co_optees_allowance=co_optees,
        irp_reference=irp,
        carers_hourly_rate=(D("12.21") * uplift).quantize(D("0.01")),
        carers_cap=D("100.00"),
        subsistence_breakfast=D("7.50"),
        subsistence_lunch=D("10.00"),
        subsistence_evening_meal=D("20.00"),
        claim_time_limit_months=3,
        payment_day=15,
        by=by,
    )


def _responsibility(name: str, by) -> SpecialResponsibility:
    return SpecialResponsibility.objects.filter(
        name=name
    ).first() or services.responsibility_create(name=name, by=by)


def _hold(councillor, responsibility, start, end, by) -> None:
    if not SpecialResponsibilityHolding.objects.filter(
        councillor=councillor, responsibility=responsibility, start_date=start
    ).exists():
        services.responsibility_assign(
            councillor=councillor,
            responsibility=responsibility,
            start_date=start,
            end_date=end,
            by=by,
        )


def _opposition_leader() -> Councillor | None:
    """The first member, by name, of the second-largest group on the day of appointment."""
    memberships = GroupMembership.objects.filter(in_force_on(APPOINTED)).select_related(
        "group", "councillor"
    )
    sizes: dict[str, list[Councillor]] = {}
    for membership in memberships:
        sizes.setdefault(membership.group.name, []).append(membership.councillor)
    if len(sizes) < 2:
        return None
    second = sorted(sizes.values(), key=len, reverse=True)[1]
    return sorted(second, key=lambda c: (c.last_name, c.first_name))[0]


def _line(claim, by, **values) -> None:
    services.claim_line_add(claim=claim, by=by, **values)


def _mileage(day: date, purpose: str, miles: str, **extra) -> dict:
    return {
        "date": day,
        "kind": "mileage",
        "purpose": purpose,
        "vehicle": "car",
        "from_place": "Home",
        "to_place": "Kingsmere House",
        "miles": D(miles),
        **extra,
    }


# Claims: (claimant, period start, period end, submitted on, outcome, lines). Dates are
# within the three-month limit unless marked late.
def _claims(people: list[Councillor]) -> list[tuple]:
    return [
        (
            people[0],
            date(2025, 5, 1),
            date(2025, 5, 31),
            date(2025, 6, 4),
            "approve",
            [
                _mileage(date(2025, 5, 20), "Annual Council", "14.2"),
                _mileage(date(2025, 5, 28), "Cabinet", "14.2", passengers=1),
            ],
        ),
        (
            people[1],
            date(2025, 6, 1),
            date(2025, 6, 30),
            date(2025, 7, 2),
            "approve",
            [
                _mileage(date(2025, 6, 10), "Planning Committee", "8.6"),
                {
                    "date": date(2025, 6, 10),
                    "kind": "carers",
                    "purpose": "Childcare during Planning Committee",
                    "hours": D("4"),
                },
            ],
        ),
        (
            people[2],
            date(2025, 7, 1),
            date(2025, 7, 31),
            date(2025, 8, 5),
            "approve",
            [
                {
                    "date": date(2025, 7, 2),
                    "kind": "other_travel",
                    "purpose": "LGA annual conference, Harrogate: return rail fare",
                    "amount": D("86.40"),
                    "receipt": "ticket",
                },
                {
                    "date": date(2025, 7, 2),
                    "kind": "subsistence",
                    "purpose": "LGA annual conference",
                    "meal": "evening_meal",
                    "amount": D("18.50"),
                },
            ],
        ),
        (
            people[3],
            date(2025, 9, 1),
            date(2025, 9, 30),
            date(2025, 10, 6),
            "reject",
            [_mileage(date(2025, 9, 12), "Ward surgery", "6.0")],
        ),
        (
            people[0],
            date(2025, 11, 1),
            date(2025, 11, 30),
            date(2025, 12, 3),
            "approve",
            [
                _mileage(date(2025, 11, 5), "Cabinet", "14.2"),
                {
                    "date": date(2025, 11, 5),
                    "kind": "other_travel",
                    "purpose": "Parking at Kingsmere House",
                    "amount": D("4.50"),
                    "receipt": "parking",
                },
            ],
        ),
        (
            people[4],
            date(2025, 10, 1),
            date(2026, 1, 31),
            date(2026, 2, 10),
            "late",  # line 1 (7 October 2025) is more than 3 months before the claim
            [
                _mileage(date(2025, 10, 7), "Licensing Sub-Committee", "9.8"),
                _mileage(date(2026, 1, 20), "Licensing Committee", "9.8"),
            ],
        ),
    ]


def _co_optee_claims(marsh: Councillor) -> list[tuple]:
    """Mrs Helen Marsh, the independent member of the Audit and Governance Committee, claims her
    travel to its meetings (reg 8) like any member."""
    return [
        (
            marsh,
            date(2025, 6, 1),
            date(2025, 7, 31),
            date(2025, 8, 4),
            "approve",
            [
                _mileage(
                    date(2025, 6, 12),
                    "Induction for the independent member of the committee",
                    "11.4",
                ),
                _mileage(date(2025, 7, 24), "Audit and Governance Committee", "11.4"),
            ],
        ),
        (
            marsh,
            date(2026, 7, 1),
            date(2026, 7, 31),
            date(2026, 8, 3),
            "approve",
            [
                _mileage(date(2026, 7, 23), "Audit and Governance Committee", "11.4"),
                {
                    "date": date(2026, 7, 23),
                    "kind": "subsistence",
                    "purpose": "Audit and Governance Committee (evening meeting)",
                    "meal": "evening_meal",
                    "amount": D("14.20"),
                },
            ],
        ),
        (
            marsh,
            date(2026, 9, 1),
            date(2026, 9, 30),
            date(2026, 10, 5),
            "submit",  # awaiting an officer's approval
            [_mileage(date(2026, 9, 24), "Audit and Governance Committee", "11.4")],
        ),
    ]


def _receipt(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(f"{name}.pdf", data, content_type="application/pdf")


def _claim(spec, by) -> ExpenseClaim | None:
    councillor, start, end, submitted_on, outcome, lines = spec
    if ExpenseClaim.private_objects.filter(
        councillor=councillor, period_start=start, period_end=end
    ).exists():
        return None
    claim = services.claim_create(councillor=councillor, period_start=start, period_end=end, by=by)
    for values in lines:
        values = dict(values)
        if "receipt" in values:
            values["receipt"] = _receipt(values["receipt"])
        _line(claim, by, **values)
    try:
        services.claim_submit(claim=claim, today=submitted_on, by=by)
    except ValidationError:
        # The late claim stays a draft, showing the refusal whenever it is submitted.
        return claim
    if outcome == "approve":
        services.claim_approve(claim=claim, by=by)
    elif outcome == "reject":
        services.claim_reject(
            claim=claim,
            reason="Ward surgeries are not an approved duty under the scheme (paragraph 8).",
            by=by,
        )
    return claim


def load(*, posts: dict[str, list[Councillor]], by=None) -> list[AllowanceScheme]:
    """``posts`` maps each special responsibility to its holders since May 2023 (the Leader,
    Cabinet and committee chairs, from the meetings demo)."""
    schemes = [_scheme(Y2025, by), _scheme(Y2026, by)]
    for scheme in schemes:
        for name, multiple in SRA_MULTIPLES.items():
            responsibility = _responsibility(name, by)
            if not SRARate.objects.filter(scheme=scheme, responsibility=responsibility).exists():
                services.sra_rate_set(
                    scheme=scheme,
                    responsibility=responsibility,
                    annual_amount=(scheme.basic_allowance * multiple).quantize(D("0.01")),
                    by=by,
                )

    holders = dict(posts)
    opposition = _opposition_leader()
    if opposition:
        holders["Leader of the Main Opposition Group"] = [opposition]
    # Like most schemes, Kingsmere's pays one SRA per member, the highest: posts are filled in
    # order of their allowance and a member who already holds one is passed over.
    paid_sra: set[int] = set()
    assigned: dict[str, list[Councillor]] = {}
    for name in sorted(holders, key=lambda n: SRA_MULTIPLES.get(n, D(0)), reverse=True):
        assigned[name] = [c for c in holders[name] if c.pk not in paid_sra]
        paid_sra.update(c.pk for c in assigned[name])
    # The Cabinet changed at the council meeting of 17 September 2025: the last Cabinet member
    # joined it then, replacing a member who left (and holds no post since).
    cabinet = assigned.get(CABINET, [])
    newcomer = cabinet[-1] if len(cabinet) > 1 else None
    for name, councillors in assigned.items():
        responsibility = _responsibility(name, by)
        for councillor in councillors:
            start = CABINET_CHANGE if councillor == newcomer and name == CABINET else APPOINTED
            _hold(councillor, responsibility, start, None, by)
    serving = list(Councillor.all_objects.serving(Y2025).order_by("last_name", "first_name"))
    held = {c.pk for councillors in holders.values() for c in councillors}
    free = [c for c in serving if c.pk not in held]
    if newcomer and free:
        _hold(free[0], _responsibility(CABINET, by), APPOINTED, CABINET_CHANGE, by)

    # Payroll numbers for every member, councillors and co-opted members, private.
    for number, councillor in enumerate(Councillor.all_objects.order_by("pk"), start=1):
        if not AllowancesProfile.private_objects.filter(councillor=councillor).exists():
            services.profile_set(
                councillor=councillor, payroll_number=f"M{number:05d}", cost_centre="DEM100", by=by
            )

    # A Green councillor forgoes the whole basic allowance from 1 October 2025.
    green = (
        GroupMembership.objects.filter(in_force_on(Y2025), group__short_name="Green")
        .select_related("councillor")
        .order_by("councillor__last_name")
        .first()
    )
    if green and not Renunciation.private_objects.filter(councillor=green.councillor).exists():
        services.renunciation_record(
            councillor=green.councillor,
            scope="basic",
            notice_given_on=date(2025, 9, 15),
            start_date=date(2025, 10, 1),
            by=by,
        )

    # A year of payments, and 2026/27's so far: each month's claims are submitted and decided
    # in the month before it is paid.
    claimants = free[1:6]
    claims = _claims(claimants) if len(claimants) == 5 else []
    # The independent member of the Audit and Governance Committee (members.demo.co_opted).
    marsh = Councillor.all_objects.filter(kind=Councillor.Kind.COOPTED, slug="helen-marsh").first()
    if marsh:
        claims += _co_optee_claims(marsh)
    year = schemes[0]
    runs = [(year, month) for month in months_of(Y2025)] + [
        (schemes[1], month) for month in months_of(Y2026) if month <= PAID_THROUGH
    ]
    for scheme, month in runs:
        pay_date = services.pay_date_for(scheme, month)
        for spec in claims:
            if add_months(pay_date, -1) <= spec[3] < pay_date:
                _claim(spec, by)
        services.payments_generate(scheme=scheme, month=month, by=by)
    if year.totals_published_on is None:
        services.publication_publish(scheme=year, on=date(2026, 5, 14), by=by)
    return schemes
