"""Demo data for electoral geography: Kingsmere's 17 wards and their polling districts; and the
council's next ordinary elections with a contest in every ward (issue 13)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.text import slugify

from elections import election_services, services
from elections.models import Election, Elector, PollingDistrict, Ward

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


# --- The register of electors (issue 12, point 8) ------------------------------------------------

# About 80,000 electors, as a district council of Kingsmere's size has. The test suite sets
# REGISTER_ELECTORS lower (conftest.py): its demo loads need the register's shape, not its size.
DEFAULT_REGISTER_ELECTORS = 80_000
REGISTER_ELECTORS = DEFAULT_REGISTER_ELECTORS
REGISTER_SEED = 12
# The register's markers, in the proportions a district council's register has (roughly: the
# Electoral Commission's reports on the December registers): a third opted out of the open
# register, a fifth voting by post.
OPT_OUT_SHARE = 0.35
POSTAL_SHARE = 0.20
PROXY_SHARE = 0.012
POSTAL_PROXY_SHARE = 0.002
ATTAINER_SHARE = 0.02
ANONYMOUS_SHARE = 0.0005
OVERSEAS_SHARE = 0.004
SERVICE_SHARE = 0.002
FRANCHISE_SHARES = (("G", 0.03), ("B", 0.015), ("L", 0.0005))
EMPTY_PROPERTY_SHARE = 0.03

FIRST_NAMES = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Ivy",
    "Freya",
    "Lily",
    "Florence",
    "Mia",
    "Willow",
    "Noah",
    "Oliver",
    "George",
    "Arthur",
    "Muhammad",
    "Leo",
    "Harry",
    "Oscar",
    "Archie",
    "Henry",
    "Margaret",
    "Susan",
    "Patricia",
    "Janet",
    "Christine",
    "David",
    "John",
    "Michael",
    "Peter",
    "Robert",
    "Aisha",
    "Priya",
    "Kwame",
    "Tomasz",
    "Agnieszka",
    "Siobhan",
    "Rhys",
    "Callum",
    "Eilidh",
    "Bethan",
    "Grace",
    "Sophie",
    "Jack",
    "Thomas",
    "James",
    "Daniel",
    "Emily",
    "Chloe",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Thomas",
    "Clarke",
    "Jackson",
    "Wood",
    "Harris",
    "Edwards",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Hughes",
    "Moore",
    "Clark",
    "King",
    "Harrison",
    "Lewis",
    "Baker",
    "Lee",
    "Allen",
    "Morris",
    "Khan",
    "Scott",
    "Watson",
    "Davis",
    "Parker",
    "James",
    "Bennett",
    "Young",
    "Phillips",
    "Richardson",
    "Mitchell",
    "Bailey",
    "Carter",
    "Cook",
    "Singh",
    "Shaw",
    "Bell",
    "Nowak",
    "Kowalski",
    "O'Brien",
    "Murphy",
    "Okafor",
    "Mensah",
    "Begum",
    "Ali",
    "Hussain",
]
TITLES = ["", "", "", "Mr", "Mrs", "Ms", "Miss", "Dr"]
STREET_NAMES = [
    "Mill",
    "Church",
    "Station",
    "Victoria",
    "Park",
    "Manor",
    "School",
    "Chapel",
    "Orchard",
    "Meadow",
    "Willow",
    "Cedar",
    "Beech",
    "Rowan",
    "Hawthorn",
    "Kingfisher",
    "Heron",
    "Abbey",
    "Priory",
    "Castle",
    "Bridge",
    "Market",
    "Queen's",
    "Albert",
    "Brook",
    "Ferry",
    "Quarry",
    "Windmill",
    "Lark",
    "Oak",
    "Elm",
    "Ash",
    "Holly",
    "Laurel",
    "Primrose",
    "Bluebell",
]
STREET_KINDS = ["Road", "Lane", "Street", "Close", "Avenue", "Way", "Drive", "Gardens", "Crescent"]


def _register_dates(today: date) -> tuple[date, date]:
    """The last revised register (published 1 December after the canvass) and the day of
    loading: most entries date from the first, the rest were added month by month since."""
    published = date(today.year if today >= date(today.year, 12, 1) else today.year - 1, 12, 1)
    return published, today


def _write_register(out, districts: list[PollingDistrict], electors: int, today: date) -> None:
    """The register file (this system's format, docs/register-import.md) of ``electors``
    electors spread over ``districts``, street by street, generated from a fixed seed and
    dated relative to ``today``."""
    import csv
    import random
    from datetime import timedelta

    from elections.importer import REGISTER_COLUMNS

    rng = random.Random(REGISTER_SEED)  # noqa: S311 - reproducible demo data, not security
    published, _ = _register_dates(today)
    since = max((today - published).days, 0)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REGISTER_COLUMNS)
    per_district = max(electors // len(districts), 1)
    street_names = [f"{name} {kind}" for name in STREET_NAMES for kind in STREET_KINDS]
    rng.shuffle(street_names)
    uprn = 100_090_000_000
    street_index = 0
    for index, district in enumerate(districts):
        wanted = per_district if index < len(districts) - 1 else electors - per_district * index
        number = 0
        while number < wanted:
            # A street: its houses in order, each with its own postcode unit for every 20.
            street = street_names[street_index % len(street_names)]
            street_index += 1
            houses = rng.randint(20, 120)
            outward = f"KM{index % 19 + 1}"
            for house in range(1, houses + 1):
                if number >= wanted:
                    break
                uprn += rng.randint(1, 9)
                reference = f"{district.code}{street_index:04d}{house:03d}"
                unit = f"{house // 20 % 10}{'ABDEFGHJLNPQRSTUWXYZ'[street_index % 20]}"
                unit += "ABDEFGHJLNPQRSTUWXYZ"[house // 20 % 20]
                address = {
                    "property_reference": reference,
                    "uprn": str(uprn),
                    "address_1": f"{house} {street}",
                    "address_3": "Kingsmere",
                    "postcode": f"{outward} {unit}",
                    "polling_district": district.code,
                }
                if rng.random() < EMPTY_PROPERTY_SHARE:
                    writer.writerow(_register_row(address))
                    continue
                surname = rng.choice(SURNAMES)
                for _ in range(rng.choice((1, 1, 2, 2, 2, 2, 3, 3, 4))):
                    if number >= wanted:
                        break
                    number += 1
                    writer.writerow(
                        _register_row(
                            address,
                            **_elector(rng, number, surname, published, since, today),
                        )
                    )
        # Overseas electors (F) have no address in the register.
        for _ in range(max(1, round(wanted * OVERSEAS_SHARE))):
            number += 1
            writer.writerow(
                _register_row(
                    {"polling_district": district.code},
                    elector_number=str(number),
                    first_names=rng.choice(FIRST_NAMES),
                    surname=rng.choice(SURNAMES),
                    overseas="Y",
                    absent_vote=rng.choice(("postal", "proxy")),
                    open_register_opt_out="Y" if rng.random() < OPT_OUT_SHARE else "N",
                    added_on=(published - timedelta(days=rng.randint(0, 700))).isoformat(),
                )
            )


def _elector(rng, number: int, surname: str, published: date, since: int, today: date) -> dict:
    from datetime import timedelta

    added = published if rng.random() < 0.85 else published + timedelta(days=rng.randint(0, since))
    values = {
        "elector_number": str(number),
        "title": rng.choice(TITLES),
        "first_names": rng.choice(FIRST_NAMES),
        "surname": surname if rng.random() < 0.8 else rng.choice(SURNAMES),
        "added_on": added.isoformat(),
        "open_register_opt_out": "Y" if rng.random() < OPT_OUT_SHARE else "N",
    }
    if rng.random() < ATTAINER_SHARE:
        # A 16- or 17-year-old: turns 18 after today, within two years of being added.
        latest = (added + timedelta(days=729) - today).days  # two years less a day at most
        values["attainer_18_on"] = (today + timedelta(days=rng.randint(1, latest))).isoformat()
    draw = rng.random()
    if draw < POSTAL_SHARE:
        values["absent_vote"] = "postal"
    elif draw < POSTAL_SHARE + PROXY_SHARE:
        values["absent_vote"] = "proxy"
    elif draw < POSTAL_SHARE + PROXY_SHARE + POSTAL_PROXY_SHARE:
        values["absent_vote"] = "postal_proxy"
    draw = rng.random()
    for marker, share in FRANCHISE_SHARES:
        if draw < share:
            values["franchise"] = marker
            break
        draw -= share
    if rng.random() < SERVICE_SHARE:
        values["service_voter"] = "Y"
    if rng.random() < ANONYMOUS_SHARE:
        # Anonymous electors (s9B): shown only as their number and N, never by name.
        values["anonymous"] = "Y"
        values["open_register_opt_out"] = "Y"
    return values


def _register_row(address: dict, **values) -> list[str]:
    from elections.importer import REGISTER_COLUMNS

    row = {**address, **values}
    return [row.get(column, "") for column in REGISTER_COLUMNS]


def load_register(*, today: date, electors: int | None = None) -> int:
    """The demo register: ``electors`` (REGISTER_ELECTORS by default) across the demo wards'
    polling districts, imported through the register importer (COPY and INSERT ... SELECT, as
    an officer's file would be). Loaded once: if the demo districts already have electors it
    is left as it is. Returns the number of electors imported."""
    import os
    import tempfile

    electors = REGISTER_ELECTORS if electors is None else electors
    districts = list(PollingDistrict.objects.filter(code__in=_district_codes()).order_by("code"))
    if electors <= 0 or Elector.register.filter(polling_district__in=districts).exists():
        return 0
    with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", delete=False) as out:
        _write_register(out, districts, electors, today)
    try:
        job = services.register_import_file(out.name)
    finally:
        os.unlink(out.name)
    if job.status != job.Status.DONE:
        raise RuntimeError(f"The demo register did not import: {job.errors[:5]}")
    return job.electors_imported


def _district_codes() -> list[str]:
    return [
        f"{chr(ord('A') + index)}{chr(ord('A') + district - 1)}"
        for index, (_, seats) in enumerate(WARDS)
        for district in range(1, seats + 1)
    ]
