"""Demo data for appeals: the community schools' calendar for 2025 to 2027."""

from __future__ import annotations

from datetime import date

from django.utils.text import slugify

from appeals import services
from appeals.models import SchoolCalendar

NAME = "Kingsmere community and voluntary controlled schools"

TERMS = [
    ("Autumn 1 2025", date(2025, 9, 3), date(2025, 10, 24)),
    ("Autumn 2 2025", date(2025, 11, 3), date(2025, 12, 19)),
    ("Spring 1 2026", date(2026, 1, 5), date(2026, 2, 13)),
    ("Spring 2 2026", date(2026, 2, 23), date(2026, 3, 27)),
    ("Summer 1 2026", date(2026, 4, 13), date(2026, 5, 22)),
    ("Summer 2 2026", date(2026, 6, 1), date(2026, 7, 22)),
    ("Autumn 1 2026", date(2026, 9, 3), date(2026, 10, 23)),
    ("Autumn 2 2026", date(2026, 11, 2), date(2026, 12, 18)),
    ("Spring 1 2027", date(2027, 1, 4), date(2027, 2, 12)),
    ("Spring 2 2027", date(2027, 2, 22), date(2027, 3, 25)),
    ("Summer 1 2027", date(2027, 4, 12), date(2027, 5, 28)),
    ("Summer 2 2027", date(2027, 6, 7), date(2027, 7, 21)),
]

CLOSURES = [
    (date(2025, 11, 3), "INSET day"),
    (date(2026, 1, 5), "INSET day"),
    (date(2026, 11, 2), "INSET day"),
    (date(2027, 1, 4), "INSET day"),
]


def load(*, by=None) -> SchoolCalendar:
    return SchoolCalendar.objects.filter(
        slug=slugify(NAME)
    ).first() or services.school_calendar_create(
        name=NAME, nation="england", terms=TERMS, closures=CLOSURES, by=by
    )
