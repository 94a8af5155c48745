"""Demo data: Kingsmere's co-opted members, who sit on committees without being councillors
(Localism Act 2011 s27(4)). meetings' demo gives them their seats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.text import slugify

from members import services
from members.models import CoOption, Councillor


@dataclass(frozen=True)
class CoOptee:
    title: str
    first_name: str
    last_name: str
    appointment: str
    appointed_by: str
    start_date: date
    voting: bool
    committee: str  # the demo committee meetings seats them on (by name)


CO_OPTEES = [
    # An independent member of the audit committee, as CIPFA's Audit Committees guidance (2022)
    # recommends; appointed by Council on Thu 22 May 2025, in office from Mon 2 June 2025.
    CoOptee(
        "Mrs",
        "Helen",
        "Marsh",
        "Independent member of the Audit and Governance Committee",
        "Council, 22 May 2025",
        date(2025, 6, 2),
        True,
        "Audit and Governance Committee",
    ),
    # A parent governor representative on the scrutiny committee (LGA 2000 Sch A1 para 7),
    # elected by parent governors; a vote on education matters is recorded against the seat.
    CoOptee(
        "Mr",
        "David",
        "Okoro",
        "Parent governor representative on the Overview and Scrutiny Committee",
        "Election of parent governors, 8 July 2026",
        date(2026, 9, 1),
        True,
        "Overview and Scrutiny Committee",
    ),
    # A non-voting adviser: seated, but not a co-opted member for the register (s27(4)).
    CoOptee(
        "Ms",
        "Ruth",
        "Ellison",
        "Independent adviser to the Standards Committee",
        "Standards Committee, 9 June 2026",
        date(2026, 6, 15),
        False,
        "Standards Committee",
    ),
]


def load(*, by=None) -> list[tuple[Councillor, CoOptee]]:
    people = []
    for spec in CO_OPTEES:
        slug = slugify(f"{spec.first_name} {spec.last_name}")
        person = Councillor.all_objects.filter(slug=slug).first() or services.councillor_create(
            kind=Councillor.Kind.COOPTED,
            title=spec.title,
            first_name=spec.first_name,
            last_name=spec.last_name,
            council_email=f"{slug.replace('-', '.')}@kingsmere.example.org",
            home_address=f"{len(people) + 3} Orchard Lane\nKingsmere\nKM2 4{len(people)}AB",
            personal_email=f"{slug.replace('-', '.')}@example.com",
            by=by,
        )
        if not CoOption.objects.filter(councillor=person).exists():
            services.co_option_start(
                councillor=person,
                appointment=spec.appointment,
                appointed_by=spec.appointed_by,
                start_date=spec.start_date,
                voting=spec.voting,
                allowance_payable=spec.voting,
                by=by,
            )
        people.append((person, spec))
    return people
