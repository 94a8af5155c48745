"""Demo data for electoral geography: Kingsmere's 17 wards and their polling districts; and the
council's next ordinary elections with a contest in every ward (issue 13)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.text import slugify

from elections import election_services, services
from elections.models import Election, PollingDistrict, Ward

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


# Kingsmere's councillors are elected all together every four years, from 2023.
ELECTION_CYCLE_YEARS = 4


def next_ordinary_poll(today: date) -> date:
    """The next ordinary day of election on or after ``today``: the first Thursday in May (RPA
    1983 s37) of a year of Kingsmere's four-year cycle."""
    year = today.year
    while True:
        if (year - WARDS_CREATED_ON.year) % ELECTION_CYCLE_YEARS == 0:
            first = date(year, 5, 1)
            poll = first + timedelta(days=(3 - first.weekday()) % 7)
            if poll >= today:
                return poll
        year += 1


def load_elections(*, today: date) -> Election:
    """The next ordinary elections, with a contest for all the seats of every ward; loading again
    changes nothing."""
    poll = next_ordinary_poll(today)
    election = Election.objects.filter(election_type="local", poll_date=poll).first()
    if election is not None:
        return election
    election = election_services.election_create(
        title=f"Kingsmere District Council elections {poll.year}",
        election_type="local",
        nation="ENG",
        organisation="Kingsmere",
        poll_date=poll,
        by=None,
    )
    for ward in Ward.objects.current(poll).order_by("name"):
        election_services.contest_create(election=election, ward=ward, seats=ward.seats, by=None)
    return election
