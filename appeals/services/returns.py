"""Returns and charging, read from what the services recorded (no personal data in either).

The statutory return: admission appeals per school and school year (the year the place is for),
counted as the Department for Education's admission appeals collection asks: appeals lodged,
withdrawn (before or at the hearing), heard (decided by a panel) and upheld.

The clerking charge: for each admission authority the council clerks for under a service
agreement (a traded service), its activity in a period priced under the agreement in force on
the day of each item: appeals lodged, appeals heard, appeals withdrawn, hearing sessions (a
grouped hearing is one) and the annual fee on each anniversary of the agreement's start. The
council's own appeals are not charged. As a CSV an invoice can be raised from: one line per
item and price, and a total per authority. Both CSVs go through the one CSV writer
(``democracy.spreadsheet``), so no cell reaches a spreadsheet as a formula.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

from appeals.models import (
    AdmissionAuthority,
    Appeal,
    Decision,
    Hearing,
    HearingListing,
    School,
    ServiceAgreement,
    StatusChange,
)
from democracy import spreadsheet
from democracy.dates import govuk_date

# --- The statutory return ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnRow:
    school: School
    entry_year: int
    lodged: int
    withdrawn: int
    heard: int
    upheld: int

    @property
    def school_year(self) -> str:
        return f"{self.entry_year} to {self.entry_year + 1}"


def entry_years() -> list[int]:
    return sorted(
        set(
            Appeal.cases.filter(kind__in=Appeal.ADMISSION_KINDS).values_list(
                "entry_year", flat=True
            )
        ),
        reverse=True,
    )


def statutory_return(entry_year: int) -> list[ReturnRow]:
    """Admission appeals for places in ``entry_year`` (the school year starting then), per
    school: lodged (every appeal made, rejected ones included), withdrawn, heard (a panel's
    decision, upheld or dismissed) and upheld. Rows by school name."""
    heard = Q(decision__outcome__in=[Decision.Outcome.UPHELD, Decision.Outcome.DISMISSED])
    counts = (
        Appeal.cases.filter(kind__in=Appeal.ADMISSION_KINDS, entry_year=entry_year)
        .values("school")
        .annotate(
            lodged=Count("pk"),
            withdrawn=Count("pk", filter=Q(status=Appeal.Status.WITHDRAWN)),
            heard=Count("pk", filter=heard),
            upheld=Count("pk", filter=Q(decision__outcome=Decision.Outcome.UPHELD)),
        )
    )
    schools = School.objects.in_bulk([row["school"] for row in counts])
    rows = [
        ReturnRow(
            school=schools[row["school"]],
            entry_year=entry_year,
            lodged=row["lodged"],
            withdrawn=row["withdrawn"],
            heard=row["heard"],
            upheld=row["upheld"],
        )
        for row in counts
    ]
    return sorted(rows, key=lambda r: (r.school.name, r.school.urn))


RETURN_HEADER = [
    "URN",
    "School",
    "Admission authority",
    "School year",
    "Appeals lodged",
    "Appeals withdrawn",
    "Appeals heard",
    "Appeals upheld",
]


def statutory_return_csv(entry_year: int) -> str:
    rows = statutory_return(entry_year)
    return spreadsheet.csv_text(
        RETURN_HEADER,
        [
            [
                row.school.urn,
                row.school.name,
                row.school.admission_authority.name,
                row.school_year,
                row.lodged,
                row.withdrawn,
                row.heard,
                row.upheld,
            ]
            for row in rows
        ],
    )


# --- Charging ----------------------------------------------------------------------------------

LODGED = "Appeals lodged"
HEARD = "Appeals heard"
WITHDRAWN = "Appeals withdrawn"
SESSIONS = "Hearing sessions"
ANNUAL_FEE = "Annual fee"
ITEMS = (ANNUAL_FEE, LODGED, HEARD, WITHDRAWN, SESSIONS)
PRICE_OF = {
    LODGED: "charge_per_appeal_lodged",
    HEARD: "charge_per_appeal_heard",
    WITHDRAWN: "charge_per_appeal_withdrawn",
    SESSIONS: "charge_per_hearing",
    ANNUAL_FEE: "annual_fee",
}


@dataclass(frozen=True)
class ChargeLine:
    authority: AdmissionAuthority
    agreement: ServiceAgreement
    item: str
    quantity: int
    unit: Decimal

    @property
    def amount(self) -> Decimal:
        return self.unit * self.quantity


@dataclass(frozen=True)
class AuthorityCharges:
    authority: AdmissionAuthority
    lines: list[ChargeLine]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def _in_force(agreements: list[ServiceAgreement], day: date) -> ServiceAgreement | None:
    return next((a for a in agreements if a.in_force_on(day)), None)


def _anniversaries(agreement: ServiceAgreement, start: date, end: date) -> Iterable[date]:
    for year in range(start.year, end.year + 1):
        try:
            day = agreement.starts_on.replace(year=year)
        except ValueError:  # 29 February in a common year
            day = date(year, 2, 28)
        if start <= day <= end and agreement.in_force_on(day):
            yield day


def charges(start: date, end: date) -> list[AuthorityCharges]:
    """Each charged authority's items in ``start``..``end`` (both included), priced under the
    agreement in force on each item's day; items on a day no agreement covers are not charged.
    Lodged on the day lodged; heard on the day of the hearing (a panel's decision, not a
    withdrawal); withdrawn on the day recorded; a session on the day of a held hearing."""
    if end < start:
        raise ValueError("The period must end on or after its start")
    found: list[AuthorityCharges] = []
    authorities = AdmissionAuthority.objects.filter(
        is_this_council=False, service_agreements__isnull=False
    ).distinct()
    for authority in authorities:
        agreements = list(authority.service_agreements.order_by("starts_on"))
        events: list[tuple[str, date]] = []
        events += [
            (LODGED, day)
            for day in Appeal.cases.filter(
                admission_authority=authority, lodged_on__range=(start, end)
            ).values_list("lodged_on", flat=True)
        ]
        held = HearingListing.private_objects.filter(
            cancelled_at=None,
            hearing__status=Hearing.Status.HELD,
            hearing__admission_authority=authority,
            hearing__starts_at__date__range=(start, end),
            appeal__decision__isnull=False,
        ).exclude(appeal__decision__outcome=Decision.Outcome.WITHDRAWN)
        events += [(HEARD, moment.date()) for moment in _local(held, "hearing__starts_at")]
        withdrawn = StatusChange.private_objects.filter(
            status=Appeal.Status.WITHDRAWN,
            appeal__admission_authority=authority,
            at__date__range=(start, end),
        )
        events += [(WITHDRAWN, moment.date()) for moment in _local(withdrawn, "at")]
        sessions = Hearing.hearings.filter(
            admission_authority=authority,
            status=Hearing.Status.HELD,
            starts_at__date__range=(start, end),
        )
        events += [(SESSIONS, moment.date()) for moment in _local(sessions, "starts_at")]
        for agreement in agreements:
            events += [(ANNUAL_FEE, day) for day in _anniversaries(agreement, start, end)]
        totals: dict[tuple[str, int], int] = {}
        chosen: dict[int, ServiceAgreement] = {}
        for item, day in events:
            agreement = _in_force(agreements, day)
            if agreement is None:
                continue
            chosen[agreement.pk] = agreement
            totals[(item, agreement.pk)] = totals.get((item, agreement.pk), 0) + 1
        lines = [
            ChargeLine(
                authority=authority,
                agreement=chosen[agreement_pk],
                item=item,
                quantity=quantity,
                unit=getattr(chosen[agreement_pk], PRICE_OF[item]),
            )
            for (item, agreement_pk), quantity in sorted(
                totals.items(),
                key=lambda kv: (chosen[kv[0][1]].starts_on, ITEMS.index(kv[0][0])),
            )
        ]
        if lines:
            found.append(AuthorityCharges(authority, lines))
    return found


def _local(queryset, field: str):
    from django.utils import timezone

    return [timezone.localtime(value) for value in queryset.values_list(field, flat=True)]


CHARGES_HEADER = [
    "Admission authority",
    "Service agreement",
    "Item",
    "Period from",
    "Period to",
    "Quantity",
    "Unit charge (GBP)",
    "Amount (GBP)",
]


def charges_csv(start: date, end: date) -> str:
    rows: list[list] = []
    for group in charges(start, end):
        for line in group.lines:
            rows.append(
                [
                    group.authority.name,
                    line.agreement.reference,
                    line.item,
                    start.isoformat(),
                    end.isoformat(),
                    line.quantity,
                    f"{line.unit:.2f}",
                    f"{line.amount:.2f}",
                ]
            )
        rows.append(
            [
                group.authority.name,
                "",
                "Total",
                start.isoformat(),
                end.isoformat(),
                "",
                "",
                f"{group.total:.2f}",
            ]
        )
    return spreadsheet.csv_text(CHARGES_HEADER, rows)


def period_label(start: date, end: date) -> str:
    return f"{govuk_date(start)} to {govuk_date(end)}"
