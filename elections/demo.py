"""Demo data for electoral geography: Kingsmere's 17 wards and their polling districts."""

from __future__ import annotations

from datetime import date

from django.utils.text import slugify

from elections import services
from elections.models import PollingDistrict, Ward

# (name, seats): 14 three-member and 3 two-member wards, 48 seats, all invented.
WARDS: list[tuple[str, int]] = [
    ("Abbey Meads", 3),
    ("Ashby Green", 3),
    ("Brookhollow", 3),
    ("Castle Hill", 3),
    ("Chalkpit", 2),
    ("Elmstead", 3),
    ("Fenwick", 3),
    ("Harbourside", 3),
    ("Kingsmere Central", 3),
    ("Kingsmere North", 3),
    ("Lark Rise", 2),
    ("Millbrook", 3),
    ("Oakfield", 3),
    ("Priory", 3),
    ("Riverside", 3),
    ("St Anne's", 2),
    ("Westerleigh", 3),
]

# The Kingsmere (Electoral Changes) Order came into force at the 2023 ordinary elections.
WARDS_CREATED_ON = date(2023, 5, 4)


def load() -> list[Ward]:
    wards = []
    for index, (name, seats) in enumerate(WARDS):
        ward = Ward.objects.filter(slug=slugify(name)).first() or services.ward_create(
            name=name,
            seats=seats,
            created_on=WARDS_CREATED_ON,
            gss_code=f"E05{99_000 + index:06d}",
            by=None,
        )
        wards.append(ward)
        for district in range(1, seats + 1):
            code = f"{chr(ord('A') + index)}{chr(ord('A') + district - 1)}"
            if not PollingDistrict.objects.filter(code=code).exists():
                services.polling_district_create(
                    ward=ward, code=code, name=f"{name} {district}", by=None
                )
    return wards
